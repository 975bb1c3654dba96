#include <models/reviewstore.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <services/batchtriage.h>
#include <services/reviewimport.h>
#include <services/triageloader.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <optional>

using namespace cosmicdesk;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Two incremental-export pages saved back to back: a deleted ticket, ticket 12 twice (the second
// copy newer), a closed one, Zendesk's default "normal" on one and a chosen "urgent" on another.
const char *kPages = R"({"tickets":[
 {"id":11,"subject":"Checkout down for every customer","description":"Since 9:00 nobody can pay, every order fails with error 500.","status":"open","priority":"urgent","via":{"channel":"voice"},"organization_id":7,"created_at":"2026-11-02T09:05:00Z","updated_at":"2026-11-02T09:10:00Z"},
 {"id":12,"subject":"Old subject","description":"How do I change my invoice address?","status":"open","priority":"normal","organization_id":8,"created_at":"2026-11-02T10:00:00Z","updated_at":"2026-11-02T10:00:00Z"},
 {"id":13,"subject":"gone","description":"spam","status":"deleted","organization_id":8,"created_at":"2026-11-02T11:00:00Z","updated_at":"2026-11-02T11:00:00Z"}
],"end_of_stream":false}
{"tickets":[
 {"id":12,"subject":"New subject","description":"How do I change my invoice address? Thanks.","status":"pending","priority":"normal","organization_id":8,"created_at":"2026-11-02T10:00:00Z","updated_at":"2026-11-03T08:00:00Z"},
 {"id":14,"subject":"Thanks, all good","description":"Solved, you can close this.","status":"closed","priority":"low","organization_id":7,"created_at":"2026-11-03T12:00:00Z","updated_at":"2026-11-04T12:00:00Z"}
],"end_of_stream":true})";

} // namespace

class ReviewImportTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<triage::Engine> m_engine;
    QString m_identity;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    services::ReviewImportOptions options() const
    {
        services::ReviewImportOptions o;
        o.engineIdentity = m_identity;
        o.profileName = QStringLiteral("default");
        o.batchSize = 2; // several batches even for a small file
        return o;
    }

    models::Result<services::ReviewImportSummary> import(const QString &file, const QString &target, const services::ReviewImportOptions &o)
    {
        return services::importReview(file, target, *m_engine, o);
    }

    static bool leftovers(const QString &target)
    {
        return QFile::exists(target + QStringLiteral(".partial")) || QFile::exists(target + QStringLiteral(".partial-wal"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto loaded = services::loadEngine(QString());
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        m_engine = std::move(loaded.value().engine);
        m_identity = loaded.value().identity;
    }

    void zendeskPages_deletedDuplicatesClosedAndDefaults()
    {
        const QString file = write(QStringLiteral("pages.json"), kPages);
        const QString target = m_dir.filePath(QStringLiteral("pages.cosmicdesk"));
        auto r = import(file, target, options());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const auto &s = r.value().source;
        QCOMPARE(s.format, QStringLiteral("zendesk-json"));
        QCOMPARE(s.tickets, 3); // 11, the newer 12, 14
        QCOMPARE(s.deleted, 1);
        QCOMPARE(s.duplicates, 1);
        QCOMPARE(s.closed, 1);
        QVERIFY(!leftovers(target));

        auto store = models::TicketStore::open(target);
        QVERIFY(store.ok());
        QCOMPARE(store.value()->ticketCount().value(), 3);
        models::ReviewStore review(store.value()->db());
        QCOMPARE(review.source().value()->tickets, 3);
        std::vector<models::ReviewRow> rows;
        QVERIFY(review
                    .forEachRow([&](const models::ReviewRow &row) {
                        rows.push_back(row);
                        return true;
                    })
                    .ok());
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[0].item.sourceId, QStringLiteral("11"));
        QCOMPARE(rows[0].priority.label, QStringLiteral("P0")); // urgent, an agent's choice
        QCOMPARE(rows[0].channel, QStringLiteral("phone"));     // Zendesk's "voice"
        QVERIFY(rows[0].triaged);
        // The newer copy of 12, whose "normal" is Zendesk's default: shown, not an agent's label.
        QCOMPARE(rows[1].item.sourceId, QStringLiteral("12"));
        QCOMPARE(rows[1].subject, QStringLiteral("New subject"));
        QCOMPARE(rows[1].status, QStringLiteral("pending"));
        QVERIFY(rows[1].item.labelIsDefault);
        QCOMPARE(rows[1].item.labelPriority, QStringLiteral("P2"));
        QVERIFY(rows[1].priority.label.isEmpty());
        QVERIFY(!store.value()->ticket(rows[1].item.ticketId).value()->priority.has_value());
        QCOMPARE(rows[2].status, QStringLiteral("closed"));
        // Every kept ticket carries the engine's suggestion, by the engine's identity: the window's
        // triage finds nothing to redo.
        models::TriageStore triage(store.value()->db());
        QVERIFY(triage.pending(m_identity).value().empty());
        // Nothing is queued for Zendesk: a review never sends.
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void csvLabels_andTheSameSuggestionsAsTheLiveTriage()
    {
        const QString file =
            write(QStringLiteral("seed.csv"),
                  "ticket_id,customer_name,subject,description,actual_priority,channel,timestamp,mrr,team,guardian,opportunity\n"
                  "A1,Acme,Refund please,I was charged twice for order 1002.,P2,email,2026-11-01 09:00,1200,Compliance & Operations,no,no\n"
                  "A2,Acme,Charged twice again,Second time this week I am charged twice. We are looking at other vendors.,P1,web,"
                  "2026-11-03 09:00,1200,Compliance & Operations,yes,no\n"
                  "A3,Beta,\"Add 20 seats\",\"We'd like to add 20 paid seats, what is the price?\",P3,chat,2026-11-03 10:00,300,,no,yes\n");
        const QString target = m_dir.filePath(QStringLiteral("seed.cosmicdesk"));
        auto r = import(file, target, options());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value().source.tickets, 3);
        auto store = models::TicketStore::open(target);
        QVERIFY(store.ok());
        models::ReviewStore review(store.value()->db());
        auto a2 = review.row(2);
        QVERIFY(a2.ok() && a2.value());
        QCOMPARE(a2.value()->item.sourceId, QStringLiteral("A2"));
        QCOMPARE(a2.value()->guardian.label, QStringLiteral("yes"));
        QCOMPARE(a2.value()->team.label, QStringLiteral("Compliance & Operations"));
        QCOMPARE(a2.value()->mrr, 1200.0);
        // The two Acme tickets share an account: the second's history is the first.
        QCOMPARE(store.value()->ticket(1).value()->organizationId, store.value()->ticket(2).value()->organizationId);

        // The stored suggestion is what the engine says of the ticket with that history.
        auto text = [](std::string subject, std::string body, std::string channel) {
            triage::TicketText t;
            t.subject = std::move(subject);
            t.body = std::move(body);
            t.channel = std::move(channel);
            t.mrr = 1200;
            t.context["company"] = "Acme";
            t.names.push_back("Acme");
            return t;
        };
        triage::Engine::Options quick;
        quick.drafts = false;
        const auto first = m_engine->assess(text("Refund please", "I was charged twice for order 1002.", "email"), quick);
        auto t = text("Charged twice again", "Second time this week I am charged twice. We are looking at other vendors.", "web");
        t.history.push_back({2.0, first.category.label, first.sentiment.label});
        const auto expected = m_engine->assess(t, quick);
        QCOMPARE(a2.value()->priority.suggested, QString::fromLatin1(triage::priorityName(expected.priority.priority).data()));
        QCOMPARE(a2.value()->guardian.suggested, expected.guardian.alert ? QStringLiteral("yes") : QStringLiteral("no"));

        // A correction is a decision, and the row shows it as the label that counts.
        models::TriageStore decisions(store.value()->db());
        models::TriageDecision d;
        d.ticketId = 2;
        d.field = models::TriageDecision::Field::Priority;
        d.suggested = a2.value()->priority.suggested;
        d.chosen = a2.value()->priority.suggested == QStringLiteral("P0") ? QStringLiteral("P1") : QStringLiteral("P0");
        d.agent = QStringLiteral("analyst");
        QVERIFY(decisions.decide(d).ok());
        auto after = review.row(2);
        QCOMPARE(after.value()->priority.corrected, d.chosen);
        QCOMPARE(after.value()->priority.decided(), d.chosen);
        QVERIFY(after.value()->reviewed);
        QVERIFY(after.value()->priority.disagrees());
        QCOMPARE(review.progress().value().reviewed, 1);
    }

    void malformedLine_stopsNamingItAndLeavesTheWorkspace()
    {
        const QByteArray good = R"({"id":1,"subject":"Login fails","description":"I cannot log in since this morning.","status":"open"})";
        const QString file = write(QStringLiteral("bad.ndjson"),
                                   good + "\n" + R"({"id":2,"subject":"ok","description":"fine"})" + "\n{\"id\":3,\"subject\": oops}\n" +
                                       R"({"id":4,"subject":"Refund","description":"Where is my refund?"})" + "\n");
        // An earlier review at the target stays byte for byte.
        const QString target = m_dir.filePath(QStringLiteral("kept.cosmicdesk"));
        QVERIFY(import(write(QStringLiteral("one.ndjson"), good + "\n" + good + "\n"), target, options()).ok());
        const QByteArray before = fileHash(target);
        auto o = options();
        o.replace = true;
        auto r = import(file, target, o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, models::Error::Kind::BadPayload);
        QVERIFY2(r.error().message.contains(QStringLiteral("line 3")), qPrintable(r.error().message));
        QCOMPARE(fileHash(target), before);
        QVERIFY(!leftovers(target));

        // Under the skip policy the line is left out and reported.
        o.import.skipMalformed = true;
        auto skipped = import(file, target, o);
        QVERIFY2(skipped.ok(), qPrintable(skipped.ok() ? QString() : skipped.error().message));
        QCOMPARE(skipped.value().source.tickets, 3);
        QCOMPARE(skipped.value().source.malformed, 1);
        QVERIFY(skipped.value().source.skippedRows.value(0).startsWith(QStringLiteral("line 3")));
        QVERIFY(fileHash(target) != before);
    }

    void cancel_leavesNothing()
    {
        QByteArray lines;
        for (int i = 1; i <= 50; ++i)
            lines +=
                QStringLiteral(R"({"id":%1,"subject":"Parcel %1 late","description":"My parcel has not arrived."})").arg(i).toUtf8() + "\n";
        const QString file = write(QStringLiteral("fifty.ndjson"), lines);
        const QString target = m_dir.filePath(QStringLiteral("cancelled.cosmicdesk"));
        std::atomic_bool cancel{false};
        std::size_t calls = 0;
        auto r = services::importReview(
            file, target, *m_engine, options(),
            [&](services::ReviewImportPhase phase, std::size_t, std::size_t) {
                if (phase == services::ReviewImportPhase::Reading && ++calls == 3)
                    cancel = true;
            },
            &cancel);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, models::Error::Kind::Cancelled);
        QVERIFY(!QFile::exists(target));
        QVERIFY(!leftovers(target));
    }

    void neverReplacesAnAccountsWorkspace()
    {
        const QString target = m_dir.filePath(QStringLiteral("account.cosmicdesk"));
        {
            auto live = models::TicketStore::open(target);
            QVERIFY(live.ok());
            QVERIFY(live.value()->setMeta(QStringLiteral("zendesk.address"), QStringLiteral("https://acme.zendesk.com")).ok());
        }
        const QByteArray before = fileHash(target);
        auto o = options();
        o.replace = true;
        auto r = import(write(QStringLiteral("p.json"), kPages), target, o);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("not a review workspace")), qPrintable(r.error().message));
        QCOMPARE(fileHash(target), before);
        // Without replace, nothing at all is replaced.
        auto again = import(write(QStringLiteral("p.json"), kPages), target, options());
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.contains(QStringLiteral("exists")));
    }

    void columnMap_readsAnyCsv_andRefusesAMisspelledColumn()
    {
        const QString file = write(QStringLiteral("other.csv"), "Ticket ID,Company,Ticket Subject,Ticket Description,Prio\n"
                                                                "T-1,Acme,Site down,Our whole shop is offline since 8:00,P0\n"
                                                                "T-2,Beta,Question,How do I export my invoices?,P3\n");
        auto o = options();
        auto map = models::TicketImporter::parseColumnMap(QStringLiteral(
            "ticket_id=Ticket ID,customer_name=Company,subject=Ticket Subject,description=Ticket Description,actual_priority=Prio"));
        QVERIFY(map.ok());
        o.import.columnMap = map.value();
        const QString target = m_dir.filePath(QStringLiteral("mapped.cosmicdesk"));
        auto r = import(file, target, o);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        auto store = models::TicketStore::open(target);
        models::ReviewStore review(store.value()->db());
        auto row = review.row(1);
        QCOMPARE(row.value()->subject, QStringLiteral("Site down"));
        QCOMPARE(row.value()->item.sourceId, QStringLiteral("T-1"));
        QCOMPARE(row.value()->item.customer, QStringLiteral("Acme"));
        QCOMPARE(row.value()->priority.label, QStringLiteral("P0"));

        o.import.columnMap = {{QStringLiteral("subject"), QStringLiteral("Ticket Subjekt")}};
        auto bad = import(file, m_dir.filePath(QStringLiteral("misspelled.cosmicdesk")), o);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.contains(QStringLiteral("no column \"Ticket Subjekt\"")), qPrintable(bad.error().message));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("misspelled.cosmicdesk"))));
        QVERIFY(!models::TicketImporter::parseColumnMap(QStringLiteral("subjet=Title")).ok());
        QVERIFY(!models::TicketImporter::parseColumnMap(QStringLiteral("subject")).ok());
    }

    // One pass for a file in time order, a second for what came out of order or was replaced: either
    // way every suggestion is the one the two-pass rule of `cosmicdesk triage` gives.
    void outOfOrderAndReplaced_sameSuggestionsAsTheTwoPassRule()
    {
        const char *texts[][2] = {
            {"Charged twice", "I was charged twice for my order."},
            {"Charged twice again", "Again a double charge. This is the second time this week, we are considering other vendors."},
            {"Where is my parcel", "My parcel has not arrived yet."},
            {"Still no parcel", "Third time I write about the same parcel, still nothing."},
            {"Add seats", "We would like to add 10 paid seats."},
            {"Site down", "Checkout is down for all our customers."},
        };
        QByteArray lines;
        // Accounts 1-3; times out of order for account 2; ticket 104 given twice (the later copy newer).
        const int order[][4] = {// id, account, day, text
                                {101, 1, 1, 0}, {102, 1, 2, 1}, {103, 2, 5, 2}, {104, 2, 3, 3}, {105, 3, 1, 4},
                                {106, 1, 3, 5}, {104, 2, 4, 3}, {107, 2, 6, 1}, {108, 3, 2, 0}, {109, 1, 4, 3}};
        int updated = 0;
        for (const auto &o : order) {
            const QString line = QStringLiteral(R"({"id":%1,"subject":"%2","description":"%3","organization_id":%4,)"
                                                R"("created_at":"2026-11-%5T09:00:00Z","updated_at":"2026-11-20T10:%6:00Z"})")
                                     .arg(o[0])
                                     .arg(QString::fromLatin1(texts[o[3]][0]), QString::fromLatin1(texts[o[3]][1]))
                                     .arg(o[1])
                                     .arg(o[2], 2, 10, QLatin1Char('0'))
                                     .arg(++updated, 2, 10, QLatin1Char('0'));
            lines += line.toUtf8() + "\n";
        }
        const QString file = write(QStringLiteral("shuffled.ndjson"), lines);
        for (std::size_t batch : {std::size_t(1), std::size_t(3), std::size_t(100)}) {
            auto o = options();
            o.batchSize = batch;
            const QString target = m_dir.filePath(QStringLiteral("shuffled-%1.cosmicdesk").arg(batch));
            auto r = import(file, target, o);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QCOMPARE(r.value().source.tickets, 9);
            QCOMPARE(r.value().source.duplicates, 1);

            // The reference: both passes in full.
            services::ExportTriage reference(*m_engine, {});
            std::vector<models::ImportedTicket> all;
            QVERIFY(models::TicketImporter::stream(file, models::TicketImporter::Format::Auto, 100,
                                                   [&](std::vector<models::ImportedTicket> &b) -> models::Result<void> {
                                                       for (auto &t : b)
                                                           all.push_back(t);
                                                       return {};
                                                   })
                        .ok());
            reference.observe(all);
            reference.finishObserving();
            triage::Engine::Options full;
            full.drafts = false;
            auto expected = reference.assess(all, 0, full);
            QVERIFY(expected.ok());
            auto store = models::TicketStore::open(target);
            models::TriageStore stored(store.value()->db());
            int withHistory = 0;
            for (std::size_t p = 0; p < all.size(); ++p) {
                auto rec = stored.record(static_cast<qint64>(p + 1));
                QVERIFY(rec.ok());
                if (!reference.used(p)) {
                    QVERIFY(!rec.value().has_value());
                    continue;
                }
                QVERIFY(rec.value().has_value());
                withHistory += reference.history(p).empty() ? 0 : 1;
                const auto &want = expected.value()[p];
                const auto &got = rec.value()->assessment;
                QCOMPARE(int(got.priority.priority), int(want.priority.priority));
                QCOMPARE(got.category.label, want.category.label);
                QCOMPARE(got.team.label, want.team.label);
                QCOMPARE(got.guardian.score, want.guardian.score);
                QCOMPARE(got.opportunity.score, want.opportunity.score);
            }
            QVERIFY(withHistory >= 4); // the file exercises history, not only its absence
        }
    }

    void job_reportsProgressAndFinishes()
    {
        const QString file = write(QStringLiteral("job.json"), kPages);
        const QString target = m_dir.filePath(QStringLiteral("job.cosmicdesk"));
        services::ReviewImportJob job(file, target, QString(), options());
        std::optional<models::Result<services::ReviewImportSummary>> result;
        connect(&job, &services::ReviewImportJob::finished, this, [&](const auto &r) { result = r; });
        job.start();
        QVERIFY(job.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60000);
        QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().message));
        QCOMPARE(result->value().source.tickets, 3);
        QVERIFY(!job.isRunning());
        QVERIFY(QFile::exists(target));
    }
};

QTEST_GUILESS_MAIN(ReviewImportTest)
#include "reviewimport_test.moc"
