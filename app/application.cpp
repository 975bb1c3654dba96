#include "application.h"

#include "appcontext.h"
#include "connectionservice.h"
#include "customerviewservice.h"
#include "triageservice.h"
#include "commands.h"
#include "demoworkspace.h"

#include <models/ticketqueuemodel.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPixmap>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

namespace cosmicdesk::app {

Q_LOGGING_CATEGORY(lcApp, "cosmicdesk.app")

void printOut(const QString &text)
{
    QTextStream(stdout) << text << Qt::endl;
}

void printErr(const QString &text)
{
    QTextStream(stderr) << text << Qt::endl;
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

namespace {

const QString kGeneralHelp = QStringLiteral(
    "Usage: cosmicdesk [--workspace FILE] [--screenshot FILE.png [--size WxH]]\n"
    "       cosmicdesk <command> [options]\n"
    "\n"
    "With no command, opens the CosmicDesk window on the workspace (default: the demo workspace).\n"
    "\n"
    "Options:\n"
    "  --workspace FILE      open this workspace instead of the demo\n"
    "  --screenshot FILE     open the window, wait until the queue is shown, save a PNG and exit\n"
    "  --size WxH            window size for --screenshot (default 1600x900)\n"
    "  -v, --version         print the version\n"
    "  -h, --help            show this help\n"
    "\n"
    "Commands (each has --help):\n"
    "  triage      triage an export of tickets (CSV, Zendesk JSON, NDJSON) and write the reports\n"
    "  train       train a triage model on labelled tickets\n"
    "  eval        measure the engine or a model against labelled tickets\n"
    "  demo-data   generate a deterministic demo workspace\n"
    "  sandbox     serve the demo world over 127.0.0.1 as the Zendesk API does\n"
    "  sync        bring a workspace up to date with Zendesk once\n"
    "  bench       measure speed and memory (bench queue, bench triage, bench sync)\n"
    "\n"
    "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or input.");

bool isCommand(const QString &word)
{
    return word == QLatin1String("demo-data") || word == QLatin1String("bench") || word == QLatin1String("triage") ||
           word == QLatin1String("train") || word == QLatin1String("eval") || word == QLatin1String("sandbox") ||
           word == QLatin1String("sync");
}

// Qt picks a platform plugin at start-up: without a display, use offscreen so headless runs work.
void preferOffscreenWithoutDisplay()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

int runGui(int argc, char **argv, FrontendFactory makeFrontend)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace file."), QStringLiteral("FILE"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG and exit."), QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size."), QStringLiteral("WxH"), QStringLiteral("1600x900"));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOptions({workspace, screenshot, size, version, help});
    if (!parser.parse(args)) {
        printErr(QStringLiteral("cosmicdesk: %1\n\n%2").arg(parser.errorText(), kGeneralHelp));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        printOut(kGeneralHelp);
        return ExitOk;
    }
    if (parser.isSet(version)) {
        printOut(QStringLiteral("cosmicdesk %1").arg(QStringLiteral(COSMICDESK_VERSION)));
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("cosmicdesk: unknown command '%1'\n\n%2").arg(parser.positionalArguments().first(), kGeneralHelp));
        return ExitUsage;
    }
    QSize windowSize(1600, 900);
    {
        const auto m = QRegularExpression(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$")).match(parser.value(size));
        if (!m.hasMatch()) {
            printErr(QStringLiteral("cosmicdesk: --size takes WIDTHxHEIGHT, for example 1600x900"));
            return ExitUsage;
        }
        windowSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    const QString workspacePath = parser.value(workspace);
    if (!workspacePath.isEmpty() && !QFileInfo::exists(workspacePath)) {
        printErr(QStringLiteral("cosmicdesk: no workspace at %1").arg(workspacePath));
        return ExitUsage;
    }
    const QString screenshotPath = parser.value(screenshot);
    if (!screenshotPath.isEmpty() && !screenshotPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        printErr(QStringLiteral("cosmicdesk: --screenshot writes a PNG file (FILE.png)"));
        return ExitUsage;
    }

    if (!screenshotPath.isEmpty())
        preferOffscreenWithoutDisplay();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CosmicDesk"));
    QApplication::setOrganizationName(QStringLiteral("CosmicDesk"));
    QApplication::setApplicationVersion(QStringLiteral(COSMICDESK_VERSION));

    // Everything below runs inside the event loop: first the demo workspace (made off the UI thread
    // when missing or stale), then the context and the window.
    struct Session
    {
        std::unique_ptr<AppContext> context;
        std::unique_ptr<Frontend> frontend;
        std::unique_ptr<QWidget> window;
        std::unique_ptr<QProgressDialog> progress;
        QFutureWatcher<models::Result<QString>> watcher;
    } session;
    // No --workspace: the configured Zendesk account's workspace, else the demo.
    const ZendeskSettings zendesk = ZendeskSettings::load();
    const AppContext::Mode mode = !workspacePath.isEmpty() ? AppContext::Mode::Offline
                                  : zendesk.isConfigured() ? AppContext::Mode::Zendesk
                                                           : AppContext::Mode::Demo;
    const bool demo = mode == AppContext::Mode::Demo;

    auto openWindow = [&](const QString &path) {
        auto context = AppContext::open(path, mode);
        if (!context.ok()) {
            printErr(QStringLiteral("cosmicdesk: %1").arg(context.error().message));
            if (screenshotPath.isEmpty())
                QMessageBox::critical(nullptr, QStringLiteral("CosmicDesk"), context.error().message);
            QApplication::exit(ExitFailure);
            return;
        }
        session.context = std::move(context).value();
        AppContext &ctx = *session.context;
        session.frontend = makeFrontend();
        session.window = session.frontend->createMainWindow(ctx);
        QWidget *window = session.window.get();
        window->resize(windowSize);
        window->show();
        ctx.queueModel().reload();
        ctx.triage().start();
        ctx.connection().start();
        if (screenshotPath.isEmpty())
            return;
        QObject::connect(&ctx, &AppContext::queuePainted, window, [window, screenshotPath, &ctx] {
            // The picture shows the suggestions too: wait for triage to finish (at most 20 s, a large
            // workspace keeps triaging in the background), then give the panes a moment.
            auto capture = std::make_shared<std::function<void()>>();
            auto taken = std::make_shared<bool>(false);
            *capture = [window, screenshotPath, taken] {
                if (*taken)
                    return;
                *taken = true;
                QTimer::singleShot(700, window, [window, screenshotPath] {
                const QPixmap shot = window->grab();
                if (shot.isNull() || !shot.save(screenshotPath, "PNG")) {
                    printErr(QStringLiteral("cosmicdesk: could not write %1").arg(screenshotPath));
                    QApplication::exit(ExitFailure);
                    return;
                }
                printOut(QStringLiteral("Saved %1 (%2x%3)").arg(screenshotPath).arg(shot.width()).arg(shot.height()));
                QApplication::exit(ExitOk);
                });
            };
            // In the demo the customer view is part of the picture too: its sources must have answered.
            const auto settled = [&ctx] {
                const auto st = ctx.triage().state();
                if (st != TriageService::State::Idle && st != TriageService::State::Failed)
                    return false;
                if (ctx.connection().mode() != ConnectionService::Mode::Demo)
                    return true;
                const CustomerViewService *customers = ctx.connection().customerView();
                return customers && customers->view().ticketId != 0 && customers->view().settled();
            };
            if (settled()) {
                (*capture)();
                return;
            }
            auto check = [capture, settled] {
                if (settled())
                    (*capture)();
            };
            QObject::connect(&ctx.triage(), &TriageService::stateChanged, window, check);
            QObject::connect(&ctx.connection(), &ConnectionService::customerViewReady, window, [&ctx, window, check] {
                QObject::connect(ctx.connection().customerView(), &CustomerViewService::viewChanged, window, check);
            });
            QTimer::singleShot(20000, window, [capture] { (*capture)(); });
        }, Qt::SingleShotConnection);
        QObject::connect(&ctx.queueModel(), &models::TicketQueueModel::loadFailed, window, [](const QString &message) {
            printErr(QStringLiteral("cosmicdesk: %1").arg(message));
            QApplication::exit(ExitFailure);
        });
    };

    if (!screenshotPath.isEmpty())
        QTimer::singleShot(120000, &app, [] {
            printErr(QStringLiteral("cosmicdesk: the queue was not shown within 120 s"));
            QApplication::exit(ExitFailure);
        });

    if (!demo) {
        const QString path = mode == AppContext::Mode::Zendesk ? zendesk.workspacePath() : workspacePath;
        QTimer::singleShot(0, &app, [&, path] { openWindow(path); });
    } else {
        const QString path = DemoWorkspace::defaultPath();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        if (DemoWorkspace::isFresh(path, now)) {
            QTimer::singleShot(0, &app, [&, path] { openWindow(path); });
        } else {
            session.progress = std::make_unique<QProgressDialog>(QObject::tr("Preparing the demo workspace…"), QString(), 0, 100);
            session.progress->setWindowTitle(QStringLiteral("CosmicDesk"));
            session.progress->setMinimumDuration(300);
            QObject::connect(&session.watcher, &QFutureWatcherBase::progressValueChanged, session.progress.get(),
                             &QProgressDialog::setValue);
            QObject::connect(&session.watcher, &QFutureWatcherBase::finished, &app, [&] {
                session.progress.reset();
                const auto result = session.watcher.result();
                if (!result.ok()) {
                    printErr(QStringLiteral("cosmicdesk: could not prepare the demo workspace: %1").arg(result.error().message));
                    QApplication::exit(ExitFailure);
                    return;
                }
                openWindow(result.value());
            });
            QFutureWatcher<models::Result<QString>> *watcher = &session.watcher;
            auto reportTo = [watcher](qint64 done, qint64 total) {
                const int pct = total > 0 ? static_cast<int>(done * 100 / total) : 0;
                QMetaObject::invokeMethod(watcher, [watcher, pct] { Q_EMIT watcher->progressValueChanged(pct); },
                                          Qt::QueuedConnection);
            };
            session.watcher.setFuture(QtConcurrent::run([path, now, reportTo] { return DemoWorkspace::ensure(path, now, reportTo); }));
        }
    }
    const int code = QApplication::exec();
    session.window.reset();
    session.context.reset();
    return code;
}

} // namespace

int run(int argc, char **argv, FrontendFactory frontend)
{
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (!isCommand(first))
        return runGui(argc, argv, frontend);

    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (first == QLatin1String("bench")) {
        // The queue benchmark paints the real window: it needs a GUI application, offscreen if need be.
        preferOffscreenWithoutDisplay();
        QApplication app(argc, argv);
        QApplication::setApplicationName(QStringLiteral("CosmicDesk"));
        return benchCommand(args, frontend);
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("CosmicDesk"));
    QCoreApplication::setOrganizationName(QStringLiteral("CosmicDesk"));
    if (first == QLatin1String("triage"))
        return triageCommand(args);
    if (first == QLatin1String("train"))
        return trainCommand(args);
    if (first == QLatin1String("eval"))
        return evalCommand(args);
    if (first == QLatin1String("sandbox"))
        return sandboxCommand(args);
    if (first == QLatin1String("sync"))
        return syncCommand(args);
    return demoDataCommand(args);
}

} // namespace cosmicdesk::app
