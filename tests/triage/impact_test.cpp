#include <triage/analysedticket.h>
#include <triage/impact.h>
#include <triage/phrasematcher.h>

#include <QTest>

using namespace cosmicdesk::triage;

namespace {

using Kind = ImpactAnalyser::HitKind;

ImpactConfig config()
{
    ImpactConfig c;
    c.entities = {"order*", "customer*", "agent*", "product*", "store*", "magasin*", "kunde*"};
    c.largeCount = 25;
    c.smallCount = 15;
    c.largePercent = 30;
    c.largeMoney = 5000;
    c.largePhrases = {"hundreds of"};
    c.smallPhrases = {"a few"};
    c.allWords = {"every", "all"};
    c.fractionLeadWords = {"out"};
    c.fractionWords = {"of", "sur"};
    c.fractionDeterminers = {"our", "nos"};
    c.statusWords = {"http", "error"};
    c.shareWords = {"of", "des"};
    return c;
}

// The analysis of a ticket body, with the hits the engine's matcher would hand it (the priority
// rules' phrases given apart).
struct Run
{
    TicketText text;
    AnalysedTicket analysed;
    ImpactAnalyser::Finding finding;
};

std::unique_ptr<Run> run(const ImpactConfig &c, const std::string &body, const std::vector<std::string> &rulePhrases = {})
{
    auto r = std::make_unique<Run>();
    r->text.body = body;
    r->analysed = analyseTicket(r->text, 1000000);
    PhraseMatcher m;
    const std::pair<const std::vector<std::string> *, Kind> lists[] = {{&c.entities, Kind::Entity},
                                                                       {&c.allWords, Kind::All},
                                                                       {&c.largePhrases, Kind::LargePhrase},
                                                                       {&c.smallPhrases, Kind::SmallPhrase},
                                                                       {&rulePhrases, Kind::PriorityRule}};
    for (const auto &[list, kind] : lists)
        for (const auto &p : *list)
            m.add(p, static_cast<int>(kind));
    std::vector<PhraseMatcher::Match> matches;
    m.find(r->analysed.body.tokens, matches);
    std::vector<ImpactAnalyser::Hit> hits;
    for (const auto &x : matches)
        hits.push_back({static_cast<Kind>(x.payload), false, x.negated, x.first, x.last});
    r->finding = ImpactAnalyser(c).analyse(r->analysed, hits);
    return r;
}

} // namespace

class ImpactTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countedThings_largeOrSmall()
    {
        const ImpactConfig c = config();
        auto many = run(c, "Checkout fails, 60 customers cannot pay.");
        QVERIFY(many->finding.large);
        QCOMPARE(many->finding.largestCount, 60.0);
        QCOMPARE(many->finding.evidence, std::string("60 customers affected"));
        auto few = run(c, "3 orders are late.");
        QVERIFY(!few->finding.large && few->finding.small);
        QCOMPARE(few->finding.evidence, std::string("3 orders affected"));
        // A number and an entity in different clauses count nothing.
        auto apart = run(c, "We called 60 times. Customers are upset.");
        QVERIFY(!apart->finding.large && !apart->finding.small);
    }
    void fraction_isAShareOfTheWhole()
    {
        const ImpactConfig c = config();
        auto share = run(c, "4 of our 10 agents cannot log in");
        QCOMPARE(share->finding.largestPercent, 40.0);
        QVERIFY(share->finding.large);
        QCOMPARE(share->finding.largestCount, 0.0); // the 10 is how many there are, not how many are hit
        QCOMPARE(share->finding.evidence, std::string("4 of our 10 agents affected"));
        QCOMPARE(run(c, "3 out of 5 stores are offline")->finding.largestPercent, 60.0);
        QCOMPARE(run(c, "2 sur nos 10 magasins")->finding.largestPercent, 20.0);
    }
    void fractionWords_comeFromTheProfile()
    {
        ImpactConfig c = config();
        c.fractionWords.clear();
        QCOMPARE(run(c, "4 of our 10 agents cannot log in")->finding.largestPercent, 0.0);
    }
    void percent_isAShareOnlyOfSomething()
    {
        const ImpactConfig c = config();
        auto share = run(c, "About 40% of orders fail");
        QCOMPARE(share->finding.largestPercent, 40.0);
        QVERIFY(share->finding.large);
        QCOMPARE(share->finding.evidence, std::string("40% affected"));
        QCOMPARE(run(c, "Refunds rose by 40% last week")->finding.largestPercent, 0.0);
        QVERIFY(run(c, "15% des commandes")->finding.small);
    }
    void statusCode_isNotACount()
    {
        const ImpactConfig c = config();
        QCOMPARE(run(c, "error 500 orders page")->finding.largestCount, 0.0);
        QCOMPARE(run(c, "500 orders failed")->finding.largestCount, 500.0);
    }
    void everythingOfAKind_isLarge_unlessARuleCountedIt()
    {
        const ImpactConfig c = config();
        auto all = run(c, "The page fails for every product");
        QVERIFY(all->finding.large);
        QCOMPARE(all->finding.evidence, std::string("every product"));
        QVERIFY(!run(c, "The page fails for every product", {"every product"})->finding.large);
        QVERIFY(!run(c, "Every day. Products load")->finding.large); // another clause
    }
    void phrasesAndMoney()
    {
        const ImpactConfig c = config();
        auto large = run(c, "hundreds of parcels are stuck, a few refunds too");
        QVERIFY(large->finding.large);
        QCOMPARE(large->finding.evidence, std::string("hundreds of"));
        QVERIFY(run(c, "a few parcels are stuck")->finding.small);
        auto money = run(c, "S$18,420 is held and $20 more");
        QVERIFY(money->finding.moneyAtStake);
        QCOMPARE(money->finding.largestMoney, 18420.0);
        QCOMPARE(money->finding.moneyText, std::string("S$18,420"));
        QVERIFY(!run(c, "$49.00 was charged twice")->finding.moneyAtStake);
    }
    void cost_isLinearInTheText()
    {
        // One sentence with every kind of hit, repeated: ten times the text may cost ten times the
        // work, not a hundred (the rule-hit loops were nested: 2.2 s for 100 kB of one sentence).
        const ImpactConfig c = config();
        const std::string sentence = "5 orders failed for every product, 10% of customers and all agents saw a few errors. ";
        auto work = [&](int times) {
            std::string body;
            for (int i = 0; i < times; ++i)
                body += sentence;
            return run(c, body, {"every product"})->finding.hitsExamined;
        };
        const std::size_t small = work(100), large = work(1000);
        QVERIFY(small > 0);
        QVERIFY2(large <= 11 * small, qPrintable(QStringLiteral("%1 hits examined for 100 sentences, %2 for 1000").arg(small).arg(large)));
    }
};

QTEST_APPLESS_MAIN(ImpactTest)
#include "impact_test.moc"
