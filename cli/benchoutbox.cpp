#include "benchstats.h"
#include "cli.h"
#include "commands.h"
#include "procstats.h"

#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>
#include <sandbox/demoworld.h>
#include <sandbox/sandboxhost.h>
#include <sandbox/workspacewriter.h>
#include <sandbox/zendeskfake.h>
#include <services/outboxworker.h>
#include <services/zendeskdestination.h>

#include <nlohmann/json.hpp>

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

namespace cosmicdesk::cli {

int benchOutbox(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench outbox [--changes N] [--latency-ms X] [--in-flight K] [--json]\n"
                       "Queues N replies across the tickets of a demo workspace and measures how fast the outbox worker delivers\n"
                       "them end to end (store, HTTP, the Zendesk sandbox answering after X ms, the outcomes written back), then\n"
                       "counts in the sandbox what arrived once, twice or never. Target at 20 ms: >= 1,000 changes/s, 0 duplicates,\n"
                       "0 lost.");
    QCommandLineParser parser;
    const QCommandLineOption changes(QStringLiteral("changes"), QStringLiteral("Changes (default 10000)."), QStringLiteral("N"),
                                     QStringLiteral("10000"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Sandbox latency (default 20)."), QStringLiteral("X"),
                                     QStringLiteral("20"));
    const QCommandLineOption inFlight(QStringLiteral("in-flight"), QStringLiteral("Requests in flight (default 48)."), QStringLiteral("K"),
                                      QStringLiteral("48"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({changes, latency, inFlight, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    bool ok1 = false, ok2 = false, ok3 = false;
    const int n = parser.value(changes).toInt(&ok1);
    const int latencyMs = parser.value(latency).toInt(&ok2);
    const int slots = parser.value(inFlight).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || n < 1 || n > 1'000'000 || latencyMs < 0 || latencyMs > 10000 || slots < 1 || slots > 256) {
        printErr(
            QStringLiteral("cosmicdesk bench outbox: --changes 1-1000000, --latency-ms 0-10000, --in-flight 1-256\n\n%1").arg(synopsis));
        return ExitUsage;
    }

    // A workspace and a sandbox over the same world.
    QTemporaryDir dir;
    sandbox::DemoOptions world;
    world.tickets = 3000;
    world.seed = 20261202;
    world.now = QDateTime::currentSecsSinceEpoch() - 3600;
    const QString path = dir.filePath(QStringLiteral("bench.cosmicdesk"));
    if (auto written = sandbox::WorkspaceWriter::write(sandbox::DemoWorld(world), path); !written.ok()) {
        printErr(QStringLiteral("cosmicdesk bench outbox: %1").arg(written.error().message));
        return ExitFailure;
    }
    sandbox::SandboxHost host;
    sandbox::SandboxHost::Options so;
    so.world = world;
    so.zendesk.accountPerMinute = 0; // the benchmark measures us, not Zendesk's quota
    so.customerSystems = false;
    so.knobs.latencyMs = latencyMs;
    if (const QString error = host.start(so); !error.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk bench outbox: %1").arg(error));
        return ExitFailure;
    }
    auto opened = models::TicketStore::open(path);
    if (!opened.ok()) {
        printErr(QStringLiteral("cosmicdesk bench outbox: %1").arg(opened.error().message));
        return ExitFailure;
    }
    auto store = std::move(opened).value();
    std::vector<qint64> tickets;
    {
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status < 4 ORDER BY id"));
        while (q.next())
            tickets.push_back(q.value(0).toLongLong());
    }
    if (tickets.empty()) {
        printErr(QStringLiteral("cosmicdesk bench outbox: the demo world has no open tickets"));
        return ExitFailure;
    }
    const QString runTag = QString::number(QDateTime::currentMSecsSinceEpoch());
    for (int start = 0; start < n; start += 1000) {
        std::vector<std::pair<qint64, models::TicketChange>> batch;
        for (int i = start; i < std::min(n, start + 1000); ++i) {
            models::TicketChange c;
            c.comment = QStringLiteral("bench %1 change %2").arg(runTag).arg(i);
            c.commentPublic = i % 4 != 0;
            batch.emplace_back(tickets[std::size_t(i) % tickets.size()], c);
        }
        if (auto r = models::queueTicketChanges(*store, batch, {QStringLiteral("bench")}); !r.ok()) {
            printErr(QStringLiteral("cosmicdesk bench outbox: %1").arg(r.error().message));
            return ExitFailure;
        }
    }

    services::OutboxWorker::Options wo;
    wo.statusInterval = std::chrono::milliseconds(100);
    services::OutboxWorker worker(path, wo);
    const QString url = host.baseUrl();
    worker.addDestination([url, z = so.zendesk, slots] {
        connectors::RestClient::Options ro;
        ro.baseUrl = QUrl(url);
        ro.maxAttempts = 1;
        ro.maxInFlightPerHost = slots;
        return std::make_unique<services::ZendeskDestination>(
            std::make_unique<connectors::ZendeskClient>(ro, std::make_shared<connectors::ZendeskTokenAuth>(z.agentEmail, z.apiToken)),
            slots);
    });
    QEventLoop loop;
    qint64 finished = 0;
    QObject::connect(&worker, &services::OutboxWorker::entryFinished, &loop, [&](qint64, qint64, models::OutboxState) {
        if (++finished >= n)
            loop.quit();
    });
    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, &loop, &QEventLoop::quit);
    watchdog.start(600000);
    QElapsedTimer clock;
    clock.start();
    worker.start();
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;

    // What the sandbox saw: each change's comment, once.
    std::vector<int> seen(std::size_t(n), 0);
    const QRegularExpression pattern(QStringLiteral("^bench %1 change (\\d+)$").arg(runTag));
    host.withZendesk([&](sandbox::ZendeskFake &z, sandbox::HttpSandbox &) {
        std::set<qint64> distinct(tickets.begin(), tickets.end());
        for (qint64 t : distinct)
            for (const auto &c : z.comments(t))
                if (const auto m = pattern.match(c.body); m.hasMatch()) {
                    const int i = m.captured(1).toInt();
                    if (i >= 0 && i < n)
                        ++seen[std::size_t(i)];
                }
    });
    qint64 applied = 0, duplicates = 0, lost = 0;
    for (int s : seen) {
        applied += s >= 1;
        duplicates += s > 1 ? s - 1 : 0;
        lost += s == 0;
    }
    const double perSecond = seconds > 0 ? double(finished) / seconds : 0;
    if (parser.isSet(json)) {
        printJson({{"changes", n},
                   {"latency_ms", latencyMs},
                   {"in_flight", slots},
                   {"changes_per_s", std::round(perSecond)},
                   {"seconds", std::round(seconds * 100) / 100},
                   {"applied", applied},
                   {"duplicates", duplicates},
                   {"lost", lost},
                   {"rss_mb", std::round(peakRssMb() * 10) / 10}});
    } else {
        printOut(QStringLiteral("Outbox benchmark, %1 changes over %2 tickets, sandbox latency %3 ms, %4 in flight\n"
                                "  delivered: %5 changes/s (%6 s)   (target >= 1,000)\n"
                                "  the sandbox saw: %7 applied, %8 duplicates, %9 lost   (target 0 and 0)")
                     .arg(n)
                     .arg(tickets.size())
                     .arg(latencyMs)
                     .arg(slots)
                     .arg(std::round(perSecond))
                     .arg(seconds, 0, 'f', 2)
                     .arg(applied)
                     .arg(duplicates)
                     .arg(lost));
    }
    return duplicates == 0 && lost == 0 ? ExitOk : ExitFailure;
}

} // namespace cosmicdesk::cli
