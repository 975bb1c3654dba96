#include "screenshotviews.h"

#include "workstation.h"

#include <cli/cli.h>
#include <models/queuefiltermodel.h>
#include <models/ticketchange.h>
#include <models/ticketqueuemodel.h>
#include <services/alertservice.h>
#include <services/customerviewservice.h>
#include <services/lakeservice.h>
#include <services/outboxworker.h>
#include <services/overviewservice.h>
#include <services/ticketactions.h>
#include <services/triageservice.h>
#include <ui/auditdialog.h>
#include <ui/automationdialog.h>
#include <ui/composer.h>
#include <ui/mainwindow.h>
#include <ui/overviewtab.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/reviewbar.h>
#include <ui/syncmonitor.h>
#include <ui/ticketpane.h>

#include <QDockWidget>
#include <QTimer>
#include <QToolButton>

#include <memory>
#include <vector>

namespace cosmicdesk::app {

namespace {

// Active tickets near the top of the queue, to change for a picture.
std::vector<qint64> someActiveTickets(const Workstation &ctx, std::size_t n)
{
    std::vector<qint64> tickets;
    const models::TicketQueueModel &queue = ctx.queue();
    const auto data = queue.queueData();
    for (int row = 0; row < queue.rowCount() && tickets.size() < n; ++row) {
        const auto status = static_cast<models::TicketStatus>(data->status[std::size_t(row)]);
        if (models::isActive(status))
            tickets.push_back(queue.ticketIdAt(row));
    }
    return tickets;
}

// A note, a status change or a tag, by turns.
void makeChange(Workstation &ctx, QObject *context, qint64 ticket, int i)
{
    models::TicketChange c;
    QString action;
    switch (i % 3) {
    case 0:
        c.comment = QObject::tr("Checked the account: the renewal went through on our side, waiting for the bank.");
        c.commentPublic = false;
        action = QStringLiteral("note");
        break;
    case 1:
        c.status = models::TicketStatus::Pending;
        action = QStringLiteral("status");
        break;
    default:
        c.addTags = {QStringLiteral("followup")};
        action = QStringLiteral("tags");
        break;
    }
    ctx.actions().change(ticket, c, action, context, [](models::Result<qint64>) {});
}

// The audit log after a few changes.
void prepareAudit(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot)
{
    const auto tickets = someActiveTickets(ctx, 6);
    for (std::size_t i = 0; i < tickets.size(); ++i)
        makeChange(ctx, &window, tickets[i], int(i));
    QTimer::singleShot(2500, &window, [&window, shoot] {
        ui::AuditDialog *audit = window.openAuditLog();
        if (!audit) {
            shoot(&window);
            return;
        }
        QObject::connect(
            audit, &ui::AuditDialog::reloaded, audit, [audit, shoot] { shoot(audit); }, Qt::SingleShotConnection);
        audit->reload();
    });
}

// The sync monitor with something in it: a few notes and status changes delivered to the demo's
// Zendesk, then two more made while delivery is paused, so that done and queued changes, the
// throughput and a paused destination all show.
void prepareMonitor(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot)
{
    const std::vector<qint64> tickets = someActiveTickets(ctx, 7);
    auto change = [&ctx, &window](qint64 ticket, int i) { makeChange(ctx, &window, ticket, i); };
    for (std::size_t i = 0; i + 2 < tickets.size(); ++i)
        change(tickets[i], int(i));
    ui::SyncMonitorDialog *monitor = window.openSyncMonitor();
    if (!monitor) {
        shoot(&window);
        return;
    }
    // Give the first changes time to reach the sandbox, then pause and make two more.
    QTimer::singleShot(2500, &window, [&ctx, &window, monitor, tickets, change, shoot] {
        if (services::OutboxWorker *worker = ctx.outbox())
            worker->setPaused(QStringLiteral("zendesk"), true);
        for (std::size_t i = tickets.size() >= 2 ? tickets.size() - 2 : tickets.size(); i < tickets.size(); ++i)
            change(tickets[i], int(i));
        QTimer::singleShot(1500, &window, [monitor, shoot] {
            monitor->refresh();
            QObject::connect(
                monitor, &ui::SyncMonitorDialog::refreshed, monitor, [monitor, shoot] { shoot(monitor); }, Qt::SingleShotConnection);
        });
    });
}

// The Automation window once the demo's records reached both stores and alerts went out (or after
// 60 s, whatever is there): the alerts with the newest sent one open, or the data lake's loads.
void prepareAutomation(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot, ui::AutomationDialog::Tab tab)
{
    ui::AutomationDialog *dialog = window.openAutomation();
    if (!dialog || !ctx.lake()) {
        shoot(&window);
        return;
    }
    dialog->resize(std::max(1100, window.width() * 3 / 4), std::max(640, window.height() * 3 / 4));
    dialog->showTab(tab);
    auto done = std::make_shared<bool>(false);
    auto finish = [dialog, shoot, done, tab] {
        if (*done)
            return;
        *done = true;
        if (tab == ui::AutomationDialog::AlertsTab)
            for (const auto &a : dialog->alerts())
                if (a.state == u"sent") {
                    dialog->selectAlert(a.id);
                    break;
                }
        shoot(dialog);
    };
    auto *poll = new QTimer(dialog);
    poll->setInterval(1000);
    QObject::connect(poll, &QTimer::timeout, dialog, [&ctx, dialog, finish, done] {
        if (*done)
            return;
        ctx.lake()->counts(dialog, [dialog, finish, &ctx](models::Result<std::map<QString, models::LakeCounts>> c) {
            if (!c.ok())
                return;
            qint64 loaded = 0;
            for (const auto &[d, counts] : c.value())
                if (counts.loaded > 0 && counts.queued == 0)
                    ++loaded;
            bool sent = false;
            for (const auto &a : dialog->alerts())
                sent = sent || a.state == u"sent";
            if (loaded >= 2 && (sent || !ctx.alerts())) {
                dialog->refresh();
                QTimer::singleShot(2500, dialog, finish); // the tables' next refresh has it all
            }
        });
    });
    poll->start();
    QTimer::singleShot(60000, dialog, finish);
}

// The supervisor's Overview tab once the triage engine has been through the queue and the overview
// computed after it (or after 60 s, whatever is there): its whole content, not only what fits.
void prepareOverview(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot)
{
    ui::OverviewTab *tab = window.overviewTab();
    services::OverviewService *overview = ctx.overview();
    if (!tab || !overview) {
        shoot(&window);
        return;
    }
    window.showOverview(true);
    auto done = std::make_shared<bool>(false);
    auto finish = [tab, shoot, done] {
        if (*done)
            return;
        *done = true;
        QWidget *content = tab->findChild<QWidget *>(QStringLiteral("overviewContent"));
        shoot(content ? content : tab);
    };
    auto *poll = new QTimer(tab);
    poll->setInterval(1000);
    QObject::connect(poll, &QTimer::timeout, tab, [&ctx, overview, finish, poll] {
        const auto triage = ctx.triage().state();
        if (triage == services::TriageService::State::Triaging || triage == services::TriageService::State::Loading)
            return;
        const auto stats = overview->latest();
        if (stats && stats->compared > 0 && !overview->isComputing()) {
            poll->stop();
            overview->refresh();
            QObject::connect(
                overview, &services::OverviewService::updated, overview, [finish] { QTimer::singleShot(300, finish); },
                Qt::SingleShotConnection);
        }
    });
    poll->start();
    QTimer::singleShot(60000, tab, finish);
}

// Review mode's picture (a workspace made by `cosmicdesk import`): the Disagreements filter on and
// the first such ticket selected, its labels from the file beside the engine's in the review bar.
// Nothing is labelled.
void prepareReview(Workstation &, ui::MainWindow &window, std::function<void(QWidget *)> shoot)
{
    ui::ReviewBar *bar = window.reviewBar();
    if (!bar) {
        cli::printErr(QStringLiteral("cosmicdesk: --view review needs a review workspace (cosmicdesk import … then --workspace)"));
        shoot(&window);
        return;
    }
    auto done = std::make_shared<bool>(false);
    auto finish = [&window, shoot, done] {
        if (*done)
            return;
        *done = true;
        shoot(&window);
    };
    if (auto *disagree = window.findChild<QToolButton *>(QStringLiteral("disagreements")))
        disagree->setChecked(true);
    QObject::connect(bar, &ui::ReviewBar::rowShown, &window, [finish] { QTimer::singleShot(500, finish); });
    QTimer::singleShot(800, &window, [&window] {
        ui::QueueView *view = window.queuePanel()->view();
        view->setFocus();
        view->moveBy(1);
    });
    QTimer::singleShot(20000, &window, finish);
}

// The composer's picture: the first ticket of the queue that has a drafted reply, its customer view
// loaded, the triage draft inserted (nothing is saved: the demo workspace keeps no screenshot draft).
void prepareComposer(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot)
{
    const auto grab = [&window, shoot] { shoot(&window); };
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

const std::vector<ScreenshotView> &views()
{
    static const std::vector<ScreenshotView> list = {
        {QStringLiteral("main"), QStringLiteral("the main window (default)"),
         [](Workstation &, ui::MainWindow &window, std::function<void(QWidget *)> shoot) { shoot(&window); }},
        {QStringLiteral("composer"), QStringLiteral("a drafted ticket in the composer"), &prepareComposer},
        {QStringLiteral("monitor"), QStringLiteral("the sync monitor after a few changes"), &prepareMonitor},
        {QStringLiteral("audit"), QStringLiteral("the audit log after a few changes"), &prepareAudit},
        {QStringLiteral("alerts"), QStringLiteral("the Automation window's alerts once the demo's alerts went out"),
         [](Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot) {
             prepareAutomation(ctx, window, std::move(shoot), ui::AutomationDialog::AlertsTab);
         }},
        {QStringLiteral("overview"), QStringLiteral("the supervisor's Overview tab, computed after the triage"), &prepareOverview},
        {QStringLiteral("review"), QStringLiteral("review mode of a workspace made by cosmicdesk import, a disagreement selected"),
         &prepareReview},
        {QStringLiteral("lake"), QStringLiteral("the Automation window's data-lake loads"),
         [](Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *)> shoot) {
             prepareAutomation(ctx, window, std::move(shoot), ui::AutomationDialog::LakeTab);
         }},
    };
    return list;
}

} // namespace

const ScreenshotView *findScreenshotView(const QString &name)
{
    for (const ScreenshotView &v : views())
        if (v.name == name)
            return &v;
    return nullptr;
}

QStringList screenshotViewNames()
{
    QStringList names;
    for (const ScreenshotView &v : views())
        names << v.name;
    return names;
}

} // namespace cosmicdesk::app
