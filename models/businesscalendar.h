#pragma once

#include <triage/sla.h>

#include <QtGlobal>

#include <vector>

namespace cosmicdesk::models {

// Business hours in one time zone, precomputed as one [open, close) window in UTC per local day over
// a range of days, with the running total of business seconds before each day: measuring and adding
// business time is then a lookup and a binary search, with no date arithmetic per ticket. Windows
// follow the zone's daylight-saving rules (a 09:00-18:00 day is 9 h on either side of a change).
// Times outside the range are clamped to it.
class BusinessCalendar
{
public:
    BusinessCalendar() = default;
    // Days from `from` to `to` (Unix seconds). An unknown time zone is taken as UTC (isValid() false).
    BusinessCalendar(const triage::SlaTable::BusinessHours &hours, qint64 from, qint64 to);

    bool isValid() const { return m_valid; }
    bool isEmpty() const { return m_open.empty(); }

    // Business seconds from the start of the range to `t`.
    qint64 businessSecondsAt(qint64 t) const;
    // Business seconds in [from, to); negative when to < from.
    qint64 businessSecondsBetween(qint64 from, qint64 to) const { return businessSecondsAt(to) - businessSecondsAt(from); }
    // The moment `seconds` (> 0) business seconds after `t`; outside business hours counting starts
    // at the next opening.
    qint64 addBusinessSeconds(qint64 t, qint64 seconds) const;
    // The moment the running total reaches `total` business seconds.
    qint64 timeAtBusinessSeconds(qint64 total) const;

    qint64 rangeStart() const { return m_dayStart.empty() ? 0 : m_dayStart.front(); }
    qint64 rangeEnd() const { return m_dayStart.empty() ? 0 : m_dayStart.back(); }

private:
    std::size_t dayOf(qint64 t) const; // index of the local day holding t (clamped)

    std::vector<qint64> m_dayStart; // local midnight in UTC, one more than days (the end)
    std::vector<qint64> m_open;     // window per day, open == close on closed days
    std::vector<qint64> m_close;
    std::vector<qint64> m_before; // business seconds before each day; one more than days
    bool m_valid = false;
};

} // namespace cosmicdesk::models
