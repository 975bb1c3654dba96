// The consolidated record and the lake's bookkeeping: what a record holds (the ticket, its people,
// the customer view's cache, triage, decisions), a new version only when the content changed, one
// transaction that queues it per destination, validation failures reported once, loads counted.
#include <models/alertstore.h>
#include <models/customer.h>
#include <models/customercache.h>
#include <models/lakestore.h>
#include <models/outbox.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>

#include <nlohmann/json.hpp>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk::models;

namespace {

int count(TicketStore &store, const QString &sql)
{
    QSqlQuery q(store.db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

constexpr qint64 kNow = 1795305600;

} // namespace

class LakeStoreTest : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<TicketStore> store;

    void exec(const QString &sql)
    {
        QSqlQuery q(store->db());
        QVERIFY2(q.exec(sql), qPrintable(sql));
    }

private Q_SLOTS:
    void init()
    {
        QFile::remove(dir.filePath(QStringLiteral("w.cosmicdesk")));
        auto s = TicketStore::open(dir.filePath(QStringLiteral("w.cosmicdesk")));
        QVERIFY(s.ok());
        store = std::move(s).value();
        StoreBatch b;
        Account acme;
        acme.id = 77;
        acme.name = QStringLiteral("Acme Tea");
        acme.plan = QStringLiteral("Enterprise");
        acme.mrrCents = 420000;
        acme.kamName = QStringLiteral("Priya Raman");
        acme.kamEmail = QStringLiteral("priya@cosmic.example");
        acme.salesforceAccountId = QStringLiteral("001AAA");
        b.organizations.push_back(acme);
        User jane;
        jane.id = 501;
        jane.name = QStringLiteral("Jane Tan");
        jane.email = QStringLiteral("jane@acme.example");
        jane.organizationId = 77;
        b.users.push_back(jane);
        User agent;
        agent.id = 9;
        agent.name = QStringLiteral("Sam Agent");
        agent.role = User::Role::Agent;
        b.users.push_back(agent);
        b.groups.push_back(Group{3, QStringLiteral("Billing")});
        for (qint64 id = 1; id <= 1200; ++id) {
            Ticket t;
            t.id = id;
            t.subject = QStringLiteral("Refund for order %1").arg(id);
            t.description = QStringLiteral("Body");
            t.status = id % 2 ? TicketStatus::Open : TicketStatus::Solved;
            t.priority = cosmicdesk::triage::Priority::P2;
            t.channel = Channel::Email;
            t.requesterId = 501;
            t.organizationId = 77;
            t.assigneeId = 9;
            t.groupId = 3;
            t.tags = {QStringLiteral("refund"), QStringLiteral("vip")};
            t.createdAt = kNow - 86400;
            t.updatedAt = kNow - 3600;
            b.tickets.push_back(t);
        }
        QVERIFY(store->write(b).ok());
    }

    void record_holdsTheTicketItsPeopleAndTheCustomerView()
    {
        // The customer view's cache for the requester: a charge with a dispute, an order, its shipment.
        CustomerCache cache(store->db());
        QVERIFY(cache
                    .put(QStringLiteral("user:501"), QStringLiteral("payments"), kNow - 60,
                         R"([{"id":"ch_old","status":"succeeded","amount":500,"currency":"sgd","created":100},
                             {"id":"ch_new","status":"succeeded","amount":9800,"currency":"sgd","created":200,"amountRefunded":9800,
                              "disputes":[{"id":"dp_1","status":"needs_response","reason":"fraudulent","created":300}]}])")
                    .ok());
        QVERIFY(
            cache
                .put(QStringLiteral("user:501"), QStringLiteral("orders"), kNow - 120,
                     R"([{"id":5002,"status":"delivered","currency":"sgd","totalCents":4900,"createdAt":1714700000,"trackingNumber":"DHL1"},
                             {"id":5001,"status":"shipped","currency":"sgd","totalCents":9800,"createdAt":1714600000,"trackingNumber":"NV1"}])")
                .ok());
        QVERIFY(
            cache
                .put(QStringLiteral("user:501"), QStringLiteral("shipments"), kNow - 30,
                     R"([{"carrier":"ninjavan","trackingNumber":"NV1","status":1},{"carrier":"dhl","trackingNumber":"DHL1","status":4}])")
                .ok());
        TriageStore triage(store->db());
        TriageDecision d;
        d.ticketId = 1;
        d.field = TriageDecision::Field::Team;
        d.suggested = QStringLiteral("Billing");
        d.chosen = QStringLiteral("Logistics");
        d.agent = QStringLiteral("Sam Agent");
        d.decidedAt = kNow - 10;
        QVERIFY(triage.recordDecision(d).ok());

