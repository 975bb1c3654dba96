#include "tokenizer.h"

#include "flathash.h"
#include "textutil.h"
#include "utf8.h"

#include <algorithm>
#include <array>

namespace cosmicdesk::triage {

std::string_view languageCode(Language l)
{
    switch (l) {
    case Language::Fr: return "fr";
    case Language::De: return "de";
    case Language::Es: return "es";
    case Language::En: break;
    }
    return "en";
}

std::string_view tokenKindName(TokenKind k)
{
    switch (k) {
    case TokenKind::Word: return "word";
    case TokenKind::Number: return "number";
    case TokenKind::Url: return "url";
    case TokenKind::Email: return "email";
    case TokenKind::OrderId: return "order_id";
    case TokenKind::TrackingId: return "tracking_id";
    case TokenKind::PaymentId: return "payment_id";
    case TokenKind::Money: return "money";
    case TokenKind::HttpError: return "http_error";
    case TokenKind::Version: return "version";
    }
    return "word";
}

namespace {

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), isAsciiDigit);
}
bool startsWith(std::string_view s, std::string_view p)
{
    return s.substr(0, p.size()) == p;
}
bool isClausePunct(char32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == ':' || c == 0x2026 /* … */ || c == 0xA1 || c == 0xBF;
}

// Stripe object ids: a known prefix, an underscore, then at least eight alphanumerics.
bool isPaymentId(std::string_view s)
{
    static constexpr std::array<std::string_view, 11> prefixes{"ch_",  "py_",  "pi_",  "re_", "dp_", "in_",
                                                               "cus_", "sub_", "txn_", "pm_", "po_"};
    for (std::string_view p : prefixes) {
        if (startsWith(s, p) && s.size() >= p.size() + 8)
            return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(p.size()), s.end(),
                               [](char c) { return isAsciiDigit(c) || isAsciiAlpha(c); });
    }
    return false;
}

bool isTrackingId(std::string_view raw)
{
    // UPU S10: two letters, nine digits, two letters (RR123456785SG).
    if (raw.size() == 13 && isAsciiAlpha(raw[0]) && isAsciiAlpha(raw[1]) && allDigits(raw.substr(2, 9)) && isAsciiAlpha(raw[11]) &&
        isAsciiAlpha(raw[12]))
        return true;
    // Ninja Van: NV + country + letters/digits (NVSGCOSMO0000012345).
    if (raw.size() >= 12 && (raw[0] == 'N' || raw[0] == 'n') && (raw[1] == 'V' || raw[1] == 'v') &&
        std::all_of(raw.begin(), raw.end(), [](char c) { return isAsciiDigit(c) || isAsciiAlpha(c); }) &&
        std::count_if(raw.begin(), raw.end(), isAsciiDigit) >= 6)
        return true;
    // DHL Express waybills: ten digits; piece ids JD + eighteen digits.
    if (raw.size() == 10 && allDigits(raw))
        return true;
    if (raw.size() == 20 && (raw[0] == 'J' || raw[0] == 'j') && (raw[1] == 'D' || raw[1] == 'd') && allDigits(raw.substr(2)))
        return true;
    return false;
}

bool isVersion(std::string_view s)
{
    if (!s.empty() && (s[0] == 'v' || s[0] == 'V'))
        s.remove_prefix(1);
    int dots = 0;
    if (s.empty() || !isAsciiDigit(s.front()) || !isAsciiDigit(s.back()))
        return false;
    for (char c : s) {
        if (c == '.')
            ++dots;
        else if (!isAsciiDigit(c))
            return false;
    }
    return dots >= 1 && dots <= 3;
}

// "$49.00", "€12", "S$5", "RM20", "Rp45000", "12€", "US$10".
bool isMoney(std::string_view raw)
{
    static constexpr std::array<std::string_view, 12> symbols{"US$", "S$", "A$", "$", "€", "£", "¥", "₱", "฿", "₫", "RM", "Rp"};
    auto numberish = [](std::string_view n) {
        return !n.empty() && isAsciiDigit(n.front()) &&
               std::all_of(n.begin(), n.end(), [](char c) { return isAsciiDigit(c) || c == '.' || c == ','; });
    };
    for (std::string_view sym : symbols) {
        if (startsWith(raw, sym) && numberish(raw.substr(sym.size())))
            return true;
        if (raw.size() > sym.size() && raw.substr(raw.size() - sym.size()) == sym && numberish(raw.substr(0, raw.size() - sym.size())))
            return true;
    }
    return false;
}

