// `cosmicdesk bench lake`: consolidated records per second into the Snowflake SQL API stand-in (50 ms
// latency) and into a local MariaDB, each through the outbox as the app sends them, and the
// duplicates each holds afterwards.
#include "benchstats.h"
#include "commands.h"
#include "lakesetup.h"
#include "procstats.h"

#include <models/lakestore.h>
#include <models/ticketstore.h>
#include <sandbox/demoworld.h>
#include <sandbox/mariadbserver.h>
#include <sandbox/sandboxhost.h>
#include <sandbox/snowflakefake.h>
#include <sandbox/workspacewriter.h>
#include <services/outboxworker.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cmath>

namespace cosmicdesk::cli {

namespace {

// Delivers what the workspace's outbox holds for one destination; seconds, or a negative number on failure.
double deliver(const QString &path, models::TicketStore &store, const QString &destination, const LakeTargets &targets, QString *error)
{
    services::OutboxWorker::Options o;
    o.statusInterval = std::chrono::milliseconds(100);
    o.backoffBase = std::chrono::milliseconds(100);
    o.backoffCap = std::chrono::seconds(2);
    services::OutboxWorker worker(path, o);
    addLakeDestinations(worker, targets);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(20);
    const auto waiting = [&] {
        QSqlQuery q(store.db());
        q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE destination = ? AND state IN (0, 1)"));
        q.addBindValue(destination);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    };
    QElapsedTimer clock;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        const auto st = worker.status().find(destination);
        if (st != worker.status().end() && st->second.paused) {
            *error = QStringLiteral("%1 paused: %2").arg(destination, st->second.lastError);
            loop.quit();
        } else if (waiting() == 0 || clock.elapsed() > 600000) {
            loop.quit();
        }
    });
    clock.start();
    worker.start();
    poll.start();
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    if (waiting() != 0 && error->isEmpty())
        *error = QStringLiteral("%1: not delivered in 600 s").arg(destination);
    return error->isEmpty() ? seconds : -1;
}

} // namespace

