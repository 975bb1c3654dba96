#include "automationsetup.h"

#include "keychainsecrets.h"
#include "probe.h"
#include "settingsstore.h"

#include <connectors/credentialstore.h>
#include <connectors/http.h>
#include <connectors/notifyclients.h>

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>

#include <memory>

namespace cosmicdesk::services {

using models::AutomationConfig;
using models::Error;
using models::Secrets;

namespace {

const QString kRds = QStringLiteral("RDS");
const QString kSnowflake = QStringLiteral("Snowflake");
const QString kSendGrid = QStringLiteral("SendGrid");
const QString kSlack = QStringLiteral("Slack");

// Where a missing secret is set, for the messages that name it.
const QString kWhere = QStringLiteral("File → Automation settings…");

Error configError(const QString &message)
{
    return Error::make(Error::Kind::Config, message);
}

bool plainName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,63}$"));
    return re.match(name).hasMatch();
}

bool looksLikeEmail(const QString &address)
{
    static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    return re.match(address).hasMatch();
}

// The connect options name the server's CA, which an encrypted connection must be checked against.
bool namesCa(const QString &connectOptions)
{
    for (const QString &option : connectOptions.split(u';', Qt::SkipEmptyParts)) {
        const QString key = option.section(u'=', 0, 0).trimmed().toUpper();
        if (key == u"SSL_CA" || key == u"SSL_CAPATH" || key == u"MYSQL_OPT_SSL_CA" || key == u"MYSQL_OPT_SSL_CAPATH")
            return !option.section(u'=', 1).trimmed().isEmpty();
    }
    return false;
}

// Why a PEM cannot sign Snowflake's JWTs, or empty.
QString keyProblem(const QByteArray &pem)
{
    if (!pem.contains("PRIVATE KEY-----"))
        return QStringLiteral("not a PEM private key (-----BEGIN PRIVATE KEY-----)");
    if (pem.contains("ENCRYPTED PRIVATE KEY"))
        return QStringLiteral("the key is encrypted; Snowflake's key-pair login here needs an unencrypted PKCS#8 key");
    connectors::SnowflakeJwtAuth::Config c;
    c.account = QStringLiteral("check");
    c.user = QStringLiteral("check");
    c.privateKeyPem = pem;
    if (auto s = connectors::SnowflakeJwtAuth(c).status(); !s.ok())
        return s.error().message;
    return {};
}

models::Result<QByteArray> readKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return configError(QStringLiteral("Snowflake key file: %1 cannot be read (%2)").arg(path, f.errorString()));
    const QByteArray pem = f.read(1 << 20);
    if (const QString why = keyProblem(pem); !why.isEmpty())
        return configError(QStringLiteral("Snowflake key file: %1 is %2").arg(path, why));
    return pem;
}

std::optional<AutomationSetup::Problem> checkUrl(const QString &field, const QString &label, const QString &url)
{
    if (auto checked = connectors::checkCredentialUrl(QUrl(url)); !checked.ok())
        return AutomationSetup::Problem{field, label + u": " + checked.error().message};
    return std::nullopt;
}

// The clients one Test or Send test alert calls.
struct Clients
{
    std::unique_ptr<connectors::RdsLakeWriter> rds;
    std::unique_ptr<connectors::SnowflakeClient> snowflake;
    std::unique_ptr<connectors::SendGridClient> sendGrid;
    std::unique_ptr<connectors::SlackWebhookClient> slack;
};
using TestRun = Probe<Clients>;

} // namespace

AutomationSetup::AutomationSetup(connectors::CredentialStore &credentials, SettingsStore &settings, QObject *parent)
    : QObject(parent), m_credentials(credentials), m_settings(settings)
{
}

AutomationConfig AutomationSetup::current() const
{
    return m_settings.automation();
}

void AutomationSetup::readSecrets(QObject *context, std::function<void(models::Result<Secrets>)> done)
{
    readKeychainSecrets(m_credentials, AutomationConfig::secretNames(), &AutomationConfig::secretKey, context, std::move(done));
}

