#pragma once

#include "draftoutcomes.h"
#include "result.h"

#include <triage/assessment.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::models {

// What the triage engine reads of one stored ticket: its text and the account it belongs to.
struct TriageInput
{
    qint64 ticketId = 0;
    qint64 organizationId = 0;
    qint64 requesterId = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString subject;
    QString body;    // the description, then the requester's later public comments
    QString channel; // Zendesk spelling
    double mrr = 0;  // the organization's, in dollars
    QString requesterName;
    QString organizationName;
    QString plan;
    QString kamName;

    // Whose history this ticket belongs to: the organization, or without one the requester (negated).
    qint64 accountKey() const { return organizationId != 0 ? organizationId : -requesterId; }
};

// One earlier ticket of an account that has a suggestion (category and tone) stored.
struct TriageHistoryEntry
{
    qint64 ticketId = 0;
    qint64 createdAt = 0;
    std::string category;
    triage::Sentiment sentiment = triage::Sentiment::Neutral;
};

// The engine's suggestion for one ticket: which engine made it, for which version of the ticket.
// The store keeps what the queue, reports and history need (labels, scores, modes); the evidence is
// not stored — the engine is deterministic, so the same engine on the same ticket gives it again
// (TriageService does when the ticket is opened). record() fills `assessment` with the stored part.
struct TriageRecord
{
    qint64 ticketId = 0;
    QString engine; // engine, profile and model fingerprint; a different one means "re-triage"
    qint64 ticketUpdatedAt = 0;
    qint64 triagedAt = 0;
    qint64 accountKey = 0; // TriageInput::accountKey()
    qint64 createdAt = 0;  // the ticket's, for account history
    triage::Assessment assessment;
};

// An agent's answer to one suggestion: accepted as suggested, or overridden with another value.
// Every decision is a labelled example for retraining. Guardian's values are its level names
// ("none", "watch", "alert", "critical"), Opportunity's "yes" or "no".
struct TriageDecision
{
    enum class Field { Priority, Team, Category, Draft, Guardian, Opportunity };

    qint64 id = 0;
    qint64 ticketId = 0;
    Field field = Field::Priority;
    QString suggested;
    QString chosen;
    QString agent;
    qint64 decidedAt = 0;

    bool accepted() const { return suggested == chosen; }
};

QString fieldName(TriageDecision::Field f); // "priority", "team", "category", "draft", "guardian", "opportunity"
std::optional<TriageDecision::Field> parseField(const QString &s);

// The "draft" decision for what an agent posted on a ticket whose reply they started from the
// engine's draft: used unchanged (posted == drafted, ignoring surrounding space), discarded (nothing
// posted, or fewer than half of the draft's words kept: chosen is left empty), else edited (chosen is
// what was posted). For the composer to record on submit; TriageStore::draftOutcomes() counts them.
TriageDecision draftDecision(qint64 ticketId, const QString &drafted, const QString &posted);

// The triage tables of a store (triage, triage_decisions and the ticket row's summary columns), on
// one connection: the same thread rules as TicketStore. Every multi-row write is one transaction.
class TriageStore
{
public:
    explicit TriageStore(QSqlDatabase db);
    ~TriageStore();
    TriageStore(const TriageStore &) = delete;
    TriageStore &operator=(const TriageStore &) = delete;

    // Tickets whose stored suggestion is missing, made by another engine, or older than the ticket,
    // oldest ticket first (so that an account's history is triaged before the tickets that follow it).
    Result<std::vector<qint64>> pending(const QString &engine) const;
    // The same, among these tickets only (in the given order; ids no longer stored are left out).
    Result<std::vector<qint64>> pending(const QString &engine, const std::vector<qint64> &among) const;
    // The engine's input for these tickets, in the given order; ids no longer stored are left out.
    Result<std::vector<TriageInput>> inputs(const std::vector<qint64> &ids) const;
    // Triaged tickets of the same account (TriageInput::accountKey) created in [since, the ticket's
    // creation), newest first: one range of an index over the triage table.
    Result<std::vector<TriageHistoryEntry>> history(const TriageInput &ticket, qint64 since, int limit) const;

    // Stores the records and the tickets' summary columns (suggested priority, Guardian level,
    // Opportunity score) in one transaction.
    Result<void> write(const std::vector<TriageRecord> &records);
    Result<std::optional<TriageRecord>> record(qint64 ticketId) const;

    // Records the decision and applies it to the local ticket in one transaction: an accepted or
    // chosen priority becomes the ticket's priority, a team its group (when a group of that name
    // exists). Returns the stored decision.
    Result<TriageDecision> decide(TriageDecision decision);
    // Only records the decision (checked and normalised as decide() does), in the caller's
    // transaction and without touching the ticket: for a caller that changes the ticket itself, as
    // the change queued for Zendesk does.
    Result<TriageDecision> recordDecision(TriageDecision decision);
    // Newest first.
    Result<std::vector<TriageDecision>> decisions(qint64 ticketId) const;
    // What agents did with the drafted replies decided on since `since` (Unix seconds), by the latest
    // "draft" decision of each ticket: kept as drafted (accepted), kept after editing, or discarded
    // (recorded with an empty chosen text).
    Result<DraftOutcomes> draftOutcomes(qint64 since) const;

private:
    QSqlDatabase m_db;
    // The history statements, prepared once: they run once per ticket.
    mutable std::unique_ptr<QSqlQuery> m_history;
};

} // namespace cosmicdesk::models
