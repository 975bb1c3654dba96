#include "rng.h"

#include <cmath>
#include <vector>

namespace cosmicdesk::sandbox {

namespace {
std::uint64_t splitmix(std::uint64_t &x)
{
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
} // namespace

Rng::Rng(std::uint64_t seed)
{
    for (auto &s : m_s)
        s = splitmix(seed);
}

Rng Rng::derive(std::uint64_t seed, std::uint64_t stream)
{
    std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    return Rng(splitmix(x));
}

std::uint64_t Rng::next()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

std::uint64_t Rng::below(std::uint64_t n)
{
    if (n <= 1)
        return 0;
    // Lemire's multiply-and-reject: unbiased and fast.
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = -n % n;
        while (low < threshold) {
            m = static_cast<unsigned __int128>(next()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Rng::range(std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double Rng::real()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

bool Rng::chance(double p)
{
    return real() < p;
}

double Rng::normal(double mean, double sd)
{
    // Box-Muller; one value per call keeps the stream simple to reason about.
    double u1 = real();
    if (u1 < 1e-300)
        u1 = 1e-300;
    const double u2 = real();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double Rng::logNormal(double mu, double sigma)
{
    return std::exp(normal(mu, sigma));
}

std::size_t Rng::weighted(std::span<const double> weights)
{
    double total = 0;
    for (double w : weights)
        total += w;
    double x = real() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return weights.size() - 1;
}

std::size_t Rng::weighted(std::initializer_list<double> weights)
{
    return weighted(std::span<const double>(weights.begin(), weights.size()));
}

std::string Rng::alnum(std::size_t n)
{
    static const char kChars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string s(n, '0');
    for (auto &c : s)
        c = kChars[below(62)];
    return s;
}

std::string Rng::digits(std::size_t n)
{
    std::string s(n, '0');
    for (auto &c : s)
        c = static_cast<char>('0' + below(10));
    return s;
}

} // namespace cosmicdesk::sandbox
