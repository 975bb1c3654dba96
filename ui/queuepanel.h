#pragma once

#include <models/queuefilter.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;

namespace cosmicdesk::models {
class QueueFilterModel;
class TicketQueueModel;
} // namespace cosmicdesk::models

namespace cosmicdesk::ui {

class QueueView;

// The queue pane: saved views, the filter bar and the table. Wires model → proxy → view and turns
// the controls into a QueueFilter; the rules themselves live in models/.
class QueuePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueuePanel)

public:
    enum class SavedView { OpenQueue, Unassigned, UrgentOpen, SlaAtRisk, GuardianAlerts, Opportunities, AllTickets };

    explicit QueuePanel(models::TicketQueueModel *queue, QWidget *parent = nullptr);

    QueueView *view() const { return m_view; }
    models::QueueFilterModel *proxy() const { return m_proxy; }
    void focusSearch();
    void applySavedView(SavedView view);
    static QString savedViewName(SavedView view);

Q_SIGNALS:
    void countsChanged(int shown, int total);

private:
    void applyControls();
    void refreshTeams();

    models::TicketQueueModel *m_queue;
    models::QueueFilterModel *m_proxy;
    QueueView *m_view;
    QComboBox *m_views;
    QLineEdit *m_search;
    QToolButton *m_priority[4];
    QComboBox *m_status;
    QComboBox *m_team;
    QToolButton *m_unassigned, *m_slaRisk, *m_guardian, *m_opportunity;
    bool m_applying = false;
};

} // namespace cosmicdesk::ui
