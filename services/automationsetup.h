#pragma once

#include "alertservice.h"
#include "probe.h"

#include <connectors/rdslake.h>
#include <connectors/restclient.h>
#include <connectors/snowflakeclient.h>
#include <models/automationconfig.h>
#include <models/result.h>

#include <QMap>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace cosmicdesk::connectors {
class CredentialStore;
}

namespace cosmicdesk::services {

class SettingsStore;

// File → Automation settings…: where a real installation's consolidated records go (RDS, Snowflake)
// and its Guardian / Opportunity alerts (SendGrid, a Slack webhook); saving them (the secrets in the
// keychain first), "Test" (a login to each lake destination, nothing sent), "Send test alert" (one
// marked test message through each alert channel), and the connectors' settings the composition root
// wires the outbox with.
class AutomationSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AutomationSetup)

public:
    // Per system ("RDS", "Snowflake", "SendGrid", "Slack"): ok, or why not.
    using TestResults = ProbeResults;
    // A setting that cannot work: `field` is the AutomationConfig member (or secret) it is about.
    struct Problem
    {
        QString field;
        QString message; // names the field as the dialog labels it: "RDS port: 70000 is not a port (1–65535)"
    };

    AutomationSetup(connectors::CredentialStore &credentials, SettingsStore &settings, QObject *parent = nullptr);

    models::AutomationConfig current() const;
    // Every secret from the keychain (missing ones stay empty).
    void readSecrets(QObject *context, std::function<void(models::Result<models::Secrets>)> done);
    // validate(), then the non-empty secrets, then the settings: nothing of the settings is saved when
    // the settings are refused or the keychain fails. A refusal is a Config error with the Problem's message.
    void save(const models::AutomationConfig &config, const models::Secrets &secrets, QObject *context,
              std::function<void(models::Result<void>)> done);
    // RDS: logs in (TLS as configured) and looks for the table ("table missing: run cosmicdesk lake
    // --init-schema"); Snowflake: SELECT 1 with the key-pair JWT, then the table. SendGrid and Slack are
    // not called (an alert would go out): they appear only when their key or webhook is missing or wrong.
    void test(const models::AutomationConfig &config, const models::Secrets &secrets, QObject *context,
              std::function<void(TestResults)> done);
    // One message marked as a test through each enabled alert channel: SendGrid to the sales address
    // (else the fallback address, else the sender), Slack to the webhook.
    void sendTestAlert(const models::AutomationConfig &config, const models::Secrets &secrets, QObject *context,
                       std::function<void(TestResults)> done);

    // The first setting that cannot work, checked without the network: required fields of what is
    // enabled, ports, addresses fit for credentials (https unless this machine), e-mail addresses, the
    // Snowflake key (the file readable and an unencrypted PEM private key, or the typed PEM).
    static std::optional<Problem> validate(const models::AutomationConfig &config, const models::Secrets &secrets);

    // The connectors' settings of each destination, for Test and for the composition root. Config
    // errors say what is missing ("the RDS password is not in the keychain: …").
    static models::Result<connectors::RdsLakeWriter::Config> rdsTarget(const models::AutomationConfig &config,
                                                                       const models::Secrets &secrets);
    struct SnowflakeTarget
    {
        connectors::SnowflakeClient::Config client;
        connectors::SnowflakeJwtAuth::Config auth;
        QString table;
    };
    static models::Result<SnowflakeTarget> snowflakeTarget(const models::AutomationConfig &config, const models::Secrets &secrets);
    struct SendGridTarget
    {
        connectors::RestClient::Options rest;
        QString apiKey;
    };
    static models::Result<SendGridTarget> sendGridTarget(const models::AutomationConfig &config, const models::Secrets &secrets);
    struct SlackTarget
    {
        connectors::RestClient::Options rest; // the webhook's origin
        QUrl webhook;
    };
    static models::Result<SlackTarget> slackTarget(const models::AutomationConfig &config, const models::Secrets &secrets);
    static AlertSettings alertSettings(const models::AutomationConfig &config);

private:
    connectors::CredentialStore &m_credentials;
    SettingsStore &m_settings;
};

} // namespace cosmicdesk::services
