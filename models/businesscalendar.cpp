#include "businesscalendar.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

namespace cosmicdesk::models {

BusinessCalendar::BusinessCalendar(const triage::SlaTable::BusinessHours &hours, qint64 from, qint64 to)
{
    const QByteArray zoneId = QByteArray::fromStdString(hours.timezone);
    QTimeZone zone(zoneId);
    m_valid = zone.isValid();
    if (!m_valid)
        zone = QTimeZone(QByteArrayLiteral("UTC"));
    const QDate first = QDateTime::fromSecsSinceEpoch(std::min(from, to), zone).date();
    const QDate last = QDateTime::fromSecsSinceEpoch(std::max(from, to), zone).date();
    const qint64 days = first.daysTo(last) + 1;
    m_dayStart.reserve(static_cast<std::size_t>(days) + 1);
    m_open.reserve(static_cast<std::size_t>(days));
    m_close.reserve(static_cast<std::size_t>(days));
    m_before.reserve(static_cast<std::size_t>(days) + 1);
    // A local time inside a spring-forward gap resolves to the moment after it (Qt's rule), which is
    // what an opening hour falling in the gap means.
    auto at = [&](QDate day, int minute) {
        if (minute >= 24 * 60)
            return QDateTime(day.addDays(1), QTime(0, 0), zone).toSecsSinceEpoch();
        return QDateTime(day, QTime(minute / 60, minute % 60), zone).toSecsSinceEpoch();
    };
    qint64 total = 0;
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        m_dayStart.push_back(at(d, 0));
        m_before.push_back(total);
        if (hours.days[static_cast<std::size_t>(d.dayOfWeek() - 1)]) {
            const qint64 open = at(d, hours.startMinute), close = at(d, hours.endMinute);
            m_open.push_back(open);
            m_close.push_back(std::max(open, close));
        } else {
            m_open.push_back(m_dayStart.back());
            m_close.push_back(m_dayStart.back());
        }
        total += m_close.back() - m_open.back();
    }
    m_dayStart.push_back(at(last.addDays(1), 0));
    m_before.push_back(total);
}

std::size_t BusinessCalendar::dayOf(qint64 t) const
{
    // Days are 23 to 25 h long: the guess from the first day is at most a day off for years.
    const std::size_t days = m_open.size();
    qint64 guess = (t - m_dayStart.front()) / 86400;
    guess = std::clamp<qint64>(guess, 0, static_cast<qint64>(days) - 1);
    auto i = static_cast<std::size_t>(guess);
    while (i > 0 && t < m_dayStart[i])
        --i;
    while (i + 1 < days && t >= m_dayStart[i + 1])
        ++i;
    return i;
}

qint64 BusinessCalendar::businessSecondsAt(qint64 t) const
{
    if (m_open.empty())
        return 0;
    if (t <= m_dayStart.front())
        return 0;
    if (t >= m_dayStart.back())
        return m_before.back();
    const std::size_t i = dayOf(t);
    return m_before[i] + std::clamp(t, m_open[i], m_close[i]) - m_open[i];
}

qint64 BusinessCalendar::timeAtBusinessSeconds(qint64 total) const
{
    if (m_open.empty())
        return 0;
    if (total <= 0)
        return m_open.front();
    if (total > m_before.back())
        return m_dayStart.back() + (total - m_before.back()); // beyond the range: calendar time
    // The first day whose running total at its close reaches `total`.
    const auto it = std::lower_bound(m_before.begin() + 1, m_before.end(), total);
    const auto i = static_cast<std::size_t>(it - m_before.begin()) - 1;
    return m_open[i] + (total - m_before[i]);
}

qint64 BusinessCalendar::addBusinessSeconds(qint64 t, qint64 seconds) const
{
    return timeAtBusinessSeconds(businessSecondsAt(t) + std::max<qint64>(seconds, 0));
}

} // namespace cosmicdesk::models
