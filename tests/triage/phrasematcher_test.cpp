#include <triage/phrasematcher.h>

#include <QTest>

using namespace cosmicdesk::triage;

namespace {

std::vector<PhraseMatcher::Match> matches(const PhraseMatcher &m, std::string_view text)
{
    std::vector<PhraseMatcher::Match> out;
    auto tokens = Tokenizer::tokenize(text).tokens;
    m.find(tokens, out);
    return out;
}

std::vector<int> payloads(const PhraseMatcher &m, std::string_view text)
{
    std::vector<int> out;
    for (const auto &x : matches(m, text))
        out.push_back(x.payload);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class PhraseMatcherTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exactWords_matchFoldedText()
    {
        PhraseMatcher m;
        QVERIFY(m.add("is down", 1) >= 0);
        QVERIFY(m.add("ne fonctionne plus", 2) >= 0);
        QCOMPARE(payloads(m, "The checkout IS DOWN for everyone"), std::vector<int>{1});
        QCOMPARE(payloads(m, "Le paiement ne fonctionne plus"), std::vector<int>{2});
        QVERIFY(payloads(m, "is it down?").empty());
    }

    void contractionsAndElisions_matchAsWritten()
    {
        PhraseMatcher m;
        QVERIFY(m.add("won't load", 1) >= 0);
        QVERIFY(m.add("can't log in", 2) >= 0);
        QVERIFY(m.add("n'arrive pas", 3) >= 0);
        QCOMPARE(payloads(m, "The dashboard won't load"), std::vector<int>{1});
        QCOMPARE(payloads(m, "The dashboard won’t load"), std::vector<int>{1});
        QCOMPARE(payloads(m, "I CAN'T LOG IN since Monday"), std::vector<int>{2});
        QCOMPARE(payloads(m, "Le colis n'arrive pas"), std::vector<int>{3});
        // A phrase's "not" is also the "n't" of a contraction.
        QVERIFY(m.add("not arrive", 4) >= 0);
        for (const char *text : {"the email did not arrive", "the email doesn't arrive", "the email didn’t arrive"})
            QVERIFY2(payloads(m, text) == std::vector<int>{4}, text);
        QVERIFY(payloads(m, "not only the email, the parcels arrive").empty());
    }

    void prefix_matchesEveryWordItBegins()
    {
        PhraseMatcher m;
        m.add("cancel* contract", 7);
        QCOMPARE(payloads(m, "we will cancel contract"), std::vector<int>{7});
        QCOMPARE(payloads(m, "cancellation contract attached"), std::vector<int>{7});
        QVERIFY(payloads(m, "cancel the contract").empty()); // no gap in this phrase
    }

    void gap_skipsUpToThreeWords()
    {
        PhraseMatcher m;
        m.add("cancel* ~ contract", 3);
        QCOMPARE(payloads(m, "we cancel our whole contract"), std::vector<int>{3});
        QCOMPARE(payloads(m, "cancel contract"), std::vector<int>{3});
        QVERIFY(payloads(m, "cancel one two three four contract").empty());
    }

    void matches_doNotCrossClauseEnds()
    {
        PhraseMatcher m;
        m.add("refund please", 1);
        m.add("cancel* ~ contract", 2);
        QVERIFY(payloads(m, "I want a refund. Please call").empty());
        QVERIFY(payloads(m, "Don't cancel. Our contract is fine").empty());
    }

    void typedTokens_matchByKind()
    {
        PhraseMatcher m;
        m.add("error <http_error>", 4);
        QCOMPARE(payloads(m, "the API returns error 503 on every call"), std::vector<int>{4});
        QVERIFY(payloads(m, "the API returns error codes").empty());
    }

    void negation_isReported()
    {
        PhraseMatcher m;
        m.add("urgent", 1);
        const auto hit = matches(m, "this is not urgent");
        QCOMPARE(hit.size(), std::size_t(1));
        QVERIFY(hit[0].negated);
        QVERIFY(!matches(m, "this is urgent")[0].negated);
        QCOMPARE(hit[0].first, hit[0].last);
    }

    void malformedPhrases_areRefused()
    {
        PhraseMatcher m;
        QCOMPARE(m.add("", 1), -1);
        QCOMPARE(m.add("   ", 1), -1);
        QCOMPARE(m.add("~ contract", 1), -1);
        QCOMPARE(m.size(), std::size_t(0));
    }

    void manyPhrases_sameStart_allFound()
    {
        PhraseMatcher m;
        m.add("charged twice", 1);
        m.add("charged", 2);
        m.add("charg*", 3);
        QCOMPARE(payloads(m, "I was charged twice"), (std::vector<int>{1, 2, 3}));
    }
};

QTEST_APPLESS_MAIN(PhraseMatcherTest)
#include "phrasematcher_test.moc"
