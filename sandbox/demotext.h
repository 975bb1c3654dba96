#pragma once

#include "rng.h"

#include <triage/priority.h>

#include <array>
#include <map>
#include <string>
#include <string_view>

namespace cosmicdesk::sandbox {

// The categories of docs/product.md, in the engine's spelling.
enum class Category : std::uint8_t {
    ChargeDispute,
    Refund,
    PaymentFailure,
    ShippingDelivery,
    OrderChange,
    AccountAccess,
    IntegrationApi,
    DataAnalytics,
    SecurityPrivacy,
    PricingUpgrade,
    HowToFaq,
    BugReport,
    Outage,
};
inline constexpr int kCategoryCount = 13;
std::string_view categoryName(Category c);

enum class Tone : std::uint8_t { Neutral, Frustrated, Aggressive };
std::string_view toneName(Tone t);

// The three teams of seeds/003, by index.
inline constexpr std::array<std::string_view, 3> kTeams{"Integrations & API", "Data & Analytics", "Compliance & Operations"};

// What the ticket is about, decided before any text is written.
struct Scenario
{
    Category category = Category::HowToFaq;
    int team = 0;
    triage::Priority priority = triage::Priority::P3;
    Tone tone = Tone::Neutral;
    std::string language = "en"; // en, fr, de, es
    int topic = 0;               // which of the category's topics (chooseTopic)
    bool churnLanguage = false;  // cancel, switch provider, legal threats…
    bool opportunity = false;    // a real pricing / upgrade / expansion signal
    bool upgradeTrap = false;    // "upgrade" in a technical, negated or past sense
    bool phone = false;          // written by the agent as a call summary
    bool chat = false;           // short, informal
};

// Facts from the customer's world that the text may mention.
struct TextFacts
{
    std::string firstName, lastName, company, email;
    std::string orderNumber, amount, orderDate, trackingNumber, carrier, cardLast4, cardBrand;
    std::string plan, agentFirstName;
    // Values chosen for {slots} while writing this ticket, so that subject, body and replies agree.
    mutable std::map<std::string, std::string> slots;
};

struct GeneratedText
{
    std::string subject;
    std::string body;
};

// Writes ticket subjects, first messages and the follow-up conversation from templates with many
// variants per slot, so that two tickets of one category rarely read alike.
class TicketTextGenerator
{
public:
    struct TopicChoice
    {
        int topic = 0;
        int team = 0;
        std::string language;
    };
    // Picks a topic of the category that fits the priority, in the preferred language when its
    // phrase book covers the category, else in English.
    TopicChoice chooseTopic(Category c, triage::Priority p, const std::string &language, Rng &rng) const;

    GeneratedText opening(const Scenario &s, const TextFacts &f, Rng &rng) const;
    std::string agentReply(const Scenario &s, const TextFacts &f, Rng &rng, bool solving) const;
    std::string requesterFollowUp(const Scenario &s, const TextFacts &f, Rng &rng, bool satisfied) const;
    std::string internalNote(const Scenario &s, const TextFacts &f, Rng &rng) const;
};

} // namespace cosmicdesk::sandbox
