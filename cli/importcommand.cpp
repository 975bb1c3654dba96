#include "cli.h"
#include "commands.h"
#include "importoptions.h"

#include <services/reviewimport.h>
#include <services/triageloader.h>

#include <QCommandLineParser>
#include <QDir>
#include <QTextStream>

#include <cmath>

#include <unistd.h>

namespace cosmicdesk::cli {

int importCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk import --input FILE --out WORKSPACE [--profile P] [--map FIELD=COLUMN,…] [--text-columns a,b]\n"
                       "                         [--on-error stop|skip] [--replace] [--quiet]\n"
                       "Imports an export (CSV in the seed format or any CSV with --map, Zendesk JSON pages, NDJSON of tickets, pages or\n"
                       "ETL records) into a new review workspace and triages every ticket, for review in the window\n"
                       "(cosmicdesk --workspace WORKSPACE). Deleted tickets are skipped, the newer copy of a duplicated id kept, closed\n"
                       "tickets read but never given an update. The workspace appears only when the whole import succeeded; an existing\n"
                       "one is replaced only with --replace, and only when it is a review workspace.");
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("Ticket export."), QStringLiteral("FILE"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The review workspace to write."), QStringLiteral("WORKSPACE"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Triage profile (default: built in)."), QStringLiteral("P"));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("Replace an existing review workspace."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print only the summary."));
    const ImportOptionFlags flags;
    parser.addOptions({input, out, profile, replace, quiet});
    parser.addOptions(flags.all());
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    if (!parser.isSet(input) || !parser.isSet(out)) {
        printErr(QStringLiteral("cosmicdesk import: --input FILE and --out WORKSPACE are required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    auto importOptions = flags.read(parser);
    if (!importOptions.ok()) {
        printErr(QStringLiteral("cosmicdesk import: %1").arg(importOptions.error().message));
        return ExitUsage;
    }
    auto engine = services::loadEngine(parser.value(profile));
    if (!engine.ok()) {
        printErr(QStringLiteral("cosmicdesk import: %1").arg(engine.error().message));
        return ExitUsage;
    }
    services::ReviewImportOptions options;
    options.import = std::move(importOptions.value());
    options.engineIdentity = engine.value().identity;
    options.profileName = QString::fromStdString(engine.value().engine->profile().name);
    options.replace = parser.isSet(replace);
    const bool chatty = !parser.isSet(quiet) && ::isatty(2); // progress only on a terminal
    int lastShown = -1;
    auto progress = [&](services::ReviewImportPhase phase, std::size_t done, std::size_t total) {
        if (!chatty)
            return;
        // One line rewritten in place: every 10,000 tickets read, every 10 % triaged.
        const int step = total ? static_cast<int>(done * 10 / total) : static_cast<int>(done / 10000);
        const int key = static_cast<int>(phase) * 100000 + step;
        if (key == lastShown)
            return;
        lastShown = key;
        QTextStream err(stderr);
        if (phase == services::ReviewImportPhase::Reading)
            err << "\rreading and triaging: " << (done * 100 / std::max<std::size_t>(total, 1)) << "% (" << done << " tickets)"
                << Qt::flush;
        else if (phase == services::ReviewImportPhase::Triaging)
            err << "\rtriaging again what came out of time order: " << (done * 100 / std::max<std::size_t>(total, 1)) << "%      "
                << Qt::flush;
    };
    const QString file = parser.value(input);
    auto result = services::importReview(file, parser.value(out), *engine.value().engine, options, progress);
    if (chatty)
        QTextStream(stderr) << "\r" << QString(40, QLatin1Char(' ')) << "\r" << Qt::flush;
    if (!result.ok()) {
        printErr(QStringLiteral("cosmicdesk import: %1").arg(result.error().message));
        const auto kind = result.error().kind;
        return kind == models::Error::Kind::BadPayload || kind == models::Error::Kind::Config || kind == models::Error::Kind::NotFound
                   ? ExitUsage
                   : ExitFailure;
    }
    const auto &summary = result.value();
    const auto &s = summary.source;
    for (const QString &w : summary.warnings.mid(0, 5))
        printErr(QStringLiteral("cosmicdesk import: warning: %1").arg(w));
    if (summary.warnings.size() > 5)
        printErr(QStringLiteral("cosmicdesk import: … and %1 more warnings").arg(summary.warnings.size() - 5));
    for (const QString &row : s.skippedRows.mid(0, 5))
        printErr(QStringLiteral("cosmicdesk import: skipped %1").arg(row));
    QString text = QStringLiteral("Imported %1 tickets (%2) into %3 in %4 s (%5 tickets/s, triaged with %6)")
                       .arg(s.tickets)
                       .arg(s.format, QDir(summary.workspace).absolutePath())
                       .arg(summary.seconds, 0, 'f', 2)
                       .arg(std::round(static_cast<double>(s.tickets) / std::max(summary.seconds, 1e-9)))
                       .arg(s.profile);
    if (const QString skipped = s.skippedText(); !skipped.isEmpty())
        text += QStringLiteral("\n  skipped: %1").arg(skipped);
    if (s.closed)
        text += QStringLiteral("\n  %1 closed tickets: read and judged, never given an update").arg(s.closed);
    text += QStringLiteral("\n  open it: cosmicdesk --workspace %1").arg(summary.workspace);
    printOut(text);
    return ExitOk;
}

} // namespace cosmicdesk::cli
