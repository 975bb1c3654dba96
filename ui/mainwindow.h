#pragma once

#include "windowservices.h"

#include <QMainWindow>

class QLabel;
class QTimer;

namespace cosmicdesk::ui {

class BulkActions;
class CustomerPanel;
class QueuePanel;
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

Q_SIGNALS:
    // The queue was shown for the first time: painted with rows, or loaded with none to show
    // (benchmarks and --screenshot wait for it).
    void queuePainted();

private:
    void createActions();
    void createBulkActions();
    void createTriageWriteBack();
    void updateStatus();
    void updateTriageStatus();

    WindowServices m_services;
    QueuePanel *m_queue;
    TicketPane *m_ticket;
    CustomerPanel *m_customer;
    QLabel *m_counts;
    QLabel *m_workspace;
    QLabel *m_triageStatus;
    QTimer *m_clock;
    BulkActions *m_bulk = nullptr;
    int m_shown = 0;
    int m_total = 0;
    qint64 m_loadMs = -1;
    bool m_queueLoaded = false;
    bool m_painted = false;
};

} // namespace cosmicdesk::ui
