#include "defaultengine.h"

#include <triage/knowledgebase.h>
#include <triage/profile.h>

#include <nlohmann/json.hpp>

#include <QTest>

using namespace cosmicdesk::triage;
using nlohmann::json;

namespace {

json defaultProfile()
{
    const auto text = cosmicdesk::testsupport::readFile(cosmicdesk::testsupport::resourcesDir() + "/profiles/default.json");
    return text ? json::parse(*text) : json();
}

// The error of a broken copy of the default profile.
ConfigError errorOf(const json &j)
{
    auto r = Profile::fromJson(j);
    if (auto *e = std::get_if<ConfigError>(&r))
        return *e;
    return ConfigError{"(none)", "the profile was accepted"};
}

} // namespace

class ProfileTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultProfile_isValid_andHasTheAgreedVocabulary()
    {
        auto r = Profile::fromJson(defaultProfile());
        QVERIFY2(std::holds_alternative<Profile>(r), std::get_if<ConfigError>(&r) ? std::get<ConfigError>(r).text().c_str() : "");
        const Profile &p = std::get<Profile>(r);
        QCOMPARE(p.teams, (std::vector<std::string>{"Integrations & API", "Data & Analytics", "Compliance & Operations"}));
        QCOMPARE(p.categories.size(), std::size_t(13));
        for (const char *c :
             {"charge_dispute", "refund", "payment_failure", "shipping_delivery", "order_change", "account_access", "integration_api",
              "data_analytics", "security_privacy", "pricing_upgrade", "how_to_faq", "bug_report", "outage"})
            QVERIFY2(std::find(p.categories.begin(), p.categories.end(), c) != p.categories.end(), c);
        // Categories with a usual team name one of the teams.
        QVERIFY(p.categoryTeam.size() >= 10); // outages, bugs and how-tos go to whichever team owns the product
        for (const auto &[c, team] : p.categoryTeam)
            QVERIFY2(std::find(p.teams.begin(), p.teams.end(), team) != p.teams.end(), c.c_str());
    }

    void errors_nameTheExactField_data()
    {
        QTest::addColumn<QString>("pointer"); // JSON pointer to change
        QTest::addColumn<QString>("value");   // JSON to put there
        QTest::addColumn<QString>("path");    // the field the error must name
        QTest::newRow("teams not a list") << "/teams"
                                          << "\"Support\""
                                          << "teams";
        QTest::newRow("duplicate category") << "/categories/1"
                                            << "\"charge_dispute\""
                                            << "categories";
        QTest::newRow("missing model") << "/models/priority"
                                       << "null"
                                       << "models.priority";
        QTest::newRow("model weight range") << "/models/weights/team"
                                            << "9"
                                            << "models.weights.team";
        QTest::newRow("rule weight not a number") << "/priority_rules/2/weights/P1"
                                                  << "\"high\""
                                                  << "priority_rules[2].weights.P1";
        QTest::newRow("team rule to an unknown team") << "/team_rules/0/team"
                                                      << "\"Billing\""
                                                      << "team_rules[0].team";
        QTest::newRow("hash bits") << "/features/hash_bits"
                                   << "40"
                                   << "features.hash_bits";
        QTest::newRow("bigrams") << "/features/bigrams"
                                 << "\"yes\""
                                 << "features.bigrams";
        QTest::newRow("auto-send confidence") << "/drafts/auto_send/min_confidence"
                                              << "1.5"
                                              << "drafts.auto_send.min_confidence";
        QTest::newRow("opportunity signals") << "/opportunity/signals"
                                             << "[]"
                                             << "opportunity.signals";
        QTest::newRow("question rule weights") << "/question_rule/weights"
                                               << "[1]"
                                               << "question_rule.weights";
        QTest::newRow("question rule threshold") << "/question_rule/problem_threshold"
                                                 << "-1"
                                                 << "question_rule.problem_threshold";
        QTest::newRow("churn risk weight level") << "/guardian/priority_weights/alert"
                                                 << "{\"P7\": 1}"
                                                 << "guardian.priority_weights.alert.P7";
        QTest::newRow("phrase of punctuation only") << "/priority_rules/0/phrases/0"
                                                    << "\"!!!\""
                                                    << "priority_rules[0].phrases[0]";
        QTest::newRow("churn phrase opening with a gap") << "/guardian/churn_phrases/0"
                                                         << "\"~ contract\""
                                                         << "guardian.churn_phrases[0]";
        QTest::newRow("impact entity of an unknown kind") << "/impact/entities/0"
                                                          << "\"<parcel_id>\""
                                                          << "impact.entities[0]";
        QTest::newRow("fraction word of two words") << "/impact/fraction_words/1"
                                                    << "\"out of\""
                                                    << "impact.fraction_words[1]";
        QTest::newRow("status word not a word") << "/impact/status_words/0"
                                                << "\"503\""
                                                << "impact.status_words[0]";
        QTest::newRow("share words not a list") << "/impact/share_words"
                                                << "\"of\""
                                                << "impact.share_words";
        QTest::newRow("opener of an unknown tone") << "/drafts/openers/angry"
                                                   << "\"Sorry!\""
                                                   << "drafts.openers.angry";
        QTest::newRow("auto-send tone unknown") << "/drafts/auto_send/sentiments/1"
                                                << "\"happy\""
                                                << "drafts.auto_send.sentiments[1]";
        QTest::newRow("churn risk weight value") << "/guardian/priority_weights/critical/P1"
                                                 << "\"lots\""
                                                 << "guardian.priority_weights.critical.P1";
        QTest::newRow("sla clock") << "/sla/clock"
                                   << "\"sometimes\""
                                   << "sla.clock";
        QTest::newRow("business hours start") << "/sla/business_hours"
                                              << "{\"start\": \"9am\"}"
                                              << "sla.business_hours.start";
        QTest::newRow("business hours end before start") << "/sla/business_hours"
                                                         << "{\"start\": \"18:00\", \"end\": \"09:00\"}"
                                                         << "sla.business_hours";
        QTest::newRow("business day unknown") << "/sla/business_hours"
                                              << "{\"days\": [\"mon\", \"funday\"]}"
                                              << "sla.business_hours.days";
        QTest::newRow("time zone not a zone name") << "/sla/business_hours"
                                                   << "{\"timezone\": \"Europe Berlin\"}"
                                                   << "sla.business_hours.timezone";
        QTest::newRow("paused status not active") << "/sla/paused_statuses"
                                                  << "[\"pending\", \"solved\"]"
                                                  << "sla.paused_statuses";
    }

    void errors_nameTheExactField()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, path);
        json j = defaultProfile();
        const json::json_pointer ptr(pointer.toStdString());
        const json v = json::parse(value.toStdString());
        if (v.is_null())
            j[ptr.parent_pointer()].erase(ptr.back());
        else
            j[ptr] = v;
        const ConfigError e = errorOf(j);
        QVERIFY2(e.path == path.toStdString(), e.text().c_str());
        QVERIFY(!e.message.empty());
    }

    void slaClock_isReadFromTheProfile()
    {
        json j = defaultProfile();
        const auto plain = Profile::fromJson(j);
        QVERIFY(std::holds_alternative<Profile>(plain));
        QVERIFY(std::get<Profile>(plain).sla.clock == SlaTable::Clock::Calendar); // today's behaviour by default
        QCOMPARE(std::get<Profile>(plain).sla.pausedStatuses, std::vector<std::string>{"pending"});
        j["sla"]["clock"] = "business";
        j["sla"]["business_hours"] = json::parse(R"({"timezone": "Europe/Berlin", "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                                    "start": "08:30", "end": "24:00"})");
        j["sla"]["paused_statuses"] = json::array({"pending", "hold"});
        const auto r = Profile::fromJson(j);
        QVERIFY2(std::holds_alternative<Profile>(r), std::get_if<ConfigError>(&r) ? std::get<ConfigError>(r).text().c_str() : "");
        const SlaTable &sla = std::get<Profile>(r).sla;
        QVERIFY(sla.clock == SlaTable::Clock::Business);
        QCOMPARE(sla.businessHours.timezone, std::string("Europe/Berlin"));
        QCOMPARE(sla.businessHours.startMinute, 8 * 60 + 30);
        QCOMPARE(sla.businessHours.endMinute, 24 * 60);
        QVERIFY(sla.businessHours.days[5] && !sla.businessHours.days[6]);
        QCOMPARE(sla.pausedStatuses, (std::vector<std::string>{"pending", "hold"}));
        QCOMPARE(sla[Priority::P1].firstResponseSecs, std::int64_t(2 * 3600)); // the targets are untouched
    }

    void notJson_isAClearError()
    {
        auto r = Profile::parse("{ this is not json");
        QVERIFY(std::holds_alternative<ConfigError>(r));
        QVERIFY(std::get<ConfigError>(r).text().find("JSON") != std::string::npos);
        QVERIFY(std::holds_alternative<ConfigError>(Profile::parse("[1, 2]")));
    }

    void engineLoad_reportsAMissingOrBrokenResource()
    {
        auto parsed = Profile::fromJson(defaultProfile());
        QVERIFY(std::holds_alternative<Profile>(parsed));
        const std::string dir = cosmicdesk::testsupport::resourcesDir() + "/profiles/";
        // The model file is missing.
        auto missing = Engine::load(std::get<Profile>(parsed), [&](const std::string &rel) -> std::optional<std::string> {
            if (rel.find("team.model") != std::string::npos)
                return std::nullopt;
            return cosmicdesk::testsupport::readFile(dir + rel);
        });
        QVERIFY(std::holds_alternative<ConfigError>(missing));
        QCOMPARE(std::get<ConfigError>(missing).path, std::string("models.team"));
        // The knowledge base is not JSON.
        auto broken = Engine::load(std::get<Profile>(parsed), [&](const std::string &rel) -> std::optional<std::string> {
            if (rel.find("articles") != std::string::npos)
                return std::string("garbage");
            return cosmicdesk::testsupport::readFile(dir + rel);
        });
        QVERIFY(std::holds_alternative<ConfigError>(broken));
        QVERIFY2(std::get<ConfigError>(broken).text().find("knowledge") != std::string::npos ||
                     std::get<ConfigError>(broken).path.find("drafts") != std::string::npos,
                 std::get<ConfigError>(broken).text().c_str());
    }

    void knowledgeBase_coversEveryCategory_andRetrieves()
    {
        const auto text = cosmicdesk::testsupport::readFile(cosmicdesk::testsupport::resourcesDir() + "/kb/articles.json");
        QVERIFY(text);
        const Profile p = std::get<Profile>(Profile::fromJson(defaultProfile()));
        auto parsed = KnowledgeBase::parse(*text, p.categories);
        QVERIFY2(std::holds_alternative<KnowledgeBase>(parsed),
                 std::get_if<ConfigError>(&parsed) ? std::get<ConfigError>(parsed).text().c_str() : "");
        const auto &kb = std::get<KnowledgeBase>(parsed);
        QVERIFY(kb.articles().size() >= 40);
        for (const auto &c : p.categories)
            QVERIFY2(std::any_of(kb.articles().begin(), kb.articles().end(), [&](const auto &a) { return a.category == c; }), c.c_str());
        for (const auto &a : kb.articles())
            QVERIFY2(a.questions.size() >= 2 && !a.answer.empty(), a.id.c_str());

        const auto t = Tokenizer::tokenize("How do I reset my password? I forgot it and cannot log in");
        const auto m = kb.best(retrievalStems(t.tokens, t.language));
        QVERIFY(m.article >= 0);
        QCOMPARE(kb.articles()[static_cast<std::size_t>(m.article)].category, std::string("account_access"));
        QVERIFY(m.score > m.runnerUp);

        auto bad =
            KnowledgeBase::parse(R"([{"id": "x", "title": "t", "category": "nope", "questions": ["a"], "answer": "b"}])", p.categories);
        QVERIFY(std::holds_alternative<ConfigError>(bad));
    }
};

QTEST_APPLESS_MAIN(ProfileTest)
#include "profile_test.moc"
