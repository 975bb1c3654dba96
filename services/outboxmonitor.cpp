#include "outboxmonitor.h"

#include "storethread.h"

#include <models/sqlconnection.h>
#include <models/ticketstore.h>

#include <QDateTime>

namespace cosmicdesk::services {

OutboxMonitor::OutboxMonitor(const QString &workspacePath, QObject *parent)
    : QObject(parent), m_thread(new StoreThread(workspacePath, QStringLiteral("outbox-monitor"), this))
{
}

OutboxMonitor::~OutboxMonitor() = default;

void OutboxMonitor::ticketEntries(qint64 ticketId, QObject *context,
                                  std::function<void(models::Result<std::vector<models::OutboxEntry>>)> done)
{
    m_thread->run<std::vector<models::OutboxEntry>>(
        [ticketId](models::TicketStore &store) { return models::OutboxStore(store.db()).ofTicket(ticketId); }, context, std::move(done));
}

void OutboxMonitor::recent(int limit, const QString &destination, QObject *context,
                           std::function<void(models::Result<std::vector<models::OutboxEntry>>)> done)
{
    m_thread->run<std::vector<models::OutboxEntry>>(
        [limit, destination](models::TicketStore &store) { return models::OutboxStore(store.db()).recent(limit, destination); }, context,
        std::move(done));
}

void OutboxMonitor::ticketStates(QObject *context, std::function<void(models::Result<std::map<qint64, models::TicketOutbox>>)> done)
{
    m_thread->run<std::map<qint64, models::TicketOutbox>>(
        [](models::TicketStore &store) { return models::OutboxStore(store.db()).ticketStates(); }, context, std::move(done));
}

void OutboxMonitor::audit(const models::AuditQuery &query, QObject *context,
                          std::function<void(models::Result<std::vector<models::AuditEntry>>)> done)
{
    m_thread->run<std::vector<models::AuditEntry>>(
        [query](models::TicketStore &store) { return models::AuditLog(store.db()).entries(query); }, context, std::move(done));
}

void OutboxMonitor::counts(QObject *context, std::function<void(models::Result<std::map<QString, models::OutboxCounts>>)> done)
{
    m_thread->run<std::map<QString, models::OutboxCounts>>(
        [](models::TicketStore &store) { return models::OutboxStore(store.db()).counts(); }, context, std::move(done));
}

void OutboxMonitor::retryNow(qint64 entryId, QObject *context, std::function<void(models::Result<bool>)> done)
{
    m_thread->run<bool>([entryId](models::TicketStore &store) { return models::OutboxStore(store.db()).retryNow(entryId); }, context,
                        std::move(done));
}

void OutboxMonitor::drop(qint64 entryId, QObject *context, std::function<void(models::Result<bool>)> done)
{
    m_thread->run<bool>([entryId](models::TicketStore &store) { return models::OutboxStore(store.db()).drop(entryId); }, context,
                        std::move(done));
}

void OutboxMonitor::purge(std::chrono::hours retention, QObject *context, std::function<void(models::Result<Purged>)> done)
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch() - std::chrono::duration_cast<std::chrono::milliseconds>(retention).count();
    m_thread->run<Purged>(
        [before](models::TicketStore &store) -> models::Result<Purged> {
            models::Transaction tx(store.db());
            auto audit = models::AuditLog(store.db()).purge(before);
            if (!audit.ok())
                return audit.error();
            auto outbox = models::OutboxStore(store.db()).purgeFinished(before);
            if (!outbox.ok())
                return outbox.error();
            if (auto c = tx.commit(); !c.ok())
                return c.error();
            return Purged{audit.value(), outbox.value()};
        },
        context, std::move(done));
}

} // namespace cosmicdesk::services
