#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cosmicdesk::triage {

// Support priority levels from PRODUCT.md ("Triage rules from the seeds").
enum class Priority : std::uint8_t { P0 = 0, P1 = 1, P2 = 2, P3 = 3 };

inline constexpr int kPriorityCount = 4;
inline constexpr std::array<Priority, kPriorityCount> kAllPriorities{Priority::P0, Priority::P1, Priority::P2, Priority::P3};

std::string_view priorityName(Priority p);                    // "P0" … "P3"
std::string_view priorityLabel(Priority p);                   // "Critical", "High", "Medium", "Low"
std::optional<Priority> parsePriority(std::string_view text); // "P1", "p1", "1", "high", "urgent" …

// Zendesk's own priority vocabulary (urgent/high/normal/low) and back.
std::string_view zendeskPriority(Priority p);
std::optional<Priority> fromZendeskPriority(std::string_view value);

} // namespace cosmicdesk::triage
