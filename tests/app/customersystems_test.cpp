// The customer systems of a real installation, configured as settings + secrets: the clients they
// make, and "Test" against the sandbox over real HTTP (and the demo workspace's orders via SQLite).
#include <app/customersystems.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <support/testworkspace.h>

#include <QDateTime>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class CustomerSystemsTest : public QObject
{
    Q_OBJECT

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

        app::CustomerSystemsSettings s;
        s.salesforceUrl = s.stripeUrl = s.dhlUrl = s.ninjaVanUrl = s.singPostUrl = s.productsUrl = server.baseUrl();
        s.salesforceClientId = f.salesforceClientId;
        s.ninjaVanClientId = f.ninjaVanClientId;
        s.ordersDriver = QStringLiteral("QSQLITE");
        s.ordersDatabase = ws.path();
        app::Secrets secrets{{QStringLiteral("salesforce_client_secret"), f.salesforceClientSecret},
                             {QStringLiteral("salesforce_refresh_token"), f.salesforceRefreshToken},
                             {QStringLiteral("stripe_key"), f.stripeKey},
                             {QStringLiteral("dhl_key"), f.dhlKey},
                             {QStringLiteral("ninjavan_client_secret"), f.ninjaVanClientSecret},
                             {QStringLiteral("singpost_key"), f.singPostKey},
                             {QStringLiteral("products_key"), f.productKey}};
        auto run = [&](const app::CustomerSystemsSettings &settings, const app::Secrets &sec) {
            std::optional<QMap<QString, QString>> out;
            app::customer_systems::test(settings, sec, this, [&](QMap<QString, QString> r) { out = r; });
            [&] { QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 20000)); }();
            return out.value_or(QMap<QString, QString>());
        };
        const auto all = run(s, secrets);
        QCOMPARE(all.size(), 7);
        for (auto it = all.begin(); it != all.end(); ++it)
            QVERIFY2(it.value().startsWith(u"✔"), qPrintable(it.key() + u": " + it.value()));

        app::Secrets wrong = secrets;
        wrong[QStringLiteral("stripe_key")] = QStringLiteral("sk_test_wrong");
        wrong[QStringLiteral("dhl_key")] = QStringLiteral("nope");
        const auto some = run(s, wrong);
        QVERIFY2(some.value(QStringLiteral("Stripe")).contains(u"refused"), qPrintable(some.value(QStringLiteral("Stripe"))));
        QVERIFY(some.value(QStringLiteral("dhl")).contains(u"refused"));
        QVERIFY(some.value(QStringLiteral("Salesforce")).startsWith(u"✔")); // the others unaffected

        // Nothing configured: no clients, nothing to call.
        app::CustomerSystemsSettings empty;
        empty.stripeUrl.clear();
        empty.dhlUrl.clear();
        const auto sources = app::customer_systems::buildSources(empty, {});
        QVERIFY(!sources.salesforce && !sources.stripe && !sources.orders && sources.carriers.empty() && !sources.products);
        QVERIFY(run(empty, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(CustomerSystemsTest)
#include "customersystems_test.moc"
