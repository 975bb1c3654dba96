#pragma once

#include "tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace cosmicdesk::triage {

// Snowball stemming (libstemmer) for English, French, German and Spanish. Each thread keeps its own
// stemmers and a cache of recent words, so stemming is safe from any thread and cheap on repeats.
class Stemmer
{
public:
    // The stem of a folded word; words with digits or shorter than three letters come back unchanged.
    // The view stays valid until the next call on the same thread.
    static std::string_view stem(std::string_view folded, Language language);
    static std::string_view stem(std::string_view folded, std::uint64_t hash, Language language);
    // The same, with wordHash(stem) (cached with it).
    struct Stemmed
    {
        std::string_view stem;
        std::uint64_t hash;
    };
    static Stemmed stemHashed(std::string_view folded, std::uint64_t hash, Language language);
    // Only wordHash(stem), from a compact cache keyed by the word's 64-bit hash (the features' path:
    // one small slot per word instead of two strings).
    static std::uint64_t stemHash(std::string_view folded, std::uint64_t hash, Language language);
};

} // namespace cosmicdesk::triage
