// The composer over a real workspace: a reply or a note is queued with the chosen status (a local
// comment and an outbox entry), the draft survives the composer, the triage draft is filled from the
// customer view, a macro's effect shows before submit, single-letter keys never fire while typing,
// and a collision with Zendesk (a real sandbox over HTTP) is re-applied or dropped as the agent says.
#include "offlinedesk.h"

#include <connectors/auth.h>
#include <connectors/customersources.h>
#include <connectors/zendeskclient.h>
#include <models/draftstore.h>
#include <models/outbox.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/customerviewservice.h>
#include <services/directoryservice.h>
#include <services/draftservice.h>
#include <services/macroservice.h>
#include <services/outboxmonitor.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <services/zendeskdestination.h>
#include <support/testworkspace.h>
#include <ui/composer.h>
#include <ui/mainwindow.h>
#include <ui/queuepanel.h>
#include <ui/queueview.h>
#include <ui/theme.h>
#include <ui/ticketpane.h>

#include <QComboBox>
#include <QDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace cosmicdesk;
using models::OutboxState;
using models::TicketStatus;

namespace {

// The offline desk with what the composer acts through.
struct ComposerDesk
{
    std::unique_ptr<testsupport::OfflineDesk> desk;
    std::unique_ptr<services::OutboxWorker> worker;
    std::unique_ptr<services::TicketActions> actions;
    std::unique_ptr<services::DraftService> drafts;
    std::unique_ptr<services::DirectoryService> directory;
    std::unique_ptr<services::MacroService> macros;
    std::unique_ptr<services::OutboxMonitor> monitor;

    static std::unique_ptr<ComposerDesk> open(const QString &path, std::unique_ptr<services::OutboxWorker> worker = {})
    {
        auto d = std::make_unique<ComposerDesk>();
        d->desk = testsupport::OfflineDesk::open(path);
        if (!d->desk)
            return nullptr;
        d->worker = std::move(worker);
        d->actions = std::make_unique<services::TicketActions>(*d->desk->store, d->worker.get(), QStringLiteral("Rosa Delgado"));
        d->drafts = std::make_unique<services::DraftService>(path);
        d->directory = std::make_unique<services::DirectoryService>(path);
        d->directory->refresh();
        d->macros = std::make_unique<services::MacroService>();
        d->monitor = std::make_unique<services::OutboxMonitor>(path);
        return d;
    }

    ui::ComposerServices composerServices() const
    {
        ui::ComposerServices s;
        s.actions = actions.get();
        s.drafts = drafts.get();
        s.macros = macros.get();
        s.directory = directory.get();
        s.triage = desk->triage.get();
        s.outbox = worker.get();
        s.monitor = monitor.get();
        return s;
    }

    ui::WindowServices windowServices() const
    {
        ui::WindowServices s = desk->services();
        s.actions = actions.get();
        s.outbox = worker.get();
        s.drafts = drafts.get();
        s.macros = macros.get();
        s.directory = directory.get();
        return s;
    }

    models::TicketStore &store() const { return *desk->store; }

    // Active tickets with a requester, lowest ids first.
    std::vector<qint64> openTickets(std::size_t n) const
    {
        std::vector<qint64> out;
        QSqlQuery q(store().db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (1, 2) ORDER BY id"));
        while (q.next() && out.size() < n)
            out.push_back(q.value(0).toLongLong());
        return out;
    }
};

// A ticket pane with the composer under the conversation, showing one ticket (its draft read).
struct Pane
{
    std::unique_ptr<ui::TicketPane> pane;
    ui::Composer *composer = nullptr;

