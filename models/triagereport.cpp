#include "triagereport.h"

#include <triage/metrics.h>

#include <QDateTime>
#include <QDir>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace cosmicdesk::models {

using nlohmann::json;

std::optional<qint64> TriageReport::zendeskTicketId(std::string_view id)
{
    // Canonical decimal only: "077", "+77", " 77" or "7e1" would name a ticket by accident.
    if (id.empty() || id.size() > 18 || id.front() == '0')
        return std::nullopt;
    qint64 v = 0;
    for (char c : id) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string TriageReport::htmlEscape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

namespace {

Result<void> save(const QString &folder, const QString &name, const std::string &content)
{
    QSaveFile f(QDir(folder).filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString()));
    f.write(content.data(), static_cast<qint64>(content.size()));
    if (!f.commit())
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString()));
    return {};
}

std::string slug(std::string s)
{
    std::string out;
    for (char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out.push_back(c);
        else if (c >= 'A' && c <= 'Z')
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if (!out.empty() && out.back() != '_')
            out.push_back('_');
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

json zendeskCall(qint64 zendeskId, const triage::Assessment &a)
{
    std::vector<std::string> tags{"cosmicdesk_triage", "triage_" + slug(std::string(triage::priorityName(a.priority.priority))),
                                  "team_" + slug(a.team.label), "category_" + a.category.label, "sentiment_" + a.sentiment.label};
    if (a.guardian.alert)
        tags.push_back("guardian_" + a.guardian.level);
    if (a.opportunity.alert)
        tags.push_back("opportunity");
    std::string intent;
    for (const auto &s : a.opportunity.signals)
        intent += (intent.empty() ? "" : ",") + s.name;
    json ticket{
        {"priority", std::string(triage::zendeskPriority(a.priority.priority))},
        {"additional_tags", tags},
        {"custom_fields", json::array({json{{"id", TriageReport::kRiskScoreField}, {"value", a.guardian.score}},
                                       json{{"id", TriageReport::kIntentField}, {"value", intent.empty() ? json(nullptr) : json(intent)}},
                                       json{{"id", TriageReport::kTeamField}, {"value", a.team.label}},
                                       json{{"id", TriageReport::kCategoryField}, {"value", a.category.label}}})}};
    if (a.draft.mode != "none" && !a.draft.text.empty()) {
        const std::string prefix = a.draft.mode == "auto_send_candidate" ? "[Draft - auto-send candidate, one click to send]\n\n"
                                                                         : "[AI-generated draft - Please review before sending]\n\n";
        ticket["comment"] = json{{"body", prefix + a.draft.text}, {"public", false}};
    }
    // The path is made from the parsed number, never from the input's text.
    return json{{"method", "PUT"}, {"path", "/api/v2/tickets/" + std::to_string(zendeskId) + ".json"}, {"body", json{{"ticket", ticket}}}};
}

std::string svgBars(const std::vector<std::pair<std::string, double>> &bars, const std::string &unit,
                    const std::vector<std::pair<double, double>> &ranges = {}, const std::vector<std::string> &colours = {})
{
    const int rowH = 26, labelW = 190, barW = 420;
    double max = 0;
    for (const auto &b : bars)
        max = std::max(max, b.second);
    for (const auto &r : ranges)
        max = std::max(max, r.second);
    if (max <= 0)
        max = 1;
    std::string s = "<svg xmlns='http://www.w3.org/2000/svg' width='" + std::to_string(labelW + barW + 80) + "' height='" +
                    std::to_string(rowH * bars.size() + 8) + "' role='img'>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const int y = static_cast<int>(i) * rowH + 4;
        const int w = static_cast<int>(barW * bars[i].second / max);
        const std::string colour = i < colours.size() ? colours[i] : "#5b7fa6";
        s += "<text x='0' y='" + std::to_string(y + 16) + "' font-size='13'>" + TriageReport::htmlEscape(bars[i].first) + "</text>";
        if (i < ranges.size()) {
            const int x0 = labelW + static_cast<int>(barW * ranges[i].first / max);
            const int x1 = labelW + static_cast<int>(barW * ranges[i].second / max);
            s += "<rect x='" + std::to_string(x0) + "' y='" + std::to_string(y) + "' width='" + std::to_string(std::max(2, x1 - x0)) +
                 "' height='20' fill='#e6e6e6'/>";
        }
        s += "<rect x='" + std::to_string(labelW) + "' y='" + std::to_string(y + 4) + "' width='" + std::to_string(std::max(1, w)) +
             "' height='12' fill='" + colour + "'/>";
        char value[32];
        std::snprintf(value, sizeof value, unit == "%" ? "%.1f%%" : "%.0f", bars[i].second);
        s += "<text x='" + std::to_string(labelW + w + 6) + "' y='" + std::to_string(y + 15) + "' font-size='12'>" + value + "</text>";
    }
    return s + "</svg>";
}

} // namespace

