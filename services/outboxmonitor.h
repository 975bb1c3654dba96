#pragma once

#include <models/auditlog.h>
#include <models/outbox.h>
#include <models/result.h>

#include <QObject>

#include <functional>
#include <map>
#include <vector>

namespace cosmicdesk::services {

class StoreThread;

// What the sync monitor, the audit view and the ticket pane read of the outbox and the audit log,
// on a worker thread; and the retention that purges old rows.
class OutboxMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxMonitor)

public:
    explicit OutboxMonitor(const QString &workspacePath, QObject *parent = nullptr);
    ~OutboxMonitor() override;

    void ticketEntries(qint64 ticketId, QObject *context, std::function<void(models::Result<std::vector<models::OutboxEntry>>)> done);
    void recent(int limit, const QString &destination, QObject *context,
                std::function<void(models::Result<std::vector<models::OutboxEntry>>)> done);
    // Per ticket: changes waiting and changes needing a person (the queue's marks).
    void ticketStates(QObject *context, std::function<void(models::Result<std::map<qint64, models::TicketOutbox>>)> done);
    void audit(const models::AuditQuery &query, QObject *context,
               std::function<void(models::Result<std::vector<models::AuditEntry>>)> done);

    // Per destination, from the store (what the monitor shows when no worker runs).
    void counts(QObject *context, std::function<void(models::Result<std::map<QString, models::OutboxCounts>>)> done);
    // A person's decision on a dead or conflicting entry, written to the store directly: only for
    // when no outbox worker runs (an offline workspace); a running worker takes them itself
    // (OutboxWorker::retryNow, drop), as it keeps the waiting entries in memory. Answers whether
    // the entry was in a state that allowed it.
    void retryNow(qint64 entryId, QObject *context, std::function<void(models::Result<bool>)> done);
    void drop(qint64 entryId, QObject *context, std::function<void(models::Result<bool>)> done);

    struct Purged
    {
        int audit = 0, outbox = 0;
    };
    // Audit rows and finished outbox entries older than the retention go (default 30 days).
    void purge(std::chrono::hours retention, QObject *context, std::function<void(models::Result<Purged>)> done);

private:
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
