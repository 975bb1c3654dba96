#include "offlinedesk.h"

#include <models/auditlog.h>
#include <models/csvreader.h>
#include <models/outbox.h>
#include <models/queuefiltermodel.h>
#include <models/ticketchange.h>
#include <services/outboxdestination.h>
#include <services/outboxmonitor.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <support/testworkspace.h>
#include <ui/auditdialog.h>
#include <ui/mainwindow.h>
#include <ui/outboxline.h>
#include <ui/queuedelegate.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/syncmonitor.h>

#include <QDateTime>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>

using namespace cosmicdesk;
using models::OutboxState;

namespace {

// Zendesk as the test says it answers: applies every change, or refuses it as it refuses a closed
// ticket.
struct Script
{
    std::atomic<bool> reject{false};
    std::atomic<bool> conflict{false};
};

class ScriptedDestination final : public services::OutboxDestination
{
public:
    explicit ScriptedDestination(std::shared_ptr<Script> script) : m_script(std::move(script)) {}
    QString name() const override { return QStringLiteral("zendesk"); }
    void send(const models::OutboxEntry &, QObject *context, std::function<void(services::SendOutcome)> done) override
    {
        services::SendOutcome o;
        if (m_script->conflict) {
            o.kind = services::SendOutcome::Kind::Conflict;
            o.httpStatus = 409;
            o.error = QStringLiteral("The ticket changed in Zendesk since the change was made.");
            o.detail = QByteArrayLiteral(R"({"id":1,"status":"open","updated_at":"2026-11-21T10:00:00Z"})");
        } else if (m_script->reject) {
            o.kind = services::SendOutcome::Kind::Rejected;
            o.httpStatus = 422;
            o.error = QStringLiteral("Status: closed prevents ticket update");
        } else {
            o.kind = services::SendOutcome::Kind::Applied;
        }
        QTimer::singleShot(5, context, [done = std::move(done), o] { done(o); });
    }

private:
    std::shared_ptr<Script> m_script;
};

models::TicketChange note(const QString &text)
{
    models::TicketChange c;
    c.comment = text;
    c.commentPublic = false;
    return c;
}

} // namespace

class OutboxUiTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<testsupport::OfflineDesk> desk;
    std::unique_ptr<services::OutboxMonitor> monitor;
    std::unique_ptr<services::OutboxWorker> worker;
    std::unique_ptr<services::TicketActions> actions;
    std::shared_ptr<Script> script;

    // Active tickets of the workspace, which take changes.
    std::vector<qint64> activeTickets(std::size_t n)
    {
        std::vector<qint64> out;
        QSqlQuery q(desk->store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1, 2, 3) ORDER BY id"));
        while (q.next() && out.size() < n)
            out.push_back(q.value(0).toLongLong());
        return out;
    }

    void startWorker()
    {
        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(10);
        o.backoffCap = std::chrono::milliseconds(50);
        o.maxAttempts = 2;
        o.statusInterval = std::chrono::milliseconds(50);
        worker = std::make_unique<services::OutboxWorker>(ws->path(), o);
        auto s = script;
        worker->addDestination([s] { return std::make_unique<ScriptedDestination>(s); });
        worker->start();
    }

    ui::WindowServices services() const
    {
        ui::WindowServices s = desk->services();
        s.outboxMonitor = monitor.get();
        s.outbox = worker.get();
        s.actions = actions.get();
        return s;
    }

    qint64 queueChange(qint64 ticket, const QString &text)
    {
        QSignalSpy queued(actions.get(), &services::TicketActions::queued);
        qint64 entry = 0;
        actions->change(ticket, note(text), QStringLiteral("note"), this, [&entry](models::Result<qint64> r) {
            if (r.ok())
                entry = r.value();
        });
        [&] { QVERIFY(queued.wait(10000)); }();
        return entry;
    }

    models::OutboxState stateOf(qint64 entry) { return models::OutboxStore(desk->store->db()).entry(entry).value()->state; }

    void showWindow(ui::MainWindow &window)
    {
        QSignalSpy painted(&window, &ui::MainWindow::queuePainted);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        desk->queue->reload();
        QVERIFY(painted.wait(30000));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(120);
        QVERIFY(ws->isValid());
        desk = testsupport::OfflineDesk::open(ws->path());
        QVERIFY(desk);
        monitor = std::make_unique<services::OutboxMonitor>(ws->path());
        script = std::make_shared<Script>();
    }

    void cleanup()
    {
        actions.reset();
        worker.reset();
        monitor.reset();
        desk.reset();
        ws.reset();
    }

    void presenter_saysWaitingOfflineAndAttention()
    {
        const QDateTime today = QDateTime::currentDateTime();
        const qint64 now = QDateTime(today.date(), QTime(11, 5)).toMSecsSinceEpoch();
        ui::OutboxSituation s;
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QString()); // nothing waits: no line
        s.waiting = 2;
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("2 changes waiting"));
        s.offlineSinceMs = QDateTime(today.date(), QTime(10, 42)).toMSecsSinceEpoch();
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("2 changes waiting — offline since 10:42"));
        s.offlineSinceMs = QDateTime(today.date().addDays(-1), QTime(10, 42)).toMSecsSinceEpoch();
        QVERIFY2(ui::OutboxLinePresenter::text(s, now).endsWith(QStringLiteral(" 10:42")),
                 qPrintable(ui::OutboxLinePresenter::text(s, now)));
        QVERIFY(!ui::OutboxLinePresenter::text(s, now).endsWith(QStringLiteral("since 10:42"))); // yesterday names the day
        s = {};
        s.waiting = 1;
        s.noWorker = true;
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("1 change waiting — offline, sent once an account is connected"));
        s.noWorker = false;
        s.connecting = true; // the account has not answered yet
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("1 change waiting — connecting"));
        s = {};
        s.needsAttention = 3;
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("3 changes need you"));
        s.waiting = 2;
        s.paused = true;
        QCOMPARE(ui::OutboxLinePresenter::text(s, now), QStringLiteral("3 changes need you · 2 waiting — delivery paused"));
    }

    void queuedChange_marksTheTicket_andClearsWhenDelivered()
    {
        startWorker();
        actions = std::make_unique<services::TicketActions>(*desk->store, worker.get(), QStringLiteral("Rosa Delgado"));
        ui::MainWindow window(services());
        showWindow(window);
        ui::OutboxTracker *tracker = window.outboxTracker();
        QVERIFY(tracker);
        auto *delegate = qobject_cast<ui::QueueDelegate *>(window.queuePanel()->view()->itemDelegate());
        QVERIFY(delegate);
        QVERIFY(!window.outboxLine()->isVisible()); // nothing waits yet

        // Delivery paused: the change waits, the queue marks it, both lines say so.
        worker->setPaused(QStringLiteral("zendesk"), true);
        QTRY_VERIFY(!worker->status().empty() && worker->status().begin()->second.paused);
        const qint64 ticket = activeTickets(1).front();
        window.queuePanel()->view()->selectTicket(ticket);
        const qint64 entry = queueChange(ticket, QStringLiteral("Called the customer back."));
        QVERIFY(entry > 0);
        QTRY_COMPARE(tracker->ticket(ticket).waiting, 1);
        QCOMPARE(delegate->outboxMarks(ticket), QStringList{QStringLiteral("\u21BB1")});
        QCOMPARE(delegate->outboxMarks(ticket + 100000), QStringList()); // other tickets carry no mark
        QTRY_COMPARE(window.outboxLine()->text(), QStringLiteral("1 change waiting — delivery paused"));
        QVERIFY(window.outboxLine()->isVisible());
        QCOMPARE(window.ticketOutboxLine()->ticketId(), ticket);
        QTRY_COMPARE(window.ticketOutboxLine()->text(), QStringLiteral("1 change waiting — delivery paused"));
        QCOMPARE(stateOf(entry), OutboxState::Queued);

        // Delivery resumes: Zendesk has it, the marks and the lines go.
        worker->setPaused(QStringLiteral("zendesk"), false);
        QTRY_COMPARE(stateOf(entry), OutboxState::Done);
        QTRY_COMPARE(tracker->ticket(ticket).waiting, 0);
        QCOMPARE(delegate->outboxMarks(ticket), QStringList());
        QTRY_VERIFY(!window.outboxLine()->isVisible());
        QVERIFY(window.outboxLine()->text().isEmpty());
        QVERIFY(window.ticketOutboxLine()->text().isEmpty());
        QTRY_VERIFY(!window.queuePanel()->proxy()->isBusy());
    }

    void deadEntry_isListed_retriedAndDropped()
    {
        startWorker();
        actions = std::make_unique<services::TicketActions>(*desk->store, worker.get(), QStringLiteral("Rosa Delgado"));
        ui::MainWindow window(services());
        showWindow(window);
        ui::OutboxTracker *tracker = window.outboxTracker();
        auto *delegate = qobject_cast<ui::QueueDelegate *>(window.queuePanel()->view()->itemDelegate());

        script->reject = true;
        const auto tickets = activeTickets(2);
        const qint64 retried = queueChange(tickets[0], QStringLiteral("First try."));
        const qint64 dropped = queueChange(tickets[1], QStringLiteral("Second try."));
        QTRY_COMPARE(stateOf(retried), OutboxState::Dead);
        QTRY_COMPARE(stateOf(dropped), OutboxState::Dead);
        QTRY_COMPARE(tracker->ticket(tickets[0]).needsAttention, 1);
        QTRY_COMPARE(tracker->ticket(tickets[1]).needsAttention, 1);
        QCOMPARE(delegate->outboxMarks(tickets[0]), QStringList{QStringLiteral("!1")});
        QTRY_COMPARE(window.outboxLine()->text(), QStringLiteral("2 changes need you"));

        // A click on the line opens the monitor, which lists both with Zendesk's words.
        QTest::mouseClick(window.outboxLine(), Qt::LeftButton);
        ui::SyncMonitorDialog *dialog = window.findChild<ui::SyncMonitorDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QTRY_VERIFY(dialog->rowOfEntry(retried) >= 0 && dialog->rowOfEntry(dropped) >= 0);
        const models::OutboxEntry &shown = dialog->entries()[std::size_t(dialog->rowOfEntry(retried))];
        QCOMPARE(shown.state, OutboxState::Dead);
        QCOMPARE(ui::SyncMonitorDialog::errorInWords(shown),
                 QStringLiteral("Zendesk refused the change (HTTP 422): Status: closed prevents ticket update"));
        auto *destinations = dialog->findChild<QTableWidget *>(QStringLiteral("destinations"));
        QTRY_COMPARE(destinations->rowCount(), 1);
        QTRY_COMPARE(destinations->item(0, 5)->text(), QStringLiteral("2")); // two failed

        auto *retry = dialog->findChild<QPushButton *>(QStringLiteral("retry"));
        auto *drop = dialog->findChild<QPushButton *>(QStringLiteral("drop"));
        dialog->selectEntry(retried);
        QVERIFY(retry->isEnabled());
        QVERIFY(drop->isEnabled());

        // Retry: Zendesk takes it this time.
        script->reject = false;
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(stateOf(retried), OutboxState::Done);
        QTRY_COMPARE(tracker->ticket(tickets[0]).needsAttention, 0);
        QTRY_VERIFY(dialog->rowOfEntry(retried) >= 0 &&
                    dialog->entries()[std::size_t(dialog->rowOfEntry(retried))].state == OutboxState::Done);
        QCOMPARE(stateOf(dropped), OutboxState::Dead); // the other waits for its own decision

        // Drop (confirmed): it is never sent.
        dialog->setConfirmDrops(false);
        dialog->selectEntry(dropped);
        QTRY_VERIFY(drop->isEnabled());
        QTest::mouseClick(drop, Qt::LeftButton);
        QTRY_COMPARE(stateOf(dropped), OutboxState::Dropped);
        QTRY_COMPARE(tracker->ticket(tickets[1]).needsAttention, 0);
        QTRY_VERIFY(!window.outboxLine()->isVisible());
        dialog->selectEntry(dropped);
        QTRY_VERIFY(!drop->isEnabled() && !retry->isEnabled()); // nothing left to decide
        QTRY_VERIFY(!window.queuePanel()->proxy()->isBusy());
    }

    void conflict_isReappliedOverZendesksVersion()
    {
        startWorker();
        actions = std::make_unique<services::TicketActions>(*desk->store, worker.get(), QStringLiteral("Rosa Delgado"));
        ui::MainWindow window(services());
        showWindow(window);
        script->conflict = true;
        const qint64 ticket = activeTickets(1).front();
        const qint64 entry = queueChange(ticket, QStringLiteral("Over someone else's reply."));
        QTRY_COMPARE(stateOf(entry), OutboxState::Conflict);
        ui::SyncMonitorDialog *dialog = window.openSyncMonitor();
        QTRY_VERIFY(dialog->rowOfEntry(entry) >= 0 &&
                    dialog->entries()[std::size_t(dialog->rowOfEntry(entry))].state == OutboxState::Conflict);
        const qint64 remote = QDateTime(QDate(2026, 11, 21), QTime(10, 0), Qt::UTC).toSecsSinceEpoch();
        QCOMPARE(ui::SyncMonitorDialog::remoteStamp(dialog->entries()[std::size_t(dialog->rowOfEntry(entry))]), remote);
        dialog->selectEntry(entry);
        auto *retry = dialog->findChild<QPushButton *>(QStringLiteral("retry"));
        QCOMPARE(retry->text(), QStringLiteral("&Re-apply"));
        script->conflict = false;
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(stateOf(entry), OutboxState::Done);
        QCOMPARE(models::OutboxStore(desk->store->db()).entry(entry).value()->baseStamp, remote); // sent against Zendesk's version
        QTRY_COMPARE(window.outboxTracker()->ticket(ticket).needsAttention, 0);
        QTRY_VERIFY(!window.queuePanel()->proxy()->isBusy());
    }

    void offlineWorkspace_decisionsGoToTheStore()
    {
        // No worker: the change waits, the line says why, and a failed one found in the workspace
        // (left by an earlier run) is retried or dropped in the store.
        actions = std::make_unique<services::TicketActions>(*desk->store, nullptr, QStringLiteral("Rosa Delgado"));
        ui::MainWindow window(services());
        showWindow(window);
        const auto tickets = activeTickets(2);
        const qint64 waiting = queueChange(tickets[0], QStringLiteral("Offline note."));
        const qint64 failed = queueChange(tickets[1], QStringLiteral("Refused earlier."));
        models::OutboxStore::Outcome dead;
        dead.id = failed;
        dead.state = OutboxState::Dead;
        dead.attempts = 10;
        dead.httpStatus = 0;
        dead.error = QStringLiteral("connection refused");
        models::OutboxStore store(desk->store->db());
        QVERIFY(store.markInFlight({failed}).ok()); // as an earlier run's worker did
        QVERIFY(store.record({dead}).ok());
        QCOMPARE(stateOf(failed), OutboxState::Dead);
        window.outboxTracker()->refresh();
        QTRY_COMPARE(window.outboxLine()->text(),
                     QStringLiteral("1 change needs you · 1 waiting — offline, sent once an account is connected"));

        ui::SyncMonitorDialog *dialog = window.openSyncMonitor();
        QTRY_VERIFY(dialog->rowOfEntry(failed) >= 0 && dialog->rowOfEntry(waiting) >= 0);
        QCOMPARE(ui::SyncMonitorDialog::errorInWords(dialog->entries()[std::size_t(dialog->rowOfEntry(failed))]),
                 QStringLiteral("No answer: connection refused"));
        auto *destinations = dialog->findChild<QTableWidget *>(QStringLiteral("destinations"));
        QTRY_COMPARE(destinations->item(0, 1)->text(), QStringLiteral("Offline: not sending"));
        dialog->selectEntry(failed);
        dialog->retrySelected();
        QTRY_COMPARE(stateOf(failed), OutboxState::Queued);
        QTRY_COMPARE(window.outboxLine()->text(), QStringLiteral("2 changes waiting — offline, sent once an account is connected"));
        dialog->selectEntry(waiting);
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("drop"))->isEnabled()); // only a failed change is dropped
        QTRY_VERIFY(!window.queuePanel()->proxy()->isBusy());
    }

    void auditLog_filters_andExportsTheFilteredRows()
    {
        actions = std::make_unique<services::TicketActions>(*desk->store, nullptr, QStringLiteral("Rosa Delgado"));
        const auto tickets = activeTickets(3);
        queueChange(tickets[0], QStringLiteral("Rosa's note, \"quoted\", with a comma"));
        queueChange(tickets[1], QStringLiteral("Another note"));
        models::AuditLog log(desk->store->db());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        models::AuditEntry other;
        other.actor = QStringLiteral("Sam Lee");
        other.action = QStringLiteral("note");
        other.ticketId = tickets[2];
        other.detail = QStringLiteral("=HYPERLINK(\"x\")");
        other.result = QStringLiteral("queued");
        QVERIFY(log.append(other).ok());
        models::AuditEntry status = other;
        status.actor = QStringLiteral("Rosa Delgado");
        status.action = QStringLiteral("status");
        QVERIFY(log.append(status).ok());
        models::AuditEntry old = other;
        old.actor = QStringLiteral("Rosa Delgado");
        old.at = now - 10LL * 24 * 3600 * 1000; // outside the last 7 days
        QVERIFY(log.append(old).ok());

        ui::AuditDialog dialog(monitor.get());
        QSignalSpy reloaded(&dialog, &ui::AuditDialog::reloaded);
        QVERIFY(reloaded.wait(10000));
        QCOMPARE(int(dialog.entries().size()), 4); // the last 7 days: everything but the old one
        dialog.setActorFilter(QStringLiteral("Rosa Delgado"));
        dialog.setActionFilter(QStringLiteral("note"));
        QTRY_VERIFY(dialog.entries().size() == 2 && std::all_of(dialog.entries().begin(), dialog.entries().end(), [](const auto &e) {
                        return e.actor == QStringLiteral("Rosa Delgado") && e.action == QStringLiteral("note");
                    }));
        dialog.setPeriod(ui::AuditDialog::Period::All);
        QTRY_COMPARE(int(dialog.entries().size()), 3); // the old one too
        dialog.setTicketFilter(tickets[0]);
        QTRY_COMPARE(int(dialog.entries().size()), 1);
        dialog.setTicketFilter(0);
        QTRY_COMPARE(int(dialog.entries().size()), 3);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("audit.csv"));
        QVERIFY(dialog.exportCsv(path).ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::string text = f.readAll().toStdString();
        models::CsvReader reader(text);
        std::vector<std::string> row;
        QVERIFY(reader.next(row));
        QCOMPARE(row.front(), std::string("time"));
        QCOMPARE(row.size(), std::size_t(9));
        std::vector<std::vector<std::string>> rows;
        while (reader.next(row))
            rows.push_back(row);
        QVERIFY(reader.error().empty());
        QCOMPARE(rows.size(), dialog.entries().size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const models::AuditEntry &e = dialog.entries()[i];
            QCOMPARE(QString::fromStdString(rows[i][1]), e.actor);
            QCOMPARE(QString::fromStdString(rows[i][3]), QStringLiteral("note"));
            QCOMPARE(QString::fromStdString(rows[i][4]), QString::number(e.ticketId));
            QCOMPARE(QString::fromStdString(rows[i][6]), e.detail.startsWith(QLatin1Char('=')) ? QLatin1Char('\'') + e.detail : e.detail);
        }
        QVERIFY(std::none_of(rows.begin(), rows.end(), [](const auto &r) { return r[1] == "Sam Lee"; }));
    }
};

QTEST_MAIN(OutboxUiTest)
#include "outboxui_test.moc"
