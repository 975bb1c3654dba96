#include "screenshotviews.h"

#include "workstation.h"

#include <models/ticketchange.h>
#include <models/ticketqueuemodel.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <ui/auditdialog.h>
#include <ui/mainwindow.h>
#include <ui/syncmonitor.h>

#include <QTimer>

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

const std::vector<ScreenshotView> &views()
{
    static const std::vector<ScreenshotView> list = {
        {QStringLiteral("main"), QStringLiteral("the main window (default)"),
         [](Workstation &, ui::MainWindow &window, std::function<void(QWidget *)> shoot) { shoot(&window); }},
        {QStringLiteral("monitor"), QStringLiteral("the sync monitor after a few changes"), &prepareMonitor},
        {QStringLiteral("audit"), QStringLiteral("the audit log after a few changes"), &prepareAudit},
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