bool isHttpError(std::string_view s)
{
    static constexpr std::array<std::string_view, 13> codes{"400", "401", "403", "404", "405", "408", "409",
                                                            "422", "429", "500", "502", "503", "504"};
    return std::find(codes.begin(), codes.end(), s) != codes.end();
}

// Flags of the function words (Token::functionWord).
enum : std::uint8_t {
    kStopWord = 1,
    kNegator = 2,
    kContrast = 4,
    kOrderWord = 8,
    kConjunction = 16,
    kSubject = 32,
    kNotContraction = Token::kNotContraction
};

struct FunctionWord
{
    std::uint8_t flags = 0;
    std::uint8_t languages = 0; // bit 0 English … bit 3 Spanish: the language guess's clues
};
const FlatHashMap<FunctionWord> &functionWords();

// By the word's 64-bit hash: equal hashes are equal words, as in the phrase matcher. The table is
// small (16-byte slots, half used), so it stays in the L1 cache.
const FunctionWord *lookupFunctionWord(std::uint64_t hash)
{
    return functionWords().find(hash);
}

// English contractions keep their apostrophe (don't, it's, we're); French elisions split (l'équipe,
// c'est, qu'il).
bool keepsApostrophe(std::string_view before, std::string_view after)
{
    if (after == "t" || after == "s" || after == "re" || after == "ve" || after == "ll" || after == "d" || after == "m")
        return before.size() >= 1 && !(before.size() <= 2 && after.size() > 2);
    return false;
}

// Byte classes for the ASCII fast path; bytes from 0x80 go through the UTF-8 decoder.
enum : std::uint8_t { kOther = 0, kSpace = 1, kLetter = 2, kDigit = 3, kUpper = 4, kHigh = 5 };
constexpr std::array<std::uint8_t, 256> makeClasses()
{
    std::array<std::uint8_t, 256> c{};
    for (int i = 0; i < 256; ++i) {
        if (i >= 0x80)
            c[static_cast<std::size_t>(i)] = kHigh;
        else if (i == ' ' || i == '\t' || i == '\n' || i == '\r' || i == '\f' || i == '\v' || i == 0)
            c[static_cast<std::size_t>(i)] = kSpace;
        else if (i >= 'a' && i <= 'z')
            c[static_cast<std::size_t>(i)] = kLetter;
        else if (i >= 'A' && i <= 'Z')
            c[static_cast<std::size_t>(i)] = kUpper;
        else if ((i >= '0' && i <= '9') || i == '_')
            c[static_cast<std::size_t>(i)] = kDigit;
        else if (i < 0x20 || i == 0x7F)
            c[static_cast<std::size_t>(i)] = kSpace;
    }
    return c;
}
constexpr std::array<std::uint8_t, 256> kClass = makeClasses();

inline std::uint8_t byteClass(char c)
{
    return kClass[static_cast<unsigned char>(c)];
}

class Scanner
{
public:
    Scanner(std::string_view text, TokenizedText &out) : m_text(text), m_out(out) {}

