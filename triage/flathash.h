#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

namespace cosmicdesk::triage {

// FNV-1a over a word: every token is hashed once when it is made (Token::hash) and the same value
// keys the stopword set, the phrase matcher and the stem cache.
constexpr std::uint64_t kWordHashSeed = 1469598103934665603ull;
constexpr std::uint64_t wordHashStep(std::uint64_t h, unsigned char c)
{
    return (h ^ c) * 1099511628211ull;
}
constexpr std::uint64_t wordHashFinish(std::uint64_t h)
{
    return h ^ (h >> 29);
}
inline std::uint64_t wordHash(std::string_view s)
{
    std::uint64_t h = kWordHashSeed;
    for (unsigned char c : s)
        h = wordHashStep(h, c);
    return wordHashFinish(h);
}

// Equality of two short words (most are under 16 bytes) without a call into memcmp.
inline bool sameWord(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

// An open-addressing map from 64-bit keys to values in one flat array, at most half full, with
// linear probing: one probe, usually one cache line. Keys are word hashes (callers that cannot afford
// a false hit check the word itself) or ids (models' IdIndex); Fibonacci hashing spreads sequential
// keys across the table.
template <typename Value> class FlatHashMap
{
public:
    void insert(std::uint64_t key, Value value)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        Slot &s = m_slots[slotOf(key)];
        if (!s.used)
            ++m_size;
        s = Slot{key, std::move(value), true};
    }
    const Value *find(std::uint64_t key) const
    {
        if (m_slots.empty())
            return nullptr;
        const Slot &s = m_slots[slotOf(key)];
        return s.used ? &s.value : nullptr;
    }
    Value *find(std::uint64_t key)
    {
        if (m_slots.empty())
            return nullptr;
        Slot &s = m_slots[slotOf(key)];
        return s.used ? &s.value : nullptr;
    }
    std::size_t size() const { return m_size; }
    void clear()
    {
        m_slots.clear();
        m_size = 0;
        m_shift = 64;
    }

private:
    struct Slot
    {
        std::uint64_t key = 0;
        Value value{};
        bool used = false;
    };
    std::size_t slotOf(std::uint64_t key) const
    {
        const std::size_t mask = m_slots.size() - 1;
        std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> m_shift);
        while (m_slots[i].used && m_slots[i].key != key)
            i = (i + 1) & mask;
        return i;
    }
    void grow() { rehash(m_slots.empty() ? 64 : m_slots.size() * 2); }
    void rehash(std::size_t slots)
    {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.resize(slots);
        m_shift = 64 - std::countr_zero(slots); // the top bits of the product index the table
        for (Slot &s : old)
            if (s.used)
                m_slots[slotOf(s.key)] = std::move(s);
    }

    std::vector<Slot> m_slots;
    std::size_t m_size = 0;
    int m_shift = 64;
};

} // namespace cosmicdesk::triage
