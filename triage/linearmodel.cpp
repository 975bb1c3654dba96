#include "linearmodel.h"

#include "boundedjson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

namespace cosmicdesk::triage {

void softmax(float *v, std::size_t n)
{
    if (n == 0)
        return;
    const float max = *std::max_element(v, v + n);
    float sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = std::exp(v[i] - max);
        sum += v[i];
    }
    for (std::size_t i = 0; i < n; ++i)
        v[i] /= sum;
}

LinearModel::LinearModel(std::vector<std::string> labels, int hashBits)
    : m_labels(std::move(labels)), m_bits(hashBits), m_weights((std::size_t(1) << hashBits) * m_labels.size(), 0.0f),
      m_bias(m_labels.size(), 0.0f), m_calibration(m_labels.size(), 0.0f)
{
}

int LinearModel::labelIndex(std::string_view label) const
{
    for (std::size_t i = 0; i < m_labels.size(); ++i)
        if (m_labels[i] == label)
            return static_cast<int>(i);
    return -1;
}

void LinearModel::scores(const std::vector<std::uint32_t> &buckets, float *out) const
{
    const std::size_t k = m_labels.size();
    for (std::size_t c = 0; c < k; ++c)
        out[c] = m_bias[c] + m_calibration[c];
    const std::uint32_t mask = (1u << m_bits) - 1;
    for (std::uint32_t b : buckets) {
        const float *row = &m_weights[(b & mask) * k];
        for (std::size_t c = 0; c < k; ++c)
            out[c] += row[c];
    }
}

LinearModel LinearModel::train(const std::vector<std::vector<std::uint32_t>> &examples, const std::vector<int> &classes,
                               std::vector<std::string> labels, int hashBits, const TrainOptions &o,
                               const std::vector<float> &exampleWeights)
{
    LinearModel m(std::move(labels), hashBits);
    const std::size_t k = m.m_labels.size();
    const std::size_t n = examples.size();
    if (n == 0 || k == 0)
        return m;
    auto weightOf = [&](std::size_t i) { return i < exampleWeights.size() ? exampleWeights[i] : 1.0f; };
    std::vector<double> counts(k, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (classes[i] >= 0 && static_cast<std::size_t>(classes[i]) < k)
            counts[static_cast<std::size_t>(classes[i])] += weightOf(i);
    std::vector<float> classWeight(k, 1.0f);
    if (o.balanceClasses) {
        // Square-root balancing: rare classes count more, without drowning the common ones.
        double total = 0;
        for (double c : counts)
            total += c;
        for (std::size_t c = 0; c < k; ++c)
            classWeight[c] = counts[c] > 0 ? static_cast<float>(std::sqrt(total / (k * counts[c]))) : 1.0f;
    }
    std::vector<float> gradSq(m.m_weights.size(), 0.0f), biasGradSq(k, 0.0f);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(o.seed);
    std::vector<float> p(k);
    const std::uint32_t mask = (1u << hashBits) - 1;
    const auto lr = static_cast<float>(o.learningRate);
    const auto l2 = static_cast<float>(o.l2);
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        // Fisher-Yates with our own draws: the same on every standard library.
        for (std::size_t i = n - 1; i > 0; --i)
            std::swap(order[i], order[static_cast<std::size_t>(rng() % (i + 1))]);
        for (std::size_t idx : order) {
            const int y = classes[idx];
            if (y < 0 || static_cast<std::size_t>(y) >= k)
                continue;
            const auto &x = examples[idx];
            m.scores(x, p.data());
            softmax(p.data(), k);
            const float w = classWeight[static_cast<std::size_t>(y)] * weightOf(idx);
            for (std::size_t c = 0; c < k; ++c) {
                const float g = w * (p[c] - (static_cast<std::size_t>(y) == c ? 1.0f : 0.0f));
                biasGradSq[c] += g * g;
                m.m_bias[c] -= lr * g / (std::sqrt(biasGradSq[c]) + 1e-6f);
                if (std::fabs(g) < 1e-7f)
                    continue;
                for (std::uint32_t b : x) {
                    const std::size_t at = (b & mask) * k + c;
                    const float gw = g + l2 * m.m_weights[at];
                    gradSq[at] += gw * gw;
                    m.m_weights[at] -= lr * gw / (std::sqrt(gradSq[at]) + 1e-6f);
                }
            }
        }
    }
    // The learned bias is arbitrary when the features separate the classes (as they do on a
    // generator's text); on words the model never saw it would decide alone. Start from the class
    // prior instead, so unfamiliar text leans to the most common label.
    double total = 0;
    for (double c : counts)
        total += c;
    double meanLog = 0;
    for (std::size_t c = 0; c < k; ++c)
        meanLog += std::log((counts[c] + 1.0) / (total + static_cast<double>(k)));
    meanLog /= static_cast<double>(k);
    for (std::size_t c = 0; c < k; ++c)
        m.m_bias[c] = static_cast<float>(std::log((counts[c] + 1.0) / (total + static_cast<double>(k))) - meanLog);
    return m;
}

