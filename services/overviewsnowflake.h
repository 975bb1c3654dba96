#pragma once

#include <models/overviewstats.h>
#include <models/result.h>

#include <QObject>
#include <QString>

#include <functional>

namespace cosmicdesk::connectors {
class SnowflakeClient;
}

namespace cosmicdesk::services {

// The supervisor overview's aggregates computed by Snowflake over the consolidated table the lake
// loads (docs/lake.md), for a scope larger than one machine's store: the same definitions as
// models::computeOverview (docs/overview.md), from the newest record_version of each ticket.
//
// Filled: tickets, active, byStatus, byPriorityStatus, activeByTeam/teamNames, teams, agents,
// createdPerHour/solvedPerHour/hourStart, guardian and opportunity lists with their totals and
// opportunityMrr, the priority mix, agreementByDay, agreeing/compared, confusion, teamAccuracy,
// agentsOnShift (when measured), the staffing inputs taken from the config, the forecast with its
// backtest, peaks and agents needed (models::forecastFromHistory over the hours from SQL), and the
// SLA lists, totals, breached per team and agent and the breach risk (riskTicketIds/riskValues),
// from the active tickets' times with models::SlaPolicy run here.
// Left to the local path: `breachRisk` (by QueueData row) and the drafts' outcomes.
//
// Entries that point into a QueueData do not here: `row` and `account` are 0, agents have key 0
// and id 0 (the table names the assignee only); teams are keyed by their index in `teamNames`
// (entry 0 "no group", then the group names in alphabetical order). Ties in the load lists go
// by name, not by the store's dictionary order.
class SnowflakeOverviewSource final
{
public:
    // `client` outlives this source; `table` is a (possibly qualified) identifier.
    explicit SnowflakeOverviewSource(connectors::SnowflakeClient &client, QString table = QStringLiteral("CONSOLIDATED_TICKETS"));

    // Sends the statements at once and calls `done` on `context`'s thread when all have answered,
    // or with the first error. Nothing is called if `context` dies first. A table name that is not
    // an identifier fails at once with a Config error, before anything is sent.
    void compute(const models::OverviewConfig &cfg, QObject *context, std::function<void(models::Result<models::OverviewStats>)> done);

    // The CTEs every statement starts with: `latest`, the newest version of each ticket, and `t`, its
    // columns with the effective priority (EFF) and IS_ACTIVE worked out.
    QString latestRows() const;

private:
    connectors::SnowflakeClient &m_client;
    QString m_table;
};

} // namespace cosmicdesk::services
