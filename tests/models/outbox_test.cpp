// The outbox and the changes that fill it: a change to the local ticket and its outgoing entry are
// one transaction; entries keep their order per ticket; a crash's in-flight entries come back marked
// as possibly sent; people can retry or drop what failed.
#include <models/auditlog.h>
#include <models/draftstore.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>

#include <nlohmann/json.hpp>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk::models;
using cosmicdesk::triage::Priority;

namespace {

Ticket ticket(qint64 id, TicketStatus status = TicketStatus::Open)
{
    Ticket t;
    t.id = id;
    t.subject = QStringLiteral("Ticket %1").arg(id);
    t.description = QStringLiteral("Body");
    t.status = status;
    t.priority = Priority::P2;
    t.tags = {QStringLiteral("billing")};
    t.createdAt = 1790000000;
    t.updatedAt = 1790000100 + id;
    return t;
}

int count(TicketStore &store, const QString &sql)
{
    QSqlQuery q(store.db());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace

class OutboxTest : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    std::unique_ptr<TicketStore> store;

private Q_SLOTS:
    void init()
    {
        QFile::remove(dir.filePath(QStringLiteral("w.cosmicdesk")));
        auto s = TicketStore::open(dir.filePath(QStringLiteral("w.cosmicdesk")));
        QVERIFY(s.ok());
        store = std::move(s).value();
        StoreBatch b;
        for (qint64 id : {1, 2, 3})
            b.tickets.push_back(ticket(id));
        b.tickets.push_back(ticket(4, TicketStatus::Closed));
        QVERIFY(store->write(b).ok());
    }
    void cleanup() { store.reset(); }

    void aChange_isAppliedLocally_queued_andAudited_inOneTransaction()
    {
        TicketChange c;
        c.status = TicketStatus::Solved;
        c.addTags = {QStringLiteral("refund")};
        c.comment = QStringLiteral("Refunded, 5-10 days.");
        c.commentPublic = true;
        auto ids = queueTicketChanges(*store, {{1, c}}, {QStringLiteral("Rosa"), 8100231});
        QVERIFY2(ids.ok(), qPrintable(ids.ok() ? QString() : ids.error().message));
        QCOMPARE(ids.value().size(), std::size_t(1));
        const Ticket t = *store->ticket(1).value();
        QCOMPARE(t.status, TicketStatus::Solved);
        QVERIFY(t.tags.contains(QStringLiteral("refund")) && t.tags.contains(QStringLiteral("billing")));
        QCOMPARE(t.updatedAt, ticket(1).updatedAt); // Zendesk's stamp stays until Zendesk has the change
        // The reply shows at once, as a local comment linked to its outgoing change.
        const auto comments = store->comments(1).value();
        QCOMPARE(comments.size(), std::size_t(1));
        QVERIFY(comments.front().id < 0);
        QCOMPARE(comments.front().body, *c.comment);
        QCOMPARE(count(*store, QStringLiteral("SELECT outbox_id FROM comments WHERE ticket_id = 1")), int(ids.value().front()));

        OutboxStore outbox(store->db());
        const auto e = outbox.entry(ids.value().front()).value();
        QVERIFY(e.has_value());
        QCOMPARE(e->state, OutboxState::Queued);
        QCOMPARE(e->orderKey, zendeskOrderKey(1));
        QCOMPARE(e->baseStamp, ticket(1).updatedAt);
        QCOMPARE(e->actor, QStringLiteral("Rosa"));
        QVERIFY(!e->idempotencyKey.isEmpty());
        const auto payload = nlohmann::json::parse(e->payload.toStdString());
        QVERIFY(payload["status"] == "solved");
        QVERIFY(payload["additional_tags"][0] == "refund");
        QVERIFY(payload["comment"]["public"] == true);
        QVERIFY(!payload.contains("safe_update")); // the worker adds the stamp it knows at send time
        QVERIFY(TicketChange::fromZendesk(payload).value() == c);

        const auto audit = AuditLog(store->db()).entries({}).value();
        QCOMPARE(audit.size(), std::size_t(1));
        QCOMPARE(audit.front().action, QStringLiteral("reply"));
        QCOMPARE(audit.front().ticketId, qint64(1));
        QCOMPARE(audit.front().result, QStringLiteral("queued"));
    }

    void aFailingChange_writesNothing()
    {
        TicketChange ok;
        ok.priority = Priority::P0;
        TicketChange closed;
        closed.status = TicketStatus::Open;
        // The second ticket is closed: the first ticket's change must not be kept either.
        auto r = queueTicketChanges(*store, {{2, ok}, {4, closed}}, {QStringLiteral("Rosa")});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"closed"));
        QCOMPARE(store->ticket(2).value()->priority, std::optional<Priority>(Priority::P2));
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM outbox")), 0);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit_log")), 0);
        QVERIFY(!queueTicketChanges(*store, {{99, ok}}, {QStringLiteral("Rosa")}).ok());            // no such ticket
        QVERIFY(!queueTicketChanges(*store, {{2, TicketChange{}}}, {QStringLiteral("Rosa")}).ok()); // nothing to change
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM outbox")), 0);
    }

    void recover_putsInFlightBack_asPossiblySent_andOutcomesApplyOnlyInFlight()
    {
        TicketChange c;
        c.priority = Priority::P1;
        const auto ids = queueTicketChanges(*store, {{1, c}, {2, c}, {1, c}}, {QStringLiteral("Rosa")}).value();
        OutboxStore outbox(store->db());
        QVERIFY(outbox.markInFlight({ids[0], ids[1]}).ok());
        QCOMPARE(outbox.entry(ids[0]).value()->attempts, 1);
        QCOMPARE(outbox.recover().value(), 2);
        auto first = *outbox.entry(ids[0]).value();
        QCOMPARE(first.state, OutboxState::Queued);
        QVERIFY(first.maybeSent);
        QVERIFY(!outbox.entry(ids[2]).value()->maybeSent);

        QVERIFY(outbox.markInFlight({ids[0]}).ok());
        QVERIFY(outbox.record({{ids[0], OutboxState::Done, 2, 0, false, 200, {}}, {ids[1], OutboxState::Done, 1, 0, false, 200, {}}}).ok());
        QCOMPARE(outbox.entry(ids[0]).value()->state, OutboxState::Done);
        QVERIFY(outbox.entry(ids[0]).value()->finishedAt > 0);
        QCOMPARE(outbox.entry(ids[1]).value()->state, OutboxState::Queued); // it was not in flight

        const auto waiting = outbox.waiting(QStringLiteral("zendesk")).value();
        QCOMPARE(waiting.size(), std::size_t(2));
        QCOMPARE(waiting[0].id, ids[1]);
        QCOMPARE(waiting[1].id, ids[2]); // id order
        const auto states = outbox.ticketStates().value();
        QCOMPARE(states.at(1).waiting, 1);
        QCOMPARE(states.at(2).waiting, 1);
        const auto counts = outbox.counts().value();
        QCOMPARE(counts.at(QStringLiteral("zendesk")).done, qint64(1));
        QCOMPARE(counts.at(QStringLiteral("zendesk")).queued, qint64(2));
    }

    void deadAndConflict_waitForAPerson_retryOrDrop()
    {
        TicketChange c;
        c.status = TicketStatus::Pending;
        const auto ids = queueTicketChanges(*store, {{3, c}, {3, c}}, {QStringLiteral("Rosa")}).value();
        OutboxStore outbox(store->db());
        QVERIFY(outbox.markInFlight({ids[0]}).ok());
        QVERIFY(outbox.record({{ids[0], OutboxState::Dead, 1, 0, false, 422, QStringLiteral("RecordInvalid")}}).ok());
        QCOMPARE(outbox.ticketStates({3}).value().at(3).needsAttention, 1);
        QCOMPARE(outbox.ticketStates({3}).value().at(3).waiting, 1);
        QVERIFY(outbox.retryNow(ids[0]).value());
        QCOMPARE(outbox.entry(ids[0]).value()->state, OutboxState::Queued);
        QVERIFY(outbox.drop(ids[0]).value());
        QCOMPARE(outbox.entry(ids[0]).value()->state, OutboxState::Dropped);
        QVERIFY(!outbox.drop(ids[0]).value()); // once
        QVERIFY(!outbox.retryNow(ids[0]).value());
        // A change applied moves the stamp its successors expect.
        QVERIFY(outbox.rebaseStamp(zendeskOrderKey(3), ticket(3).updatedAt, ticket(3).updatedAt + 50).ok());
        QCOMPARE(outbox.entry(ids[1]).value()->baseStamp, ticket(3).updatedAt + 50);
        QCOMPARE(outbox.purgeFinished(QDateTime::currentMSecsSinceEpoch() + 1000).value(), 1);
        QVERIFY(!outbox.entry(ids[0]).value().has_value());
    }

    void drafts_surviveAReopen_andAnEmptyOneIsGone()
    {
        Draft d;
        d.ticketId = 2;
        d.body = QStringLiteral("Hi Mateo,\nthe refund is on its way.");
        d.isPublic = false;
        d.submitStatus = QStringLiteral("pending");
        d.addTags = {QStringLiteral("refund"), QStringLiteral("vip")};
        QVERIFY(DraftStore(store->db()).save(d).ok());
        const QString path = store->path();
        store.reset();
        store = std::move(TicketStore::open(path)).value();
        const auto back = DraftStore(store->db()).draft(2).value();
        QVERIFY(back.has_value());
        QCOMPARE(back->body, d.body);
        QVERIFY(!back->isPublic);
        QCOMPARE(back->submitStatus, QStringLiteral("pending"));
        QCOMPARE(back->addTags, d.addTags);
        d.body = QStringLiteral("   ");
        d.submitStatus.clear();
        d.addTags.clear();
        QVERIFY(DraftStore(store->db()).save(d).ok());
        QVERIFY(!DraftStore(store->db()).draft(2).value().has_value());
    }

    void auditLog_filtersAndPurges()
    {
        AuditLog log(store->db());
        for (int i = 0; i < 5; ++i)
            QVERIFY(log.append({0,
                                1000 + i,
                                i % 2 ? QStringLiteral("automation") : QStringLiteral("Rosa"),
                                i % 2 ? QStringLiteral("automation") : QStringLiteral("agent"),
                                QStringLiteral("status"),
                                i,
                                {},
                                {},
                                QStringLiteral("sent"),
                                0})
                        .ok());
        QCOMPARE(log.entries({}).value().size(), std::size_t(5));
        QCOMPARE(log.entries({}).value().front().at, qint64(1004)); // newest first
        AuditQuery byActor;
        byActor.actor = QStringLiteral("Rosa");
        QCOMPARE(log.entries(byActor).value().size(), std::size_t(3));
        AuditQuery window;
        window.since = 1001;
        window.until = 1003;
        QCOMPARE(log.entries(window).value().size(), std::size_t(3));
        QCOMPARE(log.purge(1002).value(), 2);
        QCOMPARE(log.entries({}).value().size(), std::size_t(3));
    }

    void auditLog_handlingTime_isTheMedianGapToTheNextTicket()
    {
        AuditLog log(store->db());
        const auto add = [&](const QString &actor, const QString &origin, qint64 atSecs, qint64 ticket) {
            QVERIFY(
                log.append({0, atSecs * 1000, actor, origin, QStringLiteral("reply"), ticket, {}, {}, QStringLiteral("queued"), 0}).ok());
        };
        // Rosa: ticket 1 at 0 s, again at 60 s (the same ticket: no gap), ticket 2 at 360 s (300 s after
        // her last action), ticket 3 at 960 s (600 s), then a break of 2 h before ticket 4.
        add(QStringLiteral("Rosa"), QStringLiteral("agent"), 0, 1);
        add(QStringLiteral("Rosa"), QStringLiteral("agent"), 60, 1);
        add(QStringLiteral("Rosa"), QStringLiteral("agent"), 360, 2);
        add(QStringLiteral("Rosa"), QStringLiteral("agent"), 960, 3);
        add(QStringLiteral("Rosa"), QStringLiteral("agent"), 960 + 7200, 4);
        // Will: ticket 5 at 100 s, ticket 6 at 500 s (400 s). Rosa's and Will's actions interleave in
        // time but are never one agent's gap.
        add(QStringLiteral("Will"), QStringLiteral("agent"), 100, 5);
        add(QStringLiteral("Will"), QStringLiteral("agent"), 500, 6);
        // The automation does not handle tickets.
        add(QStringLiteral("automation"), QStringLiteral("automation"), 200, 7);
        add(QStringLiteral("automation"), QStringLiteral("automation"), 210, 8);
        const auto h = log.handlingTime(0).value();
        QCOMPARE(h.samples, qint64(3)); // 300, 400, 600
        QCOMPARE(h.medianSecs, 400.0);
        // From 350 s on only Rosa's 360 → 960 remains: Will's 100 s action is before the window.
        QCOMPARE(log.handlingTime(350 * 1000).value().samples, qint64(1));
        QCOMPARE(log.handlingTime(350 * 1000).value().medianSecs, 600.0);
    }

    void aSyncPage_doesNotUndoAChangeStillOnItsWay()
    {
        TicketChange c;
        c.status = TicketStatus::Pending;
        c.addTags = {QStringLiteral("waiting_on_carrier")};
        const auto ids = queueTicketChanges(*store, {{1, c}}, {QStringLiteral("Rosa")}).value();
        // Zendesk's older version arrives from the sync (someone edited the subject meanwhile).
        Ticket fromZendesk = ticket(1);
        fromZendesk.subject = QStringLiteral("Edited in Zendesk");
        fromZendesk.updatedAt += 30;
        StoreBatch page;
        page.tickets.push_back(fromZendesk);
        QVERIFY(store->write(page).ok());
        Ticket t = *store->ticket(1).value();
        QCOMPARE(t.subject, QStringLiteral("Edited in Zendesk")); // Zendesk's news kept
        QCOMPARE(t.updatedAt, fromZendesk.updatedAt);             // and its version
        QCOMPARE(t.status, TicketStatus::Pending);                // our change still shown
        QVERIFY(t.tags.contains(QStringLiteral("waiting_on_carrier")));
        // Once it is done, Zendesk's word is final.
        OutboxStore outbox(store->db());
        QVERIFY(outbox.markInFlight(ids).ok());
        QVERIFY(outbox.record({{ids[0], OutboxState::Done, 1, 0, false, 200, {}}}).ok());
        QVERIFY(store->write(page).ok());
        QCOMPARE(store->ticket(1).value()->status, TicketStatus::Open);
    }

    void zendeskPayload_isValidatedWhenRead()
    {
        QVERIFY(!TicketChange::fromZendesk(nlohmann::json::parse(R"({"status":"sleeping"})")).ok());
        QVERIFY(!TicketChange::fromZendesk(nlohmann::json::parse(R"({"priority":"P7"})")).ok());
        QVERIFY(!TicketChange::fromZendesk(nlohmann::json::parse(R"({"additional_tags":"x"})")).ok());
        QVERIFY(!TicketChange::fromZendesk(nlohmann::json::parse(R"({"comment":{"public":true}})")).ok());
        QVERIFY(!TicketChange::fromZendesk(nlohmann::json::parse("[1]")).ok());
        const auto c = TicketChange::fromZendesk(nlohmann::json::parse(R"({"assignee_id":null,"group_id":7,"priority":"urgent"})")).value();
        QCOMPARE(c.assigneeId, std::optional<qint64>(0));
        QCOMPARE(c.groupId, std::optional<qint64>(7));
        QCOMPARE(c.priority, std::optional<Priority>(Priority::P0));
    }
};

QTEST_GUILESS_MAIN(OutboxTest)
#include "outbox_test.moc"
