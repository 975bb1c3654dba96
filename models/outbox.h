#pragma once

#include "result.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace cosmicdesk::models {

// The life of an outgoing change. Queued and InFlight are waiting; Conflict and Dead wait for a
// person (re-apply or drop, retry or drop); Done and Dropped are over.
enum class OutboxState { Queued = 0, InFlight = 1, Done = 2, Dead = 3, Conflict = 4, Dropped = 5 };
QString outboxStateName(OutboxState s); // "queued", "in_flight", "done", "dead", "conflict", "dropped"
bool isWaiting(OutboxState s);          // Queued, InFlight, Conflict or Dead: it still holds back its order key

// One change for a remote system, written in the same transaction as the local change that causes
// it, and sent later by the outbox worker.
struct OutboxEntry
{
    qint64 id = 0;       // the global order of the outbox
    QString destination; // "zendesk" (later "rds", "snowflake", "sendgrid", "slack")
    QString kind;        // what the payload is: "ticket.update"
    qint64 ticketId = 0; // the ticket it is about (0: none)
    // Entries with the same key are sent one after the other, in id order ("zendesk:ticket:123");
    // empty: the entry's own id, so it waits for nothing.
    QString orderKey;
    QByteArray payload;     // JSON: for "ticket.update" the Zendesk "ticket" object without safe_update
    QString idempotencyKey; // sent with every attempt; unique in the outbox
    QString summary;        // for people: "Public reply · status solved"
    QString actor;          // the agent, or "automation"
    QString rule;           // the automation rule or bulk action that made it, if any
    QString batchKey;       // entries of one bulk action, which the worker may send together
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    qint64 createdAt = 0;     // ms since the epoch
    qint64 nextAttemptAt = 0; // ms; not before
    qint64 finishedAt = 0;    // ms; Done, Dropped or Dead
    bool maybeSent = false;   // an earlier attempt may have reached the server (a timeout, a crash in flight)
    qint64 baseStamp = 0;     // Zendesk: the ticket's updated_at (s) the change was made on (safe_update)
    int lastStatus = 0;       // HTTP status of the last attempt
    QString lastError;        // the remote system's words
    QByteArray detail;        // JSON: a conflict's view of the remote record, for the agent's decision
};

// How one destination stands.
struct OutboxCounts
{
    qint64 queued = 0, inFlight = 0, done = 0, dead = 0, conflict = 0, dropped = 0;
    qint64 oldestWaitingAt = 0; // ms: the oldest change not yet sent
    QString lastError;
    qint64 lastErrorAt = 0; // ms
};

// A ticket's changes not yet in the remote system, for the queue and the ticket pane.
struct TicketOutbox
{
    int waiting = 0;            // queued or in flight
    int needsAttention = 0;     // conflict or dead
    qint64 oldestWaitingAt = 0; // ms
};

// The outbox table. Every function works on the connection it was given; enqueue() joins the
// caller's transaction, the others make their own when they write more than one row.
class OutboxStore
{
public:
    explicit OutboxStore(QSqlDatabase db) : m_db(std::move(db)) {}

    // Fills id (and createdAt, orderKey, idempotencyKey when empty). Call it inside the transaction
    // of the local change.
    Result<qint64> enqueue(OutboxEntry &entry);

    // Everything still waiting for a destination (or all destinations when empty), in id order.
    Result<std::vector<OutboxEntry>> waiting(const QString &destination = {}) const;
    Result<std::vector<OutboxEntry>> entriesAfter(qint64 id, const QString &destination = {}) const;
    Result<std::optional<OutboxEntry>> entry(qint64 id) const;
    // The latest entries in any state, newest first (the sync monitor).
    Result<std::vector<OutboxEntry>> recent(int limit, const QString &destination = {}) const;
    Result<std::vector<OutboxEntry>> ofTicket(qint64 ticketId) const;

    // A crash leaves entries in flight: they go back to the queue, marked as possibly sent.
    Result<int> recover();
    Result<void> markInFlight(const std::vector<qint64> &ids);
    struct Outcome
    {
        qint64 id = 0;
        OutboxState state = OutboxState::Done;
        int attempts = 0;
        qint64 nextAttemptAt = 0;
        bool maybeSent = false;
        int httpStatus = 0;
        QString error;
        QByteArray detail;
    };
    // Records outcomes; joins the caller's transaction (the worker batches them with their effects).
    Result<void> record(const std::vector<Outcome> &outcomes);
    // A person's decision: send again now (a dead or conflicting change, or one in backoff), or drop it.
    Result<bool> retryNow(qint64 id);
    Result<bool> drop(qint64 id);
    // After a change to a ticket is applied, the ticket's next changes were made on the same view:
    // they carry the new stamp, so that their safe_update expects our own change, not a conflict.
    Result<void> rebaseStamp(const QString &orderKey, qint64 oldStamp, qint64 newStamp);
    Result<void> setBaseStamp(qint64 id, qint64 stamp);

    Result<std::map<QString, OutboxCounts>> counts() const; // per destination
    Result<std::map<qint64, TicketOutbox>> ticketStates(const std::vector<qint64> &ticketIds = {}) const;
    // Done and dropped entries finished before `before` (ms) are deleted; returns how many.
    Result<int> purgeFinished(qint64 before);

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
