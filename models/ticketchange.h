#pragma once

#include "result.h"

#include "ticket.h"
#include <QSqlDatabase>

#include <nlohmann/json_fwd.hpp>

#include <QString>
#include <QStringList>

#include <functional>

#include <optional>
#include <utility>
#include <vector>

namespace cosmicdesk::models {

class TicketStore;

// What an agent (or the automation) changes on one ticket: absolute values for the fields, tags added
// and removed (never a replaced list, so concurrent tag edits survive), and an optional comment.
struct TicketChange
{
    std::optional<TicketStatus> status;
    std::optional<triage::Priority> priority;
    std::optional<qint64> assigneeId, groupId; // 0: unassign
    QStringList addTags, removeTags;
    std::vector<std::pair<qint64, QString>> customFields; // Zendesk custom field id → value
    std::optional<QString> comment;
    bool commentPublic = true;

    bool isEmpty() const;
    bool changesFields() const; // anything but the comment
    // "Public reply · status solved · assignee · +refund"
    QString summary() const;
    // The local mirror after the change.
    void applyTo(Ticket &ticket) const;
    // The change as Zendesk's "ticket" object (without safe_update), and back.
    nlohmann::json toZendesk() const;
    static Result<TicketChange> fromZendesk(const nlohmann::json &ticket);

    friend bool operator==(const TicketChange &, const TicketChange &) = default;
};

// Who made a change, and why.
struct ChangeOrigin
{
    QString actor;                            // the agent's name, or "automation"
    qint64 authorId = 0;                      // the agent's Zendesk user id, when known (a local comment's author)
    QString origin = QStringLiteral("agent"); // "agent" or "automation"
    QString action;   // for the audit log: "reply", "note", "status", "assign", "tags", "macro", "bulk", "suggestion"
    QString rule;     // the automation rule or the bulk action
    QString batchKey; // the entries of one bulk action
};

// Applies changes to the local mirror and queues them for Zendesk, each ticket's in order, all in one
// transaction with their audit rows: either every ticket changes and every change is queued, or
// nothing is written. A comment shows at once as a local comment (a negative id) that the outbox
// worker replaces with Zendesk's when the change is applied. Returns the outbox ids, one per change.
// idempotencyKeys, when given, names each change's key (one per change; a key already in the outbox
// makes the whole call fail, so a caller that may run twice queues each change once).
// alsoWrite, when given, runs in the same transaction after the changes (the triage decisions that
// caused them): its failure writes nothing either.
Result<std::vector<qint64>> queueTicketChanges(TicketStore &store, const std::vector<std::pair<qint64, TicketChange>> &changes,
                                               const ChangeOrigin &origin, const std::vector<QString> &idempotencyKeys = {},
                                               const std::function<Result<void>(QSqlDatabase &)> &alsoWrite = {});

// Tickets as Zendesk sends them, with the changes still waiting in the outbox laid over them: a sync
// page that arrives before our change was applied must not show the ticket as it was. Call it in the
// transaction that writes them.
Result<void> overlayWaitingChanges(const QSqlDatabase &db, std::vector<Ticket> &tickets);
Result<bool> hasWaitingTicketChanges(const QSqlDatabase &db);

// The order key of a ticket's Zendesk changes.
QString zendeskOrderKey(qint64 ticketId);
inline constexpr auto kZendeskDestination = "zendesk";
inline constexpr auto kTicketUpdateKind = "ticket.update";

} // namespace cosmicdesk::models
