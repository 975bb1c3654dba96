#pragma once

#include <QtGlobal>

namespace cosmicdesk::cli {

// Peak and current resident set size of this process in MiB (Linux /proc; 0 elsewhere).
double peakRssMb();
double currentRssMb();
// Starts the peak over from the current size (Linux: /proc/self/clear_refs); false where it cannot.
bool resetPeakRss();

} // namespace cosmicdesk::cli
