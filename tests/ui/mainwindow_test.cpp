#include "offlinedesk.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <support/testworkspace.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/ticketpane.h>
#include <ui/triagepanel.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

using namespace cosmicdesk;

class MainWindowTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opens_populates_andFollowsTheKeyboard()
    {
        testsupport::TestWorkspace ws(400);
        QVERIFY(ws.isValid());
        auto desk = testsupport::OfflineDesk::open(ws.path());
        QVERIFY(desk);
        ui::MainWindow window(desk->services());
        QSignalSpy painted(&window, &ui::MainWindow::queuePainted);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        desk->queue->reload();
        QVERIFY(painted.wait(30000));

        ui::QueueView *view = window.queuePanel()->view();
        models::QueueFilterModel *proxy = window.queuePanel()->proxy();
        QVERIFY(proxy->rowCount() > 10);
        // The open queue shows only active tickets, most urgent SLA first, and the first one is open.
        QTRY_VERIFY(view->currentTicket() != 0);
        QTRY_COMPARE(window.ticketPane()->ticketId(), view->currentTicket()); // the details arrive from their thread
        const auto *subject = window.ticketPane()->findChild<QLabel *>(QStringLiteral("subject"));
        QTRY_COMPARE(subject->text(), proxy->index(0, models::TicketQueueModel::SubjectColumn).data().toString());

        // j moves down, k back up.
        view->setFocus();
        const qint64 first = view->currentTicket();
        QTest::keyClick(view, Qt::Key_J);
        QVERIFY(view->currentTicket() != first);
        QTRY_COMPARE(window.ticketPane()->ticketId(), view->currentTicket());
        QTest::keyClick(view, Qt::Key_K);
        QCOMPARE(view->currentTicket(), first);

        // "/" goes to the search field; typing filters; the current ticket survives when it still matches.
        QTest::keyClick(&window, Qt::Key_Slash);
        auto *search = window.queuePanel()->findChild<QLineEdit *>();
        QTRY_VERIFY(search->hasFocus());
        const QString word = proxy->index(0, models::TicketQueueModel::SubjectColumn).data().toString().section(QLatin1Char(' '), 0, 0);
        QSignalSpy refreshed(proxy, &models::QueueFilterModel::refreshed);
        QTest::keyClicks(search, word);
        QTRY_VERIFY(!proxy->isBusy());
        QVERIFY(proxy->rowCount() >= 1);
        for (int r = 0; r < proxy->rowCount(); ++r) {
            const QString row = testsupport::rowText(proxy, r);
            QVERIFY2(row.contains(word, Qt::CaseInsensitive), qPrintable(row));
        }
        QCOMPARE(view->currentTicket(), first);
    }

    void triagePanel_showsTheSuggestion_andStoresTheAgentsDecisions()
    {
        testsupport::TestWorkspace ws(200, 21);
        QVERIFY(ws.isValid());
        auto desk = testsupport::OfflineDesk::open(ws.path());
        QVERIFY(desk);
        testsupport::OfflineDesk &c = *desk;
        // A hostile ticket: its words come back as evidence and must stay text.
        models::Ticket hostile = *c.store->ticket(10001).value();
        hostile.subject = QStringLiteral("<img src=x onerror=alert(1)> charged twice, refund please");
        models::StoreBatch b;
        b.tickets.push_back(hostile);
        QVERIFY(c.store->write(b).ok());

        ui::MainWindow window(c.services());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        c.queue->reload();
        c.triage->start();
        QTRY_VERIFY_WITH_TIMEOUT(c.triage->state() == services::TriageService::State::Idle, 120000);

        ui::TriagePanel *panel = window.ticketPane()->triagePanel();
        QTRY_VERIFY_WITH_TIMEOUT(window.queuePanel()->view()->currentTicket() != 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasSuggestion(), 30000);
        const qint64 id = panel->ticketId();
        QCOMPARE(id, window.queuePanel()->view()->currentTicket());
        auto *value = panel->findChild<QLabel *>(QStringLiteral("valuePriority"));
        QVERIFY2(value->text().contains(QRegularExpression(QStringLiteral(">P[0-3]<"))), qPrintable(value->text()));
        auto *why = panel->findChild<QTextBrowser *>(QStringLiteral("why"));
        QVERIFY(why->toPlainText().contains(QStringLiteral("Priority P")));

        // Accept the priority: stored, applied to the ticket, shown under the suggestion.
        const QString suggested = value->text().section(QLatin1Char('>'), 1, 1).left(2);
        QSignalSpy shown(panel, &ui::TriagePanel::shown);
        auto *accept = panel->findChild<QPushButton *>(QStringLiteral("acceptPriority"));
        QTest::mouseClick(accept, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(
            panel->findChild<QLabel *>(QStringLiteral("decisionPriority"))->text().contains(QStringLiteral("accepted")),
            qPrintable(panel->findChild<QLabel *>(QStringLiteral("triageStatus"))->text()), 30000);
        QCOMPARE(models::priorityText(c.store->ticket(id).value()->priority), suggested);

        // Override the team with the combo box.
        auto *team = panel->findChild<QComboBox *>(QStringLiteral("overrideTeam"));
        QTRY_VERIFY(team->isEnabled());
        const int pick = team->findData(QStringLiteral("Data & Analytics"));
        QVERIFY(pick > 0);
        Q_EMIT team->activated(pick);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->findChild<QLabel *>(QStringLiteral("decisionTeam"))->text().contains(QStringLiteral("Data & Analytics")), 30000);

        // Keep an edited draft when there is one.
        auto *draft = panel->findChild<QPlainTextEdit *>(QStringLiteral("draft"));
        if (!draft->toPlainText().isEmpty()) {
            QTRY_VERIFY(panel->findChild<QPushButton *>(QStringLiteral("useDraft"))->isEnabled());
            draft->setPlainText(draft->toPlainText() + QStringLiteral("\nP.S. edited by the agent"));
            QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("useDraft")), Qt::LeftButton);
        }
        QSqlQuery q(c.store->db());
        QTRY_VERIFY_WITH_TIMEOUT((q.exec(QStringLiteral("SELECT count(*) FROM triage_decisions WHERE ticket_id = %1").arg(id)) &&
                                  q.next() && q.value(0).toInt() == (draft->toPlainText().isEmpty() ? 2 : 3)),
                                 30000);
        q.finish();
        QTRY_VERIFY_WITH_TIMEOUT(draft->toPlainText().isEmpty() || draft->toPlainText().endsWith(QStringLiteral("edited by the agent")),
                                 30000);

        // The hostile ticket's evidence is escaped.
        panel->showTicket(10001);
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasSuggestion() && panel->ticketId() == 10001, 30000);
        QVERIFY(!why->toHtml().contains(QStringLiteral("<img")));
    }

    void hostileTicketText_isShownAsText()
    {
        testsupport::TestWorkspace ws(30);
        auto desk = testsupport::OfflineDesk::open(ws.path());
        QVERIFY(desk);
        models::TicketStore &store = *desk->store;
        models::Ticket t = *store.ticket(10001).value();
        t.subject = QStringLiteral("<b>bold</b> & <img src=x onerror=alert(1)>");
        models::StoreBatch b;
        b.tickets.push_back(t);
        b.comments.push_back(models::Comment{1, 10001, 0, QStringLiteral("<script>alert('x')</script><a href='http://evil'>click</a>"),
                                             true, t.createdAt + 5});
        QVERIFY(store.write(b).ok());
        ui::TicketPane pane(desk->details.get(), desk->triage.get());
        pane.showTicket(10001);
        auto *browser = pane.findChild<QTextBrowser *>(QStringLiteral("conversation"));
        QTRY_COMPARE(pane.ticketId(), qint64(10001));
        QVERIFY(browser->toPlainText().contains(QStringLiteral("<script>alert('x')</script>")));
        QVERIFY(!browser->toHtml().contains(QStringLiteral("<script>")));
        QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("subject"))->text(), t.subject);
        QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("subject"))->textFormat(), Qt::PlainText);
    }
};

QTEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
