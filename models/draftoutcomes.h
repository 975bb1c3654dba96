#pragma once

#include <QtGlobal>

#include <vector>

namespace cosmicdesk::models {

// What agents did with the engine's drafted replies (triage_decisions rows of field "draft"):
// kept as drafted, kept after editing, or thrown away (kept empty).
inline constexpr std::size_t kDraftOutcomeIds = 5000;

struct DraftOutcomes
{
    qint64 unchanged = 0;
    qint64 edited = 0;
    qint64 discarded = 0;
    // The tickets of each (at most kDraftOutcomeIds each, newest decision first), for click-through.
    std::vector<qint64> unchangedIds, editedIds, discardedIds;

    qint64 total() const { return unchanged + edited + discarded; }
};

} // namespace cosmicdesk::models
