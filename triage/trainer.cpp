#include "trainer.h"

#include "engine.h"
#include "flathash.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>

namespace cosmicdesk::triage {

LinearModel Trainer::train(const std::vector<LabelledTicket> &examples, std::vector<std::string> labels, const FeatureOptions &features,
                           std::size_t maxTextBytes, const LinearModel::TrainOptions &options,
                           const std::function<void(std::size_t, std::size_t)> &progress)
{
    if (labels.empty()) {
        std::set<std::string> distinct;
        for (const auto &e : examples)
            if (!e.label.empty())
                distinct.insert(e.label);
        labels.assign(distinct.begin(), distinct.end());
    }
    const FeatureExtractor extractor(features);
    std::vector<std::vector<std::uint32_t>> x(examples.size());
    std::vector<int> y(examples.size(), -1);
    // Features in parallel: tokenizing is most of the cost.
    const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (std::size_t i = t; i < examples.size(); i += threads)
                x[i] = extractor.extract(analyseTicket(examples[i].ticket, maxTextBytes)).buckets;
        });
    }
    for (auto &th : pool)
        th.join();
    for (std::size_t i = 0; i < examples.size(); ++i) {
        auto it = std::find(labels.begin(), labels.end(), examples[i].label);
        if (it != labels.end())
            y[i] = static_cast<int>(it - labels.begin());
    }
    if (progress)
        progress(examples.size(), examples.size());
    std::vector<float> weights(examples.size());
    for (std::size_t i = 0; i < examples.size(); ++i)
        weights[i] = examples[i].weight;
    return LinearModel::train(x, y, std::move(labels), features.hashBits, options, weights);
}

std::array<double, kPriorityCount> Trainer::priorityShares(const std::vector<std::array<float, kPriorityCount>> &scores,
                                                           const std::array<float, kPriorityCount> &cal, double tieMargin)
{
    std::array<double, kPriorityCount> count{};
    for (const auto &s : scores) {
        std::array<float, kPriorityCount> p;
        for (std::size_t k = 0; k < kPriorityCount; ++k)
            p[k] = s[k] + cal[k];
        softmax(p.data(), kPriorityCount);
        std::size_t best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
        if (best + 1 < kPriorityCount && p[best] - p[best + 1] < tieMargin)
            ++best;
        count[best] += 1;
    }
    for (auto &c : count)
        c = scores.empty() ? 0 : 100.0 * c / static_cast<double>(scores.size());
    return count;
}

std::array<float, kPriorityCount> Trainer::calibratePriority(const Engine &engine, const std::vector<TicketText> &tickets)
{
    // Scores without the model's current calibration, once; then move the offsets until each share
    // sits inside its target range (or as close as the data allows).
    const auto &current = engine.priorityModel().calibration();
    std::vector<std::array<float, kPriorityCount>> scores;
    scores.reserve(tickets.size());
    for (const auto &t : tickets) {
        auto s = engine.priorityScores(t);
        for (std::size_t k = 0; k < kPriorityCount; ++k)
            s[k] -= current[k];
        scores.push_back(s);
    }
    const auto &targets = engine.profile().calibrationTargets;
    std::array<float, kPriorityCount> cal{};
    double step = 0.5;
    for (int iter = 0; iter < 400; ++iter) {
        const auto shares = priorityShares(scores, cal, engine.profile().tieMargin);
        bool inside = true;
        for (std::size_t k = 0; k < kPriorityCount; ++k) {
            const auto [lo, hi] = targets[k];
            if (shares[k] < lo || shares[k] > hi) {
                inside = false;
                const double mid = (lo + hi) / 2.0;
                cal[k] += static_cast<float>(step * std::log((mid + 0.5) / (shares[k] + 0.5)));
            }
        }
        if (inside)
            break;
        step = std::max(0.05, step * 0.985);
    }
    return cal;
}

} // namespace cosmicdesk::triage
