#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cosmicdesk::triage {

// Caps on the files the engine loads (profile, lexicon, knowledge base, model), checked before
// anything is built from them: a hostile or broken file gets a message, not a crash or an
// allocation of its choosing. The shipped files are a few hundred kilobytes at most.
inline constexpr std::size_t kMaxProfileBytes = std::size_t(8) << 20;
inline constexpr std::size_t kMaxLexiconBytes = std::size_t(16) << 20;
inline constexpr std::size_t kMaxKnowledgeBaseBytes = std::size_t(16) << 20;
inline constexpr std::size_t kMaxModelBytes = std::size_t(64) << 20;
// The largest of them: what a reader needs to read of a file (one byte more tells it is too large).
inline constexpr std::size_t kMaxResourceBytes = kMaxModelBytes;
// No file of ours nests deeper than a few levels.
inline constexpr int kMaxNesting = 32;

enum class DocumentFormat { Json, Cbor };

// Parses a JSON text or CBOR bytes of at most maxBytes nesting at most kMaxNesting arrays and
// objects. The size and the depth are checked before the document is built (by a SAX pass, which
// stops at the first level too deep: nlohmann's CBOR reader recurses once per level). nullopt with
// `error` set ("is 70 MB, larger than the 64 MB allowed", "nests deeper than 32 levels") otherwise.
std::optional<nlohmann::json> parseBounded(std::string_view bytes, DocumentFormat format, std::size_t maxBytes, std::string &error);

} // namespace cosmicdesk::triage