    Pane(const ComposerDesk &d, qint64 ticket)
    {
        pane = std::make_unique<ui::TicketPane>(d.desk->details.get(), d.desk->triage.get());
        composer = new ui::Composer(d.composerServices(), pane.get());
        pane->attachComposer(composer);
        pane->resize(1000, 800);
        pane->show();
        QSignalSpy restored(composer, &ui::Composer::draftRestored);
        pane->showTicket(ticket);
        if (!restored.wait(10000))
            qWarning("the draft of ticket %lld was not read", ticket);
    }
    QPlainTextEdit *editor() const { return composer->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor")); }
};

QJsonObject payloadOf(const models::OutboxEntry &e)
{
    return QJsonDocument::fromJson(e.payload).object();
}

} // namespace

class ComposerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void reply_isQueuedWithTheChosenStatus_andShowsAsALocalComment()
    {
        testsupport::TestWorkspace ws(40);
        QVERIFY(ws.isValid());
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        const qint64 id = d->openTickets(1).at(0);
        Pane p(*d, id);
        QCOMPARE(p.composer->ticketId(), id);
        QTest::keyClicks(p.editor(), QStringLiteral("We refunded the second charge today."));
        QSignalSpy submitted(p.composer, &ui::Composer::submitted);
        p.composer->submitAs(TicketStatus::Solved);
        p.composer->submit(); // a second Ctrl+Enter while the first is on its way queues nothing more
        QVERIFY(submitted.wait(10000));

        const auto entries = models::OutboxStore(d->store().db()).ofTicket(id).value();
        QCOMPARE(entries.size(), std::size_t(1));
        const QJsonObject payload = payloadOf(entries[0]);
        QCOMPARE(payload.value(QStringLiteral("status")).toString(), QStringLiteral("solved"));
        const QJsonObject comment = payload.value(QStringLiteral("comment")).toObject();
        QCOMPARE(comment.value(QStringLiteral("body")).toString(), QStringLiteral("We refunded the second charge today."));
        QCOMPARE(comment.value(QStringLiteral("public")).toBool(false), true);
        QCOMPARE(d->store().ticket(id).value()->status, TicketStatus::Solved);
        const auto comments = d->store().comments(id).value();
        const auto local = std::find_if(comments.begin(), comments.end(),
                                        [](const models::Comment &c) { return c.body == u"We refunded the second charge today."; });
        QVERIFY(local != comments.end());
        QVERIFY(local->id < 0); // local until Zendesk answers
        QVERIFY(local->isPublic);
        // The composer is empty again, and so is the saved draft.
        QVERIFY(p.editor()->toPlainText().isEmpty());
        QTRY_VERIFY(!models::DraftStore(d->store().db()).draft(id).value().has_value());
        // The conversation above shows the reply at once.
        QTRY_VERIFY(p.pane->findChild<QWidget *>(QStringLiteral("conversation"))
                        ->property("plainText")
                        .toString()
                        .contains(QStringLiteral("We refunded the second charge today.")));
    }

    void note_isPrivate_andLooksLikeOne()
    {
        testsupport::TestWorkspace ws(40);
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        const qint64 id = d->openTickets(1).at(0);
        const TicketStatus before = d->store().ticket(id).value()->status;
        Pane p(*d, id);
        const QColor reply = p.editor()->palette().color(QPalette::Base);
        p.composer->startNote();
        QCOMPARE(p.composer->mode(), ui::Composer::Mode::Note);
        QCOMPARE(p.editor()->palette().color(QPalette::Base), ui::theme::internalNoteBackground());
        QVERIFY(reply != ui::theme::internalNoteBackground());
        QTest::keyClicks(p.editor(), QStringLiteral("Customer is a key account: check with Ana first."));
        QSignalSpy submitted(p.composer, &ui::Composer::submitted);
        p.composer->submit();
        QVERIFY(submitted.wait(10000));
        const auto entries = models::OutboxStore(d->store().db()).ofTicket(id).value();
        QCOMPARE(entries.size(), std::size_t(1));
        const QJsonObject payload = payloadOf(entries[0]);
        QCOMPARE(payload.value(QStringLiteral("comment")).toObject().value(QStringLiteral("public")).toBool(true), false);
        QVERIFY(!payload.contains(QStringLiteral("status"))); // the status was left as it was
        QCOMPARE(d->store().ticket(id).value()->status, before);
        const auto comments = d->store().comments(id).value();
        QVERIFY(std::any_of(comments.begin(), comments.end(),
                            [](const models::Comment &c) { return c.body.startsWith(u"Customer is a key account") && !c.isPublic; }));
    }

