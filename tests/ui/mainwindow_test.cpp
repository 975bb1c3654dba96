#include <app/appcontext.h>
#include <models/queuefiltermodel.h>
#include <models/ticketstore.h>
#include <models/ticketqueuemodel.h>
#include <support/testworkspace.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/ticketpane.h>

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
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
        auto ctx = app::AppContext::open(ws.path(), false);
        QVERIFY(ctx.ok());
        ui::MainWindow window(*ctx.value());
        QSignalSpy painted(ctx.value().get(), &app::AppContext::queuePainted);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ctx.value()->queueModel().reload();
        QVERIFY(painted.wait(30000));

        ui::QueueView *view = window.queuePanel()->view();
        models::QueueFilterModel *proxy = window.queuePanel()->proxy();
        QVERIFY(proxy->rowCount() > 10);
        // The open queue shows only active tickets, most urgent SLA first, and the first one is open.
        QTRY_VERIFY(view->currentTicket() != 0);
        QCOMPARE(window.ticketPane()->ticketId(), view->currentTicket());
        const auto *subject = window.ticketPane()->findChildren<QLabel *>().first();
        QCOMPARE(subject->text(), proxy->index(0, models::TicketQueueModel::SubjectColumn).data().toString());

        // j moves down, k back up.
        view->setFocus();
        const qint64 first = view->currentTicket();
        QTest::keyClick(view, Qt::Key_J);
        QVERIFY(view->currentTicket() != first);
        QCOMPARE(window.ticketPane()->ticketId(), view->currentTicket());
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

    void hostileTicketText_isShownAsText()
    {
        testsupport::TestWorkspace ws(30);
        auto ctx = app::AppContext::open(ws.path(), false);
        QVERIFY(ctx.ok());
        models::TicketStore &store = ctx.value()->store();
        models::Ticket t = *store.ticket(10001).value();
        t.subject = QStringLiteral("<b>bold</b> & <img src=x onerror=alert(1)>");
        models::StoreBatch b;
        b.tickets.push_back(t);
        b.comments.push_back(models::Comment{1, 10001, 0, QStringLiteral("<script>alert('x')</script><a href='http://evil'>click</a>"), true, t.createdAt + 5});
        QVERIFY(store.write(b).ok());
        ui::TicketPane pane(&store);
        pane.showTicket(10001);
        auto *browser = pane.findChild<QTextBrowser *>();
        QVERIFY(browser->toPlainText().contains(QStringLiteral("<script>alert('x')</script>")));
        QVERIFY(!browser->toHtml().contains(QStringLiteral("<script>")));
        QCOMPARE(pane.findChildren<QLabel *>().first()->text(), t.subject);
        QCOMPARE(pane.findChildren<QLabel *>().first()->textFormat(), Qt::PlainText);
    }
};

QTEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
