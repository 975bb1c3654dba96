#include "triagereport.h"

#include <triage/metrics.h>
#include <triage/textutil.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <queue>
#include <set>
#include <tuple>

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

std::string slug(std::string s)
{
    std::string out;
    for (char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out.push_back(triage::asciiLower(c));
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
                                  "team_" + slug(a.team.label), "category_" + a.category.label,
                                  "sentiment_" + std::string(triage::sentimentName(a.sentiment.label))};
    if (a.guardian.alert)
        tags.push_back("guardian_" + std::string(triage::guardianLevelName(a.guardian.level)));
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
    if (a.draft.mode != triage::DraftMode::None && !a.draft.text.empty()) {
        const std::string prefix = a.draft.mode == triage::DraftMode::AutoSendCandidate
                                       ? "[Draft - auto-send candidate, one click to send]\n\n"
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

// One output file of the report, written as it goes; the first failure is kept.
class ReportFile
{
public:
    explicit ReportFile(const QString &path) : m_file(path) { m_ok = m_file.open(QIODevice::WriteOnly | QIODevice::Truncate); }
    void write(std::string_view text)
    {
        if (m_ok && m_file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
            m_ok = false;
    }
    Result<void> close()
    {
        if (m_ok && !m_file.flush())
            m_ok = false;
        const QString why = m_file.errorString();
        m_file.close();
        if (!m_ok)
            return Error::make(Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), why));
        return {};
    }

private:
    QFile m_file;
    bool m_ok = false;
};

// A JSON array written element by element, laid out as json::dump(2) lays out a whole one.
class JsonArrayFile
{
public:
    explicit JsonArrayFile(const QString &path) : m_file(path) {}
    void add(const json &element)
    {
        std::string text = element.dump(2);
        std::string indented;
        indented.reserve(text.size() + 64);
        for (char c : text) {
            indented.push_back(c);
            if (c == '\n')
                indented += "  "; // dump() escapes newlines inside strings: every '\n' here is layout
        }
        m_file.write(m_count++ == 0 ? "[\n  " : ",\n  ");
        m_file.write(indented);
    }
    std::size_t size() const { return m_count; }
    Result<void> close()
    {
        m_file.write(m_count == 0 ? "[]" : "\n]");
        return m_file.close();
    }

private:
    ReportFile m_file;
    std::size_t m_count = 0;
};

std::string rowHtml(const ImportedTicket &t, const triage::Assessment &a)
{
    const std::string p(triage::priorityName(a.priority.priority));
    return "<tr><td>" + TriageReport::htmlEscape(t.id) + "</td><td><span class='b " + p + "'>" + p + "</span></td><td>" +
           TriageReport::htmlEscape(t.subject) + "<br><small>" + TriageReport::htmlEscape(a.priority.why) + "</small></td><td>" +
           TriageReport::htmlEscape(a.team.label) + "</td><td>" + TriageReport::htmlEscape(a.category.label) + "</td><td>" +
           TriageReport::htmlEscape(triage::sentimentName(a.sentiment.label)) + "</td><td>" +
           (a.guardian.level == triage::GuardianLevel::None
                ? std::string()
                : TriageReport::htmlEscape(triage::guardianLevelName(a.guardian.level)) + " " + std::to_string(a.guardian.score)) +
           "</td><td>" + (a.opportunity.alert ? std::to_string(a.opportunity.score) : std::string()) + "</td><td>" +
           TriageReport::htmlEscape(triage::draftModeName(a.draft.mode)) + "</td></tr>";
}

constexpr std::size_t kAlertRows = 200, kAllRows = 1000;

// Puts the finished staging folder where the report goes. A folder that holds only report files is
// replaced whole (two renames); one that holds other files too keeps them, and its report files are
// replaced one rename each.
Result<void> moveIntoPlace(const QString &staging, const QString &folder)
{
    const QFileInfo target(folder);
    auto failed = [&](const QString &what) {
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot move the report into %1: %2.").arg(folder, what));
    };
    if (!target.exists())
        return QDir().rename(staging, folder) ? Result<void>() : failed(QStringLiteral("renaming the new folder failed"));
    if (!target.isDir())
        return Error::make(Error::Kind::Config, QStringLiteral("%1 is a file, not a folder.").arg(folder));
    const QStringList entries = QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    const QStringList &ours = TriageReport::fileNames();
    const bool onlyReports = std::all_of(entries.begin(), entries.end(), [&](const QString &e) { return ours.contains(e); });
    if (onlyReports) {
        QTemporaryDir asideName(target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".old-XXXXXX"));
        if (!asideName.isValid())
            return failed(asideName.errorString());
        const QString aside = asideName.path();
        asideName.remove(); // only its unique name is wanted
        if (!QDir().rename(folder, aside))
            return failed(QStringLiteral("moving the old report aside failed"));
        if (!QDir().rename(staging, folder)) {
            QDir().rename(aside, folder);
            return failed(QStringLiteral("renaming the new folder failed; the old report is back"));
        }
        QDir(aside).removeRecursively();
        return {};
    }
    for (const QString &name : ours) {
        const QString from = QDir(staging).filePath(name), to = QDir(folder).filePath(name);
        std::error_code ec;
        if (QFile::exists(from))
            std::filesystem::rename(from.toStdString(), to.toStdString(), ec); // replaces `to` in one step
        else
            QFile::remove(to); // a file of an earlier run that this one does not write
        if (ec)
            return failed(QString::fromStdString(ec.message()));
    }
    QDir(staging).removeRecursively();
    return {};
}

} // namespace

