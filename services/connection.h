#pragma once

#include "zendesksync.h"

#include <models/error.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace cosmicdesk::connectors {
class ZendeskClient;
}

namespace cosmicdesk::services {

class CustomerViewService;

// Where the workspace's tickets come from and how fresh they are, as data: the UI words it.
struct ConnectionStatus
{
    enum class Mode { Offline, Demo, Zendesk };
    enum class Phase {
        Offline,     // a workspace file, nothing syncs
        Starting,    // the demo's sandbox is starting, or the token is being read from the keychain
        NoToken,     // an account without a saved API token: offline on the last synced tickets
        Unavailable, // the sandbox or the keychain failed (error says why): offline
        Connected,   // syncing; the sync fields below apply
    };
    Mode mode = Mode::Offline;
    Phase phase = Phase::Offline;
    QString source;                     // "127.0.0.1:41234" (demo) or "acme.zendesk.com"
    std::optional<models::Error> error; // Unavailable: why
    ZendeskSync::State syncState = ZendeskSync::State::Stopped;
    double syncFraction = 0; // of a first full sync
    qint64 ticketsThisRun = 0;
    qint64 lastSyncedAt = 0;     // Unix seconds; 0 = not yet
    models::Error lastSyncError; // syncState Failed: why

    bool isFullSyncRunning() const { return phase == Phase::Connected && syncState == ZendeskSync::State::FullSync; }
};

// The workspace's link to Zendesk (or the demo's sandbox): its status, the sync's controls and the
// account's role. It builds nothing: the composition root attaches the sync and the client once they
// exist (in the demo when the sandbox is up, with an account once the token is read).
class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    using Mode = ConnectionStatus::Mode;

    explicit Connection(Mode mode, QObject *parent = nullptr);
    ~Connection() override;

    Mode mode() const { return m_status.mode; }
    const ConnectionStatus &status() const { return m_status; }

    void setStarting(const QString &source);
    void setNoToken();
    void setUnavailable(const models::Error &error);
    // Follows the sync and asks users/me for the account's role. Neither is owned; both must outlive
    // this object or be detached first.
    void attach(ZendeskSync *sync, connectors::ZendeskClient *client, const QString &source);
    void detach();
    ZendeskSync *sync() const { return m_sync; }

    // The customer view, once its systems are known (none offline, none unconfigured).
    void setCustomerView(CustomerViewService *view);
    CustomerViewService *customerView() const { return m_customerView; }

    void syncNow();
    void cancelSync();
    // users/me said admin: the supervisor overview may be offered.
    bool isSupervisor() const { return m_supervisor; }
    // Who the credentials belong to (users/me); 0 until known.
    qint64 agentId() const { return m_agentId; }

Q_SIGNALS:
    void statusChanged();
    void customerViewReady();
    void roleKnown(bool supervisor);
    void agentKnown(qint64 agentId, const QString &name);

private:
    void update();

    ConnectionStatus m_status;
    ZendeskSync *m_sync = nullptr;
    CustomerViewService *m_customerView = nullptr;
    bool m_supervisor = false;
    qint64 m_agentId = 0;
};

} // namespace cosmicdesk::services
