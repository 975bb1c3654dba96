#include "forecast.h"

#include <algorithm>
#include <cmath>

namespace cosmicdesk::models {

namespace {

struct Line
{
    double a = 0, b = 0; // value a + b·t
};

// Least squares of y over t = 0 … n-1, over the points with use[t].
Line fitLine(const std::vector<double> &y, const std::vector<char> &use)
{
    double n = 0, tMean = 0, yMean = 0;
    for (std::size_t t = 0; t < y.size(); ++t)
        if (use[t]) {
            n += 1;
            tMean += static_cast<double>(t);
            yMean += y[t];
        }
    if (n == 0)
        return {};
    tMean /= n;
    yMean /= n;
    double sxy = 0, sxx = 0;
    for (std::size_t t = 0; t < y.size(); ++t)
        if (use[t]) {
            const double dt = static_cast<double>(t) - tMean;
            sxy += dt * (y[t] - yMean);
            sxx += dt * dt;
        }
    const double b = sxx > 0 ? sxy / sxx : 0;
    return {yMean - b * tMean, b};
}

} // namespace

double SeasonalTrendModel::predict(int ahead) const
{
    const int t = hours - 1 + ahead; // time index of the hour predicted
    const double trend = level + slope * ahead;
    const auto w = static_cast<std::size_t>(((firstHourOfWeek + t) % 168 + 168) % 168);
    return std::max(0.0, trend * seasonal[w]);
}

SeasonalTrendModel fitSeasonalTrend(std::span<const double> history, int firstHourOfWeek)
{
    SeasonalTrendModel m;
    m.firstHourOfWeek = ((firstHourOfWeek % 168) + 168) % 168;
    m.seasonal.fill(1.0);
    // The season is the week when two whole weeks are known, else the day, else none; the fit uses
    // whole seasons only, the most recent ones, so that every hour of the season weighs the same.
    const int n = static_cast<int>(history.size());
    const int period = n >= 336 ? 168 : (n >= 48 ? 24 : 1);
    const int used = period > 1 ? n / period * period : n;
    m.hours = n;
    if (used == 0)
        return m;
    const int offset = n - used;
    auto positionOf = [&](int t) { return static_cast<std::size_t>((m.firstHourOfWeek + t) % 168); };
    std::array<double, 168> index;
    index.fill(1.0);
    std::vector<double> deseasonalised(static_cast<std::size_t>(used));
    std::vector<char> use(static_cast<std::size_t>(used), 1);
    Line line;
    // Trend and season depend on each other: fit the line on the deseasonalised series, the season
    // as the ratio of actual to trend by position, and repeat. On a series that is exactly
    // (a + b·t) × season this converges geometrically; ten rounds take it to rounding error.
    // Hours whose season is empty (never a ticket) say nothing about the trend and are left out.
    for (int round = 0; round < 10; ++round) {
        for (int t = 0; t < used; ++t) {
            const double s = index[positionOf(offset + t)];
            const auto i = static_cast<std::size_t>(t);
            use[i] = s > 1e-9;
            deseasonalised[i] = use[i] ? history[static_cast<std::size_t>(offset + t)] / s : 0.0;
        }
        line = fitLine(deseasonalised, use);
        if (period == 1)
            break;
        std::array<double, 168> actual{}, expected{};
        for (int t = 0; t < used; ++t) {
            // A day-long season (short history) shares one index per hour of the day.
            const std::size_t pos = period == 168 ? positionOf(offset + t) : positionOf(offset + t) % 24;
            actual[pos] += history[static_cast<std::size_t>(offset + t)];
            expected[pos] += std::max(line.a + line.b * t, 1e-9);
        }
        double sum = 0;
        for (int p = 0; p < period; ++p)
            sum +=
                expected[static_cast<std::size_t>(p)] > 0 ? actual[static_cast<std::size_t>(p)] / expected[static_cast<std::size_t>(p)] : 0;
        const double mean = sum / period;
        for (std::size_t w = 0; w < 168; ++w) {
            const std::size_t p = period == 168 ? w : w % 24;
            const double r = expected[p] > 0 ? actual[p] / expected[p] : 0;
            index[w] = mean > 0 ? r / mean : 1.0;
        }
    }
    m.seasonal = index;
    m.slope = line.b;
    m.level = line.a + line.b * (used - 1);
    return m;
}

std::pair<double, int> backtestMape(std::span<const double> history, int firstHourOfWeek, int holdout)
{
    const int n = static_cast<int>(history.size());
    if (holdout <= 0 || n - holdout < 168)
        return {-1.0, 0};
    const SeasonalTrendModel m = fitSeasonalTrend(history.first(static_cast<std::size_t>(n - holdout)), firstHourOfWeek);
    double sum = 0;
    int counted = 0;
    for (int k = 1; k <= holdout; ++k) {
        const double actual = history[static_cast<std::size_t>(n - holdout + k - 1)];
        if (actual < kMapeFloor)
            continue; // a percentage of (nearly) nothing says nothing
        sum += std::abs(actual - m.predict(k)) / actual;
        ++counted;
    }
    return counted ? std::pair{100.0 * sum / counted, counted} : std::pair{-1.0, 0};
}

} // namespace cosmicdesk::models
