#pragma once

#include <QtGlobal>

#include <array>
#include <span>
#include <vector>

namespace cosmicdesk::models {

// Tickets per hour ahead, from hour-of-week seasonality with a linear trend (docs/overview.md).
struct VolumeForecast
{
    qint64 startAt = 0;                         // Unix seconds, the first forecast hour
    std::vector<double> perHour;                // expected tickets created in each hour
    double backtestMape = -1;                   // mean absolute percentage error over the last 7 days, in percent; < 0: too little history
    int backtestHours = 0;                      // hours the MAPE is taken over (hours with fewer than kMapeFloor tickets are skipped)
    std::array<int, 3> peakHours{{-1, -1, -1}}; // indexes into perHour of the three busiest hours, busiest first
    std::vector<int> agentsNeeded;              // per forecast hour, by Erlang C (overviewstats.h: OverviewConfig)
    int historyHours = 0;                       // hours the model was fitted on
};

// The fitted model: level and slope (tickets per hour, per hour) and one multiplicative index per
// hour of the week (0 = Monday 00:00 UTC + offset given to fit, mean 1).
struct SeasonalTrendModel
{
    double level = 0; // at the last history hour
    double slope = 0;
    std::array<double, 168> seasonal{};
    int firstHourOfWeek = 0; // hour-of-week of history[0]
    int hours = 0;           // history length

    // Expected count `ahead` hours after the last history hour (ahead = 1 is the next hour).
    double predict(int ahead) const;
};

inline constexpr double kMapeFloor = 1.0; // hours with fewer actual tickets are left out of the MAPE

// Fits on counts per hour, oldest first; firstHourOfWeek says where history[0] falls in the week.
SeasonalTrendModel fitSeasonalTrend(std::span<const double> history, int firstHourOfWeek);
// Fits on all but the last `holdout` hours, forecasts them, returns the MAPE in percent (or -1) and
// the number of hours it was taken over.
std::pair<double, int> backtestMape(std::span<const double> history, int firstHourOfWeek, int holdout = 168);

} // namespace cosmicdesk::models