    void nothingToSubmit_queuesNothing_andAFailureKeepsTheText()
    {
        testsupport::TestWorkspace ws(40);
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        const qint64 id = d->openTickets(1).at(0);
        Pane p(*d, id);
        p.composer->submit();
        QVERIFY(models::OutboxStore(d->store().db()).ofTicket(id).value().empty());
        QVERIFY(p.composer->findChild<QLabel *>(QStringLiteral("composerStatus"))->text().contains(QStringLiteral("Nothing to submit")));
        // The ticket vanished from the workspace meanwhile: the change fails, the text stays.
        QTest::keyClicks(p.editor(), QStringLiteral("Still here"));
        QSqlQuery q(d->store().db());
        QVERIFY(q.exec(QStringLiteral("DELETE FROM tickets WHERE id = %1").arg(id)));
        QSignalSpy message(p.composer, &ui::Composer::message);
        p.composer->submit();
        QTRY_VERIFY(p.composer->findChild<QLabel *>(QStringLiteral("composerStatus"))->text().startsWith(QStringLiteral("Not submitted")));
        QCOMPARE(p.editor()->toPlainText(), QStringLiteral("Still here"));
    }

    void draft_isSavedAsTyped_andSurvivesTheComposer()
    {
        testsupport::TestWorkspace ws(40);
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        const auto ids = d->openTickets(2);
        {
            Pane p(*d, ids[0]);
            p.composer->startNote();
            QTest::keyClicks(p.editor(), QStringLiteral("Half a thought"));
            p.composer->addTag(QStringLiteral("vip_followup"));
            // Debounced: saved about half a second after the last key.
            QTRY_VERIFY_WITH_TIMEOUT(models::DraftStore(d->store().db()).draft(ids[0]).value().has_value(), 3000);
            const auto saved = *models::DraftStore(d->store().db()).draft(ids[0]).value();
            QCOMPARE(saved.body, QStringLiteral("Half a thought"));
            QVERIFY(!saved.isPublic);
            QCOMPARE(saved.addTags, QStringList{QStringLiteral("vip_followup")});
            QTest::keyClicks(p.editor(), QStringLiteral(", and more")); // not yet saved when the composer goes
        }
        // A new composer (a restart) shows the ticket's draft as it was left.
        Pane again(*d, ids[0]);
        QCOMPARE(again.editor()->toPlainText(), QStringLiteral("Half a thought, and more"));
        QCOMPARE(again.composer->mode(), ui::Composer::Mode::Note);
        QCOMPARE(again.composer->pendingAddTags(), QStringList{QStringLiteral("vip_followup")});
        // Switching tickets keeps each ticket's own draft.
        QSignalSpy restored(again.composer, &ui::Composer::draftRestored);
        again.pane->showTicket(ids[1]);
        QVERIFY(restored.wait(10000));
        QVERIFY(again.editor()->toPlainText().isEmpty());
        QCOMPARE(again.composer->mode(), ui::Composer::Mode::Reply);
        again.pane->showTicket(ids[0]);
        QVERIFY(restored.wait(10000));
        QCOMPARE(again.editor()->toPlainText(), QStringLiteral("Half a thought, and more"));
    }