Result<void> TriageReport::writeFull(const TriageRun &run, const QString &folder)
{
    std::string out;
    for (const auto &a : *run.assessments)
        out += triage::toFullJson(a).dump() + "\n";
    return save(folder, QStringLiteral("triage_full.jsonl"), out);
}

Result<void> TriageReport::write(const TriageRun &run, const QString &folder)
{
    if (!QDir().mkpath(folder))
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot create the folder %1.").arg(folder));
    const auto &tickets = *run.tickets;
    const auto &assessments = *run.assessments;
    const std::size_t n = std::min(tickets.size(), assessments.size());
    const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();

    std::string jsonl;
    json calls = json::array(), guardian = json::array(), opportunity = json::array();
    std::map<std::string, int> byPriority, byTeam, byCategory, bySentiment;
    int drafts = 0, autoSend = 0, withoutZendeskId = 0;
    std::vector<std::string> noIdExamples;
    std::vector<std::string> priorityLabels;
    for (triage::Priority p : triage::kAllPriorities)
        priorityLabels.emplace_back(triage::priorityName(p));
    triage::Evaluation agreement(priorityLabels);
    const std::string delivery = run.demoMode ? "not sent (demo mode)" : "not sent: no notifier configured";
    for (std::size_t i = 0; i < n; ++i) {
        const ImportedTicket &t = tickets[i];
        const triage::Assessment &a = assessments[i];
        jsonl += triage::toResultJson(a).dump() + "\n";
        if (const auto id = t.positionalId ? std::nullopt : zendeskTicketId(t.id)) {
            calls.push_back(zendeskCall(*id, a));
        } else {
            ++withoutZendeskId;
            if (noIdExamples.size() < 5)
                noIdExamples.push_back(t.positionalId || t.id.empty() ? "line " + std::to_string(t.line) : t.id);
        }
        ++byPriority[std::string(triage::priorityName(a.priority.priority))];
        ++byTeam[a.team.label];
        ++byCategory[a.category.label];
        ++bySentiment[a.sentiment.label];
        drafts += a.draft.mode != "none";
        autoSend += a.autoResolved;
        if (!t.actualPriority.empty())
            agreement.add(static_cast<int>(*triage::parsePriority(t.actualPriority)), static_cast<int>(a.priority.priority));
        if (a.guardian.alert)
            guardian.push_back(json{{"ticket_id", t.id},
                                    {"customer", t.customer},
                                    {"subject", t.subject},
                                    {"score", a.guardian.score},
                                    {"level", a.guardian.level},
                                    {"reasons", a.guardian.reasons},
                                    {"recommended_action", a.guardian.action},
                                    {"sentiment", a.sentiment.label},
                                    {"mrr", t.mrr},
                                    {"logged_at", now},
                                    {"delivery", delivery}});
        if (a.opportunity.alert) {
            json signals = json::array(), evidence = json::array();
            for (const auto &s : a.opportunity.signals) {
                signals.push_back(s.name);
                evidence.push_back(json{{"signal", s.name}, {"text", s.evidence.text}, {"source", s.evidence.source}});
            }
            opportunity.push_back(json{{"ticket_id", t.id},
                                       {"customer", t.customer},
                                       {"subject", t.subject},
                                       {"score", a.opportunity.score},
                                       {"signals", signals},
                                       {"evidence", evidence},
                                       {"mrr", t.mrr},
                                       {"logged_at", now},
                                       {"delivery", delivery}});
        }
    }
    auto share = [&](int count) { return n ? 100.0 * count / static_cast<double>(n) : 0.0; };
    json mix = json::object();
    for (std::size_t p = 0; p < priorityLabels.size(); ++p)
        mix[priorityLabels[p]] = json{{"count", byPriority[priorityLabels[p]]},
                                      {"percent", std::round(share(byPriority[priorityLabels[p]]) * 10) / 10},
                                      {"target_percent", json::array({run.targets[p].first, run.targets[p].second})}};
    json metrics{{"input", run.input.toStdString()},
                 {"profile", run.profileName.toStdString()},
                 {"generated_at", now},
                 {"demo_mode", run.demoMode},
                 {"tickets", n},
                 {"priority_mix", mix},
                 {"teams", byTeam},
                 {"categories", byCategory},
                 {"sentiments", bySentiment},
                 {"guardian_alerts", guardian.size()},
                 {"guardian_alert_rate", std::round(share(static_cast<int>(guardian.size())) * 10) / 10},
                 {"opportunity_alerts", opportunity.size()},
                 {"opportunity_alert_rate", std::round(share(static_cast<int>(opportunity.size())) * 10) / 10},
                 {"drafts", drafts},
                 {"zendesk_updates", calls.size()},
                 {"tickets_without_zendesk_id", withoutZendeskId},
                 {"auto_send_candidates", autoSend},
                 {"auto_resolution_rate", std::round(share(autoSend) * 10) / 10},
                 {"processing_seconds", std::round(run.seconds * 1000) / 1000},
                 {"tickets_per_second", run.seconds > 0 ? std::round(n / run.seconds) : 0},
                 {"microseconds_per_ticket", n ? std::round(run.seconds * 1e6 / n * 10) / 10 : 0}};
    if (agreement.n > 0)
        metrics["priority_agreement"] = agreement.toJson();

    // The HTML report: self-contained, every value from a ticket escaped.
    std::string h = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>CosmicDesk triage report</title><style>"
                    "body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
                    "table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px "
                    "8px;text-align:left;vertical-align:top}"
                    ".b{display:inline-block;padding:1px 6px;border-radius:4px;color:#fff;font-weight:bold}"
                    ".P0{background:#d32f2f}.P1{background:#ef6c00}.P2{background:#1e88e5}.P3{background:#8a8a8a}"
                    ".kpi{display:inline-block;margin-right:28px}.kpi b{font-size:22px;display:block}</style></head><body>";
    h += "<h1>CosmicDesk triage report</h1><p>" + htmlEscape(run.input.toStdString()) + " · profile " +
         htmlEscape(run.profileName.toStdString()) + " · " + now + (run.demoMode ? " · demo mode (no alerts sent)" : "") + "</p>";
    h += "<div><span class='kpi'><b>" + std::to_string(n) + "</b>tickets</span><span class='kpi'><b>" + std::to_string(guardian.size()) +
         "</b>Guardian alerts</span><span class='kpi'><b>" + std::to_string(opportunity.size()) +
         "</b>Opportunities</span><span class='kpi'><b>" + std::to_string(drafts) + "</b>drafts</span><span class='kpi'><b>" +
         std::to_string(autoSend) + "</b>auto-send candidates</span>";
    if (agreement.n > 0) {
        char acc[32];
        std::snprintf(acc, sizeof acc, "%.1f%%", agreement.accuracy() * 100);
        h += "<span class='kpi'><b>" + std::string(acc) + "</b>agreement with agents (" + std::to_string(agreement.n) + ")</span>";
    }
    h += "</div>";
    if (withoutZendeskId > 0) {
        std::string examples;
        for (const auto &e : noIdExamples)
            examples += (examples.empty() ? "" : ", ") + htmlEscape(e);
        h += "<p>" + std::to_string(withoutZendeskId) + (withoutZendeskId == 1 ? " ticket has" : " tickets have") +
             " no Zendesk id (a positive whole number), so no Zendesk update was prepared for " + (withoutZendeskId == 1 ? "it" : "them") +
             " (" + examples + (withoutZendeskId > 5 ? ", …" : "") + ").</p>";
    }
    std::vector<std::pair<std::string, double>> mixBars;
    std::vector<std::pair<double, double>> ranges;
    for (std::size_t p = 0; p < priorityLabels.size(); ++p) {
        mixBars.emplace_back(priorityLabels[p], share(byPriority[priorityLabels[p]]));
        ranges.push_back(run.targets[p]);
    }
    h += "<h2>Priority mix (grey: target range)</h2>" + svgBars(mixBars, "%", ranges, {"#d32f2f", "#ef6c00", "#1e88e5", "#8a8a8a"});
    std::vector<std::pair<std::string, double>> teamBars(byTeam.begin(), byTeam.end()),
        sentimentBars(bySentiment.begin(), bySentiment.end()), categoryBars(byCategory.begin(), byCategory.end());
    h += "<h2>Teams</h2>" + svgBars(teamBars, "") + "<h2>Categories</h2>" + svgBars(categoryBars, "") + "<h2>Tone</h2>" +
         svgBars(sentimentBars, "");
    if (agreement.n > 0) {
        h += "<h2>Agreement with the agents' priority</h2><table><tr><th>agent \\ engine</th>";
        for (const auto &l : priorityLabels)
            h += "<th>" + l + "</th>";
        h += "</tr>";
        for (std::size_t e = 0; e < priorityLabels.size(); ++e) {
            h += "<tr><th>" + priorityLabels[e] + "</th>";
            for (std::size_t p = 0; p < priorityLabels.size(); ++p)
                h += "<td>" + std::to_string(agreement.confusion[e][p]) + "</td>";
            h += "</tr>";
        }
        h += "</table>";
    }
    auto row = [&](std::size_t i) {
        const auto &t = tickets[i];
        const auto &a = assessments[i];
        const std::string p(triage::priorityName(a.priority.priority));
        return "<tr><td>" + htmlEscape(t.id) + "</td><td><span class='b " + p + "'>" + p + "</span></td><td>" + htmlEscape(t.subject) +
               "<br><small>" + htmlEscape(a.priority.why) + "</small></td><td>" + htmlEscape(a.team.label) + "</td><td>" +
               htmlEscape(a.category.label) + "</td><td>" + htmlEscape(a.sentiment.label) + "</td><td>" +
               (a.guardian.level == "none" ? std::string() : htmlEscape(a.guardian.level) + " " + std::to_string(a.guardian.score)) +
               "</td><td>" + (a.opportunity.alert ? std::to_string(a.opportunity.score) : std::string()) + "</td><td>" +
               htmlEscape(a.draft.mode) + "</td></tr>";
    };
    const std::string head = "<table><tr><th>ticket</th><th>priority</th><th>subject · why</th><th>team</th><th>category</th>"
                             "<th>tone</th><th>Guardian</th><th>Opp.</th><th>draft</th></tr>";
    std::vector<std::size_t> alerts;
    for (std::size_t i = 0; i < n; ++i)
        if (assessments[i].guardian.alert)
            alerts.push_back(i);
    std::sort(alerts.begin(), alerts.end(),
              [&](std::size_t x, std::size_t y) { return assessments[x].guardian.score > assessments[y].guardian.score; });
    h += "<h2>Guardian alerts</h2>" + head;
    for (std::size_t k = 0; k < alerts.size() && k < 200; ++k)
        h += row(alerts[k]);
    h += "</table><h2>Opportunities</h2>" + head;
    for (std::size_t i = 0, shown = 0; i < n && shown < 200; ++i)
        if (assessments[i].opportunity.alert) {
            h += row(i);
            ++shown;
        }
    h += "</table><h2>All tickets" + std::string(n > 1000 ? " (first 1000)" : "") + "</h2>" + head;
    for (std::size_t i = 0; i < n && i < 1000; ++i)
        h += row(i);
    h += "</table></body></html>\n";

    for (const auto &[name, content] :
         std::initializer_list<std::pair<QString, std::string>>{{QStringLiteral("triage_results.jsonl"), jsonl},
                                                                {QStringLiteral("zendesk_api_calls.json"), calls.dump(2)},
                                                                {QStringLiteral("guardian_alerts_log.json"), guardian.dump(2)},
                                                                {QStringLiteral("opportunity_alerts_log.json"), opportunity.dump(2)},
                                                                {QStringLiteral("metrics_summary.json"), metrics.dump(2)},
                                                                {QStringLiteral("triage_report.html"), h}}) {
        if (auto r = save(folder, name, content); !r.ok())
            return r;
    }
    return {};
}

} // namespace cosmicdesk::models
