#pragma once

#include <models/result.h>
#include <models/user.h>

#include <QObject>

#include <functional>
#include <vector>

namespace cosmicdesk::connectors {
class ZendeskClient;
}

namespace cosmicdesk::services {

class StoreThread;

// The groups and agents the composer's pickers offer: the workspace's own (synced with the tickets)
// at once, Zendesk's assignable groups and agents once a client is connected.
class DirectoryService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryService)

public:
    explicit DirectoryService(const QString &workspacePath, QObject *parent = nullptr);
    ~DirectoryService() override;

    void setClient(connectors::ZendeskClient *client); // not owned; none offline
    const std::vector<models::Group> &groups() const { return m_groups; }
    const std::vector<models::User> &agents() const { return m_agents; }
    QString agentName(qint64 id) const;
    QString groupName(qint64 id) const;
    // Reads the workspace's directory, then Zendesk's when connected; changed() follows each.
    void refresh();

Q_SIGNALS:
    void changed();

private:
    StoreThread *m_thread;
    connectors::ZendeskClient *m_client = nullptr;
    std::vector<models::Group> m_groups;
    std::vector<models::User> m_agents;
};

} // namespace cosmicdesk::services
