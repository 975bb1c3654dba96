#include <triage/assessment.h>

#include <nlohmann/json.hpp>

#include <QTest>

using namespace cosmicdesk::triage;

class AssessmentTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void vocabularies_roundTripTheirNames()
    {
        for (Sentiment s : kAllSentiments)
            QCOMPARE(parseSentiment(sentimentName(s)), std::optional<Sentiment>(s));
        for (GuardianLevel l : kAllGuardianLevels)
            QCOMPARE(parseGuardianLevel(guardianLevelName(l)), std::optional<GuardianLevel>(l));
        for (DraftMode m : {DraftMode::None, DraftMode::InternalNote, DraftMode::AutoSendCandidate})
            QCOMPARE(parseDraftMode(draftModeName(m)), std::optional<DraftMode>(m));
        for (EvidenceSource e : {EvidenceSource::Subject, EvidenceSource::Body, EvidenceSource::Rule, EvidenceSource::Account})
            QCOMPARE(parseEvidenceSource(evidenceSourceName(e)), std::optional<EvidenceSource>(e));
        QCOMPARE(sentimentName(Sentiment::Frustrated), std::string_view("frustrated"));
        QCOMPARE(draftModeName(DraftMode::AutoSendCandidate), std::string_view("auto_send_candidate"));
        QVERIFY(!parseSentiment("angry"));
        QVERIFY(!parseGuardianLevel("Critical")); // the JSON names are exact
    }
    void fullJson_roundTripsTheVocabularies_andRefusesUnknownNames()
    {
        Assessment a;
        a.ticketId = "7";
        a.sentiment.label = Sentiment::Aggressive;
        a.guardian.level = GuardianLevel::Watch;
        a.draft.mode = DraftMode::InternalNote;
        a.priority.evidence.push_back({"webhooks failing", EvidenceSource::Subject, 1.25, 0, 16});
        a.priority.evidence.push_back({"MRR $12k", EvidenceSource::Account, 0.5, 0, 0});
        const nlohmann::json j = toFullJson(a);
        QCOMPARE(j["sentiment"].get<std::string>(), std::string("aggressive"));
        QCOMPARE(j["guardian"]["level"].get<std::string>(), std::string("watch"));
        QCOMPARE(j["draft"]["mode"].get<std::string>(), std::string("internal_note"));
        const auto back = fromFullJson(j);
        QVERIFY(back);
        QCOMPARE(back->sentiment.label, Sentiment::Aggressive);
        QCOMPARE(back->guardian.level, GuardianLevel::Watch);
        QCOMPARE(back->draft.mode, DraftMode::InternalNote);
        QCOMPARE(back->priority.evidence[0].source, EvidenceSource::Subject);
        QCOMPARE(back->priority.evidence[1].source, EvidenceSource::Account);
        for (const char *pointer : {"/sentiment", "/guardian/level", "/draft/mode", "/priority_detail/evidence/0/source"}) {
            nlohmann::json bad = j;
            bad[nlohmann::json::json_pointer(pointer)] = "furious";
            QVERIFY2(!fromFullJson(bad), pointer);
        }
    }
};

QTEST_APPLESS_MAIN(AssessmentTest)
#include "assessment_test.moc"
