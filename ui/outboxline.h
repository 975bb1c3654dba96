#pragma once

#include <models/outbox.h>

#include <QLabel>
#include <QObject>
#include <QPointer>

#include <map>

class QTimer;

namespace cosmicdesk::services {
class OutboxMonitor;
class OutboxWorker;
class TicketActions;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// Where changes stand, for one ticket or for the whole outbox.
struct OutboxSituation
{
    int waiting = 0;            // queued or in flight
    int needsAttention = 0;     // dead or conflicting: a person decides
    qint64 offlineSinceMs = 0;  // the destination has failed since then (0: it answers)
    bool paused = false;        // a person paused delivery, or the destination refused our credentials
    bool noWorker = false;      // an offline workspace: nothing is sent until an account is connected
    bool connecting = false;    // the outbox starts once the account answers
    qint64 oldestWaitingAt = 0; // ms
};

// The outbox line's words, from the data alone (tested without widgets).
class OutboxLinePresenter
{
public:
    // "2 changes waiting — offline since 10:42", "3 changes need you · 1 waiting"; empty when
    // nothing waits.
    static QString text(const OutboxSituation &s, qint64 nowMs);
    // The longer explanation for a tooltip.
    static QString tip(const OutboxSituation &s);
    // "10:42" today, "2 Dec 10:42" before.
    static QString clock(qint64 ms, qint64 nowMs);
};

// Follows the outbox for the window: every ticket's waiting and failed changes and the
// destinations' status, re-read from the store (OutboxMonitor, on its thread) shortly after a change
// was queued or the worker moved; bursts of signals make one read.
class OutboxTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxTracker)

public:
    // worker and actions may be null (an offline workspace; a read-only window).
    OutboxTracker(services::OutboxMonitor *monitor, services::OutboxWorker *worker, services::TicketActions *actions,
                  QObject *parent = nullptr);

    static constexpr int kDebounceMs = 150;

    const std::map<qint64, models::TicketOutbox> &tickets() const { return m_tickets; }
    models::TicketOutbox ticket(qint64 ticketId) const;
    OutboxSituation situation() const;                // all tickets
    OutboxSituation situation(qint64 ticketId) const; // one ticket
    services::OutboxWorker *worker() const;
    services::OutboxMonitor *monitor() const { return m_monitor; }
    bool hasRead() const { return m_read; }

    void refresh();    // soon (debounced)
    void refreshNow(); // starts a read at once

Q_SIGNALS:
    void changed();             // the tickets' counts
    void destinationsChanged(); // the worker's status (offline since, paused)

private:
    OutboxSituation destinationPart() const;

    services::OutboxMonitor *m_monitor;
    QPointer<services::OutboxWorker> m_worker;
    QTimer *m_debounce;
    std::map<qint64, models::TicketOutbox> m_tickets;
    bool m_reading = false, m_again = false, m_read = false;
};

// The clickable line: the whole outbox (ticket 0) or one ticket's changes; hidden when nothing
// waits. A click asks for the sync monitor (activated).
class OutboxLine final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxLine)

public:
    explicit OutboxLine(OutboxTracker *tracker, QWidget *parent = nullptr);
    void setTicket(qint64 ticketId);
    qint64 ticketId() const { return m_ticket; }

Q_SIGNALS:
    void activated();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void refreshText();

    OutboxTracker *m_tracker;
    qint64 m_ticket = 0;
};

} // namespace cosmicdesk::ui
