#pragma once

#include "windowservices.h"

#include <models/ticket.h>
#include <services/bulkrun.h>

#include <QObject>

#include <functional>

#include <vector>

class QAction;
class QMenu;
class QWidget;

namespace cosmicdesk::ui {

class BulkProgressDialog;
class QueueView;

// The Bulk menu over the queue's selection (also the queue's context menu): set status, assign,
// group, priority, add or remove tags, apply a macro (Zendesk's own result, per ticket) and accept
// each ticket's triage suggestion. Every action becomes a BulkRun through TicketActions, shown in a
// progress dialog with Cancel and a result per ticket. More than kConfirmAbove tickets are
// confirmed first. Without TicketActions (a read-only window) the actions are disabled.
class BulkActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkActions)

public:
    static constexpr int kConfirmAbove = 20;

    BulkActions(const WindowServices &services, QueueView *view, QWidget *window);

    QMenu *menu() const { return m_menu; }
    QList<QAction *> actions() const; // for the queue's context menu

    // Runs one bulk action on these tickets without asking (the menu asks first); the dialog it
    // shows is returned (deleted when closed).
    BulkProgressDialog *run(std::vector<qint64> tickets, const QString &rule, services::BulkRun::Builder builder);
    // The builder "Accept suggestions" uses, with the settings' write-back mapping.
    services::BulkRun::Builder acceptSuggestionsBuilder() const;
    services::BulkRun::Builder macroBuilder(qint64 macroId, const QString &title) const;
    // Asks before acting on more than kConfirmAbove tickets (a question box unless replaced: tests).
    using Confirm = std::function<bool(const QString &what, int tickets)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

Q_SIGNALS:
    void runStarted(cosmicdesk::services::BulkRun *run);

private:
    std::vector<qint64> selection(const QString &what);
    void setStatus(models::TicketStatus status);
    void assign();
    void setGroup();
    void setPriority();
    void editTags();
    void applyMacro();
    void acceptSuggestions();
    void updateEnabled();

    WindowServices m_services;
    QueueView *m_view;
    QWidget *m_window;
    QMenu *m_menu;
    QList<QAction *> m_actions;
    Confirm m_confirm;
};

} // namespace cosmicdesk::ui
