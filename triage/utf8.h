#pragma once

#include "textutil.h"

#include <string>
#include <string_view>

namespace cosmicdesk::triage::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[i] and advances i. Invalid or truncated sequences, overlong forms and
// surrogates decode to U+FFFD and consume one byte, so any byte string can be walked safely.
char32_t decodeMultibyte(std::string_view s, std::size_t &i); // s[i] >= 0x80
inline char32_t next(std::string_view s, std::size_t &i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    return decodeMultibyte(s, i);
}
void append(std::string &out, char32_t cp);

// Folding for matching, the one fold of the engine's tokens and phrases and of the queue's search:
// lower case (Unicode case folding, ß→ss), compatibility forms spelled plainly (fullwidth ＡＢＣ→abc,
// ligatures ﬁ→fi), accents and other combining marks removed (é→e, "Trường"→"truong", ά→α, ё→е),
// letters with a stroke or bar spelled as their base letter (ø→o, ł→l, đ→d, æ→ae), and C0 control
// characters turned into spaces. ASCII is folded a byte at a time, without a look-up.
constexpr char foldAscii(char c)
{
    return static_cast<unsigned char>(c) < 0x20 ? ' ' : asciiLower(c);
}
void appendFolded(std::string &out, char32_t cp);
void appendFolded(std::string &out, std::string_view s); // s is UTF-8; invalid bytes fold to U+FFFD
std::string fold(std::string_view s);

// Letter classes of any script (Unicode categories), for counting capitals.
bool isUpper(char32_t cp);
bool isLetter(char32_t cp);

bool isSpace(char32_t cp);
bool isDigit(char32_t cp);
// Letters of any script (everything that is not space, digit, punctuation, symbol or control).
bool isWordCharBeyondAscii(char32_t cp);
inline bool isWordChar(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    return isWordCharBeyondAscii(cp);
}

// A well-formed copy: invalid bytes and NULs replaced, so output stays valid UTF-8.
std::string sanitize(std::string_view s);

// A piece of the input to show as evidence: valid sequences copied, each invalid byte, NUL or other
// control character (tab and newline excepted) replaced by one space, so the excerpt is valid UTF-8
// and keeps the byte offsets of the text it came from.
std::string excerpt(std::string_view s);
// At most maxBytes of s (valid UTF-8), cut before a character rather than inside it, with
// ellipsis appended when something was cut.
std::string clip(std::string_view s, std::size_t maxBytes, std::string_view ellipsis = "...");

} // namespace cosmicdesk::triage::utf8
