#include "overviewsnowflake.h"

#include <connectors/snowflakeclient.h>
#include <models/erlang.h>
#include <models/slapolicy.h>
#include <models/staffingforecast.h>
#include <models/ticket.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <map>
#include <memory>

namespace cosmicdesk::services {

namespace {

constexpr int kHistoryHours = 8 * 7 * 24; // as the local path: eight weeks of created tickets
constexpr qint64 kShiftWindowSecs = 8 * 3600;
constexpr std::size_t kNoneRow = models::kPriorityRows - 1;

enum Query { QBacklog, QVolume, QAgents, QGuardian, QOpportunity, QTotals, QAgreement, QTeamAccuracy, QClocks, QueryCount };

using Row = std::vector<std::optional<QString>>;

qint64 integer(const Row &row, std::size_t i)
{
    if (i >= row.size() || !row[i])
        return 0;
    bool ok = false;
    const qint64 v = row[i]->toLongLong(&ok);
    return ok ? v : qRound64(row[i]->toDouble()); // a NUMBER with a scale ("12.000")
}

QString text(const Row &row, std::size_t i)
{
    return i < row.size() && row[i] ? *row[i] : QString();
}

// "P0" … "P3" as the record writes them (models/lakestore.cpp), else none.
std::size_t priorityRow(const Row &row, std::size_t i)
{
    const QString p = text(row, i);
    if (p.size() == 2 && p[0] == u'P' && p[1] >= u'0' && p[1] <= u'3')
        return std::size_t(p[1].unicode() - u'0');
    return kNoneRow;
}

// The active statuses as an SQL list of the record's status names: fixed text, not input.
QString activeStatuses()
{
    QStringList names;
    for (int s = 0; s < models::kTicketStatusCount; ++s)
        if (models::isActive(models::TicketStatus(s)))
            names << u'\'' + models::statusName(models::TicketStatus(s)) + u'\'';
    return names.join(u',');
}

connectors::SnowflakeBinding fixed(qint64 v)
{
    return {QStringLiteral("FIXED"), {QString::number(v)}};
}

// A ticket with a running clock, for the breach risk's queue order.
struct Clock
{
    qint64 dueAt, ticketId, left;
    bool firstResponse;
};

struct Job
{
    models::OverviewConfig cfg;
    qint64 now = 0;
    std::vector<std::optional<connectors::SnowflakeResult>> results = std::vector<std::optional<connectors::SnowflakeResult>>(QueryCount);
    int pending = QueryCount;
    bool failed = false;
    QElapsedTimer timer;
    std::function<void(models::Result<models::OverviewStats>)> done;
};

models::OverviewStats assemble(const Job &job)
{
    using namespace models;
    OverviewStats out;
    out.now = job.now;
    const qint64 currentHour = job.now / 3600;
    const qint64 firstDay = (job.now / 86400 - (kOverviewDays - 1)) * 86400;
    const auto rows = [&](Query q) -> const std::vector<Row> & { return job.results[q]->rows; };

    // Team dictionary: 0 = no group, then the names of both team queries, alphabetically.
    std::map<QString, quint32> teamIndex;
    for (const Row &r : rows(QBacklog))
        if (r.size() > 2 && r[2])
            teamIndex.emplace(*r[2], 0);
    for (const Row &r : rows(QTeamAccuracy))
        if (!r.empty() && r[0])
            teamIndex.emplace(*r[0], 0);
    out.teamNames.push_back(QString());
    for (auto &[name, index] : teamIndex) {
        index = quint32(out.teamNames.size());
        out.teamNames.push_back(name);
    }
    // The statements are not one snapshot: a group first seen by a later one counts as no group.
    const auto teamOf = [&](const Row &r, std::size_t i) -> quint32 {
        if (r.size() <= i || !r[i])
            return 0;
        const auto it = teamIndex.find(*r[i]);
        return it != teamIndex.end() ? it->second : 0;
    };
    const std::size_t teams = out.teamNames.size();

    // Backlog: (status, effective priority, group, n) over every ticket.
    out.activeByTeam.assign(teams, 0);
    std::vector<std::array<qint64, kPriorityRows>> teamByPriority(teams);
    for (const Row &r : rows(QBacklog)) {
        const auto status = parseStatus(text(r, 0));
        const qint64 n = integer(r, 3);
        out.tickets += n;
        if (!status)
            continue;
        const auto s = std::size_t(*status);
        out.byStatus[s] += n;
        if (!isActive(*status))
            continue;
        const std::size_t p = priorityRow(r, 1);
        const quint32 team = teamOf(r, 2);
        out.byPriorityStatus[p][s] += n;
        out.activeByTeam[team] += n;
        teamByPriority[team][p] += n;
        if (p != kNoneRow)
            out.mixCount[p] += n;
    }
    for (std::size_t s = 0; s < std::size_t(kTicketStatusCount); ++s)
        if (isActive(TicketStatus(s)))
            out.active += out.byStatus[s];

    // SLA: (ticket, status, effective priority, created, first reply, solved, updated, group, assignee)
    // of every active ticket with a priority. The clocks run here, on the profile's policy: a
    // business calendar per ticket is no SQL.
    const OverviewConfig &cfg = job.cfg;
    const SlaPolicy sla(cfg.sla, cfg.atRiskShare, job.now - 2 * 366 * 86400LL, job.now + 366 * 86400LL);
    std::vector<qint64> breachedByTeam(teams, 0);
    std::map<QString, qint64> breachedByAgent;
    std::vector<Clock> clocked;
    for (const Row &r : rows(QClocks)) {
        const auto status = parseStatus(text(r, 1));
        const std::size_t p = priorityRow(r, 2);
        if (!status || p == kNoneRow)
            continue;
        const SlaState st = sla.evaluate(triage::Priority(p), *status, integer(r, 3), integer(r, 4), integer(r, 5), integer(r, 6), job.now);
        const SlaEntry e{integer(r, 0), 0, quint8(p), st.firstResponse, st.dueAt, st.left};
        if (st.paused) {
            ++out.pausedTotal;
        } else if (st.level == SlaState::Level::Breached) {
            out.breached.push_back(e);
            ++out.breachedByPriority[p];
            ++breachedByTeam[teamOf(r, 7)];
            if (r.size() > 8 && r[8])
                ++breachedByAgent[*r[8]];
        } else if (st.level == SlaState::Level::AtRisk) {
            out.atRisk.push_back(e);
        } else if (st.level == SlaState::Level::Ok) {
            ++out.onTrackTotal;
        }
        if (st.level != SlaState::Level::None)
            clocked.push_back({st.dueAt, e.ticketId, st.left, st.firstResponse});
    }
    out.breachedTotal = qint64(out.breached.size());
    out.atRiskTotal = qint64(out.atRisk.size());
    const auto leastLeft = [](const SlaEntry &a, const SlaEntry &b) {
        return a.remainingSecs != b.remainingSecs ? a.remainingSecs < b.remainingSecs : a.ticketId < b.ticketId;
    };
    for (auto *list : {&out.breached, &out.atRisk}) {
        std::sort(list->begin(), list->end(), leastLeft);
        list->resize(std::min(list->size(), std::size_t(std::max(cfg.listLimit, 0))));
    }
    const auto busiest = [](const LoadEntry &a, const LoadEntry &b) {
        if (a.active != b.active)
            return a.active > b.active;
        return a.key != b.key ? a.key < b.key : a.name < b.name;
    };
    for (std::size_t t = 0; t < teams; ++t)
        if (out.activeByTeam[t] > 0)
            out.teams.push_back({quint32(t), 0, out.teamNames[t], out.activeByTeam[t], teamByPriority[t], breachedByTeam[t]});
    std::sort(out.teams.begin(), out.teams.end(), busiest);

    // Volume: (kind 0 created / 1 solved, hour start, n).
    out.hourStart = (currentHour - (kOverviewHours - 1)) * 3600;
    out.createdPerHour.assign(kOverviewHours, 0);
    out.solvedPerHour.assign(kOverviewHours, 0);
    const qint64 firstHistoryHour = currentHour - kHistoryHours;
    std::vector<double> history(kHistoryHours, 0.0); // complete hours: the current one is not
    for (const Row &r : rows(QVolume)) {
        const bool created = integer(r, 0) == 0;
        const qint64 hour = integer(r, 1) / 3600, n = integer(r, 2);
        if (created && hour >= firstHistoryHour && hour < currentHour)
            history[std::size_t(hour - firstHistoryHour)] += double(n);
        const qint64 h = hour - currentHour + (kOverviewHours - 1);
        if (h >= 0 && h < kOverviewHours)
            (created ? out.createdPerHour : out.solvedPerHour)[std::size_t(h)] += quint32(n);
    }

    // Agents: (name, effective priority, n) of active tickets.
    std::map<QString, LoadEntry> agents;
    for (const Row &r : rows(QAgents)) {
        LoadEntry &a = agents[text(r, 0)];
        a.name = text(r, 0);
        const qint64 n = integer(r, 2);
        a.active += n;
        a.byPriority[priorityRow(r, 1)] += n;
    }
    for (auto &[name, entry] : agents) {
        if (const auto b = breachedByAgent.find(name); b != breachedByAgent.end())
            entry.breached = b->second;
        out.agents.push_back(std::move(entry));
    }
    std::sort(out.agents.begin(), out.agents.end(), busiest);

    // Guardian: (ticket, level, score, MRR cents, account name), already cut to the limit.
    for (const Row &r : rows(QGuardian)) {
        GuardianEntry g;
        g.ticketId = integer(r, 0);
        const QString level = text(r, 1);
        g.level = level == u"critical" ? 3 : level == u"alert" ? 2 : 1;
        g.score = quint8(std::clamp<qint64>(integer(r, 2), 0, 100));
        g.mrrCents = integer(r, 3);
        g.accountName = text(r, 4);
        g.riskMrr = g.score / 100.0 * (double(g.mrrCents) / 100.0); // the local path's expression, for the same doubles
        out.guardian.push_back(std::move(g));
    }
    // SQL ordered by the exact product; the local order is by the rounded double, then score, then id.
    std::stable_sort(out.guardian.begin(), out.guardian.end(), [](const GuardianEntry &a, const GuardianEntry &b) {
        if (a.riskMrr != b.riskMrr)
            return a.riskMrr > b.riskMrr;
        return a.score != b.score ? a.score > b.score : a.ticketId < b.ticketId;
    });
    for (const Row &r : rows(QOpportunity))
        out.opportunity.push_back({integer(r, 0), 0, 0, text(r, 3), quint8(std::clamp<qint64>(integer(r, 1), 0, 255)), integer(r, 2)});

    qint64 earliestCreated = 0;
    // Totals: (guardian, opportunity, distinct agents on shift, pipeline MRR cents, first created).
    if (!rows(QTotals).empty()) {
        const Row &r = rows(QTotals).front();
        out.guardianTotal = integer(r, 0);
        out.opportunityTotal = integer(r, 1);
        out.agentsOnShift = int(integer(r, 2));
        out.opportunityMrr = double(integer(r, 3)) / 100.0;
        earliestCreated = integer(r, 4);
    }

    // Priority mix.
    qint64 mixTotal = 0;
    for (qint64 n : out.mixCount)
        mixTotal += n;
    for (std::size_t p = 0; p < std::size_t(triage::kPriorityCount); ++p)
        out.mixPercent[p] = mixTotal ? 100.0 * double(out.mixCount[p]) / double(mixTotal) : 0.0;
    out.mixTarget = job.cfg.calibrationTargets;

    // Agreement: (day start, agent's, suggested, n) of the last 14 days.
    out.agreementByDay.resize(kOverviewDays);
    for (int i = 0; i < kOverviewDays; ++i)
        out.agreementByDay[std::size_t(i)].dayStart = firstDay + i * 86400LL;
    for (const Row &r : rows(QAgreement)) {
        const qint64 day = (integer(r, 0) - firstDay) / 86400;
        const std::size_t agent = priorityRow(r, 1), suggested = priorityRow(r, 2);
        if (day < 0 || day >= kOverviewDays || agent == kNoneRow || suggested == kNoneRow)
            continue;
        const qint64 n = integer(r, 3);
        DayAgreement &d = out.agreementByDay[std::size_t(day)];
        d.compared += n;
        d.agreeing += agent == suggested ? n : 0;
        out.confusion[agent][suggested] += n;
    }
    for (const DayAgreement &d : out.agreementByDay) {
        out.agreeing += d.agreeing;
        out.compared += d.compared;
    }

    // Team accuracy: (group, agreeing, compared).
    for (const Row &r : rows(QTeamAccuracy)) {
        const quint32 team = teamOf(r, 0);
        out.teamAccuracy.push_back({team, out.teamNames[team], integer(r, 1), integer(r, 2)});
        out.teamAgreeing += integer(r, 1);
        out.teamCompared += integer(r, 2);
    }
    std::sort(out.teamAccuracy.begin(), out.teamAccuracy.end(),
              [](const TeamAccuracy &a, const TeamAccuracy &b) { return a.team < b.team; });

    // Staffing inputs, as the local path takes them.
    out.agentsMeasured = cfg.agentsOnShift <= 0;
    if (!out.agentsMeasured)
        out.agentsOnShift = cfg.agentsOnShift;
    out.handlingMeasured = cfg.handlingSecs > 0 && cfg.handlingMeasured;
    out.handlingSecs = cfg.handlingSecs > 0 ? cfg.handlingSecs : kDefaultHandlingSecs;
    out.answerTargetSecs = cfg.answerTargetSecs > 0 ? cfg.answerTargetSecs : cfg.sla[triage::Priority::P2].firstResponseSecs;
    out.serviceLevelTarget = cfg.serviceLevelTarget;
    out.forecast = forecastFromHistory(history, firstHistoryHour, earliestCreated, out.handlingSecs, out.serviceLevelTarget,
                                       double(out.answerTargetSecs));

    // Breach risk of each clocked ticket, served earliest due first (ties by id, the local path's
    // row order), for TicketQueueModel::setBreachRisk; `breachRisk` (by QueueData row) stays empty.
    std::sort(clocked.begin(), clocked.end(),
              [](const Clock &a, const Clock &b) { return a.dueAt != b.dueAt ? a.dueAt < b.dueAt : a.ticketId < b.ticketId; });
    std::vector<std::pair<qint64, float>> risks;
    risks.reserve(clocked.size());
    const int agentsForRisk = std::max(1, out.agentsOnShift);
    for (std::size_t i = 0; i < clocked.size(); ++i) {
        const Clock &k = clocked[i];
        risks.emplace_back(
            k.ticketId,
            k.left < 0 ? 1.0f : float(breachProbability(qint64(i), agentsForRisk, out.handlingSecs, double(k.left), !k.firstResponse)));
    }
    std::sort(risks.begin(), risks.end());
    for (const auto &[id, risk] : risks) {
        out.riskTicketIds.push_back(id);
        out.riskValues.push_back(risk);
    }
    out.computeMs = double(job.timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace

SnowflakeOverviewSource::SnowflakeOverviewSource(connectors::SnowflakeClient &client, QString table)
    : m_client(client), m_table(std::move(table))
{
}

QString SnowflakeOverviewSource::latestRows() const
{
    // Snowflake keeps every version of a record; the newest one per ticket is the ticket. A window
    // in a subquery, not QUALIFY: the same text runs on the sandbox's SQLite.
    return QStringLiteral("WITH latest AS (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.TICKET_ID"
                          " ORDER BY c.RECORD_VERSION DESC) AS VERSION_RANK FROM %1 c) v WHERE v.VERSION_RANK = 1),"
                          " t AS (SELECT TICKET_ID, STATUS, GROUP_NAME, ASSIGNEE_NAME, CREATED_AT, UPDATED_AT, FIRST_REPLY_AT, SOLVED_AT,"
                          " ORGANIZATION_ID, ORGANIZATION_NAME, COALESCE(MRR_CENTS, 0) AS MRR, FINAL_PRIORITY, SUGGESTED_PRIORITY,"
                          " COALESCE(FINAL_PRIORITY, SUGGESTED_PRIORITY) AS EFF, SUGGESTED_TEAM, GUARDIAN_LEVEL,"
                          " COALESCE(GUARDIAN_SCORE, 0) AS GSCORE, COALESCE(OPPORTUNITY_SCORE, 0) AS OSCORE,"
                          " CASE WHEN STATUS IN (%2) THEN 1 ELSE 0 END AS IS_ACTIVE FROM latest) ")
        .arg(m_table, activeStatuses());
}

void SnowflakeOverviewSource::compute(const models::OverviewConfig &cfg, QObject *context,
                                      std::function<void(models::Result<models::OverviewStats>)> done)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$"));
    if (!identifier.match(m_table).hasMatch()) {
        done(models::Error::make(models::Error::Kind::Config, QStringLiteral("'%1' is not a Snowflake table name.").arg(m_table)));
        return;
    }
    auto job = std::make_shared<Job>();
    job->cfg = cfg;
    job->now = cfg.now > 0 ? cfg.now : QDateTime::currentSecsSinceEpoch();
    job->done = std::move(done);
    job->timer.start();
    const qint64 now = job->now, currentHour = now / 3600;
    const qint64 viewStart = (currentHour - (models::kOverviewHours - 1)) * 3600, historyStart = (currentHour - kHistoryHours) * 3600;
    const qint64 hourEnd = (currentHour + 1) * 3600;
    const qint64 firstDay = (now / 86400 - (models::kOverviewDays - 1)) * 86400, daysEnd = firstDay + models::kOverviewDays * 86400LL;
    const qint64 limit = std::max(cfg.listLimit, 0);
    const QString with = latestRows();
    const QString guardianLevels = QStringLiteral("GUARDIAN_LEVEL IN ('watch','alert','critical')");

    std::vector<connectors::SnowflakeStatement> statements(QueryCount);
    statements[QBacklog].sql = with + QStringLiteral("SELECT STATUS, EFF, GROUP_NAME, COUNT(*) FROM t GROUP BY STATUS, EFF, GROUP_NAME");
    // Created from eight weeks back (the forecast's history), solved over the view.
    statements[QVolume].sql =
        with + QStringLiteral("SELECT KIND, HOUR_START, COUNT(*) FROM (SELECT 0 AS KIND, CREATED_AT - CREATED_AT % 3600 AS HOUR_START"
                              " FROM t WHERE CREATED_AT >= :1 AND CREATED_AT < :3 UNION ALL SELECT 1 AS KIND,"
                              " SOLVED_AT - SOLVED_AT % 3600 AS HOUR_START FROM t WHERE SOLVED_AT >= :2 AND SOLVED_AT < :3) h"
                              " GROUP BY KIND, HOUR_START");
    statements[QVolume].bindings = {fixed(historyStart), fixed(viewStart), fixed(hourEnd)};
    statements[QAgents].sql =
        with + QStringLiteral("SELECT ASSIGNEE_NAME, EFF, COUNT(*) FROM t WHERE IS_ACTIVE = 1 AND ASSIGNEE_NAME IS NOT NULL"
                              " GROUP BY ASSIGNEE_NAME, EFF");
    // risk × MRR ordered by the exact integer product score × cents (the same order).
    statements[QGuardian].sql =
        with +
        QStringLiteral("SELECT TICKET_ID, GUARDIAN_LEVEL, GSCORE, MRR, ORGANIZATION_NAME FROM (SELECT TICKET_ID, GUARDIAN_LEVEL, GSCORE,"
                       " MRR, ORGANIZATION_NAME, ROW_NUMBER() OVER (ORDER BY GSCORE * MRR DESC, GSCORE DESC, TICKET_ID) AS N"
                       " FROM t WHERE IS_ACTIVE = 1 AND %1) g WHERE N <= :1 ORDER BY N")
            .arg(guardianLevels);
    statements[QGuardian].bindings = {fixed(limit)};
    statements[QOpportunity].sql =
        with +
        QStringLiteral("SELECT TICKET_ID, OSCORE, MRR, ORGANIZATION_NAME FROM (SELECT TICKET_ID, OSCORE, MRR, ORGANIZATION_NAME,"
                       " ROW_NUMBER() OVER (ORDER BY MRR DESC, OSCORE DESC, TICKET_ID) AS N FROM t WHERE IS_ACTIVE = 1 AND OSCORE > 0) o"
                       " WHERE N <= :1 ORDER BY N");
    statements[QOpportunity].bindings = {fixed(limit)};
    // The pipeline's MRR counts each account once (its largest MRR among the versions' snapshots).
    statements[QTotals].sql =
        with + QStringLiteral("SELECT SUM(CASE WHEN IS_ACTIVE = 1 AND %1 THEN 1 ELSE 0 END),"
                              " SUM(CASE WHEN IS_ACTIVE = 1 AND OSCORE > 0 THEN 1 ELSE 0 END),"
                              " COUNT(DISTINCT CASE WHEN UPDATED_AT >= :1 THEN ASSIGNEE_NAME END), MAX(p.PIPELINE),"
                              " MIN(CASE WHEN CREATED_AT > 0 THEN CREATED_AT END)"
                              " FROM t CROSS JOIN (SELECT SUM(M) AS PIPELINE FROM (SELECT ORGANIZATION_ID, MAX(MRR) AS M FROM t"
                              " WHERE IS_ACTIVE = 1 AND OSCORE > 0 AND ORGANIZATION_ID IS NOT NULL GROUP BY ORGANIZATION_ID) a) p")
                   .arg(guardianLevels);
    statements[QTotals].bindings = {fixed(now - kShiftWindowSecs)};
    statements[QAgreement].sql =
        with + QStringLiteral("SELECT DAY_START, FINAL_PRIORITY, SUGGESTED_PRIORITY, COUNT(*) FROM (SELECT CREATED_AT - CREATED_AT % 86400"
                              " AS DAY_START, FINAL_PRIORITY, SUGGESTED_PRIORITY FROM t WHERE FINAL_PRIORITY IS NOT NULL"
                              " AND SUGGESTED_PRIORITY IS NOT NULL AND CREATED_AT >= :1 AND CREATED_AT < :2) d"
                              " GROUP BY DAY_START, FINAL_PRIORITY, SUGGESTED_PRIORITY");
    statements[QAgreement].bindings = {fixed(firstDay), fixed(daysEnd)};
    // As the local path: created since the first day, no upper bound.
    statements[QTeamAccuracy].sql =
        with + QStringLiteral("SELECT GROUP_NAME, SUM(CASE WHEN SUGGESTED_TEAM = GROUP_NAME THEN 1 ELSE 0 END), COUNT(*) FROM t"
                              " WHERE SUGGESTED_TEAM IS NOT NULL AND GROUP_NAME IS NOT NULL AND CREATED_AT >= :1 GROUP BY GROUP_NAME");
    statements[QTeamAccuracy].bindings = {fixed(firstDay)};
    statements[QClocks].sql = with + QStringLiteral("SELECT TICKET_ID, STATUS, EFF, CREATED_AT, FIRST_REPLY_AT, SOLVED_AT, UPDATED_AT,"
                                                    " GROUP_NAME, ASSIGNEE_NAME FROM t WHERE IS_ACTIVE = 1 AND EFF IS NOT NULL");

    for (int q = 0; q < QueryCount; ++q) {
        statements[std::size_t(q)].timeoutSecs = 300;
        m_client.execute(std::move(statements[std::size_t(q)]), context, [job, q](models::Result<connectors::SnowflakeResult> r) {
            if (job->failed)
                return;
            if (!r.ok()) {
                job->failed = true;
                job->done(r.error());
                return;
            }
            job->results[std::size_t(q)] = std::move(r.value());
            if (--job->pending == 0)
                job->done(assemble(*job));
        });
    }
}

} // namespace cosmicdesk::services
