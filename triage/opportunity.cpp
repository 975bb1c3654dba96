#include "opportunity.h"

#include "features.h"
#include "utf8.h"

#include <algorithm>
#include <set>

namespace cosmicdesk::triage {

namespace {

// The clause around a token: from after the previous clause end to the next one.
std::pair<std::uint32_t, std::uint32_t> clauseOf(const std::vector<Token> &tokens, std::uint32_t first, std::uint32_t last)
{
    std::uint32_t b = first;
    while (b > 0 && tokens[b - 1].punctAfter == 0)
        --b;
    std::uint32_t e = last;
    while (e + 1 < tokens.size() && tokens[e].punctAfter == 0)
        ++e;
    return {b, e};
}

} // namespace

OpportunityResult OpportunityDetector::evaluate(const AnalysedTicket &t, const std::vector<Hit> &hits,
                                                const std::vector<Marker> &markers) const
{
    OpportunityResult r;
    std::set<std::string> seen;
    for (const Hit &h : hits) {
        const OpportunitySignalConfig &cfg = m_config.signals[static_cast<std::size_t>(h.signal)];
        const auto &tokens = h.subject ? t.subject.tokens : t.body.tokens;
        const std::string_view text = h.subject ? t.subjectText : t.bodyText;
        const std::string phrase =
            utf8::excerpt(std::string_view(text).substr(tokens[h.first].begin, tokens[h.last].end - tokens[h.first].begin));
        if (h.negated) {
            r.ignored.push_back("'" + phrase + "' (" + cfg.name + "): negated");
            continue;
        }
        const auto [cb, ce] = clauseOf(tokens, h.first, h.last);
        auto inClause = [&](MarkerKind kind, std::uint32_t from, std::uint32_t to) {
            return std::any_of(markers.begin(), markers.end(), [&](const Marker &m) {
                return m.kind == kind && m.subject == h.subject && m.first >= from && m.last <= to;
            });
        };
        if (inClause(MarkerKind::Past, cb, ce)) {
            r.ignored.push_back("'" + phrase + "' (" + cfg.name + "): already happened");
            continue;
        }
        if (inClause(MarkerKind::Complaint, cb, ce)) {
            r.ignored.push_back("'" + phrase + "' (" + cfg.name + "): a complaint, not a buying signal");
            continue;
        }
        if (cfg.name == "upgrade" || cfg.name == "pricing_request") {
            const std::uint32_t from = h.first >= 4 ? h.first - 4 : 0;
            const std::uint32_t to = std::min<std::uint32_t>(h.last + 4, static_cast<std::uint32_t>(tokens.size() - 1));
            bool technical = inClause(MarkerKind::Technical, std::max(from, cb), std::min(to, ce));
            for (std::uint32_t k = std::max(from, cb); k <= std::min(to, ce) && !technical; ++k)
                technical = tokens[k].kind == TokenKind::Version;
            if (technical) {
                r.ignored.push_back("'" + phrase + "' (" + cfg.name + "): technical sense");
                continue;
            }
        }
        if (cfg.needsRequest) {
            bool request = inClause(MarkerKind::Request, cb, ce) || tokens[ce].punctAfter == '?';
            // A subject line asking for something covers the whole ticket ("Quote for 20 more seats?").
            if (h.subject) {
                const auto &body = t.body.tokens;
                request = request || tokens.back().punctAfter == '?' ||
                          std::any_of(markers.begin(), markers.end(),
                                      [](const Marker &m) { return m.kind == MarkerKind::Request && !m.subject; }) ||
                          (!body.empty() && t.body.questions > 0);
            }
            if (!request) {
                r.ignored.push_back("'" + phrase + "' (" + cfg.name + "): not a request");
                continue;
            }
        }
        if (!seen.insert(cfg.name).second)
            continue;
        OpportunitySignal s;
        s.name = cfg.name;
        s.score = cfg.score;
        const std::uint32_t b = tokens[cb].begin;
        std::uint32_t e = std::min<std::uint32_t>(tokens[ce].end, b + 160);
        while (e > b && e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80)
            --e; // never end inside a character
        s.evidence = {utf8::excerpt(std::string_view(text).substr(b, e - b)), textSource(h.subject), static_cast<double>(cfg.score), b, e};
        r.signals.push_back(std::move(s));
    }
    std::sort(r.signals.begin(), r.signals.end(), [](const OpportunitySignal &a, const OpportunitySignal &b) { return a.score > b.score; });
    if (!r.signals.empty())
        r.score = std::min(100, r.signals.front().score + 10 * static_cast<int>(r.signals.size() - 1));
    r.alert = r.score >= m_config.alertThreshold;
    return r;
}

} // namespace cosmicdesk::triage
