// The customer systems of a real installation, configured as settings + secrets: the clients they
// make, and "Test" against the sandbox over real HTTP (and the demo workspace's orders via SQLite).
#include <connectors/credentialstore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <services/customersystemssetup.h>
#include <support/memorysettings.h>
#include <support/testworkspace.h>

#include <QDateTime>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class CustomerSystemsSetupTest : public QObject
{
    Q_OBJECT

    static sandbox::DemoOptions smallWorld()
    {
        sandbox::DemoOptions o;
        o.tickets = 10;
        o.seed = 2;
        o.now = QDateTime::currentSecsSinceEpoch() - 3600;
        return o;
    }

private Q_SLOTS:
    void testCallsEveryConfiguredSystem()
    {
        QStandardPaths::setTestModeEnabled(true);
        testsupport::TestWorkspace ws(50, 2);
        QVERIFY(ws.isValid());
        sandbox::DemoOptions o;
        o.tickets = 10;
        o.seed = 2;
        o.now = QDateTime::currentSecsSinceEpoch() - 3600;
        const sandbox::DemoWorld world(o);
        sandbox::HttpSandbox server(6);
        QVERIFY(server.start() != 0);
        sandbox::CustomerFakes fakes(server, world);
        const auto &f = fakes.options();

        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        services::CustomerSystemsSetup setup(credentials, stored, &connectors::buildCustomerSources);
        models::CustomerSystemsConfig s;
        s.salesforceUrl = s.stripeUrl = s.dhlUrl = s.ninjaVanUrl = s.singPostUrl = s.productsUrl = server.baseUrl();
        s.salesforceClientId = f.salesforceClientId;
        s.ninjaVanClientId = f.ninjaVanClientId;
        s.ordersDriver = QStringLiteral("QSQLITE");
        s.ordersDatabase = ws.path();
        models::Secrets secrets{{QStringLiteral("salesforce_client_secret"), f.salesforceClientSecret},
                                {QStringLiteral("salesforce_refresh_token"), f.salesforceRefreshToken},
                                {QStringLiteral("stripe_key"), f.stripeKey},
                                {QStringLiteral("dhl_key"), f.dhlKey},
                                {QStringLiteral("ninjavan_client_secret"), f.ninjaVanClientSecret},
                                {QStringLiteral("singpost_key"), f.singPostKey},
                                {QStringLiteral("products_key"), f.productKey}};
        auto run = [&](const models::CustomerSystemsConfig &settings, const models::Secrets &sec) {
            std::optional<services::CustomerSystemsSetup::TestResults> out;
            setup.test(settings, sec, this, [&](services::CustomerSystemsSetup::TestResults r) { out = r; });
            [&] { QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 20000)); }();
            return out.value_or(services::CustomerSystemsSetup::TestResults());
        };
        const auto all = run(s, secrets);
        QCOMPARE(all.size(), 7);
        for (auto it = all.begin(); it != all.end(); ++it)
            QVERIFY2(it.value().ok(), qPrintable(it.key() + u": " + (it.value().ok() ? QString() : it.value().error().message)));

        models::Secrets wrong = secrets;
        wrong[QStringLiteral("stripe_key")] = QStringLiteral("sk_test_wrong");
        wrong[QStringLiteral("dhl_key")] = QStringLiteral("nope");
        const auto some = run(s, wrong);
        QVERIFY(!some.value(QStringLiteral("Stripe")).ok());
        QCOMPARE(some.value(QStringLiteral("Stripe")).error().kind, models::Error::Kind::Auth); // refused
        QVERIFY(!some.value(QStringLiteral("dhl")).ok());
        QCOMPARE(some.value(QStringLiteral("dhl")).error().kind, models::Error::Kind::Auth);
        QVERIFY(some.value(QStringLiteral("Salesforce")).ok()); // the others unaffected

        // Nothing configured: no clients, nothing to call.
        models::CustomerSystemsConfig empty;
        empty.stripeUrl.clear();
        empty.dhlUrl.clear();
        const auto sources = connectors::buildCustomerSources(empty, {});
        QVERIFY(!sources.salesforce && !sources.stripe && !sources.orders && sources.carriers.empty() && !sources.products);
        QVERIFY(sources.isEmpty());
        QVERIFY(run(empty, {}).isEmpty());
    }

    void addressesThatWouldExposeASecretAreRefusedAndNotSaved()
    {
        QStandardPaths::setTestModeEnabled(true);
        const sandbox::DemoWorld world(smallWorld());
        sandbox::HttpSandbox server(6);
        QVERIFY(server.start() != 0);
        sandbox::CustomerFakes fakes(server, world);
        testsupport::MemorySettings stored;
        connectors::CredentialStore credentials(QStringLiteral("CosmicDesk-test"));
        services::CustomerSystemsSetup setup(credentials, stored, &connectors::buildCustomerSources);
        models::CustomerSystemsConfig s;
        s.salesforceUrl.clear();
        s.stripeUrl = server.baseUrl();
        // The DHL key travels in a header: a user:pass@ address or plain http to another machine must not get it.
        s.dhlUrl = QStringLiteral("http://agent:hunter2@127.0.0.1:%1").arg(server.port());
        const models::Secrets secrets{{QStringLiteral("stripe_key"), fakes.options().stripeKey},
                                      {QStringLiteral("dhl_key"), fakes.options().dhlKey}};
        std::optional<services::CustomerSystemsSetup::TestResults> tested;
        setup.test(s, secrets, this, [&](services::CustomerSystemsSetup::TestResults r) { tested = r; });
        QVERIFY(QTest::qWaitFor([&] { return tested.has_value(); }, 20000));
        QVERIFY(tested->value(QStringLiteral("Stripe")).ok());
        QVERIFY(!tested->value(QStringLiteral("dhl")).ok());
        QCOMPARE(tested->value(QStringLiteral("dhl")).error().kind, models::Error::Kind::Config);
        QVERIFY(server.received(QStringLiteral("dhl.track")).empty());

        for (const QString &bad : {s.dhlUrl, QStringLiteral("http://api-eu.dhl.com")}) {
            s.dhlUrl = bad;
            std::optional<models::Result<void>> saved;
            setup.save(s, secrets, this, [&](models::Result<void> r) { saved = r; });
            QVERIFY(QTest::qWaitFor([&] { return saved.has_value(); }, 20000));
            QVERIFY(!saved->ok());
            QCOMPARE(saved->error().kind, models::Error::Kind::Config);
            QVERIFY(saved->error().message.startsWith(u"DHL"));
            QVERIFY(!saved->error().message.contains(u"hunter2"));
            QCOMPARE(stored.saves, 0);
        }
    }
};

QTEST_GUILESS_MAIN(CustomerSystemsSetupTest)
#include "customersystemssetup_test.moc"
