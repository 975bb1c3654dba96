#include "cli.h"
#include "commands.h"
#include "importoptions.h"
#include <services/batchtriage.h>
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

using services::labelValue;
using services::parallelFor;
using services::ticketText;
using services::triageBatch;

namespace {
constexpr std::size_t kBatch = 256; // tickets read, triaged and written at a time
}

int triageCommand(const QStringList &args)
{
    const QString synopsis = QStringLiteral(
        "Usage: cosmicdesk triage --input FILE --out DIR [--profile P] [--demo-mode] [--no-drafts] [--text-columns a,b] [--full]\n"
        "                         [--map FIELD=COLUMN,…] [--on-error stop|skip]\n"
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
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print only the summary."));
    const QCommandLineOption full(QStringLiteral("full"),
                                  QStringLiteral("Also write triage_full.jsonl: every assessment with all its evidence."));
    const ImportOptionFlags flags;
    parser.addOptions({input, out, profile, demo, noDrafts, quiet, full});
    parser.addOptions(flags.all());
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
    auto readOptions = flags.read(parser);
    if (!readOptions.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(readOptions.error().message));
        return ExitUsage;
    }
    const models::ImportOptions importOptions = readOptions.value();
    const QStringList columns = importOptions.textColumns;
    const QString path = parser.value(input);
    const bool chatty = !parser.isSet(quiet);

    // Two passes over the file, a batch at a time (services::ExportTriage): neither holds the whole
    // export; memory is a batch plus a few bytes a ticket.
    services::ExportTriage exportTriage(*engine.value(), columns);
    auto firstPass = models::TicketImporter::stream(
        path, models::TicketImporter::Format::Auto, kBatch,
        [&](std::vector<models::ImportedTicket> &batch) -> models::Result<void> {
            exportTriage.observe(batch);
            return {};
        },
        importOptions);
    if (!firstPass.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(firstPass.error().message));
        return ExitUsage;
    }
    exportTriage.finishObserving();
    const auto &read = firstPass.value();
    const std::size_t duplicates = exportTriage.duplicates();
    const QStringList allWarnings = firstPass.value().warnings + exportTriage.warnings();
    for (const QString &w : allWarnings.mid(0, 5))
        printErr(QStringLiteral("cosmicdesk triage: warning: %1").arg(w));
    if (allWarnings.size() > 5)
        printErr(QStringLiteral("cosmicdesk triage: … and %1 more warnings").arg(allWarnings.size() - 5));
    const std::size_t total = exportTriage.total();

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
            auto judged = exportTriage.assess(batch, position, fullOptions);
            if (!judged.ok())
                return judged.error();
            for (std::size_t i = 0; i < batch.size(); ++i)
                if (exportTriage.used(position + i))
                    report.value()->add(batch[i], judged.value()[i]);
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
    if (auto r = report.value()->finish(exportTriage.engineSeconds()); !r.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(r.error().message));
        return ExitFailure;
    }
    const auto &summary = report.value()->summary();
    const double seconds = exportTriage.engineSeconds();

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
    if (read.malformed)
        skipped << QStringLiteral("%1 malformed rows (%2)").arg(read.malformed).arg(read.malformedRows.value(0));
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
