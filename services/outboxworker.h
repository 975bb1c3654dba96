#pragma once

#include "outboxdestination.h"

#include <models/outbox.h>

#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <map>
#include <vector>

class QThread;

namespace cosmicdesk::services {

// How one destination of the outbox stands, as the sync monitor shows it.
struct DestinationStatus
{
    QString name;
    bool paused = false; // by a person, or because the destination refused our credentials
    QString pauseReason; // empty when a person paused it
    qint64 queued = 0, inFlight = 0, done = 0, dead = 0, conflict = 0;
    qint64 oldestWaitingAt = 0; // ms: the oldest change not yet delivered
    qint64 failingSince = 0;    // ms: the first of the failures in a row (0: the last attempt worked)
    QString lastError;
    qint64 lastErrorAt = 0;
    double perSecond = 0; // delivered per second over the last 10 s
};

// Delivers the outbox: on its own thread with its own connection to the workspace, each order key's
// entries one after the other in id order (a ticket's changes reach Zendesk in the order they were
// made), different keys side by side up to each destination's limit. A failed attempt is retried
// with exponential backoff and full jitter, never sooner than the destination's Retry-After; after
// maxAttempts answered failures (a dead network only delays) the entry is dead-lettered with its
// reason, and it holds back its key's later
// entries until a person retries or drops it, as a conflict does. Entries in flight when the process
// died are sent again, marked as possibly sent, so that the destination checks before it repeats
// itself. Outcomes are written in small batches, each with what the local store learns from it.
class OutboxWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxWorker)

public:
    struct Options
    {
        int maxAttempts = 10;
        std::chrono::milliseconds backoffBase{1000};
        std::chrono::milliseconds backoffCap{std::chrono::minutes(5)};
        // While the destination cannot be reached at all (no answer, a refused or cut connection)
        // changes wait, however long: such failures never make a dead letter, and their backoff
        // stops here so that a change leaves soon after the network is back.
        std::chrono::milliseconds unreachableBackoffCap{std::chrono::seconds(30)};
        std::chrono::milliseconds statusInterval{500}; // how often status() is refreshed while busy
        quint64 jitterSeed = 0;                        // 0: from the clock
    };

    OutboxWorker(QString workspacePath, Options options, QObject *parent = nullptr);
    // Attempts in flight are abandoned: their entries stay in flight in the store and are sent again,
    // marked as possibly sent, by the next worker.
    ~OutboxWorker() override;

    // Before start(): one factory per destination.
    void addDestination(OutboxDestinationFactory factory);
    void start();
    bool isRunning() const { return m_started; }

    // New entries were queued (by this process or another): pick them up.
    void wake();
    void setPaused(const QString &destination, bool paused);
    // A person's decisions on a dead or conflicting entry (or one in backoff): send it again now, or
    // drop it. rebaseStamp > 0: send it against this remote version (re-apply over a conflict).
    void retryNow(qint64 entryId, qint64 rebaseStamp = 0);
    void drop(qint64 entryId);

    // As of the last refresh (statusChanged).
    const std::map<QString, DestinationStatus> &status() const { return m_status; }

Q_SIGNALS:
    void statusChanged();
    // Entries reached a final or waiting-for-a-person state: their tickets' outbox state changed.
    void ticketsChanged(const QList<qint64> &ticketIds);
    void entryFinished(qint64 entryId, qint64 ticketId, cosmicdesk::models::OutboxState state);

private:
    class Engine;
    QString m_path;
    Options m_options;
    std::vector<OutboxDestinationFactory> m_factories;
    QThread *m_thread;
    Engine *m_engine = nullptr;
    bool m_started = false;
    std::map<QString, DestinationStatus> m_status;
};

} // namespace cosmicdesk::services
