#include "appcontext.h"

#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>

namespace cosmicdesk::app {

models::Result<std::unique_ptr<AppContext>> AppContext::open(const QString &workspacePath, bool isDemo)
{
    auto store = models::TicketStore::open(workspacePath);
    if (!store.ok())
        return store.error();
    return std::unique_ptr<AppContext>(new AppContext(std::move(store).value(), isDemo));
}

AppContext::AppContext(std::unique_ptr<models::TicketStore> store, bool demo)
    : m_store(std::move(store)), m_queue(new models::TicketQueueModel(m_store.get(), this)), m_demo(demo)
{
}

AppContext::~AppContext()
{
    delete m_queue; // before the store it follows
    m_queue = nullptr;
}

QString AppContext::workspacePath() const
{
    return m_store->path();
}

void AppContext::notifyQueuePainted()
{
    Q_EMIT queuePainted();
}

} // namespace cosmicdesk::app
