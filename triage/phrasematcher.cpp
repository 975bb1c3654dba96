#include "phrasematcher.h"

#include "utf8.h"

namespace cosmicdesk::triage {

std::uint32_t PhraseMatcher::keyOf(std::string_view word)
{
    // The first three bytes (or the whole word) identify the candidates for a token.
    std::uint32_t k = static_cast<std::uint32_t>(std::min<std::size_t>(word.size(), 3)) << 24;
    for (std::size_t i = 0; i < 3 && i < word.size(); ++i)
        k |= static_cast<std::uint32_t>(static_cast<unsigned char>(word[i])) << (8 * (2 - i));
    return k;
}

std::uint64_t PhraseMatcher::pairKey(std::uint64_t first, std::uint64_t second)
{
    std::uint64_t h = first * 0x9E3779B97F4A7C15ull ^ second;
    h ^= h >> 32;
    return h * 0xff51afd7ed558ccdull;
}

int PhraseMatcher::add(std::string_view phrase, int payload)
{
    Phrase p;
    p.text = std::string(phrase);
    p.payload = payload;
    const std::string folded = utf8::fold(phrase);
    std::size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && folded[i] == ' ')
            ++i;
        std::size_t j = i;
        while (j < folded.size() && folded[j] != ' ')
            ++j;
        if (j > i) {
            Element e;
            std::string w = folded.substr(i, j - i);
            if (w == "~") {
                e.kind = Element::Kind::Gap;
            } else if (w.size() > 2 && w.front() == '<' && w.back() == '>') {
                e.kind = Element::Kind::Typed;
                e.word = w;
                const std::string name = w.substr(1, w.size() - 2);
                bool known = false;
                for (int k = 0; k <= static_cast<int>(TokenKind::Version); ++k) {
                    if (tokenKindName(static_cast<TokenKind>(k)) == name) {
                        e.typed = static_cast<TokenKind>(k);
                        known = true;
                    }
                }
                if (!known)
                    return -1;
            } else if (w.size() >= 4 && w.back() == '*') {
                e.kind = Element::Kind::Prefix;
                w.pop_back();
                e.word = std::move(w);
            } else {
                if (w.back() == '*')
                    w.pop_back(); // "no*": too short a stem to be useful, match it exactly
                // The word becomes what the tokenizer makes of it in a text: "won't" the word "wont",
                // "n'arrive" the words "n" and "arrive", "503" an HTTP status.
                for (const Token &t : Tokenizer::tokenize(w).tokens) {
                    Element part;
                    part.kind = t.kind == TokenKind::Word ? Element::Kind::Exact : Element::Kind::Literal;
                    part.typed = t.kind;
                    part.hash = t.hash;
                    part.word = t.text;
                    part.orNot = t.kind == TokenKind::Word && t.text == "not";
                    p.elements.push_back(std::move(part));
                }
                i = j;
                continue;
            }
            p.elements.push_back(std::move(e));
        }
        i = j;
    }
    if (p.elements.empty() || p.elements.front().kind == Element::Kind::Gap || p.elements.back().kind == Element::Kind::Gap)
        return -1;
    const Element &first = p.elements.front();
    const int id = static_cast<int>(m_phrases.size());
    // Phrases that open with two exact words ("we are", "not working") are only tried where that
    // pair occurs: the commonest words open many phrases.
    const bool pair = p.elements.size() >= 2 && first.kind == Element::Kind::Exact && p.elements[1].kind == Element::Kind::Exact;
    auto &map = pair ? m_byPair : first.kind == Element::Kind::Prefix ? m_byPrefix : m_byWord;
    const std::uint64_t key = pair                                   ? pairKey(first.hash, p.elements[1].hash)
                              : first.kind == Element::Kind::Prefix  ? keyOf(first.word)
                              : first.kind == Element::Kind::Literal ? first.hash
                                                                     : wordHash(first.word);
    if (const std::uint32_t *list = map.find(key)) {
        m_lists[*list].push_back(id);
    } else {
        map.insert(key, static_cast<std::uint32_t>(m_lists.size()));
        m_lists.push_back({id});
    }
    m_phrases.push_back(std::move(p));
    return id;
}

