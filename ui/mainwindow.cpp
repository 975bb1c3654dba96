#include "mainwindow.h"

#include "bulkactions.h"
#include "connectorsettingsdialog.h"
#include "customerpanel.h"
#include "customersystemsdialog.h"
#include "queuepanel.h"
#include "queueview.h"
#include "ticketpane.h"
#include "triagepanel.h"
#include "triagewritebackdialog.h"

#include "connectionsummary.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <services/connection.h>
#include <services/conversationloader.h>
#include <services/customerviewservice.h>
#include <services/triageservice.h>

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>

namespace cosmicdesk::ui {

MainWindow::MainWindow(const WindowServices &services, QWidget *parent)
    : QMainWindow(parent), m_services(services), m_queue(new QueuePanel(services.queue, this)),
      m_ticket(new TicketPane(services.details, services.triage, this)), m_customer(new CustomerPanel(this)), m_counts(new QLabel(this)),
      m_workspace(new QLabel(this)), m_triageStatus(new QLabel(this)), m_clock(new QTimer(this))
{
    Q_ASSERT(services.queue && services.triage && services.details && services.connection);
    services::Connection &connection = *services.connection;
    const bool demo = connection.mode() == services::Connection::Mode::Demo;
    setWindowTitle(demo ? tr("CosmicDesk — demo workspace") : tr("CosmicDesk — %1").arg(QFileInfo(services.workspacePath).fileName()));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    setCentralWidget(m_ticket);

    auto *queueDock = new QDockWidget(tr("Queue"), this);
    queueDock->setObjectName(QStringLiteral("queueDock"));
    queueDock->setWidget(m_queue);
    queueDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::TopDockWidgetArea, queueDock);
    auto *customerDock = new QDockWidget(tr("Customer"), this);
    customerDock->setObjectName(QStringLiteral("customerDock"));
    customerDock->setWidget(m_customer);
    customerDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, customerDock);
    resizeDocks({queueDock}, {420}, Qt::Vertical);
    resizeDocks({customerDock}, {440}, Qt::Horizontal);

    statusBar()->addWidget(m_counts, 1);
    statusBar()->addPermanentWidget(m_triageStatus);
    // Where the tickets come from, how fresh they are; a first full sync shows progress and Cancel.
    auto *syncProgress = new QProgressBar(this);
    syncProgress->setObjectName(QStringLiteral("syncProgress"));
    syncProgress->setRange(0, 100);
    syncProgress->setMaximumWidth(160);
    auto *cancelSync = new QPushButton(tr("Cancel sync"), this);
    cancelSync->setObjectName(QStringLiteral("cancelSync"));
    statusBar()->addPermanentWidget(syncProgress);
    statusBar()->addPermanentWidget(cancelSync);
    statusBar()->addPermanentWidget(m_workspace);
    m_workspace->setObjectName(QStringLiteral("connectionSummary"));
    auto showConnection = [this, &connection, syncProgress, cancelSync] {
        const services::ConnectionStatus &status = connection.status();
        QString text = connectionSummary(status);
        if (status.mode == services::Connection::Mode::Offline)
            text = tr("%1 · offline").arg(QFileInfo(m_services.workspacePath).fileName());
        m_workspace->setText(text);
        const bool full = status.isFullSyncRunning();
        syncProgress->setVisible(full);
        cancelSync->setVisible(full);
        syncProgress->setValue(qRound(status.syncFraction * 100));
    };
    connect(&connection, &services::Connection::statusChanged, this, showConnection);
    connect(cancelSync, &QPushButton::clicked, &connection, &services::Connection::cancelSync);
    showConnection();

    QueueView *view = m_queue->view();
    connect(view, &QueueView::currentTicketChanged, m_ticket, &TicketPane::showTicket);
    if (services::ConversationLoader *conversations = services.conversations) {
        connect(view, &QueueView::currentTicketChanged, conversations, &services::ConversationLoader::ensureConversation);
        connect(conversations, &services::ConversationLoader::conversationUpdated, this, [this](qint64 id) {
            if (m_queue->view()->currentTicket() == id)
                m_ticket->showTicket(id); // the whole conversation is here now
        });
    }
    connect(view, &QueueView::currentTicketChanged, this, [&connection](qint64 id) {
        if (auto *customers = connection.customerView())
            customers->load(id);
    });
    auto attachCustomers = [this, &connection] {
        m_customer->setService(connection.customerView());
        if (const qint64 id = m_queue->view()->currentTicket(); id && connection.customerView())
            connection.customerView()->load(id);
    };
    connect(&connection, &services::Connection::customerViewReady, this, attachCustomers);
    if (connection.customerView())
        attachCustomers();
    connect(view, &QueueView::ticketActivated, m_ticket, [this] { m_ticket->focusConversation(); });
    connect(m_ticket, &TicketPane::detailsLoaded, m_customer, &CustomerPanel::showCustomer);
    connect(view, &QueueView::populatedPaint, this, [this] {
        if (m_painted)
            return;
        m_painted = true;
        Q_EMIT queuePainted();
    });
    connect(m_queue, &QueuePanel::countsChanged, this, [this](int shown, int total) {
        m_shown = shown;
        m_total = total;
        updateStatus();
    });
    auto &queue = *m_services.queue;
    // An empty queue (an empty workspace, or every ticket filtered out) paints no rows, but it is
    // shown all the same: once the loaded queue has been filtered to nothing, say so after its paint.
    // The proxy may finish before or after the model says it is loaded: both ends check.
    auto emptyShown = [this] {
        if (m_painted || !m_queueLoaded || m_queue->proxy()->isBusy() || m_queue->proxy()->rowCount() > 0)
            return;
        m_painted = true;
        QTimer::singleShot(0, this, [this] { Q_EMIT queuePainted(); });
    };
    connect(&queue, &models::TicketQueueModel::loaded, this, [this, emptyShown](qint64 ms) {
        m_loadMs = ms;
        updateStatus();
        m_queueLoaded = true;
        emptyShown();
    });
    connect(m_queue->proxy(), &models::QueueFilterModel::refreshed, this, emptyShown);
    connect(&queue, &models::TicketQueueModel::loadProgress, this, [this](qint64 done, qint64 total) {
        m_counts->setText(tr("Loading tickets… %1 of %2").arg(QLocale().toString(done), QLocale().toString(total)));
    });
    connect(&queue, &models::TicketQueueModel::loadFailed, this,
            [this](const QString &message) { m_counts->setText(tr("Could not load the queue: %1").arg(message)); });
    auto &triage = *m_services.triage;
    connect(&triage, &services::TriageService::stateChanged, this, &MainWindow::updateTriageStatus);
    connect(&triage, &services::TriageService::progress, this, &MainWindow::updateTriageStatus);
    updateTriageStatus();
    // Ages and SLA countdowns move with the clock.
    m_clock->setInterval(30000);
    connect(m_clock, &QTimer::timeout, this, [this] { m_services.queue->setReferenceTime(QDateTime::currentSecsSinceEpoch()); });
    m_clock->start();

    createActions();
    createBulkActions();
    createTriageWriteBack();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *syncNow = file->addAction(tr("&Sync now"), m_services.connection, &services::Connection::syncNow);
    syncNow->setShortcut(QKeySequence(Qt::Key_F5));
    QAction *account = file->addAction(tr("&Zendesk account…"), this, [this] {
        auto *dialog = new ConnectorSettingsDialog(*m_services.zendeskSetup, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    account->setEnabled(m_services.zendeskSetup != nullptr);
    QAction *systems = file->addAction(tr("&Customer systems…"), this, [this] {
        auto *dialog = new CustomerSystemsDialog(*m_services.customerSystems, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    systems->setEnabled(m_services.customerSystems != nullptr);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *next = go->addAction(tr("&Next ticket"), this, [this] { m_queue->view()->moveBy(1); });
    next->setShortcuts({QKeySequence(Qt::Key_J)});
    QAction *previous = go->addAction(tr("&Previous ticket"), this, [this] { m_queue->view()->moveBy(-1); });
    previous->setShortcuts({QKeySequence(Qt::Key_K)});
    QAction *open = go->addAction(tr("&Open ticket"), this, [this] { m_ticket->focusConversation(); });
    open->setShortcut(QKeySequence(Qt::Key_Return));
    open->setShortcutContext(Qt::WidgetShortcut); // Enter belongs to the queue view and dialogs
    QAction *search = go->addAction(tr("&Search the queue"), this, [this] { m_queue->focusSearch(); });
    search->setShortcuts({QKeySequence(Qt::Key_Slash), QKeySequence::Find});
    QAction *queueFocus = go->addAction(tr("Back to the &queue"), this, [this] { m_queue->view()->setFocus(); });
    queueFocus->setShortcut(QKeySequence(Qt::Key_Escape));

    QMenu *triageMenu = menuBar()->addMenu(tr("&Triage"));
    QAction *acceptAll = triageMenu->addAction(tr("&Accept all suggestions"), this, [this] { m_ticket->triagePanel()->acceptAll(); });
    acceptAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));

    QMenu *views = menuBar()->addMenu(tr("&Views"));
    for (int v = 0; v <= static_cast<int>(QueuePanel::SavedView::AllTickets); ++v) {
        const auto view = static_cast<QueuePanel::SavedView>(v);
        QAction *a = views->addAction(QueuePanel::savedViewName(view), this, [this, view] { m_queue->applySavedView(view); });
        a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + v)));
    }
    views->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        views->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("j / k: next / previous ticket\nEnter: open the ticket\n/ or Ctrl+F: search the queue\n"
               "Esc: back to the queue\nCtrl+Shift+A: accept all triage suggestions\nAlt+1…7: saved views\nCtrl+Q: quit"));
    });
    help->addAction(tr("&About CosmicDesk"), this, [this] {
        QMessageBox::about(this, tr("About CosmicDesk"),
                           tr("CosmicDesk %1\nA native workstation for customer-service agents.").arg(QApplication::applicationVersion()));
    });
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    QString text = tr("Showing %1 of %2 tickets").arg(locale.toString(m_shown), locale.toString(m_total));
    if (m_loadMs >= 0)
        text += tr(" · loaded in %1 s").arg(static_cast<double>(m_loadMs) / 1000.0, 0, 'f', 2);
    m_counts->setText(text);
}

} // namespace cosmicdesk::ui

