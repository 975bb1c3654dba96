#pragma once

#include <QtGlobal>

namespace cosmicdesk::models {

// What agents did with the engine's drafted replies (triage_decisions rows of field "draft"):
// kept as drafted, kept after editing, or thrown away (kept empty).
struct DraftOutcomes
{
    qint64 unchanged = 0;
    qint64 edited = 0;
    qint64 discarded = 0;

    qint64 total() const { return unchanged + edited + discarded; }
};

} // namespace cosmicdesk::models
