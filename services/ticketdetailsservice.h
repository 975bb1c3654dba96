#pragma once

#include <models/result.h>
#include <models/ticketstore.h>

#include <QObject>

#include <functional>
#include <optional>
#include <vector>

namespace cosmicdesk::services {

class StoreThread;

// What the ticket pane shows of one ticket (the ticket, its people and the conversation), read on a
// worker thread so that a long conversation never holds up the window.
class TicketDetailsService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketDetailsService)

public:
    explicit TicketDetailsService(const QString &workspacePath, QObject *parent = nullptr);
    ~TicketDetailsService() override;

    // None: the ticket is not (or no longer) in the workspace.
    void details(qint64 ticketId, QObject *context, std::function<void(models::Result<std::optional<models::TicketDetails>>)> done);
    // The requester's other tickets, newest first, without `exceptTicketId` (the customer pane's
    // past tickets).
    void pastTickets(qint64 requesterId, qint64 exceptTicketId, int limit, QObject *context,
                     std::function<void(models::Result<std::vector<models::Ticket>>)> done);

private:
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
