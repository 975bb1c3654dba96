#include "engine.h"

#include "analysedticket.h"
#include "impact.h"
#include "stemmer.h"
#include "utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <numeric>

namespace cosmicdesk::triage {

namespace {

// What a phrase of the shared matcher belongs to: component << 24 | index.
enum Component : int {
    PriorityRuleC = 1,
    TeamRuleC,
    CategoryRuleC,
    LexiconC,
    AggressiveC,
    ChurnC,
    FrustrationC,
    SignalC,
    TechnicalC,
    PastC,
    RequestC,
    EntityC,
    ImpactLargeC,
    ImpactSmallC,
    ComplaintC,
    AllC,
};
constexpr int payload(Component c, std::size_t index)
{
    return (static_cast<int>(c) << 24) | static_cast<int>(index);
}
constexpr Component componentOf(int p)
{
    return static_cast<Component>(p >> 24);
}
constexpr int indexOf(int p)
{
    return p & 0xFFFFFF;
}

std::string moneyText(double mrr)
{
    // Printed from the double, whatever its size: a cast to int would be undefined for a huge MRR.
    char buf[48];
    if (mrr >= 1000) {
        const double k = mrr / 1000.0;
        std::snprintf(buf, sizeof buf, k >= 10 ? "$%.0fk" : "$%.1fk", k);
    } else {
        std::snprintf(buf, sizeof buf, "$%.0f", std::round(mrr));
    }
    return buf;
}

std::string ordinal(int n)
{
    const int mod100 = n % 100;
    const char *suffix = (mod100 >= 11 && mod100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return std::to_string(n) + suffix;
}

} // namespace

struct Engine::Scan
{
    struct Hit
    {
        int component, index;
        bool subject, negated;
        std::uint32_t first, last;
    };
    std::vector<Hit> hits;
};

std::string Engine::version()
{
    return "cosmicdesk-triage/1";
}

Engine::Engine(Profile profile, Lexicon lexicon, KnowledgeBase kb, LinearModel priority, LinearModel team, LinearModel category)
    : m_profile(std::move(profile)), m_lexicon(std::move(lexicon)), m_kb(std::move(kb)), m_priority(std::move(priority)),
      m_team(std::move(team)), m_category(std::move(category)), m_extractor(m_profile.features),
      m_sentiment(m_lexicon, static_cast<int>(m_profile.guardian.frustrationPhrases.size())), m_guardian(m_profile.guardian),
      m_opportunity(m_profile.opportunity), m_impact(m_profile.impact), m_drafter(m_profile.drafts, m_kb)
{
    compile();
}

void Engine::compile()
{
    m_packed = PackedHeads({&m_priority, &m_team, &m_category});
    auto addAll = [&](const std::vector<std::string> &phrases, Component c, std::size_t index) {
        for (const auto &p : phrases)
            m_matcher.add(p, payload(c, index));
    };
    for (std::size_t i = 0; i < m_profile.priorityRules.size(); ++i)
        addAll(m_profile.priorityRules[i].phrases, PriorityRuleC, i);
    for (std::size_t i = 0; i < m_profile.teamRules.size(); ++i)
        addAll(m_profile.teamRules[i].phrases, TeamRuleC, i);
    for (std::size_t i = 0; i < m_profile.categoryRules.size(); ++i)
        addAll(m_profile.categoryRules[i].phrases, CategoryRuleC, i);
    for (std::size_t i = 0; i < m_lexicon.words.size(); ++i)
        m_matcher.add(m_lexicon.words[i].phrase, payload(LexiconC, i));
    for (std::size_t i = 0; i < m_lexicon.aggressive.size(); ++i)
        m_matcher.add(m_lexicon.aggressive[i], payload(AggressiveC, i));
    for (std::size_t i = 0; i < m_profile.guardian.churnPhrases.size(); ++i)
        m_matcher.add(m_profile.guardian.churnPhrases[i], payload(ChurnC, i));
    for (std::size_t i = 0; i < m_profile.guardian.frustrationPhrases.size(); ++i)
        m_matcher.add(m_profile.guardian.frustrationPhrases[i], payload(FrustrationC, i));
    for (std::size_t i = 0; i < m_profile.opportunity.signals.size(); ++i)
        addAll(m_profile.opportunity.signals[i].phrases, SignalC, i);
    addAll(m_profile.opportunity.technicalTerms, TechnicalC, 0);
    addAll(m_profile.opportunity.pastMarkers, PastC, 0);
    addAll(m_profile.opportunity.requestMarkers, RequestC, 0);
    addAll(m_profile.opportunity.complaintMarkers, ComplaintC, 0);
    addAll(m_profile.impact.entities, EntityC, 0);
    addAll(m_profile.impact.largePhrases, ImpactLargeC, 0);
    addAll(m_profile.impact.smallPhrases, ImpactSmallC, 0);
    addAll(m_profile.impact.allWords, AllC, 0);

    m_categoryToTeam.assign(m_category.classCount(), -1);
    for (std::size_t c = 0; c < m_category.classCount(); ++c) {
        auto it = m_profile.categoryTeam.find(m_category.labels()[c]);
        if (it != m_profile.categoryTeam.end())
            m_categoryToTeam[c] = m_team.labelIndex(it->second);
    }
}

std::variant<std::unique_ptr<Engine>, ConfigError> Engine::load(Profile profile, const Reader &read)
{
    auto bytes = [&](const std::string &path, const std::string &field) -> std::variant<std::string, ConfigError> {
        auto data = read(path);
        if (!data)
            return ConfigError{field, "cannot read \"" + path + "\""};
        return std::move(*data);
    };
    auto lexText = bytes(profile.guardian.lexicon, "guardian.lexicon");
    if (auto *e = std::get_if<ConfigError>(&lexText))
        return *e;
    auto lexicon = Lexicon::parse(std::get<std::string>(lexText));
    if (auto *e = std::get_if<ConfigError>(&lexicon))
        return ConfigError{"guardian.lexicon (" + profile.guardian.lexicon + ") " + e->path, e->message};
    auto kbText = bytes(profile.drafts.knowledgeBase, "drafts.knowledge_base");
    if (auto *e = std::get_if<ConfigError>(&kbText))
        return *e;
    auto kb = KnowledgeBase::parse(std::get<std::string>(kbText), profile.categories);
    if (auto *e = std::get_if<ConfigError>(&kb))
        return ConfigError{"drafts.knowledge_base (" + profile.drafts.knowledgeBase + ") " + e->path, e->message};

    auto model = [&](const std::string &path, const char *field,
                     const std::vector<std::string> &expected) -> std::variant<LinearModel, ConfigError> {
        auto data = bytes(path, field);
        if (auto *e = std::get_if<ConfigError>(&data))
            return *e;
        const std::string &s = std::get<std::string>(data);
        std::string why;
        auto m = LinearModel::deserialize(std::vector<std::uint8_t>(s.begin(), s.end()), &why);
        if (!m)
            return ConfigError{field, "\"" + path + "\": " + why};
        for (const auto &label : m->labels())
            if (!expected.empty() && std::find(expected.begin(), expected.end(), label) == expected.end())
                return ConfigError{field, "\"" + path + "\" predicts \"" + label + "\", which the profile does not list"};
        if (m->hashBits() != profile.features.hashBits)
            return ConfigError{field, "\"" + path + "\" was trained with hash_bits " + std::to_string(m->hashBits()) +
                                          ", the profile says " + std::to_string(profile.features.hashBits)};
        return std::move(*m);
    };
    std::vector<std::string> priorityLabels;
    for (Priority p : kAllPriorities)
        priorityLabels.emplace_back(priorityName(p));
    auto priority = model(profile.priorityModel, "models.priority", priorityLabels);
    if (auto *e = std::get_if<ConfigError>(&priority))
        return *e;
    auto team = model(profile.teamModel, "models.team", profile.teams);
    if (auto *e = std::get_if<ConfigError>(&team))
        return *e;
    auto category = model(profile.categoryModel, "models.category", profile.categories);
    if (auto *e = std::get_if<ConfigError>(&category))
        return *e;
    if (std::get<LinearModel>(priority).classCount() != kPriorityCount)
        return ConfigError{"models.priority", "must predict P0, P1, P2 and P3"};
    return create(std::move(profile), std::move(std::get<Lexicon>(lexicon)), std::move(std::get<KnowledgeBase>(kb)),
                  std::move(std::get<LinearModel>(priority)), std::move(std::get<LinearModel>(team)),
                  std::move(std::get<LinearModel>(category)));
}

std::unique_ptr<Engine> Engine::create(Profile profile, Lexicon lexicon, KnowledgeBase kb, LinearModel priority, LinearModel team,
                                       LinearModel category)
{
    // Heads that were not trained yet score nothing: the rules decide alone.
    std::vector<std::string> priorityLabels;
    for (Priority p : kAllPriorities)
        priorityLabels.emplace_back(priorityName(p));
    if (priority.isEmpty())
        priority = LinearModel(priorityLabels, profile.features.hashBits);
    if (team.isEmpty())
        team = LinearModel(profile.teams, profile.features.hashBits);
    if (category.isEmpty())
        category = LinearModel(profile.categories, profile.features.hashBits);
    return std::unique_ptr<Engine>(
        new Engine(std::move(profile), std::move(lexicon), std::move(kb), std::move(priority), std::move(team), std::move(category)));
}

AnalysedTicket Engine::analyse(const TicketText &t) const
{
    return analyseTicket(t, m_profile.maxTextBytes);
}

Engine::Scan Engine::scan(const AnalysedTicket &a) const
{
    Scan s;
    scan(a, s);
    return s;
}

void Engine::scan(const AnalysedTicket &a, Scan &s) const
{
    s.hits.clear();
    thread_local std::vector<PhraseMatcher::Match> matches;
    for (const bool subject : {true, false}) {
        matches.clear();
        m_matcher.find(subject ? a.subject.tokens : a.body.tokens, matches);
        for (const auto &m : matches)
            s.hits.push_back({componentOf(m.payload), indexOf(m.payload), subject, m.negated, m.first, m.last});
    }
}

Engine::ModelScores Engine::modelScores(const FeatureSet &fs) const
{
    ModelScores m;
    m.category.assign(m_category.classCount(), 0.0f);
    m.team.assign(m_team.classCount(), 0.0f);
    const float scale[3] = {m_profile.priorityModelWeight, m_profile.teamModelWeight, m_profile.categoryModelWeight};
    float *const out[3] = {m.priority.data(), m.team.data(), m.category.data()};
    m_packed.addWeights(fs.buckets, scale, out);
    return m;
}

void Engine::toneAndRisk(const AnalysedTicket &a, const Scan &s, const TicketText &t, const std::string &kam, SentimentResult &tone,
                         GuardianResult &risk) const
{
    thread_local std::vector<SentimentAnalyser::Hit> lexHits;
    lexHits.clear();
    std::vector<Evidence> churn, frustration;
    for (const auto &h : s.hits) {
        switch (h.component) {
        case LexiconC: lexHits.push_back({h.index, h.subject, h.first, h.last, h.negated}); break;
        case AggressiveC: lexHits.push_back({-1 - h.index, h.subject, h.first, h.last, h.negated}); break;
        case ChurnC:
        case FrustrationC:
            if (!h.negated) {
                const auto &tokens = h.subject ? a.subject.tokens : a.body.tokens;
                (h.component == ChurnC ? churn : frustration)
                    .push_back({spanExcerpt(a, h.subject, h.first, h.last), textSource(h.subject), 1.0, tokens[h.first].begin,
                                tokens[h.last].end});
            }
            break;
        default: break;
        }
    }
    tone = m_sentiment.analyse(a, lexHits, static_cast<int>(frustration.size()));
    Guardian::Signals g;
    g.sentiment = &tone;
    g.churn = std::move(churn);
    g.frustration = std::move(frustration);
    g.history = &t.history;
    g.mrr = t.mrr;
    g.kam = kam;
    risk = m_guardian.evaluate(g);
}

std::array<float, kPriorityCount> Engine::priorityLogits(const AnalysedTicket &a, const std::array<float, kPriorityCount> &model,
                                                         const TicketText &t, const Scan &s, const GuardianResult &risk,
                                                         const std::string &category, std::vector<RuleHit> *ruleEvidence) const
{
    // The prior is the profile's target mix, so that a ticket the model knows little about starts
    // from how common each level is; the model's weights and the rules move it from there.
    std::array<float, kPriorityCount> z{};
    for (std::size_t p = 0; p < kPriorityCount; ++p) {
        const auto [lo, hi] = m_profile.calibrationTargets[p];
        z[p] = static_cast<float>(std::log(std::max(0.5, (lo + hi) / 2.0) / 100.0)) + m_priority.calibration()[p] + model[p];
    }
    // Each rule fires once per ticket, at its strongest match.
    std::vector<bool> fired(m_profile.priorityRules.size(), false);
    bool problem = risk.alert; // something the ticket reports beyond a question (for the question rule)
    for (const auto &h : s.hits) {
        if (h.component != PriorityRuleC || fired[static_cast<std::size_t>(h.index)])
            continue;
        const PriorityRule &r = m_profile.priorityRules[static_cast<std::size_t>(h.index)];
        const PriorityWeights &w = h.negated ? r.negatedWeights : r.weights;
        if (std::all_of(w.begin(), w.end(), [](float v) { return v == 0.0f; }))
            continue;
        fired[static_cast<std::size_t>(h.index)] = true;
        for (std::size_t p = 0; p < kPriorityCount; ++p)
            z[p] += w[p];
        problem = problem || std::max({w[0], w[1], w[2]}) > m_profile.questionRule.problemThreshold;
        if (ruleEvidence) {
            const auto &tokens = h.subject ? a.subject.tokens : a.body.tokens;
            ruleEvidence->push_back(
                {{spanExcerpt(a, h.subject, h.first, h.last), textSource(h.subject), 0, tokens[h.first].begin, tokens[h.last].end}, w});
        }
    }
    const MrrRule *mrr = nullptr;
    for (const MrrRule &r : m_profile.mrrRules)
        if (t.mrr >= r.minMrr && (!mrr || r.minMrr > mrr->minMrr))
            mrr = &r;
    if (mrr) {
        for (std::size_t p = 0; p < kPriorityCount; ++p)
            z[p] += mrr->weights[p];
        if (ruleEvidence)
            ruleEvidence->push_back({{"MRR " + moneyText(t.mrr), EvidenceSource::Account, 0, 0, 0}, mrr->weights});
    }
    // A repeated issue is the same problem again (a rule with same_category counts the account's
    // earlier tickets of this ticket's category), not any ticket of a busy account.
    for (const HistoryRule &r : m_profile.historyRules) {
        int count = 0;
        for (const PastTicket &p : t.history)
            if (p.daysAgo >= 0 && p.daysAgo <= r.windowDays && (!r.sameCategory || (!category.empty() && p.category == category)))
                ++count;
        if (count >= r.minTickets) {
            for (std::size_t p = 0; p < kPriorityCount; ++p)
                z[p] += r.weights[p];
            if (ruleEvidence) {
                std::string about = " ticket";
                if (r.sameCategory) {
                    about += " about " + category;
                    std::replace(about.begin(), about.end(), '_', ' ');
                }
                ruleEvidence->push_back(
                    {{ordinal(count + 1) + about + " in " + std::to_string(r.windowDays) + " days", EvidenceSource::Account, 0, 0, 0},
                     r.weights});
            }
            break; // the strongest history rule is listed first in the profile
        }
    }

    // Churn risk: a customer about to leave is a P1 (PRODUCT.md), whatever the words of the problem.
    if (risk.alert) {
        const GuardianConfig &gc = m_profile.guardian;
        const bool critical = risk.level == GuardianLevel::Critical &&
                              std::any_of(gc.criticalPriority.begin(), gc.criticalPriority.end(), [](float v) { return v != 0.0f; });
        const PriorityWeights &w = critical ? gc.criticalPriority : gc.alertPriority;
        for (std::size_t p = 0; p < kPriorityCount; ++p)
            z[p] += w[p];
        if (ruleEvidence && std::any_of(w.begin(), w.end(), [](float v) { return v != 0.0f; }))
            ruleEvidence->push_back({{"churn risk " + std::string(guardianLevelName(risk.level)) + " (" + std::to_string(risk.score) + ")",
                                      EvidenceSource::Account, 0, 0, 0},
                                     w});
    }

    // Impact: how many things, what share, how much money the ticket says is affected.
    const ImpactConfig &im = m_profile.impact;
    thread_local std::vector<ImpactAnalyser::Hit> impactHits;
    impactHits.clear();
    for (const auto &h : s.hits) {
        static constexpr std::array<std::pair<int, ImpactAnalyser::HitKind>, 5> kinds{{
            {EntityC, ImpactAnalyser::HitKind::Entity},
            {AllC, ImpactAnalyser::HitKind::All},
            {ImpactLargeC, ImpactAnalyser::HitKind::LargePhrase},
            {ImpactSmallC, ImpactAnalyser::HitKind::SmallPhrase},
            {PriorityRuleC, ImpactAnalyser::HitKind::PriorityRule},
        }};
        for (const auto &[component, kind] : kinds)
            if (h.component == component)
                impactHits.push_back({kind, h.subject, h.negated, h.first, h.last});
    }
    const ImpactAnalyser::Finding impact = m_impact.analyse(a, impactHits);
    auto apply = [&](const PriorityWeights &w, const std::string &what) {
        for (std::size_t p = 0; p < kPriorityCount; ++p)
            z[p] += w[p];
        if (ruleEvidence)
            ruleEvidence->push_back({{what, EvidenceSource::Rule, 0, 0, 0}, w});
    };
    if (impact.large)
        apply(im.largeWeights, impact.evidence);
    else if (impact.small)
        apply(im.smallWeights, impact.evidence);
    if (impact.moneyAtStake)
        apply(im.moneyWeights, impact.moneyText + " at stake");
    // A question and nothing reported wrong: a how-to or FAQ.
    const QuestionRule &qr = m_profile.questionRule;
    if (qr.enabled && !problem && !impact.large && !impact.moneyAtStake && a.subject.questions + a.body.questions > 0)
        apply(qr.weights, "a question, no problem reported");
    return z;
}

std::array<float, kPriorityCount> Engine::priorityScores(const TicketText &t) const
{
    const AnalysedTicket a = analyse(t);
    const FeatureSet fs = features(a);
    const Scan s = scan(a);
    SentimentResult tone;
    GuardianResult risk;
    toneAndRisk(a, s, t, {}, tone, risk);
    ModelScores model = modelScores(fs);
    const LabelResult category = t.history.empty() ? LabelResult{} : assessCategory(a, s, std::move(model.category));
    return priorityLogits(a, model.priority, t, s, risk, category.label, nullptr);
}

void Engine::modelEvidence(const std::array<std::size_t, 3> &classes, const std::array<std::size_t, 3> &limits, const AnalysedTicket &a,
                           const FeatureSet &fs, std::array<std::vector<Evidence>, 3> &out) const
{
    // One pass over the features reads each bucket's row once for the three heads.
    struct Scored
    {
        float weight;
        const FeatureSet::Origin *origin;
    };
    // Each head keeps its best candidates in a small sorted array: once it is full, most features
    // fall below the weakest kept one and cost one comparison.
    constexpr std::size_t kMaxKept = 16;
    struct Best
    {
        std::array<Scored, kMaxKept> items;
        std::size_t size = 0, capacity = 0;
        void offer(float w, const FeatureSet::Origin *o)
        {
            if (size == capacity && !(w > items[size - 1].weight))
                return;
            std::size_t i = size < capacity ? size++ : size - 1;
            for (; i > 0 && items[i - 1].weight < w; --i)
                items[i] = items[i - 1];
            items[i] = {w, o};
        }
    };
    std::array<Best, 3> scored;
    std::array<std::size_t, 3> slot{}, mean{};
    std::array<float, 3> unit{};
    // A word's weight is what it adds to the score: its lift times the profile's say of the model.
    const std::array<float, 3> say{m_profile.priorityModelWeight, m_profile.teamModelWeight, m_profile.categoryModelWeight};
    for (std::size_t h = 0; h < 3; ++h) {
        // Room for overlapping spans, which are skipped below (a subject word is two features).
        scored[h].capacity = std::clamp<std::size_t>(limits[h] * 3, 1, kMaxKept);
        slot[h] = m_packed.offset(h) + classes[h];
        mean[h] = m_packed.meanSlot(h);
        unit[h] = m_packed.unit(h) * say[h];
    }
    for (const auto &o : fs.origins) {
        if (o.meta)
            continue;
        const std::size_t ri = m_packed.rowIndex(o.bucket);
        if (ri == 0)
            continue; // no head knows this feature
        const std::int16_t *r = m_packed.rowAt(ri);
        for (std::size_t h = 0; h < 3; ++h) {
            const float w = static_cast<float>(r[slot[h]] - r[mean[h]]) * unit[h];
            if (w > 0.05f)
                scored[h].offer(w, &o);
        }
    }
    for (std::size_t h = 0; h < 3; ++h) {
        const Best &list = scored[h];
        const std::size_t keep = list.size;
        std::vector<Evidence> &ev = out[h];
        ev.reserve(8); // room for the rules that join them
        struct Span
        {
            std::uint32_t begin, end;
            bool subject;
        };
        std::array<Span, kMaxKept> taken;
        std::size_t takenCount = 0;
        for (std::size_t i = 0; i < keep; ++i) {
            const auto &o = *list.items[i].origin;
            const auto &tokens = o.subject ? a.subject.tokens : a.body.tokens;
            if (o.last >= tokens.size())
                continue;
            const std::uint32_t b = tokens[o.first].begin, e = tokens[o.last].end;
            const EvidenceSource source = textSource(o.subject);
            const bool overlaps = std::any_of(taken.begin(), taken.begin() + static_cast<std::ptrdiff_t>(takenCount),
                                              [&](const Span &x) { return x.subject == o.subject && b < x.end && x.begin < e; });
            if (overlaps)
                continue;
            taken[takenCount++] = {b, e, o.subject};
            const std::string_view text = o.subject ? a.subjectText : a.bodyText;
            ev.push_back(
                {utf8::excerpt(std::string_view(text).substr(b, e - b)), source, std::round(list.items[i].weight * 100) / 100, b, e});
            if (ev.size() >= limits[h])
                break;
        }
    }
}

LabelResult Engine::label(const LinearModel &model, std::vector<float> z, std::vector<Evidence> ruleEvidence) const
{
    LabelResult r;
    softmax(z.data(), z.size());
    std::vector<std::size_t> order(z.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return z[x] > z[y]; });
    r.label = model.labels()[order.front()];
    r.confidence = z[order.front()];
    r.probabilities.reserve(order.size());
    for (std::size_t i : order)
        r.probabilities.emplace_back(model.labels()[i], std::round(z[i] * 10000) / 10000);
    r.evidence = std::move(ruleEvidence);
    return r;
}

std::vector<Evidence> Engine::applyLabelRules(const AnalysedTicket &a, const Scan &s, int component, const std::vector<LabelRule> &rules,
                                              const LinearModel &model, std::vector<float> &z) const
{
    // Each rule fires once per ticket, at its first match that is not negated.
    std::vector<Evidence> evidence;
    evidence.reserve(8);
    std::vector<bool> fired(rules.size(), false);
    for (const auto &h : s.hits) {
        if (h.component != component || h.negated || fired[static_cast<std::size_t>(h.index)])
            continue;
        fired[static_cast<std::size_t>(h.index)] = true;
        const LabelRule &r = rules[static_cast<std::size_t>(h.index)];
        const int c = model.labelIndex(r.target);
        if (c < 0)
            continue;
        z[static_cast<std::size_t>(c)] += r.weight;
        const auto &tokens = h.subject ? a.subject.tokens : a.body.tokens;
        evidence.push_back(
            {spanExcerpt(a, h.subject, h.first, h.last), textSource(h.subject), r.weight, tokens[h.first].begin, tokens[h.last].end});
    }
    return evidence;
}

LabelResult Engine::assessCategory(const AnalysedTicket &a, const Scan &s, std::vector<float> z) const
{
    for (std::size_t c = 0; c < z.size(); ++c)
        z[c] += m_category.bias()[c] + m_category.calibration()[c];
    std::vector<Evidence> rules = applyLabelRules(a, s, CategoryRuleC, m_profile.categoryRules, m_category, z);
    return label(m_category, std::move(z), std::move(rules));
}

LabelResult Engine::assessTeam(const AnalysedTicket &a, const Scan &s, std::vector<float> z, const LabelResult &category) const
{
    for (std::size_t c = 0; c < z.size(); ++c)
        z[c] += m_team.bias()[c] + m_team.calibration()[c];
    std::vector<Evidence> rules = applyLabelRules(a, s, TeamRuleC, m_profile.teamRules, m_team, z);
    // The category's usual team is a prior.
    const int c = m_category.labelIndex(category.label);
    if (c >= 0 && m_categoryToTeam[static_cast<std::size_t>(c)] >= 0) {
        const double prior = 1.5 * category.confidence;
        z[static_cast<std::size_t>(m_categoryToTeam[static_cast<std::size_t>(c)])] += static_cast<float>(prior);
        rules.push_back({"category " + category.label, EvidenceSource::Rule, prior, 0, 0});
    }
    return label(m_team, std::move(z), std::move(rules));
}

PriorityResult Engine::assessPriority(std::array<float, kPriorityCount> z) const
{
    PriorityResult r;
    softmax(z.data(), kPriorityCount);
    std::size_t best = static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin());
    // When unsure between two adjacent levels, the lower one wins.
    if (best + 1 < kPriorityCount && z[best] - z[best + 1] < m_profile.tieMargin)
        ++best;
    r.priority = static_cast<Priority>(best);
    r.confidence = std::round(z[best] * 1000) / 1000;
    for (std::size_t p = 0; p < kPriorityCount; ++p)
        r.probabilities[p] = std::round(z[p] * 10000) / 10000;
    return r;
}

