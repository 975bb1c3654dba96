#pragma once

#include "outboxdestination.h"

#include <memory>

namespace cosmicdesk::connectors {
class ZendeskClient;
}

namespace cosmicdesk::services {

// Delivers "ticket.update" entries to Zendesk: one PUT per change with safe_update against the
// ticket version the change was made on (409 when someone else changed the ticket meanwhile) and
// the entry's Idempotency-Key. Zendesk keeps no idempotency for updates, so an entry that may have
// been applied by an earlier attempt (a timeout, a crash in flight) and now meets a 409 is checked
// against the ticket and its comments: already there means done, not a second reply.
// Applied changes teach the local store the ticket's new version and the comment's real id.
class ZendeskDestination final : public OutboxDestination
{
public:
    explicit ZendeskDestination(std::unique_ptr<connectors::ZendeskClient> client, int maxInFlight = 16);
    ~ZendeskDestination() override;

    QString name() const override;
    int maxInFlight() const override { return m_maxInFlight; }
    void attach(models::TicketStore &store) override { m_store = &store; }
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;
    void dropped(const models::OutboxEntry &entry) override;
    // A bulk action's field changes (no comment: a comment goes alone, with safe_update) travel 100 at
    // a time through update_many, whose job is polled until done; the tickets' new versions are read
    // back with show_many. Absolute values: sending them twice is harmless.
    int maxBatch() const override { return 100; }
    bool canBatch(const models::OutboxEntry &entry) const override;
    void sendBatch(const std::vector<models::OutboxEntry> &entries, QObject *context,
                   std::function<void(std::vector<SendOutcome>)> done) override;

private:
    void verify(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done);
    void conflict(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done);

    std::unique_ptr<connectors::ZendeskClient> m_client;
    int m_maxInFlight;
    models::TicketStore *m_store = nullptr;
};

} // namespace cosmicdesk::services