const QStringList &TriageReport::fileNames()
{
    static const QStringList names{QStringLiteral("triage_results.jsonl"),     QStringLiteral("zendesk_api_calls.json"),
                                   QStringLiteral("guardian_alerts_log.json"), QStringLiteral("opportunity_alerts_log.json"),
                                   QStringLiteral("metrics_summary.json"),     QStringLiteral("triage_report.html"),
                                   QStringLiteral("triage_full.jsonl")};
    return names;
}

struct TriageReport::State
{
    State(const QString &staging, const Options &o)
        : options(o), jsonl(QDir(staging).filePath(QStringLiteral("triage_results.jsonl"))),
          calls(QDir(staging).filePath(QStringLiteral("zendesk_api_calls.json"))),
          guardian(QDir(staging).filePath(QStringLiteral("guardian_alerts_log.json"))),
          opportunity(QDir(staging).filePath(QStringLiteral("opportunity_alerts_log.json"))), agreement(labels())
    {
        if (o.full)
            full = std::make_unique<ReportFile>(QDir(staging).filePath(QStringLiteral("triage_full.jsonl")));
    }
    static std::vector<std::string> labels()
    {
        std::vector<std::string> out;
        for (triage::Priority p : triage::kAllPriorities)
            out.emplace_back(triage::priorityName(p));
        return out;
    }

    Options options;
    QString folder;
    std::unique_ptr<QTemporaryDir> staging;
    std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    ReportFile jsonl;
    JsonArrayFile calls, guardian, opportunity;
    std::unique_ptr<ReportFile> full;
    Summary summary;
    std::map<std::string, int> byTeam, byCategory, bySentiment;
    int autoSend = 0, withoutZendeskId = 0;
    std::vector<std::string> noIdExamples;
    triage::Evaluation agreement;
    // The HTML report's tables: the strongest Guardian alerts (score, then input order), the first
    // opportunities and the first tickets. Bounded, whatever the input's size.
    using Ranked = std::tuple<int, std::size_t, std::string>; // -score, position, row
    std::priority_queue<Ranked> topAlerts;                    // the weakest of the kept on top
    std::vector<std::string> opportunityRows, allRows;
    bool finished = false;
};

TriageReport::TriageReport(std::unique_ptr<State> state) : m(std::move(state)) {}

TriageReport::~TriageReport() = default;

Result<std::unique_ptr<TriageReport>> TriageReport::begin(const QString &folder, Options options)
{
    const QString clean = QDir::cleanPath(folder);
    const QFileInfo target(clean);
    if (target.exists() && !target.isDir())
        return Error::make(Error::Kind::Config, QStringLiteral("%1 is a file, not a folder.").arg(folder));
    if (!QDir().mkpath(target.absolutePath()))
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot create the folder %1.").arg(target.absolutePath()));
    // Beside the target, so that moving it into place is a rename on the same file system.
    auto staging =
        std::make_unique<QTemporaryDir>(target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".tmp-XXXXXX"));
    if (!staging->isValid())
        return Error::make(Error::Kind::Storage,
                           QStringLiteral("Cannot create a folder beside %1: %2").arg(folder, staging->errorString()));
    QFile::setPermissions(staging->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                               QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                               QFileDevice::ExeOther);
    auto state = std::make_unique<State>(staging->path(), options);
    state->folder = clean;
    state->staging = std::move(staging);
    return std::unique_ptr<TriageReport>(new TriageReport(std::move(state)));
}

