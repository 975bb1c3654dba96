#include "metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace cosmicdesk::triage {

Evaluation::Evaluation(std::vector<std::string> l) : labels(std::move(l)), confusion(labels.size(), std::vector<int>(labels.size(), 0)) {}

void Evaluation::add(int expected, int predicted)
{
    if (expected < 0 || predicted < 0 || static_cast<std::size_t>(expected) >= labels.size() ||
        static_cast<std::size_t>(predicted) >= labels.size())
        return;
    ++confusion[static_cast<std::size_t>(expected)][static_cast<std::size_t>(predicted)];
    ++n;
}

double Evaluation::accuracy() const
{
    if (n == 0)
        return 0;
    int right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        right += confusion[i][i];
    return static_cast<double>(right) / n;
}

double Evaluation::precision(int label) const
{
    const auto l = static_cast<std::size_t>(label);
    int predicted = 0;
    for (std::size_t e = 0; e < labels.size(); ++e)
        predicted += confusion[e][l];
    return predicted ? static_cast<double>(confusion[l][l]) / predicted : 0.0;
}

double Evaluation::recall(int label) const
{
    const auto l = static_cast<std::size_t>(label);
    int expected = 0;
    for (std::size_t p = 0; p < labels.size(); ++p)
        expected += confusion[l][p];
    return expected ? static_cast<double>(confusion[l][l]) / expected : 0.0;
}

double Evaluation::macroF1() const
{
    double sum = 0;
    int present = 0;
    for (std::size_t l = 0; l < labels.size(); ++l) {
        int expected = 0, predicted = 0;
        for (std::size_t o = 0; o < labels.size(); ++o) {
            expected += confusion[l][o];
            predicted += confusion[o][l];
        }
        if (expected == 0 && predicted == 0)
            continue; // a label absent from both sides says nothing
        ++present;
        const double p = precision(static_cast<int>(l)), r = recall(static_cast<int>(l));
        sum += (p + r) > 0 ? 2 * p * r / (p + r) : 0;
    }
    return present ? sum / present : 0;
}

nlohmann::json Evaluation::toJson() const
{
    return nlohmann::json{{"accuracy", accuracy()}, {"macro_f1", macroF1()}, {"n", n}, {"labels", labels}, {"confusion", confusion}};
}

std::string Evaluation::table() const
{
    std::size_t width = 8;
    for (const auto &l : labels)
        width = std::max(width, l.size() + 1);
    std::string out(width, ' ');
    out += "| predicted\n";
    auto pad = [&](const std::string &s) { return s + std::string(width > s.size() ? width - s.size() : 1, ' '); };
    out += pad("expected");
    for (const auto &l : labels)
        out += pad(l);
    out += '\n';
    for (std::size_t e = 0; e < labels.size(); ++e) {
        out += pad(labels[e]);
        for (std::size_t p = 0; p < labels.size(); ++p)
            out += pad(std::to_string(confusion[e][p]));
        out += '\n';
    }
    return out;
}

} // namespace cosmicdesk::triage
