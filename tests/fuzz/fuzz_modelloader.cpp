// libFuzzer target: the model loader must take any bytes without crashing, recursing without bound
// or allocating what a file declares, and a model it accepts must be sound: finite scores, and the
// same model (to the weights serialize() leaves out) after another round trip.
#include <triage/linearmodel.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

namespace {

void require(bool ok)
{
    if (!ok)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace cosmicdesk::triage;
    const std::vector<std::uint8_t> bytes(data, data + size);
    std::string error;
    const auto model = LinearModel::deserialize(bytes, &error);
    if (!model) {
        require(!error.empty());
        return 0;
    }
    require(!model->labels().empty() && model->hashBits() >= 10 && model->hashBits() <= 24);
    require(model->bias().size() == model->classCount() && model->calibration().size() == model->classCount());
    const std::uint32_t buckets = 1u << model->hashBits();
    const std::vector<std::uint32_t> features{0, 1, 5, 900, buckets / 2, buckets - 1};
    std::vector<float> scores(model->classCount()), again(model->classCount());
    model->scores(features, scores.data());
    for (float s : scores)
        require(std::isfinite(s));
    const auto back = LinearModel::deserialize(model->serialize(nlohmann::json::object()), &error);
    require(back.has_value() && back->labels() == model->labels() && back->hashBits() == model->hashBits());
    // serialize() leaves out rows whose weights are all within 1e-5 of zero: the scores may move by that.
    back->scores(features, again.data());
    for (std::size_t c = 0; c < scores.size(); ++c)
        require(std::fabs(again[c] - scores[c]) <= 1e-4f * (1.0f + std::fabs(scores[c])));
    return 0;
}
