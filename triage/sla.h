#pragma once

#include "priority.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

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

    // How the clocks count: every second, or only the seconds inside business hours.
    enum class Clock : std::uint8_t { Calendar, Business };
    Clock clock = Clock::Calendar;
    struct BusinessHours
    {
        std::string timezone = "UTC";                                           // IANA name
        std::array<bool, 7> days{{true, true, true, true, true, false, false}}; // Monday first
        int startMinute = 9 * 60;                                               // minutes after local midnight
        int endMinute = 18 * 60;                                                // > startMinute
    } businessHours;
    // Zendesk status names whose tickets show a paused clock (waiting on someone else).
    std::vector<std::string> pausedStatuses{"pending"};

    const SlaTarget &operator[](Priority p) const { return targets[static_cast<std::size_t>(p)]; }
    SlaTarget &operator[](Priority p) { return targets[static_cast<std::size_t>(p)]; }
};

} // namespace cosmicdesk::triage
