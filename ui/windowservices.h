#pragma once

#include <QString>

namespace cosmicdesk::models {
class TicketQueueModel;
}
namespace cosmicdesk::services {
class AlertService;
class AutomationSetup;
class Connection;
class DirectoryService;
class DraftService;
class LakeService;
class OverviewService;
class ReviewService;
class MacroService;
class ConversationLoader;
class CustomerSystemsSetup;
class OutboxWorker;
class SettingsStore;
class OutboxMonitor;
class SavedViewService;
class TicketActions;
class TicketDetailsService;
class TriageService;
class ZendeskSetup;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// What the main window shows and acts through, handed over by whoever composes the application (the
// app's composition root, a benchmark or a test). Nothing is owned; the first four are required.
struct WindowServices
{
    QString workspacePath;
    models::TicketQueueModel *queue = nullptr;
    services::TriageService *triage = nullptr;
    services::TicketDetailsService *details = nullptr;
    services::Connection *connection = nullptr;
    services::ConversationLoader *conversations = nullptr;     // none: conversations are all local
    services::ZendeskSetup *zendeskSetup = nullptr;            // none: no Zendesk account dialog
    services::CustomerSystemsSetup *customerSystems = nullptr; // none: no customer systems dialog
    services::AutomationSetup *automationSetup = nullptr;      // none: no automation settings dialog
    services::TicketActions *actions = nullptr;                // none: a read-only window
    services::OutboxWorker *outbox = nullptr;                  // none: changes wait in the workspace
    services::SettingsStore *settings = nullptr;               // none: suggestions are not sent to Zendesk
    services::OutboxMonitor *outboxMonitor = nullptr;          // none: no outbox marks, sync monitor or audit log
    services::SavedViewService *savedViews = nullptr;          // none: the built-in views only, not kept
    qint64 agentId = 0; // the agent's user id when the workspace knows it ("My …" views); else Connection::agentKnown
    services::DraftService *drafts = nullptr;        // with actions: the composer
    services::MacroService *macros = nullptr;        // none: no macros
    services::DirectoryService *directory = nullptr; // none: the pickers offer ids only, no group picker
    // Both none: no automation window (Views → Automation…).
    services::AlertService *alerts = nullptr; // none: the automation window says alerts are not set up
    services::LakeService *lake = nullptr;    // none: the automation window says the data lake is not set up
    // The supervisor's Overview tab, offered in the demo and to a Zendesk admin; none: no tab.
    services::OverviewService *overview = nullptr;
    // A review workspace (an imported export): review mode — the review bar with its keys, the
    // Disagreements filter; none: the live queue.
    services::ReviewService *review = nullptr;
    QString profilePath; // the triage profile the window's imports judge with; empty: the built-in one
};

} // namespace cosmicdesk::ui