    void run()
    {
        const std::size_t n = m_text.size();
        std::size_t i = 0;
        while (i < n) {
            // Skip spaces (and invalid bytes, which act as spaces).
            const std::uint8_t cls = byteClass(m_text[i]);
            if (cls == kSpace) {
                ++i;
                continue;
            }
            if (cls == kHigh) {
                std::size_t j = i;
                const char32_t cp = utf8::next(m_text, j);
                if (utf8::isSpace(cp) || cp == utf8::kReplacement) {
                    i = j;
                    continue;
                }
            }
            // A chunk runs to the next space.
            const std::size_t start = i;
            std::size_t end = i;
            while (end < n) {
                const char c = m_text[end];
                const std::uint8_t k = byteClass(c);
                if (k == kSpace)
                    break;
                if (k == kHigh) {
                    std::size_t j = end;
                    const char32_t cp = utf8::next(m_text, j);
                    if (utf8::isSpace(cp) || cp == utf8::kReplacement)
                        break;
                    if (cp == 0xBF && m_out.questions < 1000)
                        ++m_out.questions;
                    else if (cp == 0xA1 && m_out.exclamations < 1000)
                        ++m_out.exclamations;
                    end = j;
                    continue;
                }
                if (c == '!' && m_out.exclamations < 1000)
                    ++m_out.exclamations;
                else if (c == '?' && m_out.questions < 1000)
                    ++m_out.questions;
                ++end;
            }
            chunk(start, end);
            i = end;
        }
    }

private:
    // The code point ending just before `pos`, and where it starts.
    char32_t previous(std::size_t begin, std::size_t pos, std::size_t &at) const
    {
        const auto last = static_cast<unsigned char>(m_text[pos - 1]);
        if (last < 0x80) {
            at = pos - 1;
            return last;
        }
        std::size_t k = pos - 1;
        while (k > begin && (static_cast<unsigned char>(m_text[k]) & 0xC0) == 0x80)
            --k;
        at = k;
        std::size_t probe = k;
        return utf8::next(m_text, probe);
    }

    static bool keepsInChunk(char32_t c)
    {
        return utf8::isWordChar(c) || c == '$' || c == 0x20AC || c == 0xA3 || c == 0xA5 || c == 0x20B1 || c == 0xE3F || c == 0x20AB ||
               c == '#';
    }

    void chunk(std::size_t begin, std::size_t end)
    {
        // Trailing clause punctuation belongs to the previous token; other punctuation is trimmed.
        char trailing = 0;
        std::size_t e = end;
        while (e > begin) {
            std::size_t at;
            const char32_t c = previous(begin, e, at);
            if (keepsInChunk(c) || c == '/')
                break;
            if (isClausePunct(c) && (trailing == 0 || trailing == ','))
                trailing = c == 0x2026 ? '.' : (c == 0xA1 ? '!' : (c == 0xBF ? '?' : static_cast<char>(c)));
            e = at;
        }
        std::size_t b = begin;
        while (b < e) {
            std::size_t probe = b;
            const char32_t c = utf8::next(m_text, probe);
            if (keepsInChunk(c))
                break;
            b = probe;
        }
        if (b < e) {
            const std::string_view raw = m_text.substr(b, e - b);
            if (!plainWord(raw, b, e) && !typed(raw, b, e))
                words(b, e);
        }
        markEnd(trailing);
    }

    void markEnd(char punct)
    {
        if (punct && !m_out.tokens.empty() && m_out.tokens.back().punctAfter == 0)
            m_out.tokens.back().punctAfter = punct;
    }

    static std::uint64_t kindHash(TokenKind kind)
    {
        static const std::array<std::uint64_t, 10> hashes = [] {
            std::array<std::uint64_t, 10> h{};
            for (std::size_t k = 0; k < h.size(); ++k)
                h[k] = wordHash("<" + std::string(tokenKindName(static_cast<TokenKind>(k))) + ">");
            return h;
        }();
        return hashes[static_cast<std::size_t>(kind)];
    }