std::optional<AutomationSetup::Problem> AutomationSetup::validate(const AutomationConfig &c, const Secrets &secrets)
{
    const auto problem = [](const char *field, const QString &message) { return Problem{QLatin1String(field), message}; };
    // RDS.
    if (c.rdsPort < 1 || c.rdsPort > 65535)
        return problem("rdsPort", QStringLiteral("RDS port: %1 is not a port (1–65535)").arg(c.rdsPort));
    if (c.rdsEnabled) {
        if (c.rdsHost.trimmed().isEmpty())
            return problem("rdsHost", QStringLiteral("RDS host: empty (the RDS endpoint, mydb.abc123.eu-west-1.rds.amazonaws.com)"));
        if (c.rdsDatabase.trimmed().isEmpty())
            return problem("rdsDatabase", QStringLiteral("RDS database: empty"));
        if (c.rdsUser.trimmed().isEmpty())
            return problem("rdsUser", QStringLiteral("RDS user: empty"));
        if (c.rdsRequireTls && !namesCa(c.rdsConnectOptions))
            return problem("rdsConnectOptions",
                           QStringLiteral("RDS TLS and connect options: an encrypted connection needs the server's CA: add "
                                          "SSL_CA=<file> (Amazon's rds-global-bundle.pem), or allow an unencrypted connection"));
    }
    if (!plainName(c.rdsTable))
        return problem("rdsTable", QStringLiteral("RDS table: \"%1\" is not a table name (letters, digits and _ only)").arg(c.rdsTable));
    // Snowflake.
    if (c.snowflakeEnabled) {
        if (c.snowflakeAccount.trimmed().isEmpty())
            return problem("snowflakeAccount", QStringLiteral("Snowflake account: empty (the identifier in its address, myorg-myaccount)"));
        if (c.snowflakeUser.trimmed().isEmpty())
            return problem("snowflakeUser", QStringLiteral("Snowflake user: empty"));
    }
    if (!plainName(c.snowflakeTable))
        return problem("snowflakeTable",
                       QStringLiteral("Snowflake table: \"%1\" is not a table name (letters, digits and _ only)").arg(c.snowflakeTable));
    if (c.snowflakeEnabled || !c.snowflakeUrl.trimmed().isEmpty())
        if (auto p = checkUrl(QStringLiteral("snowflakeUrl"), QStringLiteral("Snowflake address"), c.snowflakeBaseUrl()))
            return p;
    if (!c.snowflakeKeyFile.trimmed().isEmpty()) {
        if (auto key = readKeyFile(c.snowflakeKeyFile.trimmed()); !key.ok())
            return problem("snowflakeKeyFile", key.error().message);
    } else if (const QString pem = secrets.value(QStringLiteral("snowflake_private_key")); !pem.isEmpty()) {
        if (const QString why = keyProblem(pem.toUtf8()); !why.isEmpty())
            return problem("snowflake_private_key", QStringLiteral("Snowflake private key: ") + why);
    }
    // Alerts.
    if (c.alertEmail || !c.sendGridUrl.trimmed().isEmpty())
        if (auto p = checkUrl(QStringLiteral("sendGridUrl"), QStringLiteral("SendGrid address"), c.sendGridUrl.trimmed()))
            return p;
    const std::pair<const char *, std::pair<const char *, const QString *>> addresses[] = {
        {"alertFromEmail", {"Sender address", &c.alertFromEmail}},
        {"guardianFallbackEmail", {"Fallback key account manager", &c.guardianFallbackEmail}},
        {"salesEmail", {"Sales address", &c.salesEmail}}};
    for (const auto &[field, labelled] : addresses) {
        const QString address = labelled.second->trimmed();
        if (!address.isEmpty() && !looksLikeEmail(address))
            return problem(field, QStringLiteral("%1: \"%2\" is not an e-mail address").arg(QLatin1String(labelled.first), address));
    }
    if (c.alertEmail) {
        if (c.alertFromEmail.trimmed().isEmpty())
            return problem("alertFromEmail", QStringLiteral("Sender address: empty (a sender SendGrid has verified)"));
        if (c.opportunityAlerts && c.salesEmail.trimmed().isEmpty())
            return problem("salesEmail", QStringLiteral("Sales address: empty, so Opportunity alerts by e-mail would go nowhere "
                                                        "(name one, or switch Opportunity alerts off)"));
    }
    if (const QString hook = secrets.value(QStringLiteral("slack_webhook_url")).trimmed(); !hook.isEmpty()) {
        const QUrl url(hook);
        if (auto checked = connectors::checkCredentialUrl(url); !checked.ok()) {
            QString why = checked.error().message; // never the webhook's secret path
            why.replace(hook, connectors::SlackWebhookClient::redacted(url));
            return problem(
                "slack_webhook_url",
                QStringLiteral("Slack webhook: %1 is not fit for it: %2").arg(connectors::SlackWebhookClient::redacted(url), why));
        }
    }
    if (c.alertCapPerHour < 1)
        return problem("alertCapPerHour", QStringLiteral("Alerts per hour: %1, at least 1").arg(c.alertCapPerHour));
    if (c.guardianMinimumLevel < 2 || c.guardianMinimumLevel > 3)
        return problem("guardianMinimumLevel",
                       QStringLiteral("Guardian level: 2 (alert) or 3 (critical), not %1").arg(c.guardianMinimumLevel));
    if (c.alertRecentHours < 1)
        return problem("alertRecentHours", QStringLiteral("Recent tickets: %1 hours, at least 1").arg(c.alertRecentHours));
    return std::nullopt;
}

