#include "cli.h"
#include "commands.h"
#include "procstats.h"

#include <services/reviewimport.h>
#include <services/triageloader.h>

#include <sandbox/demoworld.h>

#include <nlohmann/json.hpp>

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::cli {

namespace {

constexpr const char *kPriorities[] = {"urgent", "high", "normal", "low"};
constexpr const char *kStatuses[] = {"new", "open", "pending", "hold", "solved", "closed"};
constexpr const char *kChannels[] = {"email", "web", "chat", "voice", "api", "twitter"};

// An incremental-export NDJSON file of n tickets, one Zendesk ticket a line, written in pieces: the
// demo world's tickets (a pool reused beyond 20,000, with fresh ids, times and accounts).
models::Result<qint64> writeExport(const QString &path, qint64 n)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return models::Error::make(models::Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()));
    sandbox::DemoOptions o;
    o.tickets = std::min<qint64>(n, 20000);
    o.now = 1795305600;
    const sandbox::DemoWorld world(o);
    std::vector<std::pair<std::string, std::string>> pool;
    world.generateTickets([&](std::vector<sandbox::GeneratedTicket> &&batch) {
        for (const auto &g : batch)
            pool.emplace_back(g.ticket.subject.toStdString(), g.ticket.description.toStdString());
        return true;
    });
    std::string chunk;
    for (qint64 i = 0; i < n; ++i) {
        const auto &[subject, body] = pool[static_cast<std::size_t>(i) % pool.size()];
        const qint64 created = o.now - 56 * 86400 + i * (56 * 86400) / std::max<qint64>(n, 1);
        nlohmann::json t = {{"id", 100000 + i},
                            {"subject", subject},
                            {"description", body},
                            {"status", kStatuses[i % 6]},
                            {"priority", kPriorities[(i / 7) % 4]},
                            {"via", {{"channel", kChannels[(i / 3) % 6]}}},
                            {"organization_id", 5000 + (i * 7919) % std::max<qint64>(n / 8, 1)},
                            {"created_at", created},
                            {"updated_at", created + 3600}};
        chunk += t.dump();
        chunk += '\n';
        if (chunk.size() > (1 << 20) || i + 1 == n) {
            if (f.write(chunk.data(), static_cast<qint64>(chunk.size())) != static_cast<qint64>(chunk.size()))
                return models::Error::make(models::Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(path, f.errorString()));
            chunk.clear();
        }
    }
    f.close();
    return QFileInfo(path).size();
}

} // namespace

int benchImport(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench import [--tickets N] [--profile P] [--json]\n"
                       "Writes an NDJSON export of N Zendesk tickets (demo tickets, reused beyond 20,000) to a temporary folder,\n"
                       "then imports it into a review workspace as `cosmicdesk import` does: read, judged with each account's\n"
                       "history, stored. Prints tickets per second end to end and the peak memory of the import.\n"
                       "Targets: >= 20,000 tickets/s imported and triaged, RSS <= 400 MB whatever N.");
    QCommandLineParser parser;
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Tickets in the export (default 100000)."),
                                     QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Triage profile."), QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tickets, profile, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    const auto count = countOption(parser, QStringLiteral("tickets"), 1000, 20'000'000, QStringLiteral("cosmicdesk bench import"));
    if (!count)
        return ExitUsage;
    const qint64 n = *count;
    auto engine = services::loadEngine(parser.value(profile));
    if (!engine.ok()) {
        printErr(QStringLiteral("cosmicdesk bench import: %1").arg(engine.error().message));
        return ExitUsage;
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        printErr(QStringLiteral("cosmicdesk bench import: no temporary folder"));
        return ExitFailure;
    }
    const QString file = dir.filePath(QStringLiteral("export.ndjson"));
    auto bytes = writeExport(file, n);
    if (!bytes.ok()) {
        printErr(QStringLiteral("cosmicdesk bench import: %1").arg(bytes.error().message));
        return ExitFailure;
    }
    const double rssBefore = currentRssMb();
    const bool peakReset = resetPeakRss();
    services::ReviewImportOptions options;
    options.engineIdentity = engine.value().identity;
    options.profileName = QString::fromStdString(engine.value().engine->profile().name);
    auto result = services::importReview(file, dir.filePath(QStringLiteral("review.cosmicdesk")), *engine.value().engine, options);
    if (!result.ok()) {
        printErr(QStringLiteral("cosmicdesk bench import: %1").arg(result.error().message));
        return ExitFailure;
    }
    const double rss = peakRssMb();
    const double seconds = result.value().seconds;
    const double rate = static_cast<double>(result.value().source.tickets) / std::max(seconds, 1e-9);
    const double workspaceMb = static_cast<double>(QFileInfo(dir.filePath(QStringLiteral("review.cosmicdesk"))).size()) / 1048576.0;
    if (parser.isSet(json)) {
        nlohmann::json out = {{"tickets", result.value().source.tickets},
                              {"file_mb", std::round(static_cast<double>(bytes.value()) / 1048576.0 * 10) / 10},
                              {"seconds", std::round(seconds * 100) / 100},
                              {"tickets_per_s", std::round(rate)},
                              {"rss_mb", std::round(rss * 10) / 10},
                              {"rss_before_mb", std::round(rssBefore * 10) / 10},
                              {"peak_measured_from_start", !peakReset},
                              {"workspace_mb", std::round(workspaceMb * 10) / 10},
                              {"engine_s", std::round(result.value().engineSeconds * 100) / 100},
                              {"store_s", std::round(result.value().storeSeconds * 100) / 100}};
        printOut(QString::fromStdString(out.dump()));
        return ExitOk;
    }
    printOut(QStringLiteral("bench import: %1 tickets (%2 MB NDJSON) imported and triaged in %3 s: %4 tickets/s\n"
                            "  peak RSS during the import %5 MB (%6 MB before it%7); workspace %8 MB\n"
                            "  time in the engine %9 s; the workspace's writes took %10 s, on a thread of their own beside it")
                 .arg(result.value().source.tickets)
                 .arg(static_cast<double>(bytes.value()) / 1048576.0, 0, 'f', 1)
                 .arg(seconds, 0, 'f', 2)
                 .arg(std::round(rate))
                 .arg(rss, 0, 'f', 1)
                 .arg(rssBefore, 0, 'f', 1)
                 .arg(peakReset ? QString() : QStringLiteral("; the peak could not be reset, so it counts the file's writing"))
                 .arg(workspaceMb, 0, 'f', 1)
                 .arg(result.value().engineSeconds, 0, 'f', 2)
                 .arg(result.value().storeSeconds, 0, 'f', 2));
    return ExitOk;
}

} // namespace cosmicdesk::cli
