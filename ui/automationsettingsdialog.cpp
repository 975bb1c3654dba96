#include "automationsettingsdialog.h"

#include "errortext.h"

#include <services/automationsetup.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

namespace {

enum Group { Rds, Snowflake, Mail, Slack };

struct FieldDef
{
    Group group;
    const char *name; // AutomationConfig member or secret name (the field's objectName)
    const char *label;
    bool secret;
    const char *placeholder;
};

constexpr FieldDef kFields[] = {
    {Rds, "rdsHost", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Host (RDS endpoint)"), false,
     "mydb.abc123.eu-west-1.rds.amazonaws.com"},
    {Rds, "rdsDatabase", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Database"), false, ""},
    {Rds, "rdsUser", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "User"), false, ""},
    {Rds, "rds_password", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Password"), true, ""},
    {Rds, "rdsTable", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Table"), false, ""},
    {Rds, "rdsConnectOptions", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "TLS and connect options"), false,
     "SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem"},
    {Rds, "rdsTlsPeerName", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Certificate name"), false, "empty: the host"},
    {Snowflake, "snowflakeAccount", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Account identifier"), false, "myorg-myaccount"},
    {Snowflake, "snowflakeUser", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "User"), false, ""},
    {Snowflake, "snowflakeRole", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Role"), false, "empty: the user's default"},
    {Snowflake, "snowflakeWarehouse", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Warehouse"), false, "empty: the user's default"},
    {Snowflake, "snowflakeDatabase", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Database"), false, ""},
    {Snowflake, "snowflakeSchema", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Schema"), false, ""},
    {Snowflake, "snowflakeTable", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Table"), false, ""},
    {Snowflake, "snowflakeUrl", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Address"), false,
     "empty: https://ACCOUNT.snowflakecomputing.com"},
    {Mail, "sendGridUrl", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "SendGrid address"), false, ""},
    {Mail, "sendgrid_key", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "SendGrid API key"), true, ""},
    {Mail, "alertFromEmail", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Sender address"), false, "a sender SendGrid has verified"},
    {Mail, "alertFromName", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Sender name"), false, ""},
    {Mail, "salesEmail", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Sales address (Opportunity)"), false, "sales@example.com"},
    {Mail, "guardianFallbackEmail", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Fallback key account manager (Guardian)"), false,
     "for accounts without one"},
    {Slack, "slackChannel", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Channel (as people know it)"), false, "#cs-alerts"},
    {Slack, "slack_webhook_url", QT_TRANSLATE_NOOP("AutomationSettingsDialog", "Incoming webhook address"), true, ""},
};

QString *textMember(models::AutomationConfig &c, const QString &name)
{
    const std::pair<const char *, QString *> map[] = {
        {"rdsHost", &c.rdsHost},
        {"rdsDatabase", &c.rdsDatabase},
        {"rdsUser", &c.rdsUser},
        {"rdsTable", &c.rdsTable},
        {"rdsConnectOptions", &c.rdsConnectOptions},
        {"rdsTlsPeerName", &c.rdsTlsPeerName},
        {"snowflakeAccount", &c.snowflakeAccount},
        {"snowflakeUser", &c.snowflakeUser},
        {"snowflakeRole", &c.snowflakeRole},
        {"snowflakeWarehouse", &c.snowflakeWarehouse},
        {"snowflakeDatabase", &c.snowflakeDatabase},
        {"snowflakeSchema", &c.snowflakeSchema},
        {"snowflakeTable", &c.snowflakeTable},
        {"snowflakeUrl", &c.snowflakeUrl},
        {"snowflakeKeyFile", &c.snowflakeKeyFile},
        {"sendGridUrl", &c.sendGridUrl},
        {"alertFromEmail", &c.alertFromEmail},
        {"alertFromName", &c.alertFromName},
        {"salesEmail", &c.salesEmail},
        {"guardianFallbackEmail", &c.guardianFallbackEmail},
        {"slackChannel", &c.slackChannel},
    };
    for (const auto &[key, target] : map)
        if (name == QLatin1String(key))
            return target;
    return nullptr;
}

bool *switchMember(models::AutomationConfig &c, const QString &name)
{
    const std::pair<const char *, bool *> map[] = {{"rdsEnabled", &c.rdsEnabled},
                                                   {"snowflakeEnabled", &c.snowflakeEnabled},
                                                   {"alertEmail", &c.alertEmail},
                                                   {"alertSlack", &c.alertSlack}};
    for (const auto &[key, target] : map)
        if (name == QLatin1String(key))
            return target;
    return nullptr;
}

QString results(const services::AutomationSetup::TestResults &r, const QString &okText)
{
    QStringList lines;
    for (auto it = r.begin(); it != r.end(); ++it)
        lines << it.key() + QStringLiteral(": ") +
                     (it.value().ok() ? okText : QStringLiteral("✘ ") + errorSentence(it.value().error(), it.key()));
    return lines.join(u'\n');
}

} // namespace

AutomationSettingsDialog::AutomationSettingsDialog(services::AutomationSetup &setup, bool demo, QWidget *parent)
    : QDialog(parent), m_setup(setup), m_result(new QLabel(this))
{
    setWindowTitle(tr("Automation settings"));
    models::AutomationConfig current = m_setup.current();
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    const struct
    {
        Group group;
        const char *name;
        QString title;
    } groups[] = {{Rds, "rdsEnabled", tr("Load the consolidated records into RDS (MySQL)")},
                  {Snowflake, "snowflakeEnabled", tr("Load the consolidated records into Snowflake")},
                  {Mail, "alertEmail", tr("Alerts by e-mail (SendGrid)")},
                  {Slack, "alertSlack", tr("Alerts to Slack (incoming webhook)")}};
    QMap<int, QFormLayout *> forms;
    for (const auto &g : groups) {
        auto *box = new QGroupBox(g.title, content);
        box->setObjectName(QLatin1String(g.name));
        box->setCheckable(true);
        box->setChecked(*switchMember(current, QLatin1String(g.name)));
        m_switches.insert(QLatin1String(g.name), box);
        forms.insert(g.group, new QFormLayout(box));
        column->addWidget(box);
    }
    const auto addField = [&](const FieldDef &f) {
        QWidget *box = m_switches.value(QLatin1String(groups[f.group].name));
        auto *edit = new QLineEdit(box);
        edit->setObjectName(QLatin1String(f.name));
        if (f.secret) {
            edit->setEchoMode(QLineEdit::Password);
            edit->setPlaceholderText(tr("kept in the keychain; empty keeps the saved one"));
        } else {
            edit->setPlaceholderText(QString::fromUtf8(f.placeholder));
            if (QString *value = textMember(current, QLatin1String(f.name)))
                edit->setText(*value);
        }
        m_fields.insert(QLatin1String(f.name), edit);
        forms[f.group]->addRow(tr(f.label), edit);
        return edit;
    };

    // RDS: host and port first, as a connection string reads.
    QGroupBox *rdsBox = m_switches.value(QStringLiteral("rdsEnabled"));
    m_rdsPort = new QSpinBox(rdsBox);
    m_rdsPort->setObjectName(QStringLiteral("rdsPort"));
    m_rdsPort->setRange(1, 65535);
    m_rdsPort->setValue(std::clamp(current.rdsPort, 1, 65535));
    m_requireTls = new QCheckBox(tr("Refuse an unencrypted connection"), rdsBox);
    m_requireTls->setToolTip(tr("The server's certificate must chain to the CA of SSL_CA and carry the endpoint's name before "
                                "the password is sent"));
    m_requireTls->setObjectName(QStringLiteral("rdsRequireTls"));
    m_requireTls->setChecked(current.rdsRequireTls);
    for (const FieldDef &f : kFields) {
        if (f.group != Rds)
            continue;
        addField(f);
        if (QLatin1String(f.name) == u"rdsHost")
            forms[Rds]->addRow(tr("Port"), m_rdsPort);
        if (QLatin1String(f.name) == u"rdsTable")
            forms[Rds]->addRow(QString(), m_requireTls);
    }

    for (const FieldDef &f : kFields)
        if (f.group == Snowflake)
            addField(f);
    QGroupBox *sfBox = m_switches.value(QStringLiteral("snowflakeEnabled"));
    m_keySource = new QComboBox(sfBox);
    m_keySource->setObjectName(QStringLiteral("snowflakeKeySource"));
    m_keySource->addItems({tr("a PEM file on this machine"), tr("the keychain")});
    m_keySource->setCurrentIndex(current.snowflakeKeyFile.isEmpty() ? 1 : 0);
    forms[Snowflake]->addRow(tr("Private key from"), m_keySource);
    auto *keyFile = new QLineEdit(current.snowflakeKeyFile, sfBox);
    keyFile->setObjectName(QStringLiteral("snowflakeKeyFile"));
    keyFile->setPlaceholderText(tr("/etc/cosmicdesk/snowflake_key.p8 (unencrypted PKCS#8)"));
    m_fields.insert(keyFile->objectName(), keyFile);
    m_browseKey = new QPushButton(tr("&Browse…"), sfBox);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(keyFile, 1);
    fileRow->addWidget(m_browseKey);
    forms[Snowflake]->addRow(tr("Key file"), fileRow);
    m_importKey = new QPushButton(tr("&Put a key file into the keychain…"), sfBox);
    m_importKey->setObjectName(QStringLiteral("importKey"));
    m_keyNote = new QLabel(tr("The keychain's key is kept unless you put another one there."), sfBox);
    m_keyNote->setObjectName(QStringLiteral("keyNote"));
    m_keyNote->setWordWrap(true);
    forms[Snowflake]->addRow(tr("Key in the keychain"), m_importKey);
    forms[Snowflake]->addRow(QString(), m_keyNote);
    m_overviewFromSnowflake = new QCheckBox(tr("The supervisor &overview's figures from this table (org scale)"), sfBox);
    m_overviewFromSnowflake->setObjectName(QStringLiteral("overviewFromSnowflake"));
    m_overviewFromSnowflake->setToolTip(tr("Off: the overview counts the tickets in this workspace. On: the same figures as SQL over "
                                           "the consolidated table, for every team the lake holds."));
    m_overviewFromSnowflake->setChecked(current.overviewFromSnowflake);
    forms[Snowflake]->addRow(QString(), m_overviewFromSnowflake);

    for (const FieldDef &f : kFields)
        if (f.group == Mail || f.group == Slack)
            addField(f);

    auto *which = new QGroupBox(tr("Which alerts"), content);
    auto *whichForm = new QFormLayout(which);
    m_guardian = new QCheckBox(tr("&Guardian: an account at risk, to its key account manager"), which);
    m_guardian->setObjectName(QStringLiteral("guardianAlerts"));
    m_guardian->setChecked(current.guardianAlerts);
    m_guardianLevel = new QComboBox(which);
    m_guardianLevel->setObjectName(QStringLiteral("guardianMinimumLevel"));
    m_guardianLevel->addItem(tr("from level “alert”"), 2);
    m_guardianLevel->addItem(tr("only “critical”"), 3);
    m_guardianLevel->setCurrentIndex(current.guardianMinimumLevel >= 3 ? 1 : 0);
    m_opportunity = new QCheckBox(tr("&Opportunity: a revenue signal, to sales"), which);
    m_opportunity->setObjectName(QStringLiteral("opportunityAlerts"));
    m_opportunity->setChecked(current.opportunityAlerts);
    m_cap = new QSpinBox(which);
    m_cap->setObjectName(QStringLiteral("alertCapPerHour"));
    m_cap->setRange(1, 10000);
    m_cap->setValue(std::max(1, current.alertCapPerHour));
    m_cap->setSuffix(tr(" per hour"));
    m_recentHours = new QSpinBox(which);
    m_recentHours->setObjectName(QStringLiteral("alertRecentHours"));
    m_recentHours->setRange(1, 24 * 30);
    m_recentHours->setValue(std::max(1, current.alertRecentHours));
    m_recentHours->setSuffix(tr(" h"));
    whichForm->addRow(QString(), m_guardian);
    whichForm->addRow(tr("Guardian level"), m_guardianLevel);
    whichForm->addRow(QString(), m_opportunity);
    whichForm->addRow(tr("At most (the rest is kept, not sent)"), m_cap);
    whichForm->addRow(tr("Only tickets changed within"), m_recentHours);
    column->addWidget(which);
    column->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *testButton = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    testButton->setObjectName(QStringLiteral("testButton"));
    testButton->setToolTip(tr("Logs in to RDS and Snowflake and looks for the tables; sends nothing"));
    QPushButton *alertButton = buttons->addButton(tr("Send test &alert"), QDialogButtonBox::ActionRole);
    alertButton->setObjectName(QStringLiteral("sendTestAlertButton"));
    alertButton->setToolTip(tr("Sends one message marked as a test through each alert channel that is switched on"));
    QPushButton *saveButton = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    saveButton->setObjectName(QStringLiteral("saveButton"));
    buttons->addButton(QDialogButtonBox::Cancel);
    m_actions = {testButton, alertButton, saveButton};

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(demo ? tr("This is the demo: its automation runs against the sandbox and does not use these settings. "
                                       "What you save here applies when CosmicDesk starts with a Zendesk account.")
                                  : tr("Where each new or changed ticket's consolidated record goes, and where the Guardian and "
                                       "Opportunity alerts go. Saved settings take effect the next time CosmicDesk starts."),
                             this);
    intro->setObjectName(QStringLiteral("intro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    connect(testButton, &QPushButton::clicked, this, &AutomationSettingsDialog::test);
    connect(alertButton, &QPushButton::clicked, this, &AutomationSettingsDialog::sendTestAlert);
    connect(saveButton, &QPushButton::clicked, this, &AutomationSettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_browseKey, &QPushButton::clicked, this, &AutomationSettingsDialog::chooseKeyFile);
    connect(m_importKey, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("A PEM private key for the keychain"), QString(),
                                                          tr("PEM keys (*.p8 *.pem *.key);;All files (*)"));
        if (!path.isEmpty())
            importKeyFile(path);
    });
    connect(m_keySource, &QComboBox::currentIndexChanged, this, &AutomationSettingsDialog::keySourceChanged);
    keySourceChanged();

    // Tab goes down the page as it reads (the port and the TLS switch were made before the fields around them).
    QList<QWidget *> order;
    const auto addRows = [&order](QWidget *box, QFormLayout *form) {
        order << box;
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem *item = form->itemAt(row, QFormLayout::FieldRole);
            if (item && item->widget())
                order << item->widget();
            else if (item && item->layout())
                for (int i = 0; i < item->layout()->count(); ++i)
                    if (QWidget *w = item->layout()->itemAt(i)->widget())
                        order << w;
        }
    };
    for (const auto &g : groups)
        addRows(m_switches.value(QLatin1String(g.name)), forms[g.group]);
    addRows(which, whichForm);
    order << testButton << alertButton << saveButton;
    for (int i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
    resize(680, 820);
}

void AutomationSettingsDialog::keySourceChanged()
{
    const bool fromFile = m_keySource->currentIndex() == 0;
    field(QStringLiteral("snowflakeKeyFile"))->setEnabled(fromFile);
    m_browseKey->setEnabled(fromFile);
    m_importKey->setEnabled(!fromFile);
    m_keyNote->setEnabled(!fromFile);
}

void AutomationSettingsDialog::chooseKeyFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("The Snowflake user's private key"), QString(),
                                                      tr("PEM keys (*.p8 *.pem *.key);;All files (*)"));
    if (!path.isEmpty())
        field(QStringLiteral("snowflakeKeyFile"))->setText(path);
}

bool AutomationSettingsDialog::importKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_keyNote->setText(tr("%1 cannot be read: %2").arg(path, f.errorString()));
        return false;
    }
    m_importedKey = f.read(1 << 20);
    m_keySource->setCurrentIndex(1);
    m_keyNote->setText(tr("The key from %1 goes into the keychain when you save (the file is not needed afterwards).").arg(path));
    return true;
}

std::pair<models::AutomationConfig, models::Secrets> AutomationSettingsDialog::collect() const
{
    models::AutomationConfig c = m_setup.current();
    models::Secrets secrets;
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        if (QString *target = textMember(c, it.key()))
            *target = it.value()->text().trimmed();
        else
            secrets.insert(it.key(), it.value()->text().trimmed());
    }
    for (auto it = m_switches.begin(); it != m_switches.end(); ++it)
        *switchMember(c, it.key()) = it.value()->isChecked();
    c.rdsPort = m_rdsPort->value();
    c.rdsRequireTls = m_requireTls->isChecked();
    if (m_keySource->currentIndex() == 1) {
        c.snowflakeKeyFile.clear();
        secrets.insert(QStringLiteral("snowflake_private_key"), QString::fromUtf8(m_importedKey));
    }
    c.guardianAlerts = m_guardian->isChecked();
    c.overviewFromSnowflake = m_overviewFromSnowflake->isChecked();
    c.guardianMinimumLevel = m_guardianLevel->currentData().toInt();
    c.opportunityAlerts = m_opportunity->isChecked();
    c.alertCapPerHour = m_cap->value();
    c.alertRecentHours = m_recentHours->value();
    return {c, secrets};
}

// Shows the first setting that cannot work and puts the focus on its field.
bool AutomationSettingsDialog::refused(const models::AutomationConfig &config, const models::Secrets &secrets)
{
    const auto problem = services::AutomationSetup::validate(config, secrets);
    if (!problem)
        return false;
    m_result->setText(tr("Not saved: %1").arg(problem->message));
    QWidget *w = findChild<QWidget *>(problem->field);
    if (problem->field == u"snowflake_private_key")
        w = m_importKey;
    if (w) {
        for (QGroupBox *box : m_switches)
            if (box->isAncestorOf(w) && !box->isChecked())
                box->setChecked(true); // a field must be enabled to take the focus
        w->setFocus(Qt::OtherFocusReason);
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            edit->selectAll();
    }
    return true;
}

// The typed secrets over the saved ones (a typed one wins), for Test and Send test alert.
void AutomationSettingsDialog::withSecrets(std::function<void(models::AutomationConfig, models::Secrets)> then)
{
    auto [config, typed] = collect();
    m_setup.readSecrets(this, [config, typed, then = std::move(then)](models::Result<models::Secrets> saved) {
        models::Secrets secrets = saved.ok() ? saved.value() : models::Secrets();
        for (auto it = typed.begin(); it != typed.end(); ++it)
            if (!it.value().isEmpty())
                secrets.insert(it.key(), it.value());
        then(config, secrets);
    });
}

void AutomationSettingsDialog::test()
{
    m_result->setText(tr("Logging in to each data-lake destination that is switched on…"));
    withSecrets([this](models::AutomationConfig config, models::Secrets secrets) {
        m_setup.test(config, secrets, this, [this, config](services::AutomationSetup::TestResults r) {
            QString text =
                r.isEmpty() ? tr("Neither RDS nor Snowflake is switched on.") : results(r, tr("✔ connected, the table is there"));
            if (config.alertsEnabled())
                text += u'\n' + tr("Alerts are not sent by Test (a real alert would go out): use Send test alert.");
            m_result->setText(text);
        });
    });
}

void AutomationSettingsDialog::sendTestAlert()
{
    m_result->setText(tr("Sending one test message through each alert channel that is switched on…"));
    withSecrets([this](models::AutomationConfig config, models::Secrets secrets) {
        m_setup.sendTestAlert(config, secrets, this, [this](services::AutomationSetup::TestResults r) {
            m_result->setText(r.isEmpty() ? tr("No alert channel is switched on.") : results(r, tr("✔ test message accepted")));
        });
    });
}

void AutomationSettingsDialog::save()
{
    auto [config, secrets] = collect();
    if (refused(config, secrets))
        return;
    m_result->setText(tr("Saving the secrets in the keychain…"));
    for (QPushButton *b : m_actions)
        b->setEnabled(false);
    m_setup.save(config, secrets, this, [this](models::Result<void> r) {
        for (QPushButton *b : m_actions)
            b->setEnabled(true);
        if (!r.ok()) {
            m_result->setText(tr("Nothing was saved: %1").arg(errorSentence(r.error(), tr("The keychain"))));
            return;
        }
        m_result->setText(tr("Saved. Automation uses these settings the next time CosmicDesk starts with a Zendesk account."));
        accept();
    });
}

} // namespace cosmicdesk::ui
