// The window's hands over a real workspace: the Bulk menu acts on the queue's selection (one outbox
// entry and one changed row per ticket, a result per ticket in the dialog), and the triage panel
// sends accepted and overridden suggestions to Zendesk through TicketActions with the settings'
// mapping — priority mapped, a team only with its group, Guardian as its custom field — each stored
// as a decision with its change, or refused with the reason and nothing stored.
#include "offlinedesk.h"

#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/outbox.h>
#include <models/queuefiltermodel.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <models/zendeskjson.h>
#include <sandbox/httpsandbox.h>
#include <services/bulkrun.h>
#include <services/directoryservice.h>
#include <services/macroservice.h>
#include <services/ticketactions.h>
#include <support/memorysettings.h>
#include <support/testworkspace.h>
#include <ui/bulkactions.h>
#include <ui/bulkprogressdialog.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/ticketpane.h>
#include <ui/triagepanel.h>
#include <ui/triagewritebackdialog.h>

#include <nlohmann/json.hpp>

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using namespace cosmicdesk;

class BulkActionsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<testsupport::OfflineDesk> desk;
    std::unique_ptr<services::TicketActions> actions;
    testsupport::MemorySettings settings;
    std::unique_ptr<ui::MainWindow> window;

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(desk->store->db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    // The newest outbox entry of a ticket, as Zendesk's "ticket" object.
    nlohmann::json lastPayload(qint64 ticket)
    {
        QSqlQuery q(desk->store->db());
        q.exec(QStringLiteral("SELECT payload FROM outbox WHERE ticket_id = %1 ORDER BY id DESC LIMIT 1").arg(ticket));
        if (!q.next())
            return nlohmann::json();
        return nlohmann::json::parse(q.value(0).toByteArray().toStdString());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        ws = std::make_unique<testsupport::TestWorkspace>(400);
        QVERIFY(ws->isValid());
        desk = testsupport::OfflineDesk::open(ws->path());
        QVERIFY(desk);
        actions = std::make_unique<services::TicketActions>(*desk->store, nullptr, QStringLiteral("Rosa Delgado"));
        settings = {};
        ui::WindowServices s = desk->services();
        s.actions = actions.get();
        s.settings = &settings;
        window = std::make_unique<ui::MainWindow>(s);
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        desk->queue->reload();
        QTRY_VERIFY_WITH_TIMEOUT(window->queuePanel()->proxy()->rowCount() > 10 && !window->queuePanel()->proxy()->isBusy(), 30000);
    }

    void cleanup()
    {
        window.reset();
        actions.reset();
        desk.reset();
        ws.reset();
    }

    void bulkStatus_onTheSelection_queuesOneChangePerTicket()
    {
        ui::QueueView *view = window->queuePanel()->view();
        models::QueueFilterModel *proxy = window->queuePanel()->proxy();
        const int n = 7; // under the confirmation threshold
        view->selectionModel()->select(QItemSelection(proxy->index(0, 0), proxy->index(n - 1, 0)),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const std::vector<qint64> ids = view->selectedTickets();
        QCOMPARE(int(ids.size()), n);
        QStringList in;
        for (qint64 id : ids)
            in << QString::number(id);

        auto *solve = window->findChild<QAction *>(QStringLiteral("bulkStatus_solved"));
        QVERIFY(solve && solve->isEnabled());
        solve->trigger();
        ui::BulkProgressDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<ui::BulkProgressDialog *>()) != nullptr);
        auto *results = dialog->results();
        QTRY_VERIFY_WITH_TIMEOUT(results->isVisible() && results->rowCount() == n, 20000);
        for (int r = 0; r < n; ++r) {
            QCOMPARE(results->item(r, 1)->text(), QStringLiteral("queued for Zendesk"));
            QVERIFY(std::find(ids.begin(), ids.end(), results->item(r, 0)->data(Qt::UserRole).toLongLong()) != ids.end());
        }
        QVERIFY2(dialog->summaryText().contains(QStringLiteral("%1 queued").arg(n)), qPrintable(dialog->summaryText()));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id IN (%1)").arg(in.join(u','))), n);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE id IN (%1) AND status = %2")
                            .arg(in.join(u','))
                            .arg(int(models::TicketStatus::Solved))),
                 n);
        for (qint64 id : ids)
            QCOMPARE(lastPayload(id)["status"].get<std::string>(), std::string("solved"));
    }

    void manyTickets_areConfirmedFirst_andARefusalChangesNothing()
    {
        ui::QueueView *view = window->queuePanel()->view();
        models::QueueFilterModel *proxy = window->queuePanel()->proxy();
        QVERIFY(proxy->rowCount() > ui::BulkActions::kConfirmAbove);
        const int n = ui::BulkActions::kConfirmAbove + 1;
        view->selectionModel()->select(QItemSelection(proxy->index(0, 0), proxy->index(n - 1, 0)),
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QStringList asked;
        bool answer = false;
        window->bulkActions()->setConfirm([&](const QString &what, int tickets) {
            asked << QStringLiteral("%1 × %2").arg(what).arg(tickets);
            return answer;
        });
        auto *pending = window->findChild<QAction *>(QStringLiteral("bulkStatus_pending"));
        pending->trigger();
        QCOMPARE(asked, QStringList{QStringLiteral("Set status: Pending × %1").arg(n)});
        QTest::qWait(100);
        QVERIFY(!window->findChild<ui::BulkProgressDialog *>());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        // Yes: all of them.
        answer = true;
        pending->trigger();
        ui::BulkProgressDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window->findChild<ui::BulkProgressDialog *>()) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->results()->isVisible(), 20000);
        QCOMPARE(dialog->results()->rowCount(), n);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox")), n);
    }

    void closingWhileRunning_cancels_andTheDialogStaysWithItsResults()
    {
        std::vector<qint64> ids;
        QSqlQuery q(desk->store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status < 5 ORDER BY id LIMIT 250"));
        while (q.next())
            ids.push_back(q.value(0).toLongLong());
        QVERIFY2(ids.size() > 100, qPrintable(QString::number(ids.size())));
        models::TicketChange c;
        c.addTags << QStringLiteral("escaped");
        QPointer<ui::BulkProgressDialog> dialog = window->bulkActions()->run(ids, QStringLiteral("Tags"), services::BulkRun::sameChange(c));
        QVERIFY(dialog);
        dialog->reject(); // Escape before the first hundred is built (the run starts from the event loop)
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog && dialog->results()->isVisible(), 20000);
        QVERIFY2(dialog->summaryText().contains(QStringLiteral("Cancelled")), qPrintable(dialog->summaryText()));
        // Nothing was queued or changed, and every row says so.
        const qint64 queued = scalar(QStringLiteral("SELECT count(*) FROM outbox"));
        QCOMPARE(queued, 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM tickets WHERE tags LIKE '%escaped%'")), queued);
        int cancelled = 0;
        for (int r = 0; r < dialog->results()->rowCount(); ++r)
            cancelled += dialog->results()->item(r, 1)->text() == QStringLiteral("not changed (cancelled)");
        QCOMPARE(qint64(cancelled), qint64(ids.size()) - queued);
        dialog->reject(); // finished: now it closes
        QTRY_VERIFY(!dialog);
    }

    void theWriteBackDialog_mapsTeamsToTheDirectorysGroups()
    {
        services::DirectoryService directory(ws->path());
        QSignalSpy changed(&directory, &services::DirectoryService::changed);
        directory.refresh();
        QVERIFY(changed.wait(10000));
        QVERIFY(!directory.groups().empty());
        const models::Group group = directory.groups().front();
        settings.writeBack.teamGroups[QStringLiteral("Old team")] = 31337; // a group the directory no longer has
        settings.writeBack.guardianFieldId = 11;
        ui::TriageWriteBackDialog dialog(settings, {QStringLiteral("Billing & Payments"), QStringLiteral("Data & Analytics")}, &directory);
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("teamGroups"));
        QCOMPARE(table->rowCount(), 3);
        auto combo = [&](int row) { return qobject_cast<QComboBox *>(table->cellWidget(row, 1)); };
        QCOMPARE(table->item(2, 0)->text(), QStringLiteral("Old team"));
        QCOMPARE(combo(2)->currentData().toLongLong(), 31337); // kept, not dropped
        QCOMPARE(combo(0)->currentData().toLongLong(), 0);     // not sent until chosen
        QCOMPARE(combo(0)->count(), int(directory.groups().size()) + 1);
        combo(0)->setCurrentIndex(combo(0)->findData(QVariant(group.id)));
        dialog.findChild<QLineEdit *>(QStringLiteral("opportunityField"))->setText(QStringLiteral("22"));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("guardianField"))->text(), QStringLiteral("11"));
        const services::TriageWriteBack chosen = dialog.chosen();
        QCOMPARE(chosen.groupOf(QStringLiteral("Billing & Payments")), group.id);
        QCOMPARE(chosen.groupOf(QStringLiteral("Data & Analytics")), 0);
        QCOMPARE(chosen.groupOf(QStringLiteral("Old team")), 31337);
        QCOMPARE(chosen.guardianFieldId, 11);
        QCOMPARE(chosen.opportunityFieldId, 22);
        QCOMPARE(settings.writeBack.opportunityFieldId, 0); // nothing saved before Save
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        QVERIFY(settings.writeBack == chosen);
    }

    void aMacro_isAppliedPerTicket_asZendeskAnswers()
    {
        // Zendesk's apply endpoint: the ticket as the macro would leave it (solved, tagged) and a note.
        sandbox::HttpSandbox server(3);
        QVERIFY(server.start() != 0);
        std::map<qint64, models::Ticket> tickets;
        server.addRoute(QStringLiteral("zendesk.apply_macro"), "GET", QStringLiteral("/api/v2/tickets/([0-9]+)/macros/([0-9]+)/apply"),
                        [&tickets](const sandbox::SandboxRequest &r) {
                            const auto it = tickets.find(r.args.value(0).toLongLong());
                            if (it == tickets.end() || r.args.value(1) != u"77")
                                return sandbox::SandboxReply::json(404, R"({"error":"RecordNotFound"})");
                            models::Ticket t = it->second;
                            t.status = models::TicketStatus::Solved;
                            t.tags << QStringLiteral("macro_refund_done");
                            nlohmann::json result{{"ticket", models::zendesk::ticketJson(t, std::string())},
                                                  {"comment", {{"body", "Refund confirmed."}, {"public", false}}}};
                            return sandbox::SandboxReply::json(200, QByteArray::fromStdString(nlohmann::json{{"result", result}}.dump()));
                        });
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server.baseUrl());
        connectors::ZendeskClient client(o,
                                         std::make_shared<connectors::ZendeskTokenAuth>(QStringLiteral("a@b.test"), QStringLiteral("t")));
        services::MacroService macros;
        macros.setClient(&client);
        ui::WindowServices s = desk->services();
        s.actions = actions.get();
        s.macros = &macros;
        window = std::make_unique<ui::MainWindow>(s);

        std::vector<qint64> ids;
        QSqlQuery q(desk->store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1) ORDER BY id LIMIT 4"));
        while (q.next())
            ids.push_back(q.value(0).toLongLong());
        QCOMPARE(ids.size(), std::size_t(4));
        for (qint64 id : ids)
            tickets[id] = *desk->store->ticket(id).value();
        tickets.erase(ids.back()); // Zendesk does not know this one: it fails with Zendesk's reason
        auto *dialog = window->bulkActions()->run(ids, QStringLiteral("Macro: Refund done"), window->bulkActions()->macroBuilder(77, {}));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->results()->isVisible(), 20000);
        QCOMPARE(dialog->results()->item(0, 1)->text(), QStringLiteral("failed"));
        QCOMPARE(dialog->results()->item(0, 0)->data(Qt::UserRole).toLongLong(), ids.back());
        for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
            const auto payload = lastPayload(ids[i]);
            QCOMPARE(payload["status"].get<std::string>(), std::string("solved"));
            QVERIFY(payload["additional_tags"].dump().find("macro_refund_done") != std::string::npos);
            QCOMPARE(payload["comment"]["body"].get<std::string>(), std::string("Refund confirmed."));
            QCOMPARE(payload["comment"]["public"].get<bool>(), false);
            QCOMPARE(desk->store->ticket(ids[i]).value()->status, models::TicketStatus::Solved);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id = %1").arg(ids.back())), 0);
        QCOMPARE(int(server.received(QStringLiteral("zendesk.apply_macro")).size()), 4);
    }

    void aFailedTicket_isListedWithItsReason()
    {
        // A closed ticket among the chosen: it fails with Zendesk's rule, the others are queued.
        const qint64 closed = scalar(QStringLiteral("SELECT id FROM tickets WHERE status = 5 LIMIT 1"));
        const qint64 open = scalar(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1) LIMIT 1"));
        QVERIFY(closed > 0 && open > 0);
        models::TicketChange c;
        c.addTags << QStringLiteral("vip");
        ui::BulkProgressDialog *dialog =
            window->bulkActions()->run({open, closed}, QStringLiteral("Tags"), services::BulkRun::sameChange(c));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->results()->isVisible(), 20000);
        auto *results = dialog->results();
        QCOMPARE(results->rowCount(), 2);
        // Failures first.
        QCOMPARE(results->item(0, 0)->data(Qt::UserRole).toLongLong(), closed);
        QCOMPARE(results->item(0, 1)->text(), QStringLiteral("failed"));
        QVERIFY2(results->item(0, 2)->text().contains(QStringLiteral("closed")), qPrintable(results->item(0, 2)->text()));
        QCOMPARE(results->item(1, 1)->text(), QStringLiteral("queued for Zendesk"));
        QVERIFY(dialog->summaryText().contains(QStringLiteral("1 failed")));
    }

    void suggestions_goToZendesk_withTheMapping()
    {
        desk->triage->start();
        QTRY_VERIFY_WITH_TIMEOUT(desk->triage->state() == services::TriageService::State::Idle, 120000);
        ui::TriagePanel *panel = window->ticketPane()->triagePanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->hasSuggestion(), 30000);
        const qint64 id = panel->ticketId();
        models::TriageStore ts(desk->store->db());
        const auto record = ts.record(id).value();
        QVERIFY(record);
        const auto &a = record->assessment;
        auto *status = panel->findChild<QLabel *>(QStringLiteral("triageStatus"));
        auto outboxCount = [&] { return scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE ticket_id = %1").arg(id)); };

        // Priority: the mapped Zendesk priority, queued with the decision.
        QTRY_VERIFY(panel->findChild<QPushButton *>(QStringLiteral("acceptPriority"))->isEnabled());
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("acceptPriority")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(outboxCount() == 1, qPrintable(status->text()), 20000);
        QCOMPARE(QString::fromStdString(lastPayload(id)["priority"].get<std::string>()),
                 QString::fromLatin1(triage::zendeskPriority(a.priority.priority).data()));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM triage_decisions WHERE ticket_id = %1 AND field = 'priority'").arg(id)), 1);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->findChild<QLabel *>(QStringLiteral("decisionPriority"))->text().contains(QStringLiteral("accepted")), 20000);

        // Team without a group: refused in words; nothing stored, nothing queued.
        auto *acceptTeam = panel->findChild<QPushButton *>(QStringLiteral("acceptTeam"));
        QTRY_VERIFY(acceptTeam->isEnabled());
        QTest::mouseClick(acceptTeam, Qt::LeftButton);
        QTRY_VERIFY2(status->text().contains(QStringLiteral("No Zendesk group")), qPrintable(status->text()));
        QVERIFY(status->text().contains(QString::fromStdString(a.team.label).toHtmlEscaped()) ||
                status->text().contains(QString::fromStdString(a.team.label)));
        QTest::qWait(200);
        QCOMPARE(outboxCount(), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM triage_decisions WHERE ticket_id = %1 AND field = 'team'").arg(id)), 0);

        // With the team's group set, the same accept sets group_id.
        settings.writeBack.teamGroups[QString::fromStdString(a.team.label)] = 424242;
        QTest::mouseClick(acceptTeam, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(outboxCount() == 2, 20000);
        QCOMPARE(lastPayload(id)["group_id"].get<qint64>(), 424242);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM triage_decisions WHERE ticket_id = %1 AND field = 'team'").arg(id)), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT group_id FROM tickets WHERE id = %1").arg(id)), 424242);

        // Guardian overridden: stored as a decision and queued as the custom field.
        settings.writeBack.guardianFieldId = 360000001001;
        auto *guardian = panel->findChild<QComboBox *>(QStringLiteral("overrideGuardian"));
        QTRY_VERIFY_WITH_TIMEOUT(guardian->isEnabled() && guardian->count() == 5, 20000);
        const QString other = a.guardian.level == triage::GuardianLevel::Critical ? QStringLiteral("watch") : QStringLiteral("critical");
        const int pick = guardian->findData(other);
        QVERIFY(pick > 0);
        Q_EMIT guardian->activated(pick);
        QTRY_VERIFY_WITH_TIMEOUT(outboxCount() == 3, 20000);
        const auto fields = lastPayload(id)["custom_fields"];
        QCOMPARE(int(fields.size()), 1);
        QCOMPARE(fields[0]["id"].get<qint64>(), 360000001001);
        QCOMPARE(QString::fromStdString(fields[0]["value"].get<std::string>()), other);
        const auto decisions = ts.decisions(id).value();
        QVERIFY(!decisions.empty());
        QCOMPARE(decisions.front().field, models::TriageDecision::Field::Guardian);
        QCOMPARE(decisions.front().chosen, other);
        QCOMPARE(decisions.front().suggested, QString::fromLatin1(triage::guardianLevelName(a.guardian.level).data()));
        QVERIFY(!decisions.front().accepted());
        QTRY_VERIFY_WITH_TIMEOUT(panel->findChild<QLabel *>(QStringLiteral("decisionGuardian"))->text().contains(other), 20000);
    }
};

QTEST_MAIN(BulkActionsTest)
#include "bulkactions_test.moc"