    void placeholders_areFilledFromTheCustomerView()
    {
        services::CustomerView view;
        models::Order order;
        order.id = 4471203;
        order.carrier = QStringLiteral("dhl");
        order.trackingNumber = QStringLiteral("JD014600006281230117");
        order.createdAt = 1795000000;
        view.orders.push_back(order);
        models::Shipment shipment;
        shipment.trackingNumber = order.trackingNumber;
        shipment.status = models::ShipmentStatus::InTransit;
        models::TrackingEvent event;
        event.description = QStringLiteral("Arrived at the sorting hub");
        event.location = QStringLiteral("Leipzig");
        event.at = 1795100000;
        shipment.events.push_back(event);
        view.shipments.push_back(shipment);
        models::Charge charge;
        charge.amount = 4999;
        charge.currency = QStringLiteral("usd");
        charge.created = 1795000100;
        charge.orderId = QStringLiteral("4471203");
        view.charges.push_back(charge);
        models::Ticket ticket;
        ticket.subject = QStringLiteral("Where is my parcel?");
        ticket.createdAt = 1795200000;
        const auto facts = ui::Composer::draftFacts(view, ticket);
        const QString filled = ui::Composer::fillPlaceholders(
            QStringLiteral("Order [order_number] is [tracking_status]; last: [last_carrier_event]. Charged [charge_amount] on "
                           "[charge_date]; [refund_status]. [unknown_fact] stays."),
            facts);
        QVERIFY2(!filled.contains(QStringLiteral("[order_number]")) && !filled.contains(QStringLiteral("[tracking_status]")),
                 qPrintable(filled));
        QVERIFY2(filled.contains(QStringLiteral("Order 4471203 is in transit")), qPrintable(filled));
        QVERIFY2(filled.contains(QStringLiteral("Arrived at the sorting hub, Leipzig")), qPrintable(filled));
        QVERIFY2(filled.contains(QStringLiteral("USD 49.99")), qPrintable(filled));
        QVERIFY2(filled.contains(QStringLiteral("no refund has been issued yet")), qPrintable(filled));
        QVERIFY(filled.contains(QStringLiteral("[unknown_fact] stays.")));
        // Nothing known: the placeholders stay for the agent to fill.
        QCOMPARE(ui::Composer::fillPlaceholders(QStringLiteral("Order [order_number]"), {}), QStringLiteral("Order [order_number]"));
    }

    void insertTriageDraft_putsTheEnginesReplyInTheEditor()
    {
        testsupport::TestWorkspace ws(60);
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        services::TriageService &triage = *d->desk->triage;
        triage.start();
        QTRY_VERIFY_WITH_TIMEOUT(triage.state() == services::TriageService::State::Idle, 60000);
        // A ticket the engine drafted a reply for.
        qint64 drafted = 0;
        QString engineText;
        for (qint64 id : d->openTickets(60)) {
            bool answered = false;
            triage.fetch(id, &triage, [&](models::Result<services::TicketTriage> t) {
                answered = true;
                if (t.ok() && t.value().record && !t.value().record->assessment.draft.text.empty()) {
                    drafted = id;
                    engineText = QString::fromStdString(t.value().record->assessment.draft.text);
                }
            });
            QTRY_VERIFY(answered);
            if (drafted)
                break;
        }
        if (!drafted)
            QSKIP("the engine drafted no reply in this workspace");
        Pane p(*d, drafted);
        QSignalSpy inserted(p.composer, &ui::Composer::triageDraftInserted);
        p.composer->insertTriageDraft();
        QVERIFY(inserted.wait(10000));
        QCOMPARE(p.editor()->toPlainText(), engineText);
        // And it is what the draft remembers was suggested, so an edit can be told from a use.
        QTRY_VERIFY_WITH_TIMEOUT(models::DraftStore(d->store().db()).draft(drafted).value().has_value(), 3000);
        QCOMPARE(models::DraftStore(d->store().db()).draft(drafted).value()->suggestedBody, engineText);
        // Sent as drafted: the overview's triage quality counts a draft used unchanged.
        QSignalSpy submitted(p.composer, &ui::Composer::submitted);
        p.composer->submit();
        QVERIFY(submitted.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(models::TriageStore(d->store().db()).draftOutcomes(0).value().unchanged == 1, 5000);
        QCOMPARE(models::TriageStore(d->store().db()).draftOutcomes(0).value().total(), qint64(1));
    }

    void insertTriageDraft_fillsWhatTheEngineLeftOpen_fromTheLiveCustomerView()
    {
        // The engine drafts before the customer view was ever loaded: its drafts keep placeholders.
        // Once the view is loaded the inserted draft has them filled, end to end (by the engine from
        // the cache the view wrote, or by the composer from the live view; the composer's own filling
        // is placeholders_areFilledFromTheCustomerView).
        const qint64 now = QDateTime::currentSecsSinceEpoch() - 3600;
        testsupport::TestWorkspace ws(200, 8, now);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        services::TriageService &triage = *d->desk->triage;
        triage.start();
        QTRY_VERIFY_WITH_TIMEOUT(triage.state() == services::TriageService::State::Idle, 120000);
        QSqlQuery q(d->store().db());
        QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT t.id FROM tickets t JOIN shop_orders s ON s.zendesk_user_id = t.requester_id"
                                      " WHERE t.status IN (1, 2) ORDER BY t.id")));
        std::vector<qint64> withOrders;
        while (q.next())
            withOrders.push_back(q.value(0).toLongLong());
        q.finish();
        static const QRegularExpression placeholder(QStringLiteral("\\[([a-z_]+)\\]"));
        std::vector<std::pair<qint64, QStringList>> open; // tickets and the placeholders their drafts keep
        for (qint64 id : withOrders) {
            bool answered = false;
            triage.fetch(id, &triage, [&](models::Result<services::TicketTriage> t) {
                answered = true;
                if (!t.ok() || !t.value().record)
                    return;
                QStringList names;
                for (auto it = placeholder.globalMatch(QString::fromStdString(t.value().record->assessment.draft.text)); it.hasNext();)
                    names << it.next().captured(1);
                if (!names.isEmpty())
                    open.emplace_back(id, names);
            });
            QTRY_VERIFY(answered);
        }
        QVERIFY2(!open.empty(), "no drafted reply of this workspace keeps a placeholder");

