#include "mainwindow.h"

#include "auditdialog.h"
#include "automationdialog.h"
#include "automationsettingsdialog.h"
#include "bulkactions.h"
#include "composer.h"
#include "connectorsettingsdialog.h"
#include "customerpanel.h"
#include "customersystemsdialog.h"
#include "importdialog.h"
#include "outboxline.h"
#include "overviewtab.h"
#include "queuedelegate.h"
#include "queuepanel.h"
#include "queueview.h"
#include "reviewbar.h"
#include "savedviewsdialog.h"
#include "syncmonitor.h"
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
#include <services/outboxmonitor.h>
#include <services/overviewservice.h>
#include <services/reviewservice.h>
#include <services/triageservice.h>

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

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
    m_queueDock = queueDock;
    auto *customerDock = new QDockWidget(tr("Customer"), this);
    customerDock->setObjectName(QStringLiteral("customerDock"));
    customerDock->setWidget(m_customer);
    customerDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, customerDock);
    m_customerDock = customerDock;
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
    m_customer->setDetailsService(services.details);
    connect(m_customer, &CustomerPanel::pastTicketActivated, this, &MainWindow::openTicket);
    m_queue->setAgentId(services.agentId);
    m_queue->setViewService(services.savedViews);
    connect(&connection, &services::Connection::agentKnown, m_queue, [this](qint64 id) { m_queue->setAgentId(id); });
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

    if (m_services.review)
        enterReviewMode();
    attachComposer();
    createActions();
    createBulkActions();
    createTriageWriteBack();
    createOutboxUi();
    if (m_services.overview) {
        if (demo || connection.isSupervisor())
            offerOverview();
        else
            connect(&connection, &services::Connection::roleKnown, this, [this](bool supervisor) {
                if (supervisor)
                    offerOverview();
            });
    }
}

// The overview is a tab beside the tickets: the window's centre (the ticket pane, with its outbox
// line) becomes the first tab. While the overview is shown the queue and customer panes step aside.
void MainWindow::offerOverview()
{
    if (m_overview)
        return;
    QWidget *centre = takeCentralWidget();
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(centre, tr("&Tickets"));
    m_overview = new OverviewTab(m_services.overview, m_tabs);
    m_overview->setObjectName(QStringLiteral("overviewTab"));
    m_tabs->addTab(m_overview, tr("O&verview"));
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool overview = index == 1;
        m_queueDock->setVisible(!overview);
        if (overview) {
            m_customerWasShown = m_customerDock->isVisible();
            m_customerDock->hide();
        } else if (m_customerWasShown) {
            m_customerDock->show();
        }
    });
    connect(m_overview, &OverviewTab::openQueue, this, [this](const models::QueueFilter &filter, const QString &what) {
        showOverview(false);
        m_queue->showFiltered(filter, what);
        m_queue->view()->setFocus();
    });
    connect(m_overview, &OverviewTab::openTicket, this, [this](qint64 id) {
        showOverview(false);
        openTicket(id);
    });
    if (m_viewsMenu) {
        QAction *a = new QAction(tr("Supervisor o&verview"), this);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, &MainWindow::showOverview);
        connect(m_tabs, &QTabWidget::currentChanged, a, [a](int index) { a->setChecked(index == 1); });
        m_viewsMenu->insertAction(m_viewsMenu->actions().value(0), a);
        addAction(a);
    }
    m_services.overview->start();
}