int benchLake(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench lake [--tickets N] [--latency-ms X] [--json]\n"
                       "Builds the consolidated records of a demo workspace of N tickets, queues them for both destinations, then\n"
                       "delivers them through the outbox: into the Snowflake SQL API stand-in answering after X ms (default 50),\n"
                       "and into a local MariaDB started for the run, one destination after the other. Counts the rows each holds\n"
                       "and the duplicates. Targets for N = 100,000: >= 20,000 rows/s into each, 0 duplicates.");
    QCommandLineParser parser;
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Tickets (default 100000)."), QStringLiteral("N"),
                                     QStringLiteral("100000"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Snowflake stand-in latency (default 50)."),
                                     QStringLiteral("X"), QStringLiteral("50"));
    const QCommandLineOption perEntry(QStringLiteral("records-per-entry"), QStringLiteral("Records per outbox entry (default 2000)."),
                                      QStringLiteral("R"), QStringLiteral("2000"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tickets, latency, perEntry, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    bool ok1 = false, ok2 = false;
    const int n = parser.value(tickets).toInt(&ok1);
    const int latencyMs = parser.value(latency).toInt(&ok2);
    bool ok3 = false;
    const int chunk = parser.value(perEntry).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || n < 1 || n > 2'000'000 || latencyMs < 0 || latencyMs > 10000 || chunk < 1 || chunk > 5000) {
        printErr(QStringLiteral("cosmicdesk bench lake: --tickets 1-2000000, --latency-ms 0-10000, --records-per-entry 1-5000\n\n%1")
                     .arg(synopsis));
        return ExitUsage;
    }
    const auto fail = [](const QString &why) {
        printErr(QStringLiteral("cosmicdesk bench lake: %1").arg(why));
        return int(ExitFailure);
    };

    QTemporaryDir dir;
    sandbox::DemoOptions world;
    world.tickets = n;
    world.seed = 20261203;
    world.now = QDateTime::currentSecsSinceEpoch() - 3600;
    const QString path = dir.filePath(QStringLiteral("bench.cosmicdesk"));
    if (auto written = sandbox::WorkspaceWriter::write(sandbox::DemoWorld(world), path); !written.ok())
        return fail(written.error().message);

    // RDS: a local MariaDB; Snowflake: the stand-in with the run's key pair.
    sandbox::MariaDbServer mariadb;
    if (const QString e = mariadb.start(); !e.isEmpty())
        return fail(e);
    if (const QString e = mariadb.createDatabase(QStringLiteral("lake"), QStringLiteral("loader"), QStringLiteral("bench")); !e.isEmpty())
        return fail(e);
    QProcess keygen;
    keygen.setWorkingDirectory(dir.path());
    keygen.start(QStringLiteral("openssl"),
                 {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                  QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), QStringLiteral("key.pem")});
    keygen.waitForFinished(60000);
    keygen.start(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("key.pem"),
                                             QStringLiteral("-pubout"), QStringLiteral("-out"), QStringLiteral("pub.pem")});
    keygen.waitForFinished(60000);
    QFile priv(dir.filePath(QStringLiteral("key.pem"))), pub(dir.filePath(QStringLiteral("pub.pem")));
    if (!priv.open(QIODevice::ReadOnly) || !pub.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("openssl could not make a key pair"));
    // The stand-in on a thread of its own, as in the demo: its work never competes with ours for an event loop.
    sandbox::SandboxHost host;
    sandbox::SandboxHost::Options so;
    so.world.tickets = 0;
    so.customerSystems = false;
    so.snowflake.publicKeyPem = pub.readAll();
    so.knobs.latencyMs = latencyMs;
    if (const QString e = host.start(so); !e.isEmpty())
        return fail(e);
    const auto query = [&host](const QString &sql) {
        std::vector<std::vector<QString>> rows;
        host.withAutomation([&](sandbox::SnowflakeFake *f, sandbox::NotifyFakes *) {
            if (f)
                rows = f->query(sql);
        });
        return rows;
    };
    qint64 statements = 0;
    LakeTargets targets;
    connectors::RdsLakeWriter::Config rds;
    rds.host = QStringLiteral("127.0.0.1");
    rds.port = mariadb.port();
    rds.databaseName = QStringLiteral("lake");
    rds.user = QStringLiteral("loader");
    rds.password = QStringLiteral("bench");
    targets.rds = rds;
    LakeTargets::Snowflake sf;
    sf.client.rest.baseUrl = QUrl(host.baseUrl());
    sf.client.rest.maxInFlightPerHost = 8;
    sf.client.rest.timeout = std::chrono::seconds(60);
    sf.auth.account = QStringLiteral("demo-account");
    sf.auth.user = QStringLiteral("cosmicdesk");
    sf.auth.privateKeyPem = priv.readAll();
    targets.snowflake = sf;
    if (const QString e = initLakeSchema(targets); !e.isEmpty())
        return fail(e);

    auto opened = models::TicketStore::open(path);
    if (!opened.ok())
        return fail(opened.error().message);
    auto store = std::move(opened).value();
    QElapsedTimer clock;
    clock.start();
    qint64 queued = 0;
    {
        auto q = models::LakeStore(store->db()).queueStale(targets.destinations(), chunk);
        if (!q.ok())
            return fail(q.error().message);
        queued = q.value().queued[models::kLakeSnowflake];
    }
    const double queueSeconds = double(clock.nsecsElapsed()) / 1e9;

    QString error;
    LakeTargets onlySnowflake = targets;
    onlySnowflake.rds.reset();
    const double snowflakeSeconds = deliver(path, *store, models::kLakeSnowflake, onlySnowflake, &error);
    if (snowflakeSeconds < 0)
        return fail(error);
    LakeTargets onlyRds = targets;
    onlyRds.snowflake.reset();
    const double rdsSeconds = deliver(path, *store, models::kLakeRds, onlyRds, &error);
    if (rdsSeconds < 0)
        return fail(error);

    host.withAutomation([&statements](sandbox::SnowflakeFake *f, sandbox::NotifyFakes *) { statements = f ? f->statementsExecuted() : 0; });
    const auto sfRows =
        query(QStringLiteral("SELECT count(*), count(DISTINCT TICKET_ID || '/' || RECORD_VERSION) FROM CONSOLIDATED_TICKETS"));
    const qint64 sfCount = sfRows.empty() || sfRows.front().size() < 2 ? 0 : sfRows.front().at(0).toLongLong();
    const qint64 sfDistinct = sfRows.empty() || sfRows.front().size() < 2 ? 0 : sfRows.front().at(1).toLongLong();
    const qint64 rdsCount = mariadb.scalar(QStringLiteral("SELECT count(*) FROM lake.cosmicdesk_consolidated_tickets")).toLongLong();
    const qint64 duplicates = (sfCount - sfDistinct) + std::max<qint64>(0, rdsCount - queued);
    const qint64 missing = std::max<qint64>(0, queued - sfDistinct) + std::max<qint64>(0, queued - rdsCount);
    const double sfRate = snowflakeSeconds > 0 ? double(sfDistinct) / snowflakeSeconds : 0;
    const double rdsRate = rdsSeconds > 0 ? double(rdsCount) / rdsSeconds : 0;
    if (parser.isSet(json)) {
        printJson({{"tickets", n},
                   {"latency_ms", latencyMs},
                   {"records_queued", queued},
                   {"queue_records_per_s", std::round(queueSeconds > 0 ? double(queued) / queueSeconds : 0)},
                   {"snowflake_rows_per_s", std::round(sfRate)},
                   {"rds_rows_per_s", std::round(rdsRate)},
                   {"snowflake_rows", sfCount},
                   {"rds_rows", rdsCount},
                   {"duplicates", duplicates},
                   {"missing", missing},
                   {"snowflake_statements", statements},
                   {"rss_mb", std::round(peakRssMb() * 10) / 10}});
    } else {
        printOut(QStringLiteral("Lake benchmark, %1 tickets\n"
                                "  records built and queued for both destinations: %2/s (%3 s)\n"
                                "  into the Snowflake stand-in (%4 ms latency): %5 rows/s (%6 s, %7 statements)   (target >= 20,000)\n"
                                "  into MariaDB: %8 rows/s (%9 s)   (target >= 20,000)\n"
                                "  rows held: Snowflake %10, MariaDB %11; duplicates %12, missing %13   (target 0 and 0)")
                     .arg(n)
                     .arg(std::round(queueSeconds > 0 ? double(queued) / queueSeconds : 0))
                     .arg(queueSeconds, 0, 'f', 2)
                     .arg(latencyMs)
                     .arg(std::round(sfRate))
                     .arg(snowflakeSeconds, 0, 'f', 2)
                     .arg(statements)
                     .arg(std::round(rdsRate))
                     .arg(rdsSeconds, 0, 'f', 2)
                     .arg(sfCount)
                     .arg(rdsCount)
                     .arg(duplicates)
                     .arg(missing));
    }
    return duplicates == 0 && missing == 0 ? ExitOk : ExitFailure;
}

} // namespace cosmicdesk::cli
