// The consolidated records through the outbox into a real MariaDB (RDS's stand-in, started and
// stopped here) and into the Snowflake SQL API stand-in over real HTTP on 127.0.0.1: every row once,
// the version kept, a destination down for a while catching up, an answer lost after Snowflake ran
// the statement not loading twice, rows the server refuses reported and the rest loaded.
#include <connectors/rdslake.h>
#include <connectors/snowflakeclient.h>
#include <models/lakestore.h>
#include <models/outbox.h>
#include <models/ticketstore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/mariadbserver.h>
#include <sandbox/snowflakefake.h>
#include <services/lakedestinations.h>
#include <services/outboxworker.h>
#include <support/testworkspace.h>
#include <support/wait.h>

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace cosmicdesk;

namespace {

constexpr int kTickets = 1500;

} // namespace

class LakeTest : public QObject
{
    Q_OBJECT

    sandbox::MariaDbServer m_db;
    QTemporaryDir m_keys;
    QByteArray m_privatePem, m_publicPem;

    connectors::RdsLakeWriter::Config rds(const QString &table = QStringLiteral("lake_rows")) const
    {
        connectors::RdsLakeWriter::Config c;
        c.host = QStringLiteral("127.0.0.1");
        c.port = m_db.port();
        c.databaseName = QStringLiteral("lake");
        c.user = QStringLiteral("loader");
        c.password = QStringLiteral("l0ad");
        c.connectOptions = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5");
        c.table = table;
        return c;
    }

    struct Snowflake
    {
        sandbox::HttpSandbox server{7};
        std::unique_ptr<sandbox::SnowflakeFake> fake;
    };
    std::unique_ptr<Snowflake> snowflake()
    {
        auto s = std::make_unique<Snowflake>();
        sandbox::SnowflakeFakeOptions o;
        o.publicKeyPem = m_publicPem;
        s->fake = std::make_unique<sandbox::SnowflakeFake>(s->server, o);
        if (s->server.start() == 0)
            return nullptr;
        s->fake->query(models::snowflakeCreateTable(QStringLiteral("CONSOLIDATED_TICKETS")));
        return s;
    }

    services::OutboxDestinationFactory snowflakeDestination(const QString &baseUrl) const
    {
        return [baseUrl, key = m_privatePem] {
            connectors::SnowflakeClient::Config c;
            c.rest.baseUrl = QUrl(baseUrl);
            c.rest.timeout = std::chrono::seconds(10);
            c.rest.maxInFlightPerHost = 8;
            c.pollStart = std::chrono::milliseconds(20);
            c.pollCap = std::chrono::milliseconds(200);
            c.maxSubmitAttempts = 2;
            connectors::SnowflakeJwtAuth::Config a;
            a.account = QStringLiteral("demo-account");
            a.user = QStringLiteral("cosmicdesk");
            a.privateKeyPem = key;
            return std::make_unique<services::SnowflakeLakeDestination>(
                std::make_unique<connectors::SnowflakeClient>(c, std::make_shared<connectors::SnowflakeJwtAuth>(a)),
                QStringLiteral("CONSOLIDATED_TICKETS"));
        };
    }

    static services::OutboxWorker::Options fast()
    {
        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(50);
        o.backoffCap = std::chrono::milliseconds(500);
        o.unreachableBackoffCap = std::chrono::milliseconds(300);
        o.statusInterval = std::chrono::milliseconds(50);
        o.jitterSeed = 3;
        return o;
    }