        sandbox::DemoOptions o;
        o.tickets = 200;
        o.seed = 8;
        o.now = now;
        const sandbox::DemoWorld world(o);
        sandbox::HttpSandbox server(4);
        QVERIFY(server.start() != 0);
        sandbox::CustomerFakes fakes(server, world);
        const auto systems = sandbox::sandboxCustomerSystems(server.baseUrl(), fakes.options(), ws.path());
        services::CustomerViewService customers(d->store(), connectors::buildCustomerSources(systems.config, systems.secrets));
        // The first of them whose customer view knows one of the missing facts.
        qint64 ticket = 0;
        QStringList known;
        for (const auto &[id, names] : open) {
            customers.load(id);
            QVERIFY(QTest::qWaitFor([&] { return customers.view().ticketId == id && customers.view().settled(); }, 20000));
            const auto facts = ui::Composer::draftFacts(customers.view(), *d->store().ticket(id).value());
            for (const QString &n : names)
                if (facts.count(n.toStdString()))
                    known << n;
            if (!known.isEmpty()) {
                ticket = id;
                break;
            }
        }
        QVERIFY2(ticket != 0, "no customer view knows a fact a draft misses");
        Pane p(*d, ticket);
        p.composer->setCustomerView(&customers);
        QSignalSpy inserted(p.composer, &ui::Composer::triageDraftInserted);
        p.composer->insertTriageDraft();
        QVERIFY(inserted.wait(10000));
        const QString text = p.editor()->toPlainText();
        const auto facts = ui::Composer::draftFacts(customers.view(), *d->store().ticket(ticket).value());
        for (const QString &n : known) {
            QVERIFY2(!text.contains(u'[' + n + u']'), qPrintable(text));
            QVERIFY2(text.contains(QString::fromStdString(facts.at(n.toStdString()))), qPrintable(n + u'\n' + text));
        }
    }

    void singleLetterKeys_neverFireWhileTyping_andWorkFromTheQueue()
    {
        testsupport::TestWorkspace ws(60);
        auto d = ComposerDesk::open(ws.path());
        QVERIFY(d);
        ui::MainWindow window(d->windowServices());
        QSignalSpy painted(&window, &ui::MainWindow::queuePainted);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        d->desk->queue->reload();
        QVERIFY(painted.wait(30000));
        ui::QueueView *view = window.queuePanel()->view();
        QTRY_VERIFY(view->currentTicket() != 0);
        ui::Composer *composer = window.composer();
        QVERIFY(composer);
        QTRY_COMPARE(composer->ticketId(), view->currentTicket());
        const qint64 id = composer->ticketId();
        auto *editor = composer->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));

        // From the queue: n starts a note in the composer.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_N);
        QCOMPARE(composer->mode(), ui::Composer::Mode::Note);
        QVERIFY(editor->hasFocus());
        // In the editor the letters are text: no mode change, no macro picker, no assignment.
        QTest::keyClicks(editor, QStringLiteral("ramen"));
        QCOMPARE(editor->toPlainText(), QStringLiteral("ramen"));
        QCOMPARE(composer->mode(), ui::Composer::Mode::Note);
        QVERIFY(!composer->findChild<QDialog *>(QStringLiteral("macroPicker")));
        QVERIFY(models::OutboxStore(d->store().db()).ofTicket(id).value().empty());
        // Ctrl+Enter submits from inside the editor.
        QSignalSpy submitted(composer, &ui::Composer::submitted);
        QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(submitted.wait(10000));
        auto entries = models::OutboxStore(d->store().db()).ofTicket(id).value();
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(payloadOf(entries[0]).value(QStringLiteral("comment")).toObject().value(QStringLiteral("body")).toString(),
                 QStringLiteral("ramen"));
        // r from the queue: reply mode, the editor focused.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_R);
        QCOMPARE(composer->mode(), ui::Composer::Mode::Reply);
        QVERIFY(editor->hasFocus());
        // a from the queue: assigned to the agent (users/me; here set by hand).
        const auto agents = d->store().agents().value();
        QVERIFY(!agents.empty());
        qint64 me = agents.front().id;
        if (me == d->store().ticket(id).value()->assigneeId)
            me = agents.back().id;
        composer->setAgentId(me);
        view->setFocus();
        submitted.clear();
        QTest::keyClick(view, Qt::Key_A);
        QVERIFY(submitted.wait(10000));
        QCOMPARE(d->store().ticket(id).value()->assigneeId, me);
        entries = models::OutboxStore(d->store().db()).ofTicket(id).value();
        QCOMPARE(entries.size(), std::size_t(2));
        QCOMPARE(payloadOf(entries[1]).value(QStringLiteral("assignee_id")).toVariant().toLongLong(), me);
        // m from the queue asks for the macros (none offline: it says so instead of a picker).
        auto *status = composer->findChild<QLabel *>(QStringLiteral("composerStatus"));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_M);
        QVERIFY2(status->text().contains(QStringLiteral("Macros come from Zendesk")), qPrintable(status->text()));
        // Ctrl+Shift+D asks the engine for its draft (triage is not running in this window).
        QSignalSpy message(composer, &ui::Composer::message);
        QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(message.wait(10000));
        QVERIFY2(status->text().contains(QStringLiteral("draft")), qPrintable(status->text()));
        // The Ticket menu lists every one of them with its key.
        const QStringList keys = {QStringLiteral("R"), QStringLiteral("N"),           QStringLiteral("M"),
                                  QStringLiteral("A"), QStringLiteral("Ctrl+Return"), QStringLiteral("Ctrl+Shift+D")};
        QStringList shown;
        for (const char *name : {"replyAction", "noteAction", "macroAction", "assignToMeAction", "submitAction", "insertDraftAction"})
            shown << window.findChild<QAction *>(QLatin1String(name))->shortcut().toString();
        QCOMPARE(shown, keys);
    }
};

