#pragma once

#include <models/result.h>
#include <models/triagestore.h>

#include "triageloader.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <triage/sla.h>

#include <array>
#include <functional>
#include <optional>
#include <vector>

class QThread;

namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

// A ticket's suggestion as the triage panel shows it.
struct TicketTriage
{
    qint64 ticketId = 0;
    std::optional<models::TriageRecord> record;    // none while the ticket waits for the engine
    std::vector<models::TriageDecision> decisions; // newest first
    bool current = false;                          // made by the running engine for the ticket as it is now
};

// Triage on ingest. Loads the engine and triages every ticket that has no current suggestion (new,
// changed since, or judged by another engine), oldest first so an account's history is there
// before the tickets that follow it; then every ticket the store reports as changed. All of it runs
// on one worker thread with its own connection to the workspace; results reach the queue through
// the store's ticketsChanged(). Answers come back on the caller's thread and are dropped if the
// caller's context object is gone.
class TriageService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriageService)

public:
    enum class State { Stopped, Loading, Triaging, Idle, Failed };
    Q_ENUM(State)

    // The engine, loaded on the service's thread when it starts (the composition root decides which).
    using EngineLoader = std::function<models::Result<LoadedEngine>()>;

    // agentName signs drafts and decisions.
    TriageService(models::TicketStore &store, QString agentName, EngineLoader loader, QObject *parent = nullptr);
    ~TriageService() override;

    void start();
    State state() const { return m_state; }
    QString errorMessage() const { return m_error; }
    QString engineIdentity() const { return m_identity; }
    // The profile's teams, once the engine is loaded (what the team→group mapping maps).
    QStringList teams() const { return m_teams; }
    // The profile's SLA table and priority-mix targets, once the engine is loaded (profileLoaded).
    const triage::SlaTable &sla() const { return m_sla; }
    const std::array<std::pair<double, double>, triage::kPriorityCount> &calibrationTargets() const { return m_calibration; }
    QString agentName() const { return m_agent; }
    qint64 done() const { return m_done; }
    qint64 total() const { return m_total; }

    // The stored suggestion and the decisions on it.
    void fetch(qint64 ticketId, QObject *context, std::function<void(models::Result<TicketTriage>)> callback);
    // Records an agent's decision and applies it to the local ticket (priority, team). The agent is
    // this service's agent when the decision names none.
    void decide(models::TriageDecision decision, QObject *context, std::function<void(models::Result<models::TriageDecision>)> callback);

Q_SIGNALS:
    void profileLoaded();
    void stateChanged(cosmicdesk::services::TriageService::State state);
    void progress(qint64 done, qint64 total);
    // New suggestions are stored for these tickets.
    void triaged(const QList<qint64> &ids);
    void decided(qint64 ticketId);

private:
    class Worker;
    void setState(State s, const QString &error = {});
    void onStoreChanged(const QList<qint64> &ids);
    void notifyStore(const QList<qint64> &ids);

    models::TicketStore &m_store;
    QString m_agent;
    QThread *m_thread;
    Worker *m_worker;
    State m_state = State::Stopped;
    QString m_error;
    QString m_identity;
    QStringList m_teams;
    triage::SlaTable m_sla;
    std::array<std::pair<double, double>, triage::kPriorityCount> m_calibration{{{5, 7}, {25, 30}, {40, 50}, {15, 25}}};
    qint64 m_done = 0;
    qint64 m_total = 0;
    bool m_notifying = false;
};

} // namespace cosmicdesk::services