void AutomationSetup::save(const AutomationConfig &config, const Secrets &secrets, QObject *context,
                           std::function<void(models::Result<void>)> done)
{
    if (auto p = validate(config, secrets))
        return done(configError(p->message));
    writeKeychainSecrets(m_credentials, secrets, AutomationConfig::secretNames(), &AutomationConfig::secretKey, context,
                         [this, config, done = std::move(done)](models::Result<void> written) {
                             if (!written.ok())
                                 return done(written);
                             m_settings.saveAutomation(config); // only once every secret is safely in the keychain
                             done({});
                         });
}

models::Result<connectors::RdsLakeWriter::Config> AutomationSetup::rdsTarget(const AutomationConfig &c, const Secrets &secrets)
{
    connectors::RdsLakeWriter::Config r;
    r.driver = QStringLiteral("QMYSQL");
    r.host = c.rdsHost.trimmed();
    r.port = c.rdsPort;
    r.databaseName = c.rdsDatabase.trimmed();
    r.user = c.rdsUser.trimmed();
    r.password = secrets.value(QStringLiteral("rds_password"));
    r.connectOptions = c.rdsConnectOptions.trimmed();
    r.requireTls = c.rdsRequireTls;
    r.tlsPeerName = c.rdsTlsPeerName.trimmed();
    r.table = c.rdsTable;
    if (r.host.isEmpty() || r.databaseName.isEmpty() || r.user.isEmpty())
        return configError(QStringLiteral("RDS: the host, database and user are not all set (%1)").arg(kWhere));
    if (r.password.isEmpty())
        return configError(QStringLiteral("RDS: the password is not in the keychain (%1)").arg(kWhere));
    return r;
}

models::Result<AutomationSetup::SnowflakeTarget> AutomationSetup::snowflakeTarget(const AutomationConfig &c, const Secrets &secrets)
{
    SnowflakeTarget t;
    t.table = c.snowflakeTable;
    t.client.rest.baseUrl = QUrl(c.snowflakeBaseUrl());
    t.client.rest.timeout = std::chrono::seconds(30);
    t.client.database = c.snowflakeDatabase.trimmed();
    t.client.schema = c.snowflakeSchema.trimmed();
    t.client.warehouse = c.snowflakeWarehouse.trimmed();
    t.client.role = c.snowflakeRole.trimmed();
    t.auth.account = c.snowflakeAccount.trimmed();
    t.auth.user = c.snowflakeUser.trimmed();
    if (t.auth.account.isEmpty() || t.auth.user.isEmpty())
        return configError(QStringLiteral("Snowflake: the account and user are not both set (%1)").arg(kWhere));
    if (auto url = connectors::checkCredentialUrl(t.client.rest.baseUrl); !url.ok())
        return configError(QStringLiteral("Snowflake address: ") + url.error().message);
    if (const QString file = c.snowflakeKeyFile.trimmed(); !file.isEmpty()) {
        auto pem = readKeyFile(file);
        if (!pem.ok())
            return pem.error();
        t.auth.privateKeyPem = pem.value();
    } else {
        t.auth.privateKeyPem = secrets.value(QStringLiteral("snowflake_private_key")).toUtf8();
        if (t.auth.privateKeyPem.isEmpty())
            return configError(
                QStringLiteral("Snowflake: no private key: the keychain holds none and no key file is named (%1)").arg(kWhere));
        if (const QString why = keyProblem(t.auth.privateKeyPem); !why.isEmpty())
            return configError(QStringLiteral("Snowflake private key (keychain): ") + why);
    }
    return t;
}

