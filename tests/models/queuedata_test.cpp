#include "queuerows.h"

#include <models/queuedata.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace cosmicdesk::models;

class QueueDataTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idIndex_findsEveryIdAndNothingElse()
    {
        IdIndex index;
        std::mt19937_64 rng(1);
        std::vector<qint64> ids;
        for (int i = 0; i < 20000; ++i)
            ids.push_back(static_cast<qint64>(rng() % 1000000000000ull) - 500000000000ll); // sparse, some negative
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (std::size_t i = 0; i < ids.size(); ++i)
            index.insert(ids[i], static_cast<quint32>(i));
        QCOMPARE(index.size(), ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(index.find(ids[i]), std::optional<quint32>(static_cast<quint32>(i)));
        QVERIFY(!index.find(ids.front() - 1).has_value());
        QCOMPARE(index.value(ids.back() + 1, 77u), 77u);
        index.insert(ids[5], 999); // replacing keeps the size
        QCOMPARE(index.size(), ids.size());
        QCOMPARE(index.value(ids[5]), 999u);
        QVERIFY(!IdIndex().find(0).has_value());
    }

    void rowOf_coversRowsInAndOutOfIdOrder()
    {
        auto d = queuerows::sample(1800000000);
        QCOMPARE(d->rowOf(1), qint64(0));
        QCOMPARE(d->rowOf(8), qint64(7));
        QCOMPARE(d->rowOf(9), qint64(-1));
        // A late, older ticket (e.g. mirrored after newer ones) is appended out of id order.
        d->upsert(queuerows::row(50, QStringLiteral("later"), QStringLiteral("A B"), 1, 1, 1));
        d->upsert(queuerows::row(4, QStringLiteral("update of 4"), QStringLiteral("Jane Roe"), 1, 1, 1));
        d->upsert(queuerows::row(20, QStringLiteral("out of order"), QStringLiteral("C D"), 1, 1, 1));
        QCOMPARE(d->rowCount(), std::size_t(10));
        QCOMPARE(d->rowOf(50), qint64(8));
        QCOMPARE(d->rowOf(20), qint64(9));
        QCOMPARE(d->rowOf(4), qint64(3));
        QCOMPARE(d->subject.at(3), std::string_view("update of 4"));
        QCOMPARE(d->foldedSubject.at(3), std::string_view("update of 4"));
    }

    void load_readsSolvedTimeSuggestedTeamAndGuardianScore_acrossParts()
    {
        // 25,000 tickets load in parts (one per core); every third has a suggestion, whose team is one
        // of the two groups or a team no group has.
        QStandardPaths::setTestModeEnabled(true);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("q.db"));
        auto store = TicketStore::open(path);
        QVERIFY(store.ok());
        StoreBatch b;
        b.groups = {{1, QStringLiteral("Integrations & API")}, {2, QStringLiteral("Data & Analytics")}};
        const int n = 25000;
        for (int i = 1; i <= n; ++i) {
            Ticket t;
            t.id = i;
            t.subject = QStringLiteral("Ticket %1").arg(i);
            t.description = QStringLiteral("d");
            t.status = i % 2 ? TicketStatus::Solved : TicketStatus::Open;
            t.groupId = 1 + i % 2;
            t.createdAt = 1790000000 + i;
            t.updatedAt = t.createdAt + 10;
            t.solvedAt = i % 2 ? t.createdAt + 100 : 0;
            b.tickets.push_back(t);
        }
        QVERIFY(store.value()->write(b).ok());
        const char *const teams[] = {"Integrations & API", "Data & Analytics", "Compliance & Operations"};
        std::vector<TriageRecord> records;
        for (int i = 3; i <= n; i += 3) {
            TriageRecord r;
            r.ticketId = i;
            r.engine = QStringLiteral("e");
            r.ticketUpdatedAt = 1790000000 + i + 10;
            r.createdAt = 1790000000 + i;
            r.assessment.team.label = teams[(i / 3) % 3];
            r.assessment.guardian.score = i % 101;
            records.push_back(std::move(r));
        }
        QVERIFY(TriageStore(store.value()->db()).write(records).ok());

        auto loaded = QueueData::load(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded ? QString() : loaded.error().message));
        const QueueData &d = *loaded.value();
        QCOMPARE(d.rowCount(), std::size_t(n));
        QCOMPARE(d.solvedAt.size(), std::size_t(n));
        auto teamName = [&](qint64 id) { return d.teams[d.suggestedTeam[static_cast<std::size_t>(d.rowOf(id))]]; };
        auto score = [&](qint64 id) { return int(d.guardianScore[static_cast<std::size_t>(d.rowOf(id))]); };
        QCOMPARE(d.solvedAt[static_cast<std::size_t>(d.rowOf(1))], quint32(1790000000 + 1 + 100));
        QCOMPARE(d.solvedAt[static_cast<std::size_t>(d.rowOf(2))], quint32(0));
        QCOMPARE(teamName(3), QString::fromLatin1(teams[1]));
        QCOMPARE(teamName(9), QString::fromLatin1(teams[0]));
        QCOMPARE(teamName(6), QString::fromLatin1(teams[2]));
        QCOMPARE(teamName(4), QString()); // no suggestion
        QCOMPARE(score(4), 0);
        for (qint64 id : {3, 12000, 12501, 24999}) {
            if (id % 3)
                continue;
            QCOMPARE(teamName(id), QString::fromLatin1(teams[(id / 3) % 3]));
            QCOMPARE(score(id), int(id % 101));
        }
        // The team no group has is one dictionary entry, whichever part met it.
        QCOMPARE(std::count(d.teams.begin(), d.teams.end(), QStringLiteral("Compliance & Operations")), std::ptrdiff_t(1));
        // A suggested team is the index of the group of the same name (ticket 2 is in group 1).
        QCOMPARE(d.suggestedTeam[static_cast<std::size_t>(d.rowOf(9))], d.team[static_cast<std::size_t>(d.rowOf(2))]);

        // A live update reads the same columns.
        auto rows = QueueData::readRows(store.value()->db(), {1, 6, 7});
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), std::size_t(3));
        QCOMPARE(rows.value()[0].solvedAt, qint64(1790000000 + 1 + 100));
        QCOMPARE(rows.value()[1].suggestedTeam, QString::fromLatin1(teams[2]));
        QCOMPARE(rows.value()[1].guardianScore, quint8(6));
        QCOMPARE(rows.value()[2].suggestedTeam, QString());
    }

    void textColumn_replacesShorterInPlaceAndLongerAtTheEnd()
    {
        TextColumn c;
        c.append("alpha");
        c.append("beta");
        c.replace(0, "al");
        c.replace(1, "a much longer text");
        QCOMPARE(c.at(0), std::string_view("al"));
        QCOMPARE(c.at(1), std::string_view("a much longer text"));
        QCOMPARE(c.size(), std::size_t(2));
    }
};

QTEST_APPLESS_MAIN(QueueDataTest)
#include "queuedata_test.moc"
