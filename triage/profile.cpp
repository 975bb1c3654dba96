#include "profile.h"

#include "assessment.h"
#include "boundedjson.h"
#include "phrasematcher.h"
#include "tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace cosmicdesk::triage {

namespace {

using nlohmann::json;

// Thrown inside the parser only; fromJson() turns it into a ConfigError.
struct Failure
{
    ConfigError error;
};

[[noreturn]] void fail(const std::string &path, const std::string &message)
{
    throw Failure{ConfigError{path, message}};
}

std::string at(const std::string &path, const std::string &key)
{
    return path.empty() ? key : path + "." + key;
}

std::string at(const std::string &path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

const json &member(const json &obj, const std::string &path, const std::string &key)
{
    if (!obj.is_object())
        fail(path, "must be an object");
    auto it = obj.find(key);
    if (it == obj.end())
        fail(at(path, key), "is required");
    return *it;
}

const json *optional(const json &obj, const std::string &key)
{
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string str(const json &v, const std::string &path, bool allowEmpty = false)
{
    if (!v.is_string())
        fail(path, "must be a string");
    std::string s = v.get<std::string>();
    if (!allowEmpty && s.empty())
        fail(path, "must not be empty");
    return s;
}

double number(const json &v, const std::string &path, double lo, double hi)
{
    if (!v.is_number())
        fail(path, "must be a number");
    const double d = v.get<double>();
    if (d < lo || d > hi)
        fail(path, "must be between " + json(lo).dump() + " and " + json(hi).dump());
    return d;
}

int integer(const json &v, const std::string &path, int lo, int hi)
{
    if (!v.is_number_integer())
        fail(path, "must be a whole number");
    const auto i = v.get<long long>();
    if (i < lo || i > hi)
        fail(path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<int>(i);
}

std::vector<std::string> strings(const json &v, const std::string &path, bool allowEmptyList = false)
{
    if (!v.is_array())
        fail(path, "must be a list of strings");
    if (v.empty() && !allowEmptyList)
        fail(path, "must not be empty");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i)
        out.push_back(str(v[i], at(path, i)));
    return out;
}

Priority priorityName(const std::string &s, const std::string &path)
{
    for (Priority p : kAllPriorities)
        if (s == std::string(triage::priorityName(p)))
            return p;
    fail(path, "must be one of P0, P1, P2, P3 (got \"" + s + "\")");
}

Sentiment sentiment(const std::string &s, const std::string &path)
{
    if (const auto v = parseSentiment(s))
        return *v;
    fail(path, "must be one of positive, neutral, frustrated, aggressive (got \"" + s + "\")");
}

std::vector<Priority> priorities(const json &v, const std::string &path)
{
    std::vector<Priority> out;
    for (const auto &s : strings(v, path))
        out.push_back(priorityName(s, path));
    return out;
}

PriorityWeights weights(const json &v, const std::string &path)
{
    if (!v.is_object())
        fail(path, "must be an object of priority weights, e.g. {\"P0\": 1.5}");
    PriorityWeights w{};
    for (auto it = v.begin(); it != v.end(); ++it) {
        const Priority p = priorityName(it.key(), at(path, it.key()));
        w[static_cast<std::size_t>(p)] = static_cast<float>(number(it.value(), at(path, it.key()), -20, 20));
    }
    return w;
}

// A list of phrases the engine's matcher accepts (see phrasematcher.h): a phrase that could never
// match is an error in the profile, not a rule that silently never fires.
std::vector<std::string> phraseList(const json &v, const std::string &path)
{
    std::vector<std::string> out = strings(v, path);
    PhraseMatcher probe;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (probe.add(out[i], 0) < 0)
            fail(at(path, i), "\"" + out[i] +
                                  "\" is no phrase: it needs a word, and \"~\" only between words, and <kind> only of a known "
                                  "kind");
    return out;
}

// A list of single words, compared with the tokens' folded text: each must be one word as the
// tokenizer reads it ("don't" is one word, "out of" two), and is kept folded.
std::vector<std::string> wordList(const json &v, const std::string &path)
{
    std::vector<std::string> out = strings(v, path);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const TokenizedText t = Tokenizer::tokenize(out[i]);
        if (t.tokens.size() != 1 || t.tokens[0].kind != TokenKind::Word)
            fail(at(path, i), "\"" + out[i] + "\" must be one word");
        out[i] = t.tokens[0].text;
    }
    return out;
}

std::vector<std::string> phrases(const json &obj, const std::string &path)
{
    return phraseList(member(obj, path, "phrases"), at(path, "phrases"));
}

// "HH:MM" as minutes after midnight; "24:00" is allowed as an end.
int clockMinutes(const json &v, const std::string &path)
{
    const std::string t = str(v, path);
    const bool shaped = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
                        std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3])) &&
                        std::isdigit(static_cast<unsigned char>(t[4]));
    const int h = shaped ? (t[0] - '0') * 10 + (t[1] - '0') : -1, m = shaped ? (t[3] - '0') * 10 + (t[4] - '0') : -1;
    if (!shaped || m > 59 || h > 24 || (h == 24 && m != 0))
        fail(path, "must be a time of day as \"HH:MM\" (00:00 to 24:00)");
    return h * 60 + m;
}

