// CustomerViewService against the sandbox's Salesforce, Stripe, carriers and product API over real
// HTTP, with the orders from the workspace's SQLite tables: the full view, one source failing alone,
// rapid selection changes, the offline (stale) open, the disputed charge first.
#include <connectors/customersources.h>
#include <models/ticketstore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <services/customerviewservice.h>
#include <support/testworkspace.h>

#include <QDateTime>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;
using services::CustomerSection;
using services::CustomerViewService;
using State = services::SectionStatus::State;

connectors::CustomerSources sandboxSources(const QString &url, const sandbox::CustomerFakeOptions &o, const QString &orders)
{
    const auto systems = sandbox::sandboxCustomerSystems(url, o, orders);
    return connectors::buildCustomerSources(systems.config, systems.secrets);
}

class CustomerViewServiceTest : public QObject
{
    Q_OBJECT

    static constexpr qint64 kTickets = 300;
    static constexpr std::uint64_t kSeed = 21;
    qint64 m_now = 0;
    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<sandbox::DemoWorld> world;
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::CustomerFakes> fakes;
    std::unique_ptr<models::TicketStore> store;

    std::unique_ptr<CustomerViewService> service(std::chrono::seconds ttl = std::chrono::minutes(10))
    {
        return std::make_unique<CustomerViewService>(*store, sandboxSources(server->baseUrl(), fakes->options(), ws->path()), ttl);
    }
    static bool waitSettled(CustomerViewService &s, int ms = 15000)
    {
        return QTest::qWaitFor([&] { return s.view().settled(); }, ms);
    }
    // A ticket whose requester has orders with tracking numbers and Salesforce cases.
    qint64 richTicket()
    {
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT t.id FROM tickets t JOIN shop_orders o ON o.zendesk_user_id = t.requester_id"
                              " WHERE o.tracking_number IS NOT NULL ORDER BY t.id"));
        while (q.next()) {
            const qint64 id = q.value(0).toLongLong();
            const qint64 requester = store->ticket(id).value()->requesterId;
            for (std::size_t i = 0; i < world->accounts().size(); ++i)
                for (const auto &c : world->accountWorld(i).cases)
                    if (world->people()[c.person].id == requester)
                        return id;
        }
        return 0;
    }
    qint64 otherRequesterTicket(qint64 than)
    {
        const qint64 requester = store->ticket(than).value()->requesterId;
        for (qint64 id = 10001; id < 10001 + kTickets; ++id)
            if (store->ticket(id).value()->requesterId != requester)
                return id;
        return 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_now = QDateTime::currentSecsSinceEpoch() - 3600;
        ws = std::make_unique<testsupport::TestWorkspace>(kTickets, kSeed, m_now);
        QVERIFY2(ws->isValid(), qPrintable(ws->error()));
        sandbox::DemoOptions o;
        o.tickets = kTickets;
        o.seed = kSeed;
        o.now = m_now;
        world = std::make_unique<sandbox::DemoWorld>(o);
        auto opened = models::TicketStore::open(ws->path());
        QVERIFY(opened.ok());
        store = std::move(opened).value();
    }

    void init()
    {
        server = std::make_unique<sandbox::HttpSandbox>(5);
        QVERIFY(server->start() != 0);
        fakes = std::make_unique<sandbox::CustomerFakes>(*server, *world);
        QSqlQuery(store->db()).exec(QStringLiteral("DELETE FROM customer_cache"));
    }

    void fullViewFromEverySource()
    {
        const qint64 ticket = richTicket();
        QVERIFY(ticket);
        auto s = service();
        QSignalSpy changed(s.get(), &CustomerViewService::viewChanged);
        s->load(ticket);
        QCOMPARE(changed.size(), 1); // the (empty) view at once
        QCOMPARE(s->view()[CustomerSection::Crm].state, State::Loading);
        QVERIFY(waitSettled(*s));
        const auto &v = s->view();
        for (int i = 0; i < services::kCustomerSectionCount; ++i)
            QVERIFY2(v.status[std::size_t(i)].state == State::Fresh,
                     qPrintable(
                         QStringLiteral("section %1: %2")
                             .arg(i)
                             .arg(v.status[std::size_t(i)].errors.empty() ? QString() : v.status[std::size_t(i)].errors.front().message)));
        const auto requester = store->user(v.requesterId).value();
        QCOMPARE(v.crm.contact->email, requester->email);
        QVERIFY(v.crm.account.has_value());
        QVERIFY(!v.crm.cases.empty());
        QVERIFY(!v.charges.empty());
        QCOMPARE(v.charges.front().customerId, requester->stripeCustomerId);
        QVERIFY(!v.orders.empty());
        QVERIFY(v.orders.front().items.front().product.has_value()); // product details from the product API
        QVERIFY(!v.shipments.empty());
        QVERIFY(!v.shipments.front().events.empty());
    }

    void oneSourceFailingOrSlowLeavesTheOthers()
    {
        const qint64 ticket = richTicket();
        sandbox::FaultKnobs broken;
        broken.errorRate = 1.0;
        server->setKnobs(QStringLiteral("stripe"), broken);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 1500;
        server->setKnobs(QStringLiteral("salesforce"), slow);
        auto s = service();
        s->load(ticket);
        // Orders, shipments and the failed payments settle while Salesforce is still on its way.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return s->view()[CustomerSection::Orders].state == State::Fresh &&
                       s->view()[CustomerSection::Shipments].state == State::Fresh &&
                       s->view()[CustomerSection::Payments].state == State::Failed;
            },
            10000));
        QCOMPARE(s->view()[CustomerSection::Crm].state, State::Loading);
        QVERIFY(!s->view()[CustomerSection::Payments].errors.empty());
        QVERIFY(waitSettled(*s));
        QCOMPARE(s->view()[CustomerSection::Crm].state, State::Fresh);
        QCOMPARE(s->view()[CustomerSection::Payments].state, State::Failed);
        // Retry once the source is back.
        server->setKnobs(QStringLiteral("stripe"), {});
        s->retry(CustomerSection::Payments);
        QVERIFY(waitSettled(*s));
        QCOMPARE(s->view()[CustomerSection::Payments].state, State::Fresh);
        QVERIFY(!s->view().charges.empty());
    }

    void rapidSelectionNeverShowsAnotherCustomer()
    {
        const qint64 first = richTicket();
        const qint64 second = otherRequesterTicket(first);
        QVERIFY(second);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 200;
        slow.latencyJitterMs = 200;
        server->setKnobs(QStringLiteral("*"), slow);
        auto s = service();
        for (int round = 0; round < 3; ++round) {
            s->load(first);
            QTest::qWait(60);
            s->load(second);
            QVERIFY(waitSettled(*s));
            const auto &v = s->view();
            const auto requester = store->user(store->ticket(second).value()->requesterId).value();
            QCOMPARE(v.requesterId, requester->id);
            if (v.crm.contact)
                QCOMPARE(v.crm.contact->email, requester->email);
            for (const auto &c : v.charges)
                QCOMPARE(c.customerId, requester->stripeCustomerId);
            QSqlQuery(store->db()).exec(QStringLiteral("DELETE FROM customer_cache"));
        }
    }

    void offlineOpenShowsTheCacheMarkedStale()
    {
        const qint64 ticket = richTicket();
        {
            auto s = service();
            s->load(ticket);
            QVERIFY(waitSettled(*s));
        }
        const QString url = server->baseUrl();
        const sandbox::CustomerFakeOptions credentials = fakes->options();
        fakes.reset();
        server.reset(); // offline: nothing answers on that port any more
        // Everything cached is past its TTL.
        auto s = std::make_unique<CustomerViewService>(*store, sandboxSources(url, credentials, ws->path()), std::chrono::seconds(0));
        s->load(ticket);
        // At once, before any answer: every section from the store, marked stale with its age.
        for (int i = 0; i < services::kCustomerSectionCount; ++i) {
            QCOMPARE(s->view().status[std::size_t(i)].state, State::Stale);
            QVERIFY(s->view().status[std::size_t(i)].fetchedAt > 0);
        }
        QVERIFY(!s->view().charges.empty());
        QVERIFY(!s->view().orders.empty() && !s->view().shipments.empty());
        QVERIFY(s->view().crm.contact.has_value());
        QVERIFY(waitSettled(*s, 30000));
        // The refresh failed (the HTTP sources) but the cached data stays, still stale, with the reason.
        QCOMPARE(s->view()[CustomerSection::Crm].state, State::Stale);
        QVERIFY(!s->view()[CustomerSection::Crm].errors.empty());
        QVERIFY(s->view().crm.contact.has_value());
    }

    void disputedChargeComesFirst()
    {
        // A requester whose account has a disputed charge writes about it (copies: accountWorld() makes a new world each call).
        qint64 requester = 0, amount = 0, created = 0;
        std::string chargeId;
        for (std::size_t i = 0; i < world->accounts().size() && chargeId.empty(); ++i) {
            const auto w = world->accountWorld(i);
            for (const auto &o : w.orders)
                if (!o.disputes.empty() && o.charge.amount > 0) {
                    chargeId = o.charge.id;
                    amount = o.charge.amount;
                    created = o.charge.created;
                    requester = world->people()[o.person].id;
                    break;
                }
        }
        QVERIFY(!chargeId.empty());
        models::Ticket t;
        t.id = 990001;
        t.requesterId = requester;
        t.subject = QStringLiteral("Chargeback notice");
        t.description = QStringLiteral("My bank shows a dispute for S$%1 from your shop. What happened?")
                            .arg(QString::number(double(amount) / 100.0, 'f', 2));
        t.createdAt = t.updatedAt = created + 86400;
        QVERIFY(store->write(models::StoreBatch{{}, {}, {}, {t}, {}}).ok());
        auto s = service();
        s->load(t.id);
        QVERIFY(waitSettled(*s));
        QCOMPARE(s->view().highlightedChargeId, QString::fromStdString(chargeId));
        QCOMPARE(s->view().charges.front().id, QString::fromStdString(chargeId));
        QVERIFY(!s->view().charges.front().disputes.empty());
    }
};

QTEST_GUILESS_MAIN(CustomerViewServiceTest)
#include "customerviewservice_test.moc"
