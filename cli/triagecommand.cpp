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

#include <cmath>
#include <map>

namespace cosmicdesk::cli {

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
    auto imported = models::TicketImporter::importFile(parser.value(input));
    if (!imported.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(imported.error().message));
        return ExitUsage;
    }
    const auto &tickets = imported.value().tickets;
    for (const QString &w : imported.value().warnings.mid(0, 5))
        printErr(QStringLiteral("cosmicdesk triage: warning: %1").arg(w));
    auto engine = services::loadTriageEngine(parser.value(profile));
    if (!engine.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(engine.error().message));
        return ExitUsage;
    }
    const QStringList columns = parser.value(textColumns).split(QLatin1Char(','), Qt::SkipEmptyParts);

    QElapsedTimer clock;
    clock.start();
    int lastPct = -1;
    const bool chatty = !parser.isSet(quiet);
    const auto assessments = triageBatch(*engine.value(), tickets, columns, !parser.isSet(noDrafts), [&](std::size_t d, std::size_t n) {
        const int pct = static_cast<int>(d * 100 / std::max<std::size_t>(n, 1));
        if (chatty && pct / 10 != lastPct / 10) {
            lastPct = pct;
            QTextStream(stderr) << "\rtriaging: " << pct << "%" << Qt::flush;
        }
    });
    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    if (chatty)
        QTextStream(stderr) << "\r" << Qt::flush;

    models::TriageRun run;
    run.input = QFileInfo(parser.value(input)).fileName();
    run.profileName = QString::fromStdString(engine.value()->profile().name);
    run.demoMode = parser.isSet(demo);
    run.tickets = &tickets;
    run.assessments = &assessments;
    run.seconds = seconds;
    run.targets = engine.value()->profile().calibrationTargets;
    const QString dir = parser.value(out);
    if (auto r = models::TriageReport::write(run, dir); !r.ok()) {
        printErr(QStringLiteral("cosmicdesk triage: %1").arg(r.error().message));
        return ExitFailure;
    }
    if (parser.isSet(full)) {
        if (auto r = models::TriageReport::writeFull(run, dir); !r.ok()) {
            printErr(QStringLiteral("cosmicdesk triage: %1").arg(r.error().message));
            return ExitFailure;
        }
    }

    std::map<std::string, int> mix;
    int guardian = 0, opportunity = 0, drafts = 0, agree = 0, labelled = 0;
    for (std::size_t i = 0; i < assessments.size(); ++i) {
        const auto &a = assessments[i];
        ++mix[std::string(triage::priorityName(a.priority.priority))];
        guardian += a.guardian.alert;
        opportunity += a.opportunity.alert;
        drafts += a.draft.mode != "none";
        if (!tickets[i].actualPriority.empty()) {
            ++labelled;
            agree += tickets[i].actualPriority == triage::priorityName(a.priority.priority);
        }
    }
    const double n = std::max<double>(1, static_cast<double>(assessments.size()));
    QString summary = QStringLiteral("Triaged %1 tickets in %2 s (%3 tickets/s) into %4\n  priority mix:")
                          .arg(assessments.size())
                          .arg(seconds, 0, 'f', 2)
                          .arg(std::round(static_cast<double>(assessments.size()) / std::max(seconds, 1e-9)))
                          .arg(QDir(dir).absolutePath());
    for (const auto &[p, c] : mix)
        summary += QStringLiteral(" %1 %2%").arg(QString::fromStdString(p)).arg(100.0 * c / n, 0, 'f', 1);
    summary += QStringLiteral("\n  Guardian alerts: %1 · Opportunities: %2 · drafts: %3").arg(guardian).arg(opportunity).arg(drafts);
    if (labelled)
        summary += QStringLiteral("\n  agreement with actual_priority: %1% of %2").arg(100.0 * agree / labelled, 0, 'f', 1).arg(labelled);
    printOut(summary);
    return ExitOk;
}

} // namespace cosmicdesk::cli