namespace cosmicdesk::ui {

void MainWindow::updateTriageStatus()
{
    const auto &t = *m_services.triage;
    const QLocale locale;
    switch (t.state()) {
    case services::TriageService::State::Stopped: m_triageStatus->clear(); break;
    case services::TriageService::State::Loading: m_triageStatus->setText(tr("Triage: loading the engine…")); break;
    case services::TriageService::State::Triaging:
        m_triageStatus->setText(tr("Triage: %1 of %2 tickets").arg(locale.toString(t.done()), locale.toString(t.total())));
        break;
    case services::TriageService::State::Idle: m_triageStatus->setText(tr("Triage: up to date")); break;
    case services::TriageService::State::Failed:
        m_triageStatus->setText(tr("Triage stopped"));
        m_triageStatus->setToolTip(t.errorMessage());
        break;
    }
}

} // namespace cosmicdesk::ui

namespace cosmicdesk::ui {

// The Bulk menu (before Help) and the queue's context menu act on the queue's selection.
void MainWindow::createBulkActions()
{
    m_bulk = new BulkActions(m_services, m_queue->view(), this);
    const QList<QAction *> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.back(), m_bulk->menu());
    QueueView *view = m_queue->view();
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, view](const QPoint &at) { m_bulk->menu()->popup(view->viewport()->mapToGlobal(at)); });
}

// Decisions on suggestions go to Zendesk when the window can change tickets; File → Triage
// write-back… maps the teams to groups and names the custom fields.
void MainWindow::createTriageWriteBack()
{
    if (!m_services.settings)
        return;
    if (m_services.actions)
        m_ticket->triagePanel()->setWriteBack(m_services.actions, m_services.settings);
    auto *action = new QAction(tr("&Triage write-back…"), this);
    action->setObjectName(QStringLiteral("triageWriteBack"));
    connect(action, &QAction::triggered, this, [this] {
        auto *dialog = new TriageWriteBackDialog(*m_services.settings, m_services.triage->teams(), m_services.directory, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    QMenu *file = menuBar()->actions().isEmpty() ? nullptr : menuBar()->actions().front()->menu();
    if (!file)
        return;
    // Beside the other settings: before the separator above Quit.
    QAction *before = nullptr;
    for (QAction *a : file->actions())
        if (a->isSeparator())
            before = a;
    file->insertAction(before, action);
}

} // namespace cosmicdesk::ui
