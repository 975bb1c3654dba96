#include "customersystemsdialog.h"

#include "errortext.h"

#include <services/customersystemssetup.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

namespace {

struct FieldDef
{
    const char *group;
    const char *name; // settings member or secret name
    const char *label;
    bool secret;
};

// The settings' members are read and written by name below; secrets go to the keychain.
constexpr FieldDef kFields[] = {
    {"Salesforce", "salesforceUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "My Domain address"), false},
    {"Salesforce", "salesforceClientId", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Consumer key"), false},
    {"Salesforce", "salesforce_client_secret", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Consumer secret"), true},
    {"Salesforce", "salesforce_refresh_token", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Refresh token (empty: client credentials)"),
     true},
    {"Salesforce", "salesforceExternalIdField", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Zendesk user id field"), false},
    {"Stripe", "stripeUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Address"), false},
    {"Stripe", "stripe_key", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Restricted key (rk_…)"), true},
    {"Carriers", "dhlUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "DHL address"), false},
    {"Carriers", "dhl_key", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "DHL API key"), true},
    {"Carriers", "ninjaVanUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Ninja Van address"), false},
    {"Carriers", "ninjaVanCountry", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Ninja Van country (sg, my, …)"), false},
    {"Carriers", "ninjaVanClientId", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Ninja Van client id"), false},
    {"Carriers", "ninjavan_client_secret", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Ninja Van client key"), true},
    {"Carriers", "singPostUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "SingPost address"), false},
    {"Carriers", "singpost_key", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "SingPost key"), true},
    {"Shop", "productsUrl", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Product API address"), false},
    {"Shop", "products_key", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Product API key"), true},
    {"Shop", "ordersHost", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Orders database host (RDS endpoint)"), false},
    {"Shop", "ordersDatabase", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Database"), false},
    {"Shop", "ordersUser", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "User"), false},
    {"Shop", "orders_password", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Password"), true},
    {"Shop", "ordersConnectOptions", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "TLS and connect options"), false},
    {"Shop", "ordersQuery", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Orders query (:user_id, :email)"), false},
    {"Shop", "itemsQuery", QT_TRANSLATE_NOOP("CustomerSystemsDialog", "Items query (:order_id)"), false},
};

QString *member(models::CustomerSystemsConfig &s, const QString &name)
{
    const std::pair<const char *, QString *> map[] = {{"salesforceUrl", &s.salesforceUrl},
                                                      {"salesforceClientId", &s.salesforceClientId},
                                                      {"salesforceExternalIdField", &s.salesforceExternalIdField},
                                                      {"stripeUrl", &s.stripeUrl},
                                                      {"dhlUrl", &s.dhlUrl},
                                                      {"ninjaVanUrl", &s.ninjaVanUrl},
                                                      {"ninjaVanCountry", &s.ninjaVanCountry},
                                                      {"ninjaVanClientId", &s.ninjaVanClientId},
                                                      {"singPostUrl", &s.singPostUrl},
                                                      {"productsUrl", &s.productsUrl},
                                                      {"ordersHost", &s.ordersHost},
                                                      {"ordersDatabase", &s.ordersDatabase},
                                                      {"ordersUser", &s.ordersUser},
                                                      {"ordersConnectOptions", &s.ordersConnectOptions},
                                                      {"ordersQuery", &s.ordersQuery},
                                                      {"itemsQuery", &s.itemsQuery}};
    for (const auto &[key, target] : map)
        if (name == QLatin1String(key))
            return target;
    return nullptr;
}

} // namespace

CustomerSystemsDialog::CustomerSystemsDialog(services::CustomerSystemsSetup &setup, QWidget *parent)
    : QDialog(parent), m_setup(setup), m_port(new QSpinBox(this)),
      m_requireTls(new QCheckBox(tr("Refuse an unencrypted connection"), this)), m_driver(new QComboBox(this)), m_result(new QLabel(this))
{
    setWindowTitle(tr("Customer systems"));
    models::CustomerSystemsConfig current = m_setup.current();
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    QMap<QString, QFormLayout *> forms;
    for (const FieldDef &f : kFields) {
        const QString group = QLatin1String(f.group);
        if (!forms.contains(group)) {
            auto *box = new QGroupBox(group, content);
            forms.insert(group, new QFormLayout(box));
            column->addWidget(box);
        }
        auto *edit = new QLineEdit(content);
        edit->setObjectName(QLatin1String(f.name));
        if (f.secret) {
            edit->setEchoMode(QLineEdit::Password);
            edit->setPlaceholderText(tr("kept in the keychain; empty keeps the saved one"));
        } else if (QString *value = member(current, QLatin1String(f.name))) {
            edit->setText(*value);
        }
        m_fields.insert(QLatin1String(f.name), edit);
        forms[group]->addRow(tr(f.label), edit);
    }
    m_driver->addItems({QStringLiteral("QMYSQL"), QStringLiteral("QSQLITE")});
    m_driver->setCurrentText(current.ordersDriver);
    m_port->setRange(1, 65535);
    m_port->setValue(current.ordersPort);
    m_requireTls->setChecked(current.ordersRequireTls);
    forms[QStringLiteral("Shop")]->addRow(tr("Driver"), m_driver);
    forms[QStringLiteral("Shop")]->addRow(tr("Port"), m_port);
    forms[QStringLiteral("Shop")]->addRow(QString(), m_requireTls);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *testButton = buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    QPushButton *saveButton = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("The systems the customer panel asks beside each ticket. Leave a system's address empty to skip it."), this));
    layout->addWidget(scroll, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    connect(testButton, &QPushButton::clicked, this, &CustomerSystemsDialog::test);
    connect(saveButton, &QPushButton::clicked, this, &CustomerSystemsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(620, 760);
}

namespace {

std::pair<models::CustomerSystemsConfig, models::Secrets> collect(models::CustomerSystemsConfig s, const QMap<QString, QLineEdit *> &fields,
                                                                  const QComboBox *driver, const QSpinBox *port, const QCheckBox *tls)
{
    models::Secrets secrets;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (QString *target = member(s, it.key()))
            *target = it.value()->text().trimmed();
        else
            secrets.insert(it.key(), it.value()->text());
    }
    s.ordersDriver = driver->currentText();
    s.ordersPort = port->value();
    s.ordersRequireTls = tls->isChecked();
    return {s, secrets};
}

} // namespace

void CustomerSystemsDialog::test()
{
    const auto collected = collect(m_setup.current(), m_fields, m_driver, m_port, m_requireTls);
    m_result->setText(tr("Calling each configured system once…"));
    // Typed secrets win; the others come from the keychain.
    m_setup.readSecrets(this, [this, settings = collected.first, typed = collected.second](models::Result<models::Secrets> saved) {
        models::Secrets secrets = saved.ok() ? saved.value() : models::Secrets();
        for (auto it = typed.begin(); it != typed.end(); ++it)
            if (!it.value().isEmpty())
                secrets.insert(it.key(), it.value());
        m_setup.test(settings, secrets, this, [this](services::CustomerSystemsSetup::TestResults results) {
            if (results.isEmpty()) {
                m_result->setText(tr("Nothing is configured yet."));
                return;
            }
            QStringList lines;
            for (auto it = results.begin(); it != results.end(); ++it)
                lines << it.key() + QStringLiteral(": ") +
                             (it.value().ok() ? tr("✔ connected") : QStringLiteral("✘ ") + errorSentence(it.value().error(), it.key()));
            m_result->setText(lines.join(u'\n'));
        });
    });
}

void CustomerSystemsDialog::save()
{
    auto [settings, secrets] = collect(m_setup.current(), m_fields, m_driver, m_port, m_requireTls);
    m_result->setText(tr("Saving the secrets in the keychain…"));
    m_setup.save(settings, secrets, this, [this](models::Result<void> r) {
        if (!r.ok()) {
            m_result->setText(tr("Nothing was saved: %1").arg(errorSentence(r.error(), tr("The keychain"))));
            return;
        }
        QMessageBox::information(this, tr("Customer systems"),
                                 tr("Saved. The customer panel uses them the next time CosmicDesk starts "
                                    "with a Zendesk account."));
        accept();
    });
}

} // namespace cosmicdesk::ui
