#include "bulkactions.h"

#include "bulkprogressdialog.h"
#include "queueview.h"

#include <models/ticketstore.h>
#include <services/directoryservice.h>
#include <services/macroservice.h>
#include <services/settingsstore.h>
#include <services/storethread.h>
#include <services/ticketactions.h>
#include <services/triagewriteback.h>

#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>

#include <memory>

namespace cosmicdesk::ui {

using models::Result;
using models::TicketChange;
using services::BulkRun;

BulkActions::BulkActions(const WindowServices &services, QueueView *view, QWidget *window)
    : QObject(window), m_services(services), m_view(view), m_window(window), m_menu(new QMenu(tr("&Bulk"), window))
{
    m_menu->setObjectName(QStringLiteral("bulkMenu"));
    m_confirm = [this](const QString &what, int tickets) {
        return QMessageBox::question(
                   m_window, what,
                   tr("%1 on %2 tickets? Each one is changed here and sent to Zendesk.").arg(what, QLocale().toString(tickets)),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };
    QMenu *status = m_menu->addMenu(tr("Set &status"));
    for (auto s : {models::TicketStatus::Open, models::TicketStatus::Pending, models::TicketStatus::Hold, models::TicketStatus::Solved}) {
        QAction *a = status->addAction(models::statusLabel(s), this, [this, s] { setStatus(s); });
        a->setObjectName(QStringLiteral("bulkStatus_%1").arg(models::statusName(s)));
        m_actions << a;
    }
    m_actions << status->menuAction();
    m_actions << m_menu->addAction(tr("&Assign…"), this, &BulkActions::assign);
    m_actions << m_menu->addAction(tr("&Group…"), this, &BulkActions::setGroup);
    m_actions << m_menu->addAction(tr("&Priority…"), this, &BulkActions::setPriority);
    m_actions << m_menu->addAction(tr("&Tags…"), this, &BulkActions::editTags);
    m_actions << m_menu->addAction(tr("Apply &macro…"), this, &BulkActions::applyMacro);
    m_menu->addSeparator();
    m_actions << m_menu->addAction(tr("Accept s&uggestions"), this, &BulkActions::acceptSuggestions);
    m_actions.back()->setToolTip(tr("Each selected ticket's suggested priority, team and category, accepted and sent to Zendesk"));
    connect(m_menu, &QMenu::aboutToShow, this, &BulkActions::updateEnabled);
    updateEnabled();
}

QList<QAction *> BulkActions::actions() const
{
    QList<QAction *> top;
    for (QAction *a : m_menu->actions())
        top << a;
    return top;
}

void BulkActions::updateEnabled()
{
    const bool can = m_services.actions != nullptr;
    for (QAction *a : m_menu->actions())
        a->setEnabled(can);
    if (!can)
        m_menu->setToolTip(tr("This window changes nothing: it has no connection to Zendesk's outbox."));
}

std::vector<qint64> BulkActions::selection(const QString &what)
{
    std::vector<qint64> ids = m_view->selectedTickets();
    if (ids.empty() && m_view->currentTicket())
        ids.push_back(m_view->currentTicket());
    if (ids.empty()) {
        QMessageBox::information(m_window, what, tr("Select the tickets in the queue first."));
        return {};
    }
    if (static_cast<int>(ids.size()) > kConfirmAbove && !m_confirm(what, static_cast<int>(ids.size())))
        return {};
    return ids;
}

BulkProgressDialog *BulkActions::run(std::vector<qint64> tickets, const QString &rule, BulkRun::Builder builder)
{
    if (!m_services.actions || tickets.empty())
        return nullptr;
    auto *run =
        new BulkRun(*m_services.actions, m_services.workspacePath, std::move(tickets), QStringLiteral("bulk"), rule, std::move(builder));
    auto *dialog = new BulkProgressDialog(run, rule, m_services.outbox, m_window);
    run->setParent(dialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT runStarted(run);
    run->start();
    return dialog;
}

void BulkActions::setStatus(models::TicketStatus status)
{
    const QString rule = tr("Set status: %1").arg(models::statusLabel(status));
    auto ids = selection(rule);
    TicketChange c;
    c.status = status;
    run(std::move(ids), rule, BulkRun::sameChange(c));
}

void BulkActions::assign()
{
    QStringList names{tr("(nobody: unassign)")};
    std::vector<qint64> agentIds{0};
    if (m_services.directory)
        for (const auto &a : m_services.directory->agents()) {
            names << a.name;
            agentIds.push_back(a.id);
        }
    bool ok = false;
    const QString chosen = QInputDialog::getItem(m_window, tr("Assign"), tr("Assign the selected tickets to:"), names, 0, false, &ok);
    if (!ok)
        return;
    const qint64 id = agentIds[static_cast<std::size_t>(std::max<qsizetype>(0, names.indexOf(chosen)))];
    const QString rule = id ? tr("Assign to %1").arg(chosen) : tr("Unassign");
    auto ids = selection(rule);
    TicketChange c;
    c.assigneeId = id;
    run(std::move(ids), rule, BulkRun::sameChange(c));
}

void BulkActions::setGroup()
{
    QStringList names;
    std::vector<qint64> groupIds;
    if (m_services.directory)
        for (const auto &g : m_services.directory->groups()) {
            names << g.name;
            groupIds.push_back(g.id);
        }
    if (names.isEmpty()) {
        QMessageBox::information(m_window, tr("Group"), tr("No Zendesk groups are known yet: they come with the next sync."));
        return;
    }
    bool ok = false;
    const QString chosen =
        QInputDialog::getItem(m_window, tr("Group"), tr("Move the selected tickets to the group:"), names, 0, false, &ok);
    if (!ok)
        return;
    const QString rule = tr("Group: %1").arg(chosen);
    auto ids = selection(rule);
    TicketChange c;
    c.groupId = groupIds[static_cast<std::size_t>(std::max<qsizetype>(0, names.indexOf(chosen)))];
    run(std::move(ids), rule, BulkRun::sameChange(c));
}

void BulkActions::setPriority()
{
    QStringList names;
    for (triage::Priority p : triage::kAllPriorities)
        names << tr("%1 (%2)").arg(QString::fromLatin1(triage::priorityName(p).data()),
                                   QString::fromLatin1(triage::zendeskPriority(p).data()));
    bool ok = false;
    const QString chosen =
        QInputDialog::getItem(m_window, tr("Priority"), tr("Set the priority of the selected tickets:"), names, 1, false, &ok);
    if (!ok)
        return;
    const auto p = triage::kAllPriorities[static_cast<std::size_t>(std::max<qsizetype>(0, names.indexOf(chosen)))];
    const QString rule = tr("Priority: %1").arg(chosen);
    auto ids = selection(rule);
    TicketChange c;
    c.priority = p;
    run(std::move(ids), rule, BulkRun::sameChange(c));
}

void BulkActions::editTags()
{
    bool ok = false;
    const QString text = QInputDialog::getText(
        m_window, tr("Tags"), tr("Tags to add, and to remove with a leading minus (e.g. “vip -spam”):"), QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    TicketChange c;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (word.startsWith(u'-') && word.size() > 1)
            c.removeTags << word.mid(1).toLower();
        else if (!word.startsWith(u'-'))
            c.addTags << word.toLower();
    }
    if (c.addTags.isEmpty() && c.removeTags.isEmpty())
        return;
    const QString rule = tr("Tags: %1").arg(text.simplified());
    auto ids = selection(rule);
    run(std::move(ids), rule, BulkRun::sameChange(c));
}

BulkRun::Builder BulkActions::macroBuilder(qint64 macroId, const QString &title) const
{
    QPointer<services::MacroService> macros = m_services.macros;
    return [macros, macroId, title](const std::vector<qint64> &ids, services::StoreThread &store, QObject *context,
                                    std::function<void(BulkRun::PreparedList)> done) {
        store.run<std::vector<models::Ticket>>(
            [ids](models::TicketStore &s) -> Result<std::vector<models::Ticket>> {
                std::vector<models::Ticket> out;
                for (qint64 id : ids) {
                    auto t = s.ticket(id);
                    if (!t.ok())
                        return t.error();
                    if (t.value())
                        out.push_back(*t.value());
                }
                return out;
            },
            context,
            [macros, macroId, context, done](Result<std::vector<models::Ticket>> tickets) {
                struct Pending
                {
                    BulkRun::PreparedList out;
                    std::size_t waiting = 0;
                    std::function<void(BulkRun::PreparedList)> done;
                };
                if (!tickets.ok() || !macros || tickets.value().empty()) {
                    BulkRun::PreparedList none; // every ticket fails as "not prepared"
                    return done(std::move(none));
                }
                auto pending = std::make_shared<Pending>();
                pending->waiting = tickets.value().size();
                pending->done = done;
                // Zendesk answers what the macro does to each ticket; a hundred asked side by side.
                for (const models::Ticket &t : tickets.value())
                    macros->apply(t.id, macroId, t, context, [pending, id = t.id](Result<TicketChange> c) {
                        if (c.ok())
                            pending->out.emplace_back(id, BulkRun::Prepared{std::move(c).value(), {}});
                        else
                            pending->out.emplace_back(id, c.error());
                        if (--pending->waiting == 0)
                            pending->done(std::move(pending->out));
                    });
            });
        Q_UNUSED(title);
    };
}

void BulkActions::applyMacro()
{
    if (!m_services.macros || !m_services.macros->isAvailable() || m_services.macros->macros().empty()) {
        QMessageBox::information(m_window, tr("Apply macro"),
                                 tr("Macros come from Zendesk: none are known while offline or before the account answers."));
        return;
    }
    QStringList titles;
    std::vector<qint64> ids;
    for (const auto &m : m_services.macros->macros()) {
        titles << m.title;
        ids.push_back(m.id);
    }
    bool ok = false;
    const QString chosen = QInputDialog::getItem(m_window, tr("Apply macro"), tr("Apply to each selected ticket:"), titles, 0, false, &ok);
    if (!ok)
        return;
    const qint64 macroId = ids[static_cast<std::size_t>(std::max<qsizetype>(0, titles.indexOf(chosen)))];
    const QString rule = tr("Macro: %1").arg(chosen);
    auto tickets = selection(rule);
    run(std::move(tickets), rule, macroBuilder(macroId, chosen));
}

BulkRun::Builder BulkActions::acceptSuggestionsBuilder() const
{
    const services::TriageWriteBack config = m_services.settings ? m_services.settings->triageWriteBack() : services::TriageWriteBack{};
    return BulkRun::acceptSuggestions([config](const models::TriageDecision &d) { return services::changeForDecision(config, d); });
}

void BulkActions::acceptSuggestions()
{
    const QString rule = tr("Accept suggestions");
    auto ids = selection(rule);
    run(std::move(ids), rule, acceptSuggestionsBuilder());
}

} // namespace cosmicdesk::ui
