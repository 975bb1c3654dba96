#include "batchtriage.h"
#include "cli.h"
#include "commands.h"
#include <services/triageloader.h>

#include <models/ticketimporter.h>
#include <models/triagereport.h>

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace cosmicdesk::cli {

namespace {
constexpr std::size_t kBatch = 256; // tickets read, triaged and written at a time
}

int triageCommand(const QStringList &args)
{
    const QString synopsis = QStringLiteral(
        "Usage: cosmicdesk triage --input FILE --out DIR [--profile P] [--demo-mode] [--no-drafts] [--text-columns a,b] [--full]\n"
        "Triages an export (CSV in the seed format, Zendesk JSON or NDJSON) with the local engine and writes\n"
        "triage_results.jsonl, zendesk_api_calls.json, guardian_alerts_log.json, opportunity_alerts_log.json,\n"
        "metrics_summary.json and triage_report.html into DIR. An account's history is its earlier tickets in\n"
        "the same input. --demo-mode marks alerts as not sent; no alert is sent by this command either way.");
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("Ticket export."), QStringLiteral("FILE"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder."), QStringLiteral("DIR"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Triage profile (default: built in)."), QStringLiteral("P"));
    const QCommandLineOption demo(QStringLiteral("demo-mode"), QStringLiteral("Log alerts as not sent."));
    const QCommandLineOption noDrafts(QStringLiteral("no-drafts"), QStringLiteral("Skip drafted replies."));
    const QCommandLineOption textColumns(QStringLiteral("text-columns"), QStringLiteral("Columns holding the text."),
                                         QStringLiteral("a,b"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print only the summary."));
    const QCommandLineOption full(QStringLiteral("full"),
                                  QStringLiteral("Also write triage_full.jsonl: every assessment with all its evidence."));
    parser.addOptions({input, out, profile, demo, noDrafts, textColumns, quiet, full});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    if (!parser.isSet(input) || !parser.isSet(out)) {
        printErr(QStringLiteral("cosmicdesk triage: --input FILE and --out DIR are required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    const QString dir = parser.value(out);
    if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir()) {
        printErr(QStringLiteral("cosmicdesk triage: --out %1 is a file; name a folder (it is made if missing)").arg(dir));
        return ExitUsage;
    }
    auto engine = services::loadTriageEngine(parser.value(profile));
    if (!engine.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(engine.error().message));
        return ExitUsage;
    }
    const QStringList columns = parser.value(textColumns).split(QLatin1Char(','), Qt::SkipEmptyParts);
    models::ImportOptions importOptions;
    importOptions.textColumns = columns;
    const QString path = parser.value(input);
    const bool chatty = !parser.isSet(quiet);

    // Two passes over the file, a batch at a time. The first judges every ticket quickly for what
    // later tickets of its account need (time, category, tone) and finds duplicate ids; the second
    // triages in full with that history and writes the report as it goes. Neither holds the whole
    // export: memory is a batch plus a few bytes a ticket.
    struct Seen
    {
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
        std::int32_t account = -1; // index into accounts, -1: no customer
        std::uint16_t category = 0, sentiment = 0;
        std::uint32_t line = 0;
        bool used = true; // false: a later line has the same id
    };
    std::vector<Seen> seen;
    std::unordered_map<std::string, std::uint32_t> accountIndex, lastById;
    std::vector<std::string> labels; // categories and tones, interned
    std::unordered_map<std::string, std::uint16_t> labelIndex;
    auto intern = [&](const std::string &l) {
        const auto [it, fresh] = labelIndex.emplace(l, static_cast<std::uint16_t>(labels.size()));
        if (fresh)
            labels.push_back(l);
        return it->second;
    };
    QStringList warnings;
    std::size_t duplicates = 0;
    double seconds = 0;
    QElapsedTimer clock;
    triage::Engine::Options quick;
    quick.drafts = false;
    auto firstPass = models::TicketImporter::stream(
        path, models::TicketImporter::Format::Auto, kBatch,
        [&](std::vector<models::ImportedTicket> &batch) -> models::Result<void> {
            std::vector<triage::Assessment> judged(batch.size());
            clock.start();
            parallelFor(batch.size(), [&](std::size_t i) { judged[i] = engine.value()->assess(ticketText(batch[i], columns), quick); });
            seconds += static_cast<double>(clock.nsecsElapsed()) / 1e9;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const auto &t = batch[i];
                Seen s;
                s.createdAt = t.createdAt;
                s.updatedAt = t.updatedAt;
                if (!t.customer.empty())
                    s.account = static_cast<std::int32_t>(
                        accountIndex.emplace(t.customer, static_cast<std::uint32_t>(accountIndex.size())).first->second);
                s.category = intern(judged[i].category.label);
                s.sentiment = intern(std::string(triage::sentimentName(judged[i].sentiment.label)));
                s.line = static_cast<std::uint32_t>(t.line);
                const auto position = static_cast<std::uint32_t>(seen.size());
                if (!t.positionalId && !t.id.empty()) {
                    // Of two copies of a ticket, the newer version is triaged; the other is neither
                    // triaged nor counted as its account's history.
                    const auto [it, fresh] = lastById.emplace(t.id, position);
                    if (!fresh) {
                        ++duplicates;
                        Seen &earlier = seen[it->second];
                        const bool newer = models::TicketImporter::isNewer(s.updatedAt, earlier.updatedAt);
                        if (warnings.size() < 100)
                            warnings << models::TicketImporter::duplicateWarning(t.id, earlier.line, t.line, newer ? t.line : earlier.line);
                        if (newer) {
                            earlier.used = false;
                            it->second = position;
                        } else {
                            s.used = false;
                        }
                    }
                }
                seen.push_back(s);
            }
            return {};
        },
        importOptions);
    if (!firstPass.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(firstPass.error().message));
        return ExitUsage;
    }
    lastById = {};
    const auto &read = firstPass.value();
    const QStringList allWarnings = firstPass.value().warnings + warnings;
    for (const QString &w : allWarnings.mid(0, 5))
        printErr(QStringLiteral("cosmicdesk triage: warning: %1").arg(w));
    if (allWarnings.size() > 5)
        printErr(QStringLiteral("cosmicdesk triage: … and %1 more warnings").arg(allWarnings.size() - 5));

    // Each account's tickets in time order (those without a time go last, and have no history: "in 7 days" is never said of a ticket whose
    // time is unknown), and where each ticket stands among them.
    const std::size_t total = seen.size();
    std::vector<std::vector<std::uint32_t>> accounts(accountIndex.size());
    accountIndex = {};
    for (std::uint32_t p = 0; p < total; ++p)
        if (seen[p].used && seen[p].account >= 0)
            accounts[static_cast<std::size_t>(seen[p].account)].push_back(p);
    std::vector<std::uint32_t> rank(total, 0);
    for (auto &a : accounts) {
        const auto when = [&](std::uint32_t x) { return seen[x].createdAt > 0 ? seen[x].createdAt : std::numeric_limits<qint64>::max(); };
        std::stable_sort(a.begin(), a.end(), [&](std::uint32_t x, std::uint32_t y) { return when(x) < when(y); });
        for (std::uint32_t k = 0; k < a.size(); ++k)
            rank[a[k]] = k;
    }

    models::TriageReport::Options ro;
    ro.input = QFileInfo(path).fileName();
    ro.profileName = QString::fromStdString(engine.value()->profile().name);
    ro.demoMode = parser.isSet(demo);
    ro.full = parser.isSet(full);
    ro.targets = engine.value()->profile().calibrationTargets;
    auto report = models::TriageReport::begin(dir, ro);
    if (!report.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(report.error().message));
        return report.error().kind == models::Error::Kind::Config ? ExitUsage : ExitFailure;
    }
    triage::Engine::Options fullOptions;
    fullOptions.drafts = !parser.isSet(noDrafts);
    std::size_t position = 0;
    int lastPct = -1;
    auto secondPass = models::TicketImporter::stream(
        path, models::TicketImporter::Format::Auto, kBatch,
        [&](std::vector<models::ImportedTicket> &batch) -> models::Result<void> {
            if (position + batch.size() > total)
                return models::Error::make(models::Error::Kind::BadPayload, QStringLiteral("%1 changed while it was read.").arg(path));
            std::vector<triage::TicketText> texts(batch.size());
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const std::size_t p = position + i;
                texts[i] = ticketText(batch[i], columns);
                if (!seen[p].used || seen[p].account < 0 || seen[p].createdAt <= 0)
                    continue;
                const auto &mine = accounts[static_cast<std::size_t>(seen[p].account)];
                for (std::uint32_t k = rank[p]; k-- > 0 && texts[i].history.size() < std::size_t(triage::kHistoryMaxTickets);) {
                    const Seen &earlier = seen[mine[k]];
                    if (earlier.createdAt <= 0)
                        continue; // when it was is unknown: not within any window
                    const double days = static_cast<double>(seen[p].createdAt - earlier.createdAt) / 86400.0;
                    if (days > triage::kHistoryDays)
                        break;
                    texts[i].history.push_back({days, labels[earlier.category],
                                                triage::parseSentiment(labels[earlier.sentiment]).value_or(triage::Sentiment::Neutral)});
                }
            }
            std::vector<triage::Assessment> judged(batch.size());
            clock.start();
            parallelFor(batch.size(), [&](std::size_t i) {
                if (seen[position + i].used)
                    judged[i] = engine.value()->assess(texts[i], fullOptions);
            });
            seconds += static_cast<double>(clock.nsecsElapsed()) / 1e9;
            for (std::size_t i = 0; i < batch.size(); ++i)
                if (seen[position + i].used)
                    report.value()->add(batch[i], judged[i]);
            position += batch.size();
            const int pct = static_cast<int>(position * 100 / std::max<std::size_t>(total, 1));
            if (chatty && pct / 10 != lastPct / 10) {
                lastPct = pct;
                QTextStream(stderr) << "\rtriaging: " << pct << "%" << Qt::flush;
            }
            return {};
        },
        importOptions);
    if (chatty)
        QTextStream(stderr) << "\r" << Qt::flush;
    if (!secondPass.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(secondPass.error().message));
        return ExitFailure;
    }
    if (auto r = report.value()->finish(seconds); !r.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(r.error().message));
        return ExitFailure;
    }
    const auto &summary = report.value()->summary();

    const double n = std::max<double>(1, static_cast<double>(summary.tickets));
    QString text = QStringLiteral("Triaged %1 tickets in %2 s (%3 tickets/s) into %4\n  priority mix:")
                       .arg(summary.tickets)
                       .arg(seconds, 0, 'f', 2)
                       .arg(std::round(static_cast<double>(summary.tickets) / std::max(seconds, 1e-9)))
                       .arg(QDir(dir).absolutePath());
    for (const auto &[p, c] : summary.byPriority)
        text += QStringLiteral(" %1 %2%").arg(QString::fromStdString(p)).arg(100.0 * c / n, 0, 'f', 1);
    text += QStringLiteral("\n  Guardian alerts: %1 · Opportunities: %2 · drafts: %3")
                .arg(summary.guardian)
                .arg(summary.opportunity)
                .arg(summary.drafts);
    if (summary.labelled)
        text += QStringLiteral("\n  agreement with actual_priority: %1% of %2")
                    .arg(100.0 * summary.agreed / summary.labelled, 0, 'f', 1)
                    .arg(summary.labelled);
    QStringList skipped;
    if (read.deleted)
        skipped << QStringLiteral("%1 deleted").arg(read.deleted);
    if (duplicates)
        skipped << QStringLiteral("%1 older copies of a ticket id").arg(duplicates);
    if (read.otherRecords)
        skipped << QStringLiteral("%1 records of other streams").arg(read.otherRecords);
    if (!skipped.isEmpty())
        text += QStringLiteral("\n  skipped: %1").arg(skipped.join(QStringLiteral(", ")));
    if (summary.closed)
        text += QStringLiteral("\n  %1 closed tickets judged, without an update (Zendesk refuses updates to closed tickets)")
                    .arg(summary.closed);
    if (summary.defaultLabels)
        text += QStringLiteral("\n  %1 tickets carry Zendesk's default priority \"normal\": not counted as an agent's label")
                    .arg(summary.defaultLabels);
    printOut(text);
    return ExitOk;
}

} // namespace cosmicdesk::cli
