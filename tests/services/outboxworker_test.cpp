// The outbox worker over real HTTP against the Zendesk sandbox and a real workspace: changes reach
// Zendesk in order per ticket, the local store learns the result, failures are retried and dead
// letters kept, a conflict waits for the agent, a change that may have been applied is never applied
// twice, and nothing is lost while the network is down.
#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <services/zendeskdestination.h>
#include <support/testworkspace.h>

#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace cosmicdesk;
using models::OutboxState;
using models::TicketChange;
using models::TicketStatus;

class OutboxWorkerTest : public QObject
{
    Q_OBJECT

    static constexpr qint64 kTickets = 40;
    static constexpr std::uint64_t kSeed = 29;
    qint64 m_now = 0;
    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    std::unique_ptr<models::TicketStore> store;

    services::OutboxDestinationFactory zendeskDestination(int timeoutMs = 5000)
    {
        const QString url = server->baseUrl();
        const auto o = zendesk->options();
        return [url, o, timeoutMs] {
            connectors::RestClient::Options ro;
            ro.baseUrl = QUrl(url);
            ro.maxAttempts = 1; // the outbox decides about retries
            ro.timeout = std::chrono::milliseconds(timeoutMs);
            ro.maxInFlightPerHost = 16;
            return std::make_unique<services::ZendeskDestination>(
                std::make_unique<connectors::ZendeskClient>(ro, std::make_shared<connectors::ZendeskTokenAuth>(o.agentEmail, o.apiToken)));
        };
    }

    std::unique_ptr<services::OutboxWorker> worker(int timeoutMs = 5000)
    {
        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(20);
        o.backoffCap = std::chrono::milliseconds(200);
        o.maxAttempts = 4;
        o.statusInterval = std::chrono::milliseconds(50);
        auto w = std::make_unique<services::OutboxWorker>(ws->path(), o);
        w->addDestination(zendeskDestination(timeoutMs));
        return w;
    }

    // Open tickets of the world, which Zendesk takes changes to.
    std::vector<qint64> openTickets(std::size_t n)
    {
        std::vector<qint64> out;
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1, 2, 3) ORDER BY id"));
        while (q.next() && out.size() < n)
            out.push_back(q.value(0).toLongLong());
        return out;
    }

    std::vector<qint64> queue(const std::vector<std::pair<qint64, TicketChange>> &changes)
    {
        auto r = models::queueTicketChanges(*store, changes, {QStringLiteral("Rosa Delgado")});
        [&] { QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message)); }();
        return r.ok() ? r.value() : std::vector<qint64>{};
    }

    models::OutboxState stateOf(qint64 id) { return models::OutboxStore(store->db()).entry(id).value()->state; }

    int commentsWithBody(qint64 ticket, const QString &body)
    {
        int n = 0;
        for (const auto &c : zendesk->comments(ticket))
            n += c.body == body;
        return n;
    }

