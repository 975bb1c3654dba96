#include "queuerows.h"

#include <models/queuefilter.h>
#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <support/testworkspace.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace cosmicdesk::models;
using cosmicdesk::testsupport::TestWorkspace;

class TicketQueueModelTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void data_showsEachColumnAndRawValues()
    {
        TicketQueueModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = 1800000000;
        model.setReferenceTime(now);
        model.setQueueData(queuerows::sample(now));
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.columnCount(), int(TicketQueueModel::ColumnCount));
        const QModelIndex first = model.index(0, TicketQueueModel::PriorityColumn);
        QCOMPARE(first.data().toString(), QStringLiteral("P0"));
        QCOMPARE(first.data(TicketQueueModel::PriorityCodeRole).toInt(), 0);
        QCOMPARE(model.index(6, TicketQueueModel::PriorityColumn).data(TicketQueueModel::PriorityCodeRole).toInt(), -1);
        QCOMPARE(model.index(6, TicketQueueModel::SuggestedColumn).data().toString(), QStringLiteral("P2"));
        QCOMPARE(model.index(1, TicketQueueModel::RequesterColumn).data().toString(), QStringLiteral("Zoë Müller"));
        QCOMPARE(model.index(1, TicketQueueModel::MrrColumn).data().toString(), QStringLiteral("$3.0k"));
        QCOMPARE(model.index(1, TicketQueueModel::MrrColumn).data(TicketQueueModel::RawValueRole).toLongLong(), qint64(300000));
        QCOMPARE(model.index(0, TicketQueueModel::AgeColumn).data().toString(), QStringLiteral("2h"));
        QCOMPARE(model.index(1, TicketQueueModel::GuardianColumn).data().toString(), QStringLiteral("Alert"));
        QCOMPARE(model.index(4, TicketQueueModel::SlaColumn).data(TicketQueueModel::SlaLevelRole).toInt(), int(SlaState::Level::Breached));
        QCOMPARE(model.index(4, TicketQueueModel::SlaColumn).data().toString(), QStringLiteral("-1h"));
        QVERIFY(!model.index(99, 0).isValid());
        QCOMPARE(model.rowOfTicket(5), 4);
        QCOMPARE(model.ticketIdAt(4), qint64(5));
    }

    void breachRisk_isAPercentageColumn_thatSorts()
    {
        TicketQueueModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = 1800000000;
        model.setReferenceTime(now);
        model.setQueueData(queuerows::sample(now));
        const int col = TicketQueueModel::BreachRiskColumn;
        QCOMPARE(model.headerData(col, Qt::Horizontal).toString(), QStringLiteral("Breach risk"));
        QCOMPARE(model.index(0, col).data().toString(), QString()); // not computed yet
        QCOMPARE(model.index(0, col).data(TicketQueueModel::RawValueRole).toInt(), -1);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // Tickets 1, 2, 5 and 8 are open with a clock; 3 is solved; 99 is not in the queue.
        model.setBreachRisk({1, 2, 3, 5, 8, 99}, {0.25f, 0.9f, 0.0f, 1.0f, 0.001f, 0.5f});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), col);
        QCOMPARE(model.index(0, col).data().toString(), QStringLiteral("25 %"));
        QCOMPARE(model.index(1, col).data().toString(), QStringLiteral("90 %"));
        QCOMPARE(model.index(2, col).data().toString(), QString()); // solved: no clock, nothing to miss
        QCOMPARE(model.index(4, col).data().toString(), QStringLiteral("100 %"));
        QCOMPARE(model.index(7, col).data().toString(), QStringLiteral("<1 %"));
        QCOMPARE(model.index(4, col).data(TicketQueueModel::RawValueRole).toInt(), 10000);
        QCOMPARE(model.index(3, col).data(TicketQueueModel::RawValueRole).toInt(), -1); // ticket 4 was not named
        QCOMPARE(model.breachRisk(1), 0.9);
        // Riskiest first; tickets without a value last.
        const auto order = sortedRows(*model.queueData(), col, Qt::DescendingOrder, model.slaPolicy(), now);
        QCOMPARE(model.ticketIdAt(int(order[0])), qint64(5));
        QCOMPARE(model.ticketIdAt(int(order[1])), qint64(2));
        QCOMPARE(model.ticketIdAt(int(order[2])), qint64(1));
        QCOMPARE(model.ticketIdAt(int(order[3])), qint64(8));
        QCOMPARE(model.ticketIdAt(int(order[4])), qint64(3));
        const auto ascending = sortedRows(*model.queueData(), col, Qt::AscendingOrder, model.slaPolicy(), now);
        QCOMPARE(model.ticketIdAt(int(ascending[0])), qint64(3));
        QVERIFY(model.breachRisk(int(ascending.back())) < 0);
        // A row appended later has no value until the next computation.
        model.applyRows({queuerows::row(9, QStringLiteral("New one"), QStringLiteral("Ivy Ng"), 1, 1, now)});
        QCOMPARE(model.breachRisk(8), -1.0);
    }

    void referenceTime_movesAgesAndCountdowns()
    {
        TicketQueueModel model(nullptr);
        const qint64 now = 1800000000;
        model.setReferenceTime(now);
        model.setQueueData(queuerows::sample(now));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setReferenceTime(now + 3600);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(TicketQueueModel::AgeColumn));
        QCOMPARE(model.index(0, TicketQueueModel::AgeColumn).data().toString(), QStringLiteral("3h"));
    }

    void reload_readsTheWholeStore_offTheUiThread()
    {
        TestWorkspace ws(600);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto store = TicketStore::open(ws.path());
        QVERIFY(store.ok());
        TicketQueueModel model(store.value().get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &TicketQueueModel::loaded);
        model.reload();
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(model.rowCount(), 600);
        QSqlQuery q(store.value()->db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT t.subject, u.name FROM tickets t JOIN users u ON u.id = t.requester_id WHERE t.id = 10300")) &&
            q.next());
        const int row = model.rowOfTicket(10300);
        QCOMPARE(model.index(row, TicketQueueModel::SubjectColumn).data().toString(), q.value(0).toString());
        QCOMPARE(model.index(row, TicketQueueModel::RequesterColumn).data().toString(), q.value(1).toString());
    }

    void storeChanges_updateAndAppendRows()
    {
        TestWorkspace ws(100);
        QVERIFY(ws.isValid());
        auto opened = TicketStore::open(ws.path());
        TicketStore &store = *opened.value();
        TicketQueueModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &TicketQueueModel::loaded);
        model.reload();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(model.rowCount(), 100);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        Ticket existing = *store.ticket(10050).value();
        existing.subject = QStringLiteral("Renamed by the agent");
        existing.status = TicketStatus::Solved;
        Ticket fresh = existing;
        fresh.id = 20000;
        fresh.subject = QStringLiteral("A brand new ticket");
        fresh.status = TicketStatus::New;
        StoreBatch b;
        b.tickets = {existing, fresh};
        QVERIFY(store.write(b).ok());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowCount(), 101);
        QCOMPARE(model.index(model.rowOfTicket(10050), TicketQueueModel::SubjectColumn).data().toString(),
                 QStringLiteral("Renamed by the agent"));
        QCOMPARE(model.index(model.rowOfTicket(10050), TicketQueueModel::StatusColumn).data().toString(), QStringLiteral("Solved"));
        QCOMPARE(model.index(100, TicketQueueModel::SubjectColumn).data().toString(), QStringLiteral("A brand new ticket"));
    }

    void loadOfBrokenWorkspace_reportsAnError()
    {
        TestWorkspace ws(20);
        auto store = TicketStore::open(ws.path());
        QVERIFY(store.ok());
        QVERIFY(QSqlQuery(store.value()->db()).exec(QStringLiteral("DROP TABLE users")));
        TicketQueueModel model(store.value().get());
        QSignalSpy failed(&model, &TicketQueueModel::loadFailed);
        model.reload();
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("users")), qPrintable(failed.first().first().toString()));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.isLoading());
    }
};

QTEST_GUILESS_MAIN(TicketQueueModelTest)
#include "ticketqueuemodel_test.moc"