std::vector<std::uint8_t> LinearModel::serialize(const nlohmann::json &metadata) const
{
    const std::size_t k = m_labels.size();
    std::vector<std::uint32_t> buckets;
    std::vector<float> values;
    const std::size_t rows = std::size_t(1) << m_bits;
    for (std::size_t b = 0; b < rows; ++b) {
        const float *row = &m_weights[b * k];
        if (std::any_of(row, row + k, [](float v) { return std::fabs(v) > 1e-5f; })) {
            buckets.push_back(static_cast<std::uint32_t>(b));
            values.insert(values.end(), row, row + k);
        }
    }
    auto blob = [](const void *data, std::size_t bytes) {
        std::vector<std::uint8_t> v(bytes);
        if (bytes > 0) // an empty vector's data() may be null, which memcpy must not get
            std::memcpy(v.data(), data, bytes);
        return nlohmann::json::binary(std::move(v));
    };
    nlohmann::json j;
    j["format"] = "cosmicdesk-linear-model";
    j["version"] = 1;
    j["labels"] = m_labels;
    j["hash_bits"] = m_bits;
    j["bias"] = m_bias;
    j["calibration"] = m_calibration;
    j["buckets"] = blob(buckets.data(), buckets.size() * sizeof(std::uint32_t)); // little-endian, as on every target
    j["weights"] = blob(values.data(), values.size() * sizeof(float));
    j["metadata"] = metadata;
    return nlohmann::json::to_cbor(j);
}

std::optional<LinearModel> LinearModel::deserialize(const std::vector<std::uint8_t> &bytes, std::string *error, nlohmann::json *metadata)
{
    auto fail = [&](std::string why) -> std::optional<LinearModel> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    std::string why;
    const auto parsed = parseBounded(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()), DocumentFormat::Cbor,
                                     kMaxModelBytes, why);
    if (!parsed)
        return fail("not a model file: it " + why);
    const nlohmann::json &j = *parsed;
    if (!j.is_object())
        return fail("not a model file (unreadable CBOR)");
    try {
        // Every read may meet a value of another type than it expects (json::type_error, caught below).
        if (j.value("format", std::string()) != "cosmicdesk-linear-model")
            return fail("not a CosmicDesk model file (format)");
        if (j.value("version", 0) != 1)
            return fail("unsupported model version");
        // Shape first: nothing is allocated from what the file declares until it is known to fit.
        const auto &labels = j.at("labels");
        const auto &bits = j.at("hash_bits");
        if (!labels.is_array() || labels.empty() || labels.size() > kMaxLabels)
            return fail("labels must be a list of 1 to " + std::to_string(kMaxLabels) + " names");
        if (!bits.is_number_integer() || bits.get<long long>() < 10 || bits.get<long long>() > 24)
            return fail("hash_bits must be a whole number from 10 to 24");
        const std::size_t k = labels.size();
        const std::size_t rows = std::size_t(1) << bits.get<int>();
        if (rows * k * sizeof(float) > kMaxWeightBytes)
            return fail("2^" + std::to_string(bits.get<int>()) + " buckets × " + std::to_string(k) + " labels would take " +
                        std::to_string((rows * k * sizeof(float)) >> 20) + " MB of weights, more than the " +
                        std::to_string(kMaxWeightBytes >> 20) + " MB allowed");
        for (const auto &l : labels)
            if (!l.is_string() || l.get_ref<const std::string &>().empty())
                return fail("labels must be non-empty strings");
        const auto finiteList = [&](const char *key, std::vector<float> &into) {
            const auto &v = j.at(key);
            if (!v.is_array() || v.size() != k)
                return false;
            into.clear();
            for (const auto &x : v) {
                if (!x.is_number() || !std::isfinite(x.get<double>()) || std::fabs(x.get<double>()) > kMaxWeight)
                    return false;
                into.push_back(x.get<float>());
            }
            return true;
        };
        std::vector<float> bias, calibration;
        if (!finiteList("bias", bias) || !finiteList("calibration", calibration))
            return fail("bias and calibration must be one finite number per label");
        const auto &bb = j.at("buckets").get_binary();
        const auto &wb = j.at("weights").get_binary();
        const std::size_t nb = bb.size() / sizeof(std::uint32_t);
        if (bb.size() % sizeof(std::uint32_t) != 0 || nb > rows || wb.size() != nb * k * sizeof(float))
            return fail("weights do not match buckets and labels");
        LinearModel m(labels.get<std::vector<std::string>>(), bits.get<int>());
        m.m_bias = std::move(bias);
        m.m_calibration = std::move(calibration);
        for (std::size_t i = 0; i < nb; ++i) {
            std::uint32_t b;
            std::memcpy(&b, bb.data() + i * sizeof(b), sizeof(b));
            if (b >= rows)
                return fail("bucket out of range");
            float *row = &m.m_weights[b * k];
            std::memcpy(row, wb.data() + i * k * sizeof(float), k * sizeof(float));
            if (!std::all_of(row, row + k, [](float w) { return std::isfinite(w) && std::fabs(w) <= kMaxWeight; }))
                return fail("weight of bucket " + std::to_string(b) + " is not a finite number of at most " +
                            std::to_string(static_cast<int>(kMaxWeight)));
        }
        if (metadata)
            *metadata = j.value("metadata", nlohmann::json::object());
        return m;
    } catch (const nlohmann::json::exception &e) {
        return fail(std::string("malformed model file: ") + e.what());
    }
}

} // namespace cosmicdesk::triage
