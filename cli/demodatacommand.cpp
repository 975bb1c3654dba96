#include "cli.h"
#include "commands.h"

#include <sandbox/demoworld.h>
#include <sandbox/labelledexport.h>
#include <sandbox/workspacewriter.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>

namespace cosmicdesk::cli {

int demoDataCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk demo-data --out FILE [--tickets N] [--seed S] [--now ISO-8601] [--weeks W] [--force]\n"
                       "                            [--labelled-csv CSV]\n"
                       "Generates a deterministic demo workspace: the same options give the same file, byte for byte.");
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Workspace file to write."), QStringLiteral("FILE"));
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Number of tickets (default 5000)."), QStringLiteral("N"),
                                     QStringLiteral("5000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 20261122)."), QStringLiteral("S"),
                                  QStringLiteral("20261122"));
    const QCommandLineOption now(QStringLiteral("now"),
                                 QStringLiteral("The world's present, e.g. 2026-11-22T09:00:00Z (default: this hour)."),
                                 QStringLiteral("ISO-8601"));
    const QCommandLineOption weeks(QStringLiteral("weeks"), QStringLiteral("Weeks of history (default 8)."), QStringLiteral("W"),
                                   QStringLiteral("8"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("Replace an existing file."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("Print only the summary."));
    const QCommandLineOption labelled(QStringLiteral("labelled-csv"),
                                      QStringLiteral("Also write the tickets with the generator's labels as CSV (training data)."),
                                      QStringLiteral("CSV"));
    parser.addOptions({out, tickets, seed, now, weeks, force, quiet, labelled});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty()) {
        printErr(
            QStringLiteral("cosmicdesk demo-data: unexpected argument '%1'\n\n%2").arg(parser.positionalArguments().first(), synopsis));
        return ExitUsage;
    }
    if (!parser.isSet(out)) {
        printErr(QStringLiteral("cosmicdesk demo-data: --out FILE is required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    bool ok = false;
    sandbox::DemoOptions options;
    options.tickets = parser.value(tickets).toLongLong(&ok);
    if (!ok || options.tickets < 1 || options.tickets > 20'000'000) {
        printErr(QStringLiteral("cosmicdesk demo-data: --tickets takes a number from 1 to 20000000"));
        return ExitUsage;
    }
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        printErr(QStringLiteral("cosmicdesk demo-data: --seed takes a non-negative whole number"));
        return ExitUsage;
    }
    options.weeks = parser.value(weeks).toInt(&ok);
    if (!ok || options.weeks < 1 || options.weeks > 104) {
        printErr(QStringLiteral("cosmicdesk demo-data: --weeks takes a number from 1 to 104"));
        return ExitUsage;
    }
    if (parser.isSet(now)) {
        const QDateTime t = QDateTime::fromString(parser.value(now), Qt::ISODate);
        if (!t.isValid()) {
            printErr(QStringLiteral("cosmicdesk demo-data: --now takes an ISO-8601 time such as 2026-11-22T09:00:00Z"));
            return ExitUsage;
        }
        options.now = t.toSecsSinceEpoch();
    } else {
        const qint64 t = QDateTime::currentSecsSinceEpoch();
        options.now = t - t % 3600;
    }
    const QString path = parser.value(out);
    if (QFileInfo::exists(path) && !parser.isSet(force)) {
        printErr(QStringLiteral("cosmicdesk demo-data: %1 exists; pass --force to replace it").arg(path));
        return ExitUsage;
    }

    const bool chatty = !parser.isSet(quiet);
    const sandbox::DemoWorld world(options);
    int lastPct = -1;
    auto progress = [&](qint64 done, qint64 total) {
        const int pct = total > 0 ? static_cast<int>(done * 100 / total) : 100;
        if (chatty && pct / 10 != lastPct / 10) {
            lastPct = pct;
            QTextStream(stderr) << "\rgenerating tickets: " << pct << "%" << Qt::flush;
        }
    };
    auto written = sandbox::WorkspaceWriter::write(world, path, progress);
    if (chatty)
        QTextStream(stderr) << "\r" << Qt::flush;
    if (!written.ok()) {
        printErr(QStringLiteral("cosmicdesk demo-data: %1").arg(written.error().message));
        return ExitFailure;
    }
    if (parser.isSet(labelled)) {
        auto rows = sandbox::LabelledExport::write(path, parser.value(labelled));
        if (!rows.ok()) {
            printErr(QStringLiteral("cosmicdesk demo-data: %1").arg(rows.error().message));
            return ExitFailure;
        }
        printOut(QStringLiteral("Wrote %1 labelled tickets to %2").arg(rows.value()).arg(parser.value(labelled)));
    }
    const auto &st = written.value();
    printOut(QStringLiteral("Wrote %1: %2 tickets, %3 comments, %4 accounts, %5 users, %6 orders, %7 MB in %8 s "
                            "(%9 tickets/s)")
                 .arg(path)
                 .arg(st.tickets)
                 .arg(st.comments)
                 .arg(st.organizations)
                 .arg(st.users)
                 .arg(st.orders)
                 .arg(static_cast<double>(st.bytes) / (1024.0 * 1024.0), 0, 'f', 1)
                 .arg(static_cast<double>(st.milliseconds) / 1000.0, 0, 'f', 1)
                 .arg(st.milliseconds > 0 ? st.tickets * 1000 / st.milliseconds : st.tickets));
    return ExitOk;
}

} // namespace cosmicdesk::cli