models::Result<AutomationSetup::SendGridTarget> AutomationSetup::sendGridTarget(const AutomationConfig &c, const Secrets &secrets)
{
    SendGridTarget t;
    t.rest.baseUrl = QUrl(c.sendGridUrl.trimmed());
    t.apiKey = secrets.value(QStringLiteral("sendgrid_key"));
    if (auto url = connectors::checkCredentialUrl(t.rest.baseUrl); !url.ok())
        return configError(QStringLiteral("SendGrid address: ") + url.error().message);
    if (t.apiKey.isEmpty())
        return configError(QStringLiteral("SendGrid: the API key is not in the keychain (%1)").arg(kWhere));
    return t;
}

models::Result<AutomationSetup::SlackTarget> AutomationSetup::slackTarget(const AutomationConfig &c, const Secrets &secrets)
{
    Q_UNUSED(c)
    SlackTarget t;
    t.webhook = QUrl(secrets.value(QStringLiteral("slack_webhook_url")).trimmed());
    if (t.webhook.isEmpty())
        return configError(QStringLiteral("Slack: the webhook address is not in the keychain (%1)").arg(kWhere));
    if (auto url = connectors::checkCredentialUrl(t.webhook); !url.ok())
        return configError(QStringLiteral("Slack webhook %1: not fit for it (https://hooks.slack.com/services/…)")
                               .arg(connectors::SlackWebhookClient::redacted(t.webhook)));
    QUrl origin;
    origin.setScheme(t.webhook.scheme());
    origin.setHost(t.webhook.host());
    origin.setPort(t.webhook.port());
    t.rest.baseUrl = origin;
    return t;
}

AlertSettings AutomationSetup::alertSettings(const AutomationConfig &c)
{
    AlertSettings a;
    a.email = c.alertEmail;
    a.slack = c.alertSlack;
    a.guardian = c.guardianAlerts;
    a.opportunity = c.opportunityAlerts;
    a.fromEmail = c.alertFromEmail.trimmed();
    a.fromName = c.alertFromName.trimmed();
    a.guardianFallbackEmail = c.guardianFallbackEmail.trimmed();
    a.salesEmail = c.salesEmail.trimmed();
    a.slackChannel = c.slackChannel.trimmed();
    a.capPerHour = c.alertCapPerHour;
    a.guardianMinimumLevel = c.guardianMinimumLevel;
    a.recentSecs = qint64(c.alertRecentHours) * 3600;
    return a;
}

