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

ImpactAnalyser::Finding ImpactAnalyser::analyse(const AnalysedTicket &t, const std::vector<Hit> &hits) const
{
    Finding f;
    // Impact: how many things, what share, how much money the ticket says is affected.
    const ImpactConfig &im = m_config;
    double largestCount = 0, largestPercent = 0, largestMoney = 0;
    std::string countText, percentText;
    std::string &moneyText = f.moneyText;
    bool largePhrase = false, smallPhrase = false;
    std::string phraseText;
    for (const bool subject : {true, false}) {
        const auto &tokens = subject ? t.subject.tokens : t.body.tokens;
        const std::string_view text = subject ? t.subjectText : t.bodyText;
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
                    share = wordAt(k, im.shareWords) || std::any_of(hits.begin(), hits.end(), [&](const Hit &h) {
                                ++f.hitsExamined;
                                return h.kind == HitKind::Entity && h.subject == subject && h.first == k;
                            });
                }
                if (share && v > largestPercent && v <= 100) {
                    largestPercent = v;
                    percentText = utf8::excerpt(std::string_view(text).substr(tok.begin, tok.end + 1 - tok.begin));
                }
                continue;
            }
            // A number counts things when an entity follows it in the same clause ("60 customers").
            for (const auto &h : hits) {
                ++f.hitsExamined;
                if (h.kind != HitKind::Entity || h.subject != subject || h.first <= i || h.first > i + 3)
                    continue;
                bool sameClause = true;
                for (std::size_t k = i; k < h.first; ++k)
                    sameClause = sameClause && tokens[k].punctAfter == 0;
                if (sameClause && v > largestCount) {
                    largestCount = v;
                    countText = utf8::excerpt(std::string_view(text).substr(tok.begin, tokens[h.last].end - tok.begin));
                }
            }
        }
    }
    // "every product", "all our orders", "alle Bestellungen": everything of a kind is affected.
    for (const auto &h : hits) {
        ++f.hitsExamined;
        if (h.kind != HitKind::Entity || h.negated)
            continue;
        const auto &tokens = h.subject ? t.subject.tokens : t.body.tokens;
        for (const auto &q : hits) {
            ++f.hitsExamined;
            if (q.kind != HitKind::All || q.negated || q.subject != h.subject || q.last >= h.first || q.last + 3 < h.first)
                continue;
            bool sameClause = true;
            for (std::size_t k = q.first; k < h.first; ++k)
                sameClause = sameClause && tokens[k].punctAfter == 0;
            // Words a rule has already counted ("all orders" of "everyone affected") count once.
            const bool counted = std::any_of(hits.begin(), hits.end(), [&](const Hit &r) {
                ++f.hitsExamined;
                return r.kind == HitKind::PriorityRule && r.subject == h.subject && r.first <= h.last && r.last >= q.first;
            });
            if (sameClause && !counted) {
                largePhrase = true;
                phraseText = spanExcerpt(t, h.subject, q.first, h.last);
            }
        }
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
