#pragma once

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace cosmicdesk::cli {

// The p-quantile (0 ≤ p ≤ 1) of a sample, linearly interpolated between the closest ranks (the
// definition of numpy's default and of R's type 7); 0 for an empty sample. Every benchmark uses it.
double percentile(std::vector<double> sample, double p);

// One JSON object on one line, as the benchmarks print with --json.
void printJson(const nlohmann::json &object);

} // namespace cosmicdesk::cli
