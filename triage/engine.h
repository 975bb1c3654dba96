#pragma once

#include "assessment.h"
#include "drafter.h"
#include "features.h"
#include "guardian.h"
#include "impact.h"
#include "knowledgebase.h"
#include "linearmodel.h"
#include "opportunity.h"
#include "packedheads.h"
#include "phrasematcher.h"
#include "profile.h"
#include "sentiment.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace cosmicdesk::triage {

// The local triage engine. Values in (TicketText), values out (Assessment), every suggestion with
// the evidence behind it. Loading reads the profile's resources through a caller-supplied reader;
// after that the engine does no I/O, and assess() may be called from any number of threads.
class Engine
{
public:
    // Reads a resource named by the profile (model, lexicon, knowledge base) as bytes; nullopt when missing.
    using Reader = std::function<std::optional<std::string>(const std::string &path)>;

    static std::variant<std::unique_ptr<Engine>, ConfigError> load(Profile profile, const Reader &read);
    // From parts already in memory (training builds an engine around models it just made).
    static std::unique_ptr<Engine> create(Profile profile, Lexicon lexicon, KnowledgeBase kb, LinearModel priority, LinearModel team,
                                          LinearModel category);

    struct Options
    {
        bool drafts = true;
        std::string kam; // the account's key account manager, for Guardian's recommended action
    };
    Assessment assess(const TicketText &ticket, const Options &options) const;
    Assessment assess(const TicketText &ticket) const { return assess(ticket, Options{}); }

    const Profile &profile() const { return m_profile; }
    const LinearModel &priorityModel() const { return m_priority; }
    LinearModel &priorityModel() { return m_priority; }
    static std::string version();

    // The analysis steps, for training and evaluation.
    AnalysedTicket analyse(const TicketText &t) const;
    FeatureSet features(const AnalysedTicket &a) const { return m_extractor.extract(a); }
    // Priority scores (model + rules + calibration), before softmax.
    std::array<float, kPriorityCount> priorityScores(const TicketText &t) const;

private:
    Engine(Profile profile, Lexicon lexicon, KnowledgeBase kb, LinearModel priority, LinearModel team, LinearModel category);
    void compile();

    struct Scan; // matches of one ticket, sorted by component
    Scan scan(const AnalysedTicket &a) const;
    void scan(const AnalysedTicket &a, Scan &into) const;
    struct RuleHit
    {
        Evidence evidence;
        PriorityWeights weights;
    };
    struct ModelScores // the models' part of each head's scores (weights × profile weight; no bias)
    {
        std::array<float, kPriorityCount> priority{};
        std::vector<float> team, category;
    };
    ModelScores modelScores(const FeatureSet &fs) const;
    void toneAndRisk(const AnalysedTicket &a, const Scan &s, const TicketText &t, const std::string &kam, SentimentResult &tone,
                     GuardianResult &risk) const;
    std::array<float, kPriorityCount> priorityLogits(const AnalysedTicket &a, const std::array<float, kPriorityCount> &model,
                                                     const TicketText &t, const Scan &s, const GuardianResult &risk,
                                                     const std::string &category, std::vector<RuleHit> *ruleHits) const;
    LabelResult label(const LinearModel &model, std::vector<float> scores, std::vector<Evidence> ruleEvidence) const;
    // The heads of an assessment, one by one.
    std::vector<Evidence> applyLabelRules(const AnalysedTicket &a, const Scan &s, int component, const std::vector<LabelRule> &rules,
                                          const LinearModel &model, std::vector<float> &z) const;
    LabelResult assessCategory(const AnalysedTicket &a, const Scan &s, std::vector<float> modelScores) const;
    LabelResult assessTeam(const AnalysedTicket &a, const Scan &s, std::vector<float> modelScores, const LabelResult &category) const;
    PriorityResult assessPriority(std::array<float, kPriorityCount> logits) const;
    // The evidence and the one-line why of the chosen level: the rules that favour it, then its words.
    static void explainPriority(PriorityResult &r, std::vector<RuleHit> &ruleHits, std::vector<Evidence> words);
    OpportunityResult assessOpportunity(const AnalysedTicket &a, const Scan &s) const;
    DraftResult assessDraft(const AnalysedTicket &a, const TicketText &t, const Assessment &soFar) const;
    // The features that favour each head's chosen class most (priority, team, category), at most
    // `limits` each, overlapping spans skipped.
    void modelEvidence(const std::array<std::size_t, 3> &classes, const std::array<std::size_t, 3> &limits, const AnalysedTicket &a,
                       const FeatureSet &fs, std::array<std::vector<Evidence>, 3> &out) const;

    Profile m_profile;
    Lexicon m_lexicon;
    KnowledgeBase m_kb;
    LinearModel m_priority, m_team, m_category;
    PackedHeads m_packed; // the three models' weights as scoring reads them
    FeatureExtractor m_extractor;
    PhraseMatcher m_matcher;
    std::vector<int> m_categoryToTeam; // category index of the category model → team index of the team model, or -1
    SentimentAnalyser m_sentiment;
    Guardian m_guardian;
    OpportunityDetector m_opportunity;
    ImpactAnalyser m_impact;
    Drafter m_drafter;
};

} // namespace cosmicdesk::triage