namespace {

const std::uint64_t kNotHash = wordHash("not");

bool elementMatches(const std::string &word, std::uint64_t hash, int kind, TokenKind typed, bool orNot, const Token &t)
{
    switch (kind) {
    case 0: // 64-bit word hashes: equal words
        return t.kind == TokenKind::Word && (t.hash == hash || (orNot && (t.functionWord & Token::kNotContraction)));
    case 1: return t.kind == TokenKind::Word && t.text.size() >= word.size() && t.text.compare(0, word.size(), word) == 0;
    case 3: return t.kind == typed;
    case 4: return t.kind == typed && t.text == word;
    default: return false;
    }
}

} // namespace

bool PhraseMatcher::matchFrom(const Phrase &p, const std::vector<Token> &tokens, std::size_t start, std::uint32_t &last) const
{
    // Small backtracking over gaps; phrases are short.
    struct Frame
    {
        std::size_t element, token;
    };
    // A fixed stack: phrases are short and each gap pushes at most four frames.
    // The first element directly: most candidates fail or end here.
    const Element &first = p.elements.front();
    if (start >= tokens.size() ||
        !elementMatches(first.word, first.hash, static_cast<int>(first.kind), first.typed, first.orNot, tokens[start]))
        return false;
    if (p.elements.size() == 1) {
        last = static_cast<std::uint32_t>(start);
        return true;
    }
    Frame stack[64];
    std::size_t depth = 0;
    stack[depth++] = {1, start + 1};
    auto push = [&](Frame f) {
        if (depth < 64)
            stack[depth++] = f;
    };
    while (depth > 0) {
        const Frame f = stack[--depth];
        if (f.element == p.elements.size()) {
            last = static_cast<std::uint32_t>(f.token - 1);
            return true;
        }
        const Element &e = p.elements[f.element];
        if (e.kind == Element::Kind::Gap) {
            for (std::size_t skip = 3 + 1; skip-- > 0;) {
                const std::size_t t = f.token + skip;
                if (t >= tokens.size())
                    continue;
                bool crosses = false;
                for (std::size_t k = f.token; k < t; ++k)
                    crosses = crosses || tokens[k].punctAfter != 0;
                if (f.token > 0 && tokens[f.token - 1].punctAfter)
                    crosses = true;
                if (!crosses)
                    push({f.element + 1, t});
            }
            continue;
        }
        if (f.token >= tokens.size())
            continue;
        if (f.element > 0 && f.token > 0 && tokens[f.token - 1].punctAfter && p.elements[f.element - 1].kind != Element::Kind::Gap)
            continue; // do not run over a clause end
        if (elementMatches(e.word, e.hash, static_cast<int>(e.kind), e.typed, e.orNot, tokens[f.token]))
            push({f.element + 1, f.token + 1});
    }
    return false;
}

void PhraseMatcher::find(const std::vector<Token> &tokens, std::vector<Match> &out) const
{
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token &t = tokens[i];
        auto tryAll = [&](std::uint32_t list) {
            for (int id : m_lists[list]) {
                const Phrase &p = m_phrases[static_cast<std::size_t>(id)];
                std::uint32_t last = 0;
                if (matchFrom(p, tokens, i, last))
                    out.push_back(Match{id, p.payload, static_cast<std::uint32_t>(i), last, t.negated});
            }
        };
        // The token's hash was made with the token: exact words and typed tokens need no new hashing.
        const bool notContraction = t.functionWord & Token::kNotContraction; // "doesn't" is also tried as "not"
        if (const std::uint32_t *list = m_byWord.find(t.hash ? t.hash : wordHash(t.text)))
            tryAll(*list);
        if (notContraction)
            if (const std::uint32_t *list = m_byWord.find(kNotHash))
                tryAll(*list);
        if (t.kind == TokenKind::Word && !t.punctAfter && i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Word) {
            if (const std::uint32_t *list = m_byPair.find(pairKey(t.hash, tokens[i + 1].hash)))
                tryAll(*list);
            if (notContraction)
                if (const std::uint32_t *list = m_byPair.find(pairKey(kNotHash, tokens[i + 1].hash)))
                    tryAll(*list);
        }
        if (t.kind == TokenKind::Word && t.text.size() >= 3)
            if (const std::uint32_t *list = m_byPrefix.find(keyOf(t.text)))
                tryAll(*list);
    }
}

} // namespace cosmicdesk::triage
