#pragma once

#include <QtGlobal>

namespace cosmicdesk::models {

// Erlang C for an M/M/c queue. Rates are per hour, times in seconds. Stable for hundreds of agents
// (iterative Erlang B, no factorials).
struct ErlangC
{
    double arrivalsPerHour = 0;
    double handlingSecs = 0;

    double trafficErlangs() const { return arrivalsPerHour * handlingSecs / 3600.0; }
    // Probability that a contact waits at all, with `agents` agents; 1 when agents <= traffic.
    double waitProbability(int agents) const;
    // Share of contacts answered within `answerSecs`.
    double serviceLevel(int agents, double answerSecs) const;
    // Mean wait in seconds (infinite when agents <= traffic).
    double averageWait(int agents) const;
    // The fewest agents reaching `target` service level within `answerSecs` (at most `maxAgents`,
    // which is returned when even that many do not suffice); 0 when there are no arrivals.
    int agentsFor(double target, double answerSecs, int maxAgents = 10000) const;
};

// The chance that a ticket with `ahead` workable tickets before it is not taken (or, with
// includeOwnHandling, not done) within `secs`, when `agents` agents each finish a ticket after an
// exponential time of mean `handlingSecs`: it is taken at the (ahead - agents + 1)-th completion of the
// agents working in parallel (a Gamma wait), then takes one more handling time (docs/overview.md).
double breachProbability(qint64 ahead, int agents, double handlingSecs, double secs, bool includeOwnHandling);

} // namespace cosmicdesk::models
