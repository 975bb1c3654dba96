#include "ticketdetailsservice.h"

#include "storethread.h"

namespace cosmicdesk::services {

TicketDetailsService::TicketDetailsService(const QString &workspacePath, QObject *parent)
    : QObject(parent), m_thread(new StoreThread(workspacePath, QStringLiteral("ticket-details"), this))
{
}

TicketDetailsService::~TicketDetailsService() = default;

void TicketDetailsService::details(qint64 ticketId, QObject *context,
                                   std::function<void(models::Result<std::optional<models::TicketDetails>>)> done)
{
    m_thread->run<std::optional<models::TicketDetails>>([ticketId](models::TicketStore &store) { return store.details(ticketId); }, context,
                                                        std::move(done));
}

} // namespace cosmicdesk::services
