// libFuzzer target: the tokenizer and the UTF-8 helpers must take any bytes, stay inside the input,
// and produce valid UTF-8 tokens.
#include <triage/tokenizer.h>
#include <triage/utf8.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool ok)
{
    if (!ok)
        std::abort();
}

// Well-formed UTF-8 (NUL included): every sequence decodes, and U+FFFD only where it was written.
bool validUtf8(std::string_view s)
{
    using namespace cosmicdesk::triage;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        if (utf8::next(s, i) == utf8::kReplacement && s.substr(start, i - start) != "\xEF\xBF\xBD")
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace cosmicdesk::triage;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    // A small limit too, so that the cut at the limit is exercised on every input.
    for (std::size_t limit : {Tokenizer::kDefaultMaxBytes, std::size_t(64)}) {
        const TokenizedText t = Tokenizer::tokenize(text, limit);
        require(t.analysedBytes <= std::min(limit, size));
        require(t.exclamations >= 0 && t.exclamations <= 1000);
        std::uint32_t previousEnd = 0;
        for (const Token &tok : t.tokens) {
            require(tok.begin < tok.end && tok.end <= t.analysedBytes && tok.begin >= previousEnd);
            require(validUtf8(tok.text));
            previousEnd = tok.end;
        }
    }
    require(validUtf8(utf8::fold(text)));
    require(validUtf8(utf8::sanitize(text)));
    const std::string ex = utf8::excerpt(text);
    require(ex.size() == size && validUtf8(ex));
    require(validUtf8(utf8::clip(text, 50)) && utf8::clip(text, 50).size() <= 50);
    return 0;
}
