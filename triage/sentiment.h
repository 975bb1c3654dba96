#pragma once

#include "assessment.h"
#include "profile.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace cosmicdesk::triage {

struct AnalysedTicket;
class PhraseMatcher;

// The sentiment lexicon: words and phrases with a valence from -4 to +4, intensifiers, and the
// markers of an aggressive tone. Its source and licence are in resources/lexicons/README.md.
struct Lexicon
{
    struct Entry
    {
        std::string phrase;
        double valence = 0;
    };
    std::vector<Entry> words;
    std::unordered_map<std::string, double> intensifiers; // folded word → boost (0.3 = +30 %)
    std::vector<std::string> aggressive;

    static std::variant<Lexicon, ConfigError> parse(std::string_view json);
};

// Scores tone from lexicon matches: negation softens and flips, intensifiers and capitals
// strengthen, exclamation marks push further. Labels: positive, neutral, frustrated, aggressive.
class SentimentAnalyser
{
public:
    struct Hit
    {
        int index; // into Lexicon::words, or -1 - index into aggressive markers
        bool subject;
        std::uint32_t first, last;
        bool negated;
    };
    SentimentAnalyser(const Lexicon &lexicon, int frustrationPhraseCount);
    SentimentResult analyse(const AnalysedTicket &t, const std::vector<Hit> &hits, int frustrationHits) const;

private:
    const Lexicon &m_lexicon;
};

} // namespace cosmicdesk::triage
