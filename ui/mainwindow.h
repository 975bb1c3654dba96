#pragma once

#include "windowservices.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QDockWidget;
class QMenu;
class QTabWidget;
class QTimer;

namespace cosmicdesk::ui {

class BulkActions;
class AuditDialog;
class AutomationDialog;
class Composer;
class CustomerPanel;
class OutboxLine;
class OutboxTracker;
class OverviewTab;
class QueuePanel;
class ReviewBar;
class SyncMonitorDialog;
class TicketPane;

// One window, three panes an agent can resize and detach: the queue (top), the ticket (centre),
// the customer (right). Every action has a menu entry and a shortcut.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const WindowServices &services, QWidget *parent = nullptr);

    QueuePanel *queuePanel() const { return m_queue; }
    TicketPane *ticketPane() const { return m_ticket; }
    CustomerPanel *customerPanel() const { return m_customer; }
    BulkActions *bulkActions() const { return m_bulk; }
    // The outbox as the window follows it; none without an OutboxMonitor.
    OutboxTracker *outboxTracker() const { return m_outboxTracker; }
    OutboxLine *outboxLine() const { return m_outboxLine; }             // the whole outbox, in the status bar
    OutboxLine *ticketOutboxLine() const { return m_ticketOutboxLine; } // the shown ticket's, above the ticket pane
    // View → Sync monitor… and Audit log… (one of each, raised when open again); none without an
    // OutboxMonitor.
    SyncMonitorDialog *openSyncMonitor();
    AuditDialog *openAuditLog();
    // Views → Automation… (one, raised when open again); none without alerts and the data lake.
    AutomationDialog *openAutomation();
    // Shows a ticket in the ticket pane (and selects it in the queue when the view shows it).
    void openTicket(qint64 ticketId);
    Composer *composer() const { return m_composer; } // none in a read-only window
    // The supervisor's overview: offered in the demo and when Zendesk says the account is an admin.
    OverviewTab *overviewTab() const { return m_overview; }
    ReviewBar *reviewBar() const { return m_reviewBar; } // none outside a review
    void showOverview(bool shown);                       // switches between the tickets and the Overview tab

Q_SIGNALS:
    // The queue was shown for the first time: painted with rows, or loaded with none to show
    // (benchmarks and --screenshot wait for it).
    void queuePainted();
    // File → Open export… made a review workspace and the analyst asked to open it.
    void openWorkspace(const QString &path);

private:
    void createActions();
    void attachComposer();
    void createTicketMenu();
    void createBulkActions();
    void createTriageWriteBack();
    void updateStatus();
    void updateTriageStatus();
    void createOutboxUi();
    void addOutboxActions(QMenu *menu);
    void fillViewsMenu();
    void saveViewAsked();
    void offerOverview();
    void enterReviewMode();
    void openExport();

    WindowServices m_services;
    QueuePanel *m_queue;
    TicketPane *m_ticket;
    CustomerPanel *m_customer;
    Composer *m_composer = nullptr;
    QLabel *m_counts;
    QLabel *m_workspace;
    QLabel *m_triageStatus;
    QTimer *m_clock;
    BulkActions *m_bulk = nullptr;
    OutboxTracker *m_outboxTracker = nullptr;
    OutboxLine *m_outboxLine = nullptr;
    OutboxLine *m_ticketOutboxLine = nullptr;
    SyncMonitorDialog *m_syncMonitor = nullptr;
    AuditDialog *m_auditLog = nullptr;
    AutomationDialog *m_automation = nullptr;
    QMenu *m_viewsMenu = nullptr;
    QAction *m_viewsEnd = nullptr; // the agent's views are listed before it
    QList<QAction *> m_viewActions;
    int m_shown = 0;
    int m_total = 0;
    qint64 m_loadMs = -1;
    bool m_queueLoaded = false;
    bool m_painted = false;
    QTabWidget *m_tabs = nullptr;
    OverviewTab *m_overview = nullptr;
    ReviewBar *m_reviewBar = nullptr;
    QDockWidget *m_queueDock = nullptr;
    QDockWidget *m_customerDock = nullptr;
    bool m_customerWasShown = true;
};

} // namespace cosmicdesk::ui