        LakeStore lake(store->db());
        auto built = lake.build({1, 99999}, kNow);
        QVERIFY(built.ok());
        QCOMPARE(built.value().size(), std::size_t(1)); // an id no longer stored is left out
        const ConsolidatedRecord &r = built.value().front();
        QCOMPARE(r.ticketId(), qint64(1));
        QCOMPARE(r.get("subject").toString(), QStringLiteral("Refund for order 1"));
        QCOMPARE(r.get("status").toString(), QStringLiteral("open"));
        QCOMPARE(r.get("group_name").toString(), QStringLiteral("Billing"));
        QCOMPARE(r.get("assignee_name").toString(), QStringLiteral("Sam Agent"));
        QCOMPARE(r.get("requester_email").toString(), QStringLiteral("jane@acme.example"));
        QCOMPARE(r.get("organization_name").toString(), QStringLiteral("Acme Tea"));
        QCOMPARE(r.get("mrr_cents").toLongLong(), qint64(420000));
        QCOMPARE(r.get("kam_email").toString(), QStringLiteral("priya@cosmic.example"));
        QCOMPARE(r.get("sf_account_id").toString(), QStringLiteral("001AAA"));
        QCOMPARE(r.get("charge_id").toString(), QStringLiteral("ch_new")); // the newest charge
        QCOMPARE(r.get("charge_refunded").toBool(), true);
        QCOMPARE(r.get("charge_currency").toString(), QStringLiteral("SGD"));
        QCOMPARE(r.get("dispute_reason").toString(), QStringLiteral("fraudulent"));
        QCOMPARE(r.get("order_id").toLongLong(), qint64(5002));                  // the newest order …
        QCOMPARE(r.get("shipment_tracking").toString(), QStringLiteral("DHL1")); // … and its shipment
        QCOMPARE(r.get("shipment_status").toString(), shipmentStatusName(ShipmentStatus::Delivered));
        QCOMPARE(r.get("customer_data_at").toLongLong(), kNow - 120); // the oldest section used
        QCOMPARE(r.get("final_priority").toString(), QStringLiteral("P2"));
        QCOMPARE(r.get("final_team").toString(), QStringLiteral("Logistics"));
        QVERIFY(r.get("triage_engine").isNull()); // not triaged yet
        QVERIFY(r.validationError().isEmpty());
        // The payload round trip keeps every value.
        auto back = parseLakePayload(lakePayload({&r}));
        QVERIFY(back.ok());
        QCOMPARE(back.value().front().values, r.values);
    }

    void queue_versionsOnChange_andQueuesEachDestinationOnce()
    {
        LakeStore lake(store->db());
        auto stale = lake.stale({kLakeRds, kLakeSnowflake});
        QVERIFY(stale.ok());
        QCOMPARE(stale.value().size(), std::size_t(1200));
        auto q = lake.queue(stale.value(), {kLakeRds, kLakeSnowflake}, kNow, 500);
        QVERIFY2(q.ok(), qPrintable(q.ok() ? QString() : q.error().message));
        QCOMPARE(q.value().newVersions, qint64(1200));
        QCOMPARE(q.value().queued.at(kLakeRds), qint64(1200));
        QCOMPARE(q.value().queued.at(kLakeSnowflake), qint64(1200));
        QCOMPARE(q.value().outboxIds.size(), std::size_t(6)); // 500 + 500 + 200, for each
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'lake.records' AND destination = 'rds'")), 3);
        auto entry = OutboxStore(store->db()).entry(q.value().outboxIds.front());
        QVERIFY(entry.ok() && entry.value());
        auto rows = parseLakePayload(entry.value()->payload);
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), std::size_t(500));
        QCOMPARE(rows.value().front().version(), qint64(1));

        // Nothing changed: nothing is stale, and queueing again makes no version and no entry.
        QCOMPARE(lake.stale({kLakeRds, kLakeSnowflake}).value().size(), std::size_t(0));
        auto again = lake.queue({1, 2, 3}, {kLakeRds, kLakeSnowflake}, kNow + 5);
        QVERIFY(again.ok());
        QCOMPARE(again.value().newVersions, qint64(0));
        QVERIFY(again.value().outboxIds.empty());

        // A ticket changes: it is stale, gets version 2, queued once more per destination.
        exec(QStringLiteral("UPDATE tickets SET status = 4, updated_at = %1 WHERE id = 7").arg(kNow + 60));
        auto changed = lake.stale({kLakeRds, kLakeSnowflake});
        QCOMPARE(changed.value(), std::vector<qint64>({7}));
        auto v2 = lake.queue(changed.value(), {kLakeRds, kLakeSnowflake}, kNow + 61);
        QCOMPARE(v2.value().newVersions, qint64(1));
        QCOMPARE(v2.value().queued.at(kLakeRds), qint64(1));
        auto e2 = OutboxStore(store->db()).entry(v2.value().outboxIds.front());
        auto r2 = parseLakePayload(e2.value()->payload);
        QCOMPARE(r2.value().front().version(), qint64(2));
        QCOMPARE(r2.value().front().get("status").toString(), QStringLiteral("solved"));

        // Queued for one destination only: the other one's still due.
        exec(QStringLiteral("UPDATE tickets SET subject = 'Changed', updated_at = %1 WHERE id = 8").arg(kNow + 90));
        auto onlyRds = lake.queue({8}, {kLakeRds}, kNow + 91);
        QCOMPARE(onlyRds.value().queued.at(kLakeRds), qint64(1));
        QVERIFY(!onlyRds.value().queued.count(kLakeSnowflake));
        QCOMPARE(lake.stale({kLakeSnowflake}).value(), std::vector<qint64>({8}));
        QCOMPARE(lake.stale({kLakeRds}).value().size(), std::size_t(0));
    }

    void invalidRecord_reportedOnceWithItsReason_notQueued()
    {
        LakeStore lake(store->db());
        exec(QStringLiteral("UPDATE tickets SET tags = '%1' WHERE id = 5").arg(QString(5000, u'x')));
        auto q = lake.queue({4, 5, 6}, {kLakeRds}, kNow);
        QVERIFY(q.ok());
        QCOMPARE(q.value().invalid, qint64(1));
        QCOMPARE(q.value().queued.at(kLakeRds), qint64(2));
        auto f = lake.failures(10);
        QCOMPARE(f.value().size(), std::size_t(1));
        QCOMPARE(f.value().front().ticketId, qint64(5));
        QCOMPARE(f.value().front().reason, QStringLiteral("tags has 5,000 characters, at most 4,096"));
        // Still invalid, unchanged: not reported again, not queued.
        auto again = lake.queue({5}, {kLakeRds}, kNow + 1);
        QCOMPARE(again.value().invalid, qint64(1));
        QVERIFY(again.value().outboxIds.empty());
        QCOMPARE(lake.failures(10).value().size(), std::size_t(1));
        // Fixed: a new version, queued.
        exec(QStringLiteral("UPDATE tickets SET tags = 'ok', updated_at = %1 WHERE id = 5").arg(kNow + 30));
        auto fixed = lake.queue({5}, {kLakeRds}, kNow + 31);
        QCOMPARE(fixed.value().invalid, qint64(0));
        QCOMPARE(fixed.value().queued.at(kLakeRds), qint64(1));
    }

    void validation_namesEachProblem()
    {
        ConsolidatedRecord r;
        r.set("ticket_id", qint64(0));
        r.set("record_version", qint64(1));
        r.set("schema_version", qint64(1));
        r.set("built_at", kNow);
        r.set("channel", QStringLiteral("email"));
        r.set("created_at", qint64(1795305600000)); // milliseconds by mistake
        r.set("updated_at", kNow);
        r.set("suggested_priority", QStringLiteral("P7"));
        r.set("kam_email", QStringLiteral("not an address"));
        r.set("mrr_cents", qint64(-5));
        const QString why = r.validationError();
        QVERIFY2(why.contains(QStringLiteral("status is missing")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("created_at is not a time")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("ticket_id is not a ticket")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("suggested_priority is not P0–P3 (P7)")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("kam_email is not an e-mail address")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("mrr_cents is negative")), qPrintable(why));
    }

    void loads_areCounted()
    {
        LakeStore lake(store->db());
        QVERIFY(lake.queue({1, 2, 3}, {kLakeRds}, kNow).ok());
        {
            Transaction tx(store->db());
            QVERIFY(lake.markLoaded(kLakeRds, {{1, 1}, {2, 1}}, kNow + 5).ok());
            QVERIFY(tx.commit().ok());
        }
        auto c = lake.counts({kLakeRds});
        QVERIFY(c.ok());
        QCOMPARE(c.value().at(kLakeRds).loaded, qint64(2));
        QCOMPARE(c.value().at(kLakeRds).queued, qint64(1));
        QCOMPARE(c.value().at(kLakeRds).loadedAt, kNow + 5);
    }

    void payload_ofAnotherSchema_isRefusedByName()
    {
        auto r = parseLakePayload(R"({"schema":2,"columns":[],"rows":[]})");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("schema 2")));
        auto cols = parseLakePayload(R"({"schema":1,"columns":["ticket_id"],"rows":[]})");
        QVERIFY(!cols.ok());
        QVERIFY(!parseLakePayload("not json").ok());
    }

    void alerts_deduplicatedPerTicketKindLevelChannel_andCapped()
    {
        AlertStore alerts(store->db());
        const auto make = [](qint64 ticket, const QString &level) {
            return Alert{0,
                         ticket,
                         QStringLiteral("guardian"),
                         level,
                         QStringLiteral("email"),
                         QStringLiteral("kam@x.example"),
                         QStringLiteral("subject"),
                         QStringLiteral("body")};
        };
        OutboxEntry e;
        e.destination = QStringLiteral("sendgrid");
        e.kind = QStringLiteral("alert.mail");
        e.payload = "{}";
        auto first = alerts.raise(make(1, QStringLiteral("alert")), e, 2, kNow);
        QVERIFY(first.ok() && first.value());
        QCOMPARE(first.value()->state, QStringLiteral("queued"));
        QVERIFY(first.value()->outboxId > 0);
        auto dup = alerts.raise(make(1, QStringLiteral("alert")), e, 2, kNow + 1);
        QVERIFY(dup.ok());
        QVERIFY(!dup.value()); // the same ticket, kind, level and channel
        auto escalated = alerts.raise(make(1, QStringLiteral("critical")), e, 2, kNow + 2);
        QVERIFY(escalated.ok() && escalated.value()); // a higher level is news
        auto capped = alerts.raise(make(2, QStringLiteral("alert")), e, 2, kNow + 3);
        QVERIFY(capped.ok() && capped.value());
        QCOMPARE(capped.value()->state, QStringLiteral("suppressed"));
        QCOMPARE(capped.value()->outboxId, qint64(0));
        QVERIFY(capped.value()->reason.contains(QStringLiteral("cap is 2")));
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM outbox WHERE destination = 'sendgrid'")), 2);
        // An hour later the cap has room again.
        auto later = alerts.raise(make(3, QStringLiteral("alert")), e, 2, kNow + 3700);
        QCOMPARE(later.value()->state, QStringLiteral("queued"));
        auto recent = alerts.recent(10);
        QCOMPARE(recent.value().size(), std::size_t(4));
        QCOMPARE(recent.value().front().ticketId, qint64(3));
    }
};

QTEST_GUILESS_MAIN(LakeStoreTest)
#include "lakestore_test.moc"
