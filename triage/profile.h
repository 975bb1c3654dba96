#pragma once

#include "assessment.h"
#include "features.h"
#include "priority.h"
#include "sla.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace cosmicdesk::triage {

// What is wrong with a profile, and where: `path` is a JSON pointer-like location such as
// "priority_rules[3].weights.P1".
struct ConfigError
{
    std::string path;
    std::string message;
    std::string text() const { return path.empty() ? message : path + ": " + message; }
};

using PriorityWeights = std::array<float, kPriorityCount>;

struct PriorityRule
{
    std::string label;                // shown to the agent as the reason
    std::vector<std::string> phrases; // PhraseMatcher syntax
    PriorityWeights weights{};        // added to the priority scores when a phrase matches
    PriorityWeights negatedWeights{}; // added instead when the match is negated ("not urgent")
};

struct LabelRule
{
    std::string label;
    std::vector<std::string> phrases;
    std::string target; // a team or a category
    float weight = 1.0f;
};

struct MrrRule
{
    std::string label;
    double minMrr = 0;
    PriorityWeights weights{};
};

struct HistoryRule
{
    std::string label;
    int minTickets = 2; // this many earlier tickets of the account…
    int windowDays = 7; // …within this many days
    bool sameCategory = false;
    PriorityWeights weights{};
};

// A ticket that asks something and reports no problem (no rule that raises P0-P2 by more than
// `problemThreshold` matched, nothing large affected, no churn risk) is a how-to or FAQ: P3 in
// PRODUCT.md's terms.
struct QuestionRule
{
    bool enabled = false;
    float problemThreshold = 0.5f;
    PriorityWeights weights{};
};

// How much of the business a ticket says is affected: "60 customers", "about 10 orders",
// "a third of payments", S$18,000 held. Counted things are the `entities` (folded words, * allowed).
struct ImpactConfig
{
    std::vector<std::string> entities;
    int largeCount = 25;                   // this many affected things or more: large impact
    int smallCount = 15;                   // this many or fewer: limited impact
    double largePercent = 30;              // a share of at least this many percent: large
    double largeMoney = 5000;              // an amount of at least this much money (any currency)
    std::vector<std::string> largePhrases; // "hundreds of", "half of", "most of"…
    std::vector<std::string> smallPhrases; // "a few", "a handful", "one or two"…
    std::vector<std::string> allWords;     // "every", "all", "alle"…: before an entity ("every product"), large
    // Single words (folded) that read numbers as a share or a status rather than a count:
    std::vector<std::string> fractionLeadWords;   // "out" of "3 out of 5 stores"
    std::vector<std::string> fractionWords;       // "of", "von", "sur": "4 of 10 agents" is a share
    std::vector<std::string> fractionDeterminers; // "our", "the", "unseren": "4 of our 10 agents"
    std::vector<std::string> statusWords;         // "http", "error", "fehler": "HTTP 500" is a status, not 500 things
    std::vector<std::string> shareWords;          // "of", "des", "der": "15% of orders" is a share, "a 40% increase" is not
    PriorityWeights largeWeights{}, smallWeights{}, moneyWeights{};
};

struct GuardianConfig
{
    std::string lexicon; // resource path of the sentiment lexicon
    std::vector<std::string> churnPhrases;
    std::vector<std::string> frustrationPhrases;
    int watch = 25, alert = 50, critical = 75;
    int maxSentiment = 40, maxFrustration = 15, maxChurn = 40, maxHistory = 20, maxMrr = 10;
    std::map<GuardianLevel, std::string> actions; // watch, alert, critical → recommended action ({kam} is filled in)
    // Churn risk is part of what makes a ticket P1 (PRODUCT.md): added to the priority scores when
    // the risk reaches alert, and the critical ones when it reaches critical.
    PriorityWeights alertPriority{};
    PriorityWeights criticalPriority{};
};

struct OpportunitySignalConfig
{
    std::string name;
    std::vector<std::string> phrases;
    int score = 50;
    bool needsRequest = false; // only counts in a request ("can you send…", a question)
};

struct OpportunityConfig
{
    std::vector<OpportunitySignalConfig> signals;
    std::vector<std::string> technicalTerms; // near "upgrade": a technical sense
    std::vector<std::string> pastMarkers;    // in the clause: already happened
    std::vector<std::string> requestMarkers;
    std::vector<std::string> complaintMarkers; // in the clause: a complaint about a price, not a buying signal
    int alertThreshold = 50;
};

struct AutoSendThresholds
{
    std::vector<Priority> priorities{Priority::P3};
    double minConfidence = 0.95;
    std::vector<Sentiment> sentiments{Sentiment::Neutral, Sentiment::Positive};
    double maxComplexity = 0.3;
    double minSatisfaction = 4.0;
};

struct DraftConfig
{
    std::string knowledgeBase; // resource path
    std::vector<Priority> priorities{Priority::P2, Priority::P3};
    AutoSendThresholds autoSend;
    std::map<Sentiment, std::string> openers; // sentiment → apology opener
    std::string signature = "{agent_name}";
};

struct Profile
{
    std::string name;
    std::vector<std::string> teams;
    std::vector<std::string> categories;
    std::map<std::string, std::string> categoryTeam; // the usual team of a category
    FeatureOptions features;
    std::size_t maxTextBytes = 100000;
    std::string priorityModel, teamModel, categoryModel; // resource paths
    // How much each trained model counts against the profile's rules (1 = as trained). A model
    // trained on another company's or on generated text deserves less than one trained on your own.
    float priorityModelWeight = 1.0f, teamModelWeight = 1.0f, categoryModelWeight = 1.0f;
    std::vector<PriorityRule> priorityRules;
    std::vector<LabelRule> teamRules;
    std::vector<LabelRule> categoryRules;
    std::vector<MrrRule> mrrRules;
    std::vector<HistoryRule> historyRules;
    QuestionRule questionRule;
    ImpactConfig impact;
    std::array<std::pair<double, double>, kPriorityCount> calibrationTargets{
        {{5, 7}, {25, 30}, {40, 50}, {15, 25}}}; // percent of tickets per level
    double tieMargin = 0.08;                     // when the top two levels are this close, the lower one wins
    SlaTable sla;
    GuardianConfig guardian;
    OpportunityConfig opportunity;
    DraftConfig drafts;

    // Parses and validates; the first problem found is returned with its location.
    static std::variant<Profile, ConfigError> fromJson(const nlohmann::json &j);
    static std::variant<Profile, ConfigError> parse(std::string_view text);
};

} // namespace cosmicdesk::triage
