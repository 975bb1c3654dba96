#include "offlinedesk.h"

#include <models/overviewstats.h>
#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>
#include <services/overviewservice.h>
#include <support/testworkspace.h>
#include <ui/mainwindow.h>
#include <ui/overviewtab.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace cosmicdesk;

// The supervisor's Overview tab in a window over a generated workspace: offered in the demo, shows
// the computed figures, renders and exports, and its bars and rows open the queue filtered to the
// tickets they count.
class OverviewTabTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<testsupport::OfflineDesk> desk;
    std::unique_ptr<services::OverviewService> overview;
    std::unique_ptr<ui::MainWindow> window;

    // Waits until the queue's proxy finished filtering.
    static bool settled(models::QueueFilterModel *proxy)
    {
        return QTest::qWaitFor([proxy] { return !proxy->isBusy(); }, 20000);
    }

    static QChart *chart(QWidget *tab, const char *name)
    {
        auto *view = tab->findChild<QChartView *>(QString::fromLatin1(name));
        return view ? view->chart() : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(600);
        QVERIFY(ws->isValid());
        desk = testsupport::OfflineDesk::open(ws->path());
        QVERIFY(desk);
        desk->connection = std::make_unique<services::Connection>(services::Connection::Mode::Demo);
        services::OverviewService::Options o;
        o.debounce = std::chrono::milliseconds(50);
        o.config.now = testsupport::kTestNow; // the generated workspace's "now"
        overview = std::make_unique<services::OverviewService>(*desk->queue, ws->path(), o);
        ui::WindowServices s = desk->services();
        s.overview = overview.get();
        window = std::make_unique<ui::MainWindow>(s);
        QSignalSpy painted(window.get(), &ui::MainWindow::queuePainted);
        window->resize(1500, 1000);
        window->show();
        desk->queue->reload();
        QVERIFY(painted.wait(30000));
        // The engine's suggestions, for the triage quality figures.
        desk->triage->start();
        QTRY_VERIFY_WITH_TIMEOUT(desk->triage->state() == services::TriageService::State::Idle, 60000);
        overview->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(overview->latest() && overview->latest()->compared > 0, 20000);
    }

    void cleanup()
    {
        window.reset();
        overview.reset();
        desk.reset();
        ws.reset();
    }

    void overview_isOfferedAndShowsTheComputedFigures()
    {
        ui::OverviewTab *tab = window->overviewTab();
        QVERIFY(tab); // the demo offers it
        QTRY_VERIFY_WITH_TIMEOUT(overview->latest() && overview->latest()->tickets == 600, 20000);
        window->showOverview(true);
        QVERIFY(!window->queuePanel()->isVisible()); // the queue steps aside
        QTRY_VERIFY_WITH_TIMEOUT(tab->stats() && tab->stats()->tickets == 600, 20000);
        const models::OverviewStats &s = *tab->stats();
        QVERIFY(s.active > 0);

        // The first figure is the active backlog, the SLA table lists the breached then the at-risk tickets.
        auto *kpi = tab->findChild<QWidget *>(QStringLiteral("kpi0"));
        QVERIFY(kpi);
        QStringList texts;
        for (auto *l : kpi->findChildren<QLabel *>())
            texts << l->text();
        QVERIFY2(texts.contains(QLocale().toString(s.active)), qPrintable(texts.join(u'|')));
        auto *sla = tab->findChild<QTableWidget *>(QStringLiteral("slaTable"));
        QCOMPARE(sla->rowCount(), int(s.breached.size() + s.atRisk.size()));
        if (!s.breached.empty())
            QCOMPARE(sla->item(0, 0)->data(Qt::UserRole).toLongLong(), s.breached.front().ticketId);

        // The backlog chart holds one bar set per active status, their sum the active backlog.
        QChart *backlog = chart(tab, "backlogChart");
        QVERIFY(backlog && backlog->series().size() == 1);
        auto *bars = static_cast<QAbstractBarSeries *>(backlog->series().front());
        QCOMPARE(bars->count(), 4);
        double sum = 0;
        for (QBarSet *set : bars->barSets())
            sum += set->sum();
        QCOMPARE(qint64(sum), s.active);
        // Volume: 14 days of hours, and the forecast's 72.
        QChart *volume = chart(tab, "volumeChart");
        QCOMPARE(volume->series().size(), 3);
        QCOMPARE(static_cast<QLineSeries *>(volume->series().at(0))->count(), models::kOverviewHours);
        QCOMPARE(static_cast<QLineSeries *>(volume->series().at(2))->count(), models::kForecastHours);

        // It renders to something, and exports as PNG and PDF.
        const QImage image = tab->render();
        QVERIFY(image.width() > 800 && image.height() > 800);
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the overview renders blank");
        QTemporaryDir dir;
        QString error;
        QVERIFY2(tab->exportPng(dir.filePath(QStringLiteral("o.png")), &error), qPrintable(error));
        QVERIFY(QImage(dir.filePath(QStringLiteral("o.png"))).width() == image.width());
        QVERIFY2(tab->exportPdf(dir.filePath(QStringLiteral("o.pdf")), &error), qPrintable(error));
        QFile pdf(dir.filePath(QStringLiteral("o.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(pdf.size() > 10000);
        // A path that cannot be written gives a message, not a crash.
        QVERIFY(!tab->exportPng(QStringLiteral("/nonexistent/dir/o.png"), &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/dir/o.png")));
    }

    void aBacklogBar_opensTheQueueFilteredToItsTickets()
    {
        ui::OverviewTab *tab = window->overviewTab();
        QTRY_VERIFY_WITH_TIMEOUT(tab->stats() && tab->stats()->tickets == 600, 20000);
        window->showOverview(true);
        const models::OverviewStats &s = *tab->stats();
        // The "Open" set's P2 bar: as many tickets as the bar says.
        QChart *backlog = chart(tab, "backlogChart");
        auto *bars = static_cast<QAbstractBarSeries *>(backlog->series().front());
        QBarSet *open = nullptr;
        for (QBarSet *set : bars->barSets())
            if (set->label() == models::statusLabel(models::TicketStatus::Open))
                open = set;
        QVERIFY(open);
        const qint64 expected = s.byPriorityStatus[2][std::size_t(models::TicketStatus::Open)];
        QVERIFY(expected > 0);
        Q_EMIT open->clicked(2);
        QVERIFY(window->queuePanel()->isVisible()); // back to the tickets
        QVERIFY(window->queuePanel()->isDrilledDown());
        models::QueueFilterModel *proxy = window->queuePanel()->proxy();
        QVERIFY(settled(proxy));
        QCOMPARE(qint64(proxy->rowCount()), expected);
        const auto data = desk->queue->queueData();
        for (int r = 0; r < proxy->rowCount(); ++r) {
            const qint64 row = data->rowOf(proxy->ticketIdAt(r));
            QCOMPARE(data->status[std::size_t(row)], quint8(models::TicketStatus::Open));
            QCOMPARE(data->effectivePriority(std::size_t(row)), std::optional(triage::Priority(2)));
        }
        // Any control of the queue takes over again: the drill-down line goes.
        window->queuePanel()->applySavedView(ui::QueuePanel::SavedView::AllTickets);
        QVERIFY(!window->queuePanel()->isDrilledDown());
        QVERIFY(settled(proxy));
        QCOMPARE(proxy->rowCount(), 600);
    }

    void aConfusionCellAndAnSlaRow_openTheirTickets()
    {
        ui::OverviewTab *tab = window->overviewTab();
        QTRY_VERIFY_WITH_TIMEOUT(tab->stats() && tab->stats()->tickets == 600, 20000);
        window->showOverview(true);
        const models::OverviewStats &s = *tab->stats();
        auto *confusion = tab->findChild<QTableWidget *>(QStringLiteral("confusionTable"));
        // The busiest off-diagonal cell, or the diagonal when the engine agrees everywhere.
        int ra = 1, rg = 1;
        qint64 most = -1;
        for (int a = 0; a < 4; ++a)
            for (int g = 0; g < 4; ++g)
                if (s.confusion[std::size_t(a)][std::size_t(g)] > most) {
                    most = s.confusion[std::size_t(a)][std::size_t(g)];
                    ra = a;
                    rg = g;
                }
        QVERIFY(most > 0);
        QCOMPARE(confusion->item(ra, rg)->text(), QLocale().toString(most));
        Q_EMIT confusion->cellDoubleClicked(ra, rg);
        models::QueueFilterModel *proxy = window->queuePanel()->proxy();
        QVERIFY(settled(proxy));
        QCOMPARE(qint64(proxy->rowCount()), most);

        // An SLA row opens its ticket in the ticket pane.
        window->showOverview(true);
        auto *sla = tab->findChild<QTableWidget *>(QStringLiteral("slaTable"));
        QVERIFY(sla->rowCount() > 0); // the generated workspace has old open tickets
        const qint64 id = sla->item(0, 0)->data(Qt::UserRole).toLongLong();
        QSignalSpy opened(tab, &ui::OverviewTab::openTicket);
        Q_EMIT sla->cellActivated(0, 0);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.front().front().toLongLong(), id);
        QVERIFY(window->queuePanel()->isVisible());
    }
};

QTEST_MAIN(OverviewTabTest)
#include "overviewtab_test.moc"
