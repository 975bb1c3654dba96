#pragma once

#include "ticket.h"

#include <triage/sla.h>

namespace cosmicdesk::models {

// Where a ticket stands against its SLA. The clock that runs is the first-response target until the
// first public agent reply, then the resolution target. Solved and closed tickets have no clock, and
// a pending ticket (waiting on the requester) pauses it.
struct SlaState
{
    enum class Level : quint8 { None = 0, Ok = 1, AtRisk = 2, Breached = 3 };
    Level level = Level::None;
    bool firstResponse = false; // which clock runs
    qint64 dueAt = 0;
    qint64 targetSecs = 0;

    qint64 remaining(qint64 now) const { return dueAt - now; }
};

class SlaPolicy
{
public:
    explicit SlaPolicy(triage::SlaTable table = {}, double atRiskShare = 0.25);

    SlaState evaluate(std::optional<triage::Priority> priority, TicketStatus status, qint64 createdAt, qint64 firstReplyAt,
                      qint64 now) const;

    const triage::SlaTable &table() const { return m_table; }

private:
    triage::SlaTable m_table;
    double m_atRiskShare; // "at risk" once less than this share of the target is left
};

// "1h 20m", "3d 4h", "-45m" (overdue), for countdowns and ages.
QString formatDuration(qint64 seconds);

} // namespace cosmicdesk::models
