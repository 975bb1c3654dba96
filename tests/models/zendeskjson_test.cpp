// The Zendesk JSON readers keep synced text within the workspace's limits and mark what they cut.
#include <models/textlimits.h>
#include <models/zendeskjson.h>

#include <QTest>

#include <nlohmann/json.hpp>

using namespace cosmicdesk::models;
using nlohmann::json;

class ZendeskJsonTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oversizedTicket_isCutToTheLimits_andMarkedTruncated()
    {
        // 2 MB of body, a 5 KB subject, 1,000 tags: what a hostile or broken account can send.
        std::string body(2 * 1024 * 1024, 'a');
        body.replace(textlimits::kBodyBytes - 1, 2, "\xC3\xA9"); // an é across the cut
        json tags = json::array();
        for (int i = 0; i < 1000; ++i)
            tags.push_back("tag" + std::to_string(i));
        const json j{{"id", 77},         {"subject", std::string(5000, 's')},   {"description", body}, {"tags", tags},
                     {"status", "open"}, {"created_at", "2024-05-02T08:14:03Z"}};
        const auto t = zendesk::ticketFromJson(j);
        QVERIFY(t.ok());
        QVERIFY(t.value().truncated);
        QVERIFY(std::size_t(t.value().description.toUtf8().size()) <= textlimits::kBodyBytes);
        QVERIFY(std::size_t(t.value().description.toUtf8().size()) >= textlimits::kBodyBytes - 4);
        QVERIFY(!t.value().description.contains(QChar::ReplacementCharacter)); // cut at a character boundary
        QCOMPARE(std::size_t(t.value().subject.size()), textlimits::kLineBytes);
        QCOMPARE(std::size_t(t.value().tags.size()), textlimits::kMaxTags);
    }

    void ticketWithinTheLimits_isWhole_andNotMarked()
    {
        const json j{{"id", 78}, {"subject", "Refund"}, {"description", std::string(textlimits::kBodyBytes, 'b')}};
        const auto t = zendesk::ticketFromJson(j);
        QVERIFY(t.ok());
        QVERIFY(!t.value().truncated);
        QCOMPARE(std::size_t(t.value().description.size()), textlimits::kBodyBytes);
    }

    void oversizedComment_andUserName_areCut()
    {
        const auto c = zendesk::commentFromJson(json{{"id", 5}, {"plain_body", std::string(1024 * 1024, 'c')}}, 77);
        QVERIFY(c.ok());
        QVERIFY(c.value().truncated);
        QCOMPARE(std::size_t(c.value().body.size()), textlimits::kBodyBytes);
        const auto u = zendesk::userFromJson(json{{"id", 9}, {"name", std::string(100000, 'n')}, {"email", std::string(100000, 'e')}});
        QVERIFY(u.ok());
        QCOMPARE(std::size_t(u.value().name.size()), textlimits::kLineBytes);
        QCOMPARE(std::size_t(u.value().email.size()), textlimits::kLineBytes);
    }
};

QTEST_APPLESS_MAIN(ZendeskJsonTest)
#include "zendeskjson_test.moc"
