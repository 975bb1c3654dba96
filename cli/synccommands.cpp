#include "benchstats.h"
#include "cli.h"
#include "commands.h"
#include "procstats.h"
#include <services/zendesksync.h>

#include <connectors/auth.h>
#include <models/ticketstore.h>
#include <sandbox/sandboxhost.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>

namespace cosmicdesk::cli {

namespace {

bool readNumber(const QString &text, double lo, double hi, double &out)
{
    bool ok = false;
    out = text.toDouble(&ok);
    return ok && out >= lo && out <= hi;
}

} // namespace

int sandboxCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk sandbox [--port P] [--tickets N] [--seed S] [--latency-ms X] [--fault-rate R]\n"
                       "                          [--incremental-per-minute K]\n"
                       "Serves a demo world over 127.0.0.1 with the Zendesk API's paths, JSON, pagination, auth and errors,\n"
                       "until stopped with Ctrl+C. --fault-rate R: that share of requests fails, split evenly between 500,\n"
                       "429 with Retry-After and a reset connection.");
    QCommandLineParser parser;
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (default 8765; 0: any free port)."), QStringLiteral("P"),
                                  QStringLiteral("8765"));
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Tickets in the world (default 5000)."), QStringLiteral("N"),
                                     QStringLiteral("5000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("World seed (default 20261122)."), QStringLiteral("S"),
                                  QStringLiteral("20261122"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Added latency per request (default 0)."),
                                     QStringLiteral("X"), QStringLiteral("0"));
    const QCommandLineOption faults(QStringLiteral("fault-rate"), QStringLiteral("Share of failing requests, 0 to 1 (default 0)."),
                                    QStringLiteral("R"), QStringLiteral("0"));
    const QCommandLineOption perMinute(QStringLiteral("incremental-per-minute"),
                                       QStringLiteral("Incremental export calls allowed per minute (default 10, 0: no limit)."),
                                       QStringLiteral("K"), QStringLiteral("10"));
    parser.addOptions({port, tickets, seed, latency, faults, perMinute});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    double p = 0, n = 0, s = 0, l = 0, r = 0, k = 0;
    if (!readNumber(parser.value(port), 0, 65535, p) || !readNumber(parser.value(tickets), 0, 2'000'000, n) ||
        !readNumber(parser.value(seed), 0, 1e18, s) || !readNumber(parser.value(latency), 0, 600000, l) ||
        !readNumber(parser.value(faults), 0, 1, r) || !readNumber(parser.value(perMinute), 0, 100000, k)) {
        printErr(QStringLiteral("cosmicdesk sandbox: --port 0-65535, --tickets 0-2000000, --latency-ms 0-600000, "
                                "--fault-rate 0-1, --incremental-per-minute 0-100000\n\n%1")
                     .arg(synopsis));
        return ExitUsage;
    }
    sandbox::SandboxHost::Options o;
    o.port = quint16(p);
    o.world.tickets = qint64(n);
    o.world.seed = std::uint64_t(s);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    o.world.now = now - now % 3600;
    o.knobs.latencyMs = int(l);
    o.knobs.errorRate = r / 3;
    o.knobs.rateLimitRate = r / 3;
    o.knobs.resetRate = r / 3;
    o.zendesk.incrementalPerMinute = int(k);
    sandbox::SandboxHost host;
    if (const QString error = host.start(o); !error.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk sandbox: %1").arg(error));
        return ExitFailure;
    }
    printOut(
        QStringLiteral("Zendesk sandbox on %1 with %2 tickets\n"
                       "  agent e-mail: %3\n  API token:    %4\n"
                       "  OAuth client: %5 / %6, refresh token %7\n"
                       "Ctrl+C stops it.")
            .arg(host.baseUrl())
            .arg(host.tickets())
            .arg(o.zendesk.agentEmail, o.zendesk.apiToken, o.zendesk.oauthClientId, o.zendesk.oauthClientSecret, o.zendesk.refreshToken));
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    return QCoreApplication::exec() == 0 ? ExitOk : ExitFailure;
}

int syncCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk sync --workspace FILE --url URL --email E [--per-page N] [--start-time T]\n"
                       "                       [--page-interval-ms MS]\n"
                       "Brings the workspace up to date with Zendesk once (the first time in full, then from the stored\n"
                       "cursor) and exits. The API token is read from the COSMICDESK_ZENDESK_TOKEN environment variable,\n"
                       "never from the command line. Pages are asked for at most every 6 s (Zendesk allows the export 10\n"
                       "requests a minute); --page-interval-ms sets another pace, e.g. 0 against the sandbox.");
    QCommandLineParser parser;
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace file (made if missing)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Zendesk address, e.g. https://acme.zendesk.com."),
                                 QStringLiteral("URL"));
    const QCommandLineOption email(QStringLiteral("email"), QStringLiteral("The agent's e-mail."), QStringLiteral("E"));
    const QCommandLineOption perPage(QStringLiteral("per-page"), QStringLiteral("Tickets per page, 1-1000 (default 1000)."),
                                     QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption startTime(QStringLiteral("start-time"), QStringLiteral("Where a first sync starts, Unix seconds (default 0)."),
                                       QStringLiteral("T"), QStringLiteral("0"));
    const QCommandLineOption pageInterval(QStringLiteral("page-interval-ms"),
                                          QStringLiteral("Pause between the starts of two page requests (default 6000)."),
                                          QStringLiteral("MS"), QStringLiteral("6000"));
    parser.addOptions({workspace, url, email, perPage, startTime, pageInterval});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    const QUrl base(parser.value(url));
    double n = 0, t = 0, pause = 0;
    if (!parser.isSet(workspace) || !base.isValid() || (base.scheme() != u"http" && base.scheme() != u"https") || !parser.isSet(email) ||
        !readNumber(parser.value(perPage), 1, 1000, n) || !readNumber(parser.value(startTime), 0, 1e11, t) ||
        !readNumber(parser.value(pageInterval), 0, 3'600'000, pause)) {
        printErr(QStringLiteral("cosmicdesk sync: --workspace, an http(s) --url and --email are required; --per-page 1-1000,"
                                " --page-interval-ms 0-3600000\n\n%1")
                     .arg(synopsis));
        return ExitUsage;
    }
    const QString token = qEnvironmentVariable("COSMICDESK_ZENDESK_TOKEN");
    if (token.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk sync: set COSMICDESK_ZENDESK_TOKEN to the agent's API token"));
        return ExitUsage;
    }
    auto store = models::TicketStore::open(parser.value(workspace));
    if (!store.ok()) {
        printErr(QStringLiteral("cosmicdesk sync: %1").arg(store.error().message));
        // A file that is no workspace is bad input; a workspace that cannot be written, a failure.
        return store.error().kind == models::Error::Kind::Config ? ExitUsage : ExitFailure;
    }
    services::ZendeskSync::Options o;
    o.baseUrl = base;
    const QString agent = parser.value(email);
    o.auth = [agent, token] { return std::make_shared<connectors::ZendeskTokenAuth>(agent, token); };
    o.perPage = int(n);
    o.startTime = qint64(t);
    o.pageInterval = std::chrono::milliseconds(qint64(pause));
    o.repeat = false;
    services::ZendeskSync sync(*store.value(), o);
    QObject::connect(&sync, &services::ZendeskSync::progress, [](qint64 tickets, int pages, double fraction) {
        printOut(QStringLiteral("page %1: %2 tickets (%3%)").arg(pages).arg(tickets).arg(qRound(fraction * 100)));
    });
    int code = ExitFailure;
    QObject::connect(&sync, &services::ZendeskSync::runFinished, [&](const models::Result<void> &r) {
        if (r.ok()) {
            printOut(QStringLiteral("synced %1 tickets in %2 pages").arg(sync.ticketsThisRun()).arg(sync.pagesThisRun()));
            code = ExitOk;
        } else {
            printErr(QStringLiteral("cosmicdesk sync: %1 (%2)").arg(r.error().message, models::errorKindName(r.error().kind)));
        }
        QCoreApplication::quit();
    });
    sync.start();
    QCoreApplication::exec();
    return code;
}

