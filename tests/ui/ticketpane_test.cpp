// The ticket pane lays out a bounded part of a long conversation at a time, and a ticket cut to the
// workspace's limits links to its full text in Zendesk.
#include "offlinedesk.h"

#include <models/ticketstore.h>
#include <support/testworkspace.h>
#include <ui/ticketpane.h>

#include <QElapsedTimer>
#include <QLabel>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

using namespace cosmicdesk;

class TicketPaneTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void longConversation_isShownAPageAtATime_withShowMore()
    {
        testsupport::TestWorkspace ws(30);
        auto desk = testsupport::OfflineDesk::open(ws.path());
        QVERIFY(desk);
        models::TicketStore &store = *desk->store;
        const models::Ticket t = *store.ticket(10001).value();
        models::StoreBatch b;
        // 40 messages of 256 KB each (what the caps allow), 10 MB of text in all.
        for (int i = 0; i < 40; ++i)
            b.comments.push_back(models::Comment{100 + i, 10001, 0, QString(256 * 1024, QLatin1Char('a' + i % 26)), true, t.createdAt + i});
        QVERIFY(store.write(b).ok());
        ui::TicketPane pane(desk->details.get(), desk->triage.get());
        pane.resize(900, 700);
        pane.show();
        QElapsedTimer clock;
        clock.start();
        pane.showTicket(10001);
        QTRY_COMPARE(pane.ticketId(), qint64(10001));
        auto *browser = pane.findChild<QTextBrowser *>(QStringLiteral("conversation"));
        const qsizetype firstPage = browser->toPlainText().size();
        QVERIFY2(firstPage <= ui::TicketPane::kConversationPageChars + 1000, qPrintable(QString::number(firstPage)));
        QVERIFY(browser->toPlainText().contains(QStringLiteral("Show more")));
        QVERIFY(browser->toHtml().contains(QLatin1String(ui::TicketPane::kShowMoreLink)));
        Q_EMIT browser->anchorClicked(QUrl(QString::fromLatin1(ui::TicketPane::kShowMoreLink)));
        const qsizetype secondPage = browser->toPlainText().size();
        QVERIFY(secondPage > firstPage + ui::TicketPane::kConversationPageChars / 2);
        QVERIFY(secondPage <= 2 * ui::TicketPane::kConversationPageChars + 1000);
    }

    void truncatedTicket_saysSo_andLinksToZendesk()
    {
        testsupport::TestWorkspace ws(30);
        auto desk = testsupport::OfflineDesk::open(ws.path());
        QVERIFY(desk);
        models::TicketStore &store = *desk->store;
        models::Ticket t = *store.ticket(10002).value();
        t.truncated = true;
        t.subject = QString(5000, QLatin1Char('s')); // as an earlier build may have stored it
        models::StoreBatch b;
        b.tickets.push_back(t);
        b.meta = {{QString::fromLatin1(models::TicketStore::kZendeskAddressKey), QStringLiteral("https://acme.zendesk.com")}};
        QVERIFY(store.write(b).ok());
        ui::TicketPane pane(desk->details.get(), desk->triage.get());
        pane.showTicket(10002);
        QTRY_COMPARE(pane.ticketId(), qint64(10002));
        const QString meta = pane.findChild<QLabel *>(QStringLiteral("meta"))->text();
        QVERIFY2(meta.contains(QStringLiteral("href='https://acme.zendesk.com/agent/tickets/10002'")), qPrintable(meta));
        QVERIFY(meta.contains(QStringLiteral("longer than CosmicDesk keeps")));
        QVERIFY(pane.findChild<QLabel *>(QStringLiteral("subject"))->text().size() <= ui::TicketPane::kSubjectChars + 1);
        // A ticket within the limits has no such line.
        pane.showTicket(10003);
        QTRY_COMPARE(pane.ticketId(), qint64(10003));
        QVERIFY(!pane.findChild<QLabel *>(QStringLiteral("meta"))->text().contains(QStringLiteral("longer than")));
    }
};

QTEST_MAIN(TicketPaneTest)
#include "ticketpane_test.moc"