// Review mode: the review bar above the queue, whose keys label the selected ticket, and the
// Disagreements filter. The window is otherwise the queue UI agents use.
void MainWindow::enterReviewMode()
{
    services::ReviewService *review = m_services.review;
    setWindowTitle(tr("CosmicDesk — review of %1").arg(review->source().file));
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_reviewBar = new ReviewBar(review, m_queue->view(), box);
    layout->addWidget(m_reviewBar);
    layout->addWidget(m_queue, 1);
    m_queueDock->setWidget(box);
    m_queueDock->setWindowTitle(tr("Review"));
    m_queue->setReviewMode(true);
    // Every ticket of the file, in its order; an export's SLA clocks ran out long ago.
    m_queue->applySavedView(QueuePanel::SavedView::AllTickets);
    QueueView *view = m_queue->view();
    view->setColumnHidden(models::TicketQueueModel::SlaColumn, true);
    view->setColumnHidden(models::TicketQueueModel::BreachRiskColumn, true);
    view->sortByColumn(models::TicketQueueModel::IdColumn, Qt::AscendingOrder);
    connect(m_reviewBar, &ReviewBar::failed, this, [this](const QString &message) { statusBar()->showMessage(message, 10000); });
}

void MainWindow::openExport()
{
    auto *dialog = new ImportDialog(m_services.settings, m_services.profilePath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::openReview, this, &MainWindow::openWorkspace);
    dialog->open();
}

