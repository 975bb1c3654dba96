#include "benchstats.h"

#include "cli.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::cli {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

void printJson(const nlohmann::json &object)
{
    printOut(QString::fromStdString(object.dump()));
}

} // namespace cosmicdesk::cli
