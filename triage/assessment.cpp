#include "assessment.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cosmicdesk::triage {

using nlohmann::json;

namespace {

template <typename E, std::size_t N> std::optional<E> parseName(std::string_view text, const std::array<std::string_view, N> &names)
{
    for (std::size_t i = 0; i < N; ++i)
        if (text == names[i])
            return static_cast<E>(i);
    return std::nullopt;
}

constexpr std::array<std::string_view, 4> kSourceNames{"subject", "body", "rule", "account"};
constexpr std::array<std::string_view, 4> kSentimentNames{"positive", "neutral", "frustrated", "aggressive"};
constexpr std::array<std::string_view, 4> kLevelNames{"none", "watch", "alert", "critical"};
constexpr std::array<std::string_view, 3> kModeNames{"none", "internal_note", "auto_send_candidate"};

// A name of a closed vocabulary in a stored assessment: a missing one is the default, an unknown one
// makes the assessment unreadable (thrown to fromFullJson).
struct UnknownName
{
};
template <typename E, std::size_t N> E enumFrom(const json &j, const char *key, E fallback, const std::array<std::string_view, N> &names)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return fallback;
    const auto v = parseName<E>(it->template get<std::string>(), names);
    if (!v)
        throw UnknownName{};
    return *v;
}

// Figures keep four decimals: more would be noise (the models compute in float) and bytes.
double r4(double v)
{
    return std::round(v * 10000.0) / 10000.0;
}

json evidenceJson(const Evidence &e)
{
    json j{{"text", e.text}, {"source", evidenceSourceName(e.source)}, {"weight", r4(e.weight)}};
    if (isTextSource(e.source)) {
        j["start"] = e.begin;
        j["end"] = e.end;
    }
    return j;
}

json evidenceList(const std::vector<Evidence> &list)
{
    json a = json::array();
    for (const auto &e : list)
        a.push_back(evidenceJson(e));
    return a;
}

Evidence evidenceFrom(const json &j)
{
    Evidence e;
    e.text = j.value("text", std::string());
    e.source = enumFrom(j, "source", EvidenceSource::Rule, kSourceNames);
    e.weight = j.value("weight", 0.0);
    e.begin = j.value("start", 0u);
    e.end = j.value("end", 0u);
    return e;
}

std::vector<Evidence> evidenceListFrom(const json &j)
{
    std::vector<Evidence> out;
    if (j.is_array())
        for (const auto &e : j)
            out.push_back(evidenceFrom(e));
    return out;
}

json probabilities(const std::array<double, kPriorityCount> &p)
{
    json j = json::object();
    for (Priority pr : kAllPriorities)
        j[std::string(priorityName(pr))] = r4(p[static_cast<std::size_t>(pr)]);
    return j;
}

json guardianJson(const GuardianResult &g)
{
    return json{{"score", g.score}, {"level", guardianLevelName(g.level)}, {"alert", g.alert}, {"reasons", g.reasons}};
}

json opportunityJson(const OpportunityResult &o)
{
    json signals = json::array(), evidence = json::array();
    for (const auto &s : o.signals) {
        signals.push_back(s.name);
        json e = evidenceJson(s.evidence);
        e["signal"] = s.name;
        evidence.push_back(std::move(e));
    }
    return json{{"alert", o.alert}, {"score", o.score}, {"signals", signals}, {"evidence", evidence}};
}

json draftJson(const DraftResult &d)
{
    return json{{"mode", draftModeName(d.mode)},
                {"confidence", r4(d.confidence)},
                {"kb_article", d.kbArticle.empty() ? json(nullptr) : json(d.kbArticle)},
                {"text", d.text}};
}

json labelJson(const LabelResult &l)
{
    json p = json::object();
    for (const auto &[k, v] : l.probabilities)
        p[k] = r4(v);
    return json{{"label", l.label}, {"confidence", r4(l.confidence)}, {"probabilities", p}, {"evidence", evidenceList(l.evidence)}};
}

LabelResult labelFrom(const json &j)
{
    LabelResult l;
    l.label = j.value("label", std::string());
    l.confidence = j.value("confidence", 0.0);
    if (auto p = j.find("probabilities"); p != j.end() && p->is_object())
        for (auto it = p->begin(); it != p->end(); ++it)
            l.probabilities.emplace_back(it.key(), it.value().get<double>());
    std::sort(l.probabilities.begin(), l.probabilities.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    l.evidence = evidenceListFrom(j.value("evidence", json::array()));
    return l;
}

} // namespace

std::string_view evidenceSourceName(EvidenceSource s)
{
    return kSourceNames[static_cast<std::size_t>(s)];
}
std::optional<EvidenceSource> parseEvidenceSource(std::string_view text)
{
    return parseName<EvidenceSource>(text, kSourceNames);
}
std::string_view sentimentName(Sentiment s)
{
    return kSentimentNames[static_cast<std::size_t>(s)];
}
std::optional<Sentiment> parseSentiment(std::string_view text)
{
    return parseName<Sentiment>(text, kSentimentNames);
}
std::string_view guardianLevelName(GuardianLevel l)
{
    return kLevelNames[static_cast<std::size_t>(l)];
}
std::optional<GuardianLevel> parseGuardianLevel(std::string_view text)
{
    return parseName<GuardianLevel>(text, kLevelNames);
}
std::string_view draftModeName(DraftMode m)
{
    return kModeNames[static_cast<std::size_t>(m)];
}
std::optional<DraftMode> parseDraftMode(std::string_view text)
{
    return parseName<DraftMode>(text, kModeNames);
}