    static qint64 waiting(models::TicketStore &store, const QString &destination)
    {
        QSqlQuery q(store.db());
        q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE destination = ? AND state IN (0, 1)"));
        q.addBindValue(destination);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

    static qint64 state(models::TicketStore &store, const QString &destination, int s)
    {
        QSqlQuery q(store.db());
        q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE destination = ? AND state = ?"));
        q.addBindValue(destination);
        q.addBindValue(s);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

    static qint64 queueAll(models::TicketStore &store, const QStringList &destinations)
    {
        models::LakeStore lake(store.db());
        auto stale = lake.stale(destinations);
        if (!stale.ok())
            return -1;
        auto q = lake.queue(stale.value(), destinations, QDateTime::currentSecsSinceEpoch(), 200);
        return q.ok() ? q.value().newVersions : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
            QFAIL("the QMYSQL driver is missing (scripts/setup installs libqt6sql6-mysql)");
        const QString started = m_db.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QString made = m_db.createDatabase(QStringLiteral("lake"), QStringLiteral("loader"), QStringLiteral("l0ad"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        // The Snowflake user's key pair, made for this run (no key is committed).
        QProcess p;
        p.setWorkingDirectory(m_keys.path());
        p.start(QStringLiteral("openssl"),
                {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                 QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), QStringLiteral("key.pem")});
        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        p.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("key.pem"),
                                            QStringLiteral("-pubout"), QStringLiteral("-out"), QStringLiteral("pub.pem")});
        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
        QFile priv(m_keys.filePath(QStringLiteral("key.pem"))), pub(m_keys.filePath(QStringLiteral("pub.pem")));
        QVERIFY(priv.open(QIODevice::ReadOnly) && pub.open(QIODevice::ReadOnly));
        m_privatePem = priv.readAll();
        m_publicPem = pub.readAll();
    }

    void cleanupTestCase() { m_db.stop(); }

    void everyRecordLoadsOnce_intoMariaDbAndSnowflake()
    {
        testsupport::TestWorkspace ws(kTickets, 11);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto sf = snowflake();
        QVERIFY(sf);
        auto opened = models::TicketStore::open(ws.path());
        QVERIFY(opened.ok());
        auto &store = *opened.value();
        QCOMPARE(queueAll(store, {models::kLakeRds, models::kLakeSnowflake}), qint64(kTickets));

        services::OutboxWorker worker(ws.path(), fast());
        worker.addDestination(
            [c = rds()] { return std::make_unique<services::RdsLakeDestination>(std::make_unique<connectors::RdsLakeWriter>(c)); });
        worker.addDestination(snowflakeDestination(sf->server.baseUrl()));
        worker.start();
        const bool delivered =
            QTest::qWaitFor([&] { return waiting(store, models::kLakeRds) == 0 && waiting(store, models::kLakeSnowflake) == 0; }, 120000);
        if (!delivered) {
            QSqlQuery e(store.db());
            e.exec(QStringLiteral("SELECT destination, state, attempts, last_error FROM outbox"));
            while (e.next())
                qWarning("%s %d %d %s", qPrintable(e.value(0).toString()), e.value(1).toInt(), e.value(2).toInt(),
                         qPrintable(e.value(3).toString()));
        }
        QVERIFY2(delivered, "the lake entries were not delivered");
        QCOMPARE(state(store, models::kLakeRds, 2), qint64((kTickets + 199) / 200));
        QCOMPARE(state(store, models::kLakeSnowflake, 2), qint64((kTickets + 199) / 200));

        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.lake_rows")), QString::number(kTickets));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.lake_rows WHERE record_version = 1 AND schema_version = 1")),
                 QString::number(kTickets));
        // The row holds the ticket as the store has it.
        QSqlQuery first(store.db());
        QVERIFY(first.exec(QStringLiteral("SELECT min(id) FROM tickets")) && first.next());
        const qint64 id = first.value(0).toLongLong();
        first.finish(); // an open read would keep this connection's later writes from the worker's view
        auto t = store.ticket(id);
        QVERIFY(t.ok() && t.value());
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT subject FROM lake.lake_rows WHERE ticket_id = %1").arg(id)), t.value()->subject);
        const auto rows = sf->fake->query(QStringLiteral("SELECT count(*), count(DISTINCT TICKET_ID) FROM CONSOLIDATED_TICKETS"));
        QCOMPARE(rows.front().at(0), QString::number(kTickets));
        QCOMPARE(rows.front().at(1), QString::number(kTickets));
        QCOMPARE(sf->fake->query(QStringLiteral("SELECT SUBJECT FROM CONSOLIDATED_TICKETS WHERE TICKET_ID = %1").arg(id)).front().at(0),
                 t.value()->subject);
        auto counts = models::LakeStore(store.db()).counts({models::kLakeRds, models::kLakeSnowflake});
        QCOMPARE(counts.value().at(models::kLakeRds).loaded, qint64(kTickets));
        QCOMPARE(counts.value().at(models::kLakeSnowflake).loaded, qint64(kTickets));

        // A ticket changes: version 2 replaces the RDS row and joins Snowflake's history.
        {
            QSqlQuery q(store.db());
            QVERIFY(q.exec(QStringLiteral("UPDATE tickets SET subject = 'Changed since', updated_at = %1 WHERE id = %2")
                               .arg(QDateTime::currentSecsSinceEpoch() + 5)
                               .arg(id)));
        }
        QCOMPARE(queueAll(store, {models::kLakeRds, models::kLakeSnowflake}), qint64(1));
        worker.wake();
        QVERIFY(
            QTest::qWaitFor([&] { return waiting(store, models::kLakeRds) == 0 && waiting(store, models::kLakeSnowflake) == 0; }, 60000));
        QCOMPARE(
            m_db.scalar(QStringLiteral("SELECT concat(record_version, ' ', subject) FROM lake.lake_rows WHERE ticket_id = %1").arg(id)),
            QStringLiteral("2 Changed since"));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.lake_rows")), QString::number(kTickets));
        QCOMPARE(sf->fake->query(QStringLiteral("SELECT count(*) FROM CONSOLIDATED_TICKETS WHERE TICKET_ID = %1").arg(id)).front().at(0),
                 QStringLiteral("2"));
        // Nothing is left to load.
        QCOMPARE(queueAll(store, {models::kLakeRds, models::kLakeSnowflake}), qint64(0));
    }

    void snowflakeDown_thenBack_catchesUp_andALostAnswerNeverLoadsTwice()
    {
        testsupport::TestWorkspace ws(600, 12);
        QVERIFY(ws.isValid());
        auto sf = snowflake();
        QVERIFY(sf);
        auto opened = models::TicketStore::open(ws.path());
        auto &store = *opened.value();
        sandbox::FaultKnobs down;
        down.resetRate = 1.0; // every connection cut before an answer
        sf->server.setKnobs(QStringLiteral("snowflake"), down);
        QCOMPARE(queueAll(store, {models::kLakeSnowflake}), qint64(600));
        services::OutboxWorker worker(ws.path(), fast());
        worker.addDestination(snowflakeDestination(sf->server.baseUrl()));
        worker.start();
        QTest::qWait(1500);
        QCOMPARE(waiting(store, models::kLakeSnowflake), qint64(3)); // waits, never dropped
        QCOMPARE(state(store, models::kLakeSnowflake, 3), qint64(0));
        QCOMPARE(sf->fake->statementsExecuted(), qint64(0));
        // Back up; the first two statements run but their answers are lost: sent again with retry=true.
        sf->server.setKnobs(QStringLiteral("snowflake"), sandbox::FaultKnobs{});
        sf->fake->loseAnswersAfterRunning(2);
        QVERIFY2(QTest::qWaitFor([&] { return waiting(store, models::kLakeSnowflake) == 0; }, 60000), "Snowflake did not catch up");
        QCOMPARE(state(store, models::kLakeSnowflake, 2), qint64(3));
        const auto rows = sf->fake->query(QStringLiteral("SELECT count(*), count(DISTINCT TICKET_ID) FROM CONSOLIDATED_TICKETS"));
        QCOMPARE(rows.front().at(0), QStringLiteral("600"));
        QCOMPARE(rows.front().at(1), QStringLiteral("600"));
        QVERIFY2(sf->fake->requestIdReplays() >= 2, "the lost answers were not asked for again by requestId");
        bool allRetried = true;
        for (const auto &r : sf->server.received(QStringLiteral("snowflake.submit")))
            if (r.query.queryItemValue(QStringLiteral("requestId")).isEmpty())
                allRetried = false;
        QVERIFY(allRetried);
    }

    void rowsTheServerRefuses_areReported_theRestLoad()
    {
        testsupport::TestWorkspace ws(300, 13);
        QVERIFY(ws.isValid());
        auto opened = models::TicketStore::open(ws.path());
        auto &store = *opened.value();
        // An RDS table made by someone else with a narrower subject column, in strict mode: long subjects do not fit.
        QVERIFY(m_db.admin(QStringLiteral("SET GLOBAL sql_mode = 'STRICT_ALL_TABLES'")).isEmpty());
        const QString create = models::rdsCreateTable(QStringLiteral("lake.narrow"))
                                   .replace(QStringLiteral("subject VARCHAR(1024)"), QStringLiteral("subject VARCHAR(30)"));
        QVERIFY2(m_db.admin(create).isEmpty(), qPrintable(m_db.admin(create)));
        QVERIFY(m_db.admin(QStringLiteral("CREATE TABLE lake.narrow_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);"
                                          " INSERT INTO lake.narrow_schema VALUES (1, 0)"))
                    .isEmpty());
        QSqlQuery q(store.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE length(subject) > 30")) && q.next());
        const int tooLong = q.value(0).toInt();
        q.finish();
        QVERIFY2(tooLong > 0 && tooLong < 300, qPrintable(QString::number(tooLong)));
        QCOMPARE(queueAll(store, {models::kLakeRds}), qint64(300));
        services::OutboxWorker worker(ws.path(), fast());
        worker.addDestination([c = rds(QStringLiteral("narrow"))] {
            return std::make_unique<services::RdsLakeDestination>(std::make_unique<connectors::RdsLakeWriter>(c));
        });
        worker.start();
        const bool delivered = QTest::qWaitFor([&] { return waiting(store, models::kLakeRds) == 0; }, 60000);
        if (!delivered) {
            QSqlQuery e(store.db());
            e.exec(QStringLiteral("SELECT state, attempts, last_error FROM outbox WHERE destination = 'rds'"));
            while (e.next())
                qWarning("%d %d %s", e.value(0).toInt(), e.value(1).toInt(), qPrintable(e.value(2).toString()));
        }
        QVERIFY(delivered);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.narrow")), QString::number(300 - tooLong));
        auto failures = models::LakeStore(store.db()).failures(1000);
        QCOMPARE(int(failures.value().size()), tooLong);
        QVERIFY2(failures.value().front().reason.contains(QStringLiteral("Data too long")), qPrintable(failures.value().front().reason));
        QCOMPARE(failures.value().front().destination, models::kLakeRds);
        QVERIFY(m_db.admin(QStringLiteral("SET GLOBAL sql_mode = DEFAULT")).isEmpty());
    }

    // Writers start side by side on a table nobody made yet: each finds the schema ready, none fails.
    void writersStartingTogether_allMakeOrFindTheSchema()
    {
        testsupport::TestWorkspace ws(40, 15);
        QVERIFY(ws.isValid());
        auto opened = models::TicketStore::open(ws.path());
        QSqlQuery ids(opened.value()->db());
        QVERIFY(ids.exec(QStringLiteral("SELECT id FROM tickets ORDER BY id LIMIT 40")));
        std::vector<qint64> tickets;
        while (ids.next())
            tickets.push_back(ids.value(0).toLongLong());
        ids.finish();
        auto records = models::LakeStore(opened.value()->db()).build(tickets, QDateTime::currentSecsSinceEpoch());
        QVERIFY(records.ok());
        for (auto &r : records.value())
            r.set("record_version", qint64(1));
        for (int round = 0; round < 5; ++round) {
            auto c = rds(QStringLiteral("together_%1").arg(round));
            c.writers = 4;
            connectors::RdsLakeWriter writer(c);
            int ok = 0, failed = 0;
            QString why;
            for (int w = 0; w < 4; ++w) {
                std::vector<models::ConsolidatedRecord> part(records.value().begin() + w * 10, records.value().begin() + (w + 1) * 10);
                writer.upsert(std::move(part), this, [&](models::Result<connectors::RdsLakeWriter::Outcome> r) {
                    r.ok() ? ++ok : ++failed;
                    if (!r.ok())
                        why = r.error().message;
                });
            }
            QVERIFY(QTest::qWaitFor([&] { return ok + failed == 4; }, 60000));
            QVERIFY2(failed == 0, qPrintable(why));
            QCOMPARE(m_db.scalar(QStringLiteral("SELECT count(*) FROM lake.together_%1").arg(round)), QStringLiteral("40"));
        }
    }

    void wrongPassword_pausesTheDestination_nothingDropped()
    {
        testsupport::TestWorkspace ws(50, 14);
        QVERIFY(ws.isValid());
        auto opened = models::TicketStore::open(ws.path());
        auto &store = *opened.value();
        QCOMPARE(queueAll(store, {models::kLakeRds}), qint64(50));
        services::OutboxWorker worker(ws.path(), fast());
        auto c = rds(QStringLiteral("paused_rows"));
        c.password = QStringLiteral("wrong");
        worker.addDestination(
            [c] { return std::make_unique<services::RdsLakeDestination>(std::make_unique<connectors::RdsLakeWriter>(c)); });
        worker.start();
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto it = worker.status().find(models::kLakeRds);
                return it != worker.status().end() && it->second.paused;
            },
            30000));
        QVERIFY2(worker.status().at(models::kLakeRds).pauseReason.contains(QStringLiteral("Access denied")) ||
                     worker.status().at(models::kLakeRds).lastError.contains(QStringLiteral("Access denied")),
                 qPrintable(worker.status().at(models::kLakeRds).lastError));
        QCOMPARE(waiting(store, models::kLakeRds), qint64(1));
        QCOMPARE(state(store, models::kLakeRds, 3), qint64(0));
    }
};

QTEST_GUILESS_MAIN(LakeTest)
#include "lake_test.moc"
