#pragma once

#include "assessment.h"
#include "profile.h"

#include <vector>

namespace cosmicdesk::triage {

// Churn risk 0-100 for the key account manager, from tone, churn language, the account's recent
// tickets and its MRR; each part is capped by the profile's points and listed as a reason.
class Guardian
{
public:
    explicit Guardian(const GuardianConfig &config) : m_config(config) {}

    struct Signals
    {
        const SentimentResult *sentiment = nullptr;
        std::vector<Evidence> churn;       // churn phrases found (not negated)
        std::vector<Evidence> frustration; // "again", "still not fixed", "third time"…
        const std::vector<PastTicket> *history = nullptr;
        double mrr = 0;
        std::string kam; // the key account manager, when known
    };
    GuardianResult evaluate(const Signals &s) const;

private:
    const GuardianConfig &m_config;
};

} // namespace cosmicdesk::triage
