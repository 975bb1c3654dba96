#pragma once

#include "priority.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cosmicdesk::triage {

// How far an account's history reaches: the earlier tickets a caller hands the engine are those of
// the last kHistoryDays, at most kHistoryMaxTickets, newest first. Every history rule and Guardian
// read within it; the app and the batch commands gather it alike.
inline constexpr int kHistoryDays = 30;
inline constexpr int kHistoryMaxTickets = 40;

// The closed vocabularies of an assessment. Named and parsed only at the JSON edge (and where a
// person reads them), as Priority is: "subject", "frustrated", "alert", "internal_note".
enum class EvidenceSource : std::uint8_t { Subject, Body, Rule, Account };
std::string_view evidenceSourceName(EvidenceSource s);
std::optional<EvidenceSource> parseEvidenceSource(std::string_view text);
inline EvidenceSource textSource(bool subject)
{
    return subject ? EvidenceSource::Subject : EvidenceSource::Body;
}
inline bool isTextSource(EvidenceSource s)
{
    return s == EvidenceSource::Subject || s == EvidenceSource::Body;
}

enum class Sentiment : std::uint8_t { Positive, Neutral, Frustrated, Aggressive };
inline constexpr std::array<Sentiment, 4> kAllSentiments{Sentiment::Positive, Sentiment::Neutral, Sentiment::Frustrated,
                                                         Sentiment::Aggressive};
std::string_view sentimentName(Sentiment s); // "positive", "neutral", "frustrated", "aggressive"
std::optional<Sentiment> parseSentiment(std::string_view text);

// Ordered: each level is a higher risk than the one before.
enum class GuardianLevel : std::uint8_t { None, Watch, Alert, Critical };
inline constexpr std::array<GuardianLevel, 4> kAllGuardianLevels{GuardianLevel::None, GuardianLevel::Watch, GuardianLevel::Alert,
                                                                 GuardianLevel::Critical};
std::string_view guardianLevelName(GuardianLevel l); // "none", "watch", "alert", "critical"
std::optional<GuardianLevel> parseGuardianLevel(std::string_view text);

enum class DraftMode : std::uint8_t { None, InternalNote, AutoSendCandidate };
std::string_view draftModeName(DraftMode m); // "none", "internal_note", "auto_send_candidate"
std::optional<DraftMode> parseDraftMode(std::string_view text);

// One earlier ticket of the same account, as the engine needs it for history rules and Guardian.
struct PastTicket
{
    double daysAgo = 0;
    std::string category;
    Sentiment sentiment = Sentiment::Neutral;
};

// What the engine reads about a ticket. Plain values: the caller decides where they come from.
struct TicketText
{
    std::string id;
    std::string subject;
    std::string body;
    std::string channel;                        // email, web, chat, phone, api
    double mrr = 0;                             // the account's monthly recurring revenue, in dollars
    std::optional<double> satisfaction;         // the customer's recent CSAT, 0-5, when known
    std::vector<PastTicket> history;            // the account's earlier tickets, any order
    std::map<std::string, std::string> context; // facts for drafts: first_name, order_number, tracking_status…
    // Names of the people and the company the ticket comes from ("Mateo Tran", "Zephyr Tea Co"): their
    // words are no evidence of anything, so the models neither learn nor read them.
    std::vector<std::string> names;
};

// Why a suggestion is what it is: a phrase of the ticket (with its byte span) or a rule.
struct Evidence
{
    std::string text;
    EvidenceSource source = EvidenceSource::Rule;
    double weight = 0;
    std::uint32_t begin = 0, end = 0; // byte span in subject or body, for Subject and Body
};

struct PriorityResult
{
    Priority priority = Priority::P3;
    double confidence = 0;
    std::array<double, kPriorityCount> probabilities{};
    std::vector<Evidence> evidence;
    std::string why; // one line: "P1 — 'webhooks failing for all orders', MRR $12k, 3rd ticket this week"
};

struct LabelResult
{
    std::string label;
    double confidence = 0;
    std::vector<std::pair<std::string, double>> probabilities; // best first
    std::vector<Evidence> evidence;
};

struct SentimentResult
{
    Sentiment label = Sentiment::Neutral;
    double compound = 0; // -1 … 1
    std::vector<Evidence> evidence;
};

struct GuardianResult
{
    int score = 0; // 0-100
    GuardianLevel level = GuardianLevel::None;
    bool alert = false;
    std::vector<std::string> reasons;
    std::string action;
};

struct OpportunitySignal
{
    std::string name;
    int score = 0;
    Evidence evidence;
};

struct OpportunityResult
{
    bool alert = false;
    int score = 0;
    std::vector<OpportunitySignal> signals;
    std::vector<std::string> ignored; // phrases that looked like a signal but were not, and why
};

struct DraftResult
{
    DraftMode mode = DraftMode::None;
    double confidence = 0;
    std::string kbArticle;
    std::string text;
    double complexity = 0;
    std::vector<std::string> notes; // which auto-send thresholds did not hold
};

struct Assessment
{
    std::string ticketId;
    std::string language;
    PriorityResult priority;
    LabelResult team;
    LabelResult category;
    SentimentResult sentiment;
    GuardianResult guardian;
    OpportunityResult opportunity;
    DraftResult draft;
    bool autoResolved = false; // the draft may be sent with one click (auto_send_candidate)
};

// The result line of `cosmicdesk triage` (triage_results.jsonl): exactly the agreed keys.
nlohmann::json toResultJson(const Assessment &a);
// Everything, evidence included, for the store and the triage panel.
nlohmann::json toFullJson(const Assessment &a);
std::optional<Assessment> fromFullJson(const nlohmann::json &j);

} // namespace cosmicdesk::triage