void Engine::explainPriority(PriorityResult &r, std::vector<RuleHit> &ruleHits, std::vector<Evidence> words)
{
    const auto best = static_cast<std::size_t>(r.priority);
    r.evidence = std::move(words);
    // A rule is evidence for the chosen level if it pushed towards it, or lifted the ticket above a
    // less urgent level ("4th ticket in 7 days" keeps a P2 from being a P3).
    std::vector<Evidence> rules;
    for (auto &h : ruleHits) {
        float lift = h.weights[best];
        if (lift <= 0) {
            float lowest = lift;
            for (std::size_t k = best + 1; k < kPriorityCount; ++k)
                lowest = std::min(lowest, h.weights[k]);
            lift = h.weights[best] - lowest;
        }
        if (lift > 0) {
            h.evidence.weight = std::round(lift * 100) / 100;
            rules.push_back(std::move(h.evidence));
        }
    }
    r.evidence.insert(r.evidence.begin(), rules.begin(), rules.end());
    if (r.evidence.size() > 6)
        r.evidence.resize(6);
    std::string why(priorityName(r.priority));
    std::vector<std::string> parts;
    for (const auto &e : r.evidence) {
        if (parts.size() >= 3)
            break;
        if (e.source == EvidenceSource::Account)
            parts.push_back(e.text);
        else if (std::none_of(parts.begin(), parts.end(), [&](const std::string &p) { return p.find(e.text) != std::string::npos; }))
            parts.push_back("'" + utf8::clip(e.text, 50) + "'");
    }
    for (std::size_t i = 0; i < parts.size(); ++i)
        why += (i == 0 ? " — " : ", ") + parts[i];
    r.why = std::move(why);
}

