#pragma once

#include "customersystems.h"

#include <QString>
#include <QStringList>

namespace cosmicdesk::models {

// Where automation sends things in a real installation (File → Automation settings…): the RDS
// database and Snowflake for the consolidated records, SendGrid and a Slack webhook for the Guardian
// and Opportunity alerts. Nothing secret: the secrets named by secretNames() live in the keychain.
// Each part has its own switch; the demo does not read these (its automation runs against the sandbox).
struct AutomationConfig
{
    // RDS (MySQL): the meaning of connectors::SqlServerConfig's fields.
    bool rdsEnabled = false;
    QString rdsHost; // the RDS endpoint
    int rdsPort = 3306;
    QString rdsDatabase, rdsUser;
    QString rdsTable = QStringLiteral("cosmicdesk_consolidated_tickets");
    bool rdsRequireTls = true; // the CA checked and the endpoint's name verified before the password leaves
    QString rdsConnectOptions; // SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem;MYSQL_OPT_CONNECT_TIMEOUT=10
    QString rdsTlsPeerName;    // the name the certificate must carry; empty: the host

    // Snowflake (SQL API v2, key-pair JWT).
    bool snowflakeEnabled = false;
    QString snowflakeAccount; // the account identifier as in its URL: "myorg-myaccount", "xy12345.ap-southeast-1"
    QString snowflakeUser, snowflakeRole, snowflakeWarehouse, snowflakeDatabase, snowflakeSchema;
    QString snowflakeTable = QStringLiteral("CONSOLIDATED_TICKETS");
    QString snowflakeUrl;     // empty: https://ACCOUNT.snowflakecomputing.com
    QString snowflakeKeyFile; // an unencrypted PEM private key; empty: the keychain's snowflake_private_key
    // The supervisor overview's figures from the Snowflake table (org scale), not the local store.
    bool overviewFromSnowflake = false;

    // Alerts (services::AlertSettings).
    bool alertEmail = false; // by SendGrid: Guardian to the key account manager, Opportunity to sales
    bool alertSlack = false; // to the Slack incoming webhook (its URL is a secret)
    bool guardianAlerts = true;
    bool opportunityAlerts = true;
    QString sendGridUrl = QStringLiteral("https://api.sendgrid.com");
    QString alertFromEmail = QStringLiteral("alerts@cosmicdesk.example");
    QString alertFromName = QStringLiteral("CosmicDesk");
    QString guardianFallbackEmail;                       // an account without a key account manager's address
    QString salesEmail;                                  // Opportunity alerts (one address: a list of the sales team)
    QString slackChannel = QStringLiteral("#cs-alerts"); // for people: the webhook fixes the channel
    int alertCapPerHour = 30;
    int guardianMinimumLevel = 2; // 2 alert, 3 critical
    int alertRecentHours = 24;    // only tickets changed this recently alert anyone

    bool alertsEnabled() const { return alertEmail || alertSlack; }
    bool anyEnabled() const { return rdsEnabled || snowflakeEnabled || alertsEnabled(); }
    // snowflakeUrl, or the account's own address when it is empty.
    QString snowflakeBaseUrl() const;

    // rds_password, snowflake_private_key (when no key file is named), sendgrid_key, slack_webhook_url
    static const QStringList &secretNames();
    // The keychain key of a secret: "automation:<name>".
    static QString secretKey(const QString &name);
};

} // namespace cosmicdesk::models
