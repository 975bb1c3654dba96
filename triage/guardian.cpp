#include "guardian.h"

#include "assessment.h"
#include "utf8.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cosmicdesk::triage {

namespace {
// Printed from the double: any MRR reads, however large (a cast to int would be undefined).
std::string money(double mrr)
{
    char buf[48];
    if (mrr >= 1000)
        std::snprintf(buf, sizeof buf, "$%.0fk", std::round(mrr / 1000.0));
    else
        std::snprintf(buf, sizeof buf, "$%.0f", std::round(mrr));
    return buf;
}
std::string quote(const std::string &s)
{
    return "'" + utf8::clip(s, 60) + "'";
}
} // namespace

GuardianResult Guardian::evaluate(const Signals &s) const
{
    GuardianResult r;
    const GuardianConfig &c = m_config;
    double score = 0;
    auto reason = [&](const std::string &what, double pts) {
        r.reasons.push_back(what + " (" + std::to_string(static_cast<int>(std::round(pts))) + " pts)");
    };

    // Tone: an aggressive customer is a risk on its own, a frustrated one less so.
    if (s.sentiment) {
        const double negative = std::max(0.0, -s.sentiment->compound);
        double pts = 0;
        if (s.sentiment->label == Sentiment::Aggressive)
            pts = 0.75 * c.maxSentiment + 0.25 * c.maxSentiment * std::min(1.0, negative);
        else if (s.sentiment->label == Sentiment::Frustrated)
            pts = 0.35 * c.maxSentiment + 0.15 * c.maxSentiment * std::min(1.0, negative);
        if (pts >= 1) {
            score += pts;
            reason(std::string(sentimentName(s.sentiment->label)) + " tone", pts);
        }
    }
    if (!s.frustration.empty()) {
        const double pts = std::min<double>(c.maxFrustration, 10.0 + 5.0 * (s.frustration.size() - 1));
        score += pts;
        reason("repeated-contact language " + quote(s.frustration.front().text), pts);
    }
    // Churn language is the strongest signal: one phrase is enough to reach the KAM.
    if (!s.churn.empty()) {
        const double pts = std::min<double>(c.maxChurn, c.maxChurn * 0.9 + 8.0 * (s.churn.size() - 1));
        score += pts;
        reason("churn language " + quote(s.churn.front().text), pts);
    }
    if (s.history && !s.history->empty()) {
        int recent = 0, negative = 0;
        for (const PastTicket &p : *s.history) {
            if (p.daysAgo <= kHistoryDays) {
                ++recent;
                if (p.sentiment == Sentiment::Frustrated || p.sentiment == Sentiment::Aggressive)
                    ++negative;
            }
        }
        double pts = 0;
        if (recent >= 2)
            pts += std::min(10.0, 2.5 * recent);
        pts += std::min(10.0, 5.0 * negative);
        pts = std::min<double>(pts, c.maxHistory);
        if (pts >= 1) {
            score += pts;
            reason(std::to_string(recent) + " tickets in " + std::to_string(kHistoryDays) + " days, " + std::to_string(negative) +
                       " of them unhappy",
                   pts);
        }
    }
    // MRR scales the stakes of an unhappy customer; it is no risk by itself.
    if (score > 0 && s.mrr > 0) {
        const double factor = s.mrr >= 15000 ? 1.3 : s.mrr >= 5000 ? 1.15 : s.mrr >= 1000 ? 1.0 : 0.8;
        const double before = score;
        score = std::min(before * factor, before + c.maxMrr);
        if (factor > 1.0)
            reason("account MRR " + money(s.mrr) + " raises the stakes", score - before);
        else if (factor < 1.0)
            reason("account MRR " + money(s.mrr) + " lowers the stakes", score - before);
    }
    r.score = std::clamp(static_cast<int>(std::round(score)), 0, 100);
    r.level = r.score >= c.critical ? GuardianLevel::Critical
              : r.score >= c.alert  ? GuardianLevel::Alert
              : r.score >= c.watch  ? GuardianLevel::Watch
                                    : GuardianLevel::None;
    r.alert = r.score >= c.alert;
    if (r.level != GuardianLevel::None) {
        auto it = c.actions.find(r.level);
        std::string action = it != c.actions.end() ? it->second : std::string();
        const std::string kam = s.kam.empty() ? std::string("the key account manager") : s.kam;
        for (std::size_t at; (at = action.find("{kam}")) != std::string::npos;)
            action.replace(at, 5, kam);
        r.action = action;
    }
    return r;
}

} // namespace cosmicdesk::triage