// Against the Zendesk sandbox over HTTP: the workspace and the sandbox hold the same world.
class ComposerZendeskTest : public QObject
{
    Q_OBJECT

    static constexpr qint64 kTickets = 40;
    static constexpr std::uint64_t kSeed = 29;
    qint64 m_now = 0;
    std::unique_ptr<testsupport::TestWorkspace> ws;
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;

    connectors::RestClient::Options rest() const
    {
        connectors::RestClient::Options ro;
        ro.baseUrl = QUrl(server->baseUrl());
        ro.maxAttempts = 1;
        ro.timeout = std::chrono::seconds(5);
        return ro;
    }
    std::shared_ptr<connectors::ZendeskTokenAuth> auth() const
    {
        return std::make_shared<connectors::ZendeskTokenAuth>(zendesk->options().agentEmail, zendesk->options().apiToken);
    }

    std::unique_ptr<services::OutboxWorker> worker()
    {
        services::OutboxWorker::Options o;
        o.backoffBase = std::chrono::milliseconds(20);
        o.backoffCap = std::chrono::milliseconds(200);
        o.statusInterval = std::chrono::milliseconds(50);
        auto w = std::make_unique<services::OutboxWorker>(ws->path(), o);
        const auto ro = rest();
        const auto a = auth();
        w->addDestination(
            [ro, a] { return std::make_unique<services::ZendeskDestination>(std::make_unique<connectors::ZendeskClient>(ro, a)); });
        return w;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_now = QDateTime::currentSecsSinceEpoch() - 7200;
        ws = std::make_unique<testsupport::TestWorkspace>(kTickets, kSeed, m_now);
        QVERIFY(ws->isValid());
        server = std::make_unique<sandbox::HttpSandbox>(4);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions o;
        o.accountPerMinute = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, o);
        sandbox::DemoOptions w;
        w.tickets = kTickets;
        w.seed = kSeed;
        w.now = m_now;
        zendesk->load(sandbox::DemoWorld(w));
    }

    void cleanup()
    {
        zendesk.reset();
        server.reset();
        ws.reset();
    }

    void macro_isPreviewedInTheComposer_thenSubmitted()
    {
        auto d = ComposerDesk::open(ws->path());
        QVERIFY(d);
        connectors::ZendeskClient client(rest(), auth());
        QSignalSpy loaded(d->macros.get(), &services::MacroService::macrosChanged);
        d->macros->setClient(&client);
        QVERIFY(loaded.wait(10000));
        QVERIFY(!d->macros->macros().empty());
        const qint64 id = d->openTickets(1).at(0);
        const models::Ticket ticket = *d->store().ticket(id).value();
        // What Zendesk says the first macro with a comment would do, asked directly.
        connectors::ZendeskMacro chosen;
        models::TicketChange expected;
        for (const auto &m : d->macros->macros()) {
            bool answered = false;
            d->macros->apply(id, m.id, ticket, this, [&](models::Result<models::TicketChange> r) {
                answered = true;
                if (r.ok() && r.value().comment && chosen.id == 0) {
                    chosen = m;
                    expected = r.value();
                }
            });
            QTRY_VERIFY(answered);
            if (chosen.id)
                break;
        }
        QVERIFY(chosen.id != 0);

        Pane p(*d, id);
        // m's picker: filter by the title, Enter applies the one selected.
        p.composer->openMacroPicker();
        auto *picker = p.composer->findChild<QDialog *>(QStringLiteral("macroPicker"));
        QVERIFY(picker);
        auto *filter = picker->findChild<QLineEdit *>(QStringLiteral("macroFilter"));
        QTest::keyClicks(filter, chosen.title);
        QSignalSpy applied(p.composer, &ui::Composer::macroApplied);
        QTest::keyClick(filter, Qt::Key_Return);
        QVERIFY(applied.wait(10000));
        // Shown, not sent: the composer holds the macro's effect.
        QVERIFY(models::OutboxStore(d->store().db()).ofTicket(id).value().empty());
        QCOMPARE(p.editor()->toPlainText(), *expected.comment);
        QCOMPARE(p.composer->mode(), expected.commentPublic ? ui::Composer::Mode::Reply : ui::Composer::Mode::Note);
        const models::TicketChange pending = p.composer->pendingChange();
        QCOMPARE(pending.status, expected.status);
        QCOMPARE(pending.addTags, expected.addTags);
        QCOMPARE(pending.priority, expected.priority);
        QVERIFY(p.composer->findChild<QLabel *>(QStringLiteral("macroInfo"))->isVisible());
        // The agent edits, then submits: the edit is what goes.
        QTest::keyClicks(p.editor(), QStringLiteral(" Thanks, Rosa"));
        QSignalSpy submitted(p.composer, &ui::Composer::submitted);
        p.composer->submit();
        QVERIFY(submitted.wait(10000));
        const auto entries = models::OutboxStore(d->store().db()).ofTicket(id).value();
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(payloadOf(entries[0]).value(QStringLiteral("comment")).toObject().value(QStringLiteral("body")).toString(),
                 *expected.comment + QStringLiteral(" Thanks, Rosa"));
    }

    void conflict_namesWhatChanged_andReappliesOrDrops()
    {
        auto d = ComposerDesk::open(ws->path(), worker());
        QVERIFY(d);
        d->worker->start();
        const auto tickets = d->openTickets(2);
        const auto agents = d->store().agents().value();
        QVERIFY(!agents.empty());
        const models::User &colleague = agents.front();
        QSignalSpy directory(d->directory.get(), &services::DirectoryService::changed);
        QTRY_VERIFY(!d->directory->agents().empty());
        // A colleague replied in Zendesk two minutes ago, after the agent's view was synced.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (qint64 t : tickets) {
            models::Ticket changed = *zendesk->ticket(t);
            changed.updatedAt = now - 120;
            auto comments = zendesk->comments(t);
            comments.push_back(models::Comment{9000000 + t, t, colleague.id, QStringLiteral("On it."), true, now - 120});
            zendesk->upsertTicket(changed, comments);
        }
        const QString mine = QStringLiteral("Your replacement ships tomorrow.");
        Pane p(*d, tickets[0]);
        QTest::keyClicks(p.editor(), mine);
        QSignalSpy shown(p.composer, &ui::Composer::conflictShown);
        p.composer->submit();
        QVERIFY(shown.wait(20000));
        auto *banner = p.composer->findChild<QWidget *>(QStringLiteral("conflictBanner"));
        QVERIFY(banner->isVisible());
        const QString text = p.composer->conflictText();
        QVERIFY2(text.contains(colleague.name.toHtmlEscaped() + QStringLiteral(" replied 2 min ago")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Nothing was overwritten")), qPrintable(text));
        const qint64 first = p.composer->conflictEntry();
        QCOMPARE(models::OutboxStore(d->store().db()).entry(first).value()->state, OutboxState::Conflict);
        auto countMine = [&](qint64 t) {
            int n = 0;
            for (const auto &c : zendesk->comments(t))
                n += c.body == mine;
            return n;
        };
        QCOMPARE(countMine(tickets[0]), 0);

        // Re-apply: sent over the newer version, once.
        p.composer->findChild<QPushButton *>(QStringLiteral("reapply"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(models::OutboxStore(d->store().db()).entry(first).value()->state, OutboxState::Done, 15000);
        QCOMPARE(countMine(tickets[0]), 1);
        QVERIFY(!banner->isVisible());

        // Drop: nothing reaches Zendesk, the local comment goes.
        QSignalSpy restored(p.composer, &ui::Composer::draftRestored);
        p.pane->showTicket(tickets[1]);
        QVERIFY(restored.wait(10000));
        QTest::keyClicks(p.editor(), mine);
        shown.clear();
        p.composer->submit();
        QVERIFY(shown.wait(20000));
        const qint64 second = p.composer->conflictEntry();
        QVERIFY(second != first);
        QTRY_VERIFY(p.pane->findChild<QWidget *>(QStringLiteral("conversation"))->property("plainText").toString().contains(mine));
        p.composer->findChild<QPushButton *>(QStringLiteral("drop"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(models::OutboxStore(d->store().db()).entry(second).value()->state, OutboxState::Dropped, 15000);
        QCOMPARE(countMine(tickets[1]), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto local = d->store().comments(tickets[1]).value();
                return std::none_of(local.begin(), local.end(), [&](const models::Comment &c) { return c.body == mine; });
            }(),
            15000);
        // The conversation above follows: the dropped reply is gone from it too.
        QTRY_VERIFY_WITH_TIMEOUT(
            !p.pane->findChild<QWidget *>(QStringLiteral("conversation"))->property("plainText").toString().contains(mine), 15000);
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int status = 0;
    {
        ComposerTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    {
        ComposerZendeskTest t;
        status |= QTest::qExec(&t, argc, argv);
    }
    return status;
}

#include "composer_test.moc"
