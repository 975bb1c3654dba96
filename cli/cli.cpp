#include "cli.h"

#include "commands.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

namespace cosmicdesk::cli {

void printOut(const QString &text)
{
    QTextStream(stdout) << text << Qt::endl;
}

void printErr(const QString &text)
{
    QTextStream(stderr) << text << Qt::endl;
}

std::optional<qint64> countOption(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max, const QString &command)
{
    bool ok = false;
    const qint64 n = parser.value(name).toLongLong(&ok);
    if (ok && n >= min && n <= max)
        return n;
    printErr(QStringLiteral("%1: --%2 takes a number from %3 to %4").arg(command, name).arg(min).arg(max));
    return std::nullopt;
}

int parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &synopsis)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        printErr(QStringLiteral("cosmicdesk: %1\n\n%2").arg(parser.errorText(), synopsis));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        printOut(synopsis + QStringLiteral("\n\n") + parser.helpText().section(QLatin1Char('\n'), 2));
        return ExitOk;
    }
    return -1;
}

QString generalHelp()
{
    return QStringLiteral("Usage: cosmicdesk [--workspace FILE] [--screenshot FILE.png [--size WxH] [--view NAME]]\n"
                          "       cosmicdesk <command> [options]\n"
                          "\n"
                          "With no command, opens the CosmicDesk window on the workspace (default: the demo workspace).\n"
                          "\n"
                          "Options:\n"
                          "  --workspace FILE      open this workspace instead of the demo\n"
                          "  --screenshot FILE     open the window, wait until the queue is shown, save a PNG and exit\n"
                          "  --size WxH            window size for --screenshot (default 1600x900)\n"
                          "  --view NAME           what --screenshot shows: main (default), composer, monitor, audit\n"
                          "  -v, --version         print the version\n"
                          "  -h, --help            show this help\n"
                          "\n"
                          "Commands (each has --help):\n"
                          "  triage      triage an export of tickets (CSV, Zendesk JSON, NDJSON) and write the reports\n"
                          "  import      import an export into a review workspace, triaged, for review in the window\n"
                          "  train       train a triage model on labelled tickets\n"
                          "  eval        measure the engine or a model against labelled tickets\n"
                          "  demo-data   generate a deterministic demo workspace\n"
                          "  sandbox     serve the demo world over 127.0.0.1 as the Zendesk API does\n"
                          "  sync        bring a workspace up to date with Zendesk once\n"
                          "  lake        load the consolidated records into RDS and Snowflake\n"
                          "  bench       measure speed and memory (bench queue, bench triage, bench sync)\n"
                          "\n"
                          "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input.");
}

bool isCommand(const QString &word)
{
    return word == QLatin1String("demo-data") || word == QLatin1String("bench") || word == QLatin1String("triage") ||
           word == QLatin1String("import") || word == QLatin1String("train") || word == QLatin1String("eval") ||
           word == QLatin1String("sandbox") || word == QLatin1String("sync") || word == QLatin1String("lake");
}

void preferOffscreenWithoutDisplay()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

int run(int argc, char **argv)
{
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (first == QLatin1String("bench")) {
        // The queue benchmark paints the real window: it needs a GUI application, offscreen if need be.
        preferOffscreenWithoutDisplay();
        QApplication app(argc, argv);
        QApplication::setApplicationName(QStringLiteral("CosmicDesk"));
        return benchCommand(args);
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("CosmicDesk"));
    QCoreApplication::setOrganizationName(QStringLiteral("CosmicDesk"));
    if (first == QLatin1String("triage"))
        return triageCommand(args);
    if (first == QLatin1String("import"))
        return importCommand(args);
    if (first == QLatin1String("train"))
        return trainCommand(args);
    if (first == QLatin1String("eval"))
        return evalCommand(args);
    if (first == QLatin1String("sandbox"))
        return sandboxCommand(args);
    if (first == QLatin1String("sync"))
        return syncCommand(args);
    if (first == QLatin1String("lake"))
        return lakeCommand(args);
    if (first == QLatin1String("demo-data"))
        return demoDataCommand(args);
    printErr(QStringLiteral("cosmicdesk: unknown command '%1'\n\n%2").arg(first, generalHelp()));
    return ExitUsage;
}

} // namespace cosmicdesk::cli
