#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace cosmicdesk::triage {

class LinearModel;

// The weights of the engine's heads (priority, team, category) side by side, one 64-byte row per
// feature bucket in 16-bit fixed point, each head's row mean included, and rows only for the
// buckets some head has a weight for (a few thousand of the 2^18): a bucket's row is found through
// a 16-bit index. Scoring a ticket and finding the words behind each suggestion then touch about a
// megabyte, which stays in the L2 cache, where the dense float models read 23 MB, one line per head
// per feature and another for the mean. The float models stay the reference for training and
// files; this is a read-only copy, exact to 1/32767 of each head's largest weight.
class PackedHeads
{
public:
    PackedHeads() = default;
    // Every head must use the same hash bits. Empty when `heads` is.
    explicit PackedHeads(const std::vector<const LinearModel *> &heads);

    std::size_t headCount() const { return m_heads.size(); }

    // For every head h: out[h][c] += scale[h] × Σ weight(bucket, c) over the buckets.
    void addWeights(const std::vector<std::uint32_t> &buckets, const float *scale, float *const *out) const;
    // How much a bucket favours class `cls` of head `head` over that head's average class.
    float lift(std::uint32_t bucket, std::size_t head, std::size_t cls) const
    {
        const std::int16_t *r = row(bucket);
        const Head &h = m_heads[head];
        return static_cast<float>(r[h.offset + cls] - r[h.meanSlot]) * h.unit;
    }
    // Lifts of one bucket for several (head, class) pairs at once: one row read.
    const std::int16_t *row(std::uint32_t bucket) const { return rowAt(rowIndex(bucket)); }
    // Row 0 is the zero row: no head has a weight for the bucket.
    std::size_t rowIndex(std::uint32_t bucket) const
    {
        return m_wideIndex.empty() ? m_index[bucket & m_mask] : m_wideIndex[bucket & m_mask];
    }
    const std::int16_t *rowAt(std::size_t index) const { return m_rows.data() + index * m_stride; }
    std::size_t rowCount() const { return m_stride ? m_rows.size() / m_stride : 0; } // the zero row included
    float unit(std::size_t head) const { return m_heads[head].unit; }
    std::size_t offset(std::size_t head) const { return m_heads[head].offset; }
    std::size_t meanSlot(std::size_t head) const { return m_heads[head].meanSlot; }

private:
    struct Head
    {
        std::size_t offset = 0, classes = 0, meanSlot = 0;
        float unit = 0; // the weight one step of the fixed point stands for
    };
    // Rows start on cache lines.
    template <typename T> struct LineAllocator
    {
        using value_type = T;
        LineAllocator() = default;
        template <typename U> LineAllocator(const LineAllocator<U> &) {}
        T *allocate(std::size_t n) { return static_cast<T *>(::operator new (n * sizeof(T), std::align_val_t{64})); }
        void deallocate(T *p, std::size_t) { ::operator delete (p, std::align_val_t{64}); }
        bool operator==(const LineAllocator &) const { return true; }
    };
    std::vector<Head> m_heads;
    std::size_t m_stride = 0; // int16 values per bucket, a multiple of 32 (one 64-byte line)
    std::uint32_t m_mask = 0;
    std::vector<std::uint16_t> m_index;     // bucket → row (row 0 is all zeros)
    std::vector<std::uint32_t> m_wideIndex; // the same when there are more than 65,535 rows
    std::vector<std::int16_t, LineAllocator<std::int16_t>> m_rows;
};

} // namespace cosmicdesk::triage
