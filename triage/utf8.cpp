#include "utf8.h"

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

// U+00C0..U+00FF to base letters; '1' = æ (ae), '2' = þ (th), '3' = ß (ss), '*' = not a letter.
constexpr std::string_view kLatin1 = "aaaaaa1ceeeeiiiidnooooo*ouuuuy23aaaaaa1ceeeeiiiidnooooo*ouuuuy2y";
static_assert(kLatin1.size() == 64);
// U+0100..U+017F to base letters; 'I' = ĳ (ij), 'O' = œ (oe).
constexpr std::string_view kLatinExtA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkkllllllllllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kLatinExtA.size() == 128);

} // namespace

void appendFolded(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
        return;
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char c = kLatin1[cp - 0xC0];
        switch (c) {
        case '1': out += "ae"; return;
        case '2': out += "th"; return;
        case '3': out += "ss"; return;
        case '*': append(out, cp); return;
        default: out.push_back(c); return;
        }
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        const char c = kLatinExtA[cp - 0x100];
        if (c == 'I')
            out += "ij";
        else if (c == 'O')
            out += "oe";
        else
            out.push_back(c);
        return;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) { // fullwidth ASCII
        appendFolded(out, cp - 0xFF01 + 0x21);
        return;
    }
    // Greek: capitals to small, accents (tonos) dropped, final sigma to sigma.
    switch (cp) {
    case 0x386:
    case 0x3AC: cp = 0x3B1; break;
    case 0x388:
    case 0x3AD: cp = 0x3B5; break;
    case 0x389:
    case 0x3AE: cp = 0x3B7; break;
    case 0x38A:
    case 0x3AF: cp = 0x3B9; break;
    case 0x38C:
    case 0x3CC: cp = 0x3BF; break;
    case 0x38E:
    case 0x3CD: cp = 0x3C5; break;
    case 0x38F:
    case 0x3CE: cp = 0x3C9; break;
    case 0x3C2: cp = 0x3C3; break;
    default:
        if (cp >= 0x391 && cp <= 0x3A9)
            cp += 0x20;
        else if (cp >= 0x410 && cp <= 0x42F) // Cyrillic capitals
            cp += 0x20;
        else if (cp >= 0x400 && cp <= 0x40F)
            cp += 0x50;
        else if (cp == 0x451) // ё → е
            cp = 0x435;
        else if (cp >= 0x1E00 && cp <= 0x1EFF && (cp % 2) == 0) // Latin Extended Additional (Vietnamese)
            cp += 1;
        break;
    }
    append(out, cp);
}

std::string fold(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();)
        appendFolded(out, next(s, i));
    return out;
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
