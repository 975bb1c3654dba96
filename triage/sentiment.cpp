#include "sentiment.h"

#include "boundedjson.h"
#include "features.h"
#include "utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::triage {

std::variant<Lexicon, ConfigError> Lexicon::parse(std::string_view text)
{
    std::string why;
    const auto parsed = parseBounded(text, DocumentFormat::Json, kMaxLexiconBytes, why);
    if (!parsed)
        return ConfigError{"lexicon", why};
    const nlohmann::json &j = *parsed;
    if (!j.is_object())
        return ConfigError{"lexicon", "is not a JSON object"};
    Lexicon lex;
    const auto words = j.find("words");
    if (words == j.end() || !words->is_object() || words->empty())
        return ConfigError{"lexicon.words", "must be a non-empty object of phrase: valence"};
    for (auto it = words->begin(); it != words->end(); ++it) {
        if (!it.value().is_number() || std::fabs(it.value().get<double>()) > 4)
            return ConfigError{"lexicon.words." + it.key(), "valence must be a number from -4 to 4"};
        lex.words.push_back({it.key(), it.value().get<double>()});
    }
    if (auto in = j.find("intensifiers"); in != j.end()) {
        if (!in->is_object())
            return ConfigError{"lexicon.intensifiers", "must be an object of word: boost"};
        for (auto it = in->begin(); it != in->end(); ++it) {
            if (!it.value().is_number() || std::fabs(it.value().get<double>()) > 4)
                return ConfigError{"lexicon.intensifiers." + it.key(), "must be a number from -4 to 4"};
            lex.intensifiers[utf8::fold(it.key())] = it.value().get<double>();
        }
    }
    if (auto ag = j.find("aggressive"); ag != j.end()) {
        if (!ag->is_array())
            return ConfigError{"lexicon.aggressive", "must be a list of phrases"};
        for (const auto &a : *ag) {
            if (!a.is_string())
                return ConfigError{"lexicon.aggressive", "must contain strings"};
            lex.aggressive.push_back(a.get<std::string>());
        }
    }
    return lex;
}

SentimentAnalyser::SentimentAnalyser(const Lexicon &lexicon, int) : m_lexicon(lexicon) {}

SentimentResult SentimentAnalyser::analyse(const AnalysedTicket &t, const std::vector<Hit> &hits, int frustrationHits) const
{
    SentimentResult r;
    double sum = 0;
    int aggressiveMarkers = 0;
    const std::size_t words = t.subject.tokens.size() + t.body.tokens.size();
    for (const Hit &h : hits) {
        const auto &tokens = h.subject ? t.subject.tokens : t.body.tokens;
        const std::string_view text = h.subject ? t.subjectText : t.bodyText;
        const Token &first = tokens[h.first];
        const Token &last = tokens[h.last];
        if (h.index < 0) {
            if (!h.negated) {
                ++aggressiveMarkers;
                r.evidence.push_back({utf8::excerpt(std::string_view(text).substr(first.begin, last.end - first.begin)),
                                      textSource(h.subject), -3, first.begin, last.end});
            }
            continue;
        }
        double v = m_lexicon.words[static_cast<std::size_t>(h.index)].valence;
        // An intensifier just before ("really bad", "extremely slow").
        if (h.first > 0) {
            auto in = m_lexicon.intensifiers.find(tokens[h.first - 1].text);
            if (in != m_lexicon.intensifiers.end())
                v *= 1.0 + in->second;
        }
        if (h.negated)
            v *= -0.5; // "not bad" is mildly good, "not happy" is unhappy
        if (first.allCaps)
            v *= 1.4;
        sum += v;
        if (std::fabs(v) >= 0.5)
            r.evidence.push_back({utf8::excerpt(std::string_view(text).substr(first.begin, last.end - first.begin)), textSource(h.subject),
                                  v, first.begin, last.end});
    }
    const int excl = std::min(t.subject.exclamations + t.body.exclamations, 5);
    if (sum < 0)
        sum -= 0.3 * excl;
    else if (sum > 0)
        sum += 0.15 * excl;
    const int caps = t.subject.capsWords + t.body.capsWords;
    const double capsRatio = words ? static_cast<double>(caps) / static_cast<double>(words) : 0;
    if (sum < 0 && caps >= 2)
        sum *= 1.0 + std::min(0.6, capsRatio * 2 + 0.1 * caps);
    r.compound = sum / std::sqrt(sum * sum + 15.0);

    std::sort(r.evidence.begin(), r.evidence.end(),
              [](const Evidence &a, const Evidence &b) { return std::fabs(a.weight) > std::fabs(b.weight); });
    if (r.evidence.size() > 5)
        r.evidence.resize(5);

    const bool shouting = caps >= 3 && capsRatio > 0.25;
    if ((aggressiveMarkers >= 1 && r.compound < -0.2) || r.compound <= -0.8 || (shouting && r.compound < -0.3) ||
        (excl >= 3 && r.compound < -0.45) || aggressiveMarkers >= 2)
        r.label = Sentiment::Aggressive;
    else if (r.compound <= -0.3 || frustrationHits > 0 || (aggressiveMarkers >= 1))
        r.label = Sentiment::Frustrated;
    else if (r.compound >= 0.45)
        r.label = Sentiment::Positive;
    else
        r.label = Sentiment::Neutral;
    return r;
}

} // namespace cosmicdesk::triage
