#pragma once

#include "outboxdestination.h"

#include <QUrl>

#include <memory>

namespace cosmicdesk::connectors {
class SendGridClient;
class SlackWebhookClient;
} // namespace cosmicdesk::connectors

namespace cosmicdesk::services {

// "alert.mail" entries by SendGrid v3 Mail Send. SendGrid keeps no idempotency key: the entry's id
// travels as custom_args.outbox_id so that a duplicate after a lost answer is traceable, and the
// worker retries only what got no answer, a 429 or a 5xx. A refused key pauses the destination.
class SendGridDestination final : public OutboxDestination
{
public:
    explicit SendGridDestination(std::unique_ptr<connectors::SendGridClient> client);
    ~SendGridDestination() override;
    QString name() const override;
    int maxInFlight() const override { return 4; }
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;

private:
    std::unique_ptr<connectors::SendGridClient> m_client;
};

// "alert.slack" entries to one incoming webhook (its URL is the secret). 200 "ok" is done and never
// sent again; a revoked or archived webhook (403/404/410) is a dead letter for the admin.
class SlackDestination final : public OutboxDestination
{
public:
    SlackDestination(std::unique_ptr<connectors::SlackWebhookClient> client, QUrl webhook);
    ~SlackDestination() override;
    QString name() const override;
    int maxInFlight() const override { return 1; } // about one message per second per webhook
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;

private:
    std::unique_ptr<connectors::SlackWebhookClient> m_client;
    QUrl m_webhook;
};

} // namespace cosmicdesk::services
