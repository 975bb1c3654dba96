#include "appcontext.h"

#include "triageservice.h"

#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>

namespace cosmicdesk::app {

models::Result<std::unique_ptr<AppContext>> AppContext::open(const QString &workspacePath, Mode mode)
{
    auto store = models::TicketStore::open(workspacePath);
    if (!store.ok())
        return store.error();
    QString agent = qEnvironmentVariable("COSMICDESK_AGENT").trimmed();
    if (agent.isEmpty() && mode == Mode::Demo) {
        if (auto agents = store.value()->agents(); agents.ok() && !agents.value().empty())
            agent = agents.value().front().name;
    }
    if (agent.isEmpty())
        agent = qEnvironmentVariable("USER", QStringLiteral("agent"));
    return std::unique_ptr<AppContext>(new AppContext(std::move(store).value(), mode, agent));
}

AppContext::AppContext(std::unique_ptr<models::TicketStore> store, Mode mode, QString agent)
    : m_store(std::move(store)), m_queue(new models::TicketQueueModel(m_store.get(), this)),
      m_triage(new TriageService(*m_store, agent, this)), m_connection(new ConnectionService(*m_store, mode, this)),
      m_agent(std::move(agent))
{
}

AppContext::~AppContext()
{
    delete m_connection; // the sync and the sandbox stop first: they feed the rest
    m_connection = nullptr;
    delete m_triage; // stops its thread before the store goes
    m_triage = nullptr;
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
