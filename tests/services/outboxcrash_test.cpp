// The outbox's promise under the worst conditions: a child process queues 10,000 replies while the
// sandbox fails 10 % of the updates with 500, 5 % with 429 and lets 5 % answer too late for the
// client (applied, but the answer lost); the child is killed with SIGKILL at three random moments
// and started again. At the end Zendesk has every reply exactly once, each ticket's in order.
#include <models/ticketstore.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <support/testworkspace.h>

#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtTest>

#include <csignal>
#include <map>

using namespace cosmicdesk;

class OutboxCrashTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedThreeTimes_everyChangeArrivesOnce_inOrder()
    {
        constexpr int kChanges = 10000;
        const qint64 now = QDateTime::currentSecsSinceEpoch() - 7200;
        testsupport::TestWorkspace ws(300, 31, now);
        QVERIFY(ws.isValid());
        sandbox::HttpSandbox server(41);
        QVERIFY(server.start() != 0);
        sandbox::ZendeskFakeOptions zo;
        zo.accountPerMinute = 0;
        sandbox::ZendeskFake zendesk(server, zo);
        sandbox::DemoOptions w;
        w.tickets = 300;
        w.seed = 31;
        w.now = now;
        zendesk.load(sandbox::DemoWorld(w));
        sandbox::FaultKnobs faults;
        faults.errorRate = 0.10;
        faults.rateLimitRate = 0.05;
        faults.retryAfterSecs = 0; // a host-wide pause per 429 would make this test last many minutes
        faults.slowRate = 0.05;    // applied, then answered after the client's 1.5 s timeout
        faults.slowBodyMs = 3000;
        server.setKnobs(QStringLiteral("zendesk.update"), faults);

        const QStringList args{ws.path(), server.baseUrl(), zendesk.options().agentEmail, zendesk.options().apiToken,
                               QString::number(kChanges)};
        auto *rng = QRandomGenerator::global();
        int kills = 0;
        int exitCode = -1;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 400000) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(QStringLiteral(OUTBOXLOAD_CHILD), args);
            QVERIFY(child.waitForStarted(10000));
            if (kills < 3) {
                // Run for a while (spinning this event loop: the sandbox lives here), then kill.
                const int runFor = 800 + int(rng->bounded(2500));
                QTest::qWait(runFor);
                if (child.state() == QProcess::Running) {
                    ::kill(pid_t(child.processId()), SIGKILL);
                    QVERIFY(child.waitForFinished(10000));
                    ++kills;
                    continue;
                }
            }
            QVERIFY(QTest::qWaitFor([&] { return child.state() == QProcess::NotRunning; }, 300000));
            exitCode = child.exitCode();
            const QString out = QString::fromUtf8(child.readAllStandardOutput());
            QVERIFY2(exitCode == 0, qPrintable(out));
            break;
        }
        QCOMPARE(kills, 3);
        QCOMPARE(exitCode, 0);

        // Every reply exactly once, and each ticket's in the order they were made.
        static const QRegularExpression number(QStringLiteral("^load change (\\d+)$"));
        std::vector<int> seen(kChanges, 0);
        int outOfOrder = 0;
        std::vector<qint64> ids;
        {
            auto store = models::TicketStore::open(ws.path());
            QVERIFY(store.ok());
            QSqlQuery q(store.value()->db());
            q.exec(QStringLiteral("SELECT id FROM tickets"));
            while (q.next())
                ids.push_back(q.value(0).toLongLong());
        }
        for (qint64 t : ids) {
            int last = -1;
            for (const auto &c : zendesk.comments(t)) {
                const auto m = number.match(c.body);
                if (!m.hasMatch())
                    continue;
                const int n = m.captured(1).toInt();
                if (n >= 0 && n < kChanges)
                    ++seen[std::size_t(n)];
                if (n < last)
                    ++outOfOrder;
                last = n;
            }
        }
        int lost = 0, duplicated = 0;
        for (int n : seen) {
            lost += n == 0;
            duplicated += n > 1;
        }
        QCOMPARE(lost, 0);
        QCOMPARE(duplicated, 0);
        QCOMPARE(outOfOrder, 0);
        qInfo("10,000 changes delivered once each in %.1f s with 3 kills", double(clock.elapsed()) / 1000.0);
    }
};

QTEST_GUILESS_MAIN(OutboxCrashTest)
#include "outboxcrash_test.moc"
