#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace cosmicdesk::triage {

// Agreement between predicted and expected labels: accuracy, macro-F1 and the confusion matrix
// (rows: expected, columns: predicted).
struct Evaluation
{
    std::vector<std::string> labels;
    std::vector<std::vector<int>> confusion;
    int n = 0;

    explicit Evaluation(std::vector<std::string> labels);
    void add(int expected, int predicted);
    double accuracy() const;
    double macroF1() const;
    double precision(int label) const;
    double recall(int label) const;
    nlohmann::json toJson() const;
    std::string table() const; // a readable confusion matrix
};

} // namespace cosmicdesk::triage
