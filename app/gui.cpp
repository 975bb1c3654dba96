#include "gui.h"

#include "demoworkspace.h"
#include "settings.h"
#include "workstation.h"

#include <cli/cli.h>
#include <connectors/credentialstore.h>
#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>
#include <services/customerviewservice.h>
#include <services/triageservice.h>
#include <ui/composer.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/ticketpane.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QPixmap>
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

// The composer's picture: the first ticket of the queue that has a drafted reply, its customer view
// loaded, the triage draft inserted (nothing is saved: the demo workspace keeps no screenshot draft).
void showComposer(ui::MainWindow &window, Workstation &ctx, const std::function<void()> &grab)
{
    ui::Composer *composer = window.composer();
    composer->setAutosaveEnabled(false);
    // The ticket and its composer are the subject: the queue gives them room.
    if (auto *queue = window.findChild<QDockWidget *>(QStringLiteral("queueDock")))
        window.resizeDocks({queue}, {std::max(220, window.height() / 4)}, Qt::Vertical);
    if (auto *customer = window.findChild<QDockWidget *>(QStringLiteral("customerDock")))
        window.resizeDocks({customer}, {std::max(300, window.width() / 5)}, Qt::Horizontal);
    auto done = std::make_shared<bool>(false);
    auto finish = [done, grab] {
        if (*done)
            return;
        *done = true;
        grab();
    };
    QObject::connect(composer, &ui::Composer::triageDraftInserted, &window, [finish](qint64 id) {
        cli::printOut(QStringLiteral("Composer: ticket %1 with its triage draft").arg(id));
        finish();
    });
    QTimer::singleShot(15000, &window, finish); // whatever is there by then
    auto insertWhenSettled = [&window, &ctx, composer, done](qint64 id) {
        auto inserted = std::make_shared<bool>(false);
        auto insert = [composer, inserted, done, id] {
            if (*inserted || *done || composer->ticketId() != id)
                return;
            *inserted = true;
            composer->insertTriageDraft();
        };
        auto settled = [&ctx, id] {
            const services::CustomerViewService *customers = ctx.connection().customerView();
            return !customers || (customers->view().ticketId == id && customers->view().settled());
        };
        auto check = [settled, insert] {
            if (settled())
                insert();
        };
        QObject::connect(window.ticketPane(), &ui::TicketPane::detailsLoaded, &window, check);
        if (auto *customers = ctx.connection().customerView())
            QObject::connect(customers, &services::CustomerViewService::viewChanged, &window, check);
        QTimer::singleShot(6000, &window, insert);
        window.queuePanel()->view()->selectTicket(id);
        check();
    };
    // Which ticket: the first rows' suggestions, asked one after the other.
    models::QueueFilterModel *proxy = window.queuePanel()->proxy();
    auto next = std::make_shared<std::function<void(int)>>();
    *next = [&ctx, &window, proxy, next, insertWhenSettled](int row) {
        if (row >= std::min(proxy->rowCount(), 60)) {
            if (proxy->rowCount() > 0)
                insertWhenSettled(proxy->ticketIdAt(0));
            return;
        }
        const qint64 id = proxy->ticketIdAt(row);
        ctx.triage().fetch(id, &window, [next, row, id, insertWhenSettled](models::Result<services::TicketTriage> t) {
            const bool drafted = t.ok() && t.value().record && !t.value().record->assessment.draft.text.empty();
            if (drafted)
                insertWhenSettled(id);
            else
                (*next)(row + 1);
        });
    };
    (*next)(0);
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
    const QCommandLineOption viewOption(QStringLiteral("view"), QStringLiteral("With --screenshot: what to show (queue, composer)."),
                                        QStringLiteral("VIEW"), QStringLiteral("queue"));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help."));
    parser.addOptions({workspace, screenshot, size, viewOption, version, help});
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

    const QString view = parser.value(viewOption);
    if (view != QLatin1String("queue") && view != QLatin1String("composer")) {
        cli::printErr(QStringLiteral("cosmicdesk: --view takes queue or composer"));
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
        window->resize(windowSize);
        window->show();
        ctx.queue().reload();
        ctx.start();
        if (screenshotPath.isEmpty())
            return;
        QObject::connect(
            window, &ui::MainWindow::queuePainted, window,
            [window, screenshotPath, &ctx, view] {
                // The picture shows the suggestions too: wait for triage to finish (at most 20 s, a large
                // workspace keeps triaging in the background), then give the panes a moment.
                auto capture = std::make_shared<std::function<void()>>();
                auto taken = std::make_shared<bool>(false);
                auto grab = [window, screenshotPath] {
                    QTimer::singleShot(700, window, [window, screenshotPath] {
                        const QPixmap shot = window->grab();
                        if (shot.isNull() || !shot.save(screenshotPath, "PNG")) {
                            cli::printErr(QStringLiteral("cosmicdesk: could not write %1").arg(screenshotPath));
                            QApplication::exit(cli::ExitFailure);
                            return;
                        }
                        cli::printOut(QStringLiteral("Saved %1 (%2x%3)").arg(screenshotPath).arg(shot.width()).arg(shot.height()));
                        QApplication::exit(cli::ExitOk);
                    });
                };
                *capture = [window, grab, taken, view, &ctx] {
                    if (*taken)
                        return;
                    *taken = true;
                    if (view == QLatin1String("composer") && window->composer())
                        showComposer(*window, ctx, grab);
                    else
                        grab();
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
