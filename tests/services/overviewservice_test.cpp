#include <models/auditlog.h>
#include <models/overviewstats.h>
#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <services/overviewservice.h>
#include <support/testworkspace.h>

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace cosmicdesk;

// The overview kept live: computed once started, again when the store changes a ticket; at org
// scale from the remote source (drafts still from the workspace), and from the local store with the
// reason when the remote fails.
class OverviewServiceTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<models::TicketStore> store;
    std::unique_ptr<models::TicketQueueModel> queue;

    std::unique_ptr<services::OverviewService> service()
    {
        services::OverviewService::Options o;
        o.debounce = std::chrono::milliseconds(20);
        o.config.now = testsupport::kTestNow;
        return std::make_unique<services::OverviewService>(*queue, ws->path(), o);
    }

private Q_SLOTS:
    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(200);
        QVERIFY(ws->isValid());
        store = models::TicketStore::open(ws->path()).value();
        queue = std::make_unique<models::TicketQueueModel>(store.get());
        QSignalSpy loaded(queue.get(), &models::TicketQueueModel::loaded);
        queue->reload();
        QVERIFY(loaded.wait(20000));
    }

    void cleanup()
    {
        queue.reset();
        store.reset();
        ws.reset();
    }

    void local_followsTheStore()
    {
        auto s = service();
        QSignalSpy updated(s.get(), &services::OverviewService::updated);
        s->start();
        QVERIFY(updated.wait(10000));
        const auto first = s->latest();
        QCOMPARE(first->tickets, qint64(200));
        QCOMPARE(first->source, QStringLiteral("the local store"));
        // Solve an active ticket in the store: the queue follows, and so does the overview.
        QSqlQuery q(store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1) ORDER BY id LIMIT 1")) && q.next());
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        auto t = store->ticket(id).value().value();
        t.status = models::TicketStatus::Solved;
        t.solvedAt = testsupport::kTestNow - 60;
        t.updatedAt = testsupport::kTestNow - 60;
        models::StoreBatch batch;
        batch.tickets.push_back(t);
        QVERIFY(store->write(batch).ok());
        QTRY_VERIFY_WITH_TIMEOUT(s->latest() && s->latest()->active == first->active - 1, 10000);
    }

    void handlingTime_isMeasuredFromTheAuditLog_whenItHoldsEnough()
    {
        {
            auto s = service();
            QSignalSpy updated(s.get(), &services::OverviewService::updated);
            s->start();
            QVERIFY(updated.wait(10000));
            QVERIFY(!s->latest()->handlingMeasured); // an empty log: the default, and said so
            QCOMPARE(s->latest()->handlingSecs, models::kDefaultHandlingSecs);
        }
        // One agent answering a ticket every 5 minutes over the last hours.
        models::AuditLog log(store->db());
        for (int i = 0; i < 30; ++i)
            QVERIFY(log.append({0,
                                (testsupport::kTestNow - 3 * 3600 + i * 300) * 1000,
                                QStringLiteral("Rosa"),
                                QStringLiteral("agent"),
                                QStringLiteral("reply"),
                                1000 + i,
                                {},
                                {},
                                QStringLiteral("queued"),
                                0})
                        .ok());
        auto s = service();
        QSignalSpy updated(s.get(), &services::OverviewService::updated);
        s->start();
        QVERIFY(updated.wait(10000));
        QVERIFY(s->latest()->handlingMeasured);
        QCOMPARE(s->latest()->handlingSecs, 300.0);
    }

    void remote_isShownWithTheWorkspacesDrafts_andAFailureFallsBackToTheLocalStore()
    {
        auto s = service();
        int calls = 0;
        bool fail = false;
        s->setRemote(
            [&](const models::OverviewConfig &cfg, QObject *context, std::function<void(models::Result<models::OverviewStats>)> done) {
                ++calls;
                QCOMPARE(cfg.now, testsupport::kTestNow);
                QTimer::singleShot(5, context, [done, fail] {
                    if (fail) {
                        done(models::Error::make(models::Error::Kind::Network, QStringLiteral("the warehouse is suspended")));
                        return;
                    }
                    models::OverviewStats remote;
                    remote.tickets = 1234567;
                    remote.active = 4321;
                    done(remote);
                });
            },
            QStringLiteral("Snowflake (CONSOLIDATED_TICKETS)"));
        QSignalSpy updated(s.get(), &services::OverviewService::updated);
        s->start();
        QVERIFY(updated.wait(10000));
        QCOMPARE(calls, 1);
        QCOMPARE(s->latest()->tickets, qint64(1234567));
        QCOMPARE(s->latest()->active, qint64(4321));
        QCOMPARE(s->latest()->source, QStringLiteral("Snowflake (CONSOLIDATED_TICKETS)"));

        fail = true;
        s->refresh();
        QVERIFY(updated.wait(10000));
        QCOMPARE(s->latest()->tickets, qint64(200)); // the local store's figures
        QVERIFY2(s->latest()->source.contains(QStringLiteral("the warehouse is suspended")), qPrintable(s->latest()->source));
    }
};

QTEST_GUILESS_MAIN(OverviewServiceTest)
#include "overviewservice_test.moc"
