#include "defaultengine.h"

#include <triage/utf8.h>

#include <nlohmann/json.hpp>

#include <QTest>

#include <set>
#include <thread>

using namespace cosmicdesk::triage;

namespace {

std::unique_ptr<Engine> g_engine;

TicketText ticket(std::string subject, std::string body, double mrr = 500)
{
    TicketText t;
    t.id = "t1";
    t.subject = std::move(subject);
    t.body = std::move(body);
    t.channel = "email";
    t.mrr = mrr;
    return t;
}

// What every assessment must be, whatever the input: labels from the profile's vocabulary,
// probabilities that add up, scores in range, spans inside the text, valid UTF-8 everywhere.
void checkValid(const Assessment &a, const TicketText &t)
{
    const Profile &p = g_engine->profile();
    QVERIFY(static_cast<int>(a.priority.priority) <= 3);
    double sum = 0;
    for (double pr : a.priority.probabilities) {
        QVERIFY(pr >= 0 && pr <= 1);
        sum += pr;
    }
    QVERIFY(std::abs(sum - 1.0) < 1e-3);
    QVERIFY(std::find(p.teams.begin(), p.teams.end(), a.team.label) != p.teams.end());
    QVERIFY(std::find(p.categories.begin(), p.categories.end(), a.category.label) != p.categories.end());
    QVERIFY(parseSentiment(sentimentName(a.sentiment.label)) == a.sentiment.label);
    QVERIFY(a.guardian.score >= 0 && a.guardian.score <= 100);
    QCOMPARE(a.guardian.alert, a.guardian.level >= GuardianLevel::Alert);
    QVERIFY(a.opportunity.score >= 0 && a.opportunity.score <= 100);
    QVERIFY(parseDraftMode(draftModeName(a.draft.mode)) == a.draft.mode);
    auto checkEvidence = [&](const std::vector<Evidence> &list) {
        for (const auto &e : list) {
            QCOMPARE(utf8::sanitize(e.text), e.text);
            if (isTextSource(e.source)) {
                const std::string &text = e.source == EvidenceSource::Subject ? t.subject : t.body;
                QVERIFY(e.begin < e.end && e.end <= text.size());
            }
        }
    };
    checkEvidence(a.priority.evidence);
    checkEvidence(a.team.evidence);
    checkEvidence(a.category.evidence);
    checkEvidence(a.sentiment.evidence);
    QCOMPARE(utf8::sanitize(a.draft.text), a.draft.text);
    QCOMPARE(utf8::sanitize(a.priority.why), a.priority.why);
    // The result line serialises (nlohmann refuses invalid UTF-8).
    QVERIFY(!toResultJson(a).dump().empty());
}

bool hasSignal(const Assessment &a)
{
    return a.opportunity.alert && !a.opportunity.signals.empty();
}

} // namespace

class EngineTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto loaded = cosmicdesk::testsupport::loadDefaultEngine();
        if (auto *e = std::get_if<ConfigError>(&loaded))
            QFAIL(e->text().c_str());
        g_engine = std::get<std::unique_ptr<Engine>>(std::move(loaded));
    }
    void cleanupTestCase() { g_engine.reset(); }

    // Robustness: every input gets a valid assessment.
    void hostileInputs_getAValidAssessment_data()
    {
        QTest::addColumn<QByteArray>("subject");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QByteArray big;
        while (big.size() < 5 * 1024 * 1024)
            big += "Our webhooks are failing for every order since the update, please help. ";
        QTest::newRow("5 MB body") << QByteArray("Webhooks failing") << big;
        QTest::newRow("invalid UTF-8") << QByteArray("Refund \xff\xfe\xfd now")
                                       << QByteArray("\xc3\x28\xa0\xa1 charged twice \xed\xa0\x80 \xf4\x90\x80\x80");
        QTest::newRow("NUL bytes") << QByteArray("Charge\0back", 11) << QByteArray("I was\0\0 charged\0 twice", 22);
        QTest::newRow("10,000 exclamation marks") << QByteArray("HELP") << QByteArray(10000, '!');
        QTest::newRow("only digits") << QByteArray("123456") << QByteArray(5000, '7');
        QTest::newRow("one long word") << QByteArray("x") << QByteArray(300000, 'a');
        QTest::newRow("emoji and CJK") << QByteArray("😡😡😡 退款") << QByteArray("我的订单没有到 🙏 كيف حالك");
    }

    void hostileInputs_getAValidAssessment()
    {
        QFETCH(QByteArray, subject);
        QFETCH(QByteArray, body);
        const TicketText t = ticket(subject.toStdString(), body.toStdString());
        const Assessment a = g_engine->assess(t);
        checkValid(a, t);
    }

    void evidence_pointsAtTheTicketsOwnWords()
    {
        const TicketText t = ticket("Webhooks failing for all orders",
                                    "Since this morning every webhook returns error 500 and no order syncs to our ERP.", 12000);
        const Assessment a = g_engine->assess(t);
        checkValid(a, t);
        QVERIFY(!a.priority.evidence.empty());
        for (const auto &e : a.priority.evidence) {
            if (!isTextSource(e.source))
                continue;
            const std::string &text = e.source == EvidenceSource::Subject ? t.subject : t.body;
            QCOMPARE(utf8::fold(text.substr(e.begin, e.end - e.begin)), utf8::fold(e.text));
        }
        QVERIFY(a.priority.priority <= Priority::P1);
        QCOMPARE(a.team.label, std::string("Integrations & API"));
        QVERIFY2(a.priority.why.rfind("P", 0) == 0, a.priority.why.c_str());
    }

    void opportunity_understandsNegationPastAndTechnicalSenses_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("alert");
        QTest::newRow("quote for seats")
            << "Quote for 40 more seats"
            << "Could you send us a quote for 40 additional seats on the annual plan? We are opening two new stores." << true;
        QTest::newRow("upgrade request") << "Upgrade to Enterprise"
                                         << "We would like to upgrade to the Enterprise plan next month. What would it cost?" << true;
        QTest::newRow("negated") << "Billing question"
                                 << "We are not looking to upgrade at the moment, just tell me why the invoice changed." << false;
        QTest::newRow("past") << "Invoice"
                              << "We already moved to the annual plan last year, but the invoice still shows monthly." << false;
        QTest::newRow("technical") << "Webhooks broken"
                                   << "After the SDK upgrade the webhooks fail with a signature error." << false;
        QTest::newRow("french request") << "Devis"
                                        << "Pourriez-vous nous envoyer un devis pour 25 utilisateurs supplémentaires ?" << true;
    }

    void opportunity_understandsNegationPastAndTechnicalSenses()
    {
        QFETCH(QString, subject);
        QFETCH(QString, body);
        QFETCH(bool, alert);
        const Assessment a = g_engine->assess(ticket(subject.toStdString(), body.toStdString()));
        QVERIFY2(hasSignal(a) == alert, toFullJson(a)["opportunity"].dump().c_str());
    }

    void guardian_readsChurnLanguage_history_andMrr()
    {
        TicketText t = ticket(
            "Cancelling our contract",
            "This is the last straw. Third outage this month, we are moving to another provider and our lawyers will be in touch.", 20000);
        t.history = {{2, "outage", Sentiment::Frustrated}, {5, "outage", Sentiment::Aggressive}, {12, "bug_report", Sentiment::Frustrated}};
        Engine::Options o;
        o.kam = "Daniel Weber";
        const Assessment a = g_engine->assess(t, o);
        checkValid(a, t);
        QVERIFY2(a.guardian.level >= GuardianLevel::Alert, guardianLevelName(a.guardian.level).data());
        QVERIFY(a.guardian.alert);
        QVERIFY(a.guardian.reasons.size() >= 2);
        QVERIFY2(a.guardian.action.find("Daniel Weber") != std::string::npos, a.guardian.action.c_str());

        // The same words from a small account without history weigh less; a calm question, nothing.
        TicketText small = t;
        small.mrr = 30;
        small.history.clear();
        QVERIFY(g_engine->assess(small, o).guardian.score < a.guardian.score);
        const Assessment calm = g_engine->assess(ticket("Export question", "How do I export last month's orders to CSV? Thanks!"));
        QCOMPARE(calm.guardian.level, GuardianLevel::None);
    }

    void churnRisk_raisesPriority_andSaysSo()
    {
        // The same problem, once plainly and once from a customer who is leaving: churn risk is part
        // of what makes a P1 (here P1 and P2 end close, and the lower level wins a near tie).
        const TicketText plain = ticket("Invoice shows monthly billing",
                                        "Our invoice shows monthly billing, but we are on the annual plan. Could you correct it?", 2500);
        TicketText leaving = plain;
        leaving.body +=
            " This is the third time I ask. If it is not fixed this week we will cancel our contract and move to another provider.";
        const Assessment a = g_engine->assess(plain), b = g_engine->assess(leaving);
        QVERIFY(b.guardian.alert);
        const auto p1 = static_cast<std::size_t>(Priority::P1);
        QVERIFY2(b.priority.probabilities[p1] > a.priority.probabilities[p1] + 0.25, toFullJson(b)["priority"].dump().c_str());
        QVERIFY(!a.guardian.alert);

        // A problem with impact from a customer on the way out is a P1.
        const Assessment c = g_engine->assess(ticket("Orders not syncing again",
                                                     "Our orders stopped syncing to the warehouse again since this morning. Fourth ticket "
                                                     "about this. This is the last straw: we are cancelling our contract.",
                                                     4000));
        QVERIFY(c.guardian.alert);
        QVERIFY2(c.priority.priority == Priority::P1, toFullJson(c)["priority"].dump().c_str());
        QVERIFY2(std::any_of(c.priority.evidence.begin(), c.priority.evidence.end(),
                             [](const Evidence &e) { return e.text.rfind("churn risk", 0) == 0 && e.weight > 0; }),
                 toFullJson(c)["priority"].dump().c_str());
    }

    void impact_readsAShareWrittenAsAFraction()
    {
        // "4 of our 10 agents" is 40 % of the team, not ten things affected.
        const Assessment a = g_engine->assess(ticket("Agents cannot open tickets", "Since Monday 4 of our 10 agents can't open tickets."));
        const auto found = std::find_if(a.priority.evidence.begin(), a.priority.evidence.end(),
                                        [](const Evidence &e) { return e.text == "4 of our 10 agents affected"; });
        QVERIFY2(found != a.priority.evidence.end(), toFullJson(a)["priority"].dump().c_str());
        QVERIFY(a.priority.priority <= Priority::P1);
    }

    void questionRule_howToIsP3_butNotWhenSomethingIsWrong()
    {
        auto says = [](const Assessment &a) {
            return std::any_of(a.priority.evidence.begin(), a.priority.evidence.end(),
                               [](const Evidence &e) { return e.text == "a question, no problem reported"; });
        };
        const Assessment howTo =
            g_engine->assess(ticket("Rate limits", "Which rate limits apply to the bulk price endpoint? We plan a nightly import."));
        QVERIFY2(says(howTo), toFullJson(howTo)["priority"].dump().c_str());
        QCOMPARE(howTo.priority.priority, Priority::P3);
        // A question about something broken is no FAQ.
        const Assessment broken = g_engine->assess(
            ticket("Bulk endpoint", "The bulk price endpoint fails with error 500 for every request since this morning. Can you check?"));
        QVERIFY2(!says(broken), toFullJson(broken)["priority"].dump().c_str());
        QVERIFY(broken.priority.priority < Priority::P3);
        // No question asked: the rule stays out.
        QVERIFY(!says(g_engine->assess(ticket("Bulk endpoint", "We plan a nightly import with the bulk price endpoint."))));
    }

    void questionRule_seesProblems_inContractions_otherLanguages_andAfterANegation()
    {
        auto says = [](const Assessment &a) {
            return std::any_of(a.priority.evidence.begin(), a.priority.evidence.end(),
                               [](const Evidence &e) { return e.text == "a question, no problem reported"; });
        };
        // Each reports a problem and asks for help: none is a how-to.
        for (const auto &[subject, body] : std::vector<std::pair<std::string, std::string>>{
                 {"Dashboard", "The dashboard won't load since the update. Can you check?"},
                 {"Login", "The password reset email doesn't arrive and I'm locked out. Can you help?"},
                 {"Impossible de me connecter", "Je ne reçois pas le lien depuis ce matin. Pouvez-vous vérifier ?"},
                 {"Anmeldung", "Die Anmeldung funktioniert nicht mehr. Können Sie das prüfen?"}}) {
            const Assessment a = g_engine->assess(ticket(subject, body));
            QVERIFY2(!says(a), (body + " " + toFullJson(a)["priority"].dump()).c_str());
        }
    }

    void impact_aPercentIsAShareOnlyOfSomething()
    {
        const auto p1 = static_cast<std::size_t>(Priority::P1);
        auto chanceOfP1 = [&](const char *subject, const std::string &body) {
            return g_engine->assess(ticket(subject, body)).priority.probabilities[p1];
        };
        // A share of orders: 40 % is a large impact, 4 % a small one.
        QVERIFY(chanceOfP1("Payments failing", "Card payments fail for 40% of our orders since noon.") >
                chanceOfP1("Payments failing", "Card payments fail for 4% of our orders since noon.") + 0.1);
        // A change or a rate is no share of things affected: its size says nothing of reach.
        for (const char *body : {"Our shipping fees went up by %1% overnight and nobody told us why.",
                                 "Your %1% price increase came without notice.", "The conversion rate fell from %1% to 3% last week."}) {
            const QString text = QString::fromUtf8(body);
            QCOMPARE(chanceOfP1("Fees", text.arg(40).toStdString()), chanceOfP1("Fees", text.arg(4).toStdString()));
        }
    }

    void impact_anHttpStatusIsNoCount()
    {
        // "HTTP 500 for several orders" is a status and a few orders, not 500 orders affected.
        const auto p1 = static_cast<std::size_t>(Priority::P1);
        auto chanceOfP1 = [&](const char *body) { return g_engine->assess(ticket("Import errors", body)).priority.probabilities[p1]; };
        const double plain = chanceOfP1("The import returns a server error for several orders since noon.");
        for (const char *body :
             {"The import returns HTTP 500 for several orders since noon.", "The import returns error 500 for several orders since noon."})
            QVERIFY2(std::abs(chanceOfP1(body) - plain) < 0.05, body);
    }

    void impact_everythingOfAKind_isLarge()
    {
        // "for every product" is all of them: large impact, named in the evidence.
        const Assessment a =
            g_engine->assess(ticket("Product sync fails", "Since yesterday the product sync fails for every product in the shop."));
        auto rule = [](const Evidence &e) { return e.source == EvidenceSource::Rule && e.text == "every product"; };
        QVERIFY2(std::any_of(a.priority.evidence.begin(), a.priority.evidence.end(), rule), toFullJson(a)["priority"].dump().c_str());
        QVERIFY(a.priority.priority <= Priority::P1);
        // Not when negated.
        const Assessment b =
            g_engine->assess(ticket("Product sync fails", "Since yesterday the product sync fails for one item, not every product."));
        QVERIFY(std::none_of(b.priority.evidence.begin(), b.priority.evidence.end(), rule));
        QVERIFY(b.priority.priority > a.priority.priority);
    }

    void sentiment_seesTone_andNegation()
    {
        QCOMPARE(g_engine->assess(ticket("Thanks!", "Thank you so much, the new dashboard is great and your team was wonderful."))
                     .sentiment.label,
                 Sentiment::Positive);
        const auto angry = g_engine->assess(ticket("UNACCEPTABLE", "This is RIDICULOUS!!! Your useless service lost our orders AGAIN!!!"));
        QVERIFY2(angry.sentiment.label == Sentiment::Aggressive || angry.sentiment.label == Sentiment::Frustrated,
                 sentimentName(angry.sentiment.label).data());
        QVERIFY(angry.sentiment.compound < 0);
        const auto notBad = g_engine->assess(ticket("Question", "Not bad at all, the import works. One question about the CSV columns."));
        QVERIFY2(notBad.sentiment.label != Sentiment::Frustrated && notBad.sentiment.label != Sentiment::Aggressive,
                 sentimentName(notBad.sentiment.label).data());
    }

    void drafts_areFilled_apologise_andStayInternalByDefault()
    {
        TicketText t =
            ticket("Where is my parcel?",
                   "Hi, my order #104233 has not arrived yet and the tracking has not moved for a week. This is really frustrating.");
        t.context["first_name"] = "Ana";
        t.context["tracking_status"] = "in transit";
        t.context["agent_name"] = "Rosa";
        const Assessment a = g_engine->assess(t);
        checkValid(a, t);
        if (a.priority.priority >= Priority::P2) {
            QVERIFY(!a.draft.text.empty());
            QVERIFY2(a.draft.text.find("Ana") != std::string::npos, a.draft.text.c_str());
            QVERIFY2(a.draft.text.find('{') == std::string::npos, a.draft.text.c_str()); // no placeholder left
            QCOMPARE(a.draft.mode, DraftMode::InternalNote);
            QVERIFY(!a.draft.kbArticle.empty());
        }
        // P0/P1 tickets get no template reply.
        const Assessment urgent = g_engine->assess(ticket(
            "Checkout down for all customers", "Nobody can pay since 9:00, error 500 on every checkout. We are losing sales.", 15000));
        QVERIFY(urgent.priority.priority <= Priority::P1);
        QVERIFY(urgent.draft.text.empty());
        QVERIFY(!urgent.autoResolved);
    }

    void autoSend_needsEveryThreshold()
    {
        TicketText t = ticket("How do I reset my password?", "Hello, how do I reset my password? Thanks.");
        t.context["first_name"] = "Ana";
        const Assessment unknownCsat = g_engine->assess(t);
        QVERIFY(unknownCsat.draft.mode != DraftMode::AutoSendCandidate); // satisfaction unknown
        t.satisfaction = 2.5;
        QVERIFY(g_engine->assess(t).draft.mode != DraftMode::AutoSendCandidate);
        for (const Assessment &a : {unknownCsat, g_engine->assess(t)})
            QVERIFY(a.autoResolved == (a.draft.mode == DraftMode::AutoSendCandidate));
    }

    void history_raisesARepeatedIssue()
    {
        TicketText t = ticket("Sync delayed again", "The product sync to our store is delayed again today.", 2000);
        const auto before = g_engine->priorityScores(t);
        t.history = {{1, "integration_api", Sentiment::Frustrated},
                     {3, "integration_api", Sentiment::Neutral},
                     {6, "integration_api", Sentiment::Neutral}};
        const auto after = g_engine->priorityScores(t);
        // Urgent levels gain against P3.
        QVERIFY(after[1] - after[3] > before[1] - before[3]);
        const Assessment a = g_engine->assess(t);
        // The repeated issue is named among the reasons, whichever level won.
        QVERIFY2(std::any_of(a.priority.evidence.begin(), a.priority.evidence.end(),
                             [](const Evidence &e) {
                                 return e.source == EvidenceSource::Account &&
                                        e.text.find("ticket about integration api in 7 days") != std::string::npos;
                             }),
                 toFullJson(a)["priority_detail"].dump().c_str());
    }

    // A thank-you is a P3 in any of the languages the profile reads, as in English: a Spanish tweet
    // of greetings and thanks scored towards P1.
    void thanks_inOtherLanguages_isP3()
    {
        for (const auto &[subject, body] : {std::pair{"Hola", "Hola buenos días, muchas gracias por la ayuda de ayer. Saludos"},
                                            std::pair{"Olá", "Olá bom dia, muito obrigado pela ajuda de ontem. Abraços"},
                                            std::pair{"Grazie", "Buongiorno, grazie mille per l'aiuto di ieri"}}) {
            const Assessment a = g_engine->assess(ticket(subject, body));
            QVERIFY2(a.priority.priority == Priority::P3, toFullJson(a)["priority_detail"].dump().c_str());
        }
    }

    // A repeated issue is the same problem again: a busy account's tickets about other things do
    // not make this one urgent (a 1,000-ticket export of one account became 995 P1s).
    void history_ofOtherProblems_isNoRepeatedIssue()
    {
        TicketText t = ticket("Sync delayed again", "The product sync to our store is delayed again today.", 2000);
        const auto before = g_engine->priorityScores(t);
        t.history = {{1, "refund", Sentiment::Frustrated},
                     {2, "account_access", Sentiment::Neutral},
                     {3, "how_to_faq", Sentiment::Neutral},
                     {4, "shipping_delivery", Sentiment::Neutral}};
        const auto after = g_engine->priorityScores(t);
        QCOMPARE(after[1] - after[3], before[1] - before[3]);
        const Assessment a = g_engine->assess(t);
        QVERIFY(std::none_of(a.priority.evidence.begin(), a.priority.evidence.end(),
                             [](const Evidence &e) { return e.text.find("in 7 days") != std::string::npos; }));
    }

    void assess_isDeterministic_andThreadSafe()
    {
        std::vector<TicketText> tickets;
        const char *subjects[] = {"Refund please",      "Webhooks failing", "Dashboard numbers wrong", "Cancel my plan",
                                  "Quote for 50 seats", "Paiement refusé",  "Lieferung fehlt",         "No puedo iniciar sesión"};
        for (int i = 0; i < 64; ++i)
            tickets.push_back(ticket(
                subjects[i % 8], std::string("Ticket body number ") + std::to_string(i) + " with some words about " + subjects[(i + 3) % 8],
                100.0 * i));
        std::vector<std::string> sequential;
        for (const auto &t : tickets)
            sequential.push_back(toFullJson(g_engine->assess(t)).dump());
        std::vector<std::string> a(tickets.size()), b(tickets.size());
        std::thread t1([&] {
            for (std::size_t i = 0; i < tickets.size(); ++i)
                a[i] = toFullJson(g_engine->assess(tickets[i])).dump();
        });
        std::thread t2([&] {
            for (std::size_t i = tickets.size(); i-- > 0;)
                b[i] = toFullJson(g_engine->assess(tickets[i])).dump();
        });
        t1.join();
        t2.join();
        QCOMPARE(a, sequential);
        QCOMPARE(b, sequential);
    }

    void fullJson_roundTrips()
    {
        TicketText t = ticket("Quote for 40 seats, and our webhooks fail",
                              "Could you send a quote for 40 seats? Also the webhooks fail since Monday!!");
        const Assessment a = g_engine->assess(t);
        const auto back = fromFullJson(toFullJson(a));
        QVERIFY(back.has_value());
        QCOMPARE(toFullJson(*back).dump(), toFullJson(a).dump());
        QVERIFY(!fromFullJson(nlohmann::json::parse(R"({"priority": "P9"})")).has_value());
        QVERIFY(!fromFullJson(nlohmann::json::array()).has_value());
    }
};

QTEST_APPLESS_MAIN(EngineTest)
#include "engine_test.moc"
