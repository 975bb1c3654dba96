#include "drafter.h"

#include "features.h"
#include "flathash.h"
#include "utf8.h"

#include <algorithm>
#include <cmath>

namespace cosmicdesk::triage {

namespace {

bool technicalWord(const Token &t)
{
    static const FlatHashMap<std::string_view> terms = [] {
        FlatHashMap<std::string_view> m;
        for (std::string_view w : {"api",      "webhook", "webhooks", "sdk",       "integration", "sync", "oauth", "token",
                                   "endpoint", "error",   "errors",   "timeout",   "ssl",         "tls",  "json",  "csv",
                                   "pixel",    "plugin",  "payload",  "signature", "sso",         "saml", "dns",   "server"})
            m.insert(wordHash(w), w);
        return m;
    }();
    const std::string_view *hit = terms.find(t.hash);
    return hit && *hit == t.text;
}

// The first value of a typed token in the ticket (an order number, a tracking number…).
std::string firstOf(const AnalysedTicket &t, TokenKind kind)
{
    for (const auto *text : {&t.subject, &t.body}) {
        for (const Token &tok : text->tokens) {
            if (tok.kind == kind) {
                const std::string_view src = text == &t.subject ? t.subjectText : t.bodyText;
                return utf8::excerpt(std::string_view(src).substr(tok.begin, tok.end - tok.begin));
            }
        }
    }
    return {};
}

} // namespace

double Drafter::complexity(const AnalysedTicket &t)
{
    const std::size_t words = t.subject.tokens.size() + t.body.tokens.size();
    int technical = 0;
    for (const auto *text : {&t.subject, &t.body})
        for (const Token &tok : text->tokens)
            if (tok.kind == TokenKind::HttpError || tok.kind == TokenKind::Version || tok.kind == TokenKind::Url ||
                tok.kind == TokenKind::PaymentId || (tok.kind == TokenKind::Word && technicalWord(tok)))
                ++technical;
    const int questions = t.subject.questions + t.body.questions;
    double c = 0.5 * std::min(1.0, static_cast<double>(words) / 250.0);
    c += 0.3 * std::min(1.0, technical / 8.0);
    c += questions > 2 ? 0.2 : questions > 1 ? 0.1 : 0.0;
    return std::min(1.0, c);
}

DraftResult Drafter::draft(const Inputs &in) const
{
    DraftResult d;
    const AnalysedTicket &t = *in.ticket;
    d.complexity = complexity(t);
    if (std::find(m_config.priorities.begin(), m_config.priorities.end(), in.priority) == m_config.priorities.end())
        return d; // P0/P1 go to a person with the full context, not a template

    std::vector<std::string> stems = retrievalStems(t.subject.tokens, t.language);
    const auto body = retrievalStems(t.body.tokens, t.language);
    stems.insert(stems.end(), body.begin(), body.end());
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    const KnowledgeBase::Match m = m_kb.best(stems);

    // Facts for the template: the customer view first, then what the ticket itself says.
    std::map<std::string, std::string> facts = in.text->context;
    auto fallback = [&](const char *key, std::string value) {
        if (!facts.count(key) && !value.empty())
            facts[key] = std::move(value);
    };
    fallback("order_number", firstOf(t, TokenKind::OrderId));
    fallback("tracking_number", firstOf(t, TokenKind::TrackingId));
    fallback("charge_amount", firstOf(t, TokenKind::Money));

    std::string answer;
    double confidence = 0;
    if (m.article >= 0 && m.score > 0) {
        const KnowledgeBase::Article &a = m_kb.articles()[static_cast<std::size_t>(m.article)];
        d.kbArticle = a.id;
        answer = a.answer;
        const double margin = m.score > 0 ? std::clamp((m.score - m.runnerUp) / m.score, 0.0, 1.0) : 0;
        const double agree = a.category == in.category ? 1.0 : 0.75;
        confidence = agree * (0.75 * m.coverage + 0.25 * std::min(1.0, margin * 2.5));
    } else {
        answer = "Thanks for getting in touch. I'm looking into this now and will come back to you shortly with an update.";
        confidence = 0.15;
    }
    // Fill {placeholders}; a missing fact stays visible as [placeholder] and costs confidence.
    int missing = 0;
    std::string filled;
    for (std::size_t i = 0; i < answer.size();) {
        if (answer[i] == '{') {
            const std::size_t close = answer.find('}', i);
            if (close != std::string::npos) {
                const std::string key = answer.substr(i + 1, close - i - 1);
                auto it = facts.find(key);
                if (it != facts.end() && !it->second.empty()) {
                    filled += it->second;
                } else {
                    filled += "[" + key + "]";
                    ++missing;
                }
                i = close + 1;
                continue;
            }
        }
        filled += answer[i++];
    }
    confidence = std::max(0.0, confidence - 0.1 * std::min(missing, 3));

    std::string text;
    if (in.sentiment)
        if (auto op = m_config.openers.find(in.sentiment->label); op != m_config.openers.end())
            text += op->second + "\n\n";
    auto name = facts.find("first_name");
    text = (name != facts.end() && !name->second.empty() ? "Hi " + name->second + ",\n\n" : std::string("Hello,\n\n")) + text;
    text += filled;
    std::string signature = m_config.signature;
    auto agent = facts.find("agent_name");
    for (std::size_t at; (at = signature.find("{agent_name}")) != std::string::npos;)
        signature.replace(at, 12, agent != facts.end() && !agent->second.empty() ? agent->second : std::string("The support team"));
    text += "\n\nBest regards,\n" + signature;
    d.text = std::move(text);
    d.confidence = std::round(confidence * 1000) / 1000;

    // Auto-send only when every threshold holds.
    const AutoSendThresholds &th = m_config.autoSend;
    auto note = [&](std::string s) { d.notes.push_back(std::move(s)); };
    if (std::find(th.priorities.begin(), th.priorities.end(), in.priority) == th.priorities.end())
        note("priority " + std::string(priorityName(in.priority)) + " is not auto-sent");
    if (d.confidence <= th.minConfidence)
        note("knowledge-base match " + std::to_string(static_cast<int>(d.confidence * 100)) + "% is not above " +
             std::to_string(static_cast<int>(th.minConfidence * 100)) + "%");
    if (!in.sentiment || std::find(th.sentiments.begin(), th.sentiments.end(), in.sentiment->label) == th.sentiments.end())
        note("tone is " + std::string(in.sentiment ? sentimentName(in.sentiment->label) : "unknown"));
    if (d.complexity >= th.maxComplexity)
        note("ticket complexity " + std::to_string(static_cast<int>(d.complexity * 100)) + "% is not below " +
             std::to_string(static_cast<int>(th.maxComplexity * 100)) + "%");
    if (!in.text->satisfaction || *in.text->satisfaction <= th.minSatisfaction)
        note(in.text->satisfaction ? "customer satisfaction " + std::to_string(*in.text->satisfaction).substr(0, 3) + " is not above " +
                                         std::to_string(th.minSatisfaction).substr(0, 3)
                                   : "customer satisfaction history unknown");
    if (missing > 0)
        note(std::to_string(missing) + " fact(s) missing from the draft");
    d.mode = d.notes.empty() ? DraftMode::AutoSendCandidate : DraftMode::InternalNote;
    return d;
}

} // namespace cosmicdesk::triage