OpportunityResult Engine::assessOpportunity(const AnalysedTicket &a, const Scan &s) const
{
    thread_local std::vector<OpportunityDetector::Hit> signalHits;
    thread_local std::vector<OpportunityDetector::Marker> markers;
    signalHits.clear();
    markers.clear();
    for (const auto &h : s.hits) {
        switch (h.component) {
        case SignalC: signalHits.push_back({h.index, h.subject, h.first, h.last, h.negated}); break;
        case TechnicalC: markers.push_back({OpportunityDetector::MarkerKind::Technical, h.subject, h.first, h.last}); break;
        case PastC: markers.push_back({OpportunityDetector::MarkerKind::Past, h.subject, h.first, h.last}); break;
        case RequestC: markers.push_back({OpportunityDetector::MarkerKind::Request, h.subject, h.first, h.last}); break;
        case ComplaintC: markers.push_back({OpportunityDetector::MarkerKind::Complaint, h.subject, h.first, h.last}); break;
        default: break;
        }
    }
    return m_opportunity.evaluate(a, signalHits, markers);
}

DraftResult Engine::assessDraft(const AnalysedTicket &a, const TicketText &t, const Assessment &soFar) const
{
    Drafter::Inputs in;
    in.ticket = &a;
    in.text = &t;
    in.priority = soFar.priority.priority;
    in.sentiment = &soFar.sentiment;
    in.category = soFar.category.label;
    in.categoryConfidence = soFar.category.confidence;
    return m_drafter.draft(in);
}

