#pragma once

#include "profile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cosmicdesk::triage {

struct AnalysedTicket;

// How much of the business a ticket says is affected: how many things ("60 customers"), what share
// ("30 % of orders", "4 of our 10 agents"), everything of a kind ("every product"), how much money
// ("S$18,420"). The profile's `impact` section says what counts; the engine turns the finding into
// priority weights.
class ImpactAnalyser
{
public:
    // A phrase of the profile found in the ticket by the engine's matcher.
    enum class HitKind : std::uint8_t {
        Entity,       // impact.entities: a thing that can be affected
        All,          // impact.all_words
        LargePhrase,  // impact.large_phrases
        SmallPhrase,  // impact.small_phrases
        PriorityRule, // any priority rule's phrase: words it counted do not count again as impact
    };
    struct Hit
    {
        HitKind kind;
        bool subject;
        bool negated;
        std::uint32_t first, last; // token range, inclusive
    };

    struct Finding
    {
        bool large = false;        // many things, a large share, a large phrase, or everything of a kind
        bool small = false;        // (not large) a few things, a small share, a small phrase
        bool moneyAtStake = false; // an amount of at least impact.large_money
        std::string evidence;      // for a large or small impact: "60 customers affected", "every product"
        std::string moneyText;     // the largest amount as written, "S$18,420"
        double largestCount = 0, largestPercent = 0, largestMoney = 0;
        // How many hits the analysis looked at, for the tests that keep its cost linear.
        std::size_t hitsExamined = 0;
    };

    explicit ImpactAnalyser(const ImpactConfig &config) : m_config(config) {}
    // `hits` in any order.
    Finding analyse(const AnalysedTicket &t, const std::vector<Hit> &hits) const;

private:
    const ImpactConfig &m_config;
};

} // namespace cosmicdesk::triage
