#include "benchstats.h"
#include "cli.h"
#include "commands.h"
#include "procstats.h"

#include <connectors/customersources.h>
#include <nlohmann/json.hpp>
#include <services/customerviewservice.h>

#include <connectors/carriers.h>
#include <models/ticketstore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/rng.h>
#include <sandbox/sandboxhost.h>
#include <sandbox/workspacewriter.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::cli {

int benchCustomerView(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench customer-view [--selections N] [--latency-ms X] [--json]\n"
                       "Every sandbox source (Salesforce, Stripe, DHL, Ninja Van, SingPost, products) answers after X ms (default 150);\n"
                       "the orders come from the demo workspace's SQLite tables. Times the full customer view from a cold cache\n"
                       "over N selections (default 200), and the cached open.");
    QCommandLineParser parser;
    const QCommandLineOption selections(QStringLiteral("selections"), QStringLiteral("Selections (default 200)."), QStringLiteral("N"),
                                        QStringLiteral("200"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"), QStringLiteral("Latency of every source (default 150)."),
                                     QStringLiteral("X"), QStringLiteral("150"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Name the last section of every slow selection."));
    parser.addOptions({selections, latency, json, verbose});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    bool ok1 = false, ok2 = false;
    const int n = parser.value(selections).toInt(&ok1);
    const int latencyMs = parser.value(latency).toInt(&ok2);
    if (!ok1 || !ok2 || n < 1 || n > 100000 || latencyMs < 0 || latencyMs > 60000) {
        printErr(QStringLiteral("cosmicdesk bench customer-view: --selections 1-100000, --latency-ms 0-60000\n\n%1").arg(synopsis));
        return ExitUsage;
    }

    QTemporaryDir dir;
    sandbox::DemoOptions world;
    world.tickets = 2000;
    world.seed = 20261122;
    world.now = QDateTime::currentSecsSinceEpoch() - 3600;
    const QString path = dir.filePath(QStringLiteral("bench.cosmicdesk"));
    if (auto written = sandbox::WorkspaceWriter::write(sandbox::DemoWorld(world), path); !written.ok()) {
        printErr(QStringLiteral("cosmicdesk bench customer-view: %1").arg(written.error().message));
        return ExitFailure;
    }
    sandbox::SandboxHost host;
    sandbox::SandboxHost::Options so;
    so.world = world;
    so.knobs.latencyMs = latencyMs;
    if (const QString error = host.start(so); !error.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk bench customer-view: %1").arg(error));
        return ExitFailure;
    }
    auto store = models::TicketStore::open(path);
    if (!store.ok()) {
        printErr(QStringLiteral("cosmicdesk bench customer-view: %1").arg(store.error().message));
        return ExitFailure;
    }
    const auto systems = sandbox::sandboxCustomerSystems(host.baseUrl(), so.customer, path);
    services::CustomerViewService service(*store.value(), connectors::buildCustomerSources(systems.config, systems.secrets));
    QEventLoop loop;
    QElapsedTimer clock;
    std::array<double, services::kCustomerSectionCount> sectionMs{};
    QObject::connect(&service, &services::CustomerViewService::viewChanged, &loop, [&](int section) {
        if (section >= 0)
            sectionMs[std::size_t(section)] = double(clock.nsecsElapsed()) / 1e6;
        if (service.view().settled())
            loop.quit();
    });
    auto openOne = [&](qint64 ticket) {
        clock.restart();
        service.load(ticket);
        if (!service.view().settled())
            loop.exec();
        return double(clock.nsecsElapsed()) / 1e6;
    };
    auto clearCache = [&] { QSqlQuery(store.value()->db()).exec(QStringLiteral("DELETE FROM customer_cache")); };

    // One source alone: a single DHL request, the same latency as every other source.
    connectors::RestClient::Options ro;
    ro.baseUrl = QUrl(host.baseUrl());
    connectors::DhlClient dhl(ro, so.customer.dhlKey);
    std::vector<double> single;
    QString number;
    {
        QSqlQuery q(store.value()->db());
        if (q.exec(QStringLiteral("SELECT tracking_number FROM shop_orders WHERE carrier = 'dhl' LIMIT 1")) && q.next())
            number = q.value(0).toString();
    }
    for (int i = 0; i < 20 && !number.isEmpty(); ++i) {
        clock.restart();
        dhl.track(number, &loop, [&](models::Result<models::Shipment>) { loop.quit(); });
        loop.exec();
        single.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    const double slowest = percentile(single, 0.5);

    sandbox::Rng rng(7);
    const qint64 firstTicket = 10001;
    openOne(firstTicket); // warm-up: OAuth tokens, connections
    std::vector<double> full;
    int failedSections = 0;
    for (int i = 0; i < n; ++i) {
        clearCache();
        sectionMs = {};
        const qint64 ticket = firstTicket + qint64(rng.below(std::uint64_t(world.tickets)));
        full.push_back(openOne(ticket));
        if (parser.isSet(verbose) && full.back() > 1.25 * slowest)
            printOut(QStringLiteral("ticket %1: %2 ms (crm %3, payments %4, orders %5, shipments %6)")
                         .arg(ticket)
                         .arg(full.back(), 0, 'f', 1)
                         .arg(sectionMs[0], 0, 'f', 0)
                         .arg(sectionMs[1], 0, 'f', 0)
                         .arg(sectionMs[2], 0, 'f', 0)
                         .arg(sectionMs[3], 0, 'f', 0));
        for (const auto &s : service.view().status)
            failedSections += s.state == services::SectionStatus::State::Failed;
    }
    // Cached open: the same tickets again, within the TTL: every section from the store.
    std::vector<double> cached;
    for (int i = 0; i < 50; ++i) {
        const qint64 ticket = firstTicket + qint64(rng.below(std::uint64_t(world.tickets)));
        openOne(ticket);
        clock.restart();
        service.load(ticket);
        cached.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (!service.view().settled())
            loop.exec();
    }
    const double p50 = percentile(full, 0.5), p95 = percentile(full, 0.95), cachedMs = percentile(cached, 0.5);
    if (parser.isSet(json)) {
        printJson({{"full_view_p50_ms", std::round(p50 * 10) / 10},
                   {"full_view_p95_ms", std::round(p95 * 10) / 10},
                   {"slowest_source_ms", std::round(slowest * 10) / 10},
                   {"cached_open_ms", std::round(cachedMs * 100) / 100},
                   {"selections", n},
                   {"failed_sections", failedSections},
                   {"rss_mb", std::round(peakRssMb() * 10) / 10}});
    } else {
        printOut(QStringLiteral("customer view over %1 selections, every source at %2 ms\n"
                                "  one source alone     %3 ms (median of a single DHL request)\n"
                                "  full view, cold      p50 %4 ms, p95 %5 ms  (%6 × / %7 × the slowest source)\n"
                                "  cached open          %8 ms (median of 50)\n"
                                "  failed sections      %9")
                     .arg(n)
                     .arg(latencyMs)
                     .arg(slowest, 0, 'f', 1)
                     .arg(p50, 0, 'f', 1)
                     .arg(p95, 0, 'f', 1)
                     .arg(slowest > 0 ? p50 / slowest : 0, 0, 'f', 2)
                     .arg(slowest > 0 ? p95 / slowest : 0, 0, 'f', 2)
                     .arg(cachedMs, 0, 'f', 2)
                     .arg(failedSections));
    }
    return ExitOk;
}

} // namespace cosmicdesk::cli
