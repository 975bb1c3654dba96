#include "queuerows.h"

#include <models/queuedata.h>

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