void AutomationSetup::test(const AutomationConfig &config, const Secrets &secrets, QObject *context, std::function<void(TestResults)> done)
{
    auto *run = new TestRun(context, std::move(done));
    if (auto p = validate(config, secrets)) {
        const QString system = p->field.startsWith(u"rds")         ? kRds
                               : p->field.startsWith(u"snowflake") ? kSnowflake
                               : p->field.contains(u"slack")       ? kSlack
                                                                   : kSendGrid;
        run->settle(system, configError(p->message));
        return;
    }
    if (config.rdsEnabled) {
        ++run->waiting;
        if (auto target = rdsTarget(config, secrets); !target.ok()) {
            run->settle(kRds, target.error());
        } else {
            auto rds = target.value();
            rds.writers = 1;
            if (!rds.connectOptions.contains(u"CONNECT_TIMEOUT")) // a Test answers within seconds
                rds.connectOptions = QStringList{rds.connectOptions, QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10")}.join(u';');
            run->clients.rds = std::make_unique<connectors::RdsLakeWriter>(rds);
            const QString table = rds.table;
            run->clients.rds->tableExists(run, [run, table](models::Result<bool> r) {
                if (r.ok() && !r.value())
                    return run->settle(kRds, configError(QStringLiteral("table missing: run cosmicdesk lake --init-schema (%1 is not in "
                                                                        "the database; the first load would create it)")
                                                             .arg(table)));
                run->settle(kRds, outcome(r));
            });
        }
    }
    if (config.snowflakeEnabled) {
        ++run->waiting;
        if (auto target = snowflakeTarget(config, secrets); !target.ok()) {
            run->settle(kSnowflake, target.error());
        } else {
            SnowflakeTarget t = target.value();
            t.client.rest.timeout = std::chrono::seconds(20);
            t.client.maxSubmitAttempts = 2;
            t.client.pollStart = std::chrono::milliseconds(200);
            run->clients.snowflake =
                std::make_unique<connectors::SnowflakeClient>(t.client, std::make_shared<connectors::SnowflakeJwtAuth>(t.auth));
            connectors::SnowflakeStatement one;
            one.sql = QStringLiteral("SELECT 1");
            run->clients.snowflake->execute(one, run, [run, table = t.table](models::Result<connectors::SnowflakeResult> r) {
                if (!r.ok())
                    return run->settle(kSnowflake, r.error());
                connectors::SnowflakeStatement probe;
                probe.sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(table);
                run->clients.snowflake->execute(probe, run, [run, table](models::Result<connectors::SnowflakeResult> t) {
                    if (!t.ok() && (t.error().message.contains(u"42S02") || t.error().message.contains(u"does not exist")))
                        return run->settle(kSnowflake, configError(QStringLiteral("table missing: run cosmicdesk lake --init-schema "
                                                                                  "(%1 does not exist)")
                                                                       .arg(table)));
                    run->settle(kSnowflake, outcome(t));
                });
            });
        }
    }
    // Not called: only what would keep an alert from going out.
    if (config.alertEmail)
        if (auto t = sendGridTarget(config, secrets); !t.ok())
            run->results.insert(kSendGrid, t.error());
    if (config.alertSlack)
        if (auto t = slackTarget(config, secrets); !t.ok())
            run->results.insert(kSlack, t.error());
    run->settle(QString(), {});
}

void AutomationSetup::sendTestAlert(const AutomationConfig &config, const Secrets &secrets, QObject *context,
                                    std::function<void(TestResults)> done)
{
    auto *run = new TestRun(context, std::move(done));
    const QString when = QDateTime::currentDateTime().toString(Qt::ISODate);
    const QString headline = QStringLiteral("[TEST] CosmicDesk test alert — please ignore");
    const QString body =
        QStringLiteral("This is a test message sent from File → Automation settings… at %1 to check that CosmicDesk's Guardian "
                       "and Opportunity alerts reach this channel. It is about no ticket and needs no action.")
            .arg(when);
    if (config.alertEmail) {
        ++run->waiting;
        if (auto target = sendGridTarget(config, secrets); !target.ok()) {
            run->settle(kSendGrid, target.error());
        } else {
            SendGridTarget t = target.value();
            t.rest.maxAttempts = 1;
            t.rest.timeout = std::chrono::seconds(20);
            run->clients.sendGrid = std::make_unique<connectors::SendGridClient>(t.rest, t.apiKey);
            connectors::MailMessage m;
            const QString to = !config.salesEmail.trimmed().isEmpty()              ? config.salesEmail.trimmed()
                               : !config.guardianFallbackEmail.trimmed().isEmpty() ? config.guardianFallbackEmail.trimmed()
                                                                                   : config.alertFromEmail.trimmed();
            m.to.push_back({to, QString()});
            m.from = {config.alertFromEmail.trimmed(), config.alertFromName.trimmed()};
            m.subject = headline;
            m.text = body;
            m.categories = {QStringLiteral("cosmicdesk-test")};
            run->clients.sendGrid->send(m, run, [run](models::Result<QString> r) { run->settle(kSendGrid, outcome(r)); });
        }
    }
    if (config.alertSlack) {
        ++run->waiting;
        if (auto target = slackTarget(config, secrets); !target.ok()) {
            run->settle(kSlack, target.error());
        } else {
            SlackTarget t = target.value();
            t.rest.maxAttempts = 1;
            t.rest.timeout = std::chrono::seconds(20);
            run->clients.slack = std::make_unique<connectors::SlackWebhookClient>(t.rest);
            connectors::SlackMessage m;
            m.text = headline;
            m.mrkdwn = QStringLiteral("*%1*\n%2")
                           .arg(connectors::SlackWebhookClient::escape(headline), connectors::SlackWebhookClient::escape(body));
            run->clients.slack->post(t.webhook, m, run, [run](models::Result<void> r) { run->settle(kSlack, r); });
        }
    }
    run->settle(QString(), {});
}

} // namespace cosmicdesk::services
