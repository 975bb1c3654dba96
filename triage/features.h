#pragma once

#include "analysedticket.h"
#include "tokenizer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cosmicdesk::triage {

struct FeatureOptions
{
    int hashBits = 18; // 2^18 buckets
    bool bigrams = true;
    bool stemming = true;
};

// A ticket as the models see it: hashed feature buckets (sorted, unique), and for each feature the
// tokens that produced it, so a suggestion can say which words moved it.
struct FeatureSet
{
    struct Origin
    {
        std::uint32_t bucket;
        std::uint16_t first, last; // token range, inclusive
        bool subject;              // tokens of the subject, else of the body
        bool meta;                 // channel, language, MRR…: no tokens
        std::string_view label;    // for meta features: what it is ("channel:chat")
    };
    std::vector<std::uint32_t> buckets;
    std::vector<Origin> origins;
};

class FeatureExtractor
{
public:
    explicit FeatureExtractor(FeatureOptions options = {});
    const FeatureOptions &options() const { return m_options; }
    std::uint32_t bucketCount() const { return 1u << m_options.hashBits; }

    FeatureSet extract(const AnalysedTicket &ticket) const;
    // The same into `out`, replacing what it held (its buffers are reused).
    void extract(const AnalysedTicket &ticket, FeatureSet &out) const;

    static std::uint64_t hash(std::string_view s, std::uint64_t seed = 1469598103934665603ull);
    static bool isStopword(std::string_view folded);

private:
    std::uint32_t bucketOf(std::string_view key) const;
    FeatureOptions m_options;
};

} // namespace cosmicdesk::triage
