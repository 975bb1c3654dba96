#include "features.h"

#include "stemmer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace cosmicdesk::triage {

FeatureExtractor::FeatureExtractor(FeatureOptions options) : m_options(options)
{
    m_options.hashBits = std::clamp(m_options.hashBits, 10, 24);
}

std::uint64_t FeatureExtractor::hash(std::string_view s, std::uint64_t seed)
{
    // FNV-1a, then a final mix so that the low bits used as bucket are well spread.
    std::uint64_t h = seed;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

std::uint32_t FeatureExtractor::bucketOf(std::string_view key) const
{
    return static_cast<std::uint32_t>(hash(key) & ((1ull << m_options.hashBits) - 1));
}

namespace {

// Word features are keyed by the word hashes the tokenizer and the stemmer already made: a kind
// tag and one or two hashes mixed (murmur3's finaliser), no key string built per feature.
constexpr std::uint64_t kSubjectWord = 0x5ull, kBodyWord = 0x55ull, kBigram = 0xB1ull, kNegated = 0x100ull;

std::uint64_t mix(std::uint64_t tag, std::uint64_t a, std::uint64_t b = 0)
{
    std::uint64_t h = tag * 0x9E3779B97F4A7C15ull ^ a;
    h = (h ^ (h >> 31)) * 0xff51afd7ed558ccdull ^ b;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

} // namespace

bool FeatureExtractor::isStopword(std::string_view w)
{
    return Tokenizer::isStopword(w);
}

namespace {

std::string_view mrrBucket(double mrr)
{
    if (mrr <= 0)
        return "mrr:unknown";
    if (mrr < 300)
        return "mrr:<300";
    if (mrr < 1500)
        return "mrr:<1.5k";
    if (mrr < 8000)
        return "mrr:<8k";
    if (mrr < 25000)
        return "mrr:<25k";
    return "mrr:25k+";
}

} // namespace

FeatureSet FeatureExtractor::extract(const AnalysedTicket &t) const
{
    FeatureSet fs;
    extract(t, fs);
    return fs;
}

void FeatureExtractor::extract(const AnalysedTicket &t, FeatureSet &fs) const
{
    fs.origins.clear();
    fs.buckets.clear();
    fs.origins.reserve(t.subject.tokens.size() * 3 + t.body.tokens.size() * 2 + 8);
    std::string key;
    key.reserve(64);

    auto add = [&](std::string_view k, std::uint16_t first, std::uint16_t last, bool subject) {
        fs.origins.push_back({bucketOf(k), first, last, subject, false, {}});
    };
    const std::uint64_t mask = (1ull << m_options.hashBits) - 1;
    auto addHashed = [&](std::uint64_t h, std::uint16_t first, std::uint16_t last, bool subject) {
        fs.origins.push_back({static_cast<std::uint32_t>(h & mask), first, last, subject, false, {}});
    };
    auto addMeta = [&](std::string_view label) { fs.origins.push_back({bucketOf(label), 0, 0, false, true, label}); };

    auto addWords = [&](const TokenizedText &text, bool subject) {
        const auto &tokens = text.tokens;
        const std::size_t n = std::min<std::size_t>(tokens.size(), 65000);
        std::uint64_t prevHash = 0; // the previous content word's stem, for bigrams (0: none)
        bool prevNegated = false;
        for (std::size_t i = 0; i < n; ++i) {
            const Token &tok = tokens[i];
            const auto idx = static_cast<std::uint16_t>(i);
            if (tok.kind != TokenKind::Word) {
                key.assign("k");
                key += tokenKindName(tok.kind);
                add(key, idx, idx, subject);
                if (tok.kind == TokenKind::HttpError) {
                    key.assign("h");
                    key += tok.text.substr(0, 1);
                    key += "xx";
                    add(key, idx, idx, subject);
                    key.assign("h");
                    key += tok.text;
                    add(key, idx, idx, subject);
                }
                prevHash = 0;
                continue;
            }
            if (tok.stop || tok.text.size() > 40) {
                if (tok.punctAfter)
                    prevHash = 0;
                continue;
            }
            const std::uint64_t stem = m_options.stemming && tok.stemHash ? tok.stemHash : tok.hash;
            const std::uint64_t negated = tok.negated ? kNegated : 0;
            addHashed(mix((subject ? kSubjectWord : kBodyWord) | negated, stem), idx, idx, subject);
            if (subject) // subject words count as body words too, and once more for being in the subject
                addHashed(mix(kBodyWord | negated, stem), idx, idx, true);
            if (m_options.bigrams && prevHash)
                addHashed(mix(kBigram | (prevNegated ? kNegated : 0), prevHash, stem), static_cast<std::uint16_t>(i > 0 ? i - 1 : 0), idx,
                          subject);
            prevHash = stem;
            prevNegated = tok.negated;
            if (tok.punctAfter)
                prevHash = 0;
        }
    };
    addWords(t.subject, true);
    addWords(t.body, false);

    key.assign("c:");
    key += t.channel.empty() ? std::string_view("unknown") : std::string_view(t.channel);
    addMeta(key == "c:email"   ? "channel:email"
            : key == "c:chat"  ? "channel:chat"
            : key == "c:phone" ? "channel:phone"
            : key == "c:web"   ? "channel:web"
                               : "channel:other");
    addMeta(mrrBucket(t.mrr));
    const int excl = t.subject.exclamations + t.body.exclamations;
    addMeta(excl == 0 ? "exclamations:0" : excl < 3 ? "exclamations:1-2" : "exclamations:3+");
    const int caps = t.subject.capsWords + t.body.capsWords;
    addMeta(caps == 0 ? "capitals:0" : caps < 3 ? "capitals:1-2" : "capitals:3+");
    const std::size_t words = t.subject.tokens.size() + t.body.tokens.size();
    addMeta(words < 20 ? "length:short" : words < 80 ? "length:medium" : "length:long");

    fs.buckets.reserve(fs.origins.size());
    for (const auto &o : fs.origins)
        fs.buckets.push_back(o.bucket);
    std::sort(fs.buckets.begin(), fs.buckets.end());
    fs.buckets.erase(std::unique(fs.buckets.begin(), fs.buckets.end()), fs.buckets.end());
}

} // namespace cosmicdesk::triage
