#pragma once

#include <models/automationconfig.h>
#include <models/result.h>
#include <services/connection.h>
#include <ui/windowservices.h>

#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>

#include <memory>

namespace cosmicdesk::connectors {
class CredentialStore;
class SnowflakeClient;
struct CustomerSources;
class ZendeskClient;
} // namespace cosmicdesk::connectors
namespace cosmicdesk::models {
class TicketQueueModel;
class TicketStore;
} // namespace cosmicdesk::models
namespace cosmicdesk::sandbox {
class SandboxHost;
}
namespace cosmicdesk::services {
struct AlertSettings;
class ConversationLoader;
class DirectoryService;
class MacroService;
class OutboxMonitor;
class OutboxWorker;
class SavedViewService;
class AlertService;
class AutomationSetup;
class CustomerPrefetch;
class OverviewService;
class ReviewService;
class SnowflakeOverviewSource;
class LakeService;
class TicketActions;
class CustomerSystemsSetup;
class CustomerViewService;
class DirectoryService;
class DraftService;
class MacroService;
class SettingsStore;
class TicketDetailsService;
class TriageService;
class ZendeskSetup;
class ZendeskSync;
} // namespace cosmicdesk::services

namespace cosmicdesk::app {

// The composition root: everything one open workspace needs — the store, the queue model, the
// triage engine and its service, the connection to Zendesk (or, in the demo, to the in-process
// sandbox that plays Zendesk and the customer's other systems), the customer view and the setup
// services behind the settings dialogs — built here once and handed down through constructors.
class Workstation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workstation)

public:
    using Mode = services::ConnectionStatus::Mode;
    struct Config
    {
        QString workspacePath;
        Mode mode = Mode::Offline; // Offline: a workspace file, nothing syncs
        QString agent;             // who signs drafts and decisions; empty: COSMICDESK_AGENT, the demo's first agent, $USER
        QString profilePath;       // the triage profile; empty: the built-in one
    };

    // settings and credentials outlive the workstation.
    static models::Result<std::unique_ptr<Workstation>> open(const Config &config, services::SettingsStore &settings,
                                                             connectors::CredentialStore &credentials);
    ~Workstation() override;

    // Starts triage and the connection: the sandbox (demo) or the token from the keychain (account).
    void start();

    ui::WindowServices windowServices() const;
    models::TicketStore &store() const { return *m_store; }
    models::TicketQueueModel &queue() const { return *m_queue; }
    services::TriageService &triage() const { return *m_triage; }
    services::Connection &connection() const { return *m_connection; }
    services::TicketActions &actions() const { return *m_actions; }
    // Delivers the outbox to Zendesk; none offline (changes wait in the workspace until an account
    // is connected).
    services::OutboxWorker *outbox() const { return m_outbox.get(); }
    QString agentName() const { return m_agent; }
    // The agent's user id in the workspace, when an agent of that name is in it (0: not known until
    // Zendesk says who we are).
    qint64 agentId() const { return m_agentId; }
    services::OutboxMonitor &outboxMonitor() const { return *m_outboxMonitor; }
    // Automation: the data lake's loads and the Guardian / Opportunity alerts; in the demo against the
    // sandbox, with an account as File → Automation settings… configured them (none when nothing is
    // switched on, or offline).
    services::LakeService *lake() const { return m_lake.get(); }
    services::AlertService *alerts() const { return m_alerts.get(); }
    services::OverviewService *overview() const { return m_overview.get(); }
    // A review workspace's review: its window is in review mode, changes nothing outside the file.
    services::ReviewService *review() const { return m_review.get(); }
    sandbox::SandboxHost *sandboxHost() const { return m_sandbox.get(); }
    // Why an automation destination the settings switch on cannot send (a secret missing from the
    // keychain, an unreadable key file), one sentence each; its entries wait, shown paused for that reason.
    QStringList automationProblems() const { return m_automationProblems; }

private:
    Workstation(const Config &config, std::unique_ptr<models::TicketStore> store, QString agent, qint64 agentId,
                services::SettingsStore &settings, connectors::CredentialStore &credentials);
    void startDemo();
    void startAccount();
    void connectZendesk(const QUrl &base, const QString &email, const QString &token, qint64 startTime, int intervalSecs,
                        const QString &source);
    void openCustomerView(connectors::CustomerSources sources);
    // The demo's automation: RDS as a SQLite file beside the workspace, Snowflake, SendGrid and Slack
    // played by the sandbox; the outbox's destinations for them, the lake and the alerts.
    void startDemoAutomation(const QString &sandboxUrl, const QByteArray &snowflakeKey, const QString &sendGridKey,
                             const QString &slackHook);
    // The lake service and the alert service, fed by triage and waking the outbox.
    void createAutomation(const QStringList &lakeDestinations, std::chrono::milliseconds scanInterval,
                          const services::AlertSettings *alerts);
    // An account's automation: the outbox's destinations as the settings and the keychain's secrets
    // say (before the outbox starts); a destination that cannot send is added paused with the reason.
    void addAccountAutomation(const models::Result<models::Secrets> &secrets);

    Config m_config;
    services::SettingsStore &m_settings;
    connectors::CredentialStore &m_credentials;
    QString m_agent;
    qint64 m_agentId = 0;
    std::unique_ptr<models::TicketStore> m_store;
    std::unique_ptr<models::TicketQueueModel> m_queue;
    std::unique_ptr<services::TriageService> m_triage;
    std::unique_ptr<services::TicketDetailsService> m_details;
    std::unique_ptr<services::Connection> m_connection;
    std::unique_ptr<services::ConversationLoader> m_conversations;
    std::unique_ptr<services::ZendeskSetup> m_zendeskSetup;
    std::unique_ptr<services::CustomerSystemsSetup> m_customerSystems;
    std::unique_ptr<services::AutomationSetup> m_automationSetup;
    models::AutomationConfig m_automation; // an account's, as the settings held it when the workstation opened
    QStringList m_automationProblems;
    std::unique_ptr<services::OutboxWorker> m_outbox;
    std::unique_ptr<services::TicketActions> m_actions;
    std::unique_ptr<services::OutboxMonitor> m_outboxMonitor;
    std::unique_ptr<services::SavedViewService> m_savedViews;
    // The composer's: drafts, the account's macros and its groups and agents (Zendesk's once connected).
    std::unique_ptr<services::DraftService> m_drafts;
    std::unique_ptr<services::MacroService> m_macros;
    std::unique_ptr<services::DirectoryService> m_directory;
    // Made once the connection is up.
    std::unique_ptr<sandbox::SandboxHost> m_sandbox;
    std::unique_ptr<services::ZendeskSync> m_sync;
    std::unique_ptr<connectors::ZendeskClient> m_client;
    std::unique_ptr<services::CustomerViewService> m_customerView;
    std::unique_ptr<services::LakeService> m_lake;
    std::unique_ptr<services::AlertService> m_alerts;
    std::unique_ptr<services::CustomerPrefetch> m_prefetch; // the lake's missing customer data (demo)
    std::unique_ptr<services::OverviewService> m_overview;
    std::unique_ptr<services::ReviewService> m_review;             // a review workspace's (an imported export)
    std::unique_ptr<connectors::SnowflakeClient> m_overviewClient; // the overview's, at org scale
    std::unique_ptr<services::SnowflakeOverviewSource> m_overviewSource;
};

} // namespace cosmicdesk::app