private Q_SLOTS:
    void init()
    {
        m_now = QDateTime::currentSecsSinceEpoch() - 7200;
        ws = std::make_unique<testsupport::TestWorkspace>(kTickets, kSeed, m_now);
        QVERIFY(ws->isValid());
        server = std::make_unique<sandbox::HttpSandbox>(5);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions o;
        o.accountPerMinute = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, o);
        sandbox::DemoOptions w;
        w.tickets = kTickets;
        w.seed = kSeed;
        w.now = m_now;
        zendesk->load(sandbox::DemoWorld(w));
        store = std::move(models::TicketStore::open(ws->path())).value();
    }

    void cleanup()
    {
        store.reset();
        zendesk.reset();
        server.reset();
        ws.reset();
    }

    void changes_reachZendeskInOrder_andTheStoreLearnsTheResult()
    {
        const auto tickets = openTickets(3);
        QCOMPARE(tickets.size(), std::size_t(3));
        const qint64 t = tickets[0];
        TicketChange reply;
        reply.comment = QStringLiteral("We refunded the second charge today.");
        reply.commentPublic = true;
        TicketChange pending;
        pending.status = TicketStatus::Pending;
        pending.addTags = {QStringLiteral("refund")};
        TicketChange solved;
        solved.status = TicketStatus::Solved;
        const auto ids = queue({{t, reply}, {t, pending}, {t, solved}, {tickets[1], reply}});
        auto w = worker();
        QSignalSpy finished(w.get(), &services::OutboxWorker::entryFinished);
        w->start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 15000);
        for (qint64 id : ids)
            QCOMPARE(stateOf(id), OutboxState::Done);
        // Zendesk has everything once, in the order it was made (the three changes of one ticket
        // were three PUTs, each against the version the previous one left).
        QCOMPARE(zendesk->ticket(t)->status, TicketStatus::Solved);
        QVERIFY(zendesk->ticket(t)->tags.contains(QStringLiteral("refund")));
        QCOMPARE(commentsWithBody(t, *reply.comment), 1);
        QCOMPARE(commentsWithBody(tickets[1], *reply.comment), 1);
        std::vector<QByteArray> keys;
        for (const auto &r : server->received(QStringLiteral("zendesk.update")))
            if (r.path.contains(QString::number(t)))
                keys.push_back(r.header("idempotency-key"));
        QCOMPARE(keys.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(QString::fromUtf8(keys[i]), models::OutboxStore(store->db()).entry(ids[i]).value()->idempotencyKey);
        // The local reply became Zendesk's comment; the ticket carries Zendesk's new version.
        const auto local = store->comments(t).value();
        QVERIFY(std::none_of(local.begin(), local.end(), [](const auto &c) { return c.id < 0; }));
        QVERIFY(std::any_of(local.begin(), local.end(), [&](const auto &c) { return c.body == *reply.comment; }));
        QCOMPARE(store->ticket(t).value()->updatedAt, zendesk->ticket(t)->updatedAt);
    }

    void serverErrors_areRetried_andAGiveUpIsADeadLetterThatHoldsItsTicket()
    {
        const auto tickets = openTickets(2);
        TicketChange p1;
        p1.priority = triage::Priority::P1;
        TicketChange solved;
        solved.status = TicketStatus::Solved;
        server->scriptFault(QStringLiteral("zendesk.update"), sandbox::Fault::ServerError, 2);
        const auto ids = queue({{tickets[0], p1}});
        auto w = worker();
        QSignalSpy finished(w.get(), &services::OutboxWorker::entryFinished);
        w->start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QCOMPARE(stateOf(ids[0]), OutboxState::Done);
        QCOMPARE(models::OutboxStore(store->db()).entry(ids[0]).value()->attempts, 3);
        QCOMPARE(zendesk->ticket(tickets[0])->priority, std::optional<triage::Priority>(triage::Priority::P1));

        // Always failing: dead after maxAttempts, and the ticket's next change waits behind it.
        sandbox::FaultKnobs broken;
        broken.errorRate = 1.0;
        server->setKnobs(QStringLiteral("zendesk.update"), broken);
        const auto more = queue({{tickets[1], p1}, {tickets[1], solved}});
        w->wake();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(more[0]), OutboxState::Dead, 15000);
        QCOMPARE(stateOf(more[1]), OutboxState::Queued);
        QTRY_VERIFY_WITH_TIMEOUT(w->status().count(QStringLiteral("zendesk")) && w->status().at(QStringLiteral("zendesk")).dead == 1, 5000);
        QVERIFY(w->status().at(QStringLiteral("zendesk")).failingSince > 0);
        QTest::qWait(300);
        QCOMPARE(stateOf(more[1]), OutboxState::Queued); // in order: never before the dead one
        // A person retries it once Zendesk is back: both go, in order.
        server->setKnobs(QStringLiteral("zendesk.update"), {});
        w->retryNow(more[0]);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(more[1]), OutboxState::Done, 15000);
        QCOMPARE(stateOf(more[0]), OutboxState::Done);
        QCOMPARE(zendesk->ticket(tickets[1])->status, TicketStatus::Solved);
    }

    void aRejectedChange_isDeadAtOnce_withZendesksReason()
    {
        const qint64 t = openTickets(1)[0];
        // Someone closes the ticket in Zendesk; our change can never apply.
        models::Ticket closed = *zendesk->ticket(t);
        closed.status = TicketStatus::Closed;
        zendesk->upsertTicket(closed);
        TicketChange c;
        c.status = TicketStatus::Open;
        const auto ids = queue({{t, c}});
        auto w = worker();
        w->start();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[0]), OutboxState::Dead, 15000);
        const auto e = *models::OutboxStore(store->db()).entry(ids[0]).value();
        QCOMPARE(e.attempts, 1);
        QCOMPARE(e.lastStatus, 422);
        QVERIFY2(e.lastError.contains(u"closed"), qPrintable(e.lastError));
    }

    void aConflict_waitsForTheAgent_whoReappliesOrDrops()
    {
        const auto tickets = openTickets(2);
        // Someone else replies in Zendesk after the agent's view was synced.
        for (qint64 t : tickets) {
            models::Ticket changed = *zendesk->ticket(t);
            changed.updatedAt += 120;
            changed.priority = triage::Priority::P3;
            zendesk->upsertTicket(changed);
        }
        TicketChange urgent;
        urgent.priority = triage::Priority::P0;
        urgent.comment = QStringLiteral("Escalated to engineering.");
        const auto ids = queue({{tickets[0], urgent}, {tickets[1], urgent}});
        auto w = worker();
        QSignalSpy changed(w.get(), &services::OutboxWorker::ticketsChanged);
        w->start();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[0]), OutboxState::Conflict, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[1]), OutboxState::Conflict, 15000);
        QCOMPARE(commentsWithBody(tickets[0], *urgent.comment), 0); // nothing overwritten
        QCOMPARE(zendesk->ticket(tickets[0])->priority, std::optional<triage::Priority>(triage::Priority::P3));
        const auto e = *models::OutboxStore(store->db()).entry(ids[0]).value();
        const auto detail = nlohmann::json::parse(e.detail.toStdString());
        QVERIFY(detail["priority"] == "low"); // what Zendesk has now, for the agent to compare
        QTRY_VERIFY(changed.size() >= 1);

        // Re-apply over the newer version: applied once.
        w->retryNow(ids[0], zendesk->ticket(tickets[0])->updatedAt);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[0]), OutboxState::Done, 15000);
        QCOMPARE(zendesk->ticket(tickets[0])->priority, std::optional<triage::Priority>(triage::Priority::P0));
        QCOMPARE(commentsWithBody(tickets[0], *urgent.comment), 1);
        // Drop: the local ticket goes back to what Zendesk has, the local comment goes.
        w->drop(ids[1]);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[1]), OutboxState::Dropped, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(store->ticket(tickets[1]).value()->priority, std::optional<triage::Priority>(triage::Priority::P3),
                                  15000);
        const auto local = store->comments(tickets[1]).value();
        QVERIFY(std::none_of(local.begin(), local.end(), [&](const auto &c) { return c.body == *urgent.comment; }));
        QCOMPARE(commentsWithBody(tickets[1], *urgent.comment), 0);
    }

    void aReplyThatMayHaveBeenApplied_isCheckedBeforeItIsSentAgain()
    {
        const qint64 t = openTickets(1)[0];
        TicketChange reply;
        reply.comment = QStringLiteral("Your parcel left the depot this morning.");
        reply.status = TicketStatus::Pending;
        const auto ids = queue({{t, reply}});
        // The first attempt is applied by Zendesk but the worker never hears back (the process dies
        // with the request in flight): the entry stays in flight in the store.
        {
            auto w = worker();
            server->setKnobs(QStringLiteral("zendesk.update"), [] {
                sandbox::FaultKnobs slow;
                slow.latencyMs = 3000; // applied at once, answered too late
                return slow;
            }());
            w->start();
            QTRY_VERIFY_WITH_TIMEOUT(commentsWithBody(t, *reply.comment) == 1, 10000);
        } // the worker dies with the answer outstanding
        QCOMPARE(stateOf(ids[0]), OutboxState::InFlight);
        server->setKnobs(QStringLiteral("zendesk.update"), {});
        auto again = worker();
        again->start();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(ids[0]), OutboxState::Done, 15000);
        QCOMPARE(commentsWithBody(t, *reply.comment), 1); // once: the 409 led to a check, not a second reply
        std::vector<QByteArray> keys;
        for (const auto &r : server->received(QStringLiteral("zendesk.update")))
            keys.push_back(r.header("idempotency-key"));
        QCOMPARE(keys.size(), std::size_t(2)); // sent twice, with the same key
        QCOMPARE(keys[0], keys[1]);
        QVERIFY(models::OutboxStore(store->db()).entry(ids[0]).value()->maybeSent);
        QCOMPARE(store->ticket(t).value()->updatedAt, zendesk->ticket(t)->updatedAt);
    }

    void offline_thenOnline_nothingIsLost()
    {
        const auto tickets = openTickets(5);
        sandbox::FaultKnobs down;
        down.resetRate = 1.0; // every connection is cut before an answer
        server->setKnobs(QStringLiteral("*"), down);
        auto w = worker();
        w->start();
        std::vector<qint64> ids;
        for (qint64 t : tickets) {
            TicketChange note;
            note.comment = QStringLiteral("Internal: checked with the carrier (%1).").arg(t);
            note.commentPublic = false;
            const auto queued = queue({{t, note}});
            ids.insert(ids.end(), queued.begin(), queued.end());
        }
        w->wake();
        QTRY_VERIFY_WITH_TIMEOUT(w->status().count(QStringLiteral("zendesk")) && w->status().at(QStringLiteral("zendesk")).failingSince > 0,
                                 10000);
        for (qint64 id : ids)
            QVERIFY(models::isWaiting(stateOf(id)));
        server->setKnobs(QStringLiteral("*"), {});
        for (qint64 id : ids)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), OutboxState::Done, 20000);
        for (qint64 t : tickets) {
            QCOMPARE(commentsWithBody(t, QStringLiteral("Internal: checked with the carrier (%1).").arg(t)), 1);
            const auto c = zendesk->comments(t).back();
            QVERIFY(!c.isPublic);
        }
        QTRY_COMPARE_WITH_TIMEOUT(w->status().at(QStringLiteral("zendesk")).failingSince, qint64(0), 5000);
    }

    void ticketActions_queueAndWakeTheWorker()
    {
        const qint64 t = openTickets(1)[0];
        auto w = worker();
        w->start();
        services::TicketActions actions(*store, w.get(), QStringLiteral("Rosa Delgado"));
        QSignalSpy changed(store.get(), &models::TicketStore::ticketsChanged);
        TicketChange solve;
        solve.status = TicketStatus::Solved;
        solve.comment = QStringLiteral("Closing this as fixed.");
        std::optional<models::Result<qint64>> queued;
        actions.change(t, solve, QStringLiteral("reply"), this, [&](models::Result<qint64> r) { queued = r; });
        QTRY_VERIFY_WITH_TIMEOUT(queued.has_value(), 10000);
        QVERIFY(queued->ok());
        QVERIFY(changed.size() >= 1);
        QCOMPARE(store->ticket(t).value()->status, TicketStatus::Solved); // at once, locally
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued->value()), OutboxState::Done, 15000);
        QCOMPARE(zendesk->ticket(t)->status, TicketStatus::Solved);
    }
};

QTEST_GUILESS_MAIN(OutboxWorkerTest)
#include "outboxworker_test.moc"
