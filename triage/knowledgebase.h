#pragma once

#include "profile.h"
#include "tokenizer.h"

#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace cosmicdesk::triage {

// Help articles with the questions customers ask in many wordings and an answer template whose
// {placeholders} the drafter fills. Retrieval is BM25 over the question variants and titles.
class KnowledgeBase
{
public:
    struct Article
    {
        std::string id, title, category;
        std::vector<std::string> questions;
        std::string answer;
    };
    struct Match
    {
        int article = -1;
        double score = 0;    // BM25 of the best question variant
        double coverage = 0; // share of that variant's weight (idf) the ticket contains, 0-1
        double runnerUp = 0; // BM25 of the best other article
    };

    static std::variant<KnowledgeBase, ConfigError> parse(std::string_view json, const std::vector<std::string> &categories);

    const std::vector<Article> &articles() const { return m_articles; }
    // Best article for a ticket's stems (folded, stemmed, stopwords removed, each once).
    Match best(const std::vector<std::string> &queryStems) const;

private:
    struct Doc
    {
        int article;
        std::unordered_map<std::string, int> tf;
        int length = 0;
        double idfTotal = 0;
    };
    void index();

    std::vector<Article> m_articles;
    std::vector<Doc> m_docs; // one per question variant and title
    std::unordered_map<std::string, double> m_idf;
    std::unordered_map<std::string, std::vector<int>> m_postings; // stem → docs
    double m_avgLength = 1;
};

// The stems a text contributes to retrieval: folded, stemmed for its language, stopwords removed, each once.
std::vector<std::string> retrievalStems(const std::vector<Token> &tokens, Language language);

} // namespace cosmicdesk::triage
