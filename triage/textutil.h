#pragma once

#include <string>
#include <string_view>

namespace cosmicdesk::triage {

// Small ASCII helpers shared inside the engine; full Unicode folding lives in the normaliser.
std::string asciiLower(std::string_view s);
std::string_view trim(std::string_view s);

} // namespace cosmicdesk::triage
