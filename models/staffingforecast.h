#pragma once

#include "forecast.h"

#include <QtGlobal>

#include <span>

namespace cosmicdesk::models {

// The overview's forecast and staffing (docs/overview.md "Forecast and staffing") from tickets
// created per complete hour: history[i] is hour `firstHour + i` (hour = Unix seconds / 3600), oldest
// first, and the forecast starts at the hour after the last. The fit begins at the hour of
// `earliestCreated` (the first ticket ever; 0: none) when that lies inside the history, so a young
// workspace has no zero-filled past. Agents needed per hour come from Erlang C with `handlingSecs`,
// reaching `serviceLevelTarget` within `answerSecs`.
// Whatever aggregates the hours (the store's rows, or Snowflake) gets the same forecast from it.
VolumeForecast forecastFromHistory(std::span<const double> history, qint64 firstHour, qint64 earliestCreated, double handlingSecs,
                                   double serviceLevelTarget, double answerSecs);

} // namespace cosmicdesk::models
