// The composition root: a demo workstation starts the in-process sandbox, syncs from it, fetches
// conversations and opens the customer view; settings saved through it keep no secret in the
// settings file.
#include <app/settings.h>
#include <app/workstation.h>
#include <connectors/credentialstore.h>
#include <connectors/keypair.h>
#include <models/lakestore.h>
#include <models/ticketstore.h>
#include <sandbox/sandboxhost.h>
#include <sandbox/snowflakefake.h>
#include <services/automationsetup.h>
#include <services/conversationloader.h>
#include <services/customersystemssetup.h>
#include <services/customerviewservice.h>
#include <services/lakeservice.h>
#include <services/outboxworker.h>
#include <services/zendesksync.h>
#include <support/testworkspace.h>
#include <ui/connectionsummary.h>

#include <QDateTime>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using namespace cosmicdesk;

class WorkstationTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CosmicDeskTest"));
        QCoreApplication::setApplicationName(QStringLiteral("WorkstationTest"));
        QSettings().clear();
    }

    void demo_servesTheWorkspacesWorld_syncs_andFetchesConversations()
    {
        testsupport::TestWorkspace ws(200, 5, QDateTime::currentSecsSinceEpoch() - 3600);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        {
            // One ticket as the sync leaves it: description only, comments not fetched yet.
            auto store = models::TicketStore::open(ws.path());
            QVERIFY(store.ok());
            QSqlQuery q(store.value()->db());
            QVERIFY(q.exec(QStringLiteral("DELETE FROM comments WHERE ticket_id = 10007")));
        }
        const int comments = 1 + 0; // the description at least comes back
        app::QSettingsStore settings;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        app::Workstation::Config config;
        config.workspacePath = ws.path();
        config.mode = app::Workstation::Mode::Demo;
        auto opened = app::Workstation::open(config, settings, credentials);
        QVERIFY(opened.ok());
        app::Workstation &w = *opened.value();
        QVERIFY(!w.agentName().isEmpty());
        w.start();
        const services::ConnectionStatus &status = w.connection().status();
        QTRY_VERIFY_WITH_TIMEOUT(status.phase == services::ConnectionStatus::Phase::Connected && status.lastSyncedAt > 0, 30000);
        const QString summary = ui::connectionSummary(status);
        QVERIFY2(summary.contains(u"synced") && summary.contains(u"127.0.0.1"), qPrintable(summary));
        QVERIFY(w.connection().sync() && w.connection().sync()->lastError().message.isEmpty());

        services::ConversationLoader *loader = w.windowServices().conversations;
        QVERIFY(loader);
        QSignalSpy updated(loader, &services::ConversationLoader::conversationUpdated);
        loader->ensureConversation(10007);
        QVERIFY(updated.wait(10000));
        QCOMPARE(updated.at(0).at(0).toLongLong(), 10007);
        QVERIFY(int(w.store().comments(10007).value().size()) >= comments);
        loader->ensureConversation(10008); // already here: nothing to fetch
        QVERIFY(!updated.wait(500));

        // The customer view over the same sandbox.
        QTRY_VERIFY_WITH_TIMEOUT(w.connection().customerView() != nullptr, 10000);
        services::CustomerViewService &customers = *w.connection().customerView();
        customers.load(10007);
        QTRY_VERIFY_WITH_TIMEOUT(customers.view().settled(), 20000);
        QCOMPARE(customers.view()[services::CustomerSection::Crm].state, services::SectionStatus::State::Fresh);
    }

    void offline_connectsNothing()
    {
        testsupport::TestWorkspace ws(20);
        app::QSettingsStore settings;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        app::Workstation::Config config;
        config.workspacePath = ws.path();
        config.agent = QStringLiteral("Mia");
        auto opened = app::Workstation::open(config, settings, credentials);
        QVERIFY(opened.ok());
        opened.value()->start();
        QTest::qWait(300);
        QCOMPARE(opened.value()->connection().status().phase, services::ConnectionStatus::Phase::Offline);
        QVERIFY(!opened.value()->connection().sync());
        QCOMPARE(opened.value()->agentName(), QStringLiteral("Mia"));
        // The window gets the outbox's reader and the views' store, whatever the mode.
        const ui::WindowServices services = opened.value()->windowServices();
        QVERIFY(services.outboxMonitor && services.savedViews);
        QCOMPARE(services.agentId, qint64(0)); // nobody called Mia works in this workspace
    }

    void offline_knowsTheAgentByName()
    {
        // An offline workspace never asks Zendesk who we are: the "My …" views take the agent's id
        // from the workspace's agents.
        testsupport::TestWorkspace ws(20);
        qint64 id = 0;
        QString name;
        {
            auto store = models::TicketStore::open(ws.path());
            QVERIFY(store.ok());
            const auto agents = store.value()->agents();
            QVERIFY(agents.ok() && agents.value().size() > 1);
            id = agents.value()[1].id;
            name = agents.value()[1].name;
        }
        app::QSettingsStore settings;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        app::Workstation::Config config;
        config.workspacePath = ws.path();
        config.agent = name.toUpper(); // as typed
        auto opened = app::Workstation::open(config, settings, credentials);
        QVERIFY(opened.ok());
        QCOMPARE(opened.value()->agentId(), id);
        QCOMPARE(opened.value()->windowServices().agentId, id);
    }

    void savedCustomerSystems_keepNoSecretInTheSettingsFile()
    {
        app::QSettingsStore settings;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        services::CustomerSystemsSetup setup(credentials, settings, &connectors::buildCustomerSources);
        models::CustomerSystemsConfig c;
        c.salesforceUrl = QStringLiteral("https://acme.my.salesforce.com");
        c.ordersHost = QStringLiteral("cosmic.abc123.ap-southeast-1.rds.amazonaws.com");
        const models::Secrets secrets{{QStringLiteral("stripe_key"), QStringLiteral("rk_test_secret123")},
                                      {QStringLiteral("orders_password"), QStringLiteral("hunter2")}};
        std::optional<models::Result<void>> saved;
        setup.save(c, secrets, this, [&](models::Result<void> r) { saved = r; });
        QTRY_VERIFY_WITH_TIMEOUT(saved.has_value(), 20000);
        if (saved->ok()) {
            QCOMPARE(settings.customerSystems().salesforceUrl, c.salesforceUrl);
            QCOMPARE(settings.customerSystems().ordersHost, c.ordersHost);
        } else {
            // No keychain here: nothing may have reached the settings either.
            QVERIFY(settings.customerSystems().salesforceUrl.isEmpty());
        }
        QSettings file;
        for (const QString &key : file.allKeys()) {
            QVERIFY2(!key.contains(u"secret") && !key.contains(u"password") && !key.endsWith(u"_key"), qPrintable(key));
            const QString value = file.value(key).toString();
            QVERIFY2(!value.contains(u"rk_test_secret123") && !value.contains(u"hunter2"), qPrintable(key));
        }
    }

    void savedAutomation_roundTrips_andKeepsNoSecretInTheSettingsFile()
    {
        app::QSettingsStore settings;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        services::AutomationSetup setup(credentials, settings);
        models::AutomationConfig c;
        c.rdsEnabled = c.snowflakeEnabled = c.alertEmail = c.alertSlack = true;
        c.rdsHost = QStringLiteral("cosmic.abc123.eu-west-1.rds.amazonaws.com");
        c.rdsPort = 3307;
        c.rdsDatabase = c.rdsUser = QStringLiteral("lake");
        c.rdsConnectOptions = QStringLiteral("SSL_CA=/etc/cosmicdesk/rds.pem");
        c.snowflakeAccount = QStringLiteral("acme-lake");
        c.snowflakeUser = QStringLiteral("LOADER");
        c.snowflakeRole = QStringLiteral("LOADING");
        c.salesEmail = QStringLiteral("sales@acme.example");
        c.opportunityAlerts = false;
        c.guardianMinimumLevel = 3;
        c.alertCapPerHour = 7;
        c.alertRecentHours = 48;
        const models::Secrets secrets{
            {QStringLiteral("rds_password"), QStringLiteral("hunter2")},
            {QStringLiteral("sendgrid_key"), QStringLiteral("SG.secret123")},
            {QStringLiteral("slack_webhook_url"), QStringLiteral("https://hooks.slack.com/services/T1/B2/sekrit")}};
        std::optional<models::Result<void>> saved;
        setup.save(c, secrets, this, [&](models::Result<void> r) { saved = r; });
        QTRY_VERIFY_WITH_TIMEOUT(saved.has_value(), 20000);
        if (saved->ok()) {
            const models::AutomationConfig back = settings.automation();
            QVERIFY(back.rdsEnabled && back.snowflakeEnabled && back.alertEmail && back.alertSlack && !back.opportunityAlerts);
            QCOMPARE(back.rdsHost, c.rdsHost);
            QCOMPARE(back.rdsPort, 3307);
            QCOMPARE(back.rdsConnectOptions, c.rdsConnectOptions);
            QCOMPARE(back.snowflakeRole, c.snowflakeRole);
            QCOMPARE(back.salesEmail, c.salesEmail);
            QCOMPARE(back.guardianMinimumLevel, 3);
            QCOMPARE(back.alertCapPerHour, 7);
            QCOMPARE(back.alertRecentHours, 48);
            QCOMPARE(back.snowflakeTable, QStringLiteral("CONSOLIDATED_TICKETS"));
        } else {
            QVERIFY(!settings.automation().rdsEnabled); // no keychain here: nothing reached the settings either
        }
        QSettings file;
        for (const QString &key : file.allKeys()) {
            const QString value = file.value(key).toString();
            QVERIFY2(!value.contains(u"hunter2") && !value.contains(u"SG.secret123") && !value.contains(u"sekrit"), qPrintable(key));
        }
        settings.saveAutomation({});
    }

    // A Zendesk account's automation, as File → Automation settings… saved it: Snowflake (the sandbox's
    // stand-in, the key from the keychain) loads the synced tickets' records; RDS and Slack are switched
    // on without their secrets, so they wait paused and say why.
    void account_wiresAutomationFromTheSettings_missingSecretsPausedWithTheReason()
    {
        // A keychain service of its own: what other tests saved cannot stand in for the missing secrets.
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
        std::optional<models::Result<void>> probed;
        credentials.probe(this, [&](models::Result<void> r) { probed = r; });
        QTRY_VERIFY_WITH_TIMEOUT(probed.has_value(), 20000);
        if (!probed->ok())
            QSKIP("needs the keychain (run under tests/support/with-keychain)");
        auto keys = connectors::generateRsaKeyPair();
        QVERIFY(keys.ok());
        sandbox::SandboxHost host;
        sandbox::SandboxHost::Options o;
        o.world.tickets = 40;
        o.world.seed = 3;
        o.world.now = QDateTime::currentSecsSinceEpoch() - 600;
        o.zendesk.holdBackSecs = 0;
        o.zendesk.incrementalPerMinute = 0;
        o.snowflake.publicKeyPem = keys.value().publicPem;
        o.notify = true;
        const QString started = host.start(o);
        QVERIFY2(started.isEmpty(), qPrintable(started));
        host.withAutomation([](sandbox::SnowflakeFake *f, sandbox::NotifyFakes *) {
            f->query(models::snowflakeCreateTable(QStringLiteral("CONSOLIDATED_TICKETS")));
        });

        app::QSettingsStore settings;
        connectors::ZendeskAccount account;
        account.baseUrl = QUrl(host.baseUrl());
        account.email = o.zendesk.agentEmail;
        settings.saveZendeskAccount(account);
        models::AutomationConfig a;
        a.snowflakeEnabled = true;
        a.snowflakeAccount = QStringLiteral("demo-account");
        a.snowflakeUser = QStringLiteral("cosmicdesk");
        a.snowflakeUrl = host.baseUrl();
        a.rdsEnabled = true;
        a.rdsHost = QStringLiteral("127.0.0.1");
        a.rdsDatabase = a.rdsUser = QStringLiteral("lake");
        a.rdsRequireTls = false;
        a.alertSlack = true;
        settings.saveAutomation(a);
        const std::pair<QString, QString> secrets[] = {
            {account.credentialKey(), o.zendesk.apiToken},
            {models::AutomationConfig::secretKey(QStringLiteral("snowflake_private_key")), QString::fromUtf8(keys.value().privatePem)}};
        for (const auto &[key, value] : secrets) {
            std::optional<models::Result<void>> written;
            credentials.write(key, value, this, [&](models::Result<void> r) { written = r; });
            QTRY_VERIFY_WITH_TIMEOUT(written.has_value() && written->ok(), 20000);
        }
        QTemporaryDir dir;
        app::Workstation::Config config;
        config.workspacePath = dir.filePath(QStringLiteral("account.cosmicdesk"));
        config.mode = app::Workstation::Mode::Zendesk;
        auto opened = app::Workstation::open(config, settings, credentials);
        QVERIFY(opened.ok());
        app::Workstation &w = *opened.value();
        QVERIFY(w.lake() && w.alerts());
        QVERIFY(w.windowServices().automationSetup);
        w.start();
        QTRY_VERIFY_WITH_TIMEOUT(w.outbox() && w.outbox()->isRunning(), 30000);
        const auto status = [&](const char *d) {
            const auto it = w.outbox()->status().find(QLatin1String(d));
            return it == w.outbox()->status().end() ? services::DestinationStatus{} : it->second;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            status("rds").paused && status("slack").paused,
            qPrintable(QStringLiteral("%1 destination(s) known; rds: %2").arg(w.outbox()->status().size()).arg(status("rds").lastError)),
            60000);
        QVERIFY2(status("rds").pauseReason.contains(u"password is not in the keychain"), qPrintable(status("rds").pauseReason));
        QVERIFY2(status("slack").pauseReason.contains(u"webhook address is not in the keychain"), qPrintable(status("slack").pauseReason));
        QCOMPARE(w.automationProblems().size(), 2);
        QVERIFY(!status("snowflake").paused);
        // The synced tickets, triaged, reach Snowflake through the outbox.
        qint64 rows = 0;
        QTRY_VERIFY_WITH_TIMEOUT((host.withAutomation([&](sandbox::SnowflakeFake *f, sandbox::NotifyFakes *) {
                                     rows = f->query(QStringLiteral("SELECT count(*) FROM CONSOLIDATED_TICKETS")).at(0).at(0).toLongLong();
                                 }),
                                  rows > 0),
                                 120000);
        settings.forgetZendeskAccount();
        settings.saveAutomation({});
        opened.value().reset();
        int removed = 0;
        for (const auto &secret : secrets)
            credentials.remove(secret.first, this, [&](models::Result<void>) { ++removed; });
        QTRY_COMPARE_WITH_TIMEOUT(removed, 2, 20000);
    }
};

QTEST_MAIN(WorkstationTest)
#include "workstation_test.moc"
