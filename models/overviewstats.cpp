#include "overviewstats.h"

#include "staffingforecast.h"

#include "erlang.h"
#include "queuedata.h"
#include "slapolicy.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <thread>

namespace cosmicdesk::models {

namespace {

constexpr int kHistoryHours = 8 * 7 * 24; // the forecast is fitted on up to eight weeks
constexpr qint64 kShiftWindowSecs = 8 * 3600;
constexpr std::size_t kNoneRow = kPriorityRows - 1;

struct AgentCounts
{
    quint32 person = 0;
    qint64 active = 0;
    std::array<qint64, kPriorityRows> byPriority{};
    qint64 breached = 0;
};

// A clocked, workable ticket, for the queue order of the breach risk.
struct Clocked
{
    qint64 dueAt;
    quint32 row;
    bool firstResponse;
    qint64 left;
};

// What one thread counts over its range of rows; merged afterwards.
struct Partial
{
    std::array<std::array<qint64, kTicketStatusCount>, kPriorityRows> byPriorityStatus{};
    std::array<qint64, kTicketStatusCount> byStatus{};
    std::vector<qint64> activeByTeam;
    std::vector<qint64> breachedByTeam;
    std::vector<std::array<qint64, kPriorityRows>> teamByPriority;
    std::vector<quint32> created;                             // kHistoryHours + 1 (the current hour last)
    std::vector<quint32> solved;                              // kOverviewHours
    std::vector<std::pair<qint64, quint32>> breached, atRisk; // (left, row)
    qint64 paused = 0, onTrack = 0;
    std::array<qint64, triage::kPriorityCount> breachedByPriority{};
    triage::FlatHashMap<quint32> agentSlot; // person → index into agents
    std::vector<AgentCounts> agents;
    triage::FlatHashMap<quint32> onShift; // people assigned a ticket updated in the last 8 h
    std::vector<quint32> onShiftPeople;
    std::vector<std::pair<double, quint32>> guardian;    // (risk × MRR, row)
    std::vector<std::pair<qint64, quint32>> opportunity; // (MRR, row)
    std::array<qint64, triage::kPriorityCount> mix{};
    std::vector<DayAgreement> days;
    std::array<std::array<qint64, triage::kPriorityCount>, triage::kPriorityCount> confusion{};
    std::vector<std::pair<qint64, qint64>> teamAccuracy; // by team: (agreeing, compared)
    std::vector<Clocked> clocked;
    qint64 earliestCreated = std::numeric_limits<qint64>::max();
};

struct Context
{
    const QueueData &d;
    const SlaPolicy &sla;
    qint64 now;
    qint64 currentHour;                 // index: Unix seconds / 3600
    qint64 firstDay;                    // Unix seconds of the oldest agreement day
    std::vector<quint32> canonicalTeam; // the first team index of each team name
};

void countRange(const Context &c, std::size_t from, std::size_t to, Partial &p)
{
    const QueueData &d = c.d;
    const std::size_t teams = d.teams.size();
    p.activeByTeam.assign(teams, 0);
    p.breachedByTeam.assign(teams, 0);
    p.teamByPriority.assign(teams, {});
    p.teamAccuracy.assign(teams, {0, 0});
    p.created.assign(kHistoryHours + 1, 0);
    p.solved.assign(kOverviewHours, 0);
    p.days.assign(kOverviewDays, {});
    const qint64 firstHistoryHour = c.currentHour - kHistoryHours;
    const qint64 firstViewHour = c.currentHour - (kOverviewHours - 1);
    const qint64 shiftStart = c.now - kShiftWindowSecs;
    const qint64 daysEnd = c.firstDay + kOverviewDays * 86400;

    for (std::size_t r = from; r < to; ++r) {
        const quint8 st = d.status[r];
        const auto status = static_cast<TicketStatus>(st);
        const qint64 created = d.createdAt[r];
        if (st < kTicketStatusCount)
            ++p.byStatus[st];
        if (created > 0) {
            p.earliestCreated = std::min(p.earliestCreated, created);
            const qint64 h = created / 3600 - firstHistoryHour;
            if (h >= 0 && h <= kHistoryHours)
                ++p.created[static_cast<std::size_t>(h)];
        }
        if (const qint64 solvedAt = d.solvedAt[r]; solvedAt > 0) {
            const qint64 h = solvedAt / 3600 - firstViewHour;
            if (h >= 0 && h < kOverviewHours)
                ++p.solved[static_cast<std::size_t>(h)];
        }
        const quint32 assignee = d.assignee[r];
        if (assignee != 0 && d.updatedAt[r] >= shiftStart && !p.onShift.find(assignee)) {
            p.onShift.insert(assignee, 1);
            p.onShiftPeople.push_back(assignee);
        }

        const quint8 agentP = d.priority[r], suggestedP = d.suggested[r];
        // Triage quality over the last 14 days of created tickets.
        if (agentP < triage::kPriorityCount && suggestedP < triage::kPriorityCount && created >= c.firstDay && created < daysEnd) {
            DayAgreement &day = p.days[static_cast<std::size_t>((created - c.firstDay) / 86400)];
            ++day.compared;
            day.agreeing += agentP == suggestedP;
            ++p.confusion[agentP][suggestedP];
        }
        if (const quint16 sTeam = d.suggestedTeam[r], team = d.team[r]; sTeam != 0 && team != 0 && created >= c.firstDay) {
            auto &acc = p.teamAccuracy[team];
            ++acc.second;
            acc.first += c.canonicalTeam[sTeam] == c.canonicalTeam[team];
        }

        if (!isActive(status))
            continue;
        const quint8 eff = agentP != kNoPriority ? agentP : suggestedP;
        const std::size_t prow = eff < triage::kPriorityCount ? eff : kNoneRow;
        ++p.byPriorityStatus[prow][st];
        if (prow != kNoneRow)
            ++p.mix[prow];
        const quint16 team = d.team[r];
        ++p.activeByTeam[team];
        ++p.teamByPriority[team][prow];

        const SlaState s = c.sla.evaluate(eff < triage::kPriorityCount ? std::optional(static_cast<triage::Priority>(eff)) : std::nullopt,
                                          status, created, d.firstReplyAt[r], d.solvedAt[r], d.updatedAt[r], c.now);
        const bool breached = s.level == SlaState::Level::Breached;
        if (s.paused)
            ++p.paused;
        else if (breached) {
            p.breached.emplace_back(s.left, static_cast<quint32>(r));
            ++p.breachedByPriority[eff];
            ++p.breachedByTeam[team];
        } else if (s.level == SlaState::Level::AtRisk)
            p.atRisk.emplace_back(s.left, static_cast<quint32>(r));
        else if (s.level == SlaState::Level::Ok)
            ++p.onTrack;
        if (s.level != SlaState::Level::None)
            p.clocked.push_back({s.dueAt, static_cast<quint32>(r), s.firstResponse, s.left});

        if (assignee != 0) {
            quint32 *slot = p.agentSlot.find(assignee);
            if (!slot) {
                p.agentSlot.insert(assignee, static_cast<quint32>(p.agents.size()));
                p.agents.push_back({assignee, 0, {}, 0});
                slot = p.agentSlot.find(assignee);
            }
            AgentCounts &a = p.agents[*slot];
            ++a.active;
            ++a.byPriority[prow];
            a.breached += breached;
        }
        if (d.guardian[r] > 0) {
            const double mrr = static_cast<double>(d.mrrCents(r)) / 100.0;
            p.guardian.emplace_back(d.guardianScore[r] / 100.0 * mrr, static_cast<quint32>(r));
        }
        if (d.opportunity[r] > 0)
            p.opportunity.emplace_back(d.mrrCents(r), static_cast<quint32>(r));
    }
}

// Runs fn(from, to, index) over `parts` contiguous ranges of [0, rows), the last on this thread.
template <typename Fn> void parallelRanges(std::size_t rows, int parts, Fn fn)
{
    std::vector<std::thread> threads;
    const std::size_t step = (rows + static_cast<std::size_t>(parts) - 1) / static_cast<std::size_t>(parts);
    for (int i = 0; i < parts; ++i) {
        const std::size_t from = std::min(rows, static_cast<std::size_t>(i) * step), to = std::min(rows, from + step);
        if (i == parts - 1)
            fn(from, to, i);
        else
            threads.emplace_back(fn, from, to, i);
    }
    for (auto &t : threads)
        t.join();
}

template <typename Pair> void keepFirst(std::vector<Pair> &v, std::size_t limit, auto less)
{
    const std::size_t keep = std::min(limit, v.size());
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep), v.end(), less);
    v.resize(keep);
}

