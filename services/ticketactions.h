#pragma once

#include <models/result.h>
#include <models/ticketchange.h>
#include <models/triagestore.h>

#include <QObject>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

class OutboxWorker;
class StoreThread;

// What an agent does to tickets — reply, note, status, assignment, tags, a macro, a bulk action, an
// accepted suggestion — applied to the local mirror and queued for Zendesk in one transaction (on a
// worker thread), then announced to the queue and handed to the outbox worker. Nothing is lost if
// the network is down: the change waits in the outbox.
class TicketActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketActions)

public:
    // store: the main thread's store (for its ticketsChanged); outbox may be null (offline workspace:
    // changes stay local, queued for when an account is connected).
    TicketActions(models::TicketStore &store, OutboxWorker *outbox, QString agentName, QObject *parent = nullptr);
    ~TicketActions() override;

    QString agentName() const { return m_agent; }
    // The agent's Zendesk user id (users/me), the author of local comments.
    void setAgentId(qint64 id) { m_agentId = id; }

    // action names the audit entry ("reply", "note", "status", "assign", "tags", "macro", "suggestion").
    void change(qint64 ticketId, const models::TicketChange &change, const QString &action, QObject *context,
                std::function<void(models::Result<qint64>)> done);
    // The same or different changes to many tickets, as one bulk action (rule names it for the audit).
    void changeMany(std::vector<std::pair<qint64, models::TicketChange>> changes, const QString &action, const QString &rule,
                    QObject *context, std::function<void(models::Result<std::vector<qint64>>)> done);
    // Decisions on triage suggestions with the Zendesk changes they make ("suggestion" in the audit):
    // the decisions stored as labelled examples for retraining and the changes queued, in one
    // transaction — both or neither. A decision without an agent is signed with this one's.
    void decide(std::vector<std::pair<qint64, models::TicketChange>> changes, std::vector<models::TriageDecision> decisions,
                const QString &rule, QObject *context, std::function<void(models::Result<std::vector<qint64>>)> done);

Q_SIGNALS:
    void queued(const QList<qint64> &ticketIds);

private:
    void queue(std::vector<std::pair<qint64, models::TicketChange>> changes, std::vector<models::TriageDecision> decisions,
               const QString &action, const QString &rule, QObject *context, std::function<void(models::Result<std::vector<qint64>>)> done);

    models::TicketStore &m_store;
    OutboxWorker *m_outbox;
    QString m_agent;
    qint64 m_agentId = 0;
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
