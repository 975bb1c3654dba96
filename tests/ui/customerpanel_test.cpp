// The customer panel over a live CustomerViewService (sandbox over real HTTP, orders from the
// workspace): skeletons while loading, data when fresh, a failed card with Retry that works.
#include <connectors/customersources.h>
#include <models/ticketstore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <services/customerviewservice.h>
#include <support/testworkspace.h>
#include <ui/customerpanel.h>

#include <QDateTime>
#include <QLabel>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class CustomerPanelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void cardsFollowTheSections()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch() - 3600;
        testsupport::TestWorkspace ws(200, 8, now);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        sandbox::DemoOptions o;
        o.tickets = 200;
        o.seed = 8;
        o.now = now;
        const sandbox::DemoWorld world(o);
        sandbox::HttpSandbox server(4);
        QVERIFY(server.start() != 0);
        sandbox::CustomerFakes fakes(server, world);
        auto store = models::TicketStore::open(ws.path());
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT t.id FROM tickets t JOIN shop_orders s ON s.zendesk_user_id = t.requester_id"
                                      " WHERE s.tracking_number IS NOT NULL LIMIT 1")) &&
                q.next());
        const qint64 ticket = q.value(0).toLongLong();
        q.finish();

        sandbox::FaultKnobs slow;
        slow.latencyMs = 300;
        server.setKnobs(QStringLiteral("*"), slow);
        sandbox::FaultKnobs broken = slow;
        broken.errorRate = 1.0;
        server.setKnobs(QStringLiteral("stripe"), broken);
        const auto systems = sandbox::sandboxCustomerSystems(server.baseUrl(), fakes.options(), ws.path());
        services::CustomerViewService service(*store.value(), connectors::buildCustomerSources(systems.config, systems.secrets));
        ui::CustomerPanel panel;
        panel.resize(420, 900);
        panel.show();
        panel.setService(&service);
        service.load(ticket);
        auto card = [&](const char *key) { return panel.findChild<QWidget *>(QStringLiteral("card_%1").arg(QLatin1String(key))); };
        auto text = [&](const char *key, const char *child) { return card(key)->findChild<QLabel *>(QLatin1String(child))->text(); };
        QVERIFY(card("crm")->isVisible());
        QCOMPARE(text("crm", "state"), QStringLiteral("Loading…"));
        QVERIFY(text("crm", "body").contains(u"background:#e4e7eb")); // the skeleton
        QVERIFY(QTest::qWaitFor([&] { return service.view().settled(); }, 20000));
        QVERIFY(text("crm", "state").startsWith(u"Updated"));
        QVERIFY(text("crm", "body").contains(service.view().crm.contact->name.toHtmlEscaped()));
        QVERIFY(!service.view().shipments.empty());
        QVERIFY(text("shipments", "body").contains(service.view().shipments.front().trackingNumber));
        QVERIFY(text("orders", "body").contains(QStringLiteral("#%1").arg(service.view().orders.front().id)));
        // Stripe failed alone: its card says so and offers Retry; the others are untouched.
        QVERIFY(text("payments", "state").contains(u"Failed"));
        auto *retry = card("payments")->findChild<QPushButton *>(QStringLiteral("retry"));
        QVERIFY(retry->isVisible());
        server.setKnobs(QStringLiteral("stripe"), slow);
        retry->click();
        QVERIFY(QTest::qWaitFor([&] { return text("payments", "state").startsWith(u"Updated"); }, 20000));
        QVERIFY(!retry->isVisible());
        QVERIFY(text("payments", "body").contains(service.view().charges.front().id));
    }
};

QTEST_MAIN(CustomerPanelTest)
#include "customerpanel_test.moc"
