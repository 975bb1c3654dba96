// `cosmicdesk lake` as a user runs it, against a real MariaDB (started here) and the Snowflake SQL API
// stand-in (served by this process over 127.0.0.1): killed with SIGKILL three times mid-load and run
// again, every record ends up in each store exactly once; a second run loads 0; bad options are
// refused by name and change nothing.
#include <models/consolidatedrecord.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/mariadbserver.h>
#include <sandbox/snowflakefake.h>
#include <support/testworkspace.h>

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>

#include <csignal>

using namespace cosmicdesk;

class LakeCliTest : public QObject
{
    Q_OBJECT

    sandbox::MariaDbServer m_db;
    QTemporaryDir m_dir;
    QByteArray m_publicPem;
    std::unique_ptr<sandbox::HttpSandbox> m_server;
    std::unique_ptr<sandbox::SnowflakeFake> m_snowflake;

    qint64 loadedInSnowflake() const
    {
        const auto r = m_snowflake->query(QStringLiteral("SELECT count(*) FROM CONSOLIDATED_TICKETS"));
        return r.empty() || r.front().empty() ? -1 : r.front().front().toLongLong();
    }

    QString keyFile() const { return m_dir.filePath(QStringLiteral("key.pem")); }

    QStringList lakeArgs(const QString &workspace) const
    {
        return {QStringLiteral("lake"),
                QStringLiteral("--workspace"),
                workspace,
                QStringLiteral("--to"),
                QStringLiteral("all"),
                QStringLiteral("--rds-host"),
                QStringLiteral("127.0.0.1"),
                QStringLiteral("--rds-port"),
                QString::number(m_db.port()),
                QStringLiteral("--rds-database"),
                QStringLiteral("lake"),
                QStringLiteral("--rds-user"),
                QStringLiteral("loader"),
                QStringLiteral("--snowflake-url"),
                m_server->baseUrl(),
                QStringLiteral("--snowflake-account"),
                QStringLiteral("demo-account"),
                QStringLiteral("--snowflake-user"),
                QStringLiteral("cosmicdesk"),
                QStringLiteral("--snowflake-key"),
                keyFile(),
                QStringLiteral("--records-per-entry"),
                QStringLiteral("200")};
    }

