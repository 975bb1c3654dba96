#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>

namespace cosmicdesk::sandbox {

// xoshiro256** seeded by splitmix64. Our own distributions (not <random>'s, which differ between
// standard libraries) so the same seed gives the same world everywhere.
class Rng
{
public:
    explicit Rng(std::uint64_t seed);
    // A child generator for a sub-world (an account, a ticket) that does not disturb this one.
    static Rng derive(std::uint64_t seed, std::uint64_t stream);

    std::uint64_t next();
    std::uint64_t below(std::uint64_t n);                 // uniform in [0, n)
    std::int64_t range(std::int64_t lo, std::int64_t hi); // uniform in [lo, hi]
    double real();                                        // [0, 1)
    bool chance(double p);
    double normal(double mean, double sd);
    double logNormal(double mu, double sigma);
    std::size_t weighted(std::span<const double> weights);
    std::size_t weighted(std::initializer_list<double> weights);

    template <typename T> const T &pick(std::span<const T> items) { return items[below(items.size())]; }
    template <typename C> const auto &pickOf(const C &items) { return items[below(items.size())]; }

    std::string alnum(std::size_t n); // base62
    std::string digits(std::size_t n);

private:
    std::uint64_t m_s[4];
};

} // namespace cosmicdesk::sandbox
