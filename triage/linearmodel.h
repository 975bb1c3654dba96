#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cosmicdesk::triage {

// Multinomial logistic regression over hashed binary features. Weights are one dense row of
// `classes` floats per bucket. The engine scores with a packed copy of its heads (packedheads.h).
class LinearModel
{
public:
    struct TrainOptions
    {
        int epochs = 12;
        double learningRate = 0.5; // AdaGrad base rate
        double l2 = 1e-5;          // weight decay on the weights a step touches
        std::uint64_t seed = 1;
        bool balanceClasses = true; // weigh examples by inverse class frequency (sqrt)
    };

    LinearModel() = default;
    LinearModel(std::vector<std::string> labels, int hashBits);

    const std::vector<std::string> &labels() const { return m_labels; }
    std::size_t classCount() const { return m_labels.size(); }
    int hashBits() const { return m_bits; }
    bool isEmpty() const { return m_labels.empty(); }
    int labelIndex(std::string_view label) const; // -1 when unknown

    // Raw scores (logits) of every class, calibration included, into out[classCount()].
    void scores(const std::vector<std::uint32_t> &buckets, float *out) const;
    float weight(std::uint32_t bucket, std::size_t cls) const { return m_weights[bucket * m_labels.size() + cls]; }

    const std::vector<float> &bias() const { return m_bias; }
    std::vector<float> &calibration() { return m_calibration; }
    const std::vector<float> &calibration() const { return m_calibration; }

    // Trains on examples (feature buckets, class index); deterministic for a seed.
    // `weights` (optional, one per example) makes an example count as that many.
    static LinearModel train(const std::vector<std::vector<std::uint32_t>> &examples, const std::vector<int> &classes,
                             std::vector<std::string> labels, int hashBits, const TrainOptions &options,
                             const std::vector<float> &weights = {});

    // What a model file may declare (deserialize refuses more, before allocating): labels, the dense
    // weights that 2^hash_bits × labels take, and any one weight's size.
    static constexpr std::size_t kMaxLabels = 1000;
    static constexpr std::size_t kMaxWeightBytes = std::size_t(512) << 20;
    static constexpr float kMaxWeight = 1e4f;

    // Compact binary form (CBOR with the weights as packed float32), and back. `metadata` is kept.
    // deserialize refuses files larger than kMaxModelBytes, nested deeper than kMaxNesting, or whose
    // weights are not finite, with the reason in `error`.
    std::vector<std::uint8_t> serialize(const nlohmann::json &metadata) const;
    static std::optional<LinearModel> deserialize(const std::vector<std::uint8_t> &bytes, std::string *error,
                                                  nlohmann::json *metadata = nullptr);

private:
    std::vector<std::string> m_labels;
    int m_bits = 0;
    std::vector<float> m_weights; // buckets × classes
    std::vector<float> m_bias;
    std::vector<float> m_calibration;
};

// Softmax in place; returns nothing, the array becomes probabilities.
void softmax(float *values, std::size_t n);

} // namespace cosmicdesk::triage
