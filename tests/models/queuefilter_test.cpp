#include "queuerows.h"

#include <models/queuefilter.h>
#include <models/textfold.h>
#include <models/ticketqueuemodel.h>

#include <QTest>

using namespace cosmicdesk::models;

namespace {
constexpr qint64 kNow = 1800000000;

std::vector<qint64> matching(const QueueData &d, const QueueFilter &f)
{
    const SlaPolicy sla;
    const QueueMatcher m(d, f, sla, kNow);
    std::vector<qint64> ids;
    for (std::size_t r = 0; r < d.rowCount(); ++r)
        if (m.matches(r))
            ids.push_back(d.id[r]);
    return ids;
}

QueueFilter text(const QString &t)
{
    QueueFilter f;
    f.text = t;
    return f;
}
} // namespace

class QueueFilterTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fold_ignoresCaseAndAccents()
    {
        QCOMPARE(foldText(QStringLiteral("Café ÉCLAIR Müller")), std::string("cafe eclair muller"));
        QCOMPARE(foldText(QStringLiteral("ABC\tdef")), std::string("abc def"));
        // The engine's fold (triage::utf8::fold), so the queue and the tokenizer agree.
        QCOMPARE(foldText(QStringLiteral("Trường Straße Søren ＡＢＣ ΣΟΦΊΑ")), std::string("truong strasse soren abc σοφια"));
    }
    void text_findsVietnameseWithoutTones()
    {
        auto d = queuerows::sample(kNow);
        d->upsert(queuerows::row(9, QStringLiteral("Đơn hàng chưa giao"), QStringLiteral("Trường Nguyễn"), 2, 1, kNow - 600));
        QCOMPARE(matching(*d, text(QStringLiteral("Truong"))), (std::vector<qint64>{9}));
        QCOMPARE(matching(*d, text(QStringLiteral("trường"))), (std::vector<qint64>{9}));
        QCOMPARE(matching(*d, text(QStringLiteral("don hang"))), (std::vector<qint64>{9}));
    }
    void text_matchesSubjectRequesterEmailAndId()
    {
        const auto d = queuerows::sample(kNow);
        QCOMPARE(matching(*d, text(QStringLiteral("refund"))), (std::vector<qint64>{2, 6}));
        QCOMPARE(matching(*d, text(QStringLiteral("cafe"))), (std::vector<qint64>{3}));       // accent-blind
        QCOMPARE(matching(*d, text(QStringLiteral("MULLER"))), (std::vector<qint64>{2}));     // requester name
        QCOMPARE(matching(*d, text(QStringLiteral("bob@"))), (std::vector<qint64>{5}));       // e-mail
        QCOMPARE(matching(*d, text(QStringLiteral("#8"))), (std::vector<qint64>{8}));         // ticket id
        QCOMPARE(matching(*d, text(QStringLiteral("jane refund"))), (std::vector<qint64>{})); // every word must match
        QCOMPARE(matching(*d, text(QStringLiteral("jane webhooks"))), (std::vector<qint64>{1}));
        QCOMPARE(matching(*d, text(QStringLiteral("   "))).size(), std::size_t(8));
    }
    void fields_priorityStatusTeamAndFlags()
    {
        const auto d = queuerows::sample(kNow);
        QueueFilter f;
        f.priorityMask = 0b0011; // P0 and P1
        QCOMPARE(matching(*d, f), (std::vector<qint64>{1, 5, 8}));
        f = {};
        f.priorityMask = 0b0100; // P2: the suggestion counts when the agent set none
        QCOMPARE(matching(*d, f), (std::vector<qint64>{2, 6, 7}));
        f = {};
        f.statusMask = QueueFilter::activeStatuses();
        QCOMPARE(matching(*d, f).size(), std::size_t(7));
        f = {};
        f.teams << QStringLiteral("Data & Analytics");
        QCOMPARE(matching(*d, f), (std::vector<qint64>{1, 3, 5, 7}));
        f = {};
        f.flags = QueueFilter::GuardianAlert;
        QCOMPARE(matching(*d, f), (std::vector<qint64>{2}));
        f.flags = QueueFilter::Opportunity;
        QCOMPARE(matching(*d, f), (std::vector<qint64>{4}));
        f.flags = QueueFilter::Unassigned;
        QCOMPARE(matching(*d, f).size(), std::size_t(8));
        // Breached: 2 (P2, 30 h without a reply), 5 (P1, 3 h), 8 (P1, 26 h); 6 is pending, its clock paused.
        f.flags = QueueFilter::SlaBreached;
        QCOMPARE(matching(*d, f), (std::vector<qint64>{2, 5, 8}));
    }
    void fields_theOverviewsClickThrough()
    {
        const auto d = queuerows::sample(kNow);
        QueueFilter f;
        f.ticketIds = {7, 3, 99}; // 99 is not in the queue
        QCOMPARE(matching(*d, f), (std::vector<qint64>{3, 7}));
        f.priorityMask = 0b0100; // and P2
        QCOMPARE(matching(*d, f), (std::vector<qint64>{7}));
        f = {};
        f.createdFrom = kNow + 1; // nothing was created in the future
        QVERIFY(matching(*d, f).empty());
        f = {};
        f.createdTo = kNow + 1;
        QCOMPARE(matching(*d, f).size(), std::size_t(8));
        f = {};
        f.suggestedMask = 0b1111; // a suggestion of any level: every sample row has one or not
        const auto suggested = matching(*d, f);
        f.suggestedMask = 0b10000; // none
        QCOMPARE(suggested.size() + matching(*d, f).size(), std::size_t(8));
    }
    void refines_onlyWhenEveryRowOfTheNarrowerMatchesTheWider()
    {
        QVERIFY(QueueMatcher::refines(text(QStringLiteral("refu")), text(QStringLiteral("ref"))));
        QVERIFY(QueueMatcher::refines(text(QStringLiteral("refund dhl")), text(QStringLiteral("refund"))));
        QVERIFY(!QueueMatcher::refines(text(QStringLiteral("ref")), text(QStringLiteral("refu"))));
        QVERIFY(!QueueMatcher::refines(text(QStringLiteral("dhl")), text(QStringLiteral("refund"))));
        QueueFilter a = text(QStringLiteral("refund"));
        a.priorityMask = 1;
        QVERIFY(!QueueMatcher::refines(a, text(QStringLiteral("ref"))));
    }
    void sortedRows_ordersEachColumnWithEmptiesLast()
    {
        const auto d = queuerows::sample(kNow);
        const SlaPolicy sla;
        auto ids = [&](int column, Qt::SortOrder order) {
            std::vector<qint64> out;
            for (quint32 r : sortedRows(*d, column, order, sla, kNow))
                out.push_back(d->id[r]);
            return out;
        };
        QCOMPARE(ids(TicketQueueModel::IdColumn, Qt::DescendingOrder), (std::vector<qint64>{8, 7, 6, 5, 4, 3, 2, 1}));
        QCOMPARE(ids(TicketQueueModel::PriorityColumn, Qt::AscendingOrder), (std::vector<qint64>{1, 5, 8, 2, 6, 3, 4, 7}));
        QCOMPARE(ids(TicketQueueModel::PriorityColumn, Qt::DescendingOrder), (std::vector<qint64>{3, 4, 2, 6, 5, 8, 1, 7}));
        QCOMPARE(ids(TicketQueueModel::SubjectColumn, Qt::AscendingOrder).front(), qint64(5));   // "API returns 429"
        QCOMPARE(ids(TicketQueueModel::SubjectColumn, Qt::AscendingOrder).back(), qint64(1));    // "Webhooks…"
        QCOMPARE(ids(TicketQueueModel::RequesterColumn, Qt::AscendingOrder).front(), qint64(3)); // Ahmad
        QCOMPARE(ids(TicketQueueModel::AgeColumn, Qt::AscendingOrder).front(), qint64(7));       // youngest
        // SLA: most overdue first; solved (3) and pending (6) have no clock and go last.
        const auto sla_ = ids(TicketQueueModel::SlaColumn, Qt::AscendingOrder);
        QCOMPARE(sla_.front(), qint64(8));
        QCOMPARE((std::vector<qint64>(sla_.end() - 2, sla_.end())), (std::vector<qint64>{3, 6}));
    }
};

QTEST_APPLESS_MAIN(QueueFilterTest)
#include "queuefilter_test.moc"
