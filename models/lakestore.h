#pragma once

#include "consolidatedrecord.h"
#include "result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <map>
#include <utility>
#include <vector>

namespace cosmicdesk::models {

// Destinations of the consolidated records.
inline const QString kLakeRds = QStringLiteral("rds");
inline const QString kLakeSnowflake = QStringLiteral("snowflake");
inline const QString kLakeRecordKind = QStringLiteral("lake.records");

// A record that could not be loaded, and why (validation here, or the destination's refusal).
struct LakeFailure
{
    qint64 id = 0;
    QString destination; // "" for a validation failure (no destination was tried)
    qint64 ticketId = 0;
    qint64 version = 0;
    QString reason;
    qint64 at = 0;
};

// How far one destination is.
struct LakeCounts
{
    qint64 loaded = 0;   // tickets whose latest record the destination has
    qint64 queued = 0;   // tickets with a newer version on its way
    qint64 failed = 0;   // failure rows naming the destination (and validation failures)
    qint64 loadedAt = 0; // the last load, seconds
};

struct LakeQueueResult
{
    qint64 built = 0;                 // records built
    qint64 newVersions = 0;           // records whose content changed (a new version)
    qint64 invalid = 0;               // failed validation: reported, not queued
    std::map<QString, qint64> queued; // rows queued per destination
    std::vector<qint64> outboxIds;
};

// The workspace's lake tables (migration 9) on one connection: builds each ticket's consolidated
// record from the store (ticket, requester, organization, the customer view's cache, triage,
// decisions), versions it when its content changes, and queues it for each destination through
// the outbox in one transaction. The outbox destinations mark rows loaded (or failed) when they
// record their outcome.
class LakeStore
{
public:
    explicit LakeStore(QSqlDatabase db) : m_db(std::move(db)) {}

    // The records of these tickets as the store has them now (version 0, built_at `now`); ids no
    // longer stored are left out.
    Result<std::vector<ConsolidatedRecord>> build(const std::vector<qint64> &ids, qint64 now) const;

    // Tickets whose record may be out of date: never built, or the ticket, its triage, a decision or
    // the requester's customer data is as new as the last build or newer; and tickets whose latest
    // version a destination has not queued yet.
    Result<std::vector<qint64>> stale(const QStringList &destinations) const;

    // Builds the records, gives changed ones a new version, reports invalid ones (lake_failures,
    // once per version), and queues every valid version a destination has not queued yet, `chunk`
    // records per outbox entry — all in one transaction.
    Result<LakeQueueResult> queue(const std::vector<qint64> &ids, const QStringList &destinations, qint64 now, int chunk = 2000);

    // queue() over many tickets, a few thousand per transaction so that a long first load never
    // holds the store for long; the results added up. queueStale(): every stale() ticket.
    Result<LakeQueueResult> queueInParts(const std::vector<qint64> &ids, const QStringList &destinations, int chunk = 2000);
    Result<LakeQueueResult> queueStale(const QStringList &destinations, int chunk = 2000);

    // Joins the caller's transaction (the outbox worker's outcome batch).
    Result<void> markLoaded(const QString &destination, const std::vector<std::pair<qint64, qint64>> &ticketVersions, qint64 at);
    Result<void> recordFailure(const LakeFailure &failure);

    Result<std::vector<LakeFailure>> failures(int limit) const; // newest first
    Result<std::map<QString, LakeCounts>> counts(const QStringList &destinations) const;

private:
    QSqlDatabase m_db;
};

// The outbox payload of a lake entry: {"schema":1,"columns":[…],"rows":[[…],…]}.
QByteArray lakePayload(const std::vector<const ConsolidatedRecord *> &records);
// The rows back; BadPayload when the payload is not one (another schema, columns that differ).
Result<std::vector<ConsolidatedRecord>> parseLakePayload(const QByteArray &payload);

} // namespace cosmicdesk::models
