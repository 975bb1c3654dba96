#pragma once

#include "priority.h"

#include <array>
#include <cstdint>

namespace cosmicdesk::triage {

// First-response and resolution targets per priority, in seconds. A resolution target of 0 means
// "variable" (no clock). Defaults are PRODUCT.md's table; profiles may override them.
struct SlaTarget
{
    std::int64_t firstResponseSecs = 0;
    std::int64_t resolutionSecs = 0;
};

struct SlaTable
{
    std::array<SlaTarget, kPriorityCount> targets{{
        {30 * 60, 4 * 3600},
        {2 * 3600, 24 * 3600},
        {8 * 3600, 3 * 24 * 3600},
        {24 * 3600, 0},
    }};

    const SlaTarget &operator[](Priority p) const { return targets[static_cast<std::size_t>(p)]; }
    SlaTarget &operator[](Priority p) { return targets[static_cast<std::size_t>(p)]; }
};

} // namespace cosmicdesk::triage
