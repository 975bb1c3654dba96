#pragma once

#include "result.h"
#include "triagestore.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace cosmicdesk::models {

// What an imported export said of one ticket: its own id, where it was read, and the labels it
// carried (empty: the export has none). Priorities are P0-P3; Guardian and Opportunity "yes"/"no".
struct ReviewItem
{
    qint64 ticketId = 0; // the workspace's id (1, 2, … in the order read)
    QString sourceId;    // the export's id ("E001", "35436"); empty when it had none
    qint64 line = 0;     // where the ticket started in the file
    QString customer;    // the export's account name
    QString labelPriority;
    bool labelIsDefault = false; // the source system's default (Zendesk's "normal"): not an agent's decision
    QString labelTeam;
    QString labelCategory;
    QString labelGuardian;
    QString labelOpportunity;
    QString labelSentiment;

    friend bool operator==(const ReviewItem &, const ReviewItem &) = default;
};

// Where a review workspace came from and what its import skipped.
struct ReviewSource
{
    QString file;    // the export's file name
    QString format;  // "csv", "zendesk-json", "ndjson"
    QString profile; // the triage profile the import judged with
    qint64 importedAt = 0;
    qint64 tickets = 0;
    qint64 deleted = 0;      // deleted tickets, skipped
    qint64 duplicates = 0;   // older copies of a ticket id, dropped
    qint64 otherRecords = 0; // ETL records of other streams
    qint64 malformed = 0;    // rows skipped under the skip policy
    qint64 closed = 0;       // closed tickets: read and judged, never given an update
    QStringList skippedRows; // "line 12: …", the first ones

    // "515 deleted, 86 older copies of a ticket id, 2 malformed rows"; empty when nothing was skipped.
    QString skippedText() const;

    friend bool operator==(const ReviewSource &, const ReviewSource &) = default;
};

// One field's standing in the review: the engine's suggestion, the export's label, the reviewer's
// correction (latest decision, empty when none) and the label that counts.
struct ReviewField
{
    QString suggested;
    QString label;                                                              // the export's (empty when none or the source's default)
    QString corrected;                                                          // the reviewer's latest decision
    QString decided() const { return corrected.isEmpty() ? label : corrected; } // empty: nobody has said
    bool disagrees() const { return !decided().isEmpty() && decided() != suggested; }
};

// A reviewed ticket as the reports and the trainer read it.
struct ReviewRow
{
    ReviewItem item;
    QString subject;
    QString description;
    QString channel; // Zendesk spelling
    QString status;  // Zendesk spelling
    qint64 createdAt = 0;
    double mrr = 0;
    bool triaged = false;
    double confidence = 0;
    QString category;
    QString sentiment;
    int guardianScore = 0;
    int opportunityScore = 0;
    ReviewField priority, team, guardian, opportunity; // guardian/opportunity: "yes" / "no"
    bool reviewed = false;                             // the reviewer decided at least one field
};

struct ReviewProgress
{
    qint64 tickets = 0;
    qint64 reviewed = 0;      // tickets with at least one decision of the reviewer
    qint64 labelled = 0;      // tickets whose priority has a label or a correction
    qint64 disagreements = 0; // tickets whose decided priority or team differs from the suggestion (the queue's filter)
};

// The review tables of a workspace (review_items and the source in meta), on one connection: the same
// thread rules as TicketStore. A workspace is a review workspace when it has a source.
class ReviewStore
{
public:
    explicit ReviewStore(QSqlDatabase db);

    Result<std::optional<ReviewSource>> source() const;
    Result<void> setSource(const ReviewSource &source);
    // Upserts the items in one transaction (or in the caller's when `ownTransaction` is false).
    Result<void> write(const std::vector<ReviewItem> &items, bool ownTransaction = true);
    Result<std::vector<ReviewItem>> items(const std::vector<qint64> &ticketIds) const;
    Result<std::optional<ReviewItem>> item(qint64 ticketId) const;

    // Every row in ticket id order, `batch` at a time, without holding the whole review (for reports
    // of any size). Stops at onRow's first false.
    Result<void> forEachRow(const std::function<bool(const ReviewRow &)> &onRow, int batch = 2000) const;
    Result<std::optional<ReviewRow>> row(qint64 ticketId) const;
    Result<ReviewProgress> progress() const;

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