void MainWindow::showOverview(bool shown)
{
    if (m_tabs)
        m_tabs->setCurrentIndex(shown ? 1 : 0);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *openExport = file->addAction(tr("Open &export for review…"), this, &MainWindow::openExport);
    openExport->setObjectName(QStringLiteral("openExportAction"));
    openExport->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
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
    QAction *automationSettings = file->addAction(tr("&Automation settings…"), this, [this] {
        const bool demo = m_services.connection->mode() == services::Connection::Mode::Demo;
        auto *dialog = new AutomationSettingsDialog(*m_services.automationSetup, demo, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this,
                [this] { statusBar()->showMessage(tr("Automation settings saved: they apply at the next start"), 10000); });
        dialog->open();
    });
    automationSettings->setObjectName(QStringLiteral("automationSettingsAction"));
    automationSettings->setEnabled(m_services.automationSetup != nullptr);
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
    createTicketMenu();

    QMenu *views = menuBar()->addMenu(tr("&Views"));
    m_viewsMenu = views;
    m_viewsEnd = views->addSeparator();
    fillViewsMenu();
    connect(m_queue, &QueuePanel::viewsChanged, this, &MainWindow::fillViewsMenu);
    connect(m_queue, &QueuePanel::viewsFailed, this,
            [this](const QString &message) { statusBar()->showMessage(tr("The views could not be saved: %1").arg(message), 10000); });
    views->addAction(tr("&Save the current filter as a view…"), this, &MainWindow::saveViewAsked);
    views->addAction(tr("&Organise views…"), this, [this] {
        auto *dialog = new SavedViewsDialog(m_queue, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    views->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        views->addAction(dock->toggleViewAction());
    addOutboxActions(views);
    if (m_services.alerts || m_services.lake) {
        QAction *automation = views->addAction(tr("Au&tomation…"), this, &MainWindow::openAutomation);
        automation->setObjectName(QStringLiteral("automationAction"));
        automation->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("j / k: next / previous ticket\nEnter: open the ticket\n/ or Ctrl+F: search the queue\n"
               "Esc: back to the queue\nCtrl+Shift+A: accept all triage suggestions\nAlt+1…9: your views, in their order\n"
               "Ctrl+Shift+M: sync monitor\nCtrl+Shift+L: automation (alerts, data lake)\nCtrl+Q: quit\n\n"
               "r: reply · n: internal note · m: apply a macro · a: assign to me\n"
               "Ctrl+Shift+D: insert the triage draft · Ctrl+Enter: submit\n"
               "(single letters act outside text fields; typing in one is just typing)"));
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

// The agent's views in the Views menu, Alt+1…9 for the first nine, rebuilt when the list changes.
void MainWindow::fillViewsMenu()
{
    qDeleteAll(m_viewActions);
    m_viewActions.clear();
    const auto &views = m_queue->views();
    for (int i = 0; i < int(views.size()); ++i) {
        auto *a = new QAction(QString(views[std::size_t(i)].name).replace(QLatin1Char('&'), QLatin1String("&&")), m_viewsMenu);
        if (i < 9)
            a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_queue->applyView(i); });
        m_viewsMenu->insertAction(m_viewsEnd, a);
        m_viewActions << a;
    }
}

void MainWindow::saveViewAsked()
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Save view"), tr("Name of the view for the current filter:"), QLineEdit::Normal, QString(), &ok);
    if (ok && !name.trimmed().isEmpty())
        m_queue->saveCurrentAs(name);
}

void MainWindow::openTicket(qint64 ticketId)
{
    if (ticketId == 0)
        return;
    if (m_queue->proxy()->rowOfTicket(ticketId) >= 0)
        m_queue->view()->selectTicket(ticketId); // the pane follows the queue's current ticket
    else {
        m_ticket->showTicket(ticketId); // not in this view: shown all the same
        if (m_services.conversations)
            m_services.conversations->ensureConversation(ticketId);
        if (auto *customers = m_services.connection->customerView())
            customers->load(ticketId);
    }
    if (m_ticketOutboxLine)
        m_ticketOutboxLine->setTicket(ticketId);
}

// The outbox in the window: marks in the queue, a line in the status bar for the whole outbox and
// one above the ticket pane for the shown ticket; both open the sync monitor.
void MainWindow::createOutboxUi()
{
    if (!m_services.outboxMonitor)
        return;
    m_outboxTracker = new OutboxTracker(m_services.outboxMonitor, m_services.outbox, m_services.actions, this);
    if (auto *delegate = qobject_cast<QueueDelegate *>(m_queue->view()->itemDelegate())) {
        delegate->setOutbox(m_outboxTracker);
        connect(m_outboxTracker, &OutboxTracker::changed, m_queue->view()->viewport(), qOverload<>(&QWidget::update));
    }
    m_outboxLine = new OutboxLine(m_outboxTracker, this);
    statusBar()->insertWidget(1, m_outboxLine);
    connect(m_outboxLine, &OutboxLine::activated, this, &MainWindow::openSyncMonitor);

    // The shown ticket's line sits above the ticket pane.
    QWidget *pane = takeCentralWidget();
    auto *centre = new QWidget(this);
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_ticketOutboxLine = new OutboxLine(m_outboxTracker, centre);
    m_ticketOutboxLine->setObjectName(QStringLiteral("ticketOutboxLine"));
    column->addWidget(m_ticketOutboxLine);
    column->addWidget(pane, 1);
    setCentralWidget(centre);
    m_ticketOutboxLine->setTicket(m_queue->view()->currentTicket());
    connect(m_queue->view(), &QueueView::currentTicketChanged, m_ticketOutboxLine, &OutboxLine::setTicket);
    connect(m_ticketOutboxLine, &OutboxLine::activated, this, &MainWindow::openSyncMonitor);
    m_outboxTracker->refreshNow();
}

void MainWindow::addOutboxActions(QMenu *menu)
{
    menu->addSeparator();
    QAction *monitor = menu->addAction(tr("Sync &monitor…"), this, &MainWindow::openSyncMonitor);
    monitor->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    QAction *audit = menu->addAction(tr("&Audit log…"), this, &MainWindow::openAuditLog);
    monitor->setEnabled(m_services.outboxMonitor != nullptr);
    audit->setEnabled(m_services.outboxMonitor != nullptr);
}

SyncMonitorDialog *MainWindow::openSyncMonitor()
{
    if (!m_services.outboxMonitor)
        return nullptr;
    if (!m_syncMonitor)
        m_syncMonitor = new SyncMonitorDialog(m_services.outboxMonitor, m_services.outbox, m_outboxTracker, this);
    m_syncMonitor->show();
    m_syncMonitor->raise();
    m_syncMonitor->activateWindow();
    return m_syncMonitor;
}

AutomationDialog *MainWindow::openAutomation()
{
    if (!m_services.alerts && !m_services.lake)
        return nullptr;
    if (!m_automation)
        m_automation = new AutomationDialog(m_services.alerts, m_services.lake, m_services.outbox, this);
    else
        m_automation->refresh();
    m_automation->show();
    m_automation->raise();
    m_automation->activateWindow();
    return m_automation;
}

AuditDialog *MainWindow::openAuditLog()
{
    if (!m_services.outboxMonitor)
        return nullptr;
    if (!m_auditLog)
        m_auditLog = new AuditDialog(m_services.outboxMonitor, this);
    else
        m_auditLog->reload();
    m_auditLog->show();
    m_auditLog->raise();
    m_auditLog->activateWindow();
    return m_auditLog;
}

// The composer under the conversation, when the window can act (TicketActions and drafts given).
void MainWindow::attachComposer()
{
    if (!m_services.actions || !m_services.drafts)
        return;
    ComposerServices cs;
    cs.actions = m_services.actions;
    cs.drafts = m_services.drafts;
    cs.macros = m_services.macros;
    cs.directory = m_services.directory;
    cs.triage = m_services.triage;
    cs.outbox = m_services.outbox;
    cs.monitor = m_services.outboxMonitor ? m_services.outboxMonitor : new services::OutboxMonitor(m_services.workspacePath, this);
    m_composer = new Composer(cs, m_ticket);
    m_ticket->attachComposer(m_composer);
    services::Connection &connection = *m_services.connection;
    m_composer->setAgentId(connection.agentId());
    connect(&connection, &services::Connection::agentKnown, m_composer, [this](qint64 id) { m_composer->setAgentId(id); });
    m_composer->setCustomerView(connection.customerView());
    connect(&connection, &services::Connection::customerViewReady, m_composer,
            [this, &connection] { m_composer->setCustomerView(connection.customerView()); });
}

// The agent's hands on the ticket shown. Single letters are plain shortcuts: a text field that has
// the focus takes the letter as typing (it claims the key before any shortcut), so they never fire
// while the agent writes.
void MainWindow::createTicketMenu()
{
    QMenu *ticket = menuBar()->addMenu(tr("Tic&ket"));
    ticket->setObjectName(QStringLiteral("ticketMenu"));
    const bool can = m_composer != nullptr;
    auto add = [&](const QString &text, const QString &name, const QList<QKeySequence> &keys, auto slot) {
        QAction *a = ticket->addAction(text, this, [this, slot] {
            if (m_composer)
                (m_composer->*slot)();
        });
        a->setObjectName(name);
        a->setShortcuts(keys);
        a->setEnabled(can);
        return a;
    };
    add(tr("&Reply"), QStringLiteral("replyAction"), {QKeySequence(Qt::Key_R)}, &Composer::startReply);
    add(tr("Internal &note"), QStringLiteral("noteAction"), {QKeySequence(Qt::Key_N)}, &Composer::startNote);
    add(tr("Insert triage &draft"), QStringLiteral("insertDraftAction"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)},
        &Composer::insertTriageDraft);
    add(tr("Apply &macro…"), QStringLiteral("macroAction"), {QKeySequence(Qt::Key_M)}, &Composer::openMacroPicker);
    add(tr("&Assign to me"), QStringLiteral("assignToMeAction"), {QKeySequence(Qt::Key_A)}, &Composer::assignToMe);
    ticket->addSeparator();
    add(tr("&Submit"), QStringLiteral("submitAction"), {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
        &Composer::submit);
    QMenu *as = ticket->addMenu(tr("Submit &as"));
    for (const auto status : {models::TicketStatus::Open, models::TicketStatus::Pending, models::TicketStatus::Solved}) {
        QAction *a = as->addAction(tr("Submit as %1").arg(models::statusLabel(status)), this, [this, status] {
            if (m_composer)
                m_composer->submitAs(status);
        });
        a->setEnabled(can);
    }
}

} // namespace cosmicdesk::ui
