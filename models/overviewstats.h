#pragma once

#include "draftoutcomes.h"
#include "forecast.h"
#include "ticket.h"

#include <triage/sla.h>

#include <QString>

#include <array>
#include <utility>
#include <vector>

namespace cosmicdesk::models {

struct QueueData;

// What the supervisor overview is computed with. Plain values: the caller (OverviewService) fills
// them from the profile and the settings. Definitions of every figure: docs/overview.md.
struct OverviewConfig
{
    triage::SlaTable sla;      // targets, clock (calendar/business hours), paused statuses
    double atRiskShare = 0.25; // "at risk" once less than this share of the target is left
    std::array<std::pair<double, double>, triage::kPriorityCount> calibrationTargets{
        {{5, 7}, {25, 30}, {40, 50}, {15, 25}}}; // percent, from triage::Profile::calibrationTargets
    int agentsOnShift = 0;                       // 0: the distinct assignees of tickets updated in the last 8 h
    double handlingSecs = 0;                     // mean handling time; 0: kDefaultHandlingSecs
    bool handlingMeasured = false;               // the caller measured handlingSecs (shown beside the staffing)
    double serviceLevelTarget = 0.8;             // share of tickets to answer within answerTargetSecs
    qint64 answerTargetSecs = 0;                 // 0: the P2 first-response target
    qint64 now = 0;                              // Unix seconds; 0: the current time
    int listLimit = 200;                         // entries kept in each ticket list
    int threads = 0;                             // 0: one per core
};

inline constexpr double kDefaultHandlingSecs = 600;
inline constexpr int kOverviewDays = 14;
inline constexpr int kOverviewHours = kOverviewDays * 24; // 336
inline constexpr int kForecastHours = 72;
inline constexpr int kPriorityRows = triage::kPriorityCount + 1; // P0..P3, then "no priority"

// One ticket on an SLA list. `row` is the ticket's row in the QueueData the stats were computed on.
struct SlaEntry
{
    qint64 ticketId = 0;
    quint32 row = 0;
    quint8 priority = 0;        // effective priority 0-3
    bool firstResponse = false; // which clock: first response, else resolution
    qint64 dueAt = 0;           // Unix seconds (in business hours when the clock is "business")
    qint64 remainingSecs = 0;   // clock seconds left, negative when overdue
};

// Open (active) tickets of one agent or team. `key` is the person index (QueueData::people) for
// agents, the team index (QueueData::teams) for teams; 0 is "unassigned" / "no team".
struct LoadEntry
{
    quint32 key = 0;
    qint64 id = 0; // agents: the user's id (for the queue's assignee filter); teams: 0
    QString name;
    qint64 active = 0;
    std::array<qint64, kPriorityRows> byPriority{};
    qint64 breached = 0;
};

struct GuardianEntry
{
    qint64 ticketId = 0;
    quint32 row = 0;
    quint32 account = 0; // QueueData::accounts index
    QString accountName;
    quint8 level = 0; // 1 watch, 2 alert, 3 critical
    quint8 score = 0; // 0-100
    qint64 mrrCents = 0;
    double riskMrr = 0; // score / 100 × MRR in dollars: the order of the list
};

struct OpportunityEntry
{
    qint64 ticketId = 0;
    quint32 row = 0;
    quint32 account = 0;
    QString accountName;
    quint8 score = 0;
    qint64 mrrCents = 0;
};

struct DayAgreement
{
    qint64 dayStart = 0; // Unix seconds, UTC midnight
    qint64 agreeing = 0;
    qint64 compared = 0;
};

struct TeamAccuracy
{
    quint32 team = 0; // the actual group, QueueData::teams index
    QString name;
    qint64 agreeing = 0; // suggested team == actual group
    qint64 compared = 0;
};

struct OverviewStats
{
    qint64 now = 0;
    qint64 tickets = 0; // rows looked at
    qint64 active = 0;  // new, open, pending, hold

    // Backlog of active tickets. Priority is the effective one (the agent's, else the suggested);
    // row kPriorityRows - 1 is "none".
    std::array<std::array<qint64, kTicketStatusCount>, kPriorityRows> byPriorityStatus{};
    std::array<qint64, kTicketStatusCount> byStatus{}; // every ticket, by status
    std::vector<qint64> activeByTeam;                  // by QueueData::teams index
    std::vector<QString> teamNames;                    // QueueData::teams, for labels

    // Volume: tickets created and solved per hour, hourStart[0] = the oldest hour, the last bucket is
    // the current (partial) hour.
    qint64 hourStart = 0;
    std::vector<quint32> createdPerHour; // kOverviewHours
    std::vector<quint32> solvedPerHour;  // kOverviewHours

    // SLA: most urgent first (least time left), at most listLimit each; totals count them all.
    std::vector<SlaEntry> breached;
    std::vector<SlaEntry> atRisk;
    qint64 breachedTotal = 0, atRiskTotal = 0, pausedTotal = 0, onTrackTotal = 0;
    std::array<qint64, triage::kPriorityCount> breachedByPriority{};

    // Load of active tickets, busiest first; agents are people assigned an active ticket.
    std::vector<LoadEntry> agents;
    std::vector<LoadEntry> teams;

    std::vector<GuardianEntry> guardian;       // active tickets with a Guardian level, by riskMrr
    std::vector<OpportunityEntry> opportunity; // active tickets with an Opportunity score, by MRR
    qint64 guardianTotal = 0, opportunityTotal = 0;
    double opportunityMrr = 0; // dollars, distinct accounts of the pipeline

    // Priority mix of active tickets (effective priority) against the calibration targets.
    std::array<qint64, triage::kPriorityCount> mixCount{};
    std::array<double, triage::kPriorityCount> mixPercent{};
    std::array<std::pair<double, double>, triage::kPriorityCount> mixTarget{};

    // Triage quality: tickets with both an agent's and a suggested priority, by creation day.
    std::vector<DayAgreement> agreementByDay;                                                   // kOverviewDays, oldest first
    qint64 agreeing = 0, compared = 0;                                                          // over the same 14 days
    std::array<std::array<qint64, triage::kPriorityCount>, triage::kPriorityCount> confusion{}; // [agent's][suggested]
    std::vector<TeamAccuracy> teamAccuracy; // tickets with a suggested team and a group, by group
    qint64 teamAgreeing = 0, teamCompared = 0;
    DraftOutcomes drafts;

    // Forecast and staffing.
    VolumeForecast forecast;
    int agentsOnShift = 0; // as used
    bool agentsMeasured = false;
    double handlingSecs = 0; // as used
    bool handlingMeasured = false;
    qint64 answerTargetSecs = 0;
    double serviceLevelTarget = 0;

    // Per row of the data: the probability that the ticket misses its SLA; 0 without a running clock
    // (solved, paused, no priority), 1 when breached.
    std::vector<float> breachRisk;
    // The same for the tickets with a running clock only, in row order: what
    // TicketQueueModel::setBreachRisk() takes (every other ticket shows no value).
    std::vector<qint64> riskTicketIds;
    std::vector<float> riskValues;

    double computeMs = 0;
    QString source; // where the figures come from ("the local store", "Snowflake"), for the tab
};

// Computes every figure in one pass over the rows (in parallel by row range) and a few small
// sorts. The caller holds data.lock for reading.
OverviewStats computeOverview(const QueueData &data, const OverviewConfig &cfg, const DraftOutcomes &drafts = {});

} // namespace cosmicdesk::models
