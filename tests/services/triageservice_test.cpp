#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <support/testworkspace.h>

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace cosmicdesk;
using services::TriageService;

TriageService::EngineLoader builtInEngine()
{
    return [] { return services::loadEngine({}); };
}

namespace {

constexpr int kWaitMs = 120000;

bool waitIdle(TriageService &s)
{
    return QTest::qWaitFor([&] { return s.state() == TriageService::State::Idle || s.state() == TriageService::State::Failed; }, kWaitMs) &&
           s.state() == TriageService::State::Idle;
}

// Calls fetch and waits for its answer.
models::Result<services::TicketTriage> fetchNow(TriageService &s, qint64 id)
{
    std::optional<models::Result<services::TicketTriage>> got;
    QObject context;
    s.fetch(id, &context, [&](models::Result<services::TicketTriage> r) { got.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return got.has_value(); }, kWaitMs))
        return models::Error::make(models::Error::Kind::Timeout, QStringLiteral("no answer"));
    return std::move(*got);
}

// A generated workspace, its store and a service that has triaged it.
struct Triaged
{
    testsupport::TestWorkspace ws;
    std::unique_ptr<models::TicketStore> store;
    std::unique_ptr<TriageService> service;

    Triaged(qint64 tickets, std::uint64_t seed) : ws(tickets, seed)
    {
        auto s = models::TicketStore::open(ws.path());
        if (!ws.isValid() || !s.ok())
            return;
        store = std::move(s).value();
        service = std::make_unique<TriageService>(*store, QStringLiteral("Rosa Delgado"), builtInEngine());
        service->start();
        if (!waitIdle(*service))
            service.reset();
    }
    bool ok() const { return service != nullptr; }
};

} // namespace

class TriageServiceTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void start_triagesEveryTicket_andTheQueueShowsIt()
    {
        testsupport::TestWorkspace ws(300, 11);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto opened = models::TicketStore::open(ws.path());
        QVERIFY(opened.ok());
        auto store = std::move(opened).value();
        models::TicketQueueModel queue(store.get());
        QSignalSpy loaded(&queue, &models::TicketQueueModel::loaded);
        queue.reload();
        QVERIFY(loaded.wait(kWaitMs));
        QVERIFY(queue.rowCount() == 300);
        QCOMPARE(queue.data(queue.index(0, models::TicketQueueModel::SuggestedColumn)).toString(), QString());

        TriageService service(*store, QStringLiteral("Rosa Delgado"), builtInEngine());
        QSignalSpy triaged(&service, &TriageService::triaged);
        service.start();
        QVERIFY2(waitIdle(service), qPrintable(service.errorMessage()));
        QCOMPARE(service.total(), 300);
        QCOMPARE(service.done(), 300);
        QVERIFY(!triaged.isEmpty());
        QVERIFY(service.engineIdentity().contains(QStringLiteral("cosmicdesk-triage")));

        QSqlQuery q(store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT engine), min(engine) FROM triage")) && q.next());
        QCOMPARE(q.value(0).toInt(), 300);
        QCOMPARE(q.value(1).toInt(), 1);
        QCOMPARE(q.value(2).toString(), service.engineIdentity());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE suggested_priority IS NULL")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        // Some of a generated company's tickets carry churn risk and buying signals.
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE guardian_level > 0")) && q.next());
        QVERIFY(q.value(0).toInt() > 0);
        q.finish();

        // The queue followed the store: every row has its suggestion, without a reload.
        QTRY_VERIFY_WITH_TIMEOUT(!queue.data(queue.index(299, models::TicketQueueModel::SuggestedColumn)).toString().isEmpty(), 5000);
        for (int r = 0; r < queue.rowCount(); ++r)
            QVERIFY2(queue.data(queue.index(r, models::TicketQueueModel::SuggestedColumn)).toString().startsWith(QLatin1Char('P')),
                     qPrintable(QString::number(r)));

        // A second start on the same workspace and engine has nothing to do.
        TriageService again(*store, QStringLiteral("Rosa Delgado"), builtInEngine());
        again.start();
        QVERIFY(waitIdle(again));
        QCOMPARE(again.total(), 0);
    }

    void changedTicket_isTriagedAgain()
    {
        Triaged t0(120, 12);
        QVERIFY(t0.ok());
        auto &store = t0.store;
        TriageService &service = *t0.service;

        QSqlQuery q(store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets ORDER BY id LIMIT 1")) && q.next());
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        auto before = fetchNow(service, id);
        QVERIFY(before.ok() && before.value().record && before.value().current);

        // The customer writes again: the ticket changes in the store (as a sync would write it).
        models::Ticket t = *store->ticket(id).value();
        t.subject = QStringLiteral("URGENT: checkout is down for all our customers, we are losing sales every minute");
        t.description = QStringLiteral("Nobody can pay since 09:00, every order fails with error 500. This is costing us thousands.");
        t.updatedAt += 3600;
        models::StoreBatch batch;
        batch.tickets = {t};
        QVERIFY(store->write(batch).ok());
        QSignalSpy triaged(&service, &TriageService::triaged);
        store->notifyTicketsChanged({id});
        QTRY_VERIFY_WITH_TIMEOUT(!triaged.isEmpty(), kWaitMs);
        QVERIFY(triaged.first().first().value<QList<qint64>>().contains(id));
        QVERIFY(waitIdle(service));

        auto after = fetchNow(service, id);
        QVERIFY(after.ok() && after.value().record && after.value().current);
        QCOMPARE(after.value().record->ticketUpdatedAt, t.updatedAt);
        QVERIFY2(after.value().record->assessment.priority.priority <= triage::Priority::P1,
                 after.value().record->assessment.priority.why.c_str());
    }

    void decide_isStored_appliedToTheTicket_andFetchedBack()
    {
        Triaged t0(60, 13);
        QVERIFY(t0.ok());
        auto &store = t0.store;
        TriageService &service = *t0.service;
        QSqlQuery q(store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT ticket_id FROM triage ORDER BY ticket_id LIMIT 1")) && q.next());
        const qint64 id = q.value(0).toLongLong();
        q.finish(); // an unfinished statement would keep this connection on its old snapshot

        QSignalSpy changed(store.get(), &models::TicketStore::ticketsChanged);
        models::TriageDecision d;
        d.ticketId = id;
        d.field = models::TriageDecision::Field::Priority;
        d.suggested = QStringLiteral("P2");
        d.chosen = QStringLiteral("P0");
        std::optional<models::Result<models::TriageDecision>> answer;
        QObject context;
        service.decide(d, &context, [&](models::Result<models::TriageDecision> r) { answer.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
        QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
        QCOMPARE(answer->value().agent, QStringLiteral("Rosa Delgado"));
        QCOMPARE(store->ticket(id).value()->priority, triage::Priority::P0);
        QVERIFY2(!changed.isEmpty(), "the queue hears of the new priority");

        auto fetched = fetchNow(service, id);
        QVERIFY(fetched.ok());
        QCOMPARE(fetched.value().decisions.size(), std::size_t(1));
        QCOMPARE(fetched.value().decisions[0].chosen, QStringLiteral("P0"));

        // Bad input: a clear error, nothing stored.
        d.chosen = QStringLiteral("soon");
        answer.reset();
        service.decide(d, &context, [&](models::Result<models::TriageDecision> r) { answer.emplace(std::move(r)); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().kind, models::Error::Kind::BadPayload);
        QCOMPARE(fetchNow(service, id).value().decisions.size(), std::size_t(1));
    }

    void answers_toAContextThatIsGone_areDropped()
    {
        Triaged t0(30, 14);
        QVERIFY(t0.ok());
        TriageService &service = *t0.service;
        bool called = false;
        auto *context = new QObject;
        service.fetch(1, context, [&](models::Result<services::TicketTriage>) { called = true; });
        delete context;
        // A later request is answered after the first: by then the first answer was dropped.
        auto later = fetchNow(service, 2);
        QVERIFY(later.ok());
        QVERIFY(!called);
    }

    void badProfile_failsWithAMessage_andTheStoreIsUntouched()
    {
        testsupport::TestWorkspace ws(20, 15);
        QVERIFY(ws.isValid());
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("broken.json"));
        QFile f(profile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "broken", "teams": "not a list"})");
        f.close();
        auto opened = models::TicketStore::open(ws.path());
        QVERIFY(opened.ok());
        auto store = std::move(opened).value();
        TriageService service(*store, QStringLiteral("Rosa Delgado"), [profile] { return services::loadEngine(profile); });
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(service.state() == TriageService::State::Failed, kWaitMs);
        QVERIFY2(service.errorMessage().contains(QStringLiteral("broken.json")), qPrintable(service.errorMessage()));
        QVERIFY2(service.errorMessage().contains(QStringLiteral("teams")), qPrintable(service.errorMessage()));
        QSqlQuery q(store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM triage")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TriageServiceTest)
#include "triageservice_test.moc"