    void push(TokenKind kind, std::string &&text, std::size_t b, std::size_t e, bool caps = false)
    {
        // Members named one by one: emplace_back() would zero the whole token first.
        const std::uint64_t hash = kind == TokenKind::Word ? wordHash(text) : kindHash(kind);
        m_out.tokens.push_back(
            Token{std::move(text), hash, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), kind, false, caps});
        if (caps)
            ++m_out.capsWords;
    }
    void push(TokenKind kind, const std::string &text, std::size_t b, std::size_t e) { push(kind, std::string(text), b, e); }

    // Most chunks are one word of ASCII letters: folded and hashed in one pass.
    bool plainWord(std::string_view raw, std::size_t b, std::size_t e)
    {
        if (raw.size() > 40)
            return false;
        char buf[40];
        std::uint64_t h = kWordHashSeed;
        int upper = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const char c = raw[i];
            const std::uint8_t k = byteClass(c);
            if (k == kUpper) {
                ++upper;
                buf[i] = asciiLower(c);
            } else if (k == kLetter) {
                buf[i] = c;
            } else {
                return false;
            }
            h = wordHashStep(h, static_cast<unsigned char>(buf[i]));
        }
        const bool caps = raw.size() >= 2 && upper == static_cast<int>(raw.size());
        m_out.tokens.push_back(Token{std::string(buf, raw.size()), wordHashFinish(h), static_cast<std::uint32_t>(b),
                                     static_cast<std::uint32_t>(e), TokenKind::Word, false, caps});
        if (caps)
            ++m_out.capsWords;
        markFunctionWord(m_out.tokens.back());
        return true;
    }

    static void markFunctionWord(Token &t)
    {
        if (const FunctionWord *f = lookupFunctionWord(t.hash)) {
            t.functionWord = f->flags;
            t.languages = f->languages;
            t.stop = f->flags & kStopWord;
        }
    }

    bool typed(std::string_view raw, std::size_t b, std::size_t e)
    {
        // Plain words (letters only, no digits or symbols) are never typed tokens: skip the checks.
        bool special = false;
        for (char c : raw) {
            const std::uint8_t k = byteClass(c);
            if (k == kDigit || k == kHigh || c == '@' || c == '.' || c == '/' || c == '#' || c == ':' || c == '$') {
                special = true;
                break;
            }
        }
        if (!special)
            return false;
        if (allDigits(raw)) {
            // The commonest typed chunk, a plain number: no folding, and only the checks that
            // can apply to digits (a DHL waybill, an order number after "order", an HTTP status).
            if (isTrackingId(raw))
                push(TokenKind::TrackingId, std::string(raw), b, e);
            else if (raw.size() >= 4 && raw.size() <= 10 && !m_out.tokens.empty() && (m_out.tokens.back().functionWord & kOrderWord))
                push(TokenKind::OrderId, std::string(raw), b, e);
            else if (isHttpError(raw))
                push(TokenKind::HttpError, std::string(raw), b, e);
            else
                push(TokenKind::Number, std::string(raw), b, e);
            return true;
        }
        const std::string lower = utf8::fold(raw);
        if (startsWith(lower, "http://") || startsWith(lower, "https://") || startsWith(lower, "www.")) {
            push(TokenKind::Url, lower, b, e);
            return true;
        }
        const auto at = lower.find('@');
        if (at != std::string::npos && at > 0 && lower.find('.', at) != std::string::npos && lower.find('@', at + 1) == std::string::npos) {
            push(TokenKind::Email, lower, b, e);
            return true;
        }
        if (isPaymentId(lower)) {
            push(TokenKind::PaymentId, lower, b, e);
            return true;
        }
        if (isMoney(raw)) {
            push(TokenKind::Money, lower, b, e);
            return true;
        }
        if (raw.size() > 1 && raw[0] == '#' && allDigits(raw.substr(1)) && raw.size() >= 4) {
            push(TokenKind::OrderId, lower.substr(1), b, e);
            return true;
        }
        if (isTrackingId(raw)) {
            push(TokenKind::TrackingId, lower, b, e);
            return true;
        }
        if (isVersion(raw)) {
            push(TokenKind::Version, lower, b, e);
            return true;
        }
        return false;
    }

    bool wordCharAt(std::size_t &i, std::size_t e, char32_t &cp) const
    {
        const std::uint8_t k = byteClass(m_text[i]);
        if (k != kHigh) {
            cp = static_cast<unsigned char>(m_text[i]);
            ++i;
            return k == kLetter || k == kUpper || k == kDigit;
        }
        cp = utf8::next(m_text, i);
        (void)e;
        return utf8::isWordChar(cp);
    }

    // Splits a chunk into words and numbers at inner punctuation.
    void words(std::size_t b, std::size_t e)
    {
        std::size_t i = b;
        while (i < e) {
            const std::size_t start = i;
            char32_t cp;
            if (!wordCharAt(i, e, cp)) {
                if (isClausePunct(cp))
                    markEnd(cp == 0x2026 ? '.' : static_cast<char>(cp < 0x80 ? cp : '.'));
                continue;
            }
            std::size_t wordEnd = i;
            while (wordEnd < e) {
                std::size_t j = wordEnd;
                char32_t c;
                if (wordCharAt(j, e, c)) {
                    wordEnd = j;
                    continue;
                }
                // An apostrophe inside a word: keep English contractions whole, split elisions.
                if ((c == '\'' || c == 0x2019) && j < e) {
                    std::size_t k = j;
                    char32_t after;
                    if (wordCharAt(k, e, after)) {
                        std::size_t afterEnd = k;
                        while (afterEnd < e) {
                            std::size_t m = afterEnd;
                            char32_t x;
                            if (!wordCharAt(m, e, x))
                                break;
                            afterEnd = m;
                        }
                        const std::string left = utf8::fold(m_text.substr(start, wordEnd - start));
                        const std::string right = utf8::fold(m_text.substr(j, afterEnd - j));
                        if (keepsApostrophe(left, right)) {
                            wordEnd = afterEnd;
                            continue;
                        }
                    }
                }
                break;
            }
            emitWord(start, wordEnd);
            i = wordEnd;
        }
    }

    void emitWord(std::size_t b, std::size_t e)
    {
        const std::string_view raw = m_text.substr(b, e - b);
        std::string folded;
        folded.reserve(raw.size());
        int letters = 0, upper = 0;
        bool digitsOnly = true;
        bool ascii = true;
        for (char c : raw) {
            const std::uint8_t k = byteClass(c);
            if (k == kHigh) {
                ascii = false;
                break;
            }
            if (c == '\'')
                continue; // "don't" → "dont": one spelling with or without the apostrophe
            if (k == kUpper) {
                ++letters;
                ++upper;
                digitsOnly = false;
                folded.push_back(asciiLower(c));
            } else {
                if (k == kLetter) {
                    ++letters;
                    digitsOnly = false;
                } else if (c == '_') {
                    digitsOnly = false;
                }
                folded.push_back(c);
            }
        }
        if (!ascii) {
            folded.clear();
            letters = upper = 0;
            digitsOnly = true;
            for (std::size_t i = 0; i < raw.size();) {
                const char32_t cp = utf8::next(raw, i);
                if (cp == '\'' || cp == 0x2019)
                    continue;
                if (!utf8::isDigit(cp))
                    digitsOnly = false;
                if (utf8::isLetter(cp)) {
                    ++letters;
                    upper += utf8::isUpper(cp) ? 1 : 0;
                }
                utf8::appendFolded(folded, cp);
            }
        }
        if (folded.empty())
            return;
        if (digitsOnly) {
            if (!typed(raw, b, e))
                push(TokenKind::Number, folded, b, e);
            return;
        }
        push(TokenKind::Word, std::move(folded), b, e, letters >= 2 && upper == letters);
        markFunctionWord(m_out.tokens.back());
    }

    std::string_view m_text;
    TokenizedText &m_out;
};

