#include "guardian.h"

#include <algorithm>
#include <cmath>

namespace cosmicdesk::triage {

namespace {
std::string money(double mrr)
{
    if (mrr >= 1000)
        return "$" + std::to_string(static_cast<int>(std::round(mrr / 1000.0))) + "k";
    return "$" + std::to_string(static_cast<int>(std::round(mrr)));
}
std::string quote(const std::string &s)
{
    return "'" + (s.size() > 60 ? s.substr(0, 57) + "..." : s) + "'";
}
} // namespace

GuardianResult Guardian::evaluate(const Signals &s) const
{
    GuardianResult r;
    const GuardianConfig &c = m_config;
    double score = 0;

    // Tone: only negative tone counts.
    if (s.sentiment) {
        const double negative = std::max(0.0, -s.sentiment->compound);
        double pts = c.maxSentiment * std::min(1.0, negative / 0.85);
        if (s.sentiment->label == "aggressive")
            pts = std::max(pts, 0.8 * c.maxSentiment);
        else if (s.sentiment->label == "frustrated")
            pts = std::max(pts, 0.45 * c.maxSentiment);
        if (pts >= 1) {
            score += pts;
            r.reasons.push_back(s.sentiment->label + " tone (" + std::to_string(static_cast<int>(std::round(pts))) + " pts)");
        }
    }
    if (!s.frustration.empty()) {
        const double pts = std::min<double>(c.maxFrustration, 8.0 + 5.0 * (s.frustration.size() - 1));
        score += pts;
        r.reasons.push_back("repeated-contact language " + quote(s.frustration.front().text) + " (" +
                            std::to_string(static_cast<int>(pts)) + " pts)");
    }
    if (!s.churn.empty()) {
        const double pts = std::min<double>(c.maxChurn, 28.0 + 8.0 * (s.churn.size() - 1));
        score += pts;
        r.reasons.push_back("churn language " + quote(s.churn.front().text) + " (" + std::to_string(static_cast<int>(pts)) + " pts)");
    }
    if (s.history && !s.history->empty()) {
        int recent = 0, negative = 0;
        for (const PastTicket &p : *s.history) {
            if (p.daysAgo <= 30) {
                ++recent;
                if (p.sentiment == "frustrated" || p.sentiment == "aggressive")
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
            r.reasons.push_back(std::to_string(recent) + " tickets in 30 days, " + std::to_string(negative) + " of them unhappy (" +
                                std::to_string(static_cast<int>(pts)) + " pts)");
        }
    }
    // MRR raises the stakes of an unhappy customer; it is no risk by itself.
    if (score >= 15 && s.mrr > 0) {
        const double pts = std::min<double>(c.maxMrr, c.maxMrr * std::log10(std::max(1.0, s.mrr / 300.0)) / 2.0);
        if (pts >= 1) {
            score += pts;
            r.reasons.push_back("account MRR " + money(s.mrr) + " (" + std::to_string(static_cast<int>(std::round(pts))) + " pts)");
        }
    }
    r.score = std::clamp(static_cast<int>(std::round(score)), 0, 100);
    r.level = r.score >= c.critical ? "critical" : r.score >= c.alert ? "alert" : r.score >= c.watch ? "watch" : "none";
    r.alert = r.score >= c.alert;
    if (r.level != "none") {
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
