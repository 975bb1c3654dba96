#include "connectorsettingsdialog.h"

#include "errortext.h"

#include <services/zendesksetup.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

namespace {

connectors::ZendeskAccount fromFields(const QLineEdit *url, const QLineEdit *email, const QSpinBox *interval)
{
    connectors::ZendeskAccount s;
    QString address = url->text().trimmed();
    if (!address.isEmpty() && !address.contains(u"://"))
        address.prepend(QStringLiteral("https://"));
    s.baseUrl = QUrl(address);
    s.email = email->text().trimmed();
    s.intervalSecs = interval->value();
    return s;
}

} // namespace

ConnectorSettingsDialog::ConnectorSettingsDialog(services::ZendeskSetup &setup, QWidget *parent)
    : QDialog(parent), m_setup(setup), m_url(new QLineEdit(this)), m_email(new QLineEdit(this)), m_token(new QLineEdit(this)),
      m_interval(new QSpinBox(this)), m_result(new QLabel(this)), m_test(new QPushButton(tr("&Test connection"), this)),
      m_save(new QPushButton(tr("&Save"), this))
{
    setWindowTitle(tr("Zendesk account"));
    m_url->setObjectName(QStringLiteral("zendeskUrl"));
    m_email->setObjectName(QStringLiteral("zendeskEmail"));
    m_token->setObjectName(QStringLiteral("zendeskToken"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_url->setPlaceholderText(QStringLiteral("https://yourcompany.zendesk.com"));
    m_email->setPlaceholderText(tr("you@yourcompany.com"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("kept in the system keychain, never in a file"));
    m_interval->setRange(6, 3600); // the incremental export allows 10 calls a minute
    m_interval->setSuffix(tr(" s"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const connectors::ZendeskAccount current = m_setup.current();
    m_url->setText(current.baseUrl.toString());
    m_email->setText(current.email);
    m_interval->setValue(current.intervalSecs);

    auto *form = new QFormLayout;
    form->addRow(tr("&Address"), m_url);
    form->addRow(tr("&E-mail"), m_email);
    form->addRow(tr("API &token"), m_token);
    form->addRow(tr("Sync &every"), m_interval);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    QPushButton *forgetButton = buttons->addButton(tr("&Forget account"), QDialogButtonBox::DestructiveRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("With an account CosmicDesk mirrors its tickets; without one it runs on the demo workspace."), this));
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);

    connect(m_test, &QPushButton::clicked, this, &ConnectorSettingsDialog::test);
    connect(m_save, &QPushButton::clicked, this, &ConnectorSettingsDialog::save);
    connect(forgetButton, &QPushButton::clicked, this, &ConnectorSettingsDialog::forget);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, sizeHint().height());
}

void ConnectorSettingsDialog::setBusy(bool busy, const QString &message)
{
    m_test->setEnabled(!busy);
    m_save->setEnabled(!busy);
    if (!message.isEmpty())
        m_result->setText(message);
}

void ConnectorSettingsDialog::test()
{
    setBusy(true, tr("Asking Zendesk who these credentials belong to…"));
    const connectors::ZendeskAccount account = fromFields(m_url, m_email, m_interval);
    const QString host = account.baseUrl.authority();
    m_setup.test(account, m_token->text(), this, [this, host](models::Result<connectors::ZendeskMe> me) {
        if (!me.ok()) {
            setBusy(false, QStringLiteral("✘ ") + errorSentence(me.error(), host, tr("the e-mail and API token")));
            return;
        }
        const auto &m = me.value();
        if (!m.isAgent()) {
            setBusy(false, QStringLiteral("✘ ") + tr("%1 accepted the request but not as an agent: check the e-mail and token.").arg(host));
            return;
        }
        const QString role = m.isAdmin() ? tr("administrator") : tr("agent");
        setBusy(false, QStringLiteral("✔ ") +
                           (m.isAdmin() ? tr("Connected to %1 as %2 (%3). The supervisor overview will be offered.").arg(host, m.name, role)
                                        : tr("Connected to %1 as %2 (%3).").arg(host, m.name, role)));
    });
}

void ConnectorSettingsDialog::save()
{
    const connectors::ZendeskAccount settings = fromFields(m_url, m_email, m_interval);
    if (!settings.isConfigured() || m_token->text().isEmpty()) {
        m_result->setText(tr("Enter the address, the e-mail and the API token first."));
        return;
    }
    setBusy(true, tr("Saving the token in the keychain…"));
    m_setup.save(settings, m_token->text(), this, [this](models::Result<void> r) {
        setBusy(false);
        if (!r.ok()) {
            m_result->setText(tr("Nothing was saved: %1").arg(errorSentence(r.error(), tr("The keychain"))));
            return;
        }
        QMessageBox::information(this, tr("Zendesk account"),
                                 tr("Saved. CosmicDesk opens this account's tickets the next time it starts."));
        accept();
    });
}

void ConnectorSettingsDialog::forget()
{
    m_setup.forget();
    m_result->setText(tr("The account is forgotten: CosmicDesk starts on the demo workspace next time."));
}

} // namespace cosmicdesk::ui
