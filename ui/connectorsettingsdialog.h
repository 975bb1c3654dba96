#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cosmicdesk::services {
class ZendeskSetup;
}

namespace cosmicdesk::ui {

// Settings → Zendesk account: address, e-mail, API token (kept in the keychain only), sync interval;
// "Test connection" says in plain words whether Zendesk accepts them and as whom.
class ConnectorSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectorSettingsDialog)

public:
    explicit ConnectorSettingsDialog(services::ZendeskSetup &setup, QWidget *parent = nullptr);

private:
    void test();
    void save();
    void forget();
    void setBusy(bool busy, const QString &message = {});

    services::ZendeskSetup &m_setup;
    QLineEdit *m_url;
    QLineEdit *m_email;
    QLineEdit *m_token;
    QSpinBox *m_interval;
    QLabel *m_result;
    QPushButton *m_test;
    QPushButton *m_save;
};

} // namespace cosmicdesk::ui
