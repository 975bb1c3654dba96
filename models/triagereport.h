#pragma once

#include "result.h"
#include "ticketimporter.h"

#include <triage/assessment.h>
#include <triage/profile.h>

#include <QString>
#include <QStringList>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cosmicdesk::models {

// The seed's outputs of a batch triage run: triage_results.jsonl, zendesk_api_calls.json,
// guardian_alerts_log.json, opportunity_alerts_log.json, metrics_summary.json and
// triage_report.html (and triage_full.jsonl, every assessment with its evidence, when asked).
// Tickets come in one at a time, so a run of any size needs memory only for its totals and the
// HTML report's bounded tables. Everything is written into a temporary folder beside the target,
// which finish() puts in its place: a run that fails leaves the folder as it was, never old files
// mixed with new. Ticket text is escaped in the HTML report. Only a ticket whose id is a Zendesk
// id gets an update in zendesk_api_calls.json; the others are counted in metrics_summary.json
// (tickets_without_zendesk_id) and named in the report.
class TriageReport
{
public:
    struct Options
    {
        QString input;
        QString profileName;
        bool demoMode = false;
        bool full = false;                                                       // also triage_full.jsonl
        std::array<std::pair<double, double>, triage::kPriorityCount> targets{}; // calibration targets, percent
    };
    struct Summary
    {
        std::size_t tickets = 0;
        std::map<std::string, int> byPriority;
        int guardian = 0, opportunity = 0, drafts = 0;
        int labelled = 0, agreed = 0; // tickets with an actual priority, and those the engine matched
        int defaultLabels = 0;        // priorities that are the source's default, not counted as labels
        int closed = 0;               // closed tickets: judged, given no update (Zendesk answers 422)
    };

    // A report on its way into `folder` (made if missing; a file there is refused as Config).
    static Result<std::unique_ptr<TriageReport>> begin(const QString &folder, Options options);
    ~TriageReport(); // without finish(): the temporary folder goes, the target stays as it was

    void add(const ImportedTicket &ticket, const triage::Assessment &assessment);
    // Writes the totals and the HTML report, then replaces the folder's report files with these:
    // a folder that holds only report files is replaced whole, by renames; one that holds other
    // files too keeps them.
    Result<void> finish(double seconds);
    const Summary &summary() const;

    // The names of the files a report folder holds.
    static const QStringList &fileNames();

    // The Zendesk custom fields the preview payloads fill (configurable per installation later).
    static constexpr qint64 kRiskScoreField = 360000001001;
    static constexpr qint64 kIntentField = 360000001002;
    static constexpr qint64 kTeamField = 360000001003;
    static constexpr qint64 kCategoryField = 360000001004;

    static std::string htmlEscape(std::string_view s);
    // A Zendesk ticket id is a positive whole number written plainly ("77", not "T-77", "077" or
    // "../77"); anything else is no id, and its ticket gets no update in zendesk_api_calls.json.
    static std::optional<qint64> zendeskTicketId(std::string_view id);

private:
    struct State;
    explicit TriageReport(std::unique_ptr<State> state);
    std::unique_ptr<State> m;
};

} // namespace cosmicdesk::models
