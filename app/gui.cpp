#include "gui.h"

#include "demoworkspace.h"
#include "screenshotviews.h"
#include "settings.h"
#include "workstation.h"

#include <cli/cli.h>
#include <connectors/credentialstore.h>
#include <models/ticketqueuemodel.h>
#include <services/customerviewservice.h>
#include <services/triageservice.h>
#include <ui/mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPixmap>
#include <QProcess>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace cosmicdesk::app {

namespace {

// A workspace file per account, in the user's data folder.
QString zendeskWorkspacePath(const connectors::ZendeskAccount &account)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("zendesk-%1.cosmicdesk").arg(account.baseUrl.host()));
}

} // namespace

int runGui(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace file."), QStringLiteral("FILE"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG and exit."), QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size."), QStringLiteral("WxH"),
                                  QStringLiteral("1600x900"));
    const QCommandLineOption view(QStringLiteral("view"), QStringLiteral("What --screenshot shows."), QStringLiteral("NAME"),
                                  QStringLiteral("main"));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOptions({workspace, screenshot, size, view, version, help});
    if (!parser.parse(args)) {
        cli::printErr(QStringLiteral("cosmicdesk: %1\n\n%2").arg(parser.errorText(), cli::generalHelp()));
        return cli::ExitUsage;
    }
    if (parser.isSet(help)) {
        cli::printOut(cli::generalHelp());
        return cli::ExitOk;
    }
    if (parser.isSet(version)) {
        cli::printOut(QStringLiteral("cosmicdesk %1").arg(QStringLiteral(COSMICDESK_VERSION)));
        return cli::ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        cli::printErr(
            QStringLiteral("cosmicdesk: unknown command '%1'\n\n%2").arg(parser.positionalArguments().first(), cli::generalHelp()));
        return cli::ExitUsage;
    }
    QSize windowSize(1600, 900);
    {
        const auto m = QRegularExpression(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$")).match(parser.value(size));
        if (!m.hasMatch()) {
            cli::printErr(QStringLiteral("cosmicdesk: --size takes WIDTHxHEIGHT, for example 1600x900"));
            return cli::ExitUsage;
        }
        windowSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    const QString workspacePath = parser.value(workspace);
    if (!workspacePath.isEmpty() && !QFileInfo::exists(workspacePath)) {
        cli::printErr(QStringLiteral("cosmicdesk: no workspace at %1").arg(workspacePath));
        return cli::ExitUsage;
    }
    const QString screenshotPath = parser.value(screenshot);
    if (!screenshotPath.isEmpty() && !screenshotPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        cli::printErr(QStringLiteral("cosmicdesk: --screenshot writes a PNG file (FILE.png)"));
        return cli::ExitUsage;
    }

    const ScreenshotView *screenshotView = findScreenshotView(parser.value(view));
    if (!screenshotView) {
        cli::printErr(QStringLiteral("cosmicdesk: --view takes one of: %1").arg(screenshotViewNames().join(QStringLiteral(", "))));
        return cli::ExitUsage;
    }
    if (parser.isSet(view) && screenshotPath.isEmpty()) {
        cli::printErr(QStringLiteral("cosmicdesk: --view goes with --screenshot FILE.png"));
        return cli::ExitUsage;
    }

    if (!screenshotPath.isEmpty())
        cli::preferOffscreenWithoutDisplay();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CosmicDesk"));
    QApplication::setOrganizationName(QStringLiteral("CosmicDesk"));
    QApplication::setApplicationVersion(QStringLiteral(COSMICDESK_VERSION));

    // Everything below runs inside the event loop: first the demo workspace (made off the UI thread
    // when missing or stale), then the context and the window.
    // The settings and the keychain, for the account and the customer systems.
    QSettingsStore settings;
    connectors::CredentialStore credentials;
    struct Session
    {
        std::unique_ptr<Workstation> workstation;
        std::unique_ptr<ui::MainWindow> window;
        std::unique_ptr<QProgressDialog> progress;
        QFutureWatcher<models::Result<QString>> watcher;
    } session;
    // No --workspace: the configured Zendesk account's workspace, else the demo.
    const connectors::ZendeskAccount zendesk = settings.zendeskAccount();
    const Workstation::Mode mode = !workspacePath.isEmpty() ? Workstation::Mode::Offline
                                   : zendesk.isConfigured() ? Workstation::Mode::Zendesk
                                                            : Workstation::Mode::Demo;
    const bool demo = mode == Workstation::Mode::Demo;

    auto openWindow = [&](const QString &path) {
        Workstation::Config config;
        config.workspacePath = path;
        config.mode = mode;
        auto opened = Workstation::open(config, settings, credentials);
        if (!opened.ok()) {
            cli::printErr(QStringLiteral("cosmicdesk: %1").arg(opened.error().message));
            if (screenshotPath.isEmpty())
                QMessageBox::critical(nullptr, QStringLiteral("CosmicDesk"), opened.error().message);
            QApplication::exit(cli::ExitFailure);
            return;
        }
        session.workstation = std::move(opened).value();
        Workstation &ctx = *session.workstation;
        session.window = std::make_unique<ui::MainWindow>(ctx.windowServices());
        ui::MainWindow *window = session.window.get();
        // An export imported for review opens in a window of its own, as `cosmicdesk --workspace` would.
        QObject::connect(window, &ui::MainWindow::openWorkspace, window, [](const QString &review) {
            if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--workspace"), review}))
                QMessageBox::warning(nullptr, QStringLiteral("CosmicDesk"),
                                     QObject::tr("Could not open %1; open it with cosmicdesk --workspace.").arg(review));
        });
        window->resize(windowSize);
        window->show();
        ctx.queue().reload();
        ctx.start();
        if (screenshotPath.isEmpty())
            return;
        QObject::connect(
            window, &ui::MainWindow::queuePainted, window,
            [window, screenshotPath, screenshotView, &ctx] {
                // The picture shows the suggestions too: wait for triage to finish (at most 20 s, a large
                // workspace keeps triaging in the background), then let the view prepare what it shows
                // and give the panes a moment.
                auto capture = std::make_shared<std::function<void()>>();
                auto taken = std::make_shared<bool>(false);
                *capture = [window, screenshotPath, screenshotView, taken, &ctx] {
                    if (*taken)
                        return;
                    *taken = true;
                    screenshotView->prepare(ctx, *window, [screenshotPath](QWidget *target) {
                        QTimer::singleShot(700, target, [target, screenshotPath] {
                            const QPixmap shot = target->grab();
                            if (shot.isNull() || !shot.save(screenshotPath, "PNG")) {
                                cli::printErr(QStringLiteral("cosmicdesk: could not write %1").arg(screenshotPath));
                                QApplication::exit(cli::ExitFailure);
                                return;
                            }
                            cli::printOut(QStringLiteral("Saved %1 (%2x%3)").arg(screenshotPath).arg(shot.width()).arg(shot.height()));
                            QApplication::exit(cli::ExitOk);
                        });
                    });
                };
                // In the demo the customer view is part of the picture too: its sources must have answered.
                const auto settled = [&ctx] {
                    const auto st = ctx.triage().state();
                    if (st != services::TriageService::State::Idle && st != services::TriageService::State::Failed)
                        return false;
                    if (ctx.connection().mode() != Workstation::Mode::Demo || ctx.queue().rowCount() == 0)
                        return true; // no ticket is selected in an empty queue: no customer view to wait for
                    const services::CustomerViewService *customers = ctx.connection().customerView();
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
                QObject::connect(&ctx.triage(), &services::TriageService::stateChanged, window, check);
                auto followCustomers = [&ctx, window, check] {
                    QObject::connect(ctx.connection().customerView(), &services::CustomerViewService::viewChanged, window, check);
                };
                if (ctx.connection().customerView())
                    followCustomers();
                else
                    QObject::connect(&ctx.connection(), &services::Connection::customerViewReady, window, followCustomers);
                QTimer::singleShot(20000, window, [capture] { (*capture)(); });
            },
            Qt::SingleShotConnection);
        QObject::connect(&ctx.queue(), &models::TicketQueueModel::loadFailed, window, [](const QString &message) {
            cli::printErr(QStringLiteral("cosmicdesk: %1").arg(message));
            QApplication::exit(cli::ExitFailure);
        });
    };

    if (!screenshotPath.isEmpty())
        QTimer::singleShot(120000, &app, [] {
            cli::printErr(QStringLiteral("cosmicdesk: the queue was not shown within 120 s"));
            QApplication::exit(cli::ExitFailure);
        });

    if (!demo) {
        const QString path = mode == Workstation::Mode::Zendesk ? zendeskWorkspacePath(zendesk) : workspacePath;
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
                    cli::printErr(QStringLiteral("cosmicdesk: could not prepare the demo workspace: %1").arg(result.error().message));
                    QApplication::exit(cli::ExitFailure);
                    return;
                }
                openWindow(result.value());
            });
            QFutureWatcher<models::Result<QString>> *watcher = &session.watcher;
            auto reportTo = [watcher](qint64 done, qint64 total) {
                const int pct = total > 0 ? static_cast<int>(done * 100 / total) : 0;
                QMetaObject::invokeMethod(
                    watcher, [watcher, pct] { Q_EMIT watcher->progressValueChanged(pct); }, Qt::QueuedConnection);
            };
            session.watcher.setFuture(QtConcurrent::run([path, now, reportTo] { return DemoWorkspace::ensure(path, now, reportTo); }));
        }
    }
    const int code = QApplication::exec();
    session.window.reset();
    session.workstation.reset();
    return code;
}

} // namespace cosmicdesk::app
