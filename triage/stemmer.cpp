#include "stemmer.h"

#include "flathash.h"

#include <libstemmer.h>

#include <memory>

namespace cosmicdesk::triage {

namespace {

struct StemmerDeleter
{
    void operator()(sb_stemmer *s) const { sb_stemmer_delete(s); }
};

struct CachedStem
{
    std::string word, stem;
    std::uint64_t stemHash = 0;
};

struct ThreadStemmers
{
    std::unique_ptr<sb_stemmer, StemmerDeleter> stemmers[4];
    FlatHashMap<CachedStem> cache[4];     // by wordHash of the word
    FlatHashMap<std::uint64_t> hashes[4]; // wordHash of the word → wordHash of its stem

    sb_stemmer *get(Language l)
    {
        auto &s = stemmers[static_cast<int>(l)];
        if (!s) {
            static constexpr const char *names[4] = {"english", "french", "german", "spanish"};
            s.reset(sb_stemmer_new(names[static_cast<int>(l)], "UTF_8"));
        }
        return s.get();
    }
};

thread_local ThreadStemmers t_stemmers;
constexpr std::size_t kCacheLimit = 50000;

} // namespace

std::string_view Stemmer::stem(std::string_view folded, Language language)
{
    return stem(folded, wordHash(folded), language);
}

std::string_view Stemmer::stem(std::string_view folded, std::uint64_t hash, Language language)
{
    return stemHashed(folded, hash, language).stem;
}

Stemmer::Stemmed Stemmer::stemHashed(std::string_view folded, std::uint64_t hash, Language language)
{
    if (folded.size() < 3 || folded.size() > 40)
        return {folded, hash};
    for (char c : folded)
        if (c >= '0' && c <= '9')
            return {folded, hash};
    auto &cache = t_stemmers.cache[static_cast<int>(language)];
    if (const CachedStem *hit = cache.find(hash); hit && sameWord(hit->word, folded))
        return {hit->stem, hit->stemHash};
    sb_stemmer *s = t_stemmers.get(language);
    if (!s)
        return {folded, hash};
    const sb_symbol *out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol *>(folded.data()), static_cast<int>(folded.size()));
    std::string stemmed =
        out ? std::string(reinterpret_cast<const char *>(out), static_cast<std::size_t>(sb_stemmer_length(s))) : std::string(folded);
    if (cache.size() >= kCacheLimit)
        cache.clear(); // a bounded cache: long-running processes see an open vocabulary
    const std::uint64_t stemHash = stemmed == folded ? hash : wordHash(stemmed);
    cache.insert(hash, CachedStem{std::string(folded), std::move(stemmed), stemHash});
    const CachedStem *kept = cache.find(hash);
    return {kept->stem, kept->stemHash};
}

std::uint64_t Stemmer::stemHash(std::string_view folded, std::uint64_t hash, Language language)
{
    auto &hashes = t_stemmers.hashes[static_cast<int>(language)];
    if (const std::uint64_t *hit = hashes.find(hash))
        return *hit;
    const std::uint64_t h = stemHashed(folded, hash, language).hash;
    if (hashes.size() >= kCacheLimit)
        hashes.clear();
    hashes.insert(hash, h);
    return h;
}

} // namespace cosmicdesk::triage