const TriageReport::Summary &TriageReport::summary() const
{
    return m->summary;
}

void TriageReport::add(const ImportedTicket &t, const triage::Assessment &a)
{
    State &s = *m;
    const std::size_t position = s.summary.tickets++;
    s.jsonl.write(triage::toResultJson(a).dump() + "\n");
    if (s.full)
        s.full->write(triage::toFullJson(a).dump() + "\n");
    if (t.closed()) {
        ++s.summary.closed;
    } else if (const auto id = t.positionalId ? std::nullopt : zendeskTicketId(t.id)) {
        s.calls.add(zendeskCall(*id, a));
    } else {
        ++s.withoutZendeskId;
        if (s.noIdExamples.size() < 5)
            s.noIdExamples.push_back(t.positionalId || t.id.empty() ? "line " + std::to_string(t.line) : t.id);
    }
    ++s.summary.byPriority[std::string(triage::priorityName(a.priority.priority))];
    ++s.byTeam[a.team.label];
    ++s.byCategory[a.category.label];
    ++s.bySentiment[std::string(triage::sentimentName(a.sentiment.label))];
    s.summary.drafts += a.draft.mode != triage::DraftMode::None;
    s.autoSend += a.autoResolved;
    if (!t.actualPriority.empty() && t.labelIsDefault) {
        ++s.summary.defaultLabels;
    } else if (!t.actualPriority.empty()) {
        const int actual = static_cast<int>(*triage::parsePriority(t.actualPriority));
        s.agreement.add(actual, static_cast<int>(a.priority.priority));
        ++s.summary.labelled;
        s.summary.agreed += actual == static_cast<int>(a.priority.priority);
    }
    const std::string delivery = s.options.demoMode ? "not sent (demo mode)" : "not sent: no notifier configured";
    if (a.guardian.alert) {
        ++s.summary.guardian;
        s.guardian.add(json{{"ticket_id", t.id},
                            {"customer", t.customer},
                            {"subject", t.subject},
                            {"score", a.guardian.score},
                            {"level", triage::guardianLevelName(a.guardian.level)},
                            {"reasons", a.guardian.reasons},
                            {"recommended_action", a.guardian.action},
                            {"sentiment", triage::sentimentName(a.sentiment.label)},
                            {"mrr", t.mrr},
                            {"logged_at", s.now},
                            {"delivery", delivery}});
        const int key = -a.guardian.score;
        if (s.topAlerts.size() < kAlertRows ||
            std::make_pair(key, position) < std::make_pair(std::get<0>(s.topAlerts.top()), std::get<1>(s.topAlerts.top()))) {
            s.topAlerts.emplace(key, position, rowHtml(t, a));
            if (s.topAlerts.size() > kAlertRows)
                s.topAlerts.pop();
        }
    }
    if (a.opportunity.alert) {
        ++s.summary.opportunity;
        json signals = json::array(), evidence = json::array();
        for (const auto &sig : a.opportunity.signals) {
            signals.push_back(sig.name);
            evidence.push_back(
                json{{"signal", sig.name}, {"text", sig.evidence.text}, {"source", triage::evidenceSourceName(sig.evidence.source)}});
        }
        s.opportunity.add(json{{"ticket_id", t.id},
                               {"customer", t.customer},
                               {"subject", t.subject},
                               {"score", a.opportunity.score},
                               {"signals", signals},
                               {"evidence", evidence},
                               {"mrr", t.mrr},
                               {"logged_at", s.now},
                               {"delivery", delivery}});
        if (s.opportunityRows.size() < kAlertRows)
            s.opportunityRows.push_back(rowHtml(t, a));
    }
    if (s.allRows.size() < kAllRows)
        s.allRows.push_back(rowHtml(t, a));
}