Language guessLanguage(const std::vector<Token> &tokens)
{
    // Four counters in the bytes of one integer (at most 400 clues each).
    static constexpr std::array<std::uint64_t, 16> spread = [] {
        std::array<std::uint64_t, 16> a{};
        for (unsigned bits = 0; bits < 16; ++bits)
            for (unsigned l = 0; l < 4; ++l)
                a[bits] |= static_cast<std::uint64_t>((bits >> l) & 1u) << (16 * l);
        return a;
    }();
    std::uint64_t packed = 0;
    const std::size_t limit = std::min<std::size_t>(tokens.size(), 400);
    for (std::size_t i = 0; i < limit; ++i)
        packed += spread[tokens[i].languages & 15u];
    int score[4];
    for (unsigned l = 0; l < 4; ++l)
        score[l] = static_cast<int>((packed >> (16 * l)) & 0xFFFF);
    int best = 0;
    for (int l = 1; l < 4; ++l)
        if (score[l] > score[best] + 1) // English unless another language clearly leads
            best = l;
    return static_cast<Language>(best);
}

void markNegation(std::vector<Token> &tokens)
{
    int scope = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token &t = tokens[i];
        // A negation ends where a new clause starts: at "but", or at "and I…", "so we…", "et je…"
        // ("the reset e-mail doesn't arrive and I'm locked out": being locked out is not negated).
        if ((t.functionWord & kContrast) ||
            ((t.functionWord & kConjunction) && i + 1 < tokens.size() && (tokens[i + 1].functionWord & kSubject)))
            scope = 0;
        if (scope > 0) {
            t.negated = true;
            --scope;
        }
        const bool negator = (t.functionWord & kNegator) && !(t.text == "not" && i + 1 < tokens.size() && tokens[i + 1].text == "only");
        if (negator)
            scope = 4;
        if (t.punctAfter)
            scope = 0;
    }
}

} // namespace

