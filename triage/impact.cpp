#include "impact.h"

#include "analysedticket.h"
#include "utf8.h"

#include <algorithm>

namespace cosmicdesk::triage {

namespace {

// The value of a number or an amount as written ("1,200", "S$18,420", "96.000 €", "30").
double numericValue(std::string_view text)
{
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if ((c == ',' || c == '.') && i + 3 < text.size() + 1) {
            // A separator followed by exactly three digits groups thousands; otherwise it is decimal.
            std::size_t run = 0;
            while (i + 1 + run < text.size() && text[i + 1 + run] >= '0' && text[i + 1 + run] <= '9')
                ++run;
            if (run == 3)
                continue;
            digits.push_back('.');
        }
    }
    try {
        return digits.empty() ? 0.0 : std::stod(digits);
    } catch (...) {
        return 0.0;
    }
}

} // namespace

namespace {

// The hits of one side (subject or body) indexed by token, so that each question the analysis asks
// ("does an entity start at token k?", "which 'all' words end just before it?", "did a rule count
// these words?") costs a look at the few hits there, not a pass over all of them: the cost stays
// linear in the text however often a phrase repeats.
struct SideIndex
{
    // Indexes into `hits`, grouped by token: entities by their first token, 'all' words by their last.
    std::vector<std::uint32_t> entityOffsets, entities;
    std::vector<std::uint32_t> allOffsets, alls;
    // The furthest last token of a priority rule's match that starts at or before each token (+1; 0: none).
    std::vector<std::uint32_t> ruleReach;

    // Rebuilt for each side of each ticket; the buffers are kept (one index per thread).
    void build(const std::vector<ImpactAnalyser::Hit> &hits, bool subject, std::size_t tokenCount)
    {
        using Kind = ImpactAnalyser::HitKind;
        group(hits, subject, tokenCount, Kind::Entity, true, entityOffsets, entities);
        group(hits, subject, tokenCount, Kind::All, false, allOffsets, alls);
        ruleReach.assign(tokenCount, 0);
        for (const auto &h : hits)
            if (h.kind == Kind::PriorityRule && h.subject == subject && h.first < tokenCount)
                ruleReach[h.first] = std::max(ruleReach[h.first], h.last + 1);
        for (std::size_t k = 1; k < tokenCount; ++k)
            ruleReach[k] = std::max(ruleReach[k], ruleReach[k - 1]);
    }

private:
    // A counting sort by token: the hits at each token keep their order in `hits`.
    void group(const std::vector<ImpactAnalyser::Hit> &hits, bool subject, std::size_t tokenCount, ImpactAnalyser::HitKind kind,
               bool byFirst, std::vector<std::uint32_t> &offsets, std::vector<std::uint32_t> &items)
    {
        offsets.assign(tokenCount + 1, 0);
        auto at = [&](const ImpactAnalyser::Hit &h) { return byFirst ? h.first : h.last; };
        auto counts = [&](const ImpactAnalyser::Hit &h) { return h.kind == kind && h.subject == subject && at(h) < tokenCount; };
        for (const auto &h : hits)
            if (counts(h))
                ++offsets[at(h) + 1];
        for (std::size_t k = 0; k < tokenCount; ++k)
            offsets[k + 1] += offsets[k];
        items.resize(offsets[tokenCount]);
        m_fill.assign(offsets.begin(), offsets.end() - 1);
        for (std::size_t i = 0; i < hits.size(); ++i)
            if (counts(hits[i]))
                items[m_fill[at(hits[i])]++] = static_cast<std::uint32_t>(i);
    }
    std::vector<std::uint32_t> m_fill;
};

} // namespace