int benchSync(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench sync [--tickets N] [--per-page P] [--json]\n"
                       "Full sync from the in-process sandbox (its own thread, 127.0.0.1, no quota) into a new workspace,\n"
                       "end to end (HTTP, JSON, store), then the latency of 20 incremental runs that each pick up one change.");
    QCommandLineParser parser;
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Tickets (default 100000)."), QStringLiteral("N"),
                                     QStringLiteral("100000"));
    const QCommandLineOption perPage(QStringLiteral("per-page"), QStringLiteral("Tickets per page (default 1000)."), QStringLiteral("P"),
                                     QStringLiteral("1000"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tickets, perPage, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    double n = 0, pp = 0;
    if (!readNumber(parser.value(tickets), 1, 2'000'000, n) || !readNumber(parser.value(perPage), 1, 1000, pp)) {
        printErr(QStringLiteral("cosmicdesk bench sync: --tickets 1-2000000, --per-page 1-1000\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    sandbox::SandboxHost::Options so;
    so.world.tickets = qint64(n);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    so.world.now = now - 120;
    so.zendesk.incrementalPerMinute = 0; // the benchmark measures us, not Zendesk's quota
    so.zendesk.accountPerMinute = 0;
    so.zendesk.holdBackSecs = 0;
    so.customerSystems = false; // only Zendesk is measured
    sandbox::SandboxHost host;
    QElapsedTimer clock;
    clock.start();
    if (const QString error = host.start(so); !error.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk bench sync: %1").arg(error));
        return ExitFailure;
    }
    const qint64 worldMs = clock.elapsed();

    QTemporaryDir dir;
    auto store = models::TicketStore::open(dir.filePath(QStringLiteral("bench.cosmicdesk")));
    if (!store.ok()) {
        printErr(QStringLiteral("cosmicdesk bench sync: %1").arg(store.error().message));
        return ExitFailure;
    }
    services::ZendeskSync::Options o;
    o.baseUrl = QUrl(host.baseUrl());
    o.auth = [z = so.zendesk] { return std::make_shared<connectors::ZendeskTokenAuth>(z.agentEmail, z.apiToken); };
    o.perPage = int(pp);
    o.repeat = false;
    o.pageInterval = std::chrono::milliseconds(0); // the sandbox has no quota
    services::ZendeskSync sync(*store.value(), o);
    models::Result<void> outcome;
    QEventLoop loop;
    QObject::connect(&sync, &services::ZendeskSync::runFinished, &loop, [&](const models::Result<void> &r) {
        outcome = r;
        loop.quit();
    });
    clock.restart();
    sync.start();
    loop.exec();
    const double fullMs = double(clock.nsecsElapsed()) / 1e6;
    if (!outcome.ok()) {
        printErr(QStringLiteral("cosmicdesk bench sync: %1").arg(outcome.error().message));
        return ExitFailure;
    }
    const auto stored = store.value()->ticketCount();
    const qint64 synced = stored.ok() ? stored.value() : 0;

    std::vector<double> latencies;
    for (int i = 0; i < 20; ++i) {
        host.withZendesk([i](sandbox::ZendeskFake &z, sandbox::HttpSandbox &) {
            auto t = z.ticket(10001 + i); // demo tickets are numbered from 10001
            if (!t)
                return;
            t->subject = QStringLiteral("Changed %1: ").arg(i) + t->subject;
            t->updatedAt = QDateTime::currentSecsSinceEpoch();
            z.upsertTicket(*t);
        });
        clock.restart();
        sync.syncNow();
        loop.exec();
        latencies.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (!outcome.ok())
            break;
        if (sync.ticketsThisRun() != 1) { // each run must bring exactly the one change
            printErr(
                QStringLiteral("cosmicdesk bench sync: incremental run %1 brought %2 tickets, not 1").arg(i).arg(sync.ticketsThisRun()));
            return ExitFailure;
        }
    }
    const double incremental = percentile(latencies, 0.5);
    const double perSecond = fullMs > 0 ? double(synced) * 1000.0 / fullMs : 0;
    const double rss = peakRssMb();
    if (parser.isSet(json)) {
        printJson({{"tickets", synced},
                   {"tickets_per_s", std::round(perSecond)},
                   {"full_sync_ms", std::round(fullMs)},
                   {"incremental_latency_ms", std::round(incremental * 10) / 10},
                   {"world_ms", worldMs},
                   {"rss_mb", std::round(rss * 10) / 10}});
    } else {
        printOut(QStringLiteral("sync of %1 tickets from the sandbox (%2 per page)\n"
                                "  full sync        %3 ms  (%4 tickets/s)\n"
                                "  incremental      %5 ms  (median of %6 runs, one change each)\n"
                                "  world built in   %7 ms\n"
                                "  peak RSS         %8 MB (sandbox included)")
                     .arg(synced)
                     .arg(int(pp))
                     .arg(qRound(fullMs))
                     .arg(qRound(perSecond))
                     .arg(incremental, 0, 'f', 1)
                     .arg(latencies.size())
                     .arg(worldMs)
                     .arg(rss, 0, 'f', 1));
    }
    return outcome.ok() ? ExitOk : ExitFailure;
}

} // namespace cosmicdesk::cli
