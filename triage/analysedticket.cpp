#include "analysedticket.h"

#include "stemmer.h"
#include "utf8.h"

#include <algorithm>
#include <vector>

namespace cosmicdesk::triage {

AnalysedTicket analyseTicket(const TicketText &t, std::size_t maxTextBytes)
{
    AnalysedTicket a;
    analyseTicket(t, maxTextBytes, a);
    return a;
}

void analyseTicket(const TicketText &t, std::size_t maxTextBytes, AnalysedTicket &a)
{
    a.subjectText = t.subject;
    a.bodyText = t.body;
    Tokenizer::tokenize(a.subjectText, 2000, a.subject);
    Tokenizer::tokenize(a.bodyText, maxTextBytes, a.body);
    a.language = a.body.tokens.size() >= 4 ? a.body.language : a.subject.language;
    a.channel = t.channel;
    a.mrr = t.mrr;
    if (!t.names.empty()) {
        std::vector<std::string> parts;
        for (const std::string &name : t.names)
            for (const Token &tok : Tokenizer::tokenize(name, 200).tokens)
                if (tok.kind == TokenKind::Word && tok.text.size() >= 2)
                    parts.push_back(tok.text);
        for (auto *text : {&a.subject, &a.body})
            for (Token &tok : text->tokens)
                if (tok.kind == TokenKind::Word && !tok.stop && std::find(parts.begin(), parts.end(), tok.text) != parts.end())
                    tok.stop = true;
    }
    // Stem every content word once for the features (the stem's hash is what they use).
    for (auto *text : {&a.subject, &a.body})
        for (Token &tok : text->tokens)
            if (tok.kind == TokenKind::Word && !tok.stop && tok.text.size() <= 40) {
                tok.stemHash = Stemmer::stemHash(tok.text, tok.hash, a.language);
            }
}

std::string spanExcerpt(const AnalysedTicket &a, bool subject, std::uint32_t first, std::uint32_t last)
{
    const auto &tokens = subject ? a.subject.tokens : a.body.tokens;
    const std::string_view text = subject ? a.subjectText : a.bodyText;
    return utf8::excerpt(text.substr(tokens[first].begin, tokens[last].end - tokens[first].begin));
}

} // namespace cosmicdesk::triage