json toResultJson(const Assessment &a)
{
    return json{{"ticket_id", a.ticketId},
                {"priority", std::string(priorityName(a.priority.priority))},
                {"priority_probabilities", probabilities(a.priority.probabilities)},
                {"team", a.team.label},
                {"category", a.category.label},
                {"sentiment", sentimentName(a.sentiment.label)},
                {"guardian", guardianJson(a.guardian)},
                {"opportunity", opportunityJson(a.opportunity)},
                {"draft", draftJson(a.draft)},
                {"auto_resolved", a.autoResolved}};
}

json toFullJson(const Assessment &a)
{
    json j = toResultJson(a);
    j["language"] = a.language;
    j["priority_detail"] =
        json{{"confidence", r4(a.priority.confidence)}, {"why", a.priority.why}, {"evidence", evidenceList(a.priority.evidence)}};
    j["team_detail"] = labelJson(a.team);
    j["category_detail"] = labelJson(a.category);
    j["sentiment_detail"] = json{{"compound", r4(a.sentiment.compound)}, {"evidence", evidenceList(a.sentiment.evidence)}};
    j["guardian"]["action"] = a.guardian.action;
    j["opportunity"]["ignored"] = a.opportunity.ignored;
    j["draft"]["complexity"] = r4(a.draft.complexity);
    j["draft"]["notes"] = a.draft.notes;
    return j;
}

std::optional<Assessment> fromFullJson(const json &j)
{
    if (!j.is_object())
        return std::nullopt;
    try {
        Assessment a;
        a.ticketId = j.value("ticket_id", std::string());
        a.language = j.value("language", std::string("en"));
        const auto p = parsePriority(j.at("priority").get<std::string>());
        if (!p)
            return std::nullopt;
        a.priority.priority = *p;
        const auto &probs = j.at("priority_probabilities");
        for (Priority pr : kAllPriorities)
            a.priority.probabilities[static_cast<std::size_t>(pr)] = probs.value(std::string(priorityName(pr)), 0.0);
        if (auto d = j.find("priority_detail"); d != j.end()) {
            a.priority.confidence = d->value("confidence", 0.0);
            a.priority.why = d->value("why", std::string());
            a.priority.evidence = evidenceListFrom(d->value("evidence", json::array()));
        }
        a.team = j.contains("team_detail") ? labelFrom(j["team_detail"]) : LabelResult{j.value("team", std::string()), 0, {}, {}};
        a.category =
            j.contains("category_detail") ? labelFrom(j["category_detail"]) : LabelResult{j.value("category", std::string()), 0, {}, {}};
        a.sentiment.label = enumFrom(j, "sentiment", Sentiment::Neutral, kSentimentNames);
        if (auto d = j.find("sentiment_detail"); d != j.end()) {
            a.sentiment.compound = d->value("compound", 0.0);
            a.sentiment.evidence = evidenceListFrom(d->value("evidence", json::array()));
        }
        const auto &g = j.at("guardian");
        a.guardian.score = g.value("score", 0);
        a.guardian.level = enumFrom(g, "level", GuardianLevel::None, kLevelNames);
        a.guardian.alert = g.value("alert", false);
        a.guardian.reasons = g.value("reasons", std::vector<std::string>());
        a.guardian.action = g.value("action", std::string());
        const auto &o = j.at("opportunity");
        a.opportunity.alert = o.value("alert", false);
        a.opportunity.score = o.value("score", 0);
        a.opportunity.ignored = o.value("ignored", std::vector<std::string>());
        for (const auto &e : o.value("evidence", json::array())) {
            OpportunitySignal s;
            s.name = e.value("signal", std::string());
            s.evidence = evidenceFrom(e);
            s.score = static_cast<int>(s.evidence.weight);
            a.opportunity.signals.push_back(std::move(s));
        }
        const auto &d = j.at("draft");
        a.draft.mode = enumFrom(d, "mode", DraftMode::None, kModeNames);
        a.draft.confidence = d.value("confidence", 0.0);
        a.draft.kbArticle = d.contains("kb_article") && d["kb_article"].is_string() ? d["kb_article"].get<std::string>() : std::string();
        a.draft.text = d.value("text", std::string());
        a.draft.complexity = d.value("complexity", 0.0);
        a.draft.notes = d.value("notes", std::vector<std::string>());
        a.autoResolved = j.value("auto_resolved", false);
        return a;
    } catch (const json::exception &) {
        return std::nullopt;
    } catch (const UnknownName &) {
        return std::nullopt;
    }
}

} // namespace cosmicdesk::triage
