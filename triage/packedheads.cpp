#include "packedheads.h"

#include "linearmodel.h"

#include <algorithm>
#include <cmath>

namespace cosmicdesk::triage {

PackedHeads::PackedHeads(const std::vector<const LinearModel *> &heads)
{
    if (heads.empty())
        return;
    const int bits = heads.front()->hashBits();
    std::size_t slots = 0;
    for (const LinearModel *m : heads) {
        Head h;
        h.offset = slots;
        h.classes = m->classCount();
        slots += h.classes;
        m_heads.push_back(h);
    }
    for (Head &h : m_heads)
        h.meanSlot = slots++;
    m_stride = (slots + 31) / 32 * 32;
    const std::size_t buckets = std::size_t(1) << bits;
    m_mask = static_cast<std::uint32_t>(buckets - 1);

    // Which buckets carry a weight in any head, the row each gets (0: none), and each head's
    // largest weight (the fixed point's scale), in one pass.
    std::vector<std::uint32_t> rowOf(buckets, 0);
    std::vector<float> largest(heads.size(), 0.0f);
    std::uint32_t rows = 1;
    for (std::size_t b = 0; b < buckets; ++b) {
        bool any = false;
        for (std::size_t hi = 0; hi < heads.size(); ++hi) {
            if (heads[hi]->hashBits() != bits)
                continue;
            for (std::size_t c = 0; c < m_heads[hi].classes; ++c) {
                const float w = std::abs(heads[hi]->weight(static_cast<std::uint32_t>(b), c));
                any = any || w != 0.0f;
                largest[hi] = std::max(largest[hi], w);
            }
        }
        if (any)
            rowOf[b] = rows++;
    }
    if (rows <= 65536)
        m_index.assign(rowOf.begin(), rowOf.end());
    else
        m_wideIndex = std::move(rowOf);
    m_rows.assign(std::size_t(rows) * m_stride, 0);

    for (std::size_t hi = 0; hi < heads.size(); ++hi) {
        const LinearModel &m = *heads[hi];
        Head &h = m_heads[hi];
        if (h.classes == 0 || m.hashBits() != bits)
            continue;
        h.unit = largest[hi] > 0 ? largest[hi] / 32767.0f : 1.0f;
        const float steps = 1.0f / h.unit;
        auto quantise = [&](float w) {
            const float q = std::clamp(w * steps, -32767.0f, 32767.0f);
            return static_cast<std::int16_t>(q + (q >= 0 ? 0.5f : -0.5f)); // rounded to nearest
        };
        for (std::size_t b = 0; b < buckets; ++b) {
            const std::size_t ri = rowIndex(static_cast<std::uint32_t>(b));
            if (ri == 0)
                continue; // the shared zero row
            std::int16_t *r = m_rows.data() + ri * m_stride;
            float sum = 0;
            for (std::size_t c = 0; c < h.classes; ++c) {
                const float w = m.weight(static_cast<std::uint32_t>(b), c);
                sum += w;
                r[h.offset + c] = quantise(w);
            }
            r[h.meanSlot] = quantise(sum / static_cast<float>(h.classes));
        }
    }
}

void PackedHeads::addWeights(const std::vector<std::uint32_t> &buckets, const float *scale, float *const *out) const
{
    if (m_heads.empty())
        return;
    // Whole rows summed as integers (exact; the compiler vectorises the loop), turned into weights
    // once at the end. 32767 × 16384 rows stays within int32, so long texts flush in between.
    std::int32_t local[64];
    std::vector<std::int32_t> large;
    if (m_stride > 64)
        large.resize(m_stride);
    std::int32_t *acc = m_stride > 64 ? large.data() : local;
    auto flush = [&] {
        for (std::size_t hi = 0; hi < m_heads.size(); ++hi) {
            const Head &h = m_heads[hi];
            const float f = scale[hi] * h.unit;
            for (std::size_t c = 0; c < h.classes; ++c)
                out[hi][c] += f * static_cast<float>(acc[h.offset + c]);
        }
        std::fill(acc, acc + m_stride, 0);
    };
    std::fill(acc, acc + m_stride, 0);
    std::size_t pending = 0;
    for (std::uint32_t b : buckets) {
        const std::size_t ri = rowIndex(b);
        if (ri == 0)
            continue; // no head knows this feature
        const std::int16_t *r = rowAt(ri);
        if (m_stride == 32) {
            for (std::size_t c = 0; c < 32; ++c)
                acc[c] += r[c];
        } else {
            for (std::size_t c = 0; c < m_stride; ++c)
                acc[c] += r[c];
        }
        if (++pending == 16384) {
            flush();
            pending = 0;
        }
    }
    flush();
}

} // namespace cosmicdesk::triage
