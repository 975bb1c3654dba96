// File → Automation settings… behind the dialog: settings saved with their secrets in the real
// keychain (and nothing saved when it fails), every refusal naming its field, Test against a real
// MariaDB and the Snowflake stand-in over HTTP (the table missing said so), Send test alert through
// the real SendGrid and Slack clients to their stand-ins, and a destination whose secret is missing
// waiting paused with the reason.
#include <connectors/credentialstore.h>
#include <connectors/keypair.h>
#include <connectors/rdslake.h>
#include <models/lakestore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/mariadbserver.h>
#include <sandbox/notifyfakes.h>
#include <sandbox/snowflakefake.h>
#include <services/automationsetup.h>
#include <services/outboxworker.h>
#include <services/unavailabledestination.h>
#include <support/memorysettings.h>
#include <support/testworkspace.h>

#include <QFile>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace cosmicdesk;
using services::AutomationSetup;

namespace {

// The error's words, or "ok" (a Result holds no error when it is ok).
QString said(const models::Result<void> &r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().message;
}

bool noKeychain()
{
    return qEnvironmentVariableIsSet("COSMICDESK_EXPECT_NO_KEYCHAIN");
}

} // namespace

class AutomationSetupTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray m_privatePem, m_publicPem;

    template <typename T, typename Call> std::optional<T> wait(Call call, int ms = 30000)
    {
        std::optional<T> out;
        call([&](T r) { out = std::move(r); });
        [&] { QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, ms)); }();
        return out;
    }

    AutomationSetup::TestResults test(AutomationSetup &setup, const models::AutomationConfig &config, const models::Secrets &secrets)
    {
        return wait<AutomationSetup::TestResults>([&](auto done) { setup.test(config, secrets, this, done); })
            .value_or(AutomationSetup::TestResults());
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return f.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        if (noKeychain())
            return;
        auto keys = connectors::generateRsaKeyPair();
        QVERIFY2(keys.ok(), qPrintable(keys.ok() ? QString() : keys.error().message));
        m_privatePem = keys.value().privatePem;
        m_publicPem = keys.value().publicPem;
    }

    void saved_settingsInTheStore_secretsInTheKeychain_emptyKeepsTheSavedOne()
    {
        if (noKeychain())
            QSKIP("needs the keychain (tests/support/with-keychain)");
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        models::AutomationConfig c;
        c.rdsEnabled = true;
        c.rdsHost = QStringLiteral("cosmic.abc123.eu-west-1.rds.amazonaws.com");
        c.rdsDatabase = QStringLiteral("lake");
        c.rdsUser = QStringLiteral("loader");
        c.rdsConnectOptions = QStringLiteral("SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem");
        c.alertEmail = true;
        c.salesEmail = QStringLiteral("sales@acme.example");
        const QString password = QStringLiteral("pw-") + QString::number(QDateTime::currentMSecsSinceEpoch());
        models::Secrets secrets{{QStringLiteral("rds_password"), password}, {QStringLiteral("sendgrid_key"), QStringLiteral("SG.one")}};
        auto saved = wait<models::Result<void>>([&](auto done) { setup.save(c, secrets, this, done); });
        QVERIFY(saved && saved->ok());
        QCOMPARE(stored.saves, 1);
        QCOMPARE(setup.current().rdsHost, c.rdsHost);
        QCOMPARE(setup.current().salesEmail, c.salesEmail);

        // A second save with the password left empty: the keychain keeps the first one.
        secrets = {{QStringLiteral("rds_password"), QString()}, {QStringLiteral("sendgrid_key"), QStringLiteral("SG.two")}};
        saved = wait<models::Result<void>>([&](auto done) { setup.save(c, secrets, this, done); });
        QVERIFY(saved && saved->ok());
        auto read = wait<models::Result<models::Secrets>>([&](auto done) { setup.readSecrets(this, done); });
        QVERIFY(read && read->ok());
        QCOMPARE(read->value().value(QStringLiteral("rds_password")), password);
        QCOMPARE(read->value().value(QStringLiteral("sendgrid_key")), QStringLiteral("SG.two"));
        // What the composition root makes of them.
        auto rds = AutomationSetup::rdsTarget(setup.current(), read->value());
        QVERIFY(rds.ok());
        QCOMPARE(rds.value().password, password);
        QVERIFY(rds.value().requireTls);
        QCOMPARE(rds.value().connectOptions, c.rdsConnectOptions);
        const auto alerts = AutomationSetup::alertSettings(setup.current());
        QVERIFY(alerts.email && !alerts.slack && alerts.guardian && alerts.opportunity);
        QCOMPARE(alerts.salesEmail, c.salesEmail);
        QCOMPARE(alerts.capPerHour, 30);
        QCOMPARE(alerts.recentSecs, qint64(24 * 3600));
    }

    void refusals_nameTheField_andSaveNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("words");
        QTest::newRow("port") << "rdsPort"
                              << "RDS port";
        QTest::newRow("rds host") << "rdsHost"
                                  << "RDS host";
        QTest::newRow("tls without a CA") << "rdsConnectOptions"
                                          << "SSL_CA";
        QTest::newRow("snowflake over http") << "snowflakeUrl"
                                             << "Snowflake address";
        QTest::newRow("e-mail without @") << "salesEmail"
                                          << "Sales address";
        QTest::newRow("unreadable key file") << "snowflakeKeyFile"
                                             << "cannot be read";
        QTest::newRow("public key as key file") << "snowflakeKeyFile"
                                                << "not a PEM private key";
        QTest::newRow("slack webhook over http") << "slack_webhook_url"
                                                 << "Slack webhook";
        QTest::newRow("sendgrid with a password in it") << "sendGridUrl"
                                                        << "SendGrid address";
    }

    void refusals_nameTheField_andSaveNothing()
    {
        QFETCH(QString, field);
        QFETCH(QString, words);
        models::AutomationConfig c;
        models::Secrets secrets;
        const QByteArray publicPem =
            m_publicPem.isEmpty() ? QByteArray("-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n") : m_publicPem;
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        if (tag == u"port") {
            c.rdsPort = 70000;
        } else if (tag == u"rds host") {
            c.rdsEnabled = true;
        } else if (tag == u"tls without a CA") {
            c.rdsEnabled = true;
            c.rdsHost = QStringLiteral("db.example.com");
            c.rdsDatabase = c.rdsUser = QStringLiteral("x");
            c.rdsConnectOptions = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5");
        } else if (tag == u"snowflake over http") {
            c.snowflakeEnabled = true;
            c.snowflakeAccount = QStringLiteral("acme");
            c.snowflakeUser = QStringLiteral("loader");
            c.snowflakeUrl = QStringLiteral("http://acme.snowflakecomputing.com");
        } else if (tag == u"e-mail without @") {
            c.alertEmail = true;
            c.salesEmail = QStringLiteral("sales.acme.example");
        } else if (tag == u"unreadable key file") {
            c.snowflakeKeyFile = m_dir.filePath(QStringLiteral("no-such-key.p8"));
        } else if (tag == u"public key as key file") {
            c.snowflakeKeyFile = writeFile(QStringLiteral("pub.pem"), publicPem);
        } else if (tag == u"slack webhook over http") {
            c.alertSlack = true;
            secrets.insert(QStringLiteral("slack_webhook_url"), QStringLiteral("http://hooks.slack.com/services/T1/B2/sekrit"));
        } else if (tag == u"sendgrid with a password in it") {
            c.sendGridUrl = QStringLiteral("https://user:hunter2@api.sendgrid.com");
        }
        const auto problem = AutomationSetup::validate(c, secrets);
        QVERIFY(problem.has_value());
        QCOMPARE(problem->field, field);
        QVERIFY2(problem->message.contains(words), qPrintable(problem->message));
        QVERIFY2(!problem->message.contains(u"sekrit") && !problem->message.contains(u"hunter2"), qPrintable(problem->message));

        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        auto saved = wait<models::Result<void>>([&](auto done) { setup.save(c, secrets, this, done); });
        QVERIFY(saved && !saved->ok());
        QCOMPARE(saved->error().kind, models::Error::Kind::Config);
        QCOMPARE(saved->error().message, problem->message);
        QCOMPARE(stored.saves, 0);
    }

    void goodSettings_pass()
    {
        models::AutomationConfig c;
        QVERIFY(!AutomationSetup::validate(c, {})); // nothing switched on: the defaults are fine
        c.snowflakeEnabled = true;
        c.snowflakeAccount = QStringLiteral("xy12345.ap-southeast-1");
        c.snowflakeUser = QStringLiteral("loader");
        QCOMPARE(c.snowflakeBaseUrl(), QStringLiteral("https://xy12345.ap-southeast-1.snowflakecomputing.com"));
        QVERIFY(!AutomationSetup::validate(c, {}));
        c.snowflakeUrl = QStringLiteral("http://127.0.0.1:8443"); // this machine may be plain http
        QVERIFY(!AutomationSetup::validate(c, {}));
        // Without a key anywhere Snowflake cannot start: the composition root is told why.
        auto t = AutomationSetup::snowflakeTarget(c, {});
        QVERIFY(!t.ok());
        QVERIFY2(t.error().message.contains(u"no private key"), qPrintable(t.error().message));
        QVERIFY(!AutomationSetup::sendGridTarget(c, {}).ok());
        QVERIFY(AutomationSetup::sendGridTarget(c, {}).error().message.contains(u"API key is not in the keychain"));
        QVERIFY(AutomationSetup::slackTarget(c, {}).error().message.contains(u"webhook address is not in the keychain"));
        QVERIFY(AutomationSetup::rdsTarget(c, {}).error().message.contains(u"RDS"));
    }

    void withoutKeychain_nothingIsSaved()
    {
        if (!noKeychain())
            QSKIP("runs as automationsetup_nokeychain_test, without a keychain");
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        models::AutomationConfig c;
        c.alertSlack = true;
        const models::Secrets secrets{{QStringLiteral("slack_webhook_url"), QStringLiteral("https://hooks.slack.com/services/T1/B2/x")},
                                      {QStringLiteral("sendgrid_key"), QStringLiteral("SG.key")}};
        auto saved = wait<models::Result<void>>([&](auto done) { setup.save(c, secrets, this, done); });
        QVERIFY(saved && !saved->ok());
        QCOMPARE(saved->error().kind, models::Error::Kind::Config);
        QCOMPARE(stored.saves, 0);
        QVERIFY(!stored.automationConfig.alertSlack);
        auto read = wait<models::Result<models::Secrets>>([&](auto done) { setup.readSecrets(this, done); });
        QVERIFY(read && !read->ok()); // said, not taken for "no secrets saved"
    }

    void test_rdsInARealMariaDb_tableMissingThenThere()
    {
        if (noKeychain())
            QSKIP("with the keychain run only");
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
            QFAIL("the QMYSQL driver is missing (scripts/setup installs libqt6sql6-mysql)");
        sandbox::MariaDbServer db;
        const QString started = db.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(db.createDatabase(QStringLiteral("lake"), QStringLiteral("loader"), QStringLiteral("l0ad")).isEmpty());
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        models::AutomationConfig c;
        c.rdsEnabled = true;
        c.rdsHost = QStringLiteral("127.0.0.1");
        c.rdsPort = db.port();
        c.rdsDatabase = QStringLiteral("lake");
        c.rdsUser = QStringLiteral("loader");
        c.rdsRequireTls = false;
        c.rdsConnectOptions = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5");
        models::Secrets secrets{{QStringLiteral("rds_password"), QStringLiteral("l0ad")}};
        const auto run = [&](const models::AutomationConfig &config, const models::Secrets &s) { return test(setup, config, s); };

        auto r = run(c, secrets);
        QCOMPARE(r.keys(), QStringList{QStringLiteral("RDS")});
        QVERIFY(!r.value(QStringLiteral("RDS")).ok());
        QVERIFY2(r.value(QStringLiteral("RDS")).error().message.contains(u"table missing: run cosmicdesk lake --init-schema"),
                 qPrintable(said(r.value(QStringLiteral("RDS")))));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'lake'")),
                 QStringLiteral("0"));

        // The schema as `cosmicdesk lake --init-schema` makes it, then Test is happy.
        auto target = AutomationSetup::rdsTarget(c, secrets);
        QVERIFY(target.ok());
        {
            connectors::RdsLakeWriter writer(target.value());
            auto made = wait<models::Result<void>>([&](auto done) { writer.initSchema(this, done); });
            QVERIFY(made && made->ok());
        }
        r = run(c, secrets);
        QVERIFY2(r.value(QStringLiteral("RDS")).ok(), qPrintable(said(r.value(QStringLiteral("RDS")))));

        // A wrong password is the server's refusal; no password at all is said before any login.
        r = run(c, {{QStringLiteral("rds_password"), QStringLiteral("wrong")}});
        QVERIFY(!r.value(QStringLiteral("RDS")).ok());
        QCOMPARE(r.value(QStringLiteral("RDS")).error().kind, models::Error::Kind::Auth);
        r = run(c, {});
        QVERIFY(r.value(QStringLiteral("RDS")).error().message.contains(u"password is not in the keychain"));

        // TLS required with a CA: this server offers none, so the password never leaves.
        const QString ca = writeFile(QStringLiteral("ca.pem"), m_publicPem);
        c.rdsRequireTls = true;
        c.rdsConnectOptions = QStringLiteral("SSL_CA=%1;MYSQL_OPT_CONNECT_TIMEOUT=5").arg(ca);
        r = run(c, secrets);
        QVERIFY(!r.value(QStringLiteral("RDS")).ok());
        QCOMPARE(r.value(QStringLiteral("RDS")).error().kind, models::Error::Kind::Config);
        db.stop();
    }

    void test_snowflakeStandIn_withTheKeyPair_fromTheKeychainOrAFile()
    {
        if (noKeychain())
            QSKIP("with the keychain run only");
        sandbox::HttpSandbox server(7);
        sandbox::SnowflakeFakeOptions o;
        o.publicKeyPem = m_publicPem;
        sandbox::SnowflakeFake fake(server, o);
        QVERIFY(server.start() != 0);
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        models::AutomationConfig c;
        c.snowflakeEnabled = true;
        c.snowflakeAccount = QStringLiteral("demo-account");
        c.snowflakeUser = QStringLiteral("cosmicdesk");
        c.snowflakeUrl = server.baseUrl();
        c.snowflakeWarehouse = QStringLiteral("LOADING");
        models::Secrets secrets{{QStringLiteral("snowflake_private_key"), QString::fromUtf8(m_privatePem)}};
        const auto run = [&](const models::AutomationConfig &config, const models::Secrets &s) { return test(setup, config, s); };
        auto r = run(c, secrets);
        QCOMPARE(r.keys(), QStringList{QStringLiteral("Snowflake")});
        QVERIFY(!r.value(QStringLiteral("Snowflake")).ok());
        QVERIFY2(r.value(QStringLiteral("Snowflake")).error().message.contains(u"table missing"),
                 qPrintable(said(r.value(QStringLiteral("Snowflake")))));
        QVERIFY(!server.received(QStringLiteral("snowflake.submit")).empty()); // SELECT 1 went through with the JWT

        fake.query(models::snowflakeCreateTable(QStringLiteral("CONSOLIDATED_TICKETS")));
        r = run(c, secrets);
        QVERIFY2(r.value(QStringLiteral("Snowflake")).ok(), qPrintable(said(r.value(QStringLiteral("Snowflake")))));

        // The same key from a file (the keychain's is then not used).
        c.snowflakeKeyFile = writeFile(QStringLiteral("snowflake_key.p8"), m_privatePem);
        r = run(c, {});
        QVERIFY2(r.value(QStringLiteral("Snowflake")).ok(), qPrintable(said(r.value(QStringLiteral("Snowflake")))));

        // Another key: Snowflake refuses the JWT.
        auto other = connectors::generateRsaKeyPair();
        QVERIFY(other.ok());
        c.snowflakeKeyFile.clear();
        r = run(c, {{QStringLiteral("snowflake_private_key"), QString::fromUtf8(other.value().privatePem)}});
        QVERIFY(!r.value(QStringLiteral("Snowflake")).ok());
        QCOMPARE(r.value(QStringLiteral("Snowflake")).error().kind, models::Error::Kind::Auth);
    }

    void sendTestAlert_goesOutOnce_testSendsNothing()
    {
        if (noKeychain())
            QSKIP("with the keychain run only");
        sandbox::HttpSandbox server(8);
        sandbox::NotifyFakes fakes(server, sandbox::NotifyFakeOptions{});
        QVERIFY(server.start() != 0);
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        AutomationSetup setup(credentials, stored);
        models::AutomationConfig c;
        c.alertEmail = true;
        c.alertSlack = true;
        c.sendGridUrl = server.baseUrl();
        c.salesEmail = QStringLiteral("sales@acme.example");
        const models::Secrets secrets{{QStringLiteral("sendgrid_key"), fakes.options().sendGridKey},
                                      {QStringLiteral("slack_webhook_url"), server.baseUrl() + fakes.options().slackHooks.value(0)}};
        auto tested = wait<AutomationSetup::TestResults>([&](auto done) { setup.test(c, secrets, this, done); });
        QVERIFY(tested && tested->isEmpty()); // nothing to say, and nothing sent
        QCOMPARE(fakes.mails().size(), std::size_t(0));
        QCOMPARE(fakes.slackPosts().size(), std::size_t(0));

        auto sent = wait<AutomationSetup::TestResults>([&](auto done) { setup.sendTestAlert(c, secrets, this, done); });
        QVERIFY(sent);
        QCOMPARE(sent->size(), 2);
        for (auto it = sent->begin(); it != sent->end(); ++it)
            QVERIFY2(it.value().ok(), qPrintable(it.key() + u": " + said(it.value())));
        QCOMPARE(fakes.mails().size(), std::size_t(1));
        const nlohmann::json mail = fakes.mails().front().body;
        QVERIFY(QString::fromStdString(mail["subject"].get<std::string>()).startsWith(u"[TEST]"));
        QCOMPARE(QString::fromStdString(mail["personalizations"][0]["to"][0]["email"].get<std::string>()), c.salesEmail);
        QCOMPARE(fakes.slackPosts().size(), std::size_t(1));
        const nlohmann::json post = fakes.slackPosts().front().body;
        QVERIFY(QString::fromStdString(post.value("text", std::string())).contains(u"test alert"));

        // A wrong key is SendGrid's refusal; a missing one is said without calling anyone.
        sent = wait<AutomationSetup::TestResults>([&](auto done) {
            setup.sendTestAlert(c, {{QStringLiteral("sendgrid_key"), QStringLiteral("SG.wrong")}}, this, done);
        });
        QCOMPARE(sent->value(QStringLiteral("SendGrid")).error().kind, models::Error::Kind::Auth);
        QVERIFY(sent->value(QStringLiteral("Slack")).error().message.contains(u"not in the keychain"));
        QCOMPARE(fakes.mails().size(), std::size_t(1));
    }

    void missingSecret_destinationWaitsPausedWithTheReason()
    {
        testsupport::TestWorkspace ws(5);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        const auto why = AutomationSetup::sendGridTarget(models::AutomationConfig{}, {});
        QVERIFY(!why.ok());
        services::OutboxWorker worker(ws.path(), services::OutboxWorker::Options{});
        const QString reason = why.error().message;
        worker.addDestination([reason] { return std::make_unique<services::UnavailableDestination>(QStringLiteral("sendgrid"), reason); });
        worker.start();
        QTRY_VERIFY_WITH_TIMEOUT(worker.status().count(QStringLiteral("sendgrid")) == 1, 10000);
        const services::DestinationStatus &s = worker.status().at(QStringLiteral("sendgrid"));
        QVERIFY(s.paused);
        QCOMPARE(s.pauseReason, reason);
        QVERIFY(reason.contains(u"File → Automation settings…"));
    }
};

QTEST_GUILESS_MAIN(AutomationSetupTest)
#include "automationsetup_test.moc"
