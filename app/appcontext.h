#pragma once

#include "connectionservice.h"

#include <models/result.h>

#include <QObject>

#include <memory>

namespace cosmicdesk::models {
class TicketStore;
class TicketQueueModel;
} // namespace cosmicdesk::models

namespace cosmicdesk::app {

class TriageService;

// The composition root of one open workspace: builds the store, models and services and hands them
// to whoever shows them. One per workspace; no singletons.
class AppContext final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppContext)

public:
    using Mode = ConnectionService::Mode;
    // mode: where the tickets come from (Offline: a workspace file, nothing syncs).
    static models::Result<std::unique_ptr<AppContext>> open(const QString &workspacePath, Mode mode);
    ~AppContext() override;

    QString workspacePath() const;
    bool isDemo() const { return m_connection->mode() == Mode::Demo; }
    // The sandbox or Zendesk and the sync; started by whoever opens the workspace for work (start()).
    ConnectionService &connection() const { return *m_connection; }
    models::TicketStore &store() const { return *m_store; }
    models::TicketQueueModel &queueModel() const { return *m_queue; }
    // Triage on ingest; started by whoever opens the workspace for work (start()).
    TriageService &triage() const { return *m_triage; }
    // Who is working: signs drafts and decisions. COSMICDESK_AGENT, else in the demo the workspace's
    // first agent, else the system user.
    QString agentName() const { return m_agent; }

    // Milestones the UI reports, for the benchmarks and --screenshot.
    void notifyQueuePainted();

Q_SIGNALS:
    void queuePainted();

private:
    AppContext(std::unique_ptr<models::TicketStore> store, Mode mode, QString agent);

    std::unique_ptr<models::TicketStore> m_store;
    models::TicketQueueModel *m_queue;
    TriageService *m_triage;
    ConnectionService *m_connection;
    QString m_agent;
};

} // namespace cosmicdesk::app