    void prepare(QProcess &p) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("COSMICDESK_RDS_PASSWORD"), QStringLiteral("l0ad"));
        p.setProcessEnvironment(env);
    }

    // Runs the command to its end while this event loop serves the stand-in.
    struct Run
    {
        int code = -1;
        QString out, err;
    };
    Run run(const QStringList &args, int timeoutMs = 300000)
    {
        QProcess p;
        prepare(p);
        p.start(QStringLiteral(COSMICDESK_BINARY), args);
        Run r;
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("timed out");
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString started = m_db.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QVERIFY(m_db.createDatabase(QStringLiteral("lake"), QStringLiteral("loader"), QStringLiteral("l0ad")).isEmpty());
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"),
                {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                 QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), QStringLiteral("key.pem")});
        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        p.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("key.pem"),
                                            QStringLiteral("-pubout"), QStringLiteral("-out"), QStringLiteral("pub.pem")});
        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        QFile pub(m_dir.filePath(QStringLiteral("pub.pem")));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        m_publicPem = pub.readAll();
        m_server = std::make_unique<sandbox::HttpSandbox>(9);
        sandbox::SnowflakeFakeOptions o;
        o.publicKeyPem = m_publicPem;
        m_snowflake = std::make_unique<sandbox::SnowflakeFake>(*m_server, o);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 400; // so that a kill lands mid-load
        m_server->setKnobs(QStringLiteral("snowflake"), slow);
        QVERIFY(m_server->start() != 0);
    }

    void cleanupTestCase() { m_db.stop(); }

    void initSchema_thenKilledThreeTimes_everyRecordOnceInEachStore_thenNothingToLoad()
    {
        testsupport::TestWorkspace ws(6000, 21);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        QStringList init = lakeArgs(ws.path());
        init << QStringLiteral("--init-schema");
        const Run schema = run(init);
        QVERIFY2(schema.code == 0, qPrintable(schema.err));
        QVERIFY(schema.out.contains(QStringLiteral("schema 1 ready")));
        QCOMPARE(m_snowflake->query(QStringLiteral("SELECT count(*) FROM CONSOLIDATED_TICKETS")).front().at(0), QStringLiteral("0"));

        int kills = 0, midLoad = 0;
        QStringList outputs;
        for (int attempt = 0; attempt < 10; ++attempt) {
            QProcess child;
            prepare(child);
            child.start(QStringLiteral(COSMICDESK_BINARY), lakeArgs(ws.path()));
            QVERIFY(child.waitForStarted());
            if (kills < 3) {
                // Kill once more rows reached Snowflake than before this run (a batch landed), a moment later.
                const qint64 before = loadedInSnowflake();
                (void)QTest::qWaitFor([&] { return child.state() == QProcess::NotRunning || loadedInSnowflake() > before; }, 120000);
                QTest::qWait(int(QRandomGenerator::global()->bounded(300)));
                if (child.state() == QProcess::Running) {
                    ::kill(pid_t(child.processId()), SIGKILL);
                    ++kills;
                    const qint64 at = loadedInSnowflake();
                    if (at > 0 && at < 6000)
                        ++midLoad;
                }
            }
            QVERIFY(QTest::qWaitFor([&] { return child.state() == QProcess::NotRunning; }, 300000));
            if (child.exitStatus() == QProcess::NormalExit) {
                outputs << QString::fromUtf8(child.readAllStandardOutput());
                QVERIFY2(child.exitCode() == 0, qPrintable(QString::fromUtf8(child.readAllStandardError())));
                if (kills >= 3)
                    break;
            }
        }
        QVERIFY2(midLoad >= 1, "no kill landed in the middle of the load: make it bigger or slower");
        qInfo("%d kills, %d mid-load; Snowflake ran %lld statements, answered %lld again by requestId", kills, midLoad,
              m_snowflake->statementsExecuted(), m_snowflake->requestIdReplays());
        const QString rows = QString::number(6000);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.cosmicdesk_consolidated_tickets")), rows);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.cosmicdesk_consolidated_tickets WHERE record_version = 1")), rows);
        const auto sf = m_snowflake->query(QStringLiteral(
            "SELECT count(*), count(DISTINCT TICKET_ID), count(DISTINCT TICKET_ID || '/' || RECORD_VERSION) FROM CONSOLIDATED_TICKETS"));
        QCOMPARE(sf.front().at(0), rows); // exactly once: no row twice after three kills
        QCOMPARE(sf.front().at(1), rows);
        QCOMPARE(sf.front().at(2), rows);

        // Everything is loaded: a second run loads nothing.
        const Run again = run(lakeArgs(ws.path()));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("rds: 0 rows loaded")), qPrintable(again.out));
        QVERIFY2(again.out.contains(QStringLiteral("snowflake: 0 rows loaded")), qPrintable(again.out));
        QCOMPARE(m_snowflake->query(QStringLiteral("SELECT count(*) FROM CONSOLIDATED_TICKETS")).front().at(0), rows);
    }

    void badOptions_areRefusedByName_andChangeNothing()
    {
        testsupport::TestWorkspace ws(20, 22);
        QVERIFY(ws.isValid());
        const Run noDest = run({QStringLiteral("lake"), QStringLiteral("--workspace"), ws.path()});
        QCOMPARE(noDest.code, 2);
        QVERIFY2(noDest.err.contains(QStringLiteral("no destination")), qPrintable(noDest.err));
        const Run badTo =
            run({QStringLiteral("lake"), QStringLiteral("--workspace"), ws.path(), QStringLiteral("--to"), QStringLiteral("s3")});
        QCOMPARE(badTo.code, 2);
        QVERIFY(badTo.err.contains(QStringLiteral("--to takes rds, snowflake or all")));
        QStringList badKey = lakeArgs(ws.path());
        badKey[badKey.indexOf(keyFile())] = m_dir.filePath(QStringLiteral("pub.pem")); // a public key is no private key
        const Run key = run(badKey);
        QCOMPARE(key.code, 2);
        QVERIFY2(key.err.contains(QStringLiteral("key"), Qt::CaseInsensitive), qPrintable(key.err));
        // A wrong RDS password: the destination pauses and the run says so; nothing is lost.
        QStringList rdsOnly = lakeArgs(ws.path());
        rdsOnly[rdsOnly.indexOf(QStringLiteral("all"))] = QStringLiteral("rds");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("COSMICDESK_RDS_PASSWORD"), QStringLiteral("wrong"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COSMICDESK_BINARY), rdsOnly);
        QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 120000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("rds paused")) && err.contains(QStringLiteral("Access denied")), qPrintable(err));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("20 still waiting")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(LakeCliTest)
#include "lakecli_test.moc"
