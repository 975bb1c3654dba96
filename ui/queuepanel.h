#pragma once

#include <models/queuefilter.h>
#include <models/savedviews.h>

#include <QPointer>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace cosmicdesk::models {
class QueueFilterModel;
class TicketQueueModel;
} // namespace cosmicdesk::models
namespace cosmicdesk::services {
class SavedViewService;
}

namespace cosmicdesk::ui {

class QueueView;

// The queue pane: the agent's views, the filter bar and the table. Wires model → proxy → view and
// turns the controls into a QueueFilter; the rules themselves live in models/. The views are the
// agent's list in the workspace (saved_views): the built-in ones to begin with, then whatever the
// agent saves from the current filter, renames, reorders or deletes; Alt+1…9 are its first nine.
class QueuePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueuePanel)

public:
    // The built-in views (the first list of a workspace).
    enum class SavedView {
        OpenQueue,
        Unassigned,
        UrgentOpen,
        SlaAtRisk,
        GuardianAlerts,
        Opportunities,
        AllTickets,
        MyOpenUrgent,
        MyPending
    };

    explicit QueuePanel(models::TicketQueueModel *queue, QWidget *parent = nullptr);

    QueueView *view() const { return m_view; }
    models::QueueFilterModel *proxy() const { return m_proxy; }
    void focusSearch();
    void applySavedView(SavedView view);
    // Shows the tickets of a click in the supervisor overview: the controls show what they can of
    // the filter, a line above the queue names the rest ("what") until any control changes.
    void showFiltered(const models::QueueFilter &filter, const QString &what);
    bool isDrilledDown() const;
    static QString savedViewName(SavedView view);
    static models::SavedFilter savedViewFilter(SavedView view);
    static std::vector<models::SavedView> builtInViews(); // in their first order

    // A review workspace: the "Disagreements" toggle is offered (the file's or the reviewer's label
    // against the engine's suggestion).
    void setReviewMode(bool review);
    // Who "mine" is: the agent's Zendesk user id (0: not known yet; "mine" then matches nothing).
    void setAgentId(qint64 agentId);
    qint64 agentId() const { return m_agentId; }

    // The agent's views from the workspace; without a service the built-in ones, not kept.
    void setViewService(services::SavedViewService *service);
    const std::vector<models::SavedView> &views() const { return m_list; }
    void applyView(int index);
    int currentViewIndex() const; // -1: the filter is none of the views
    models::SavedFilter currentFilter() const;
    // Changes to the list; the list shown is the store's answer (viewsChanged).
    void saveCurrentAs(const QString &name);
    void renameView(qint64 id, const QString &name);
    void removeView(qint64 id);
    void moveView(qint64 id, int delta);

Q_SIGNALS:
    void countsChanged(int shown, int total);
    void viewsChanged();
    void viewsFailed(const QString &message);

private:
    void applyControls();
    void applyFilter(const models::SavedFilter &filter);
    void refreshTeams();
    void setViews(std::vector<models::SavedView> views);
    void showViews();
    void syncViewCombo();
    std::function<void(models::Result<std::vector<models::SavedView>>)> answer();

    models::TicketQueueModel *m_queue;
    models::QueueFilterModel *m_proxy;
    QueueView *m_view;
    QComboBox *m_views;
    QLineEdit *m_search;
    QToolButton *m_priority[4];
    QComboBox *m_status;
    QComboBox *m_team;
    QToolButton *m_mine, *m_unassigned, *m_slaRisk, *m_guardian, *m_opportunity, *m_disagree;
    QPointer<services::SavedViewService> m_service;
    std::vector<models::SavedView> m_list;
    qint64 m_agentId = 0;
    bool m_applying = false;
    QLabel *m_drill = nullptr;
};

} // namespace cosmicdesk::ui
