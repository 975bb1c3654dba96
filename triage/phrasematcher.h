#pragma once

#include "flathash.h"
#include "tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cosmicdesk::triage {

// Finds many phrases in a token sequence in one pass. A phrase is folded words separated by spaces:
//   "is down"            exact words
//   "cancel* contract"   a word ending in * matches any word it begins (cancel, cancelled, cancellation)
//   "cancel* ~ contract" ~ matches up to three words of anything ("cancel our whole contract")
//   "<http_error>"       a typed token (see TokenKind names)
//   "won't", "503"       a word is read as the tokenizer reads it in a text ("wont"; the HTTP status 503)
//   "not arrive"         "not" also matches the English contractions: "doesn't arrive", "didn't arrive"
// Matches do not cross clause ends. Each phrase carries a payload for its owner.
class PhraseMatcher
{
public:
    struct Match
    {
        int phrase = 0;
        int payload = 0;
        std::uint32_t first = 0, last = 0; // token indexes, inclusive
        bool negated = false;              // the first word sits in a negation's scope
    };

    // Returns the phrase id, or -1 when the phrase is empty or malformed (a leading gap).
    int add(std::string_view phrase, int payload);
    std::size_t size() const { return m_phrases.size(); }
    const std::string &text(int phrase) const { return m_phrases[static_cast<std::size_t>(phrase)].text; }

    // Appends every match; a phrase matches at most once per starting token.
    void find(const std::vector<Token> &tokens, std::vector<Match> &out) const;

private:
    struct Element
    {
        std::string word;
        std::uint64_t hash = 0; // wordHash(word), for Exact: a token matches when its hash does
        enum class Kind : std::uint8_t { Exact, Prefix, Gap, Typed, Literal } kind = Kind::Exact; // Literal: a typed token's text
        TokenKind typed = TokenKind::Word;
        bool orNot = false; // the word "not", which also matches "don't", "isn't", "cannot"…
    };
    struct Phrase
    {
        std::string text;
        std::vector<Element> elements;
        int payload = 0;
    };
    static std::uint32_t keyOf(std::string_view word);

    bool matchFrom(const Phrase &p, const std::vector<Token> &tokens, std::size_t start, std::uint32_t &last) const;

    std::vector<Phrase> m_phrases;
    static std::uint64_t pairKey(std::uint64_t first, std::uint64_t second);
    // The maps hold an index into m_lists (16-byte slots, so they stay small in the cache).
    FlatHashMap<std::uint32_t> m_byPair;   // the first two elements are exact words, by both their hashes
    FlatHashMap<std::uint32_t> m_byWord;   // first element is an exact word or a typed token, by wordHash
    FlatHashMap<std::uint32_t> m_byPrefix; // first element is a prefix (word*), by its first three bytes
    std::vector<std::vector<int>> m_lists; // phrase ids by first word(s)
};

} // namespace cosmicdesk::triage
