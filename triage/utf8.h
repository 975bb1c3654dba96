#pragma once

#include <string>
#include <string_view>

namespace cosmicdesk::triage::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[i] and advances i. Invalid or truncated sequences, overlong forms and
// surrogates decode to U+FFFD and consume one byte, so any byte string can be walked safely.
char32_t next(std::string_view s, std::size_t &i);
void append(std::string &out, char32_t cp);

// Appends the folded form: lower case, Latin accents removed (é→e, ß→ss, œ→oe), Greek and Cyrillic
// lowered, fullwidth ASCII narrowed.
void appendFolded(std::string &out, char32_t cp);
std::string fold(std::string_view s);

bool isSpace(char32_t cp);
bool isDigit(char32_t cp);
// Letters of any script (everything that is not space, digit, punctuation, symbol or control).
bool isWordChar(char32_t cp);

// A well-formed copy: invalid bytes and NULs replaced, so output stays valid UTF-8.
std::string sanitize(std::string_view s);

} // namespace cosmicdesk::triage::utf8
