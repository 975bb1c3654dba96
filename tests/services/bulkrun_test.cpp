// Bulk actions and accepted suggestions over a real workspace: a bulk change queues one outbox entry
// per ticket and changes the local rows, a hundred at a time; cancel leaves whole hundreds queued and
// the rest untouched; a refused ticket is named and does not hold back the others; accepting
// suggestions stores the decisions with the change; and the outbox delivers a bulk action to the
// Zendesk sandbox through update_many, 100 a batch, polling job_statuses.
#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/bulkrun.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <services/triagewriteback.h>
#include <services/zendeskdestination.h>
#include <support/testworkspace.h>

#include <nlohmann/json.hpp>

#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

using namespace cosmicdesk;
using models::TicketChange;
using models::TicketStatus;
using models::TriageDecision;
using services::BulkRun;

class BulkRunTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<models::TicketStore> store;

    std::vector<qint64> ticketsWhere(const QString &where, std::size_t n)
    {
        std::vector<qint64> out;
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE %1 ORDER BY id").arg(where));
        while (q.next() && out.size() < n)
            out.push_back(q.value(0).toLongLong());
        return out;
    }
    std::vector<qint64> openTickets(std::size_t n) { return ticketsWhere(QStringLiteral("status < 5"), n); }

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(store->db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    static bool runToEnd(BulkRun &run, int ms = 60000)
    {
        QSignalSpy finished(&run, &BulkRun::finished);
        run.start();
        return run.isFinished() || finished.wait(ms);
    }

    static QString joined(const std::vector<qint64> &ids)
    {
        QStringList s;
        for (qint64 id : ids)
            s << QString::number(id);
        return s.join(u',');
    }

private Q_SLOTS:
    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(1400, 11);
        QVERIFY2(ws->isValid(), qPrintable(ws->error()));
        store = std::move(models::TicketStore::open(ws->path())).value();
    }

    void cleanup()
    {
        store.reset();
        ws.reset();
    }

    void bulkStatus_queuesOneEntryPerTicket_andChangesTheRows()
    {
        const auto ids = ticketsWhere(QStringLiteral("status IN (0, 1, 3, 4)"), 230); // not pending yet
        QCOMPARE(ids.size(), std::size_t(230));
        services::TicketActions actions(*store, nullptr, QStringLiteral("Rosa Delgado"));
        TicketChange c;
        c.status = TicketStatus::Pending;
        BulkRun run(actions, ws->path(), ids, QStringLiteral("bulk"), QStringLiteral("Set status: Pending"), BulkRun::sameChange(c));
        QSignalSpy progress(&run, &BulkRun::progress);
        QVERIFY(runToEnd(run));

        QCOMPARE(run.count(BulkRun::State::Queued), 230);
        QCOMPARE(run.count(BulkRun::State::Failed), 0);
        QVERIFY(progress.count() >= 3); // 100, 200, 230
        std::set<qint64> entries;
        for (const auto &o : run.outcomes())
            entries.insert(o.outboxId);
        QCOMPARE(entries.size(), std::size_t(230));
        QVERIFY(!entries.count(0));
        const QString in = joined(ids);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id IN (%1) AND rule = 'Set status: Pending'").arg(in)),
                 230);
        QCOMPARE(
            scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE id IN (%1) AND status = %2").arg(in).arg(int(TicketStatus::Pending))),
            230);
        // A hundred is one batch key: the outbox may send it as one update_many.
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT batch_key) FROM outbox WHERE ticket_id IN (%1)").arg(in)), 3);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE ticket_id IN (%1) AND action = 'bulk'").arg(in)), 230);
        QVERIFY(run.summary().contains(QStringLiteral("230 queued")));
    }

    void cancel_leavesWholeHundredsQueued_andTheRestUntouched()
    {
        const auto ids = ticketsWhere(QStringLiteral("status < 5"), 250);
        QCOMPARE(ids.size(), std::size_t(250));
        const qint64 taggedBefore = scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE tags LIKE '%bulk_cancel_test%'"));
        services::TicketActions actions(*store, nullptr, QStringLiteral("Rosa Delgado"));
        TicketChange c;
        c.addTags << QStringLiteral("bulk_cancel_test");
        BulkRun run(actions, ws->path(), ids, QStringLiteral("bulk"), QStringLiteral("Tags"), BulkRun::sameChange(c));
        // The agent presses Cancel as soon as the first hundred is queued.
        connect(&run, &BulkRun::progress, &run, [&run](int handled, int) {
            if (handled > 0)
                run.cancel();
        });
        QVERIFY(runToEnd(run));
        QVERIFY(run.isCancelled());
        QCOMPARE(run.count(BulkRun::State::Queued), 100);
        QCOMPARE(run.count(BulkRun::State::Cancelled), 150);
        QCOMPARE(run.count(BulkRun::State::Waiting), 0);
        // Exactly the first hundred changed and queued; the others as they were, nothing queued for them.
        std::vector<qint64> first(ids.begin(), ids.begin() + 100), rest(ids.begin() + 100, ids.end());
        for (std::size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(run.outcomes()[i].state, i < 100 ? BulkRun::State::Queued : BulkRun::State::Cancelled);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id IN (%1)").arg(joined(first))), 100);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id IN (%1)").arg(joined(rest))), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE tags LIKE '%bulk_cancel_test%'")), taggedBefore + 100);
        QVERIFY2(run.summary().contains(QStringLiteral("100 queued")) && run.summary().contains(QStringLiteral("150 not changed")),
                 qPrintable(run.summary()));
    }

    void aRefusedTicket_isNamed_andTheOthersAreQueued()
    {
        auto ids = openTickets(120);
        const auto closed = ticketsWhere(QStringLiteral("status = 5"), 2);
        QCOMPARE(closed.size(), std::size_t(2));
        ids.insert(ids.begin() + 10, closed[0]);
        ids.push_back(closed[1]);
        services::TicketActions actions(*store, nullptr, QStringLiteral("Rosa Delgado"));
        TicketChange c;
        c.priority = triage::Priority::P1;
        BulkRun run(actions, ws->path(), ids, QStringLiteral("bulk"), QStringLiteral("Priority"), BulkRun::sameChange(c));
        QVERIFY(runToEnd(run));
        QCOMPARE(run.count(BulkRun::State::Queued), 120);
        QCOMPARE(run.count(BulkRun::State::Failed), 2);
        for (const auto &o : run.outcomes()) {
            const bool isClosed = o.ticketId == closed[0] || o.ticketId == closed[1];
            QCOMPARE(o.state, isClosed ? BulkRun::State::Failed : BulkRun::State::Queued);
            if (isClosed)
                QVERIFY2(o.reason.contains(QStringLiteral("closed")), qPrintable(o.reason));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id IN (%1)").arg(joined(ids))), 120);
    }

    void acceptSuggestions_storesTheDecisionsWithTheChange()
    {
        services::TriageService triage(*store, QStringLiteral("Rosa Delgado"), [] { return services::loadEngine({}); });
        triage.start();
        QVERIFY(QTest::qWaitFor([&] { return triage.state() == services::TriageService::State::Idle; }, 120000));
        const auto ids = openTickets(30);
        // Only one team has a group: the others' team decisions stay out, and their results say so.
        models::TriageStore ts(store->db());
        const auto first = ts.record(ids.front()).value();
        QVERIFY(first);
        const QString mappedTeam = QString::fromStdString(first->assessment.team.label);
        services::TriageWriteBack config;
        config.teamGroups[mappedTeam] = 777001;
        services::TicketActions actions(*store, nullptr, QStringLiteral("Rosa Delgado"));
        BulkRun run(actions, ws->path(), ids, QStringLiteral("bulk"), QStringLiteral("Accept suggestions"),
                    BulkRun::acceptSuggestions([config](const TriageDecision &d) { return services::changeForDecision(config, d); }));
        QVERIFY(runToEnd(run));
        QCOMPARE(run.count(BulkRun::State::Queued), 30);

        models::OutboxStore outbox(store->db());
        for (const auto &o : run.outcomes()) {
            const auto record = ts.record(o.ticketId).value();
            const auto &a = record->assessment;
            const bool mapped = QString::fromStdString(a.team.label) == mappedTeam;
            const auto decisions = ts.decisions(o.ticketId).value();
            QCOMPARE(decisions.size(), std::size_t(mapped ? 3 : 2));
            for (const auto &d : decisions)
                QVERIFY(d.accepted() && d.agent == u"Rosa Delgado");
            const auto entry = outbox.entry(o.outboxId).value();
            QVERIFY(entry);
            const auto payload = nlohmann::json::parse(entry->payload.toStdString());
            QCOMPARE(QString::fromStdString(payload["priority"].get<std::string>()),
                     QString::fromLatin1(triage::zendeskPriority(a.priority.priority).data()));
            QCOMPARE(payload.contains("group_id"), mapped);
            if (mapped)
                QCOMPARE(payload["group_id"].get<qint64>(), 777001);
            else
                QVERIFY2(o.reason.contains(QStringLiteral("No Zendesk group")), qPrintable(o.reason));
            QVERIFY(payload["additional_tags"].dump().find("category_" + a.category.label) != std::string::npos);
        }
    }

    void theMapping_turnsEachDecisionIntoItsZendeskChange()
    {
        services::TriageWriteBack config;
        config.teamGroups[QStringLiteral("Billing & Payments")] = 9001;
        config.opportunityFieldId = 360000001002;
        TriageDecision d;
        d.ticketId = 1;
        auto change = [&](TriageDecision::Field f, const QString &suggested, const QString &chosen, const QString &intent = {}) {
            d.field = f;
            d.suggested = suggested;
            d.chosen = chosen;
            return services::changeForDecision(config, d, intent);
        };
        const std::pair<const char *, const char *> priorities[] = {{"P0", "urgent"}, {"P1", "high"}, {"P2", "normal"}, {"P3", "low"}};
        for (const auto &[p, zendesk] : priorities) {
            auto c = change(TriageDecision::Field::Priority, QStringLiteral("P2"), QLatin1String(p));
            QVERIFY(c.ok());
            QCOMPARE(c.value().toZendesk()["priority"].get<std::string>(), std::string(zendesk));
        }
        auto team = change(TriageDecision::Field::Team, QStringLiteral("Billing & Payments"), QStringLiteral("Billing & Payments"));
        QVERIFY(team.ok());
        QCOMPARE(team.value().groupId, std::optional<qint64>(9001));
        auto unmapped = change(TriageDecision::Field::Team, QStringLiteral("Billing & Payments"), QStringLiteral("Data & Analytics"));
        QVERIFY(!unmapped.ok());
        QCOMPARE(unmapped.error().kind, models::Error::Kind::Config);
        QVERIFY(unmapped.error().message.contains(QStringLiteral("Data & Analytics")));
        // An overridden category: the chosen tag in, the suggested one out.
        auto category = change(TriageDecision::Field::Category, QStringLiteral("refund"), QStringLiteral("charge_dispute"));
        QVERIFY(category.ok());
        QCOMPARE(category.value().addTags, QStringList{QStringLiteral("category_charge_dispute")});
        QCOMPARE(category.value().removeTags, QStringList{QStringLiteral("category_refund")});
        QVERIFY(change(TriageDecision::Field::Category, QStringLiteral("refund"), QStringLiteral("refund")).value().removeTags.isEmpty());
        // Opportunity: the intent on yes, the field cleared on no.
        auto yes = change(TriageDecision::Field::Opportunity, QStringLiteral("no"), QStringLiteral("yes"), QStringLiteral("upgrade,seats"));
        QVERIFY(yes.ok());
        QCOMPARE(yes.value().customFields.front(), std::make_pair(qint64(360000001002), QStringLiteral("upgrade,seats")));
        auto no = change(TriageDecision::Field::Opportunity, QStringLiteral("yes"), QStringLiteral("no"));
        QVERIFY(no.ok());
        QVERIFY(no.value().toZendesk()["custom_fields"][0]["value"].is_null());
        // Guardian without its field: refused.
        QVERIFY(!change(TriageDecision::Field::Guardian, QStringLiteral("none"), QStringLiteral("alert")).ok());
    }

    void aDecisionThatCannotBeQueued_isNotStoredEither()
    {
        const auto closed = ticketsWhere(QStringLiteral("status = 5"), 1);
        QCOMPARE(closed.size(), std::size_t(1));
        services::TicketActions actions(*store, nullptr, QStringLiteral("Rosa Delgado"));
        TriageDecision d;
        d.ticketId = closed.front();
        d.field = TriageDecision::Field::Guardian;
        d.suggested = QStringLiteral("none");
        d.chosen = QStringLiteral("critical");
        services::TriageWriteBack config;
        config.guardianFieldId = 360000001001;
        auto change = services::changeForDecision(config, d);
        QVERIFY(change.ok());
        QCOMPARE(change.value().customFields.size(), std::size_t(1));
        QCOMPARE(change.value().customFields.front().second, QStringLiteral("critical"));
        std::optional<models::Result<std::vector<qint64>>> result;
        actions.decide({{d.ticketId, change.value()}}, {d}, {}, this, [&](models::Result<std::vector<qint64>> r) { result = r; });
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 10000));
        QVERIFY(!result->ok());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM triage_decisions WHERE ticket_id = %1").arg(d.ticketId)), 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id = %1").arg(d.ticketId)), 0);
        // Without the field id the mapping refuses in words, before anything is written.
        auto refused = services::changeForDecision({}, d);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("Guardian")));
    }

    void aBulkAction_reachesZendesk_throughUpdateManyInHundreds()
    {
        cleanup();
        const qint64 now = QDateTime::currentSecsSinceEpoch() - 7200;
        ws = std::make_unique<testsupport::TestWorkspace>(3200, 11, now);
        QVERIFY(ws->isValid());
        store = std::move(models::TicketStore::open(ws->path())).value();
        sandbox::HttpSandbox server(5);
        QVERIFY(server.start() != 0);
        sandbox::ZendeskFakeOptions zo;
        zo.accountPerMinute = 0;
        zo.jobPollsUntilDone = 2;
        sandbox::ZendeskFake zendesk(server, zo);
        sandbox::DemoOptions w;
        w.tickets = 3200;
        w.seed = 11;
        w.now = now;
        zendesk.load(sandbox::DemoWorld(w));

        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(20);
        o.backoffCap = std::chrono::milliseconds(200);
        o.statusInterval = std::chrono::milliseconds(50);
        services::OutboxWorker worker(ws->path(), o);
        const QString url = server.baseUrl();
        worker.addDestination([url, zo] {
            connectors::RestClient::Options ro;
            ro.baseUrl = QUrl(url);
            ro.maxAttempts = 1;
            ro.timeout = std::chrono::seconds(10);
            return std::make_unique<services::ZendeskDestination>(std::make_unique<connectors::ZendeskClient>(
                ro, std::make_shared<connectors::ZendeskTokenAuth>(zo.agentEmail, zo.apiToken)));
        });
        services::TicketActions actions(*store, &worker, QStringLiteral("Rosa Delgado"));
        const auto ids = ticketsWhere(QStringLiteral("status IN (0, 1, 3, 4)"), 1000);
        QCOMPARE(ids.size(), std::size_t(1000));
        TicketChange c;
        c.status = TicketStatus::Pending;
        c.addTags << QStringLiteral("bulk_delivered");
        BulkRun run(actions, ws->path(), ids, QStringLiteral("bulk"), QStringLiteral("Set status: Pending"), BulkRun::sameChange(c));
        QVERIFY(runToEnd(run));
        QCOMPARE(run.count(BulkRun::State::Queued), 1000);
        worker.start();
        QTRY_VERIFY_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = %1 AND ticket_id IN (%2)")
                                            .arg(int(models::OutboxState::Done))
                                            .arg(joined(ids))) == 1000,
                                 120000);
        for (qint64 id : ids) {
            const auto t = zendesk.ticket(id);
            QVERIFY(t);
            QCOMPARE(t->status, TicketStatus::Pending);
            QVERIFY(t->tags.contains(QStringLiteral("bulk_delivered")));
        }
        // 1,000 changes in batches of at most 100: ten update_many, each job polled until done.
        const auto many = server.received(QStringLiteral("zendesk.update_many"));
        QCOMPARE(int(many.size()), 10);
        for (const auto &r : many)
            QVERIFY(nlohmann::json::parse(r.body.toStdString())["tickets"].size() <= 100);
        QVERIFY(server.received(QStringLiteral("zendesk.job_status")).size() >= 20);
        QCOMPARE(int(server.received(QStringLiteral("zendesk.update")).size()), 0);
    }
};

QTEST_GUILESS_MAIN(BulkRunTest)
#include "bulkrun_test.moc"
