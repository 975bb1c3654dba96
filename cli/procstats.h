#pragma once

#include <QtGlobal>

namespace cosmicdesk::cli {

// Peak and current resident set size of this process in MiB (Linux /proc; 0 elsewhere).
double peakRssMb();
double currentRssMb();

} // namespace cosmicdesk::cli
