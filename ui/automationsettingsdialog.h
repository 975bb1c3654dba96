#pragma once

#include <models/automationconfig.h>

#include <QByteArray>
#include <QDialog>
#include <QMap>

#include <functional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cosmicdesk::services {
class AutomationSetup;
}

namespace cosmicdesk::ui {

// File → Automation settings…: where a real installation's consolidated records go (RDS, Snowflake)
// and where its Guardian and Opportunity alerts go (SendGrid, Slack). Secrets are kept in the keychain
// only: their fields never show a saved value and an empty one keeps it. "Test" logs in to each lake
// destination; "Send test alert" sends one marked test message per alert channel; a setting that
// cannot work is refused by name and its field takes the focus. In the demo the automation runs
// against the sandbox and the dialog says these settings apply to a Zendesk account's start.
class AutomationSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AutomationSettingsDialog)

public:
    AutomationSettingsDialog(services::AutomationSetup &setup, bool demo, QWidget *parent = nullptr);

    // Reads a PEM private key file to be saved in the keychain with the settings (the Snowflake key
    // "from the keychain"); false with the reason shown when it cannot be read.
    bool importKeyFile(const QString &path);

private:
    QLineEdit *field(const QString &name) const { return m_fields.value(name); }
    std::pair<models::AutomationConfig, models::Secrets> collect() const;
    bool refused(const models::AutomationConfig &config, const models::Secrets &secrets);
    void withSecrets(std::function<void(models::AutomationConfig, models::Secrets)> then);
    void test();
    void sendTestAlert();
    void save();
    void chooseKeyFile();
    void keySourceChanged();

    services::AutomationSetup &m_setup;
    QMap<QString, QLineEdit *> m_fields;
    QMap<QString, QGroupBox *> m_switches;
    QSpinBox *m_rdsPort;
    QCheckBox *m_requireTls;
    QComboBox *m_keySource;
    QPushButton *m_browseKey;
    QPushButton *m_importKey;
    QLabel *m_keyNote;
    QByteArray m_importedKey;
    QCheckBox *m_guardian;
    QCheckBox *m_overviewFromSnowflake;
    QComboBox *m_guardianLevel;
    QCheckBox *m_opportunity;
    QSpinBox *m_cap;
    QSpinBox *m_recentHours;
    QLabel *m_result;
    QList<QPushButton *> m_actions;
};

} // namespace cosmicdesk::ui
