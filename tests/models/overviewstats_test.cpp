#include <models/erlang.h>
#include <models/overviewstats.h>
#include <models/queuedata.h>

#include <QDateTime>
#include <QTest>

#include <memory>

#include <cmath>

using namespace cosmicdesk::models;

namespace {

const qint64 kNow = QDateTime(QDate(2026, 12, 2), QTime(12, 30), Qt::UTC).toSecsSinceEpoch(); // a Wednesday
constexpr qint64 h = 3600;
constexpr quint8 kOpen = 1, kNew = 0, kPending = 2, kHold = 3, kSolved = 4;

struct Spec
{
    qint64 id;
    quint8 priority, suggested, status;
    qint64 createdAgo;
    qint64 repliedAgo = -1, solvedAgo = -1, updatedAgo = -1;
    qint64 assignee = 0, group = 0, org = 1;
    QString suggestedTeam = {};
    quint8 guardian = 0, guardianScore = 0, opportunity = 0;
};

QueueData::Row rowOf(const Spec &s)
{
    QueueData::Row r;
    r.id = s.id;
    r.subject = QStringLiteral("Ticket %1").arg(s.id);
    r.priority = s.priority;
    r.suggested = s.suggested;
    r.status = s.status;
    r.createdAt = kNow - s.createdAgo;
    r.firstReplyAt = s.repliedAgo >= 0 ? kNow - s.repliedAgo : 0;
    r.solvedAt = s.solvedAgo >= 0 ? kNow - s.solvedAgo : 0;
    r.updatedAt = kNow - (s.updatedAgo >= 0 ? s.updatedAgo : s.createdAgo);
    r.requesterId = 100 + s.id;
    r.requesterName = QStringLiteral("Customer %1").arg(s.id);
    r.assigneeId = s.assignee;
    r.assigneeName = s.assignee == 501 ? QStringLiteral("Ann") : s.assignee == 502 ? QStringLiteral("Bob") : QString();
    r.groupId = s.group;
    r.groupName = s.group == 10 ? QStringLiteral("Integrations & API") : s.group == 11 ? QStringLiteral("Data & Analytics") : QString();
    r.organizationId = s.org;
    r.organizationName = QStringLiteral("Org %1").arg(s.org);
    r.organizationMrrCents = s.org * 100000; // $1,000 per org number
    r.suggestedTeam = s.suggestedTeam;
    r.guardian = s.guardian;
    r.guardianScore = s.guardianScore;
    r.opportunity = s.opportunity;
    return r;
}

// Eight tickets whose figures are worked out by hand in the tests below (calendar clock, the
// default SLA table: P0 30 min / 4 h, P1 2 h / 24 h, P2 8 h / 3 d, P3 24 h / none).
std::unique_ptr<QueueData> fixture()
{
    const QString da = QStringLiteral("Data & Analytics"), ia = QStringLiteral("Integrations & API");
    const Spec specs[] = {
        // P1 open, 3 h old, no reply: first response 1 h overdue. Guardian alert 80 on $1k.
        {1, 1, 1, kOpen, 3 * h, -1, -1, -1, 501, 11, 1, da, 2, 80, 0},
        // P2 new, 7 h old: 1 h of 8 left, at risk.
        {2, 2, 2, kNew, 7 * h, -1, -1, -1, 0, 10, 1, ia},
        // P1 pending since 4 h ago: paused.
        {3, 1, 1, kPending, 5 * h, -1, -1, 4 * h, 501, 11, 1},
        // P3 solved; the engine said P2 and the wrong team.
        {4, 3, 2, kSolved, 30 * h, 29 * h, 20 * h, 20 * h, 0, 10, 1, da},
        // P0 open, 25 min old: 5 of 30 min left, at risk. Guardian critical 90 on $2k, opportunity 50.
        {5, 0, 1, kOpen, 25 * 60, -1, -1, -1, 502, 11, 2, {}, 3, 90, 50},
        // No priority at all: no clock. Opportunity 70 on $3k; a team no group has.
        {6, 0xFF, 0xFF, kOpen, 1 * h, -1, -1, -1, 0, 0, 3, QStringLiteral("Compliance & Operations"), 0, 0, 70},
        // P2 reopened: solved 50 h ago, so 22 h of a fresh 72 h resolution clock are left.
        {7, 2, 2, kOpen, 100 * h, 99 * h, 50 * h, 10 * h, 502, 11, 1},
        // P1 on hold (not a paused status by default), replied: resolution 6 h overdue.
        {8, 1, 1, kHold, 30 * h, 29 * h, -1, 20 * h, 501, 10, 1},
    };
    auto d = std::make_unique<QueueData>();
    for (const Spec &s : specs)
        d->upsert(rowOf(s));
    return d;
}

OverviewConfig config()
{
    OverviewConfig c;
    c.now = kNow;
    c.handlingSecs = 600;
    return c;
}

QList<qint64> ids(const std::vector<SlaEntry> &v)
{
    QList<qint64> out;
    for (const auto &e : v)
        out.append(e.ticketId);
    return out;
}

} // namespace

class OverviewStatsTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backlog_countsActiveTicketsByPriorityStatusAndTeam()
    {
        const auto data = fixture();
        const QueueData &d = *data;
        const OverviewStats s = computeOverview(d, config());
        QCOMPARE(s.tickets, qint64(8));
        QCOMPARE(s.active, qint64(7));
        QCOMPARE(s.byStatus[kNew], qint64(1));
        QCOMPARE(s.byStatus[kOpen], qint64(4));
        QCOMPARE(s.byStatus[kPending], qint64(1));
        QCOMPARE(s.byStatus[kHold], qint64(1));
        QCOMPARE(s.byStatus[kSolved], qint64(1));
        QCOMPARE(s.byPriorityStatus[1][kOpen], qint64(1));   // ticket 1
        QCOMPARE(s.byPriorityStatus[1][kHold], qint64(1));   // ticket 8
        QCOMPARE(s.byPriorityStatus[0][kOpen], qint64(1));   // ticket 5
        QCOMPARE(s.byPriorityStatus[4][kOpen], qint64(1));   // ticket 6, no priority
        QCOMPARE(s.byPriorityStatus[3][kSolved], qint64(0)); // solved is not backlog
        QCOMPARE(s.teams.size(), std::size_t(3));
        QCOMPARE(s.teams[0].name, QStringLiteral("Data & Analytics")); // 1, 3, 5, 7
        QCOMPARE(s.teams[0].active, qint64(4));
        QCOMPARE(s.teams[1].name, QStringLiteral("Integrations & API")); // 2, 8
        QCOMPARE(s.teams[1].active, qint64(2));
        QCOMPARE(s.teams[1].breached, qint64(1));
        QCOMPARE(s.teams[2].key, quint32(0)); // ticket 6: no team
        QCOMPARE(s.teamNames[s.teams[0].key], QStringLiteral("Data & Analytics"));
    }
    void volume_bucketsByHour()
    {
        const OverviewStats s = computeOverview(*fixture(), config());
        QCOMPARE(s.createdPerHour.size(), std::size_t(kOverviewHours));
        QCOMPARE(s.hourStart, (kNow / h - (kOverviewHours - 1)) * h);
        QCOMPARE(s.createdPerHour[335], quint32(1));      // ticket 5, 12:05
        QCOMPARE(s.createdPerHour[334], quint32(1));      // ticket 6, 11:30
        QCOMPARE(s.createdPerHour[332], quint32(1));      // ticket 1, 09:30
        QCOMPARE(s.createdPerHour[335 - 30], quint32(2)); // tickets 4 and 8
        QCOMPARE(s.solvedPerHour[335 - 20], quint32(1));  // ticket 4
        QCOMPARE(s.solvedPerHour[335 - 50], quint32(1));  // ticket 7, before it was reopened
        quint32 total = 0;
        for (quint32 n : s.createdPerHour)
            total += n;
        QCOMPARE(total, quint32(8));
    }
    void sla_listsAreMostUrgentFirst()
    {
        const OverviewStats s = computeOverview(*fixture(), config());
        QCOMPARE(ids(s.breached), (QList<qint64>{8, 1}));
        QCOMPARE(s.breached[0].remainingSecs, -6 * h);
        QVERIFY(!s.breached[0].firstResponse);
        QCOMPARE(s.breached[1].remainingSecs, -1 * h);
        QVERIFY(s.breached[1].firstResponse);
        QCOMPARE(s.breached[1].dueAt, kNow - h);
        QCOMPARE(ids(s.atRisk), (QList<qint64>{5, 2}));
        QCOMPARE(s.atRisk[0].remainingSecs, qint64(300));
        QCOMPARE(s.breachedTotal, qint64(2));
        QCOMPARE(s.atRiskTotal, qint64(2));
        QCOMPARE(s.pausedTotal, qint64(1));  // ticket 3
        QCOMPARE(s.onTrackTotal, qint64(1)); // ticket 7
        QCOMPARE(s.breachedByPriority[1], qint64(2));
        OverviewConfig one = config();
        one.listLimit = 1;
        const OverviewStats capped = computeOverview(*fixture(), one);
        QCOMPARE(ids(capped.breached), QList<qint64>{8});
        QCOMPARE(capped.breachedTotal, qint64(2));
    }
    void load_perAgentBusiestFirst()
    {
        const auto data = fixture();
        const QueueData &d = *data;
        const OverviewStats s = computeOverview(d, config());
        QCOMPARE(s.agents.size(), std::size_t(2));
        QCOMPARE(s.agents[0].name, QStringLiteral("Ann")); // 1, 3, 8
        QCOMPARE(s.agents[0].active, qint64(3));
        QCOMPARE(s.agents[0].breached, qint64(2));
        QCOMPARE(s.agents[0].byPriority[1], qint64(3));
        QCOMPARE(s.agents[1].name, QStringLiteral("Bob")); // 5, 7
        QCOMPARE(s.agents[1].active, qint64(2));
        QCOMPARE(d.people[s.agents[1].key].name, QStringLiteral("Bob"));
        QVERIFY(s.agentsMeasured);
        QCOMPARE(s.agentsOnShift, 2); // both updated a ticket in the last 8 h
    }
    void guardianAndOpportunity_orders()
    {
        const OverviewStats s = computeOverview(*fixture(), config());
        QCOMPARE(s.guardian.size(), std::size_t(2));
        QCOMPARE(s.guardian[0].ticketId, qint64(5)); // 0.9 × $2,000 = 1,800
        QCOMPARE(s.guardian[0].riskMrr, 1800.0);
        QCOMPARE(s.guardian[0].accountName, QStringLiteral("Org 2"));
        QCOMPARE(s.guardian[1].ticketId, qint64(1)); // 0.8 × $1,000 = 800
        QCOMPARE(s.guardian[1].level, quint8(2));
        QCOMPARE(s.opportunity.size(), std::size_t(2));
        QCOMPARE(s.opportunity[0].ticketId, qint64(6)); // $3,000
        QCOMPARE(s.opportunity[1].ticketId, qint64(5)); // $2,000
        QCOMPARE(s.opportunityMrr, 5000.0);
    }
    void priorityMix_andTriageQuality()
    {
        DraftOutcomes drafts;
        drafts.unchanged = 3;
        drafts.edited = 2;
        drafts.discarded = 1;
        const OverviewStats s = computeOverview(*fixture(), config(), drafts);
        // Active with a priority: P0 {5}, P1 {1, 3, 8}, P2 {2, 7}.
        QCOMPARE(s.mixCount[1], qint64(3));
        QCOMPARE(s.mixPercent[1], 50.0);
        QCOMPARE(s.mixTarget[1].first, 25.0);
        // Both priorities known: 1, 2, 3, 4, 5, 7, 8; 4 (P3 vs P2) and 5 (P0 vs P1) disagree.
        QCOMPARE(s.compared, qint64(7));
        QCOMPARE(s.agreeing, qint64(5));
        QCOMPARE(s.confusion[3][2], qint64(1));
        QCOMPARE(s.confusion[0][1], qint64(1));
        QCOMPARE(s.confusion[1][1], qint64(3));
        QCOMPARE(s.agreementByDay.size(), std::size_t(kOverviewDays));
        QCOMPARE(s.agreementByDay.back().compared, qint64(4)); // 1, 2, 3, 5 created today
        QCOMPARE(s.agreementByDay.back().agreeing, qint64(3));
        // Teams: 1 and 2 right, 4 wrong; 6 has no group to compare with.
        QCOMPARE(s.teamCompared, qint64(3));
        QCOMPARE(s.teamAgreeing, qint64(2));
        QCOMPARE(s.drafts.edited, qint64(2));
    }
    void breachRisk_byRow()
    {
        const auto data = fixture();
        const QueueData &d = *data;
        const OverviewStats s = computeOverview(d, config());
        QCOMPARE(s.breachRisk.size(), std::size_t(8));
        auto risk = [&](qint64 id) { return s.breachRisk[static_cast<std::size_t>(d.rowOf(id))]; };
        QCOMPARE(risk(1), 1.0f);
        QCOMPARE(risk(8), 1.0f);
        QCOMPARE(risk(3), 0.0f); // paused
        QCOMPARE(risk(4), 0.0f); // solved
        QCOMPARE(risk(6), 0.0f); // no clock
        // Ticket 5 has the two breached tickets ahead and two agents: it is taken at the first
        // completion (rate 2/600 s), 300 s left: e^-1.
        QVERIFY(std::abs(risk(5) - std::exp(-1.0)) < 1e-6);
        QVERIFY(risk(2) > 0 && risk(2) < risk(5));
        // Only tickets with a running clock (or breached) are named for the queue, in row order.
        QCOMPARE(QList<qint64>(s.riskTicketIds.begin(), s.riskTicketIds.end()), (QList<qint64>{1, 2, 5, 7, 8}));
        QCOMPARE(s.riskValues[2], risk(5));
        // Fewer agents, more risk.
        OverviewConfig one = config();
        one.agentsOnShift = 1;
        const OverviewStats s1 = computeOverview(d, one);
        QVERIFY(s1.breachRisk[static_cast<std::size_t>(d.rowOf(5))] > risk(5));
        QVERIFY(!s1.agentsMeasured);
    }
    void forecast_andStaffing()
    {
        const OverviewStats s = computeOverview(*fixture(), config());
        QCOMPARE(s.forecast.perHour.size(), std::size_t(kForecastHours));
        QCOMPARE(s.forecast.startAt, kNow / h * h);
        QCOMPARE(s.forecast.agentsNeeded.size(), std::size_t(kForecastHours));
        QVERIFY(s.forecast.peakHours[0] >= 0);
        QCOMPARE(s.forecast.backtestMape, -1.0);     // 100 h of history: too little to backtest
        QCOMPARE(s.answerTargetSecs, qint64(8 * h)); // P2's first response
        for (int k = 0; k < kForecastHours; ++k) {
            const double rate = s.forecast.perHour[static_cast<std::size_t>(k)];
            const int agents = s.forecast.agentsNeeded[static_cast<std::size_t>(k)];
            QCOMPARE(agents, (ErlangC{rate, 600}.agentsFor(0.8, 8 * h)));
        }
    }
    void emptyQueue_givesEmptyFigures()
    {
        const QueueData d;
        const OverviewStats s = computeOverview(d, config());
        QCOMPARE(s.tickets, qint64(0));
        QCOMPARE(s.createdPerHour.size(), std::size_t(kOverviewHours));
        QVERIFY(s.breached.empty() && s.agents.empty() && s.breachRisk.empty());
        QVERIFY(s.forecast.perHour.empty()); // no history, no forecast
        QCOMPARE(s.forecast.backtestMape, -1.0);
        QCOMPARE(s.mixPercent[0], 0.0);
    }
    void parallelRanges_giveTheSameAnswer()
    {
        // The same 200,000 rows counted on one thread and on four.
        QueueData d;
        for (int i = 0; i < 200000; ++i) {
            Spec sp{1000 + i,
                    static_cast<quint8>(i % 4),
                    static_cast<quint8>((i / 3) % 4),
                    static_cast<quint8>(i % 6),
                    (i % 500) * 600,
                    i % 3 ? (i % 500) * 300 : -1,
                    -1,
                    -1,
                    501 + i % 2,
                    10 + i % 2,
                    1 + i % 3};
            d.upsert(rowOf(sp));
        }
        OverviewConfig c = config();
        c.threads = 1;
        const OverviewStats a = computeOverview(d, c);
        c.threads = 4;
        const OverviewStats b = computeOverview(d, c);
        QCOMPARE(a.byPriorityStatus, b.byPriorityStatus);
        QCOMPARE(a.createdPerHour, b.createdPerHour);
        QCOMPARE(ids(a.breached), ids(b.breached));
        QCOMPARE(ids(a.atRisk), ids(b.atRisk));
        QCOMPARE(a.breachedTotal, b.breachedTotal);
        QCOMPARE(a.breachRisk, b.breachRisk);
        QCOMPARE(a.agents.size(), b.agents.size());
        QCOMPARE(a.agents[0].active, b.agents[0].active);
        QCOMPARE(a.confusion, b.confusion);
    }
};

QTEST_APPLESS_MAIN(OverviewStatsTest)
#include "overviewstats_test.moc"
