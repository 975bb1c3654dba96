#pragma once

#include <models/result.h>
#include <models/ticketstore.h>

#include <QObject>

#include <functional>
#include <optional>

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

private:
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
