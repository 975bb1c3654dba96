#include <models/ticketstore.h>
#include <models/triagestore.h>

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace cosmicdesk::models;
using cosmicdesk::triage::Priority;

namespace {

constexpr qint64 kDay = 86400;
constexpr qint64 kT0 = 1790000000;

Ticket ticket(qint64 id, qint64 org, qint64 requester, qint64 createdAt, const QString &subject)
{
    Ticket t;
    t.id = id;
    t.subject = subject;
    t.description = QStringLiteral("Description of %1").arg(id);
    t.status = TicketStatus::Open;
    t.priority = Priority::P2;
    t.channel = Channel::Chat;
    t.requesterId = requester;
    t.organizationId = org;
    t.groupId = 1;
    t.createdAt = createdAt;
    t.updatedAt = createdAt + 60;
    return t;
}

cosmicdesk::triage::Assessment assessment(Priority p, const std::string &category, int guardian, bool opportunityAlert)
{
    cosmicdesk::triage::Assessment a;
    a.priority.priority = p;
    a.priority.confidence = 0.8;
    a.priority.probabilities = {0.05, 0.8, 0.1, 0.05};
    a.priority.why = "P1 — 'webhooks failing'";
    a.priority.evidence.push_back({"webhooks failing", cosmicdesk::triage::EvidenceSource::Subject, 1.25, 0, 16});
    a.team.label = "Integrations & API";
    a.team.confidence = 0.9;
    a.team.probabilities = {{"Integrations & API", 0.9}, {"Data & Analytics", 0.1}};
    a.category.label = category;
    a.sentiment.label = cosmicdesk::triage::Sentiment::Frustrated;
    a.sentiment.compound = -0.4;
    a.guardian.score = guardian;
    using Level = cosmicdesk::triage::GuardianLevel;
    a.guardian.level = guardian >= 80 ? Level::Critical : guardian >= 60 ? Level::Alert : guardian >= 30 ? Level::Watch : Level::None;
    a.guardian.alert = guardian >= 60;
    a.guardian.reasons = {"churn language: 'cancel'"};
    a.opportunity.alert = opportunityAlert;
    a.opportunity.score = 40;
    a.draft.mode = cosmicdesk::triage::DraftMode::InternalNote;
    a.draft.text = "Hello Ana,\nthanks for writing.";
    a.draft.confidence = 0.5;
    return a;
}

// Ticket ids of init(): 1, 2, 3 and 5 are Acme's (organization 10), 4 is Bo's (requester 101).
TriageRecord record(qint64 ticketId, qint64 updatedAt, const QString &engine, cosmicdesk::triage::Assessment a)
{
    static const std::map<qint64, std::pair<qint64, qint64>> accounts{
        {1, {10, kT0}}, {2, {10, kT0 + 10 * kDay}}, {3, {10, kT0 + 50 * kDay}}, {4, {-101, kT0 + 5 * kDay}}, {5, {10, kT0 + 200 * kDay}}};
    TriageRecord r;
    r.ticketId = ticketId;
    r.engine = engine;
    r.ticketUpdatedAt = updatedAt;
    r.triagedAt = kT0 + 100 * kDay;
    r.accountKey = accounts.at(ticketId).first;
    r.createdAt = accounts.at(ticketId).second;
    r.assessment = std::move(a);
    return r;
}

} // namespace

class TriageStoreTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<TicketStore> m_store;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        auto store = TicketStore::open(m_dir.filePath(QStringLiteral("t%1.db").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        QVERIFY(store.ok());
        m_store = std::move(store).value();
        StoreBatch b;
        b.groups = {{1, QStringLiteral("Compliance & Operations")}, {2, QStringLiteral("Integrations & API")}};
        Account acme;
        acme.id = 10;
        acme.name = QStringLiteral("Acme GmbH");
        acme.plan = QStringLiteral("Enterprise");
        acme.mrrCents = 1250000;
        acme.kamName = QStringLiteral("Daniel Weber");
        b.organizations = {acme};
        User ana;
        ana.id = 100;
        ana.name = QStringLiteral("Ana María López");
        ana.organizationId = 10;
        User bo;
        bo.id = 101;
        bo.name = QStringLiteral("Bo Chen");
        User agent;
        agent.id = 900;
        agent.name = QStringLiteral("Rosa Delgado");
        agent.role = User::Role::Agent;
        b.users = {ana, bo, agent};
        // Acme: tickets 1 (day 0), 2 (day 10), 3 (day 50) and 5 (day 200); Bo has no organization.
        b.tickets = {ticket(1, 10, 100, kT0, QStringLiteral("first")), ticket(2, 10, 100, kT0 + 10 * kDay, QStringLiteral("second")),
                     ticket(3, 10, 100, kT0 + 50 * kDay, QStringLiteral("third")),
                     ticket(4, 0, 101, kT0 + 5 * kDay, QStringLiteral("Bo's")),
                     ticket(5, 10, 100, kT0 + 200 * kDay, QStringLiteral("later"))};
        b.comments = {{1001, 2, 100, QStringLiteral("Description of 2"), true, kT0 + 10 * kDay},
                      {1002, 2, 900, QStringLiteral("Agent reply: we are on it."), true, kT0 + 10 * kDay + 60},
                      {1003, 2, 900, QStringLiteral("internal: customer is angry"), false, kT0 + 10 * kDay + 90},
                      {1004, 2, 100, QStringLiteral("This is the last straw."), true, kT0 + 10 * kDay + 120}};
        auto written = m_store->write(b);
        QVERIFY2(written.ok(), qPrintable(written ? QString() : written.error().message));
    }

    void cleanup() { m_store.reset(); }

    void pending_listsUntriagedTicketsOldestFirst()
    {
        TriageStore ts(m_store->db());
        auto p = ts.pending(QStringLiteral("engine-a"));
        QVERIFY(p.ok());
        QCOMPARE(p.value(), (std::vector<qint64>{1, 4, 2, 3, 5}));
    }

    void pending_dropsCurrentSuggestions_andReturnsStaleOnes()
    {
        TriageStore ts(m_store->db());
        QVERIFY(ts.write({record(1, kT0 + 60, QStringLiteral("engine-a"), assessment(Priority::P1, "refund", 0, false)),
                          record(2, kT0 + 10 * kDay + 60, QStringLiteral("engine-a"), assessment(Priority::P2, "refund", 0, false)),
                          // judged an older version of ticket 3
                          record(3, kT0, QStringLiteral("engine-a"), assessment(Priority::P2, "refund", 0, false))})
                    .ok());
        QCOMPARE(ts.pending(QStringLiteral("engine-a")).value(), (std::vector<qint64>{4, 3, 5}));
        // Another engine (new models, another profile) makes every suggestion due again.
        QCOMPARE(ts.pending(QStringLiteral("engine-b")).value(), (std::vector<qint64>{1, 4, 2, 3, 5}));
        QCOMPARE(ts.pending(QStringLiteral("engine-a"), {5, 1, 3, 999}).value(), (std::vector<qint64>{5, 3}));
    }

    void inputs_joinTheAccount_andAppendTheRequestersLaterMessages()
    {
        TriageStore ts(m_store->db());
        auto in = ts.inputs({2, 4, 999});
        QVERIFY(in.ok());
        QCOMPARE(in.value().size(), std::size_t(2));
        const TriageInput &two = in.value()[0];
        QCOMPARE(two.ticketId, 2);
        QCOMPARE(two.mrr, 12500.0);
        QCOMPARE(two.organizationName, QStringLiteral("Acme GmbH"));
        QCOMPARE(two.kamName, QStringLiteral("Daniel Weber"));
        QCOMPARE(two.requesterName, QStringLiteral("Ana María López"));
        QCOMPARE(two.channel, QStringLiteral("chat"));
        // The description once, the requester's follow-up, never the agents' replies or notes.
        QCOMPARE(two.body, QStringLiteral("Description of 2\n\nThis is the last straw."));
        const TriageInput &four = in.value()[1];
        QCOMPARE(four.ticketId, 4);
        QCOMPARE(four.mrr, 0.0);
        QVERIFY(four.organizationName.isEmpty());
    }

    void history_isTheAccountsEarlierTriagedTickets_inTheWindow()
    {
        TriageStore ts(m_store->db());
        QVERIFY(ts.write({record(1, kT0 + 60, QStringLiteral("e"), assessment(Priority::P1, "refund", 0, false)),
                          record(2, kT0 + 10 * kDay + 60, QStringLiteral("e"), assessment(Priority::P2, "outage", 0, false)),
                          record(4, kT0 + 5 * kDay + 60, QStringLiteral("e"), assessment(Priority::P2, "bug_report", 0, false))})
                    .ok());
        auto inputs = ts.inputs({3, 5, 4});
        QVERIFY(inputs.ok());
        const TriageInput &three = inputs.value()[0];
        auto h = ts.history(three, three.createdAt - 60 * kDay, 10);
        QVERIFY(h.ok());
        QCOMPARE(h.value().size(), std::size_t(2));
        QCOMPARE(h.value()[0].ticketId, 2); // newest first
        QCOMPARE(h.value()[0].category, std::string("outage"));
        QCOMPARE(h.value()[0].sentiment, cosmicdesk::triage::Sentiment::Frustrated);
        QCOMPARE(h.value()[1].ticketId, 1);
        // Outside the window: nothing. Without an organization: the requester's own tickets.
        const TriageInput &five = inputs.value()[1];
        QVERIFY(ts.history(five, five.createdAt - 60 * kDay, 10).value().empty());
        const TriageInput &four = inputs.value()[2];
        QVERIFY2(ts.history(four, four.createdAt - 60 * kDay, 10).value().empty(), "a ticket is not its own history");
    }

    void write_storesTheSummary_andFillsTheQueueColumns()
    {
        TriageStore ts(m_store->db());
        auto a = assessment(Priority::P1, "integration_api", 85, false);
        a.opportunity.alert = false;
        a.autoResolved = false;
        auto b = assessment(Priority::P3, "pricing_upgrade", 10, true);
        b.opportunity.score = 70;
        b.draft.mode = cosmicdesk::triage::DraftMode::AutoSendCandidate;
        b.autoResolved = true;
        QVERIFY(ts.write({record(1, kT0 + 60, QStringLiteral("e"), a), record(2, kT0 + 10 * kDay + 60, QStringLiteral("e"), b)}).ok());

        auto r = ts.record(1);
        QVERIFY(r.ok() && r.value().has_value());
        const TriageRecord &got = *r.value();
        QCOMPARE(got.engine, QStringLiteral("e"));
        QCOMPARE(got.ticketUpdatedAt, kT0 + 60);
        QCOMPARE(got.accountKey, 10);
        QCOMPARE(got.createdAt, kT0);
        QCOMPARE(got.assessment.priority.priority, Priority::P1);
        QCOMPARE(got.assessment.priority.confidence, 0.8);
        QCOMPARE(got.assessment.team.label, std::string("Integrations & API"));
        QCOMPARE(got.assessment.category.label, std::string("integration_api"));
        QCOMPARE(got.assessment.sentiment.label, cosmicdesk::triage::Sentiment::Frustrated);
        QCOMPARE(got.assessment.guardian.score, 85);
        QCOMPARE(got.assessment.guardian.level, cosmicdesk::triage::GuardianLevel::Critical);
        QVERIFY(got.assessment.guardian.alert);
        QCOMPARE(got.assessment.opportunity.score, 40);
        QVERIFY(!got.assessment.opportunity.alert);
        QCOMPARE(got.assessment.draft.mode, cosmicdesk::triage::DraftMode::InternalNote);
        QVERIFY(!got.assessment.autoResolved);
        const TriageRecord two = *ts.record(2).value();
        QVERIFY(two.assessment.opportunity.alert);
        QCOMPARE(two.assessment.draft.mode, cosmicdesk::triage::DraftMode::AutoSendCandidate);
        QVERIFY(two.assessment.autoResolved);
        QVERIFY(!ts.record(3).value().has_value());

        QSqlQuery q(m_store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id, suggested_priority, guardian_level, opportunity_score FROM tickets"
                                      " WHERE id IN (1, 2, 3) ORDER BY id")));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 1);
        QCOMPARE(q.value(2).toInt(), 3);
        QCOMPARE(q.value(3).toInt(), 0); // a signal without an alert is no badge
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 3);
        QCOMPARE(q.value(2).toInt(), 0);
        QCOMPARE(q.value(3).toInt(), 70);
        QVERIFY(q.next());
        QVERIFY(q.value(1).isNull());
        q.finish();

        // Writing again replaces the suggestion, it does not add one.
        QVERIFY(ts.write({record(1, kT0 + 60, QStringLiteral("e2"), assessment(Priority::P0, "outage", 0, false))}).ok());
        QCOMPARE(ts.record(1).value()->assessment.priority.priority, Priority::P0);
        QCOMPARE(ts.record(1).value()->engine, QStringLiteral("e2"));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM triage")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }

    void deletingATicket_deletesItsSuggestion()
    {
        TriageStore ts(m_store->db());
        QVERIFY(ts.write({record(1, kT0 + 60, QStringLiteral("e"), assessment(Priority::P1, "refund", 0, false))}).ok());
        QSqlQuery q(m_store->db());
        // The store turns foreign keys on for every connection: without them this cascade (and
        // every other one) would silently leave orphans.
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("DELETE FROM tickets WHERE id = 1")));
        QVERIFY(!ts.record(1).value().has_value());
    }

    void decide_recordsTheDecision_andAppliesItToTheTicket()
    {
        TriageStore ts(m_store->db());
        TriageDecision d;
        d.ticketId = 1;
        d.field = TriageDecision::Field::Priority;
        d.suggested = QStringLiteral("P1");
        d.chosen = QStringLiteral("p0");
        d.agent = QStringLiteral("Rosa Delgado");
        d.decidedAt = kT0 + 5;
        auto stored = ts.decide(d);
        QVERIFY2(stored.ok(), qPrintable(stored ? QString() : stored.error().message));
        QVERIFY(stored.value().id > 0);
        QCOMPARE(stored.value().chosen, QStringLiteral("P0"));
        QVERIFY(!stored.value().accepted());
        QCOMPARE(m_store->ticket(1).value()->priority, Priority::P0);

        d.field = TriageDecision::Field::Team;
        d.suggested = d.chosen = QStringLiteral("Integrations & API");
        d.decidedAt = kT0 + 6;
        QVERIFY(ts.decide(d).ok());
        QCOMPARE(m_store->ticket(1).value()->groupId, 2);

        // A team with no group of that name is recorded but leaves the ticket's group alone.
        d.chosen = QStringLiteral("Data & Analytics");
        d.decidedAt = kT0 + 7;
        QVERIFY(ts.decide(d).ok());
        QCOMPARE(m_store->ticket(1).value()->groupId, 2);

        auto list = ts.decisions(1);
        QVERIFY(list.ok());
        QCOMPARE(list.value().size(), std::size_t(3));
        QCOMPARE(list.value()[0].chosen, QStringLiteral("Data & Analytics")); // newest first
        QVERIFY(!list.value()[0].accepted());
        QVERIFY(list.value()[1].accepted());
        QCOMPARE(list.value()[2].field, TriageDecision::Field::Priority);
        QCOMPARE(list.value()[2].agent, QStringLiteral("Rosa Delgado"));
    }

    void decide_refusesBadInput_andChangesNothing()
    {
        TriageStore ts(m_store->db());
        TriageDecision d;
        d.ticketId = 1;
        d.field = TriageDecision::Field::Priority;
        d.suggested = QStringLiteral("P1");
        d.chosen = QStringLiteral("P7");
        auto r = ts.decide(d);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QVERIFY(r.error().message.contains(QStringLiteral("P7")));
        d.chosen = QStringLiteral("   ");
        QCOMPARE(ts.decide(d).error().kind, Error::Kind::BadPayload);
        d.ticketId = 999;
        d.chosen = QStringLiteral("P0");
        QCOMPARE(ts.decide(d).error().kind, Error::Kind::NotFound);
        QCOMPARE(m_store->ticket(1).value()->priority, Priority::P2);
        QVERIFY(ts.decisions(1).value().empty());
        QVERIFY(ts.decisions(999).value().empty());
    }

    void draftOutcomes_countTheLatestDraftDecisionPerTicket()
    {
        TriageStore ts(m_store->db());
        auto draft = [&](qint64 ticket, const QString &suggested, const QString &chosen, qint64 at) {
            TriageDecision d;
            d.ticketId = ticket;
            d.field = TriageDecision::Field::Draft;
            d.suggested = suggested;
            d.chosen = chosen;
            d.decidedAt = at;
            auto r = ts.recordDecision(d);
            QVERIFY2(r.ok(), qPrintable(r ? QString() : r.error().message));
        };
        const QString text = QStringLiteral("Hello Ana, your refund is on its way.");
        draft(1, text, text, kT0 + 100);                                          // used as drafted
        draft(2, text, text + QStringLiteral(" Sorry for the wait."), kT0 + 100); // edited
        draft(3, text, QStringLiteral("  "), kT0 + 100);                          // discarded
        draft(4, text, QStringLiteral("Something else"), kT0 + 100);              // edited first …
        draft(4, text, text, kT0 + 200);                                          // … then kept as drafted: the latest counts
        draft(5, text, text, kT0 - 100);                                          // before the window
        auto all = ts.draftOutcomes(kT0);
        QVERIFY(all.ok());
        QCOMPARE(all.value().unchanged, qint64(2));
        QCOMPARE(all.value().edited, qint64(1));
        QCOMPARE(all.value().discarded, qint64(1));
        QCOMPARE(all.value().total(), qint64(4));
        // And which tickets, newest decision first, for the overview's click-through.
        QCOMPARE(all.value().unchangedIds, (std::vector<qint64>{4, 1}));
        QCOMPARE(all.value().editedIds, std::vector<qint64>{2});
        QCOMPARE(all.value().discardedIds, std::vector<qint64>{3});
        QCOMPARE(ts.draftOutcomes(kT0 + 150).value().total(), qint64(1));
        // Other fields still need a value.
        TriageDecision empty;
        empty.ticketId = 1;
        empty.field = TriageDecision::Field::Team;
        empty.chosen = QStringLiteral(" ");
        QCOMPARE(ts.recordDecision(empty).error().kind, Error::Kind::BadPayload);
    }

    void draftDecision_tellsUnchangedEditedAndDiscardedApart()
    {
        const QString draft = QStringLiteral("Hello Ana,\nyour refund of $42.00 for order 4411 is on its way.");
        const TriageDecision same = draftDecision(7, draft, QStringLiteral("  ") + draft + QStringLiteral("\n"));
        QCOMPARE(same.field, TriageDecision::Field::Draft);
        QCOMPARE(same.ticketId, qint64(7));
        QVERIFY(same.accepted());
        const TriageDecision edited = draftDecision(7, draft, draft + QStringLiteral(" Sorry for the wait!"));
        QVERIFY(!edited.accepted());
        QVERIFY(edited.chosen.endsWith(QStringLiteral("wait!")));
        const TriageDecision rewritten = draftDecision(7, draft, QStringLiteral("Hi, I have escalated this to billing."));
        QVERIFY(rewritten.chosen.isEmpty()); // fewer than half of the draft's words kept: discarded
        QVERIFY(draftDecision(7, draft, QString()).chosen.isEmpty());
        // Recorded, they count as the overview's three outcomes.
        TriageStore ts(m_store->db());
        for (auto [ticket, d] : {std::pair{1, same}, std::pair{2, edited}, std::pair{3, rewritten}}) {
            d.ticketId = ticket;
            d.decidedAt = kT0;
            QVERIFY(ts.recordDecision(d).ok());
        }
        const DraftOutcomes o = ts.draftOutcomes(kT0).value();
        QCOMPARE(o.unchanged, qint64(1));
        QCOMPARE(o.edited, qint64(1));
        QCOMPARE(o.discarded, qint64(1));
    }

    void guardianAndOpportunity_areLabelledExamples_spelledOneWay()
    {
        TriageStore ts(m_store->db());
        TriageDecision d;
        d.ticketId = 1;
        d.field = TriageDecision::Field::Guardian;
        d.suggested = QStringLiteral("watch");
        d.chosen = QStringLiteral(" Critical ");
        d.agent = QStringLiteral("Rosa Delgado");
        auto g = ts.decide(d);
        QVERIFY2(g.ok(), qPrintable(g ? QString() : g.error().message));
        QCOMPARE(g.value().chosen, QStringLiteral("critical"));
        d.field = TriageDecision::Field::Opportunity;
        d.suggested = QStringLiteral("no");
        d.chosen = QStringLiteral("YES");
        QCOMPARE(ts.decide(d).value().chosen, QStringLiteral("yes"));
        // Not a level, not yes/no: refused, nothing stored.
        d.chosen = QStringLiteral("maybe");
        QCOMPARE(ts.decide(d).error().kind, Error::Kind::BadPayload);
        d.field = TriageDecision::Field::Guardian;
        d.chosen = QStringLiteral("severe");
        QCOMPARE(ts.decide(d).error().kind, Error::Kind::BadPayload);
        // Neither touches the ticket; both read back with their field.
        QCOMPARE(m_store->ticket(1).value()->priority, Priority::P2);
        const auto list = ts.decisions(1).value();
        QCOMPARE(list.size(), std::size_t(2));
        QCOMPARE(list[0].field, TriageDecision::Field::Opportunity);
        QCOMPARE(list[1].field, TriageDecision::Field::Guardian);
        QVERIFY(!list[1].accepted());
        QCOMPARE(parseField(QStringLiteral("guardian")), std::optional(TriageDecision::Field::Guardian));
        QCOMPARE(fieldName(TriageDecision::Field::Opportunity), QStringLiteral("opportunity"));
    }
};

QTEST_GUILESS_MAIN(TriageStoreTest)
#include "triagestore_test.moc"
