// The triage panel's text from data alone: what each suggestion and decision says, which colour means
// what, and nothing from a ticket ever read as markup.
#include <ui/theme.h>
#include <ui/triagepresenter.h>

#include <QtTest>

using namespace cosmicdesk;
using models::TriageDecision;
using ui::TriagePresenter;

namespace {

constexpr qint64 kNow = 1'780'000'000;

triage::Assessment hostileAssessment()
{
    triage::Assessment a;
    a.language = "en";
    a.priority.priority = triage::Priority::P1;
    a.priority.confidence = 0.734;
    a.priority.probabilities = {0.1, 0.734, 0.1, 0.066};
    a.priority.why = "checkout <script>alert(1)</script> down";
    a.priority.evidence.push_back({"<b>refund</b> now", triage::EvidenceSource::Body, 0.42, 0, 17});
    a.priority.evidence.push_back({"MRR $12k", triage::EvidenceSource::Account, 0.2, 0, 0});
    a.team.label = "billing & payments";
    a.team.confidence = 0.9;
    a.category.label = "charge_dispute";
    a.category.confidence = 0.61;
    a.sentiment.label = triage::Sentiment::Frustrated;
    a.sentiment.compound = -0.456;
    a.guardian.score = 72;
    a.guardian.level = triage::GuardianLevel::Alert;
    a.guardian.reasons = {"mentions <Competitor>"};
    a.guardian.action = "Call & offer";
    a.opportunity.score = 40;
    a.opportunity.ignored = {"\"upgrade\" <negated>"};
    a.draft.mode = triage::DraftMode::InternalNote;
    a.draft.text = "Hi <name>, we are on it.";
    a.draft.confidence = 0.5;
    a.draft.kbArticle = "KB-1 <x>";
    a.draft.notes = {"mentions a <lawyer>"};
    return a;
}

TriageDecision decision(TriageDecision::Field f, const QString &suggested, const QString &chosen, qint64 at)
{
    TriageDecision d;
    d.field = f;
    d.suggested = suggested;
    d.chosen = chosen;
    d.agent = QStringLiteral("Rosa");
    d.decidedAt = at;
    return d;
}

} // namespace

class TriagePresenterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ticketText_isNeverMarkup()
    {
        const auto a = hostileAssessment();
        const QString all = TriagePresenter::priorityValue(a) + TriagePresenter::teamValue(a) + TriagePresenter::why(a) +
                            TriagePresenter::guardian(a) + TriagePresenter::opportunity(a) + TriagePresenter::draftInfo(a);
        QVERIFY(!all.contains(u"<script>"));
        QVERIFY(!all.contains(u"<b>refund</b>"));
        QVERIFY(!all.contains(u"<Competitor>"));
        QVERIFY(!all.contains(u"<lawyer>"));
        QVERIFY(all.contains(u"&lt;script&gt;"));
        QVERIFY(all.contains(u"billing &amp; payments"));
        QVERIFY(TriagePresenter::why(a).contains(u"“&lt;b&gt;refund&lt;/b&gt; now”")); // the ticket's own words, quoted
        QVERIFY(TriagePresenter::why(a).contains(u"MRR $12k") && !TriagePresenter::why(a).contains(u"“MRR")); // a rule, unquoted
    }

    void priority_carriesItsColour_andSecondaryTextIsMuted()
    {
        const auto a = hostileAssessment();
        const QString v = TriagePresenter::priorityValue(a);
        QVERIFY(v.contains(QStringLiteral("color:%1'>P1").arg(ui::theme::priorityColor(1).name())));
        QVERIFY(v.contains(u"73%"));
        QVERIFY(v.contains(ui::theme::muted().name()));
        QVERIFY(TriagePresenter::why(a).contains(u"P0 10% · P1 73% · P2 10% · P3 7%"));
        QVERIFY(!QString(v + TriagePresenter::why(a) + TriagePresenter::opportunity(a)).contains(u"gray"));
    }

    void category_readsAsWords()
    {
        const auto a = hostileAssessment();
        QVERIFY(TriagePresenter::categoryValue(a).contains(u"charge dispute"));
        QCOMPARE(TriagePresenter::labelText(QStringLiteral("order_status_check")), QStringLiteral("order status check"));
    }

    void decisions_newestFirst_acceptedOrOverridden()
    {
        using F = TriageDecision::Field;
        std::vector<TriageDecision> ds{
            decision(F::Category, QStringLiteral("charge_dispute"), QStringLiteral("refund_request"), kNow - 300),
            decision(F::Priority, QStringLiteral("P1"), QStringLiteral("P1"), kNow - 10),
            decision(F::Category, QStringLiteral("charge_dispute"), QStringLiteral("charge_dispute"), kNow - 900)};
        QCOMPARE(TriagePresenter::decision(ds, F::Priority, kNow), QStringLiteral("✓ accepted by Rosa just now"));
        const QString cat = TriagePresenter::decision(ds, F::Category, kNow);
        QVERIFY2(cat.startsWith(u"✎ set to refund request by Rosa") && cat.contains(u"(suggested charge dispute)"), qPrintable(cat));
        QVERIFY(TriagePresenter::decision(ds, F::Team, kNow).isEmpty());
    }

    void guardian_levelColourAndTab()
    {
        auto a = hostileAssessment();
        const QString g = TriagePresenter::guardian(a);
        QVERIFY(g.contains(ui::theme::guardianColor(2).name()));
        QVERIFY(g.contains(u"<b>72</b>"));
        QVERIFY(g.contains(u"Call &amp; offer"));
        QCOMPARE(TriagePresenter::guardianTab(a), QStringLiteral("Guardian · alert"));
        a.guardian = {};
        QCOMPARE(TriagePresenter::guardianTab(a), QStringLiteral("Guardian"));
        QVERIFY(TriagePresenter::guardian(a).contains(u"No sign of churn risk."));
        QVERIFY(TriagePresenter::guardian(a).contains(ui::theme::muted().name()));
    }

    void guardianAndOpportunityRows_showTheLevelAndTheAlert()
    {
        auto a = hostileAssessment();
        const QString g = TriagePresenter::guardianValue(a);
        QVERIFY2(g.contains(u">alert<") && g.contains(u"72 / 100"), qPrintable(g));
        QVERIFY(g.contains(ui::theme::guardianColor(2).name()));
        a.guardian = {};
        QVERIFY(TriagePresenter::guardianValue(a).contains(ui::theme::muted().name()));
        QVERIFY(TriagePresenter::opportunityValue(a).contains(u">no<"));
        a.opportunity.alert = true;
        a.opportunity.score = 81;
        const QString o = TriagePresenter::opportunityValue(a);
        QVERIFY2(o.contains(u">yes<") && o.contains(u"81 / 100") && o.contains(ui::theme::opportunityColor().name()), qPrintable(o));
    }

    void opportunity_signalsAndWhatWasNotCounted()
    {
        auto a = hostileAssessment();
        QVERIFY(TriagePresenter::opportunity(a).contains(u"Not counted:"));
        QVERIFY(TriagePresenter::opportunity(a).contains(u"no alert"));
        QCOMPARE(TriagePresenter::opportunityTab(a), QStringLiteral("Opportunity"));
        a.opportunity.alert = true;
        a.opportunity.score = 81;
        a.opportunity.ignored.clear();
        a.opportunity.signals.push_back({"seat_expansion", 81, {"add 20 seats", triage::EvidenceSource::Body, 1.0, 0, 12}});
        const QString o = TriagePresenter::opportunity(a);
        QVERIFY(o.contains(u"seat expansion") && o.contains(u"“add 20 seats”") && o.contains(ui::theme::opportunityColor().name()));
        QCOMPARE(TriagePresenter::opportunityTab(a), QStringLiteral("Opportunity · 81"));
    }

    void draft_theAgentsKeptVersionWins()
    {
        services::TicketTriage t;
        t.record = models::TriageRecord{};
        t.record->assessment = hostileAssessment();
        QCOMPARE(TriagePresenter::draftText(t), QStringLiteral("Hi <name>, we are on it.")); // plain text, shown as such
        t.decisions.push_back(decision(TriageDecision::Field::Draft, QStringLiteral("x"), QStringLiteral("Hello Ana, fixed."), kNow));
        QCOMPARE(TriagePresenter::draftText(t), QStringLiteral("Hello Ana, fixed."));
        QVERIFY(TriagePresenter::draftInfo(t.record->assessment).contains(u"Not for sending as is:"));
        auto a = hostileAssessment();
        a.draft = {};
        QVERIFY(TriagePresenter::draftInfo(a).contains(u"P0 and P1 tickets go to a person"));
    }

    void status_saysWhenTheTicketChangedSince()
    {
        services::TicketTriage t;
        QVERIFY(TriagePresenter::status(t, kNow).isEmpty());
        t.record = models::TriageRecord{};
        t.record->triagedAt = kNow - 7200;
        t.record->assessment.language = "<de>";
        t.current = true;
        const QString s = TriagePresenter::status(t, kNow);
        QVERIFY2(s.contains(u"2h ago") && s.contains(u"&lt;de&gt;"), qPrintable(s));
        t.current = false;
        QVERIFY(TriagePresenter::status(t, kNow).contains(u"a new suggestion is on its way"));
    }
};

QTEST_GUILESS_MAIN(TriagePresenterTest)
#include "triagepresenter_test.moc"
