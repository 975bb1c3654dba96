#pragma once

#include <models/result.h>

#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace cosmicdesk::connectors {
class CredentialStore;
class ZendeskClient;
}
namespace cosmicdesk::sandbox {
class SandboxHost;
}
namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::app {

class ZendeskSync;
class CustomerViewService;

// The Zendesk account as settings keep it: nothing secret (the API token is in the keychain).
struct ZendeskSettings
{
    QUrl baseUrl;   // https://acme.zendesk.com
    QString email;  // the agent's e-mail
    int intervalSecs = 60;

    bool isConfigured() const { return baseUrl.isValid() && !baseUrl.host().isEmpty() && !email.isEmpty(); }
    QString credentialKey() const;
    // A workspace file per account, in the user's data folder.
    QString workspacePath() const;

    static ZendeskSettings load();
    void save() const;
    static void forget();
};

// What the workspace is connected to, and keeping it in step: in the demo an in-process sandbox that
// plays Zendesk over 127.0.0.1 (with a new ticket every now and then), with an account the real
// Zendesk with the token from the keychain, with --workspace nothing (offline). Owns the sync.
class ConnectionService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionService)

public:
    enum class Mode { Offline, Demo, Zendesk };
    Q_ENUM(Mode)

    ConnectionService(models::TicketStore &store, Mode mode, QObject *parent = nullptr);
    ~ConnectionService() override;

    Mode mode() const { return m_mode; }
    // Starts the sandbox (demo) or reads the token and starts syncing (Zendesk). Asynchronous.
    void start();
    ZendeskSync *sync() const { return m_sync.get(); }
    // The customer view beside the ticket; null until its systems are known (none offline).
    CustomerViewService *customerView() const { return m_customerView.get(); }
    void syncNow();
    void cancelSync();
    // A synced ticket carries only its description: fetch its comments when it is opened (once a
    // session); conversationUpdated follows when they are stored.
    void ensureConversation(qint64 ticketId);
    // A first full sync is running: the window shows its progress and a Cancel button.
    bool isFullSyncRunning() const;
    double syncFraction() const;
    // One sentence for the status bar: where the tickets come from and how fresh they are.
    QString summary() const { return m_summary; }
    // users/me said admin: the supervisor overview may be offered.
    bool isSupervisor() const { return m_supervisor; }
    QString sandboxUrl() const { return m_sandboxUrl; }

    // "Test connection" for the settings dialog: users/me with these credentials, as a plain sentence.
    struct TestResult
    {
        bool ok = false;
        QString sentence;
        bool supervisor = false;
    };
    static void testZendesk(const ZendeskSettings &settings, const QString &token, QObject *context,
                            std::function<void(TestResult)> done);
    // Saves the settings and the token (keychain first: when it fails nothing is saved).
    static void saveZendesk(const ZendeskSettings &settings, const QString &token, QObject *context,
                            std::function<void(models::Result<void>)> done);

Q_SIGNALS:
    void summaryChanged(const QString &summary);
    void syncStateChanged();
    void conversationUpdated(qint64 ticketId);
    void customerViewReady();

private:
    void setSummary(const QString &s);
    void startDemo();
    void startZendesk();
    void startSync(const QUrl &base, const QString &email, const QString &token, qint64 startTime, int intervalSecs);
    void checkRole(); // users/me with the session's client

    models::TicketStore &m_store;
    Mode m_mode;
    std::unique_ptr<sandbox::SandboxHost> m_sandbox;
    std::unique_ptr<ZendeskSync> m_sync;
    std::unique_ptr<CustomerViewService> m_customerView;
    std::unique_ptr<connectors::CredentialStore> m_credentials;
    connectors::ZendeskClient *m_client = nullptr; // for calls made on the agent's behalf
    QSet<qint64> m_conversationsAsked;
    QString m_summary;
    QString m_sandboxUrl;
    QString m_source;
    bool m_supervisor = false;
};

} // namespace cosmicdesk::app
