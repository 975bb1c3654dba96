#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cosmicdesk::triage {

enum class Language : std::uint8_t { En, Fr, De, Es };
std::string_view languageCode(Language l); // "en", "fr", "de", "es"

// Typed tokens stand for a class of things whose exact value rarely matters to triage.
enum class TokenKind : std::uint8_t {
    Word,
    Number,
    Url,
    Email,
    OrderId,    // "#88120", or a number after "order", "commande", "pedido", "Bestellung"…
    TrackingId, // DHL (10 digits), UPU S10 (RR123456785SG), Ninja Van (NVSG…)
    PaymentId,  // Stripe ids: ch_, pi_, py_, re_, dp_, in_, cus_…
    Money,      // $49.00, €12, S$5, RM20…
    HttpError,  // 400-599 status codes
    Version,    // 3.2.1, v2.4
};
std::string_view tokenKindName(TokenKind k);

struct Token
{
    std::string text;        // folded: lower case, accents removed
    std::uint64_t hash = 0;  // wordHash(text) for words, wordHash("<kind>") for typed tokens
    std::uint32_t begin = 0; // byte span in the input
    std::uint32_t end = 0;
    TokenKind kind = TokenKind::Word;
    bool negated = false;          // inside the scope of a negation ("not", "pas", "nicht", "no"…)
    bool allCaps = false;          // written in capitals (two letters or more)
    bool stop = false;             // no triage signal: a function word, or a word of TicketText::names
    std::uint64_t stemHash = 0;    // for words that are not stopwords: wordHash of the Snowball stem (set by analyseTicket)
    char punctAfter = 0;           // the clause ends after this token: '.', '!', '?', ',', ';' or ':'
    std::uint8_t functionWord = 0; // what kind of function word (stopword, negator, contrast…), for the tokenizer
    static constexpr std::uint8_t kNotContraction = 64; // functionWord flag of "don't", "isn't", "cannot"…: a phrase's "not" matches it
    std::uint8_t languages = 0;                         // the languages a function word is a clue for, for the language guess
};

struct TokenizedText
{
    std::vector<Token> tokens;
    Language language = Language::En;
    int exclamations = 0; // capped at 1000
    int questions = 0;
    int capsWords = 0;
    std::size_t analysedBytes = 0; // texts longer than the limit are analysed up to it
};

// Splits text into folded tokens in one pass over the UTF-8 (invalid bytes and NULs act as spaces),
// marks negation scope and clause ends, and guesses the language from function words.
class Tokenizer
{
public:
    static constexpr std::size_t kDefaultMaxBytes = 100000;
    static TokenizedText tokenize(std::string_view text, std::size_t maxBytes = kDefaultMaxBytes);
    // The same into `out`, replacing what it held (its buffers are reused).
    static void tokenize(std::string_view text, std::size_t maxBytes, TokenizedText &out);
    // Function words of the four languages, which carry no triage signal.
    static bool isStopword(std::string_view folded);
};

} // namespace cosmicdesk::triage
