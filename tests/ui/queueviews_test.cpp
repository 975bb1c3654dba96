#include "offlinedesk.h"

#include <models/queuefiltermodel.h>
#include <models/savedviews.h>
#include <models/ticketqueuemodel.h>
#include <services/savedviewservice.h>
#include <support/testworkspace.h>
#include <ui/customerpanel.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/ticketpane.h>

#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <set>

using namespace cosmicdesk;
using models::TicketQueueModel;

class QueueViewsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<testsupport::OfflineDesk> desk;

    void showWindow(ui::MainWindow &window)
    {
        QSignalSpy painted(&window, &ui::MainWindow::queuePainted);
        window.resize(1400, 900);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        desk->queue->reload();
        QVERIFY(painted.wait(30000));
    }

    static int indexOf(const ui::QueuePanel &panel, const QString &name)
    {
        for (std::size_t i = 0; i < panel.views().size(); ++i)
            if (panel.views()[i].name == name)
                return int(i);
        return -1;
    }

    static QStringList names(const std::vector<models::SavedView> &views)
    {
        QStringList out;
        for (const auto &v : views)
            out << v.name;
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(400);
        QVERIFY(ws->isValid());
        desk = testsupport::OfflineDesk::open(ws->path());
        QVERIFY(desk);
    }

    void cleanup()
    {
        desk.reset();
        ws.reset();
    }

    void myPending_showsOnlyTheAgentsPendingTickets()
    {
        // The agent with the most pending tickets, and how many other agents' pending tickets there are.
        QSqlQuery q(desk->store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT assignee_id, count(*) FROM tickets WHERE status = 2 AND assignee_id IS NOT NULL"
                                      " GROUP BY assignee_id ORDER BY 2 DESC LIMIT 1")));
        QVERIFY(q.next());
        const qint64 agent = q.value(0).toLongLong();
        const int mine = q.value(1).toInt();
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE status = 2 AND assignee_id <> %1").arg(agent)) && q.next());
        QVERIFY2(q.value(0).toInt() > 0, "the workspace needs other agents' pending tickets for this test to mean something");
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE assignee_id = %1 AND status <> 2").arg(agent)) && q.next());
        QVERIFY(q.value(0).toInt() > 0);
        const QString agentName = desk->store->user(agent).value()->name;

        services::SavedViewService views(ws->path());
        ui::WindowServices s = desk->services();
        s.savedViews = &views;
        s.agentId = agent;
        ui::MainWindow window(s);
        showWindow(window);
        ui::QueuePanel *panel = window.queuePanel();
        QTRY_VERIFY(!panel->views().empty() && panel->views().front().id != 0); // the workspace's list
        const int pending = indexOf(*panel, QStringLiteral("My pending"));
        QVERIFY(pending >= 0);
        panel->applyView(pending);
        models::QueueFilterModel *proxy = panel->proxy();
        QTRY_VERIFY(!proxy->isBusy() && proxy->filter().assigneeId == agent);
        QTRY_COMPARE(proxy->rowCount(), mine);
        for (int r = 0; r < proxy->rowCount(); ++r) {
            QCOMPARE(proxy->index(r, TicketQueueModel::StatusColumn).data().toString(), QStringLiteral("Pending"));
            QCOMPARE(proxy->index(r, TicketQueueModel::AssigneeColumn).data().toString(), agentName);
        }
        QCOMPARE(panel->currentViewIndex(), pending);

        // Without knowing who the agent is, "mine" is nobody's tickets rather than everybody's.
        panel->setAgentId(0);
        QTRY_VERIFY(!proxy->isBusy() && proxy->filter().assigneeId == -1);
        QTRY_COMPARE(proxy->rowCount(), 0);
    }

    void savedViews_createRenameReorderDelete_persistAcrossReopen()
    {
        std::vector<models::SavedView> before;
        {
            services::SavedViewService views(ws->path());
            ui::WindowServices s = desk->services();
            s.savedViews = &views;
            ui::MainWindow window(s);
            showWindow(window);
            ui::QueuePanel *panel = window.queuePanel();
            QTRY_VERIFY(!panel->views().empty() && panel->views().front().id != 0);
            QCOMPARE(names(panel->views()), names(ui::QueuePanel::builtInViews()));

            // Alt+2 is the second view of the list.
            QTest::keyClick(&window, Qt::Key_2, Qt::AltModifier);
            QTRY_COMPARE(panel->currentViewIndex(), 1);

            // A filter of the agent's own: P2 tickets of any status, saved under a name.
            panel->applyView(indexOf(*panel, QStringLiteral("All tickets")));
            QToolButton *p2 = nullptr;
            for (auto *b : panel->findChildren<QToolButton *>())
                if (b->text() == QStringLiteral("P2"))
                    p2 = b;
            QVERIFY(p2);
            p2->click();
            QCOMPARE(panel->currentViewIndex(), -1); // none of the views
            QSignalSpy changed(panel, &ui::QueuePanel::viewsChanged);
            panel->saveCurrentAs(QStringLiteral("P2 anywhere"));
            QVERIFY(changed.wait(10000));
            QCOMPARE(panel->views().back().name, QStringLiteral("P2 anywhere"));
            QCOMPARE(panel->views().back().filter.filter.priorityMask, quint8(0b100));
            QCOMPARE(panel->currentViewIndex(), int(panel->views().size()) - 1);
            const qint64 mineId = panel->views().back().id;

            panel->renameView(mineId, QStringLiteral("Normal priority"));
            QVERIFY(changed.wait(10000));
            panel->moveView(mineId, -100); // to the top
            QVERIFY(changed.wait(10000));
            QCOMPARE(panel->views().front().name, QStringLiteral("Normal priority"));
            const qint64 opportunities = panel->views()[std::size_t(indexOf(*panel, QStringLiteral("Opportunities")))].id;
            panel->removeView(opportunities);
            QVERIFY(changed.wait(10000));
            QCOMPARE(indexOf(*panel, QStringLiteral("Opportunities")), -1);
            panel->moveView(panel->views()[2].id, 1); // "My open P0/P1" one down
            QVERIFY(changed.wait(10000));
            before = panel->views();

            // Alt+1 now opens the agent's own view.
            panel->applyView(indexOf(*panel, QStringLiteral("Open queue")));
            QTest::keyClick(&window, Qt::Key_1, Qt::AltModifier);
            QTRY_COMPARE(panel->currentViewIndex(), 0);
            QCOMPARE(panel->proxy()->filter().priorityMask, quint8(0b100));
            // QueueFilterModel's job must not outlive the window (its continuation asserts on a gone context).
            QTRY_VERIFY(!panel->proxy()->isBusy());
        }
        QCOMPARE(names(before), (QStringList{QStringLiteral("Normal priority"), QStringLiteral("Open queue"), QStringLiteral("My pending"),
                                             QStringLiteral("My open P0/P1"), QStringLiteral("Unassigned"), QStringLiteral("Open P0/P1"),
                                             QStringLiteral("SLA at risk or breached"), QStringLiteral("Guardian alerts"),
                                             QStringLiteral("All tickets")}));

        // A new session on the workspace reads the same list, and does not bring the deleted view back.
        services::SavedViewService again(ws->path());
        std::vector<models::SavedView> after;
        bool answered = false;
        again.list(ui::QueuePanel::builtInViews(), this, [&](models::Result<std::vector<models::SavedView>> r) {
            QVERIFY(r.ok());
            after = r.value();
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(names(after), names(before));
        QCOMPARE(after.front().filter, before.front().filter);
        QCOMPARE(after.front().filter.filter.priorityMask, quint8(0b100));
        const auto myPending =
            std::find_if(after.begin(), after.end(), [](const auto &v) { return v.name == QStringLiteral("My pending"); });
        QVERIFY(myPending != after.end() && myPending->filter.mine);
    }

    void pastTickets_listTheRequestersOtherTickets_andOpenOne()
    {
        QSqlQuery q(desk->store->db());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT requester_id FROM tickets GROUP BY requester_id HAVING count(*) BETWEEN 3 AND 20 ORDER BY count(*) DESC LIMIT 1")));
        QVERIFY(q.next());
        const qint64 requester = q.value(0).toLongLong();
        std::set<qint64> theirs;
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets WHERE requester_id = %1").arg(requester)));
        while (q.next())
            theirs.insert(q.value(0).toLongLong());
        const qint64 shown = *theirs.begin();

        ui::MainWindow window(desk->services());
        showWindow(window);
        ui::CustomerPanel *customer = window.customerPanel();
        auto *list = customer->findChild<QTreeWidget *>(QStringLiteral("pastTickets"));
        QVERIFY(list);
        QSignalSpy listed(customer, &ui::CustomerPanel::pastTicketsShown);
        window.openTicket(shown);
        QTRY_COMPARE(window.ticketPane()->ticketId(), shown);
        QTRY_VERIFY(list->topLevelItemCount() == int(std::min<std::size_t>(theirs.size() - 1, ui::CustomerPanel::kPastTickets)) &&
                    list->isVisible());
        std::set<qint64> listedIds;
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = list->topLevelItem(i);
            listedIds.insert(item->data(0, Qt::UserRole).toLongLong());
            QVERIFY(!item->text(0).isEmpty());
            QVERIFY(!item->text(1).isEmpty());
            QVERIFY(!item->text(2).isEmpty());
        }
        std::set<qint64> others = theirs;
        others.erase(shown);
        QCOMPARE(listedIds, others); // the requester's other tickets, not this one, nobody else's

        // A click opens that ticket in the ticket pane.
        QTreeWidgetItem *target = list->topLevelItem(list->topLevelItemCount() - 1);
        const qint64 clicked = target->data(0, Qt::UserRole).toLongLong();
        list->scrollToItem(target);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(target).center());
        QTRY_COMPARE(window.ticketPane()->ticketId(), clicked);
        // The list follows: now it leaves out the opened ticket and shows the first one again.
        QTRY_VERIFY(list->topLevelItemCount() > 0 && [&] {
            for (int i = 0; i < list->topLevelItemCount(); ++i)
                if (list->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == clicked)
                    return false;
            return true;
        }());
        QTRY_VERIFY(!window.queuePanel()->proxy()->isBusy());
    }
};

QTEST_MAIN(QueueViewsTest)
#include "queueviews_test.moc"
