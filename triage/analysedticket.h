#pragma once

#include "assessment.h"
#include "tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace cosmicdesk::triage {

// The text of a ticket, tokenized once and shared by every component of the engine. The texts
// view the TicketText it was made from, which must outlive it.
struct AnalysedTicket
{
    std::string_view subjectText;
    std::string_view bodyText;
    TokenizedText subject;
    TokenizedText body;
    Language language = Language::En;
    std::string channel;
    double mrr = 0;
};

// Tokenizes a ticket's subject and body once, for every component: the language guess, the
// ticket's own names marked as no evidence, the content words stemmed for the features.
AnalysedTicket analyseTicket(const TicketText &t, std::size_t maxTextBytes);
// The same into `into`, whose buffers are reused (the engine keeps one per thread).
void analyseTicket(const TicketText &t, std::size_t maxTextBytes, AnalysedTicket &into);

// The words of tokens first..last (inclusive) of the subject or the body as written, made safe to show
// (utf8::excerpt).
std::string spanExcerpt(const AnalysedTicket &a, bool subject, std::uint32_t first, std::uint32_t last);

} // namespace cosmicdesk::triage
