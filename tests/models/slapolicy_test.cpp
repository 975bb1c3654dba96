#include <models/slapolicy.h>

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace cosmicdesk::models;
using cosmicdesk::triage::Priority;
namespace triage = cosmicdesk::triage;

namespace {
qint64 utc(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC).toSecsSinceEpoch();
}
} // namespace

class SlaPolicyTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstResponseClock_runsUntilTheFirstReply()
    {
        const SlaPolicy sla;
        const qint64 created = 1000000;
        // P1: 2 h first response. 30 min in: fine; 1h45 in: at risk; 3 h in: breached.
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Open, created, 0, created + 1800).level, SlaState::Level::Ok);
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Open, created, 0, created + 6300).level, SlaState::Level::AtRisk);
        const SlaState late = sla.evaluate(Priority::P1, TicketStatus::New, created, 0, created + 3 * 3600);
        QCOMPARE(late.level, SlaState::Level::Breached);
        QVERIFY(late.firstResponse);
        QCOMPARE(late.remaining(created + 3 * 3600), qint64(-3600));
    }
    void afterTheReply_theResolutionClockRuns()
    {
        const SlaPolicy sla;
        const qint64 created = 1000000;
        const SlaState s = sla.evaluate(Priority::P0, TicketStatus::Open, created, created + 600, created + 3600);
        QVERIFY(!s.firstResponse);
        QCOMPARE(s.dueAt, created + 4 * 3600);
        QCOMPARE(s.level, SlaState::Level::Ok);
    }
    void noClock_forSolvedPendingUnprioritisedOrVariable()
    {
        const SlaPolicy sla;
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Solved, 1, 0, 99999999).level, SlaState::Level::None);
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Pending, 1, 0, 99999999).level, SlaState::Level::None);
        QCOMPARE(sla.evaluate(std::nullopt, TicketStatus::Open, 1, 0, 99999999).level, SlaState::Level::None);
        // P3 resolution is "variable": after the first reply there is no clock.
        QCOMPARE(sla.evaluate(Priority::P3, TicketStatus::Open, 1, 2, 99999999).level, SlaState::Level::None);
    }
    void businessHours_skipTheWeekendAndFollowDst()
    {
        // Berlin, Monday to Friday 09:00-18:00. Friday 27 March 2026 17:00 CET (16:00 UTC); summer time
        // starts on Sunday the 29th, so Monday opens at 09:00 CEST = 07:00 UTC.
        triage::SlaTable table;
        table.clock = triage::SlaTable::Clock::Business;
        table.businessHours.timezone = "Europe/Berlin";
        const qint64 friday = utc(2026, 3, 27, 16, 0), monday = utc(2026, 3, 30, 7, 0);
        const BusinessCalendar cal(table.businessHours, friday - 30 * 86400, friday + 30 * 86400);
        QVERIFY(cal.isValid());
        QCOMPARE(cal.businessSecondsBetween(friday, monday), qint64(3600));
        QCOMPARE(cal.businessSecondsBetween(utc(2026, 3, 28, 10, 0), utc(2026, 3, 29, 20, 0)), qint64(0)); // the weekend
        QCOMPARE(cal.addBusinessSeconds(friday, 2 * 3600), utc(2026, 3, 30, 8, 0));
        // Winter time ends on Sunday 25 October: Monday 09:00 CET is 08:00 UTC, the day still 9 h.
        const BusinessCalendar autumn(table.businessHours, utc(2026, 10, 1, 0, 0), utc(2026, 11, 1, 0, 0));
        QCOMPARE(autumn.businessSecondsBetween(utc(2026, 10, 23, 16, 0), utc(2026, 10, 26, 8, 0)), qint64(0));
        QCOMPARE(autumn.businessSecondsBetween(utc(2026, 10, 23, 15, 0), utc(2026, 10, 26, 9, 0)), qint64(2 * 3600));
        QCOMPARE(autumn.businessSecondsBetween(utc(2026, 10, 26, 0, 0), utc(2026, 10, 27, 0, 0)), qint64(9 * 3600));
        QCOMPARE(autumn.addBusinessSeconds(utc(2026, 10, 23, 15, 0), 2 * 3600), utc(2026, 10, 26, 9, 0));

        const SlaPolicy sla(table, 0.25, friday - 30 * 86400, friday + 30 * 86400);
        QVERIFY(sla.isBusinessClock());
        // P1, 2 h first response: due Monday 10:00 CEST; on Sunday an hour is still left.
        const SlaState sunday = sla.evaluate(Priority::P1, TicketStatus::Open, friday, 0, 0, friday, utc(2026, 3, 29, 12, 0));
        QCOMPARE(sunday.dueAt, utc(2026, 3, 30, 8, 0));
        QCOMPARE(sunday.left, qint64(3600));
        QCOMPARE(sunday.level, SlaState::Level::Ok);
        const SlaState late = sla.evaluate(Priority::P1, TicketStatus::Open, friday, 0, 0, friday, utc(2026, 3, 30, 8, 30));
        QCOMPARE(late.level, SlaState::Level::Breached);
        QCOMPARE(late.left, qint64(-1800));
        // The same ticket on a calendar clock was due on Friday night.
        QCOMPARE(SlaPolicy().evaluate(Priority::P1, TicketStatus::Open, friday, 0, 0, friday, utc(2026, 3, 29, 12, 0)).level,
                 SlaState::Level::Breached);
    }
    void unknownTimeZone_fallsBackToUtc()
    {
        triage::SlaTable::BusinessHours h;
        h.timezone = "Mars/Olympus";
        const BusinessCalendar cal(h, utc(2026, 1, 5, 0, 0), utc(2026, 1, 12, 0, 0));
        QVERIFY(!cal.isValid());
        QCOMPARE(cal.businessSecondsBetween(utc(2026, 1, 5, 0, 0), utc(2026, 1, 6, 0, 0)), qint64(9 * 3600));
    }
    void pausedStatus_showsAStoppedClockNotABreach()
    {
        const SlaPolicy sla; // pending pauses by default
        const qint64 created = 1000000;
        // P1 first response (2 h): pending after 1 h, looked at 10 h later.
        const SlaState s = sla.evaluate(Priority::P1, TicketStatus::Pending, created, 0, 0, created + 3600, created + 36000);
        QVERIFY(s.paused);
        QCOMPARE(s.level, SlaState::Level::None);
        QCOMPARE(s.left, qint64(3600));
        QCOMPARE(s.dueAt, created + 36000 + 3600); // if it ran again now
        // Hold is paused only when the profile says so.
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Hold, created, 0, 0, created + 3600, created + 36000).level,
                 SlaState::Level::Breached);
        triage::SlaTable table;
        table.pausedStatuses = {"pending", "hold"};
        const SlaPolicy both(table);
        QVERIFY(both.evaluate(Priority::P1, TicketStatus::Hold, created, 0, 0, created + 3600, created + 36000).paused);
        QVERIFY(!both.evaluate(Priority::P1, TicketStatus::Open, created, 0, 0, created + 3600, created + 36000).paused);
    }
    void reopenedTicket_runsAFreshResolutionClockFromItsSolve()
    {
        const SlaPolicy sla;
        const qint64 t = 1000000, h = 3600;
        // P1 (24 h resolution): replied after 1 h, solved after 10 h, reopened; 20 h after creation
        // 14 h of the new clock are left (from the creation only 4 h would be, "at risk").
        const SlaState s = sla.evaluate(Priority::P1, TicketStatus::Open, t, t + h, t + 10 * h, t + 15 * h, t + 20 * h);
        QVERIFY(!s.firstResponse);
        QCOMPARE(s.dueAt, t + 34 * h);
        QCOMPARE(s.left, 14 * h);
        QCOMPARE(s.level, SlaState::Level::Ok);
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Open, t, t + h, t + 10 * h, t + 15 * h, t + 40 * h).level,
                 SlaState::Level::Breached);
        // Solved again: no clock.
        QCOMPARE(sla.evaluate(Priority::P1, TicketStatus::Solved, t, t + h, t + 10 * h, t + 15 * h, t + 40 * h).level,
                 SlaState::Level::None);
    }
    void formatDuration_readsLikeACountdown()
    {
        QCOMPARE(formatDuration(59), QStringLiteral("0m"));
        QCOMPARE(formatDuration(4800), QStringLiteral("1h 20m"));
        QCOMPARE(formatDuration(3 * 86400 + 4 * 3600), QStringLiteral("3d 4h"));
        QCOMPARE(formatDuration(-2700), QStringLiteral("-45m"));
    }
};

QTEST_APPLESS_MAIN(SlaPolicyTest)
#include "slapolicy_test.moc"
