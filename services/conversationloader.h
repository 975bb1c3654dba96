#pragma once

#include <QObject>
#include <QSet>

namespace cosmicdesk::connectors {
class ZendeskClient;
}
namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

// A synced ticket carries only its description: its comments are fetched when it is opened (once a
// session, again after a failure) and stored; conversationUpdated follows.
class ConversationLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationLoader)

public:
    explicit ConversationLoader(models::TicketStore &store, QObject *parent = nullptr);

    // The client for calls on the agent's behalf; none offline. Not owned.
    void setClient(connectors::ZendeskClient *client) { m_client = client; }
    void ensureConversation(qint64 ticketId);

Q_SIGNALS:
    void conversationUpdated(qint64 ticketId);

private:
    models::TicketStore &m_store;
    connectors::ZendeskClient *m_client = nullptr;
    QSet<qint64> m_asked;
};

} // namespace cosmicdesk::services
