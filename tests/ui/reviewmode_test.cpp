#include "offlinedesk.h"

#include "../support/memorysettings.h"

#include <models/queuefiltermodel.h>
#include <models/reviewstore.h>
#include <models/triagestore.h>
#include <services/reviewimport.h>
#include <services/reviewservice.h>
#include <ui/importdialog.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/reviewbar.h>

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace cosmicdesk;

namespace {

// Four tickets of two accounts: a chosen urgent, Zendesk's default normal, a low, a high.
const char *kExport = R"({"tickets":[
 {"id":501,"subject":"Checkout down for all customers","description":"Nobody can pay since 9:00, every order fails.","status":"open","priority":"urgent","organization_id":1,"created_at":"2026-11-02T09:00:00Z"},
 {"id":502,"subject":"Change invoice address","description":"How do I change the address on my invoices?","status":"open","priority":"normal","organization_id":2,"created_at":"2026-11-02T10:00:00Z"},
 {"id":503,"subject":"Thanks","description":"All good now, thank you.","status":"solved","priority":"low","organization_id":1,"created_at":"2026-11-03T10:00:00Z"},
 {"id":504,"subject":"Refund for a broken vase","description":"The vase arrived broken, can I get a refund?","status":"open","priority":"high","organization_id":2,"created_at":"2026-11-04T10:00:00Z"}
]})";

} // namespace

class ReviewModeTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    std::unique_ptr<testsupport::OfflineDesk> m_desk;
    std::unique_ptr<services::ReviewService> m_review;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::QueueView *view() const { return m_window->queuePanel()->view(); }

    std::vector<models::TriageDecision> decisions(qint64 ticket) const
    {
        return models::TriageStore(m_desk->store->db()).decisions(ticket).value();
    }

    bool showRow(qint64 ticket)
    {
        QSignalSpy shown(m_window->reviewBar(), &ui::ReviewBar::rowShown);
        view()->selectTicket(ticket);
        if (m_window->reviewBar()->shownRow() && m_window->reviewBar()->shownRow()->item.ticketId == ticket)
            return true;
        return shown.wait(10000) && m_window->reviewBar()->shownRow() && m_window->reviewBar()->shownRow()->item.ticketId == ticket;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString file = m_dir.filePath(QStringLiteral("export.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kExport);
        f.close();
        auto engine = services::loadEngine({});
        QVERIFY(engine.ok());
        services::ReviewImportOptions o;
        o.engineIdentity = engine.value().identity;
        m_workspace = m_dir.filePath(QStringLiteral("review.cosmicdesk"));
        QVERIFY(services::importReview(file, m_workspace, *engine.value().engine, o).ok());

        auto source = services::ReviewService::sourceOf(m_workspace);
        QVERIFY(source.ok() && source.value());
        m_desk = testsupport::OfflineDesk::open(m_workspace);
        QVERIFY(m_desk);
        m_review = std::make_unique<services::ReviewService>(m_workspace, *source.value(), *m_desk->triage);
        ui::WindowServices s = m_desk->services();
        s.review = m_review.get();
        m_window = std::make_unique<ui::MainWindow>(s);
        m_window->resize(1400, 900);
        m_window->show();
        QSignalSpy painted(m_window.get(), &ui::MainWindow::queuePainted);
        QSignalSpy loaded(m_desk->triage.get(), &services::TriageService::profileLoaded);
        m_desk->queue->reload();
        m_desk->triage->start();
        QVERIFY(painted.wait(20000));
        QVERIFY(loaded.count() || loaded.wait(20000));
    }

    void reviewMode_isShown()
    {
        QVERIFY(m_window->reviewBar());
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("review of export.json")));
        auto *disagree = m_window->findChild<QToolButton *>(QStringLiteral("disagreements"));
        QVERIFY(disagree && disagree->isVisible());
        auto *source = m_window->findChild<QLabel *>(QStringLiteral("reviewSource"));
        QVERIFY(source->text().contains(QStringLiteral("Zendesk JSON")));
        // Every ticket of the file, solved ones too.
        QTRY_COMPARE(m_window->queuePanel()->proxy()->rowCount(), 4);
        // A review replies to nobody: no composer.
        QVERIFY(!m_window->composer());
    }

    void defaultLabel_isMarkedNotCounted()
    {
        QVERIFY(showRow(2));
        const QString text = m_window->findChild<QLabel *>(QStringLiteral("reviewTicket"))->text();
        QVERIFY2(text.contains(QStringLiteral("source's default, not counted")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("502")));
        QVERIFY(showRow(1));
        const QString chosen = m_window->findChild<QLabel *>(QStringLiteral("reviewTicket"))->text();
        QVERIFY(!chosen.contains(QStringLiteral("default")));
        QVERIFY(chosen.contains(QStringLiteral("file P0")));
    }

    void keys_labelAndMoveOn()
    {
        QVERIFY(showRow(2));
        view()->setFocus();
        QTest::keyClick(view(), Qt::Key_1);
        QTRY_VERIFY_WITH_TIMEOUT(!decisions(2).empty(), 10000);
        QCOMPARE(decisions(2).front().field, models::TriageDecision::Field::Priority);
        QCOMPARE(decisions(2).front().chosen, QStringLiteral("P1"));
        QCOMPARE(decisions(2).front().agent, QStringLiteral("Rosa Delgado"));
        QTRY_COMPARE(view()->currentTicket(), qint64(3)); // on to the next
        // The correction is the ticket's priority now, and the bar says so.
        QTRY_VERIFY(m_desk->store->ticket(2).value()->priority == triage::Priority::P1);

        // g toggles Guardian against what stands (the engine's "no" on a thank-you).
        QVERIFY(showRow(3));
        const QString before = m_window->reviewBar()->shownRow()->guardian.suggested;
        QTest::keyClick(view(), Qt::Key_G);
        QTRY_VERIFY_WITH_TIMEOUT(!decisions(3).empty(), 10000);
        QCOMPARE(decisions(3).front().field, models::TriageDecision::Field::Guardian);
        QCOMPARE(decisions(3).front().chosen, before == QLatin1String("yes") ? QStringLiteral("none") : QStringLiteral("alert"));
        QCOMPARE(view()->currentTicket(), qint64(3)); // a toggle stays

        // A team letter: the first team.
        const QStringList teams = m_review->teams();
        QVERIFY(!teams.isEmpty());
        QTest::keyClick(view(), Qt::Key_A);
        QTRY_VERIFY_WITH_TIMEOUT(decisions(3).size() == 2, 10000);
        QCOMPARE(decisions(3).front().field, models::TriageDecision::Field::Team);
        QCOMPARE(decisions(3).front().chosen, teams.first());
        // Ctrl with a review key is not a label.
        QTest::keyClick(view(), Qt::Key_A, Qt::ControlModifier);
        QTest::qWait(300);
        QCOMPARE(decisions(3).size(), std::size_t(2));
    }

    void progress_andTheDisagreementFilter()
    {
        QTRY_COMPARE_WITH_TIMEOUT(m_review->progress().reviewed, qint64(2), 10000);
        const auto counted = models::ReviewStore(m_desk->store->db()).progress().value();
        QCOMPARE(counted.reviewed, 2);
        auto *disagree = m_window->findChild<QToolButton *>(QStringLiteral("disagreements"));
        disagree->setChecked(true);
        QTRY_COMPARE(qint64(m_window->queuePanel()->proxy()->rowCount()), counted.disagreements);
        disagree->setChecked(false);
        QTRY_COMPARE(m_window->queuePanel()->proxy()->rowCount(), 4);
    }

    void importDialog_mapsAnyCsv_andRemembersTheMap()
    {
        const QString csv = m_dir.filePath(QStringLiteral("other.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Ref,Company,Title,Body\nT-1,Acme,Site down,The whole shop is offline\nT-2,Beta,Question,How do I export invoices?\n");
        f.close();
        testsupport::MemorySettings settings;
        {
            ui::ImportDialog dialog(&settings, {});
            dialog.setExport(csv);
            auto *subject = dialog.findChild<QComboBox *>(QStringLiteral("map_subject"));
            QVERIFY(subject && subject->isVisibleTo(&dialog));
            // Nothing holds the text yet: refused, nothing imported.
            dialog.startImport();
            QVERIFY(!dialog.isImporting());
            QVERIFY(dialog.message().contains(QStringLiteral("subject or of the description")));
            QVERIFY(dialog.mapColumn(QStringLiteral("subject"), QStringLiteral("Title")));
            QVERIFY(dialog.mapColumn(QStringLiteral("description"), QStringLiteral("Title")));
            dialog.startImport();
            QVERIFY(!dialog.isImporting());
            QVERIFY(dialog.message().contains(QStringLiteral("chosen for two fields")));
            QVERIFY(dialog.mapColumn(QStringLiteral("description"), QStringLiteral("Body")));
            QVERIFY(dialog.mapColumn(QStringLiteral("ticket_id"), QStringLiteral("Ref")));
            QVERIFY(dialog.mapColumn(QStringLiteral("customer_name"), QStringLiteral("Company")));
            QVERIFY(!dialog.mapColumn(QStringLiteral("subject"), QStringLiteral("Titel")));
            QSignalSpy imported(&dialog, &ui::ImportDialog::imported);
            dialog.startImport();
            QVERIFY(dialog.isImporting());
            QVERIFY(imported.wait(30000));
            QVERIFY2(dialog.message().contains(QStringLiteral("Imported 2 tickets")), qPrintable(dialog.message()));
            const QString target = imported.at(0).at(0).toString();
            auto store = models::TicketStore::open(target);
            QVERIFY(store.ok());
            auto row = models::ReviewStore(store.value()->db()).row(1);
            QCOMPARE(row.value()->subject, QStringLiteral("Site down"));
            QCOMPARE(row.value()->item.sourceId, QStringLiteral("T-1"));
        }
        // The next file with this header starts from the same map.
        ui::ImportDialog again(&settings, {});
        again.setExport(csv);
        QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("map_subject"))->currentText(), QStringLiteral("title"));
        QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("map_description"))->currentText(), QStringLiteral("body"));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_review.reset();
        m_desk.reset();
    }
};

QTEST_MAIN(ReviewModeTest)
#include "reviewmode_test.moc"
