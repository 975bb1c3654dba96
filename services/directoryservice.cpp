#include "directoryservice.h"

#include "storethread.h"

#include <connectors/zendeskclient.h>
#include <models/ticketstore.h>

#include <algorithm>

namespace cosmicdesk::services {

DirectoryService::DirectoryService(const QString &workspacePath, QObject *parent)
    : QObject(parent), m_thread(new StoreThread(workspacePath, QStringLiteral("directory"), this))
{
}

DirectoryService::~DirectoryService() = default;

void DirectoryService::setClient(connectors::ZendeskClient *client)
{
    m_client = client;
    if (client)
        refresh();
}

QString DirectoryService::agentName(qint64 id) const
{
    for (const auto &a : m_agents)
        if (a.id == id)
            return a.name;
    return {};
}

QString DirectoryService::groupName(qint64 id) const
{
    for (const auto &g : m_groups)
        if (g.id == id)
            return g.name;
    return {};
}

void DirectoryService::refresh()
{
    struct Local
    {
        std::vector<models::Group> groups;
        std::vector<models::User> agents;
    };
    m_thread->run<Local>(
        [](models::TicketStore &store) -> models::Result<Local> {
            auto groups = store.groups();
            if (!groups.ok())
                return groups.error();
            auto agents = store.agents();
            if (!agents.ok())
                return agents.error();
            return Local{std::move(groups).value(), std::move(agents).value()};
        },
        this,
        [this](models::Result<Local> r) {
            if (r.ok() && m_groups.empty() && m_agents.empty()) {
                m_groups = std::move(r.value().groups);
                m_agents = std::move(r.value().agents);
                Q_EMIT changed();
            }
        });
    if (!m_client)
        return;
    m_client->assignableGroups(this, [this](models::Result<std::vector<models::Group>> r) {
        if (!r.ok() || r.value().empty())
            return;
        m_groups = std::move(r.value());
        std::sort(m_groups.begin(), m_groups.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
        Q_EMIT changed();
    });
    m_client->agents(this, [this](models::Result<std::vector<models::User>> r) {
        if (!r.ok() || r.value().empty())
            return;
        m_agents = std::move(r.value());
        std::sort(m_agents.begin(), m_agents.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
        Q_EMIT changed();
    });
}

} // namespace cosmicdesk::services