Result<void> TriageReport::finish(double seconds)
{
    State &s = *m;
    const std::size_t n = s.summary.tickets;
    const auto &run = s.options;
    const std::vector<std::string> priorityLabels = State::labels();
    auto &byPriority = s.summary.byPriority;
    const std::size_t guardianCount = s.guardian.size(), opportunityCount = s.opportunity.size();
    auto share = [&](double count) { return n ? 100.0 * count / static_cast<double>(n) : 0.0; };
    json mix = json::object();
    for (std::size_t p = 0; p < priorityLabels.size(); ++p)
        mix[priorityLabels[p]] = json{{"count", byPriority[priorityLabels[p]]},
                                      {"percent", std::round(share(byPriority[priorityLabels[p]]) * 10) / 10},
                                      {"target_percent", json::array({run.targets[p].first, run.targets[p].second})}};
    json metrics{{"input", run.input.toStdString()},
                 {"profile", run.profileName.toStdString()},
                 {"generated_at", s.now},
                 {"demo_mode", run.demoMode},
                 {"tickets", n},
                 {"priority_mix", mix},
                 {"teams", s.byTeam},
                 {"categories", s.byCategory},
                 {"sentiments", s.bySentiment},
                 {"guardian_alerts", guardianCount},
                 {"guardian_alert_rate", std::round(share(double(guardianCount)) * 10) / 10},
                 {"opportunity_alerts", opportunityCount},
                 {"opportunity_alert_rate", std::round(share(double(opportunityCount)) * 10) / 10},
                 {"drafts", s.summary.drafts},
                 {"zendesk_updates", s.calls.size()},
                 {"tickets_without_zendesk_id", s.withoutZendeskId},
                 {"closed_tickets_not_updated", s.summary.closed},
                 {"default_priority_labels_not_counted", s.summary.defaultLabels},
                 {"auto_send_candidates", s.autoSend},
                 {"auto_resolution_rate", std::round(share(s.autoSend) * 10) / 10},
                 {"processing_seconds", std::round(seconds * 1000) / 1000},
                 {"tickets_per_second", seconds > 0 ? std::round(double(n) / seconds) : 0},
                 {"microseconds_per_ticket", n ? std::round(seconds * 1e6 / double(n) * 10) / 10 : 0}};
    if (s.agreement.n > 0)
        metrics["priority_agreement"] = s.agreement.toJson();

    // The HTML report: self-contained, every value from a ticket escaped.
    std::string h = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>CosmicDesk triage report</title><style>"
                    "body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
                    "table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:4px "
                    "8px;text-align:left;vertical-align:top}"
                    ".b{display:inline-block;padding:1px 6px;border-radius:4px;color:#fff;font-weight:bold}"
                    ".P0{background:#d32f2f}.P1{background:#ef6c00}.P2{background:#1e88e5}.P3{background:#8a8a8a}"
                    ".kpi{display:inline-block;margin-right:28px}.kpi b{font-size:22px;display:block}</style></head><body>";
    h += "<h1>CosmicDesk triage report</h1><p>" + htmlEscape(run.input.toStdString()) + " · profile " +
         htmlEscape(run.profileName.toStdString()) + " · " + s.now + (run.demoMode ? " · demo mode (no alerts sent)" : "") + "</p>";
    h += "<div><span class='kpi'><b>" + std::to_string(n) + "</b>tickets</span><span class='kpi'><b>" + std::to_string(guardianCount) +
         "</b>Guardian alerts</span><span class='kpi'><b>" + std::to_string(opportunityCount) +
         "</b>Opportunities</span><span class='kpi'><b>" + std::to_string(s.summary.drafts) + "</b>drafts</span><span class='kpi'><b>" +
         std::to_string(s.autoSend) + "</b>auto-send candidates</span>";
    if (s.agreement.n > 0) {
        char acc[32];
        std::snprintf(acc, sizeof acc, "%.1f%%", s.agreement.accuracy() * 100);
        h += "<span class='kpi'><b>" + std::string(acc) + "</b>agreement with agents (" + std::to_string(s.agreement.n) + ")</span>";
    }
    h += "</div>";
    if (s.withoutZendeskId > 0) {
        std::string examples;
        for (const auto &e : s.noIdExamples)
            examples += (examples.empty() ? "" : ", ") + htmlEscape(e);
        h += "<p>" + std::to_string(s.withoutZendeskId) + (s.withoutZendeskId == 1 ? " ticket has" : " tickets have") +
             " no Zendesk id (a positive whole number), so no Zendesk update was prepared for " +
             (s.withoutZendeskId == 1 ? "it" : "them") + " (" + examples + (s.withoutZendeskId > 5 ? ", …" : "") + ").</p>";
    }
    if (s.summary.closed > 0)
        h += "<p>" + std::to_string(s.summary.closed) + (s.summary.closed == 1 ? " closed ticket was" : " closed tickets were") +
             " judged without a Zendesk update: Zendesk refuses updates to closed tickets.</p>";
    if (s.summary.defaultLabels > 0)
        h += "<p>" + std::to_string(s.summary.defaultLabels) +
             " tickets carry Zendesk's default priority <i>normal</i>, which nobody chose: they are not counted in the agreement.</p>";
    std::vector<std::pair<std::string, double>> mixBars;
    std::vector<std::pair<double, double>> ranges;
    for (std::size_t p = 0; p < priorityLabels.size(); ++p) {
        mixBars.emplace_back(priorityLabels[p], share(byPriority[priorityLabels[p]]));
        ranges.push_back(run.targets[p]);
    }
    h += "<h2>Priority mix (grey: target range)</h2>" + svgBars(mixBars, "%", ranges, {"#d32f2f", "#ef6c00", "#1e88e5", "#8a8a8a"});
    std::vector<std::pair<std::string, double>> teamBars(s.byTeam.begin(), s.byTeam.end()),
        sentimentBars(s.bySentiment.begin(), s.bySentiment.end()), categoryBars(s.byCategory.begin(), s.byCategory.end());
    h += "<h2>Teams</h2>" + svgBars(teamBars, "") + "<h2>Categories</h2>" + svgBars(categoryBars, "") + "<h2>Tone</h2>" +
         svgBars(sentimentBars, "");
    if (s.agreement.n > 0) {
        h += "<h2>Agreement with the agents' priority</h2><table><tr><th>agent \\ engine</th>";
        for (const auto &l : priorityLabels)
            h += "<th>" + l + "</th>";
        h += "</tr>";
        for (std::size_t e = 0; e < priorityLabels.size(); ++e) {
            h += "<tr><th>" + priorityLabels[e] + "</th>";
            for (std::size_t p = 0; p < priorityLabels.size(); ++p)
                h += "<td>" + std::to_string(s.agreement.confusion[e][p]) + "</td>";
            h += "</tr>";
        }
        h += "</table>";
    }
    const std::string head = "<table><tr><th>ticket</th><th>priority</th><th>subject · why</th><th>team</th><th>category</th>"
                             "<th>tone</th><th>Guardian</th><th>Opp.</th><th>draft</th></tr>";
    std::vector<State::Ranked> alerts;
    for (auto queue = s.topAlerts; !queue.empty(); queue.pop())
        alerts.push_back(queue.top());
    std::reverse(alerts.begin(), alerts.end()); // strongest first
    h += "<h2>Guardian alerts</h2>" + head;
    for (const auto &alert : alerts)
        h += std::get<2>(alert);
    h += "</table><h2>Opportunities</h2>" + head;
    for (const auto &r : s.opportunityRows)
        h += r;
    h += "</table><h2>All tickets" + std::string(n > kAllRows ? " (first 1000)" : "") + "</h2>" + head;
    for (const auto &r : s.allRows)
        h += r;
    h += "</table></body></html>\n";

    const QString staging = s.staging->path();
    ReportFile metricsFile(QDir(staging).filePath(QStringLiteral("metrics_summary.json")));
    metricsFile.write(metrics.dump(2));
    ReportFile html(QDir(staging).filePath(QStringLiteral("triage_report.html")));
    html.write(h);
    for (Result<void> r : {s.jsonl.close(), s.calls.close(), s.guardian.close(), s.opportunity.close(), metricsFile.close(), html.close(),
                           s.full ? s.full->close() : Result<void>()})
        if (!r.ok())
            return r;
    if (auto moved = moveIntoPlace(staging, s.folder); !moved.ok())
        return moved;
    s.staging->setAutoRemove(false); // it is the report folder now
    s.finished = true;
    return {};
}

} // namespace cosmicdesk::models