// The clock settings under "sla": "clock", "business_hours" and "paused_statuses".
void parseSlaClock(SlaTable &table, const json &sla)
{
    if (const json *v = optional(sla, "clock")) {
        const std::string c = str(*v, "sla.clock");
        if (c == "calendar")
            table.clock = SlaTable::Clock::Calendar;
        else if (c == "business")
            table.clock = SlaTable::Clock::Business;
        else
            fail("sla.clock", "must be \"calendar\" or \"business\"");
    }
    if (const json *bh = optional(sla, "business_hours")) {
        if (!bh->is_object())
            fail("sla.business_hours", "must be an object");
        SlaTable::BusinessHours &h = table.businessHours;
        if (const json *v = optional(*bh, "timezone")) {
            h.timezone = str(*v, "sla.business_hours.timezone");
            const bool ianaShaped = std::all_of(h.timezone.begin(), h.timezone.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' || ch == '+';
            });
            if (!ianaShaped)
                fail("sla.business_hours.timezone", "must be an IANA time zone name such as \"Europe/Berlin\"");
        }
        if (const json *v = optional(*bh, "days")) {
            static const std::array<std::string_view, 7> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
            h.days.fill(false);
            for (const std::string &d : strings(*v, "sla.business_hours.days")) {
                const auto it = std::find(names.begin(), names.end(), d);
                if (it == names.end())
                    fail("sla.business_hours.days", "unknown day \"" + d + "\" (use mon, tue, wed, thu, fri, sat, sun)");
                h.days[static_cast<std::size_t>(it - names.begin())] = true;
            }
        }
        if (const json *v = optional(*bh, "start"))
            h.startMinute = clockMinutes(*v, "sla.business_hours.start");
        if (const json *v = optional(*bh, "end"))
            h.endMinute = clockMinutes(*v, "sla.business_hours.end");
        if (h.startMinute >= h.endMinute)
            fail("sla.business_hours", "start must be before end");
    }
    if (const json *v = optional(sla, "paused_statuses")) {
        static const std::array<std::string_view, 4> allowed{"new", "open", "pending", "hold"};
        table.pausedStatuses = strings(*v, "sla.paused_statuses", true);
        for (const std::string &s : table.pausedStatuses)
            if (std::find(allowed.begin(), allowed.end(), s) == allowed.end())
                fail("sla.paused_statuses", "unknown status \"" + s + "\" (use new, open, pending or hold)");
    }
}

