#include "slapolicy.h"

#include <cstdlib>

namespace cosmicdesk::models {

SlaPolicy::SlaPolicy(triage::SlaTable table, double atRiskShare) : m_table(table), m_atRiskShare(atRiskShare) {}

SlaState SlaPolicy::evaluate(std::optional<triage::Priority> priority, TicketStatus status, qint64 createdAt, qint64 firstReplyAt,
                             qint64 now) const
{
    SlaState s;
    if (!priority || !isActive(status) || status == TicketStatus::Pending || createdAt <= 0)
        return s;
    const triage::SlaTarget &target = m_table[*priority];
    s.firstResponse = firstReplyAt <= 0;
    s.targetSecs = s.firstResponse ? target.firstResponseSecs : target.resolutionSecs;
    if (s.targetSecs <= 0)
        return s; // "variable": no clock
    s.dueAt = createdAt + s.targetSecs;
    const qint64 left = s.dueAt - now;
    if (left < 0)
        s.level = SlaState::Level::Breached;
    else if (static_cast<double>(left) < m_atRiskShare * static_cast<double>(s.targetSecs))
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
