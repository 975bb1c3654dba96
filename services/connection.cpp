#include "connection.h"

#include "customerviewservice.h"

#include <connectors/zendeskclient.h>

namespace cosmicdesk::services {

Connection::Connection(Mode mode, QObject *parent) : QObject(parent)
{
    m_status.mode = mode;
    m_status.phase = mode == Mode::Offline ? ConnectionStatus::Phase::Offline : ConnectionStatus::Phase::Starting;
}

Connection::~Connection() = default;

void Connection::setStarting(const QString &source)
{
    m_status.phase = ConnectionStatus::Phase::Starting;
    m_status.source = source;
    Q_EMIT statusChanged();
}

void Connection::setNoToken()
{
    m_status.phase = ConnectionStatus::Phase::NoToken;
    Q_EMIT statusChanged();
}

void Connection::setUnavailable(const models::Error &error)
{
    m_status.phase = ConnectionStatus::Phase::Unavailable;
    m_status.error = error;
    Q_EMIT statusChanged();
}

void Connection::attach(ZendeskSync *sync, connectors::ZendeskClient *client, const QString &source)
{
    detach();
    m_sync = sync;
    m_status.phase = ConnectionStatus::Phase::Connected;
    m_status.source = source;
    m_status.error.reset();
    connect(sync, &ZendeskSync::stateChanged, this, &Connection::update);
    connect(sync, &ZendeskSync::progress, this, &Connection::update);
    connect(sync, &ZendeskSync::runFinished, this, &Connection::update);
    update();
    if (client)
        client->me(this, [this](models::Result<connectors::ZendeskMe> me) {
            m_supervisor = me.ok() && me.value().isAdmin();
            Q_EMIT roleKnown(m_supervisor);
            if (me.ok() && me.value().isAgent()) {
                m_agentId = me.value().id;
                Q_EMIT agentKnown(m_agentId, me.value().name);
            }
        });
}

void Connection::detach()
{
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    m_sync = nullptr;
}

void Connection::setCustomerView(CustomerViewService *view)
{
    m_customerView = view;
    Q_EMIT customerViewReady();
}

void Connection::update()
{
    if (!m_sync)
        return;
    m_status.syncState = m_sync->state();
    m_status.syncFraction = m_sync->fraction();
    m_status.ticketsThisRun = m_sync->ticketsThisRun();
    m_status.lastSyncedAt = m_sync->lastSyncedAt();
    m_status.lastSyncError = m_sync->lastError();
    Q_EMIT statusChanged();
}

void Connection::syncNow()
{
    if (m_sync)
        m_sync->syncNow();
}

void Connection::cancelSync()
{
    if (m_sync)
        m_sync->cancel();
}

} // namespace cosmicdesk::services