SlaEntry slaEntry(const QueueData &d, const SlaPolicy &sla, quint32 row, qint64 now)
{
    const quint8 eff = d.priority[row] != kNoPriority ? d.priority[row] : d.suggested[row];
    const SlaState s = sla.evaluate(static_cast<triage::Priority>(eff), static_cast<TicketStatus>(d.status[row]), d.createdAt[row],
                                    d.firstReplyAt[row], d.solvedAt[row], d.updatedAt[row], now);
    return {d.id[row], row, eff, s.firstResponse, s.dueAt, s.left};
}

} // namespace

OverviewStats computeOverview(const QueueData &d, const OverviewConfig &cfg, const DraftOutcomes &drafts)
{
    QElapsedTimer timer;
    timer.start();
    OverviewStats out;
    out.now = cfg.now > 0 ? cfg.now : QDateTime::currentSecsSinceEpoch();
    const qint64 now = out.now;
    const std::size_t rows = d.rowCount();
    out.tickets = static_cast<qint64>(rows);
    const auto limit = static_cast<std::size_t>(std::max(cfg.listLimit, 0));
    const SlaPolicy sla(cfg.sla, cfg.atRiskShare, now - 2 * 366 * 86400LL, now + 366 * 86400LL);

    Context c{d, sla, now, now / 3600, (now / 86400 - (kOverviewDays - 1)) * 86400, {}};
    c.canonicalTeam.resize(d.teams.size());
    for (std::size_t i = 0; i < d.teams.size(); ++i) {
        c.canonicalTeam[i] = static_cast<quint32>(i);
        for (std::size_t j = 1; j < i; ++j)
            if (d.teams[j] == d.teams[i]) {
                c.canonicalTeam[i] = static_cast<quint32>(j);
                break;
            }
    }

    const int hw = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int parts = rows < 50000 ? 1 : std::clamp(cfg.threads > 0 ? cfg.threads : hw, 1, 16);
    std::vector<Partial> partials(static_cast<std::size_t>(parts));
    parallelRanges(rows, parts,
                   [&](std::size_t from, std::size_t to, int i) { countRange(c, from, to, partials[static_cast<std::size_t>(i)]); });

    // Merge.
    const std::size_t teams = d.teams.size();
    out.activeByTeam.assign(teams, 0);
    out.teamNames = d.teams;
    out.createdPerHour.assign(kOverviewHours, 0);
    out.solvedPerHour.assign(kOverviewHours, 0);
    out.hourStart = (c.currentHour - (kOverviewHours - 1)) * 3600;
    out.agreementByDay.resize(kOverviewDays);
    for (int i = 0; i < kOverviewDays; ++i)
        out.agreementByDay[static_cast<std::size_t>(i)].dayStart = c.firstDay + i * 86400LL;
    std::vector<double> history(kHistoryHours, 0.0);
    std::vector<std::array<qint64, kPriorityRows>> teamByPriority(teams);
    std::vector<qint64> breachedByTeam(teams, 0);
    std::vector<std::pair<qint64, qint64>> teamAccuracy(teams, {0, 0});
    std::vector<std::pair<qint64, quint32>> breached, atRisk, opportunity;
    std::vector<std::pair<double, quint32>> guardian;
    std::vector<Clocked> clocked;
    triage::FlatHashMap<quint32> agentSlot, onShift;
    std::vector<AgentCounts> agents;
    qint64 earliest = std::numeric_limits<qint64>::max();
    int shiftCount = 0;
    for (Partial &p : partials) {
        for (std::size_t pr = 0; pr < kPriorityRows; ++pr)
            for (int s = 0; s < kTicketStatusCount; ++s)
                out.byPriorityStatus[pr][static_cast<std::size_t>(s)] += p.byPriorityStatus[pr][static_cast<std::size_t>(s)];
        for (int s = 0; s < kTicketStatusCount; ++s)
            out.byStatus[static_cast<std::size_t>(s)] += p.byStatus[static_cast<std::size_t>(s)];
        for (std::size_t t = 0; t < teams; ++t) {
            out.activeByTeam[t] += p.activeByTeam[t];
            breachedByTeam[t] += p.breachedByTeam[t];
            for (std::size_t pr = 0; pr < kPriorityRows; ++pr)
                teamByPriority[t][pr] += p.teamByPriority[t][pr];
            teamAccuracy[t].first += p.teamAccuracy[t].first;
            teamAccuracy[t].second += p.teamAccuracy[t].second;
        }
        for (int h = 0; h < kHistoryHours; ++h)
            history[static_cast<std::size_t>(h)] += p.created[static_cast<std::size_t>(h)];
        for (int h = 0; h < kOverviewHours; ++h) {
            out.createdPerHour[static_cast<std::size_t>(h)] += p.created[static_cast<std::size_t>(h + kHistoryHours + 1 - kOverviewHours)];
            out.solvedPerHour[static_cast<std::size_t>(h)] += p.solved[static_cast<std::size_t>(h)];
        }
        out.pausedTotal += p.paused;
        out.onTrackTotal += p.onTrack;
        for (int pr = 0; pr < triage::kPriorityCount; ++pr) {
            out.breachedByPriority[static_cast<std::size_t>(pr)] += p.breachedByPriority[static_cast<std::size_t>(pr)];
            out.mixCount[static_cast<std::size_t>(pr)] += p.mix[static_cast<std::size_t>(pr)];
            for (int q = 0; q < triage::kPriorityCount; ++q)
                out.confusion[static_cast<std::size_t>(pr)][static_cast<std::size_t>(q)] +=
                    p.confusion[static_cast<std::size_t>(pr)][static_cast<std::size_t>(q)];
        }
        for (int i = 0; i < kOverviewDays; ++i) {
            out.agreementByDay[static_cast<std::size_t>(i)].agreeing += p.days[static_cast<std::size_t>(i)].agreeing;
            out.agreementByDay[static_cast<std::size_t>(i)].compared += p.days[static_cast<std::size_t>(i)].compared;
        }
        for (const AgentCounts &a : p.agents) {
            quint32 *slot = agentSlot.find(a.person);
            if (!slot) {
                agentSlot.insert(a.person, static_cast<quint32>(agents.size()));
                agents.push_back({a.person, 0, {}, 0});
                slot = agentSlot.find(a.person);
            }
            AgentCounts &m = agents[*slot];
            m.active += a.active;
            m.breached += a.breached;
            for (std::size_t pr = 0; pr < kPriorityRows; ++pr)
                m.byPriority[pr] += a.byPriority[pr];
        }
        for (quint32 person : p.onShiftPeople)
            if (!onShift.find(person)) {
                onShift.insert(person, 1);
                ++shiftCount;
            }
        earliest = std::min(earliest, p.earliestCreated);
        breached.insert(breached.end(), p.breached.begin(), p.breached.end());
        atRisk.insert(atRisk.end(), p.atRisk.begin(), p.atRisk.end());
        guardian.insert(guardian.end(), p.guardian.begin(), p.guardian.end());
        opportunity.insert(opportunity.end(), p.opportunity.begin(), p.opportunity.end());
        clocked.insert(clocked.end(), p.clocked.begin(), p.clocked.end());
        p = Partial(); // free as we go
    }
    out.active = 0;
    for (std::size_t s = 0; s < static_cast<std::size_t>(kTicketStatusCount); ++s)
        if (isActive(static_cast<TicketStatus>(s)))
            out.active += out.byStatus[s];

    // SLA lists: least time left first.
    out.breachedTotal = static_cast<qint64>(breached.size());
    out.atRiskTotal = static_cast<qint64>(atRisk.size());
    const auto byLeft = [&](const std::pair<qint64, quint32> &a, const std::pair<qint64, quint32> &b) {
        return a.first != b.first ? a.first < b.first : d.id[a.second] < d.id[b.second];
    };
    keepFirst(breached, limit, byLeft);
    keepFirst(atRisk, limit, byLeft);
    for (const auto &[left, row] : breached)
        out.breached.push_back(slaEntry(d, sla, row, now));
    for (const auto &[left, row] : atRisk)
        out.atRisk.push_back(slaEntry(d, sla, row, now));

    // Load.
    for (const AgentCounts &a : agents) {
        const bool known = a.person < d.people.size();
        LoadEntry e{a.person,  known ? d.people[a.person].id : 0, known ? d.people[a.person].name : QString(), a.active, a.byPriority,
                    a.breached};
        out.agents.push_back(std::move(e));
    }
    const auto busiest = [](const LoadEntry &a, const LoadEntry &b) { return a.active != b.active ? a.active > b.active : a.key < b.key; };
    std::sort(out.agents.begin(), out.agents.end(), busiest);
    for (std::size_t t = 0; t < teams; ++t)
        if (out.activeByTeam[t] > 0)
            out.teams.push_back({static_cast<quint32>(t), 0, d.teams[t], out.activeByTeam[t], teamByPriority[t], breachedByTeam[t]});
    std::sort(out.teams.begin(), out.teams.end(), busiest);

    // Guardian and Opportunity.
    out.guardianTotal = static_cast<qint64>(guardian.size());
    out.opportunityTotal = static_cast<qint64>(opportunity.size());
    {
        std::vector<quint32> accounts;
        accounts.reserve(opportunity.size());
        for (const auto &o : opportunity)
            accounts.push_back(d.people[d.requester[o.second]].account);
        std::sort(accounts.begin(), accounts.end());
        accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
        for (quint32 a : accounts)
            if (a != 0)
                out.opportunityMrr += static_cast<double>(d.accounts[a].mrrCents) / 100.0;
    }
    keepFirst(guardian, limit, [&](const auto &a, const auto &b) {
        if (a.first != b.first)
            return a.first > b.first;
        if (d.guardianScore[a.second] != d.guardianScore[b.second])
            return d.guardianScore[a.second] > d.guardianScore[b.second];
        return d.id[a.second] < d.id[b.second];
    });
    keepFirst(opportunity, limit, [&](const auto &a, const auto &b) {
        if (a.first != b.first)
            return a.first > b.first;
        if (d.opportunity[a.second] != d.opportunity[b.second])
            return d.opportunity[a.second] > d.opportunity[b.second];
        return d.id[a.second] < d.id[b.second];
    });
    for (const auto &[riskMrr, row] : guardian) {
        const quint32 account = d.people[d.requester[row]].account;
        out.guardian.push_back(
            {d.id[row], row, account, d.accounts[account].name, d.guardian[row], d.guardianScore[row], d.mrrCents(row), riskMrr});
    }
    for (const auto &[mrr, row] : opportunity) {
        const quint32 account = d.people[d.requester[row]].account;
        out.opportunity.push_back({d.id[row], row, account, d.accounts[account].name, d.opportunity[row], mrr});
    }

    // Priority mix and triage quality.
    qint64 mixTotal = 0;
    for (qint64 n : out.mixCount)
        mixTotal += n;
    for (std::size_t pr = 0; pr < static_cast<std::size_t>(triage::kPriorityCount); ++pr)
        out.mixPercent[pr] = mixTotal ? 100.0 * static_cast<double>(out.mixCount[pr]) / static_cast<double>(mixTotal) : 0.0;
    out.mixTarget = cfg.calibrationTargets;
    for (const DayAgreement &day : out.agreementByDay) {
        out.agreeing += day.agreeing;
        out.compared += day.compared;
    }
    for (std::size_t t = 0; t < teams; ++t)
        if (teamAccuracy[t].second > 0) {
            out.teamAccuracy.push_back({static_cast<quint32>(t), d.teams[t], teamAccuracy[t].first, teamAccuracy[t].second});
            out.teamAgreeing += teamAccuracy[t].first;
            out.teamCompared += teamAccuracy[t].second;
        }
    out.drafts = drafts;

    // Staffing inputs.
    out.agentsMeasured = cfg.agentsOnShift <= 0;
    out.agentsOnShift = out.agentsMeasured ? shiftCount : cfg.agentsOnShift;
    out.handlingMeasured = cfg.handlingSecs > 0 && cfg.handlingMeasured;
    out.handlingSecs = cfg.handlingSecs > 0 ? cfg.handlingSecs : kDefaultHandlingSecs;
    out.answerTargetSecs = cfg.answerTargetSecs > 0 ? cfg.answerTargetSecs : cfg.sla[triage::Priority::P2].firstResponseSecs;
    out.serviceLevelTarget = cfg.serviceLevelTarget;

    // Forecast: complete hours only, from the first hour with a ticket (a young workspace has no
    // zero-filled past); the same function Snowflake's hours go through.
    out.forecast =
        forecastFromHistory(history, c.currentHour - kHistoryHours, earliest == std::numeric_limits<qint64>::max() ? 0 : earliest,
                            out.handlingSecs, out.serviceLevelTarget, static_cast<double>(out.answerTargetSecs));

    // Breach risk: workable tickets are served earliest due first; a ticket's queue is the clocked
    // tickets due before it.
    out.breachRisk.assign(rows, 0.0f);
    std::sort(clocked.begin(), clocked.end(),
              [](const Clocked &a, const Clocked &b) { return a.dueAt != b.dueAt ? a.dueAt < b.dueAt : a.row < b.row; });
    const int agentsForRisk = std::max(1, out.agentsOnShift);
    parallelRanges(clocked.size(), clocked.size() < 20000 ? 1 : parts, [&](std::size_t from, std::size_t to, int) {
        for (std::size_t i = from; i < to; ++i) {
            const Clocked &k = clocked[i];
            out.breachRisk[k.row] = k.left < 0
                                        ? 1.0f
                                        : static_cast<float>(breachProbability(static_cast<qint64>(i), agentsForRisk, out.handlingSecs,
                                                                               static_cast<double>(k.left), !k.firstResponse));
        }
    });

    std::vector<quint32> clockedRows(clocked.size());
    for (std::size_t i = 0; i < clocked.size(); ++i)
        clockedRows[i] = clocked[i].row;
    std::sort(clockedRows.begin(), clockedRows.end());
    out.riskTicketIds.reserve(clockedRows.size());
    out.riskValues.reserve(clockedRows.size());
    for (quint32 row : clockedRows) {
        out.riskTicketIds.push_back(d.id[row]);
        out.riskValues.push_back(out.breachRisk[row]);
    }

    out.computeMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace cosmicdesk::models
