#include "slapolicy.h"

#include <QDateTime>

#include <cstdlib>

namespace cosmicdesk::models {

SlaPolicy::SlaPolicy(triage::SlaTable table, double atRiskShare)
    : SlaPolicy(std::move(table), atRiskShare, QDateTime::currentSecsSinceEpoch() - 2 * 366 * 86400LL,
                QDateTime::currentSecsSinceEpoch() + 366 * 86400LL)
{
}

SlaPolicy::SlaPolicy(triage::SlaTable table, double atRiskShare, qint64 calendarFrom, qint64 calendarTo)
    : m_table(std::move(table)), m_atRiskShare(atRiskShare)
{
    for (const std::string &name : m_table.pausedStatuses)
        if (const auto s = parseStatus(QString::fromStdString(name)); s && isActive(*s))
            m_paused[static_cast<std::size_t>(*s)] = true;
    if (m_table.clock == triage::SlaTable::Clock::Business)
        m_calendar = std::make_shared<const BusinessCalendar>(m_table.businessHours, calendarFrom, calendarTo);
}

SlaState SlaPolicy::evaluate(std::optional<triage::Priority> priority, TicketStatus status, qint64 createdAt, qint64 firstReplyAt,
                             qint64 solvedAt, qint64 updatedAt, qint64 now) const
{
    SlaState s;
    if (!priority || !isActive(status) || createdAt <= 0)
        return s;
    const triage::SlaTarget &target = m_table[*priority];
    // Reopened: the first response was given (or is moot), the resolution clock starts again with
    // the whole target from the moment the ticket was last solved.
    const bool reopened = solvedAt > 0;
    const qint64 start = reopened ? std::max(solvedAt, createdAt) : createdAt;
    s.firstResponse = firstReplyAt <= 0 && !reopened;
    s.targetSecs = s.firstResponse ? target.firstResponseSecs : target.resolutionSecs;
    if (s.targetSecs <= 0)
        return s; // "variable": no clock
    s.paused = isPaused(status);
    const qint64 stoppedAt = s.paused ? std::clamp(updatedAt, start, std::max(start, now)) : now;
    if (m_calendar) {
        s.left = s.targetSecs - m_calendar->businessSecondsBetween(start, stoppedAt);
        s.dueAt = s.paused ? m_calendar->addBusinessSeconds(now, s.left) : m_calendar->addBusinessSeconds(start, s.targetSecs);
    } else {
        s.left = s.targetSecs - (stoppedAt - start);
        s.dueAt = s.paused ? now + s.left : start + s.targetSecs;
    }
    if (s.paused)
        return s; // level None: a stopped clock is neither on track nor late
    if (s.left < 0)
        s.level = SlaState::Level::Breached;
    else if (static_cast<double>(s.left) < m_atRiskShare * static_cast<double>(s.targetSecs))
        s.level = SlaState::Level::AtRisk;
    else
        s.level = SlaState::Level::Ok;
    return s;
}

QString formatDuration(qint64 seconds)
{
    const bool negative = seconds < 0;
    qint64 s = std::llabs(seconds);
    const qint64 days = s / 86400;
    const qint64 hours = (s % 86400) / 3600;
    const qint64 minutes = (s % 3600) / 60;
    QString out;
    if (days > 0)
        out = hours > 0 ? QStringLiteral("%1d %2h").arg(days).arg(hours) : QStringLiteral("%1d").arg(days);
    else if (hours > 0)
        out = minutes > 0 ? QStringLiteral("%1h %2m").arg(hours).arg(minutes) : QStringLiteral("%1h").arg(hours);
    else
        out = QStringLiteral("%1m").arg(minutes);
    return negative ? QStringLiteral("-") + out : out;
}

} // namespace cosmicdesk::models
