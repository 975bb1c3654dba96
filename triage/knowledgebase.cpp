#include "knowledgebase.h"

#include "boundedjson.h"
#include "features.h"
#include "stemmer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace cosmicdesk::triage {

std::vector<std::string> retrievalStems(const std::vector<Token> &tokens, Language language)
{
    std::vector<std::string> out;
    out.reserve(tokens.size());
    for (const Token &t : tokens) {
        if (t.kind != TokenKind::Word || t.text.size() < 2 || t.stop)
            continue;
        out.emplace_back(Stemmer::stem(t.text, t.hash, language));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::variant<KnowledgeBase, ConfigError> KnowledgeBase::parse(std::string_view text, const std::vector<std::string> &categories)
{
    std::string why;
    const auto parsed = parseBounded(text, DocumentFormat::Json, kMaxKnowledgeBaseBytes, why);
    if (!parsed)
        return ConfigError{"knowledge_base", why};
    const nlohmann::json &j = *parsed;
    if (!j.is_object())
        return ConfigError{"knowledge_base", "is not a JSON object"};
    const auto list = j.find("articles");
    if (list == j.end() || !list->is_array() || list->empty())
        return ConfigError{"knowledge_base.articles", "must be a non-empty list"};
    KnowledgeBase kb;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = "knowledge_base.articles[" + std::to_string(i) + "]";
        const auto &a = (*list)[i];
        auto field = [&](const char *key) -> std::variant<std::string, ConfigError> {
            auto it = a.find(key);
            if (it == a.end() || !it->is_string() || it->get<std::string>().empty())
                return ConfigError{path + "." + key, "must be a non-empty string"};
            return it->get<std::string>();
        };
        Article art;
        for (auto [key, into] : {std::pair{"id", &art.id}, std::pair{"title", &art.title}, std::pair{"category", &art.category},
                                 std::pair{"answer", &art.answer}}) {
            auto v = field(key);
            if (auto *e = std::get_if<ConfigError>(&v))
                return *e;
            *into = std::get<std::string>(v);
        }
        if (!ids.insert(art.id).second)
            return ConfigError{path + ".id", "\"" + art.id + "\" is used twice"};
        if (std::find(categories.begin(), categories.end(), art.category) == categories.end())
            return ConfigError{path + ".category", "\"" + art.category + "\" is not one of the profile's categories"};
        const auto q = a.find("questions");
        if (q == a.end() || !q->is_array() || q->empty())
            return ConfigError{path + ".questions", "must be a non-empty list of question variants"};
        for (const auto &v : *q) {
            if (!v.is_string() || v.get<std::string>().empty())
                return ConfigError{path + ".questions", "must contain non-empty strings"};
            art.questions.push_back(v.get<std::string>());
        }
        kb.m_articles.push_back(std::move(art));
    }
    kb.index();
    return kb;
}

void KnowledgeBase::index()
{
    auto add = [&](int article, const std::string &text) {
        const TokenizedText t = Tokenizer::tokenize(text);
        Doc d;
        d.article = article;
        for (const Token &tok : t.tokens) {
            if (tok.kind != TokenKind::Word || tok.text.size() < 2 || FeatureExtractor::isStopword(tok.text))
                continue;
            ++d.tf[std::string(Stemmer::stem(tok.text, t.language))];
            ++d.length;
        }
        m_docs.push_back(std::move(d));
    };
    for (std::size_t a = 0; a < m_articles.size(); ++a) {
        add(static_cast<int>(a), m_articles[a].title);
        for (const auto &q : m_articles[a].questions)
            add(static_cast<int>(a), q);
    }
    double total = 0;
    std::unordered_map<std::string, int> df;
    for (std::size_t i = 0; i < m_docs.size(); ++i) {
        total += m_docs[i].length;
        for (const auto &[stem, _] : m_docs[i].tf) {
            ++df[stem];
            m_postings[stem].push_back(static_cast<int>(i));
        }
    }
    m_avgLength = m_docs.empty() ? 1 : std::max(1.0, total / static_cast<double>(m_docs.size()));
    const double n = static_cast<double>(m_docs.size());
    for (const auto &[stem, f] : df)
        m_idf[stem] = std::log(1.0 + (n - f + 0.5) / (f + 0.5));
    for (Doc &d : m_docs)
        for (const auto &[stem, _] : d.tf)
            d.idfTotal += m_idf[stem];
}

KnowledgeBase::Match KnowledgeBase::best(const std::vector<std::string> &query) const
{
    constexpr double k1 = 1.2, b = 0.75;
    std::vector<double> score(m_docs.size(), 0.0), covered(m_docs.size(), 0.0);
    for (const std::string &stem : query) {
        auto p = m_postings.find(stem);
        if (p == m_postings.end())
            continue;
        const double idf = m_idf.at(stem);
        for (int di : p->second) {
            const Doc &d = m_docs[static_cast<std::size_t>(di)];
            const double tf = d.tf.at(stem);
            score[static_cast<std::size_t>(di)] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * d.length / m_avgLength));
            covered[static_cast<std::size_t>(di)] += idf;
        }
    }
    Match m;
    std::vector<double> perArticle(m_articles.size(), 0.0);
    std::vector<double> coverage(m_articles.size(), 0.0);
    for (std::size_t i = 0; i < m_docs.size(); ++i) {
        const auto a = static_cast<std::size_t>(m_docs[i].article);
        if (score[i] > perArticle[a]) {
            perArticle[a] = score[i];
            coverage[a] = m_docs[i].idfTotal > 0 ? covered[i] / m_docs[i].idfTotal : 0;
        }
    }
    for (std::size_t a = 0; a < perArticle.size(); ++a) {
        if (perArticle[a] > m.score) {
            m.runnerUp = m.score;
            m.score = perArticle[a];
            m.article = static_cast<int>(a);
            m.coverage = coverage[a];
        } else if (perArticle[a] > m.runnerUp) {
            m.runnerUp = perArticle[a];
        }
    }
    return m;
}

} // namespace cosmicdesk::triage
