#pragma once

#include "queuedata.h"
#include "slapolicy.h"

#include <QList>
#include <QSet>
#include <QStringList>

#include <string>
#include <vector>

namespace cosmicdesk::models {

// What the agent asked to see. Empty masks mean "any".
struct QueueFilter
{
    enum Flag : quint32 {
        GuardianAlert = 1 << 0, // Guardian level alert or critical
        Opportunity = 1 << 1,   // an Opportunity signal
        SlaAtRisk = 1 << 2,     // at risk or already breached
        SlaBreached = 1 << 3,
        Unassigned = 1 << 4,
        // The ticket's priority (the agent's, or in a review the decided label) or team differs from
        // the engine's suggestion.
        Disagreement = 1 << 5,
    };

    QString text;            // words over subject, requester name and e-mail, and ticket id
    quint8 priorityMask = 0; // bit n = Pn (the agent's priority, else the suggested one); bit 4 = none
    quint8 statusMask = 0;   // bit per TicketStatus
    QStringList teams;       // team names
    quint32 flags = 0;
    qint64 assigneeId = 0; // only this agent's tickets
    // Click-through from the supervisor overview: created in [createdFrom, createdTo) (0: open end),
    // and the agent's or the engine's priority alone (bit n = Pn, bit 4 = none).
    qint64 createdFrom = 0, createdTo = 0;
    quint8 agentPriorityMask = 0;
    quint8 suggestedMask = 0;
    QList<qint64> ticketIds; // only these tickets (a list the overview counted); empty: any

    bool operator==(const QueueFilter &) const = default;
    bool hasTimeDependentTerms() const { return flags & (SlaAtRisk | SlaBreached); }
    bool nonTextEquals(const QueueFilter &o) const;

    static quint8 activeStatuses(); // new, open, pending, hold
};

// Evaluates a filter against rows of QueueData. Built once per filter run (folds the query and
// matches it against the people dictionary once), then matches() is cheap and thread-safe.
class QueueMatcher
{
public:
    QueueMatcher(const QueueData &data, const QueueFilter &filter, const SlaPolicy &sla, qint64 now);

    bool matches(std::size_t row) const { return matchesFields(row) && matchesText(row); }
    bool matchesFields(std::size_t row) const;
    bool matchesText(std::size_t row) const;
    bool isTrivial() const { return m_trivial; }
    const std::vector<std::string> &terms() const { return m_terms; }

    // True when every row matching `narrower` must also match `wider` (typing more of a word),
    // so a search can start from the wider query's hits.
    static bool refines(const QueueFilter &narrower, const QueueFilter &wider);

private:
    const QueueData &m_data;
    const SlaPolicy &m_sla;
    QueueFilter m_filter;
    qint64 m_now;
    std::vector<std::string> m_terms;
    std::vector<std::vector<bool>> m_personHits; // per term, per person
    std::vector<bool> m_teamAllowed;
    QSet<qint64> m_ids;
    quint32 m_assignee = 0;
    bool m_assigneeKnown = true;
    bool m_trivial = true;
};

std::vector<std::string> splitTerms(const QString &text);

// The permutation of all rows ordered by a TicketQueueModel column; ties by row (stable).
std::vector<quint32> sortedRows(const QueueData &data, int column, Qt::SortOrder order, const SlaPolicy &sla, qint64 now);

} // namespace cosmicdesk::models
