#include "outboxline.h"

#include "theme.h"

#include <services/outboxmonitor.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>

#include <QDateTime>
#include <QMouseEvent>
#include <QTimer>

namespace cosmicdesk::ui {

QString OutboxLinePresenter::clock(qint64 ms, qint64 nowMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    if (at.date() == now.date())
        return at.toString(QStringLiteral("HH:mm"));
    return at.toString(QStringLiteral("d MMM HH:mm"));
}

QString OutboxLinePresenter::text(const OutboxSituation &s, qint64 nowMs)
{
    QStringList parts;
    if (s.needsAttention > 0)
        parts << (s.needsAttention == 1 ? QObject::tr("1 change needs you") : QObject::tr("%1 changes need you").arg(s.needsAttention));
    if (s.waiting > 0) {
        if (s.needsAttention > 0)
            parts << QObject::tr("%1 waiting").arg(s.waiting);
        else
            parts << (s.waiting == 1 ? QObject::tr("1 change waiting") : QObject::tr("%1 changes waiting").arg(s.waiting));
    }
    if (parts.isEmpty())
        return {};
    QString line = parts.join(QStringLiteral(" · "));
    if (s.waiting > 0) {
        if (s.noWorker)
            line += QObject::tr(" — offline, sent once an account is connected");
        else if (s.connecting)
            line += QObject::tr(" — connecting");
        else if (s.paused)
            line += QObject::tr(" — delivery paused");
        else if (s.offlineSinceMs > 0)
            line += QObject::tr(" — offline since %1").arg(clock(s.offlineSinceMs, nowMs));
    }
    return line;
}

QString OutboxLinePresenter::tip(const OutboxSituation &s)
{
    QStringList lines;
    if (s.needsAttention > 0)
        lines << (s.needsAttention == 1
                      ? QObject::tr("Zendesk refused one change or it met a newer version of its ticket: retry or drop it.")
                      : QObject::tr("Zendesk refused %1 changes or they met newer versions of their tickets: retry or drop"
                                    " them.")
                            .arg(s.needsAttention));
    if (s.waiting > 0)
        lines << QObject::tr("Waiting changes are kept in the workspace until Zendesk has them; nothing is lost if the app closes.");
    lines << QObject::tr("Click to open the sync monitor.");
    return lines.join(QLatin1Char('\n'));
}

OutboxTracker::OutboxTracker(services::OutboxMonitor *monitor, services::OutboxWorker *worker, services::TicketActions *actions,
                             QObject *parent)
    : QObject(parent), m_monitor(monitor), m_worker(worker), m_debounce(new QTimer(this))
{
    Q_ASSERT(monitor);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &OutboxTracker::refreshNow);
    if (actions)
        connect(actions, &services::TicketActions::queued, this, &OutboxTracker::refresh);
    if (worker) {
        connect(worker, &services::OutboxWorker::ticketsChanged, this, &OutboxTracker::refresh);
        connect(worker, &services::OutboxWorker::entryFinished, this, &OutboxTracker::refresh);
        // The destination's state (offline since, paused) is in the status: no read needed.
        connect(worker, &services::OutboxWorker::statusChanged, this, &OutboxTracker::destinationsChanged);
    }
}

services::OutboxWorker *OutboxTracker::worker() const
{
    return m_worker.data();
}

void OutboxTracker::refresh()
{
    m_debounce->start();
}

void OutboxTracker::refreshNow()
{
    m_debounce->stop();
    if (m_reading) {
        m_again = true;
        return;
    }
    m_reading = true;
    m_monitor->ticketStates(this, [this](models::Result<std::map<qint64, models::TicketOutbox>> r) {
        m_reading = false;
        if (r.ok()) {
            m_tickets = std::move(r).value();
            m_read = true;
            Q_EMIT changed();
        }
        if (m_again) {
            m_again = false;
            refreshNow();
        }
    });
}

models::TicketOutbox OutboxTracker::ticket(qint64 ticketId) const
{
    const auto it = m_tickets.find(ticketId);
    return it == m_tickets.end() ? models::TicketOutbox{} : it->second;
}

OutboxSituation OutboxTracker::destinationPart() const
{
    OutboxSituation s;
    if (!m_worker) {
        s.noWorker = true;
        return s;
    }
    if (!m_worker->isRunning()) {
        s.connecting = true; // the worker starts once the account answers
        return s;
    }
    for (const auto &[name, d] : m_worker->status()) {
        s.paused = s.paused || d.paused;
        if (d.failingSince > 0 && (s.offlineSinceMs == 0 || d.failingSince < s.offlineSinceMs))
            s.offlineSinceMs = d.failingSince;
    }
    return s;
}

OutboxSituation OutboxTracker::situation() const
{
    OutboxSituation s = destinationPart();
    for (const auto &[id, t] : m_tickets) {
        s.waiting += t.waiting;
        s.needsAttention += t.needsAttention;
        if (t.oldestWaitingAt > 0 && (s.oldestWaitingAt == 0 || t.oldestWaitingAt < s.oldestWaitingAt))
            s.oldestWaitingAt = t.oldestWaitingAt;
    }
    return s;
}

OutboxSituation OutboxTracker::situation(qint64 ticketId) const
{
    OutboxSituation s = destinationPart();
    const models::TicketOutbox t = ticket(ticketId);
    s.waiting = t.waiting;
    s.needsAttention = t.needsAttention;
    s.oldestWaitingAt = t.oldestWaitingAt;
    return s;
}

OutboxLine::OutboxLine(OutboxTracker *tracker, QWidget *parent) : QLabel(parent), m_tracker(tracker)
{
    setObjectName(QStringLiteral("outboxLine"));
    setCursor(Qt::PointingHandCursor);
    setContentsMargins(8, 2, 8, 2);
    connect(tracker, &OutboxTracker::changed, this, &OutboxLine::refreshText);
    connect(tracker, &OutboxTracker::destinationsChanged, this, &OutboxLine::refreshText);
    refreshText();
}

void OutboxLine::setTicket(qint64 ticketId)
{
    m_ticket = ticketId;
    refreshText();
}

void OutboxLine::refreshText()
{
    const OutboxSituation s = m_ticket ? m_tracker->situation(m_ticket) : m_tracker->situation();
    const QString line = OutboxLinePresenter::text(s, QDateTime::currentMSecsSinceEpoch());
    setText(line);
    setToolTip(line.isEmpty() ? QString() : OutboxLinePresenter::tip(s));
    const QColor c = s.needsAttention > 0                                               ? theme::error()
                     : (s.offlineSinceMs > 0 || s.paused || s.noWorker || s.connecting) ? theme::warning()
                                                                                        : theme::muted();
    setStyleSheet(QStringLiteral("color: %1; font-weight: 600;").arg(c.name()));
    setVisible(!line.isEmpty());
}

void OutboxLine::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT activated();
    QLabel::mouseReleaseEvent(event);
}

} // namespace cosmicdesk::ui
