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

void TicketDetailsService::pastTickets(qint64 requesterId, qint64 exceptTicketId, int limit, QObject *context,
                                       std::function<void(models::Result<std::vector<models::Ticket>>)> done)
{
    m_thread->run<std::vector<models::Ticket>>(
        [requesterId, exceptTicketId, limit](models::TicketStore &store) -> models::Result<std::vector<models::Ticket>> {
            if (requesterId == 0)
                return std::vector<models::Ticket>();
            auto tickets = store.ticketsOfRequester(requesterId, limit + 1);
            if (!tickets.ok())
                return tickets.error();
            std::vector<models::Ticket> out;
            for (models::Ticket &t : tickets.value())
                if (t.id != exceptTicketId && static_cast<int>(out.size()) < limit)
                    out.push_back(std::move(t));
            return out;
        },
        context, std::move(done));
}

} // namespace cosmicdesk::services
