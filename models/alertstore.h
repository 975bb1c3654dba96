#pragma once

#include "outbox.h"
#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <vector>

namespace cosmicdesk::models {

// A Guardian alert to the account's key account manager, or an Opportunity alert to sales, by
// e-mail (SendGrid) or Slack. One per ticket, kind, level and channel; beyond the hourly cap it is
// kept as suppressed and not sent.
struct Alert
{
    qint64 id = 0;
    qint64 ticketId = 0;
    QString kind;      // "guardian" or "opportunity"
    QString level;     // Guardian's level ("alert", "critical"); "signal" for an Opportunity
    QString channel;   // "email" or "slack"
    QString recipient; // an e-mail address, or the Slack channel's name in the settings
    QString subject;
    QString body; // the plain text (the e-mail's text part, Slack's fallback)
    // "queued", "sent", "failed" (dead or dropped in the outbox), "suppressed" (the cap)
    QString state;
    QString reason;       // why suppressed or failed
    qint64 createdAt = 0; // seconds
    qint64 outboxId = 0;
};

class AlertStore
{
public:
    explicit AlertStore(QSqlDatabase db) : m_db(std::move(db)) {}

    // In one transaction: nothing when the ticket already has this alert (kind, level, channel);
    // else the alert, and unless `capPerHour` alerts were raised in the hour before `now` its
    // outbox entry (filled in from `entry`: destination, kind, payload). Returns the stored alert,
    // or nullopt for a duplicate.
    Result<std::optional<Alert>> raise(Alert alert, OutboxEntry entry, int capPerHour, qint64 now);
    // Newest first, the state as the outbox has it now.
    Result<std::vector<Alert>> recent(int limit) const;
    Result<qint64> count() const;

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
