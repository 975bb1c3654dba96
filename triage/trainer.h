#pragma once

#include "analysedticket.h"
#include "assessment.h"
#include "features.h"
#include "linearmodel.h"
#include "profile.h"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace cosmicdesk::triage {

class Engine;

struct LabelledTicket
{
    TicketText ticket;
    std::string label;
    float weight = 1.0f; // counts as this many examples
};

// Trains the engine's heads on labelled history (an export with the agents' final priority, team
// or category) and calibrates the priority mix. The same tokenizer and features as the engine.
class Trainer
{
public:
    // Labels in the given order, or, when empty, the distinct labels of the examples sorted.
    static LinearModel train(const std::vector<LabelledTicket> &examples, std::vector<std::string> labels, const FeatureOptions &features,
                             std::size_t maxTextBytes, const LinearModel::TrainOptions &options = {},
                             const std::function<void(std::size_t, std::size_t)> &progress = {});

    // Offsets for the priority scores so that the engine (model and rules) labels each level within
    // the profile's target share on these tickets. Returns the calibration vector.
    static std::array<float, kPriorityCount> calibratePriority(const Engine &engine, const std::vector<TicketText> &tickets);

    // Shares (percent) of each priority the engine gives these tickets, with a calibration applied.
    static std::array<double, kPriorityCount> priorityShares(const std::vector<std::array<float, kPriorityCount>> &scores,
                                                             const std::array<float, kPriorityCount> &calibration, double tieMargin);
};

} // namespace cosmicdesk::triage
