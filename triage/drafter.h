#pragma once

#include "assessment.h"
#include "knowledgebase.h"
#include "profile.h"

namespace cosmicdesk::triage {

struct AnalysedTicket;

// Drafts a reply for the priorities the profile names, from the best knowledge-base article,
// filled with facts of the ticket and of the customer view. A draft is an internal note unless every
// auto-send threshold holds (seeds/003, "Production Safety"); even then it waits for one click.
class Drafter
{
public:
    Drafter(const DraftConfig &config, const KnowledgeBase &kb) : m_config(config), m_kb(kb) {}

    struct Inputs
    {
        const AnalysedTicket *ticket = nullptr;
        const TicketText *text = nullptr;
        Priority priority = Priority::P3;
        const SentimentResult *sentiment = nullptr;
        std::string category;
        double categoryConfidence = 0;
    };
    DraftResult draft(const Inputs &in) const;

    // 0 (one simple question) to 1 (long, technical, several issues).
    static double complexity(const AnalysedTicket &t);

private:
    const DraftConfig &m_config;
    const KnowledgeBase &m_kb;
};

} // namespace cosmicdesk::triage
