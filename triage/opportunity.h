#pragma once

#include "assessment.h"
#include "profile.h"

#include <vector>

namespace cosmicdesk::triage {

struct AnalysedTicket;

// Revenue signals (pricing request, upgrade, expansion in seats, stores or regions, volume,
// enterprise, new product). A phrase counts only when it means business: not negated ("we are not
// looking to upgrade"), not in the past ("we already moved to the annual plan"), not technical
// ("after the SDK upgrade the webhooks fail"), and, for some signals, inside a request.
class OpportunityDetector
{
public:
    enum class MarkerKind { Technical, Past, Request, Complaint };
    struct Hit
    {
        int signal;
        bool subject;
        std::uint32_t first, last;
        bool negated;
    };
    struct Marker
    {
        MarkerKind kind;
        bool subject;
        std::uint32_t first, last;
    };

    explicit OpportunityDetector(const OpportunityConfig &config) : m_config(config) {}
    OpportunityResult evaluate(const AnalysedTicket &t, const std::vector<Hit> &hits, const std::vector<Marker> &markers) const;

private:
    const OpportunityConfig &m_config;
};

} // namespace cosmicdesk::triage
