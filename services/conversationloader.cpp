#include "conversationloader.h"

#include <connectors/zendeskclient.h>
#include <models/ticketstore.h>

namespace cosmicdesk::services {

ConversationLoader::ConversationLoader(models::TicketStore &store, QObject *parent) : QObject(parent), m_store(store) {}

void ConversationLoader::ensureConversation(qint64 ticketId)
{
    if (!m_client || m_asked.contains(ticketId))
        return;
    auto stored = m_store.comments(ticketId);
    if (!stored.ok() || !stored.value().empty())
        return; // already here (the demo workspace and earlier fetches)
    m_asked.insert(ticketId);
    m_client->comments(ticketId, this, [this, ticketId](models::Result<std::vector<models::Comment>> comments) {
        if (!comments.ok()) {
            m_asked.remove(ticketId); // try again next time it is opened
            return;
        }
        models::StoreBatch batch;
        batch.comments = std::move(comments.value());
        if (batch.comments.empty() || !m_store.write(batch).ok())
            return;
        Q_EMIT conversationUpdated(ticketId);
    });
}

} // namespace cosmicdesk::services
