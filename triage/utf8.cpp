#include "utf8.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

namespace cosmicdesk::triage::utf8 {

char32_t decodeMultibyte(std::string_view s, std::size_t &i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        ++i;
        return kReplacement;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return kReplacement;
    }
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

void append(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

namespace {

// Letters that Unicode does not decompose into a base letter and a mark (a stroke, a bar, a hook or a
// ligature), spelled as a reader would search for them: ø→o, đ→d, ł→l, æ→ae, ɓ→b. Lower case forms
// (utf8proc case-folds before the lookup), plus the three that compatibility decomposition would spell
// with a dot or an apostrophe (ŀ, ŉ). Sorted by code point.
struct Spelling
{
    char32_t cp;
    const char *ascii;
};
constexpr Spelling kSpellings[] = {
    {0x00E6, "ae"}, {0x00F0, "d"}, {0x00F8, "o"}, {0x00FE, "th"}, {0x0111, "d"}, {0x0127, "h"},  {0x0131, "i"}, {0x0138, "k"},
    {0x013F, "l"},  {0x0140, "l"}, {0x0142, "l"}, {0x0149, "n"},  {0x014B, "n"}, {0x0153, "oe"}, {0x0167, "t"}, {0x0180, "b"},
    {0x0183, "b"},  {0x0188, "c"}, {0x018C, "d"}, {0x0192, "f"},  {0x0199, "k"}, {0x019A, "l"},  {0x019E, "n"}, {0x01A5, "p"},
    {0x01AB, "t"},  {0x01AD, "t"}, {0x01B4, "y"}, {0x01B6, "z"},  {0x01DD, "e"}, {0x01E5, "g"},  {0x0221, "d"}, {0x0225, "z"},
    {0x0234, "l"},  {0x0235, "n"}, {0x0236, "t"}, {0x0237, "j"},  {0x023C, "c"}, {0x023F, "s"},  {0x0240, "z"}, {0x0247, "e"},
    {0x0249, "j"},  {0x024B, "q"}, {0x024D, "r"}, {0x024F, "y"},  {0x0253, "b"}, {0x0254, "o"},  {0x0256, "d"}, {0x0257, "d"},
    {0x0259, "e"},  {0x025B, "e"}, {0x0260, "g"}, {0x0268, "i"},  {0x0269, "i"}, {0x0272, "n"},  {0x0275, "o"}, {0x0288, "t"},
    {0x0289, "u"},  {0x028B, "v"}, {0x2C65, "a"}, {0x2C66, "t"},
};

const char *spelling(char32_t cp)
{
    if (cp < 0xE6 || cp > 0x2C66)
        return nullptr;
    const auto *end = std::end(kSpellings);
    const auto *it = std::lower_bound(std::begin(kSpellings), end, cp, [](const Spelling &s, char32_t c) { return s.cp < c; });
    return it != end && it->cp == cp ? it->ascii : nullptr;
}

constexpr auto kFoldOptions = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);

} // namespace

void appendFolded(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(foldAscii(static_cast<char>(cp)));
        return;
    }
    if (const char *s = spelling(cp)) {
        out += s;
        return;
    }
    // Case folding, compatibility decomposition (fullwidth forms, ligatures, ǆ → dž), then the marks
    // dropped. The longest decomposition in Unicode is 18 code points.
    utf8proc_int32_t buf[32];
    int boundClass = 0;
    const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf, 32, kFoldOptions, &boundClass);
    if (n < 0 || n > 32) {
        append(out, cp);
        return;
    }
    for (utf8proc_ssize_t k = 0; k < n; ++k) {
        const auto c = static_cast<char32_t>(buf[k]);
        if (c < 0x80)
            out.push_back(foldAscii(static_cast<char>(c)));
        else if (const char *s = spelling(c))
            out += s;
        else
            append(out, c);
    }
}

void appendFolded(std::string &out, std::string_view s)
{
    out.reserve(out.size() + s.size());
    for (std::size_t i = 0; i < s.size();) {
        // A run of ASCII is folded in place after one resize, without appending byte by byte.
        std::size_t run = i;
        while (run < s.size() && static_cast<unsigned char>(s[run]) < 0x80)
            ++run;
        if (run > i) {
            const std::size_t at = out.size();
            out.resize(at + (run - i));
            std::transform(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(run),
                           out.begin() + static_cast<std::ptrdiff_t>(at), foldAscii);
            i = run;
            continue;
        }
        appendFolded(out, decodeMultibyte(s, i));
    }
}

std::string fold(std::string_view s)
{
    std::string out;
    appendFolded(out, s);
    return out;
}

bool isUpper(char32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_isupper(static_cast<utf8proc_int32_t>(cp)) != 0;
}

bool isLetter(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return true;
    default: return false;
    }
}

bool isSpace(char32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0 || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool isDigit(char32_t cp)
{
    return cp >= '0' && cp <= '9';
}

bool isWordCharBeyondAscii(char32_t cp)
{
    if (cp == kReplacement || cp < 0xC0)
        return false; // C1 controls and Latin-1 punctuation
    if (cp == 0xD7 || cp == 0xF7)
        return false;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0xE000 && cp <= 0xF8FF))
        return false; // punctuation, symbols, arrows, emoji, private use
    return true;
}

std::string sanitize(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const char32_t cp = next(s, i);
        append(out, cp == 0 ? kReplacement : cp);
    }
    return out;
}

std::string excerpt(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        // Printable ASCII (and tab, newline) is copied a run at a time.
        std::size_t run = i;
        while (run < s.size()) {
            const auto c = static_cast<unsigned char>(s[run]);
            if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F)
                break;
            ++run;
        }
        if (run > i) {
            out.append(s.substr(i, run - i));
            i = run;
            continue;
        }
        const std::size_t start = i;
        const char32_t cp = next(s, i);
        const bool invalid = cp == kReplacement && !(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD");
        if (invalid || (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F)
            out.append(i - start, ' ');
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

std::string clip(std::string_view s, std::size_t maxBytes, std::string_view ellipsis)
{
    if (s.size() <= maxBytes)
        return excerpt(s);
    std::size_t cut = maxBytes > ellipsis.size() ? maxBytes - ellipsis.size() : 0;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut; // s[cut] continues a character: cut before that character
    return excerpt(s.substr(0, cut)) + std::string(ellipsis);
}

} // namespace cosmicdesk::triage::utf8
