#include <models/erlang.h>

#include <QTest>

#include <cmath>

using namespace cosmicdesk::models;

// Reference values: the textbook Erlang C formula
//   C(c, A) = (A^c / c!) · c/(c−A) / (Σ_{k<c} A^k/k! + (A^c / c!) · c/(c−A)),   SL(t) = 1 − C·e^{−(c−A)t/AHT}
// evaluated in exact rational arithmetic (Python fractions) for these cases. C(6, 5) = 0.5875 is the
// value printed in the usual Erlang C tables (A = 5 Erlangs, 6 agents).
class ErlangTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void waitProbability_matchesTheTable()
    {
        const ErlangC e{100, 180}; // 100 tickets/h, 3 min each: 5 Erlangs
        QCOMPARE(e.trafficErlangs(), 5.0);
        QVERIFY(std::abs(e.waitProbability(6) - 0.587516) < 1e-5);
        QVERIFY(std::abs(e.waitProbability(7) - 0.324150) < 1e-5);
        QVERIFY(std::abs(e.waitProbability(8) - 0.167267) < 1e-5);
        QVERIFY(std::abs(ErlangC{360, 240}.waitProbability(30) - 0.172862) < 1e-5);
        QVERIFY(std::abs(ErlangC{720, 300}.waitProbability(65) - 0.420072) < 1e-5);
    }
    void serviceLevel_andAverageWait()
    {
        const ErlangC e{100, 180};
        QVERIFY(std::abs(e.serviceLevel(6, 20) - 0.474267) < 1e-5);
        QVERIFY(std::abs(e.serviceLevel(7, 20) - 0.740441) < 1e-5);
        QVERIFY(std::abs(e.serviceLevel(8, 20) - 0.880148) < 1e-5);
        QVERIFY(std::abs(e.averageWait(6) - 105.753) < 1e-2);
        QVERIFY(std::abs(ErlangC{720, 300}.serviceLevel(65, 30) - 0.745213) < 1e-5);
    }
    void tooFewAgents_alwaysWait()
    {
        const ErlangC e{100, 180};
        QCOMPARE(e.waitProbability(5), 1.0);
        QCOMPARE(e.serviceLevel(4, 20), 0.0);
        QVERIFY(std::isinf(e.averageWait(5)));
    }
    void agentsFor_isTheFewestMeetingTheTarget()
    {
        const ErlangC e{100, 180};
        QCOMPARE(e.agentsFor(0.80, 20), 8); // 7 give 74 %, 8 give 88 %
        QCOMPARE(e.agentsFor(0.70, 20), 7);
        QCOMPARE((ErlangC{0, 180}.agentsFor(0.8, 20)), 0);
    }
    void hundredsOfAgents_stayFinite()
    {
        // A = 180 Erlangs, 200 agents: C = 0.094471 (exact rational evaluation); no factorial overflow.
        const ErlangC e{3600, 180};
        QVERIFY(std::abs(e.waitProbability(200) - 0.0944712) < 1e-6);
        const int needed = e.agentsFor(0.8, 20);
        QVERIFY(needed > 180 && needed < 200);
        QVERIFY(e.serviceLevel(needed, 20) >= 0.8);
        QVERIFY(e.serviceLevel(needed - 1, 20) < 0.8);
    }
    void breachProbability_growsWithTheQueueAndShrinksWithTimeLeft()
    {
        for (bool own : {false, true}) {
            double last = -1;
            for (qint64 ahead : {0, 5, 10, 20, 40, 70, 100, 300, 1000, 5000}) {
                const double p = breachProbability(ahead, 10, 600, 3600, own);
                QVERIFY2(p >= last - 1e-9, qPrintable(QStringLiteral("ahead %1 own %2: %3 < %4").arg(ahead).arg(own).arg(p).arg(last)));
                QVERIFY(p >= 0 && p <= 1);
                last = p;
            }
            last = 2;
            for (double left : {60.0, 600.0, 1800.0, 3600.0, 7200.0, 36000.0, 360000.0}) {
                const double p = breachProbability(200, 10, 600, left, own);
                QVERIFY2(p <= last + 1e-9, qPrintable(QStringLiteral("left %1 own %2: %3 > %4").arg(left).arg(own).arg(p).arg(last)));
                last = p;
            }
        }
        QCOMPARE(breachProbability(3, 10, 600, 0, true), 1.0);
    }
    void breachProbability_exactCases()
    {
        // A free agent and no queue: only the ticket's own handling, P(Exp(600 s) > 600 s) = e^-1.
        QVERIFY(std::abs(breachProbability(0, 4, 600, 600, true) - std::exp(-1.0)) < 1e-12);
        // One agent, one ahead: taken after one completion, done after two: Erlang(2, 1/600) tail
        // at 600 s = e^-1 (1 + 1).
        QVERIFY(std::abs(breachProbability(1, 1, 600, 600, true) - 2 * std::exp(-1.0)) < 1e-12);
        // Two agents, three ahead: taken at the 2nd completion of two servers (rate 2/600), without
        // its own handling: P(Poisson(2) <= 1) = 3 e^-2.
        QVERIFY(std::abs(breachProbability(3, 2, 600, 600, false) - 3 * std::exp(-2.0)) < 1e-12);
        // The same with its own handling: P(T + S > t) with T ~ Gamma(2, 2μ), S ~ Exp(μ), μt = 1:
        // 3e^-2 + e^-1 · 4 · P(Poisson(1) >= 2) = 3e^-2 + 4e^-1(1 − 2e^-1).
        const double expected = 3 * std::exp(-2.0) + 4 * std::exp(-1.0) * (1 - 2 * std::exp(-1.0));
        QVERIFY(std::abs(breachProbability(3, 2, 600, 600, true) - expected) < 1e-12);
    }
};

QTEST_APPLESS_MAIN(ErlangTest)
#include "erlang_test.moc"