void parseInto(Profile &p, const json &j)
{
    if (!j.is_object())
        fail("", "the profile must be a JSON object");
    p.name = str(member(j, "", "name"), "name");

    p.teams = strings(member(j, "", "teams"), "teams");
    p.categories = strings(member(j, "", "categories"), "categories");
    for (const auto *list : {&p.teams, &p.categories}) {
        const std::set<std::string> unique(list->begin(), list->end());
        if (unique.size() != list->size())
            fail(list == &p.teams ? "teams" : "categories", "contains duplicates");
    }
    auto knownTeam = [&](const std::string &t, const std::string &path) {
        if (std::find(p.teams.begin(), p.teams.end(), t) == p.teams.end())
            fail(path, "\"" + t + "\" is not one of the profile's teams");
    };
    auto knownCategory = [&](const std::string &c, const std::string &path) {
        if (std::find(p.categories.begin(), p.categories.end(), c) == p.categories.end())
            fail(path, "\"" + c + "\" is not one of the profile's categories");
    };
    if (const json *ct = optional(j, "category_team")) {
        if (!ct->is_object())
            fail("category_team", "must be an object mapping categories to teams");
        for (auto it = ct->begin(); it != ct->end(); ++it) {
            knownCategory(it.key(), "category_team." + it.key());
            const std::string team = str(it.value(), "category_team." + it.key());
            knownTeam(team, "category_team." + it.key());
            p.categoryTeam[it.key()] = team;
        }
    }

    if (const json *f = optional(j, "features")) {
        if (const json *v = optional(*f, "hash_bits"))
            p.features.hashBits = integer(*v, "features.hash_bits", 12, 22);
        if (const json *v = optional(*f, "bigrams")) {
            if (!v->is_boolean())
                fail("features.bigrams", "must be true or false");
            p.features.bigrams = v->get<bool>();
        }
        if (const json *v = optional(*f, "stemming")) {
            if (!v->is_boolean())
                fail("features.stemming", "must be true or false");
            p.features.stemming = v->get<bool>();
        }
        if (const json *v = optional(*f, "max_text_bytes"))
            p.maxTextBytes = static_cast<std::size_t>(integer(*v, "features.max_text_bytes", 1000, 10000000));
    }

    const json &models = member(j, "", "models");
    p.priorityModel = str(member(models, "models", "priority"), "models.priority");
    p.teamModel = str(member(models, "models", "team"), "models.team");
    p.categoryModel = str(member(models, "models", "category"), "models.category");
    if (const json *w = optional(models, "weights")) {
        if (const json *v = optional(*w, "priority"))
            p.priorityModelWeight = static_cast<float>(number(*v, "models.weights.priority", 0, 5));
        if (const json *v = optional(*w, "team"))
            p.teamModelWeight = static_cast<float>(number(*v, "models.weights.team", 0, 5));
        if (const json *v = optional(*w, "category"))
            p.categoryModelWeight = static_cast<float>(number(*v, "models.weights.category", 0, 5));
    }

    if (const json *rules = optional(j, "priority_rules")) {
        if (!rules->is_array())
            fail("priority_rules", "must be a list");
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = at("priority_rules", i);
            const json &r = (*rules)[i];
            PriorityRule rule;
            rule.label = str(member(r, path, "label"), at(path, "label"));
            rule.phrases = phrases(r, path);
            rule.weights = weights(member(r, path, "weights"), at(path, "weights"));
            if (const json *nw = optional(r, "negated_weights"))
                rule.negatedWeights = weights(*nw, at(path, "negated_weights"));
            p.priorityRules.push_back(std::move(rule));
        }
    }
    auto labelRules = [&](const char *key, bool teams) {
        std::vector<LabelRule> out;
        const json *rules = optional(j, key);
        if (!rules)
            return out;
        if (!rules->is_array())
            fail(key, "must be a list");
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = at(key, i);
            const json &r = (*rules)[i];
            LabelRule rule;
            rule.label = str(member(r, path, "label"), at(path, "label"));
            rule.phrases = phrases(r, path);
            rule.target = str(member(r, path, teams ? "team" : "category"), at(path, teams ? "team" : "category"));
            if (teams)
                knownTeam(rule.target, at(path, "team"));
            else
                knownCategory(rule.target, at(path, "category"));
            rule.weight = static_cast<float>(number(member(r, path, "weight"), at(path, "weight"), -20, 20));
            out.push_back(std::move(rule));
        }
        return out;
    };
    p.teamRules = labelRules("team_rules", true);
    p.categoryRules = labelRules("category_rules", false);

    if (const json *rules = optional(j, "mrr_rules")) {
        if (!rules->is_array())
            fail("mrr_rules", "must be a list");
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = at("mrr_rules", i);
            MrrRule rule;
            rule.label = str(member((*rules)[i], path, "label"), at(path, "label"));
            rule.minMrr = number(member((*rules)[i], path, "min_mrr"), at(path, "min_mrr"), 0, 1e9);
            rule.weights = weights(member((*rules)[i], path, "weights"), at(path, "weights"));
            p.mrrRules.push_back(std::move(rule));
        }
    }
    if (const json *rules = optional(j, "history_rules")) {
        if (!rules->is_array())
            fail("history_rules", "must be a list");
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = at("history_rules", i);
            const json &r = (*rules)[i];
            HistoryRule rule;
            rule.label = str(member(r, path, "label"), at(path, "label"));
            rule.minTickets = integer(member(r, path, "min_tickets"), at(path, "min_tickets"), 1, 1000);
            rule.windowDays = integer(member(r, path, "window_days"), at(path, "window_days"), 1, kHistoryDays);
            if (const json *v = optional(r, "same_category")) {
                if (!v->is_boolean())
                    fail(at(path, "same_category"), "must be true or false");
                rule.sameCategory = v->get<bool>();
            }
            rule.weights = weights(member(r, path, "weights"), at(path, "weights"));
            p.historyRules.push_back(std::move(rule));
        }
    }

    if (const json *q = optional(j, "question_rule")) {
        p.questionRule.enabled = true;
        p.questionRule.weights = weights(member(*q, "question_rule", "weights"), "question_rule.weights");
        if (const json *v = optional(*q, "problem_threshold"))
            p.questionRule.problemThreshold = static_cast<float>(number(*v, "question_rule.problem_threshold", 0, 20));
    }

    if (const json *im = optional(j, "impact")) {
        ImpactConfig &c = p.impact;
        c.entities = phraseList(member(*im, "impact", "entities"), "impact.entities");
        if (const json *v = optional(*im, "large_count"))
            c.largeCount = integer(*v, "impact.large_count", 1, 1000000);
        if (const json *v = optional(*im, "small_count"))
            c.smallCount = integer(*v, "impact.small_count", 1, 1000000);
        if (c.smallCount >= c.largeCount)
            fail("impact.small_count", "must be below impact.large_count");
        if (const json *v = optional(*im, "large_percent"))
            c.largePercent = number(*v, "impact.large_percent", 0, 100);
        if (const json *v = optional(*im, "large_money"))
            c.largeMoney = number(*v, "impact.large_money", 0, 1e12);
        if (const json *v = optional(*im, "large_phrases"))
            c.largePhrases = phraseList(*v, "impact.large_phrases");
        if (const json *v = optional(*im, "small_phrases"))
            c.smallPhrases = phraseList(*v, "impact.small_phrases");
        if (const json *v = optional(*im, "all_words"))
            c.allWords = phraseList(*v, "impact.all_words");
        for (auto [key, list] : {std::pair{"fraction_lead_words", &c.fractionLeadWords}, std::pair{"fraction_words", &c.fractionWords},
                                 std::pair{"fraction_determiners", &c.fractionDeterminers}, std::pair{"status_words", &c.statusWords},
                                 std::pair{"share_words", &c.shareWords}})
            if (const json *v = optional(*im, key))
                *list = wordList(*v, std::string("impact.") + key);
        c.largeWeights = weights(member(*im, "impact", "large_weights"), "impact.large_weights");
        c.smallWeights = weights(member(*im, "impact", "small_weights"), "impact.small_weights");
        if (const json *v = optional(*im, "money_weights"))
            c.moneyWeights = weights(*v, "impact.money_weights");
    }

    if (const json *cal = optional(j, "calibration")) {
        if (const json *targets = optional(*cal, "targets")) {
            double lows = 0;
            for (Priority pr : kAllPriorities) {
                const std::string name(priorityName(pr));
                const std::string path = "calibration.targets." + name;
                const json &range = member(*targets, "calibration.targets", name);
                if (!range.is_array() || range.size() != 2)
                    fail(path, "must be a [low, high] pair of percentages");
                const double lo = number(range[0], path + "[0]", 0, 100), hi = number(range[1], path + "[1]", 0, 100);
                if (lo > hi)
                    fail(path, "low must not exceed high");
                p.calibrationTargets[static_cast<std::size_t>(pr)] = {lo, hi};
                lows += lo;
            }
            if (lows > 100)
                fail("calibration.targets", "the lows add up to more than 100 %");
        }
        if (const json *v = optional(*cal, "tie_margin"))
            p.tieMargin = number(*v, "calibration.tie_margin", 0, 0.5);
    }

    if (const json *sla = optional(j, "sla")) {
        for (Priority pr : kAllPriorities) {
            const std::string name(priorityName(pr));
            const json *entry = optional(*sla, name);
            if (!entry)
                continue;
            const std::string path = "sla." + name;
            SlaTarget &t = p.sla[pr];
            t.firstResponseSecs = static_cast<std::int64_t>(
                number(member(*entry, path, "first_response_minutes"), at(path, "first_response_minutes"), 1, 100000) * 60);
            const json &res = member(*entry, path, "resolution_hours");
            t.resolutionSecs = res.is_null() ? 0 : static_cast<std::int64_t>(number(res, at(path, "resolution_hours"), 0, 100000) * 3600);
        }
        parseSlaClock(p.sla, *sla);
    }

    const json &g = member(j, "", "guardian");
    p.guardian.lexicon = str(member(g, "guardian", "lexicon"), "guardian.lexicon");
    p.guardian.churnPhrases = phraseList(member(g, "guardian", "churn_phrases"), "guardian.churn_phrases");
    if (const json *v = optional(g, "frustration_phrases"))
        p.guardian.frustrationPhrases = phraseList(*v, "guardian.frustration_phrases");
    if (const json *levels = optional(g, "levels")) {
        p.guardian.watch = integer(member(*levels, "guardian.levels", "watch"), "guardian.levels.watch", 1, 100);
        p.guardian.alert = integer(member(*levels, "guardian.levels", "alert"), "guardian.levels.alert", 1, 100);
        p.guardian.critical = integer(member(*levels, "guardian.levels", "critical"), "guardian.levels.critical", 1, 100);
        if (!(p.guardian.watch < p.guardian.alert && p.guardian.alert < p.guardian.critical))
            fail("guardian.levels", "must rise: watch < alert < critical");
    }
    if (const json *pts = optional(g, "points")) {
        auto pt = [&](const char *key, int &into) {
            if (const json *v = optional(*pts, key))
                into = integer(*v, std::string("guardian.points.") + key, 0, 100);
        };
        pt("sentiment", p.guardian.maxSentiment);
        pt("frustration", p.guardian.maxFrustration);
        pt("churn", p.guardian.maxChurn);
        pt("history", p.guardian.maxHistory);
        pt("mrr", p.guardian.maxMrr);
    }
    if (const json *pw = optional(g, "priority_weights")) {
        if (const json *v = optional(*pw, "alert"))
            p.guardian.alertPriority = weights(*v, "guardian.priority_weights.alert");
        if (const json *v = optional(*pw, "critical"))
            p.guardian.criticalPriority = weights(*v, "guardian.priority_weights.critical");
    }
    if (const json *actions = optional(g, "actions")) {
        for (GuardianLevel level : {GuardianLevel::Watch, GuardianLevel::Alert, GuardianLevel::Critical}) {
            const std::string name(guardianLevelName(level));
            p.guardian.actions[level] = str(member(*actions, "guardian.actions", name), "guardian.actions." + name);
        }
    }

    const json &o = member(j, "", "opportunity");
    const json &signals = member(o, "opportunity", "signals");
    if (!signals.is_array() || signals.empty())
        fail("opportunity.signals", "must be a non-empty list");
    for (std::size_t i = 0; i < signals.size(); ++i) {
        const std::string path = at("opportunity.signals", i);
        OpportunitySignalConfig s;
        s.name = str(member(signals[i], path, "name"), at(path, "name"));
        s.phrases = phrases(signals[i], path);
        s.score = integer(member(signals[i], path, "score"), at(path, "score"), 1, 100);
        if (const json *v = optional(signals[i], "needs_request")) {
            if (!v->is_boolean())
                fail(at(path, "needs_request"), "must be true or false");
            s.needsRequest = v->get<bool>();
        }
        p.opportunity.signals.push_back(std::move(s));
    }
    if (const json *v = optional(o, "technical_terms"))
        p.opportunity.technicalTerms = phraseList(*v, "opportunity.technical_terms");
    if (const json *v = optional(o, "past_markers"))
        p.opportunity.pastMarkers = phraseList(*v, "opportunity.past_markers");
    if (const json *v = optional(o, "request_markers"))
        p.opportunity.requestMarkers = phraseList(*v, "opportunity.request_markers");
    if (const json *v = optional(o, "complaint_markers"))
        p.opportunity.complaintMarkers = phraseList(*v, "opportunity.complaint_markers");
    if (const json *v = optional(o, "alert_threshold"))
        p.opportunity.alertThreshold = integer(*v, "opportunity.alert_threshold", 1, 100);

    const json &d = member(j, "", "drafts");
    p.drafts.knowledgeBase = str(member(d, "drafts", "knowledge_base"), "drafts.knowledge_base");
    if (const json *v = optional(d, "priorities"))
        p.drafts.priorities = priorities(*v, "drafts.priorities");
    if (const json *a = optional(d, "auto_send")) {
        if (const json *v = optional(*a, "priorities"))
            p.drafts.autoSend.priorities = priorities(*v, "drafts.auto_send.priorities");
        if (const json *v = optional(*a, "min_confidence"))
            p.drafts.autoSend.minConfidence = number(*v, "drafts.auto_send.min_confidence", 0, 1);
        if (const json *v = optional(*a, "sentiments")) {
            p.drafts.autoSend.sentiments.clear();
            for (std::size_t i = 0; const auto &name : strings(*v, "drafts.auto_send.sentiments"))
                p.drafts.autoSend.sentiments.push_back(sentiment(name, at("drafts.auto_send.sentiments", i++)));
        }
        if (const json *v = optional(*a, "max_complexity"))
            p.drafts.autoSend.maxComplexity = number(*v, "drafts.auto_send.max_complexity", 0, 1);
        if (const json *v = optional(*a, "min_satisfaction"))
            p.drafts.autoSend.minSatisfaction = number(*v, "drafts.auto_send.min_satisfaction", 0, 5);
    }
    if (const json *openers = optional(d, "openers")) {
        if (!openers->is_object())
            fail("drafts.openers", "must be an object mapping sentiments to openers");
        for (auto it = openers->begin(); it != openers->end(); ++it)
            p.drafts.openers[sentiment(it.key(), "drafts.openers." + it.key())] = str(it.value(), "drafts.openers." + it.key());
    }
    if (const json *v = optional(d, "signature"))
        p.drafts.signature = str(*v, "drafts.signature");
}

} // namespace

std::variant<Profile, ConfigError> Profile::fromJson(const json &j)
{
    Profile p;
    try {
        parseInto(p, j);
    } catch (const Failure &f) {
        return f.error;
    } catch (const json::exception &e) {
        return ConfigError{"", std::string("malformed profile: ") + e.what()};
    }
    return p;
}

std::variant<Profile, ConfigError> Profile::parse(std::string_view text)
{
    std::string why;
    const auto j = parseBounded(text, DocumentFormat::Json, kMaxProfileBytes, why);
    if (!j)
        return ConfigError{"", "the profile " + why};
    return fromJson(*j);
}

} // namespace cosmicdesk::triage
