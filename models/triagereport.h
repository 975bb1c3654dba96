#pragma once

#include "result.h"
#include "ticketimporter.h"

#include <triage/assessment.h>
#include <triage/profile.h>

#include <QString>

#include <optional>
#include <string_view>

#include <vector>

namespace cosmicdesk::models {

// A batch triage run and what it produced, for the report files.
struct TriageRun
{
    QString input;
    QString profileName;
    bool demoMode = false;
    const std::vector<ImportedTicket> *tickets = nullptr;
    const std::vector<triage::Assessment> *assessments = nullptr; // same order as tickets
    double seconds = 0;
    std::array<std::pair<double, double>, triage::kPriorityCount> targets{}; // calibration targets, percent
};

// Writes the seed's outputs into a folder: triage_results.jsonl, zendesk_api_calls.json,
// guardian_alerts_log.json, opportunity_alerts_log.json, metrics_summary.json and
// triage_report.html. Each file is written whole or not at all (QSaveFile); ticket text is escaped
// in the HTML report. Only a ticket whose id is a Zendesk id gets an update in zendesk_api_calls.json;
// the others are counted in metrics_summary.json (tickets_without_zendesk_id) and named in the report.
class TriageReport
{
public:
    static Result<void> write(const TriageRun &run, const QString &folder);
    // triage_full.jsonl: each assessment with its evidence, rule by rule.
    static Result<void> writeFull(const TriageRun &run, const QString &folder);

    // The Zendesk custom fields the preview payloads fill (configurable per installation later).
    static constexpr qint64 kRiskScoreField = 360000001001;
    static constexpr qint64 kIntentField = 360000001002;
    static constexpr qint64 kTeamField = 360000001003;
    static constexpr qint64 kCategoryField = 360000001004;

    static std::string htmlEscape(std::string_view s);
    // A Zendesk ticket id is a positive whole number written plainly ("77", not "T-77", "077" or
    // "../77"); anything else is no id, and its ticket gets no update in zendesk_api_calls.json.
    static std::optional<qint64> zendeskTicketId(std::string_view id);
};

} // namespace cosmicdesk::models