Assessment Engine::assess(const TicketText &t, const Options &options) const
{
    Assessment out;
    out.ticketId = t.id;
    // Each thread reuses its buffers for the analysis (tokens, features, matches).
    thread_local AnalysedTicket a;
    thread_local FeatureSet fs;
    thread_local Scan s;
    analyseTicket(t, m_profile.maxTextBytes, a);
    out.language = std::string(languageCode(a.language));
    m_extractor.extract(a, fs);
    scan(a, s);
    ModelScores model = modelScores(fs);

    out.category = assessCategory(a, s, std::move(model.category));
    out.team = assessTeam(a, s, std::move(model.team), out.category);
    // Tone and churn risk, which priority takes into account.
    toneAndRisk(a, s, t, options.kam, out.sentiment, out.guardian);
    std::vector<RuleHit> priorityRules;
    priorityRules.reserve(8);
    out.priority = assessPriority(priorityLogits(a, model.priority, t, s, out.guardian, out.category.label, &priorityRules));

    // The words behind each head's choice, in one pass over the features.
    std::array<std::vector<Evidence>, 3> words;
    modelEvidence({static_cast<std::size_t>(out.priority.priority),
                   static_cast<std::size_t>(std::max(0, m_team.labelIndex(out.team.label))),
                   static_cast<std::size_t>(std::max(0, m_category.labelIndex(out.category.label)))},
                  {3, 4, 4}, a, fs, words);
    for (auto [result, found] : {std::pair{&out.team, &words[1]}, std::pair{&out.category, &words[2]}}) {
        result->evidence.insert(result->evidence.end(), std::make_move_iterator(found->begin()), std::make_move_iterator(found->end()));
        if (result->evidence.size() > 6)
            result->evidence.resize(6);
    }
    explainPriority(out.priority, priorityRules, std::move(words[0]));

    out.opportunity = assessOpportunity(a, s);
    if (options.drafts)
        out.draft = assessDraft(a, t, out);
    out.autoResolved = out.draft.mode == DraftMode::AutoSendCandidate;
    return out;
}

} // namespace cosmicdesk::triage
