#include "ticketactions.h"

#include "outboxworker.h"
#include "storethread.h"

#include <models/ticketstore.h>

#include <QUuid>

namespace cosmicdesk::services {

TicketActions::TicketActions(models::TicketStore &store, OutboxWorker *outbox, QString agentName, QObject *parent)
    : QObject(parent), m_store(store), m_outbox(outbox), m_agent(std::move(agentName)),
      m_thread(new StoreThread(store.path(), QStringLiteral("ticket-actions"), this))
{
}

TicketActions::~TicketActions() = default;

void TicketActions::change(qint64 ticketId, const models::TicketChange &change, const QString &action, QObject *context,
                           std::function<void(models::Result<qint64>)> done)
{
    changeMany({{ticketId, change}}, action, QString(), context, [done = std::move(done)](models::Result<std::vector<qint64>> r) {
        if (!r.ok())
            return done(r.error());
        done(r.value().front());
    });
}

void TicketActions::changeMany(std::vector<std::pair<qint64, models::TicketChange>> changes, const QString &action, const QString &rule,
                               QObject *context, std::function<void(models::Result<std::vector<qint64>>)> done)
{
    queue(std::move(changes), {}, action, rule, context, std::move(done));
}

void TicketActions::decide(std::vector<std::pair<qint64, models::TicketChange>> changes, std::vector<models::TriageDecision> decisions,
                           const QString &rule, QObject *context, std::function<void(models::Result<std::vector<qint64>>)> done)
{
    for (models::TriageDecision &d : decisions)
        if (d.agent.isEmpty())
            d.agent = m_agent;
    queue(std::move(changes), std::move(decisions), QStringLiteral("suggestion"), rule, context, std::move(done));
}

void TicketActions::queue(std::vector<std::pair<qint64, models::TicketChange>> changes, std::vector<models::TriageDecision> decisions,
                          const QString &action, const QString &rule, QObject *context,
                          std::function<void(models::Result<std::vector<qint64>>)> done)
{
    models::ChangeOrigin origin;
    origin.actor = m_agent;
    origin.authorId = m_agentId;
    origin.action = action;
    origin.rule = rule;
    if (changes.size() > 1)
        origin.batchKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QList<qint64> tickets;
    for (const auto &[id, change] : changes)
        tickets << id;
    m_thread->run<std::vector<qint64>>(
        [changes = std::move(changes), decisions = std::move(decisions), origin](models::TicketStore &store) {
            if (decisions.empty())
                return models::queueTicketChanges(store, changes, origin);
            return models::queueTicketChanges(store, changes, origin, {}, [&decisions](QSqlDatabase &db) -> models::Result<void> {
                models::TriageStore triage(db);
                for (const models::TriageDecision &d : decisions)
                    if (auto r = triage.recordDecision(d); !r.ok())
                        return r.error();
                return {};
            });
        },
        this,
        [this, tickets, context = QPointer<QObject>(context), done = std::move(done)](models::Result<std::vector<qint64>> r) {
            if (r.ok()) {
                m_store.notifyTicketsChanged(tickets);
                if (m_outbox)
                    m_outbox->wake();
                Q_EMIT queued(tickets);
            }
            if (context)
                done(std::move(r));
        });
}

} // namespace cosmicdesk::services
