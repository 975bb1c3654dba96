#include "priority.h"

#include "textutil.h"

namespace cosmicdesk::triage {

std::string_view priorityName(Priority p)
{
    static constexpr std::array<std::string_view, kPriorityCount> names{"P0", "P1", "P2", "P3"};
    return names[static_cast<std::size_t>(p)];
}

std::string_view priorityLabel(Priority p)
{
    static constexpr std::array<std::string_view, kPriorityCount> labels{"Critical", "High", "Medium", "Low"};
    return labels[static_cast<std::size_t>(p)];
}

std::optional<Priority> parsePriority(std::string_view text)
{
    const std::string t = asciiLower(trim(text));
    if (t == "p0" || t == "0" || t == "critical")
        return Priority::P0;
    if (t == "p1" || t == "1" || t == "high")
        return Priority::P1;
    if (t == "p2" || t == "2" || t == "medium")
        return Priority::P2;
    if (t == "p3" || t == "3" || t == "low")
        return Priority::P3;
    return fromZendeskPriority(t);
}

std::string_view zendeskPriority(Priority p)
{
    static constexpr std::array<std::string_view, kPriorityCount> names{"urgent", "high", "normal", "low"};
    return names[static_cast<std::size_t>(p)];
}

std::optional<Priority> fromZendeskPriority(std::string_view value)
{
    const std::string t = asciiLower(trim(value));
    if (t == "urgent")
        return Priority::P0;
    if (t == "high")
        return Priority::P1;
    if (t == "normal")
        return Priority::P2;
    if (t == "low")
        return Priority::P3;
    return std::nullopt;
}

} // namespace cosmicdesk::triage
