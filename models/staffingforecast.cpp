#include "staffingforecast.h"

#include "erlang.h"
#include "overviewstats.h"

#include <algorithm>

namespace cosmicdesk::models {

VolumeForecast forecastFromHistory(std::span<const double> history, qint64 firstHour, qint64 earliestCreated, double handlingSecs,
                                   double serviceLevelTarget, double answerSecs)
{
    const auto hours = static_cast<qint64>(history.size());
    VolumeForecast f;
    f.startAt = (firstHour + hours) * 3600;
    const qint64 offset = std::clamp<qint64>(earliestCreated > 0 ? earliestCreated / 3600 - firstHour : hours, 0, hours);
    const std::span<const double> fitted = history.subspan(static_cast<std::size_t>(offset));
    f.historyHours = static_cast<int>(fitted.size());
    if (fitted.empty())
        return f;
    // Monday 00:00 UTC is hour 0 of the week; the epoch began on a Thursday, 72 hours in.
    const int weekHour = static_cast<int>(((firstHour + offset) % 168 + 72) % 168);
    const SeasonalTrendModel model = fitSeasonalTrend(fitted, weekHour);
    f.perHour.reserve(kForecastHours);
    f.agentsNeeded.reserve(kForecastHours);
    for (int ahead = 1; ahead <= kForecastHours; ++ahead) {
        f.perHour.push_back(model.predict(ahead));
        f.agentsNeeded.push_back(ErlangC{f.perHour.back(), handlingSecs}.agentsFor(serviceLevelTarget, answerSecs));
    }
    std::tie(f.backtestMape, f.backtestHours) = backtestMape(fitted, weekHour);
    // The three busiest hours, the earlier first among equals.
    std::vector<bool> taken(f.perHour.size(), false);
    for (int &peak : f.peakHours) {
        int best = -1;
        for (std::size_t k = 0; k < f.perHour.size(); ++k)
            if (!taken[k] && (best < 0 || f.perHour[k] > f.perHour[static_cast<std::size_t>(best)]))
                best = static_cast<int>(k);
        peak = best;
        if (best >= 0)
            taken[static_cast<std::size_t>(best)] = true;
    }
    return f;
}

} // namespace cosmicdesk::models
