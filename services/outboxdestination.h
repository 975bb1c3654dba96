#pragma once

#include <models/outbox.h>
#include <models/result.h>

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

class QObject;

namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

// How one attempt to deliver an outbox entry ended.
struct SendOutcome
{
    enum class Kind {
        Applied,  // the remote system has the change (now, or from an earlier attempt)
        Retry,    // not now: a network failure, a timeout, a 5xx, a rate limit
        Conflict, // the remote record changed since the change was made: a person decides
        Rejected, // the remote system refused the change for good (invalid, closed, not found)
        Paused,   // the destination refuses us altogether (credentials): stop sending until told
    };
    Kind kind = Kind::Retry;
    int httpStatus = 0;
    QString error;                      // the remote system's words
    std::chrono::seconds retryAfter{0}; // at least this long before the next attempt (Retry-After)
    bool maybeSent = false;             // Retry: the attempt may have reached the remote system
    QByteArray detail;                  // Conflict: the remote record as it is now (JSON)
    // Applied: the remote record's version now (Zendesk: updated_at). The key's later entries made
    // on the same version as this one expect it, so that their own safe updates do not conflict
    // with ours.
    qint64 remoteVersion = 0;
    // Applied: what the local store learns from the answer (the ticket's new stamp, the comment's
    // real id), written in the same transaction that marks the entry done.
    std::function<models::Result<void>(models::TicketStore &store, const models::OutboxEntry &entry)> effects;
};

// One remote system the outbox delivers to. Made and used on the outbox worker's thread.
class OutboxDestination
{
public:
    virtual ~OutboxDestination() = default;
    virtual QString name() const = 0; // the entries' destination, "zendesk"
    virtual int maxInFlight() const { return 8; }
    // Non-empty: the destination cannot send at all (its settings are incomplete, a secret is
    // missing), and the worker starts with it paused for this reason.
    virtual QString unavailable() const { return {}; }
    // The worker's own connection to the workspace, before the first send.
    virtual void attach(models::TicketStore &store) { Q_UNUSED(store) }
    // A person dropped the entry: undo what it did locally, if anything.
    virtual void dropped(const models::OutboxEntry &entry) { Q_UNUSED(entry) }
    // One attempt; `done` is called exactly once, on the worker's thread, unless `context` is gone.
    virtual void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) = 0;
    // Entries of one bulk action (the same batch key) that may travel together in one request.
    virtual int maxBatch() const { return 1; }
    virtual bool canBatch(const models::OutboxEntry &entry) const
    {
        Q_UNUSED(entry)
        return false;
    }
    // One attempt for several entries: one outcome each, in their order.
    virtual void sendBatch(const std::vector<models::OutboxEntry> &entries, QObject *context,
                           std::function<void(std::vector<SendOutcome>)> done)
    {
        Q_UNUSED(entries)
        Q_UNUSED(context)
        Q_UNUSED(done)
    }
};

// Called on the worker's thread when it starts (network objects belong to the thread that made them).
using OutboxDestinationFactory = std::function<std::unique_ptr<OutboxDestination>()>;

} // namespace cosmicdesk::services
