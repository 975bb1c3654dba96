#include "queuerows.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace cosmicdesk::models;

namespace {
constexpr qint64 kNow = 1800000000;

std::vector<qint64> shownIds(const QueueFilterModel &proxy)
{
    std::vector<qint64> ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids.push_back(proxy.index(r, TicketQueueModel::IdColumn).data(TicketQueueModel::TicketIdRole).toLongLong());
    return ids;
}

bool settle(QueueFilterModel &proxy)
{
    if (!proxy.isBusy())
        return true;
    QSignalSpy done(&proxy, &QueueFilterModel::refreshed);
    return done.wait(10000);
}
} // namespace

class QueueFilterModelTest : public QObject
{
    Q_OBJECT

    TicketQueueModel *m_source = nullptr;
    QueueFilterModel *m_proxy = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;

private Q_SLOTS:
    void init()
    {
        m_source = new TicketQueueModel(nullptr, this);
        m_source->setReferenceTime(kNow);
        m_source->setQueueData(queuerows::sample(kNow));
        m_proxy = new QueueFilterModel(this);
        m_tester = new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        m_proxy->setSourceModel(m_source);
        QVERIFY(settle(*m_proxy));
    }
    void cleanup()
    {
        delete m_tester;
        delete m_proxy;
        delete m_source;
    }

    void unfiltered_showsSourceOrder()
    {
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{1, 2, 3, 4, 5, 6, 7, 8}));
        const QModelIndex i = m_proxy->index(2, TicketQueueModel::SubjectColumn);
        QCOMPARE(i.data().toString(), QStringLiteral("Café order 4411 late"));
        QCOMPARE(m_proxy->mapFromSource(m_proxy->mapToSource(i)), i);
    }

    void filter_resetsToTheMatchingRows_andMapsBothWays()
    {
        QSignalSpy reset(m_proxy, &QAbstractItemModel::modelReset);
        QueueFilter f;
        f.text = QStringLiteral("refund");
        m_proxy->setFilter(f);
        QVERIFY(settle(*m_proxy));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{2, 6}));
        QCOMPARE(m_proxy->rowOfTicket(6), 1);
        QCOMPARE(m_proxy->rowOfTicket(1), -1);
        QVERIFY(!m_proxy->mapFromSource(m_source->index(0, 0)).isValid());
        QCOMPARE(m_proxy->mapToSource(m_proxy->index(1, 0)).row(), m_source->rowOfTicket(6));
    }

    void sort_isALayoutChange_thatKeepsPersistentIndexes()
    {
        const QPersistentModelIndex ticket5 = m_proxy->index(4, TicketQueueModel::SubjectColumn);
        QCOMPARE(ticket5.data().toString(), QStringLiteral("API returns 429"));
        QSignalSpy layout(m_proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy reset(m_proxy, &QAbstractItemModel::modelReset);
        m_proxy->sort(TicketQueueModel::SubjectColumn, Qt::AscendingOrder);
        QVERIFY(settle(*m_proxy));
        QCOMPARE(layout.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(ticket5.row(), 0);
        QCOMPARE(ticket5.data().toString(), QStringLiteral("API returns 429"));
        QCOMPARE(shownIds(*m_proxy).back(), qint64(1));
    }

    void filterThenSort_keepsOnlyMatchesInOrder()
    {
        m_proxy->sort(TicketQueueModel::PriorityColumn, Qt::AscendingOrder);
        QueueFilter f;
        f.statusMask = QueueFilter::activeStatuses();
        m_proxy->setFilter(f);
        QVERIFY(settle(*m_proxy));
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{1, 5, 8, 2, 6, 4, 7}));
    }

    void typing_narrowsToTheSameRowsAsAFreshSearch()
    {
        // Keystroke by keystroke (each search may start from the previous hits) and then a fresh
        // search on a new proxy must agree.
        const QString word = QStringLiteral("refund no"); // "n" alone would match inside "refund"
        for (int i = 1; i <= word.size(); ++i) {
            QueueFilter f;
            f.text = word.left(i);
            m_proxy->setFilter(f);
        }
        QVERIFY(settle(*m_proxy));
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{2}));
        QueueFilter shorter;
        shorter.text = QStringLiteral("ref");
        m_proxy->setFilter(shorter); // widening must not reuse the narrower hits
        QVERIFY(settle(*m_proxy));
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{2, 6}));
    }

    void sourceChanges_reachTheProxy()
    {
        QueueFilter f;
        f.text = QStringLiteral("refund");
        m_proxy->setFilter(f);
        QVERIFY(settle(*m_proxy));
        QSignalSpy refreshed(m_proxy, &QueueFilterModel::refreshed);
        QueueData::Row added = queuerows::row(9, QStringLiteral("Refund twice requested"), QStringLiteral("New Person"), 1, 1, kNow - 60);
        QueueData::Row changed =
            queuerows::row(2, QStringLiteral("Payment question"), QStringLiteral("Zoë Müller"), 2, 1, kNow - 30 * 3600);
        m_source->applyRows({added, changed});
        QCOMPARE(m_source->rowCount(), 9);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(shownIds(*m_proxy), (std::vector<qint64>{6, 9}));
    }

    // Closing the window while a filter runs destroys the model under the job: the job's result is
    // dropped, nothing is called on the dead model (QFuture::then with it as context asserted).
    void destroyedWhileAFilterRuns_dropsTheResult()
    {
        for (int i = 0; i < 20; ++i) {
            auto *proxy = new QueueFilterModel;
            proxy->setSourceModel(m_source);
            QueueFilter f;
            f.text = QStringLiteral("order");
            proxy->setFilter(f);
            delete proxy; // the job is still queued or running
        }
        QThreadPool::globalInstance()->waitForDone(10000);
        QCoreApplication::processEvents();
        QCOMPARE(m_proxy->rowCount(), 8); // the test's own model is untouched
    }

    void emptyResult_isAValidEmptyModel()
    {
        QueueFilter f;
        f.text = QStringLiteral("no such words anywhere");
        m_proxy->setFilter(f);
        QVERIFY(settle(*m_proxy));
        QCOMPARE(m_proxy->rowCount(), 0);
        QVERIFY(!m_proxy->index(0, 0).isValid());
        QCOMPARE(m_proxy->rowOfTicket(1), -1);
    }
};

QTEST_GUILESS_MAIN(QueueFilterModelTest)
#include "queuefiltermodel_test.moc"
