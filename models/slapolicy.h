#pragma once

#include "businesscalendar.h"
#include "ticket.h"

#include <triage/sla.h>

#include <array>
#include <memory>

namespace cosmicdesk::models {

// Where a ticket stands against its SLA. The clock that runs is the first-response target until the
// first public agent reply, then the resolution target. Solved and closed tickets have no clock; a
// ticket in one of the profile's paused statuses (pending by default) shows a paused clock, never a
// breach. Clocks count calendar seconds or business seconds, as the profile says (docs/overview.md).
struct SlaState
{
    enum class Level : quint8 { None = 0, Ok = 1, AtRisk = 2, Breached = 3 };
    Level level = Level::None;  // None for a paused clock too (see `paused`)
    bool firstResponse = false; // which clock runs
    bool paused = false;        // the clock is stopped; `left` is where it stopped
    qint64 dueAt = 0;           // Unix seconds; for a paused clock, when it would be due if it ran again now
    qint64 targetSecs = 0;
    qint64 left = 0; // clock seconds (business seconds on a business clock) left at the evaluation time

    // Calendar seconds to dueAt.
    qint64 remaining(qint64 now) const { return dueAt - now; }
};

class SlaPolicy
{
public:
    // A business clock needs its calendar over the range of times it will see: by default two years
    // back and one ahead of the time of construction; times outside it are clamped.
    explicit SlaPolicy(triage::SlaTable table = {}, double atRiskShare = 0.25);
    SlaPolicy(triage::SlaTable table, double atRiskShare, qint64 calendarFrom, qint64 calendarTo);

    // A reopened ticket (active with a solve time) runs a fresh resolution clock from its last solve;
    // a paused one is taken to have paused at its last update.
    SlaState evaluate(std::optional<triage::Priority> priority, TicketStatus status, qint64 createdAt, qint64 firstReplyAt, qint64 solvedAt,
                      qint64 updatedAt, qint64 now) const;
    // As above for a ticket never solved, paused (if it is) since `now`.
    SlaState evaluate(std::optional<triage::Priority> priority, TicketStatus status, qint64 createdAt, qint64 firstReplyAt,
                      qint64 now) const
    {
        return evaluate(priority, status, createdAt, firstReplyAt, 0, now, now);
    }

    bool isPaused(TicketStatus status) const { return m_paused[static_cast<std::size_t>(status) % m_paused.size()]; }
    bool isBusinessClock() const { return m_calendar != nullptr; }
    const BusinessCalendar *calendar() const { return m_calendar.get(); }
    const triage::SlaTable &table() const { return m_table; }

private:
    triage::SlaTable m_table;
    double m_atRiskShare; // "at risk" once less than this share of the target is left
    std::array<bool, kTicketStatusCount> m_paused{};
    std::shared_ptr<const BusinessCalendar> m_calendar; // only for a business clock
};

// "1h 20m", "3d 4h", "-45m" (overdue), for countdowns and ages.
QString formatDuration(qint64 seconds);

} // namespace cosmicdesk::models