namespace {

const std::vector<std::string_view> &stopwordList()
{
    // Function words of English, French, German and Spanish (folded): they carry no triage signal,
    // and a model trained on generated text would otherwise learn their accidental correlations.
    static const std::vector<std::string_view> stop{
        // English
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "now", "of", "off", "on", "once", "one", "only", "or", "other", "our",
        "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were",
        "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "ive", "im",
        "were", "weve", "youre", "its", "thats", "theres", "lets", "hi", "hello", "hey", "dear", "thanks", "thank", "regards", "best",
        "kind", "cheers", "please", "pls", "team", "guys", "also", "get", "got", "like", "way", "need", "want", "know", "see", "let",
        "make", "use", "thing", "things", "something", "anything", "per", "via", "yet", "still", "even", "much", "many", "well", "really",
        "though", "ok", "okay",
        // French
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "est", "sont", "je", "tu", "il", "elle", "nous", "vous", "ils",
        "elles", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "leur", "leurs", "en", "au", "aux",
        "dans", "par", "pour", "sur", "avec", "que", "qui", "quoi", "dont", "se", "sa", "son", "ses", "y", "a", "l", "d", "j", "c", "qu",
        "s", "m", "t", "bonjour", "merci", "cordialement", "aussi", "tres", "depuis", "comme", "mais", "donc", "si", "tout", "tous",
        "toute", "toutes", "ete", "etre", "avoir", "fait",
        // German
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder", "ist", "sind", "war",
        "ich", "du", "er", "sie", "es", "wir", "ihr", "mein", "meine", "unser", "unsere", "unseren", "unserem", "ihre", "ihren", "zu",
        "zum", "zur", "im", "in", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vor", "fur", "uber", "um", "als", "auch", "so",
        "wie", "wenn", "dass", "da", "hallo", "danke", "vielen", "gruss", "grusse", "guten", "tag", "bitte", "seit", "noch", "schon",
        "sehr", "hat", "haben", "wird", "werden", "kann", "konnen", "diese", "dieser", "dieses", "einige", "nur",
        // Spanish
        "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "es", "son", "fue", "yo", "tu", "el", "ella", "nosotros",
        "ustedes", "ellos", "mi", "mis", "su", "sus", "nuestro", "nuestra", "nuestros", "de", "del", "al", "en", "por", "para", "con",
        "que", "se", "lo", "le", "les", "me", "nos", "hola", "gracias", "saludos", "muy", "desde", "como", "pero", "si", "ya", "este",
        "esta", "estos", "estas", "hay", "han", "ha", "sido"};
    return stop;
}

const FlatHashMap<FunctionWord> &functionWords()
{
    static const FlatHashMap<FunctionWord> table = [] {
        FlatHashMap<FunctionWord> m;
        auto add = [&](std::string_view w, std::uint8_t flags, std::uint8_t languages) {
            const std::uint64_t h = wordHash(w);
            FunctionWord f = m.find(h) ? *m.find(h) : FunctionWord{};
            f.flags |= flags;
            f.languages |= languages;
            m.insert(h, f);
        };
        for (std::string_view w : stopwordList())
            add(w, kStopWord, 0);
        for (std::string_view w :
             {"not",    "no",     "never",  "none",  "nobody",  "nothing", "nowhere", "neither", "nor",     "cannot",   "cant",
              "dont",   "doesnt", "didnt",  "isnt",  "arent",   "wasnt",   "werent",  "wont",    "wouldnt", "shouldnt", "couldnt",
              "havent", "hasnt",  "hadnt",  "aint",  "without", "ne",      "n",       "pas",     "jamais",  "aucun",    "aucune",
              "sans",   "ni",     "rien",   "nicht", "kein",    "keine",   "keinen",  "keinem",  "keiner",  "nie",      "niemals",
              "ohne",   "nichts", "nunca",  "sin",   "ningun",  "ninguna", "ninguno", "nada",    "tampoco", "jamas",    "nadie",
              "needn",  "mustnt", "neednt", "lacks", "lack",    "unable"}) {
            // The English n't-contractions (and "cannot") also stand for "not" in phrases.
            const bool contraction = w == "cannot" || (w.size() > 2 && w.substr(w.size() - 2) == "nt");
            add(w, contraction ? kNegator | kNotContraction : kNegator, 0);
        }
        for (std::string_view w :
             {"but", "however", "although", "though", "mais", "cependant", "aber", "sondern", "doch", "pero", "sino", "aunque"})
            add(w, kContrast, 0);
        for (std::string_view w :
             {"and", "so", "because", "since", "as", "while", "et", "car", "donc", "und", "weil", "denn", "y", "porque"})
            add(w, kConjunction, 0);
        for (std::string_view w : {"i",   "im",    "ive",  "we",  "were", "weve",     "they",  "theyre",     "theyve", "he",
                                   "hes", "she",   "shes", "it",  "its",  "now",      "je",    "j",          "nous",   "on",
                                   "ils", "elles", "ich",  "wir", "yo",   "nosotros", "ahora", "maintenant", "jetzt"})
            add(w, kSubject, 0);
        // Words after which a number is an order number ("order 88120", "Bestellung 4411", "no. 3312").
        for (std::string_view w :
             {"order", "orders", "commande", "commandes", "pedido", "pedidos", "bestellung", "bestellnummer", "auftrag", "no", "nr"})
            add(w, kOrderWord, 0);
        // The language guess's clues.
        const std::array<std::array<std::string_view, 16>, 4> clues{{
            {"the", "and", "is", "to", "we", "our", "you", "for", "it", "with", "this", "have", "not", "please", "of", "was"},
            {"le", "la", "les", "et", "est", "nous", "vous", "pas", "pour", "des", "une", "que", "avec", "notre", "je", "du"},
            {"der", "die", "das", "und", "ist", "nicht", "wir", "sie", "ein", "eine", "mit", "fur", "unsere", "ich", "auf", "zu"},
            {"el", "los", "las", "y", "es", "nos", "para", "que", "una", "con", "nuestro", "pedido", "del", "por", "mi", "lo"},
        }};
        for (unsigned l = 0; l < clues.size(); ++l)
            for (std::string_view w : clues[l])
                add(w, 0, static_cast<std::uint8_t>(1u << l));
        return m;
    }();
    return table;
}

} // namespace

bool Tokenizer::isStopword(std::string_view w)
{
    const FunctionWord *f = lookupFunctionWord(wordHash(w));
    return f && (f->flags & kStopWord);
}

TokenizedText Tokenizer::tokenize(std::string_view text, std::size_t maxBytes)
{
    TokenizedText out;
    tokenize(text, maxBytes, out);
    return out;
}

void Tokenizer::tokenize(std::string_view text, std::size_t maxBytes, TokenizedText &out)
{
    out.tokens.clear();
    out.language = Language::En;
    out.exclamations = out.questions = out.capsWords = 0;
    if (text.size() > maxBytes) {
        // Cut at a character boundary; the rest is not analysed (logs and pasted dumps).
        std::size_t cut = maxBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut);
    }
    out.analysedBytes = text.size();
    out.tokens.reserve(text.size() / 6 + 4);
    Scanner(text, out).run();
    markNegation(out.tokens);
    out.language = guessLanguage(out.tokens);
}

} // namespace cosmicdesk::triage