ImpactAnalyser::Finding ImpactAnalyser::analyse(const AnalysedTicket &t, const std::vector<Hit> &hits) const
{
    Finding f;
    const ImpactConfig &im = m_config;
    double largestCount = 0, largestPercent = 0, largestMoney = 0;
    std::string countText, percentText;
    std::string &moneyText = f.moneyText;
    bool largePhrase = false, smallPhrase = false;
    std::string phraseText;
    // "every product", "all our orders", "alle Bestellungen": everything of a kind is affected. The
    // last such pair in the order of the hits names it.
    std::size_t allHit = hits.size(), allEntity = hits.size();
    for (const bool subject : {true, false}) {
        const auto &tokens = subject ? t.subject.tokens : t.body.tokens;
        const std::string_view text = subject ? t.subjectText : t.bodyText;
        thread_local SideIndex index;
        index.build(hits, subject, tokens.size());
        auto entitiesAt = [&](std::size_t k) {
            return std::pair{index.entities.begin() + index.entityOffsets[k], index.entities.begin() + index.entityOffsets[k + 1]};
        };
        std::size_t skipTotal = tokens.size(); // the "10" of "4 of our 10 agents" is how many there are, not how many are hit
        auto wordAt = [&](std::size_t k, const std::vector<std::string> &words) {
            return k < tokens.size() && tokens[k].kind == TokenKind::Word &&
                   std::find(words.begin(), words.end(), tokens[k].text) != words.end();
        };
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const Token &tok = tokens[i];
            if (i == skipTotal)
                continue;
            if (tok.kind == TokenKind::Number && !tok.punctAfter) {
                // A share written as a fraction: "4 of our 10 agents", "3 out of 5 stores", "12 von 40".
                std::size_t j = i + 1;
                if (wordAt(j, im.fractionLeadWords) && !tokens[j].punctAfter)
                    ++j;
                if (wordAt(j, im.fractionWords) && !tokens[j].punctAfter) {
                    ++j;
                    if (wordAt(j, im.fractionDeterminers) && !tokens[j].punctAfter)
                        ++j;
                    if (j < tokens.size() && tokens[j].kind == TokenKind::Number) {
                        const double part = numericValue(tok.text), whole = numericValue(tokens[j].text);
                        if (whole > 0 && part <= whole) {
                            const double share = 100.0 * part / whole;
                            if (share > largestPercent) {
                                largestPercent = share;
                                const std::size_t end = j + 1 < tokens.size() && !tokens[j].punctAfter ? j + 1 : j;
                                percentText = utf8::excerpt(text.substr(tok.begin, tokens[end].end - tok.begin));
                            }
                            skipTotal = j;
                            continue;
                        }
                    }
                }
            }
            if (tok.kind == TokenKind::Money) {
                const double v = numericValue(tok.text);
                if (v > largestMoney) {
                    largestMoney = v;
                    moneyText = utf8::excerpt(std::string_view(text).substr(tok.begin, tok.end - tok.begin));
                }
                continue;
            }
            if (tok.kind != TokenKind::Number && tok.kind != TokenKind::HttpError)
                continue;
            // "HTTP 500", "error 503": a status, not a count ("500 orders" is a count).
            if (tok.kind == TokenKind::HttpError && i > 0 && wordAt(i - 1, im.statusWords))
                continue;
            const double v = numericValue(tok.text);
            if (tok.end < text.size() && text[tok.end] == '%') {
                // A share of things affected is a share of something ("15% of orders", "30 % des
                // commandes", "40% of our customers"); a percent on its own measures a change or a
                // rate ("a 40% increase", "differs by 30%", "from 3% to 2%") and says nothing of reach.
                bool share = false;
                for (std::size_t k = i + 1; k < tokens.size() && k <= i + 3 && !share && !tokens[k - 1].punctAfter; ++k) {
                    ++f.hitsExamined;
                    share = wordAt(k, im.shareWords) || index.entityOffsets[k] != index.entityOffsets[k + 1];
                }
                if (share && v > largestPercent && v <= 100) {
                    largestPercent = v;
                    percentText = utf8::excerpt(std::string_view(text).substr(tok.begin, tok.end + 1 - tok.begin));
                }
                continue;
            }
            // A number counts things when an entity follows it in the same clause ("60 customers"):
            // the first such entity in the order of the hits names it.
            if (!(v > largestCount))
                continue;
            std::size_t best = hits.size();
            bool sameClause = tok.punctAfter == 0;
            for (std::size_t k = i + 1; k < tokens.size() && k <= i + 3 && sameClause; ++k) {
                for (auto [it, end] = entitiesAt(k); it != end; ++it) {
                    ++f.hitsExamined;
                    best = std::min<std::size_t>(best, *it);
                }
                sameClause = tokens[k].punctAfter == 0;
            }
            if (best < hits.size()) {
                largestCount = v;
                countText = utf8::excerpt(std::string_view(text).substr(tok.begin, tokens[hits[best].last].end - tok.begin));
            }
        }
        for (std::size_t e = 0; e < index.entities.size(); ++e) {
            const Hit &h = hits[index.entities[e]];
            if (h.negated)
                continue;
            // 'all' words ending up to three tokens before the entity, in the same clause.
            bool sameClause = true;
            for (std::size_t back = 1; back <= 3 && back <= h.first && sameClause; ++back) {
                const std::size_t end = h.first - back;
                sameClause = tokens[end].punctAfter == 0;
                if (!sameClause)
                    break;
                for (auto it = index.alls.begin() + index.allOffsets[end]; it != index.alls.begin() + index.allOffsets[end + 1]; ++it) {
                    ++f.hitsExamined;
                    const Hit &q = hits[*it];
                    bool clause = true;
                    for (std::size_t k = q.first; k < end; ++k)
                        clause = clause && tokens[k].punctAfter == 0;
                    // Words a rule has already counted ("all orders" of "everyone affected") count once.
                    const bool counted = index.ruleReach[std::min<std::size_t>(h.last, tokens.size() - 1)] > q.first;
                    if (q.negated || !clause || counted)
                        continue;
                    const std::size_t pairEntity = index.entities[e];
                    if (pairEntity > allEntity || (pairEntity == allEntity && *it > allHit) || allEntity == hits.size()) {
                        allEntity = pairEntity;
                        allHit = *it;
                    }
                }
            }
        }
    }
    if (allEntity < hits.size()) {
        largePhrase = true;
        phraseText = spanExcerpt(t, hits[allEntity].subject, hits[allHit].first, hits[allEntity].last);
    }
    for (const auto &h : hits) {
        ++f.hitsExamined;
        if (h.negated || (h.kind != HitKind::LargePhrase && h.kind != HitKind::SmallPhrase))
            continue;
        (h.kind == HitKind::LargePhrase ? largePhrase : smallPhrase) = true;
        if (phraseText.empty() || h.kind == HitKind::LargePhrase)
            phraseText = spanExcerpt(t, h.subject, h.first, h.last);
    }
    const bool large = largestCount >= im.largeCount || largestPercent >= im.largePercent || largePhrase;
    const bool small = !large && ((largestCount > 0 && largestCount <= im.smallCount) ||
                                  (largestPercent > 0 && largestPercent < im.largePercent) || smallPhrase);
    f.large = large;
    f.small = small;
    f.largestCount = largestCount;
    f.largestPercent = largestPercent;
    f.largestMoney = largestMoney;
    f.moneyAtStake = largestMoney >= im.largeMoney;
    if (large)
        f.evidence = !countText.empty() && largestCount >= im.largeCount ? countText + " affected"
                     : largestPercent >= im.largePercent                 ? percentText + " affected"
                                                                         : phraseText;
    else if (small)
        f.evidence = !countText.empty() ? countText + " affected" : !percentText.empty() ? percentText + " affected" : phraseText;
    return f;
}

} // namespace cosmicdesk::triage
