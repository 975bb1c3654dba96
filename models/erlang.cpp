#include "erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cosmicdesk::models {

namespace {

// Erlang B by its recurrence B(k) = A·B(k-1) / (k + A·B(k-1)): every step is a ratio below 1, so
// there is no factorial to overflow however many agents there are.
double erlangB(int agents, double traffic)
{
    double b = 1.0;
    for (int k = 1; k <= agents; ++k)
        b = traffic * b / (k + traffic * b);
    return b;
}

// P(Poisson(m) <= n) by summing its terms upwards; for small n only.
double poissonLowerSum(qint64 n, double m)
{
    double term = std::exp(-m), sum = term;
    for (qint64 i = 1; i <= n; ++i) {
        term *= m / static_cast<double>(i);
        sum += term;
    }
    return std::min(sum, 1.0);
}

// P(Poisson(m) >= n) without cancellation when it is small: the terms from n upwards.
double poissonUpperSum(qint64 n, double m)
{
    if (n <= 0)
        return 1.0;
    if (m > static_cast<double>(n))
        return 1.0 - poissonLowerSum(n - 1, m);
    double term = std::exp(-m + static_cast<double>(n) * std::log(m) - std::lgamma(static_cast<double>(n) + 1.0));
    double sum = term;
    for (qint64 i = n + 1; term > sum * 1e-17 && i < n + 100000; ++i) {
        term *= m / static_cast<double>(i);
        sum += term;
    }
    return std::min(sum, 1.0);
}

// P(Gamma(shape, 1) > x) by the Wilson–Hilferty cube-root normal approximation (within about 1e-3
// for shape >= 30, a few per cent near shape 1).
double gammaTailApprox(double shape, double x)
{
    if (x <= 0)
        return 1.0;
    const double z = (std::cbrt(x / shape) - (1.0 - 1.0 / (9.0 * shape))) * 3.0 * std::sqrt(shape);
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

constexpr qint64 kExactShapes = 64; // Erlang sums are exact up to this shape, approximated beyond

// P(Gamma(n, rate) > t) for a whole n: P(Poisson(rate·t) <= n - 1).
double erlangTail(qint64 n, double rate, double t)
{
    if (n <= 0)
        return 0.0;
    if (t <= 0)
        return 1.0;
    const double x = rate * t;
    return n <= kExactShapes ? poissonLowerSum(n - 1, x) : gammaTailApprox(static_cast<double>(n), x);
}

} // namespace

double ErlangC::waitProbability(int agents) const
{
    const double a = trafficErlangs();
    if (a <= 0)
        return 0.0;
    if (agents <= a)
        return 1.0;
    const double b = erlangB(agents, a);
    return agents * b / (agents - a * (1.0 - b));
}

double ErlangC::serviceLevel(int agents, double answerSecs) const
{
    const double a = trafficErlangs();
    if (a <= 0)
        return 1.0;
    if (agents <= a || handlingSecs <= 0)
        return 0.0;
    return 1.0 - waitProbability(agents) * std::exp(-(agents - a) * answerSecs / handlingSecs);
}

double ErlangC::averageWait(int agents) const
{
    const double a = trafficErlangs();
    if (a <= 0)
        return 0.0;
    if (agents <= a)
        return std::numeric_limits<double>::infinity();
    return waitProbability(agents) * handlingSecs / (agents - a);
}

int ErlangC::agentsFor(double target, double answerSecs, int maxAgents) const
{
    const double a = trafficErlangs();
    if (a <= 0)
        return 0;
    // Service level rises with every agent above the traffic: walk up from the first stable count.
    for (int c = std::max(1, static_cast<int>(std::floor(a)) + 1); c <= maxAgents; ++c)
        if (serviceLevel(c, answerSecs) >= target)
            return c;
    return maxAgents;
}

double breachProbability(qint64 ahead, int agents, double handlingSecs, double secs, bool includeOwnHandling)
{
    if (secs <= 0)
        return 1.0;
    if (handlingSecs <= 0)
        return 0.0;
    const int c = std::max(agents, 1);
    const double mu = 1.0 / handlingSecs;
    // Completions needed before an agent is free for this ticket: the `ahead` tickets fill the c
    // agents first, then each completion frees one.
    const qint64 j = std::max<qint64>(0, ahead - c + 1);
    const double lambda = c * mu; // completions per second with every agent busy
    if (!includeOwnHandling)
        return erlangTail(j, lambda, secs);
    if (j == 0)
        return std::exp(-mu * secs);
    if (c == 1)
        return erlangTail(j + 1, mu, secs);
    if (j <= kExactShapes) {
        // Wait T ~ Gamma(j, cμ) plus handling S ~ Exp(μ):
        // P(T + S > t) = P(T > t) + e^(-μt) (c/(c-1))^j P(Gamma(j, (c-1)μ) <= t).
        const double beta = lambda - mu;
        const double upper = poissonUpperSum(j, beta * secs);
        const double logTerm = -mu * secs + static_cast<double>(j) * std::log(static_cast<double>(c) / (c - 1)) + std::log(upper);
        const double p = erlangTail(j, lambda, secs) + (upper > 0 ? std::exp(logTerm) : 0.0);
        return std::clamp(p, 0.0, 1.0);
    }
    // Many ahead: a Gamma with the same mean and variance as T + S.
    const double mean = static_cast<double>(j) / lambda + handlingSecs;
    const double var = static_cast<double>(j) / (lambda * lambda) + handlingSecs * handlingSecs;
    const double shape = mean * mean / var;
    return std::clamp(gammaTailApprox(shape, secs * mean / var), 0.0, 1.0);
}

} // namespace cosmicdesk::models
