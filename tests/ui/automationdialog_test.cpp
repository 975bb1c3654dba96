// The Automation window over a real workspace: alerts raised into the store and delivered (or
// refused, or held back by the cap) through a real outbox worker, data-lake records queued, loaded
// and failed, read back through the real AlertService and LakeService; Pause / Resume through the
// worker; the failed rows exported as CSV.
#include "offlinedesk.h"

#include <models/alertstore.h>
#include <models/csvreader.h>
#include <models/lakestore.h>
#include <models/outbox.h>
#include <models/sqlconnection.h>
#include <services/alertservice.h>
#include <services/lakeservice.h>
#include <services/outboxdestination.h>
#include <services/outboxworker.h>
#include <support/testworkspace.h>
#include <ui/automationdialog.h>
#include <ui/mainwindow.h>
#include <ui/theme.h>

#include <QAction>
#include <QDateTime>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cosmicdesk;
using services::SendOutcome;
using ui::AutomationDialog;

namespace {

constexpr int kWaitMs = 20000;

// A destination that answers every attempt the same way.
class AnsweringDestination final : public services::OutboxDestination
{
public:
    AnsweringDestination(QString name, SendOutcome::Kind kind, int status, QString error)
        : m_name(std::move(name)), m_kind(kind), m_status(status), m_error(std::move(error))
    {
    }
    QString name() const override { return m_name; }
    void send(const models::OutboxEntry &, QObject *context, std::function<void(SendOutcome)> done) override
    {
        SendOutcome o;
        o.kind = m_kind;
        o.httpStatus = m_status;
        o.error = m_error;
        QTimer::singleShot(5, context, [done = std::move(done), o] { done(o); });
    }

private:
    QString m_name;
    SendOutcome::Kind m_kind;
    int m_status;
    QString m_error;
};

models::Alert alert(qint64 ticket, const QString &kind, const QString &level, const QString &channel, const QString &recipient,
                    const QString &subject, const QString &body)
{
    models::Alert a;
    a.ticketId = ticket;
    a.kind = kind;
    a.level = level;
    a.channel = channel;
    a.recipient = recipient;
    a.subject = subject;
    a.body = body;
    return a;
}

models::OutboxEntry entryFor(const QString &destination)
{
    models::OutboxEntry e;
    e.destination = destination;
    e.kind = destination == QLatin1String("slack") ? QStringLiteral("alert.slack") : QStringLiteral("alert.mail");
    e.payload = "{}";
    return e;
}

const QString kHostileSubject = QStringLiteral("<b>Refund</b> & <a href=\"http://evil.example\">cancel</a>");
const QString kGuardianBody = QStringLiteral("Acme Tea is at risk.\n\nEvidence:\n- “third time I ask” <script>alert(1)</script>");
const QString kFormulaReason = QStringLiteral("=HYPERLINK(\"http://evil.example\",\"click\") refused by Snowflake");

QString cell(const QTableWidget *t, int row, int column)
{
    const QTableWidgetItem *i = t->item(row, column);
    return i ? i->text() : QString();
}

} // namespace

class AutomationDialogTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<testsupport::OfflineDesk> desk;
    std::unique_ptr<services::AlertService> alerts;
    std::unique_ptr<services::LakeService> lake;
    std::unique_ptr<services::OutboxWorker> worker;
    std::vector<qint64> tickets;
    qint64 now = 0;

    void startWorker()
    {
        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(20);
        o.backoffCap = std::chrono::milliseconds(100);
        o.unreachableBackoffCap = std::chrono::milliseconds(100);
        o.statusInterval = std::chrono::milliseconds(50);
        worker = std::make_unique<services::OutboxWorker>(ws->path(), o);
        worker->addDestination(
            [] { return std::make_unique<AnsweringDestination>(QStringLiteral("sendgrid"), SendOutcome::Kind::Applied, 202, QString()); });
        worker->addDestination([] {
            return std::make_unique<AnsweringDestination>(QStringLiteral("slack"), SendOutcome::Kind::Rejected, 404,
                                                          QStringLiteral("channel_not_found"));
        });
        worker->addDestination(
            [] { return std::make_unique<AnsweringDestination>(models::kLakeRds, SendOutcome::Kind::Applied, 200, QString()); });
        // Snowflake cannot be reached: its records wait, and its delivery is failing.
        worker->addDestination([] {
            return std::make_unique<AnsweringDestination>(models::kLakeSnowflake, SendOutcome::Kind::Retry, 0,
                                                          QStringLiteral("connection refused"));
        });
        worker->start();
    }

    static bool waitFor(const std::function<bool()> &condition) { return QTest::qWaitFor(condition, kWaitMs); }

    // The store holds the automation's work, as the services leave it.
    void fill()
    {
        QSqlDatabase db = desk->store->db();
        models::AlertStore store(db);
        auto guardian = store.raise(alert(tickets[0], QStringLiteral("guardian"), QStringLiteral("critical"), QStringLiteral("email"),
                                          QStringLiteral("priya@cosmic.example"), kHostileSubject, kGuardianBody),
                                    entryFor(QStringLiteral("sendgrid")), 2, now - 300);
        QVERIFY(guardian.ok() && guardian.value());
        auto opportunity = store.raise(alert(tickets[1], QStringLiteral("opportunity"), QStringLiteral("signal"), QStringLiteral("slack"),
                                             QStringLiteral("#cs-alerts"), QStringLiteral("Upsell: 40 more seats"),
                                             QStringLiteral("They asked for 40 more seats.")),
                                       entryFor(QStringLiteral("slack")), 2, now - 200);
        QVERIFY(opportunity.ok() && opportunity.value());
        auto capped = store.raise(alert(tickets[2], QStringLiteral("guardian"), QStringLiteral("alert"), QStringLiteral("email"),
                                        QStringLiteral("kam@cosmic.example"), QStringLiteral("Guardian: angry"), QStringLiteral("Angry.")),
                                  entryFor(QStringLiteral("sendgrid")), 2, now - 100);
        QVERIFY(capped.ok() && capped.value());
        QCOMPARE(capped.value()->state, QStringLiteral("suppressed"));

        models::LakeStore lakeStore(db);
        auto queued = lakeStore.queue({tickets[0], tickets[1], tickets[2]}, {models::kLakeRds, models::kLakeSnowflake}, now - 600);
        QVERIFY2(queued.ok(), queued.ok() ? "" : qPrintable(queued.error().message));
        QCOMPARE(queued.value().invalid, qint64(0));
        {
            models::Transaction tx(db);
            QVERIFY(lakeStore.markLoaded(models::kLakeRds, {{tickets[0], 1}, {tickets[1], 1}}, now - 150).ok());
            QVERIFY(tx.commit().ok());
        }
        models::LakeFailure refused;
        refused.destination = models::kLakeSnowflake;
        refused.ticketId = tickets[2];
        refused.version = 1;
        refused.reason = kFormulaReason;
        refused.at = now - 60;
        QVERIFY(lakeStore.recordFailure(refused).ok());
        models::LakeFailure invalid;
        invalid.destination = QStringLiteral(""); // not a null string: the column is NOT NULL
        invalid.ticketId = tickets[3];
        invalid.version = 2;
        invalid.reason = QStringLiteral("status is missing; created_at is not a time");
        invalid.at = now - 30;
        auto recorded = lakeStore.recordFailure(invalid);
        QVERIFY2(recorded.ok(), recorded.ok() ? "" : qPrintable(recorded.error().message));
    }

    void makeServices()
    {
        alerts = std::make_unique<services::AlertService>(ws->path(), *desk->triage, services::AlertSettings{});
        services::LakeService::Options o;
        lake = std::make_unique<services::LakeService>(ws->path(), o);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        now = QDateTime::currentSecsSinceEpoch();
        ws = std::make_unique<testsupport::TestWorkspace>(40, 21);
        QVERIFY2(ws->isValid(), qPrintable(ws->error()));
        desk = testsupport::OfflineDesk::open(ws->path());
        QVERIFY(desk);
        tickets.clear();
        QSqlQuery q(desk->store->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets ORDER BY id LIMIT 4")));
        while (q.next())
            tickets.push_back(q.value(0).toLongLong());
        QCOMPARE(tickets.size(), std::size_t(4));
    }

    void cleanup()
    {
        worker.reset();
        alerts.reset();
        lake.reset();
        desk.reset();
        ws.reset();
    }

    void presenters_sayWhatHappened()
    {
        models::Alert a;
        a.state = QStringLiteral("sent");
        QCOMPARE(AutomationDialog::alertStateText(a), QStringLiteral("Sent"));
        a.state = QStringLiteral("queued");
        QCOMPARE(AutomationDialog::alertStateText(a), QStringLiteral("Waiting to send"));
        a.state = QStringLiteral("failed");
        a.reason = QStringLiteral("HTTP 401\nunauthorized");
        QCOMPARE(AutomationDialog::alertStateText(a), QStringLiteral("Failed: HTTP 401 unauthorized"));
        a.state = QStringLiteral("suppressed");
        a.reason = QStringLiteral("the hourly cap is 30");
        QCOMPARE(AutomationDialog::alertStateText(a), QStringLiteral("Suppressed: the hourly cap is 30"));
        QCOMPARE(AutomationDialog::alertStateColour(a), ui::theme::warning());
        a.state = QStringLiteral("failed");
        QCOMPARE(AutomationDialog::alertStateColour(a), ui::theme::error());
        a.kind = QStringLiteral("guardian");
        a.level = QStringLiteral("critical");
        QCOMPARE(AutomationDialog::alertKindText(a), QStringLiteral("Guardian · Critical"));
        QCOMPARE(AutomationDialog::alertKindColour(a), ui::theme::guardianColor(3));
        a.kind = QStringLiteral("opportunity");
        a.level = QStringLiteral("signal");
        QCOMPARE(AutomationDialog::alertKindText(a), QStringLiteral("Opportunity · Signal"));
        QCOMPARE(AutomationDialog::alertChannelText(QStringLiteral("email")), QStringLiteral("E-mail"));
        QCOMPARE(AutomationDialog::alertChannelText(QStringLiteral("slack")), QStringLiteral("Slack"));
        QCOMPARE(AutomationDialog::failureDestinationText(QString()), QStringLiteral("Validation"));
        QCOMPARE(AutomationDialog::failureDestinationText(models::kLakeSnowflake), QStringLiteral("Snowflake"));
        QCOMPARE(AutomationDialog::destinationText(models::kLakeRds), QStringLiteral("RDS"));

        const qint64 t = 1795305600;
        QCOMPARE(AutomationDialog::agoText(0, t), QStringLiteral("never"));
        QCOMPARE(AutomationDialog::agoText(t - 2, t), QStringLiteral("just now"));
        QCOMPARE(AutomationDialog::agoText(t - 40, t), QStringLiteral("40 s ago"));
        QCOMPARE(AutomationDialog::agoText(t - 150, t), QStringLiteral("2 min ago"));
        QCOMPARE(AutomationDialog::agoText(t - 3 * 3600 - 5, t), QStringLiteral("3 h ago"));

        services::DestinationStatus s;
        const qint64 nowMs = t * 1000;
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Up to date"));
        QCOMPARE(AutomationDialog::lakeStateColour(&s, true), ui::theme::success());
        s.queued = 3;
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Sending"));
        s.dead = 2;
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Sending · 2 failed for good"));
        QCOMPARE(AutomationDialog::lakeStateColour(&s, true), ui::theme::error());
        s.queued = 0;
        s.dead = 1;
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Up to date · 1 failed for good"));
        s.queued = 3;
        s.dead = 0;
        QCOMPARE(AutomationDialog::lakeStateColour(&s, true), ui::theme::attention());
        s.failingSince = nowMs - 60000;
        QVERIFY(AutomationDialog::lakeStateText(&s, true, nowMs).startsWith(QStringLiteral("Failing since ")));
        QCOMPARE(AutomationDialog::lakeStateColour(&s, true), ui::theme::error());
        s.paused = true;
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Paused"));
        s.pauseReason = QStringLiteral("Snowflake refused our credentials");
        QCOMPARE(AutomationDialog::lakeStateText(&s, true, nowMs), QStringLiteral("Paused: Snowflake refused our credentials"));
        QVERIFY(AutomationDialog::lakeStateText(&s, false, nowMs).startsWith(QStringLiteral("Not sending")));
        QVERIFY(AutomationDialog::lakeStateText(nullptr, true, nowMs).startsWith(QStringLiteral("Not sending")));
    }

    void alerts_newestFirst_statesInWords_andTheirTextBelow()
    {
        fill();
        QVERIFY(!QTest::currentTestFailed());
        startWorker();
        makeServices();
        AutomationDialog dialog(alerts.get(), lake.get(), worker.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("alertsTable"));
        QVERIFY(table);
        QCOMPARE(dialog.objectName(), QStringLiteral("automationDialog"));
        // The Guardian alert's e-mail is delivered, the Slack post refused; the dialog follows on its own.
        QVERIFY2(waitFor([&] {
                     return table->rowCount() == 3 && cell(table, 2, 5) == QStringLiteral("Sent") &&
                            cell(table, 1, 5).startsWith(QStringLiteral("Failed"));
                 }),
                 "the alerts did not reach their final states in the table");

        // Newest first: the capped one, the Opportunity post, the Guardian mail.
        QCOMPARE(cell(table, 0, 1), QStringLiteral("#%1").arg(tickets[2]));
        QCOMPARE(cell(table, 0, 2), QStringLiteral("Guardian · Alert"));
        QVERIFY2(cell(table, 0, 5).startsWith(QStringLiteral("Suppressed: ")), qPrintable(cell(table, 0, 5)));
        QVERIFY2(cell(table, 0, 5).contains(QStringLiteral("cap is 2")), qPrintable(cell(table, 0, 5)));
        QCOMPARE(table->item(0, 5)->foreground().color(), ui::theme::warning());
        QCOMPARE(cell(table, 1, 1), QStringLiteral("#%1").arg(tickets[1]));
        QCOMPARE(cell(table, 1, 2), QStringLiteral("Opportunity · Signal"));
        QCOMPARE(cell(table, 1, 3), QStringLiteral("Slack"));
        QCOMPARE(cell(table, 1, 4), QStringLiteral("#cs-alerts"));
        QCOMPARE(cell(table, 1, 5), QStringLiteral("Failed: channel_not_found"));
        QCOMPARE(table->item(1, 5)->foreground().color(), ui::theme::error());
        QCOMPARE(cell(table, 2, 2), QStringLiteral("Guardian · Critical"));
        QCOMPARE(cell(table, 2, 3), QStringLiteral("E-mail"));
        QCOMPARE(cell(table, 2, 4), QStringLiteral("priya@cosmic.example"));
        QCOMPARE(table->item(2, 5)->foreground().color(), ui::theme::success());
        QCOMPARE(cell(table, 2, 0), QDateTime::fromSecsSinceEpoch(now - 300).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));

        // Selecting the Guardian alert shows its subject and full text, literally.
        auto *subject = dialog.findChild<QLabel *>(QStringLiteral("alertSubject"));
        auto *body = dialog.findChild<QPlainTextEdit *>(QStringLiteral("alertBody"));
        QVERIFY(subject && body);
        QVERIFY(body->toPlainText().isEmpty());
        table->selectRow(2);
        QCOMPARE(subject->text(), kHostileSubject);
        QCOMPARE(subject->textFormat(), Qt::PlainText);
        QCOMPARE(body->toPlainText(), kGuardianBody);
        QVERIFY(body->isReadOnly());
        // A refresh keeps the selection and the text.
        QSignalSpy refreshed(&dialog, &AutomationDialog::refreshed);
        dialog.refresh();
        QVERIFY(refreshed.wait(kWaitMs));
        QCOMPARE(dialog.selectedAlert(), dialog.alerts()[2].id);
        QCOMPARE(body->toPlainText(), kGuardianBody);
        table->selectRow(1);
        QCOMPARE(subject->text(), QStringLiteral("Upsell: 40 more seats"));
    }

    void alerts_refreshWhenTheServiceSaysSo()
    {
        makeServices();
        AutomationDialog dialog(alerts.get(), lake.get(), nullptr);
        dialog.setRefreshInterval(3600 * 1000); // only the signal can bring the news
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("alertsTable"));
        auto *empty = dialog.findChild<QLabel *>(QStringLiteral("alertsEmpty"));
        QSignalSpy refreshed(&dialog, &AutomationDialog::refreshed);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(waitFor([&] { return refreshed.count() >= 1; }), "the first reading did not come");
        QTest::qWait(100);
        QCOMPARE(table->rowCount(), 0);
        QCOMPARE(empty->text(), QStringLiteral("No alerts yet. Guardian alerts go to the account's key account manager, "
                                               "Opportunity alerts to sales."));
        QVERIFY(empty->isVisible());
        QVERIFY(!table->isVisible());

        fill();
        QVERIFY(!QTest::currentTestFailed());
        QTest::qWait(500);
        QCOMPARE(table->rowCount(), 0); // no signal, no timer: not read again
        Q_EMIT alerts->alertsChanged();
        QVERIFY2(waitFor([&] { return table->rowCount() == 3; }), "alertsChanged() did not refresh the table");
        QVERIFY(!empty->isVisible());
        QVERIFY(table->isVisible());
        // Without a running worker nothing was sent: the alerts wait.
        QCOMPARE(cell(table, 2, 5), QStringLiteral("Waiting to send"));
        QCOMPARE(table->item(2, 5)->foreground().color(), ui::theme::attention());
    }

    void alerts_polledWhileShown_notWhileHidden()
    {
        makeServices();
        AutomationDialog dialog(alerts.get(), lake.get(), nullptr);
        dialog.setRefreshInterval(100);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("alertsTable"));
        auto *failures = dialog.findChild<QTableWidget *>(QStringLiteral("failuresTable"));
        QSignalSpy refreshed(&dialog, &AutomationDialog::refreshed);
        QVERIFY2(waitFor([&] { return refreshed.count() >= 1; }), "the first reading did not come");
        fill(); // straight into the store: no service signals
        QVERIFY(!QTest::currentTestFailed());
        QTest::qWait(600);
        QCOMPARE(table->rowCount(), 0); // hidden: not polled
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(waitFor([&] { return table->rowCount() == 3 && failures->rowCount() == 2; }), "showing did not read the store again");
        // While shown, the timer brings what changed without a signal.
        models::AlertStore store(desk->store->db());
        QVERIFY(store
                    .raise(alert(tickets[3], QStringLiteral("opportunity"), QStringLiteral("signal"), QStringLiteral("email"),
                                 QStringLiteral("sales@cosmic.example"), QStringLiteral("Renewal"), QStringLiteral("Renewal talk.")),
                           entryFor(QStringLiteral("sendgrid")), 100, now)
                    .ok());
        QVERIFY2(waitFor([&] { return table->rowCount() == 4; }), "the shown dialog did not poll");
        QCOMPARE(cell(table, 0, 4), QStringLiteral("sales@cosmic.example"));
        dialog.hide();
        QTest::qWait(50);
        QVERIFY(store
                    .raise(alert(tickets[0], QStringLiteral("opportunity"), QStringLiteral("signal"), QStringLiteral("email"),
                                 QStringLiteral("sales@cosmic.example"), QStringLiteral("More"), QStringLiteral("More.")),
                           entryFor(QStringLiteral("sendgrid")), 100, now)
                    .ok());
        QTest::qWait(600);
        QCOMPARE(table->rowCount(), 4);
    }

    void lake_countsAndDelivery_perDestination_pauseAndResume()
    {
        fill();
        QVERIFY(!QTest::currentTestFailed());
        startWorker();
        makeServices();
        AutomationDialog dialog(alerts.get(), lake.get(), worker.get());
        dialog.showTab(AutomationDialog::LakeTab);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("lakeTable"));
        QVERIFY(table);
        const QStringList expected = {models::kLakeRds, models::kLakeSnowflake, QStringLiteral("sendgrid"), QStringLiteral("slack")};
        QVERIFY2(waitFor([&] { return dialog.lakeRows() == expected; }), "the lake tab does not list the lake and alert destinations");
        // Snowflake cannot be reached: failing since; RDS took everything.
        QVERIFY2(waitFor([&] {
                     return cell(table, 1, 5).startsWith(QStringLiteral("Failing since")) &&
                            cell(table, 0, 5) == QStringLiteral("Up to date") && cell(table, 2, 5) == QStringLiteral("Up to date");
                 }),
                 "the delivery states did not settle");
        QCOMPARE(cell(table, 0, 0), QStringLiteral("RDS"));
        QCOMPARE(cell(table, 1, 0), QStringLiteral("Snowflake"));
        QCOMPARE(cell(table, 2, 0), QStringLiteral("SendGrid (alert e-mails)"));
        QCOMPARE(cell(table, 3, 0), QStringLiteral("Slack (alerts)"));
        // RDS has the records of two tickets, the third on its way; Snowflake none yet.
        QCOMPARE(cell(table, 0, 1), QStringLiteral("2"));
        QCOMPARE(cell(table, 0, 2), QStringLiteral("1"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("2 min ago"));
        QCOMPARE(cell(table, 1, 1), QStringLiteral("0"));
        QCOMPARE(cell(table, 1, 2), QStringLiteral("3"));
        QCOMPARE(cell(table, 1, 4), QStringLiteral("never"));
        QCOMPARE(cell(table, 0, 3), QStringLiteral("1")); // the validation failure counts for both
        QCOMPARE(cell(table, 1, 3), QStringLiteral("2")); // and the refused row names Snowflake
        QCOMPARE(table->item(1, 5)->foreground().color(), ui::theme::error());
        QVERIFY(table->item(1, 5)->toolTip().contains(QStringLiteral("connection refused")));
        // The alert channels: one e-mail delivered, one Slack post refused.
        QCOMPARE(cell(table, 2, 1), QStringLiteral("1"));
        QCOMPARE(cell(table, 3, 3), QStringLiteral("1"));
        QCOMPARE(cell(table, 3, 5), QStringLiteral("Up to date · 1 failed for good"));
        QCOMPARE(table->item(3, 5)->foreground().color(), ui::theme::error());

        auto *pause = qobject_cast<QPushButton *>(table->cellWidget(0, 6));
        QVERIFY(pause);
        QCOMPARE(pause->objectName(), QStringLiteral("pause-rds"));
        QCOMPARE(pause->text(), QStringLiteral("Pause"));
        QVERIFY(pause->isEnabled());
        QVERIFY(!worker->status().at(models::kLakeRds).paused);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY2(waitFor([&] { return worker->status().at(models::kLakeRds).paused; }), "Pause did not pause RDS in the worker");
        QVERIFY2(waitFor([&] { return cell(table, 0, 5) == QStringLiteral("Paused"); }), "the paused state is not shown");
        QCOMPARE(table->item(0, 5)->foreground().color(), ui::theme::warning());
        QCOMPARE(pause->text(), QStringLiteral("Resume"));
        QVERIFY(!worker->status().at(models::kLakeSnowflake).paused); // only the one asked for
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY2(waitFor([&] { return !worker->status().at(models::kLakeRds).paused; }), "Resume did not resume RDS");
        QVERIFY2(waitFor([&] { return pause->text() == QStringLiteral("Pause"); }), "the button does not offer Pause again");

        // The alert channels pause as well.
        auto *slack = qobject_cast<QPushButton *>(table->cellWidget(3, 6));
        QVERIFY(slack);
        QTest::mouseClick(slack, Qt::LeftButton);
        QVERIFY2(waitFor([&] { return worker->status().at(QStringLiteral("slack")).paused; }), "Pause did not pause Slack");
    }

    void lake_withoutAWorker_saysDeliveryIsNotRunning()
    {
        fill();
        QVERIFY(!QTest::currentTestFailed());
        makeServices();
        AutomationDialog dialog(nullptr, lake.get(), nullptr);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("lakeTable"));
        QVERIFY2(waitFor([&] { return table->rowCount() == 2; }), "the lake rows did not come");
        QVERIFY(cell(table, 0, 5).startsWith(QStringLiteral("Not sending")));
        QVERIFY(!qobject_cast<QPushButton *>(table->cellWidget(0, 6))->isEnabled());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("lakeNote"))->text().contains(QStringLiteral("Delivery is not running")));
        // No alert service: the alerts tab says so instead of "no alerts yet".
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("alertsEmpty"))->text().startsWith(QStringLiteral("Alerts are not set up")));
    }

    void failures_listed_andExportedAsShown()
    {
        fill();
        QVERIFY(!QTest::currentTestFailed());
        makeServices();
        AutomationDialog dialog(alerts.get(), lake.get(), nullptr);
        dialog.showTab(AutomationDialog::FailuresTab);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("failuresTable"));
        auto *exportButton = dialog.findChild<QPushButton *>(QStringLiteral("exportFailures"));
        QVERIFY(table && exportButton);
        QVERIFY2(waitFor([&] { return table->rowCount() == 2; }), "the failed rows did not come");
        QVERIFY(exportButton->isEnabled());
        // Newest first: the validation failure, then Snowflake's refusal.
        QCOMPARE(cell(table, 0, 1), QStringLiteral("Validation"));
        QCOMPARE(cell(table, 0, 2), QStringLiteral("#%1").arg(tickets[3]));
        QCOMPARE(cell(table, 0, 3), QStringLiteral("2"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("status is missing; created_at is not a time"));
        QCOMPARE(cell(table, 1, 1), QStringLiteral("Snowflake"));
        QCOMPARE(cell(table, 1, 2), QStringLiteral("#%1").arg(tickets[2]));
        QCOMPARE(cell(table, 1, 4), kFormulaReason);

        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("failures.csv"));
        QVERIFY(dialog.exportFailuresCsv(path).ok());
        const QByteArray bytes = testsupport::fileBytes(path);
        const std::string text = bytes.toStdString();
        models::CsvReader reader(text);
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> row;
        while (reader.next(row))
            rows.push_back(row);
        QVERIFY2(reader.error().empty(), reader.error().c_str());
        QCOMPARE(rows.size(), std::size_t(3)); // the header and exactly the rows shown
        QCOMPARE(rows[0], (std::vector<std::string>{"time", "destination", "ticket_id", "version", "reason"}));
        QCOMPARE(QString::fromStdString(rows[1][1]), QStringLiteral("validation"));
        QCOMPARE(QString::fromStdString(rows[1][2]), QString::number(tickets[3]));
        QCOMPARE(QString::fromStdString(rows[1][0]), QDateTime::fromSecsSinceEpoch(now - 30, Qt::UTC).toString(Qt::ISODate));
        QCOMPARE(QString::fromStdString(rows[2][1]), models::kLakeSnowflake);
        // The formula is defused: a spreadsheet shows it as text.
        QCOMPARE(QString::fromStdString(rows[2][4]), QLatin1Char('\'') + kFormulaReason);

        QVERIFY(!dialog.exportFailuresCsv(out.filePath(QStringLiteral("no/such/dir/f.csv"))).ok());
    }

    void failures_withoutTheLake_sayItIsNotSetUp()
    {
        makeServices();
        AutomationDialog dialog(alerts.get(), nullptr, nullptr);
        QCOMPARE(dialog.findChild<QTableWidget *>(QStringLiteral("failuresTable"))->rowCount(), 0);
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("exportFailures"))->isEnabled());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("failuresNote"))->text().contains(QStringLiteral("not set up")));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("lakeNote"))->text().contains(QStringLiteral("data lake is not set up")));
    }

    void mainWindow_opensOneAutomationWindow_onlyWithAlertsOrTheLake()
    {
        makeServices();
        {
            ui::MainWindow plain(desk->services());
            QAction *none = plain.findChild<QAction *>(QStringLiteral("automationAction"));
            QVERIFY(!none);
            QVERIFY(!plain.openAutomation());
        }
        ui::WindowServices s = desk->services();
        s.lake = lake.get();
        ui::MainWindow window(s);
        QAction *action = window.findChild<QAction *>(QStringLiteral("automationAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        action->trigger();
        auto *first = window.findChild<AutomationDialog *>(QStringLiteral("automationDialog"));
        QVERIFY(first);
        QVERIFY(first->isVisible());
        first->close();
        AutomationDialog *again = window.openAutomation();
        QCOMPARE(again, first);
        QVERIFY(again->isVisible());
        QCOMPARE(window.findChildren<AutomationDialog *>().size(), qsizetype(1));
        // Without the alert service its tab says so.
        QVERIFY(again->findChild<QLabel *>(QStringLiteral("alertsEmpty"))->text().startsWith(QStringLiteral("Alerts are not set up")));
        again->close();
    }
};

QTEST_MAIN(AutomationDialogTest)
#include "automationdialog_test.moc"
