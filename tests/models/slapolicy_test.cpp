#include <models/slapolicy.h>

#include <QTest>

using namespace cosmicdesk::models;
using cosmicdesk::triage::Priority;

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
