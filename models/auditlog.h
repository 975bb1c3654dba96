#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace cosmicdesk::models {

// One action of a person or of the automation: who, what, on which ticket, by which rule, when, and
// how it ended.
struct AuditEntry
{
    qint64 id = 0;
    qint64 at = 0;  // ms since the epoch
    QString actor;  // the agent's name, or "automation"
    QString origin; // "agent" or "automation"
    QString action; // "reply", "note", "status", "assign", "tags", "macro", "bulk", "suggestion", "sent", "failed", "conflict", "dropped"…
    qint64 ticketId = 0;
    QString rule;   // the automation rule or bulk action, if any
    QString detail; // what changed, in words
    QString result; // "queued", "sent", "failed: …"
    qint64 outboxId = 0;
};

struct AuditQuery
{
    qint64 since = 0; // ms; 0: from the start
    qint64 until = 0; // ms; 0: up to now
    qint64 ticketId = 0;
    QString actor;
    QString action; // empty: any
    int limit = 1000;
};

// The audit log: appended to in the transaction of the action it records, read by the audit view,
// exported, and purged after the retention.
class AuditLog
{
public:
    explicit AuditLog(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<qint64> append(AuditEntry entry);
    Result<std::vector<AuditEntry>> entries(const AuditQuery &query) const; // newest first
    // Entries older than `before` (ms) are deleted; returns how many.
    Result<int> purge(qint64 before);

    // The agents' handling time as the log shows it: for each agent, the time from one action on a
    // ticket to their next action on another ticket, when that came within `gapCapMs` (a longer gap
    // is a break, not work); the median of those gaps since `sinceMs`, and how many there were.
    struct HandlingTime
    {
        double medianSecs = 0;
        qint64 samples = 0;
    };
    Result<HandlingTime> handlingTime(qint64 sinceMs, qint64 gapCapMs = 30 * 60 * 1000) const;

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
