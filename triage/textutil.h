#pragma once

#include <string>
#include <string_view>

namespace cosmicdesk::triage {

// Small ASCII helpers, shared by the engine and the layers above it; folding for matching (Unicode
// case, accents, compatibility forms) is utf8::fold.

// 'A'..'Z' to 'a'..'z'; every other byte, UTF-8 included, unchanged.
constexpr char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}
std::string asciiLower(std::string_view s);
std::string_view trim(std::string_view s);

} // namespace cosmicdesk::triage
