#include "draftservice.h"

#include "storethread.h"

#include <models/ticketstore.h>

namespace cosmicdesk::services {

DraftService::DraftService(const QString &workspacePath, QObject *parent)
    : QObject(parent), m_thread(new StoreThread(workspacePath, QStringLiteral("drafts"), this))
{
}

DraftService::~DraftService() = default;

void DraftService::draft(qint64 ticketId, QObject *context, std::function<void(models::Result<std::optional<models::Draft>>)> done)
{
    m_thread->run<std::optional<models::Draft>>(
        [ticketId](models::TicketStore &store) { return models::DraftStore(store.db()).draft(ticketId); }, context, std::move(done));
}

void DraftService::save(const models::Draft &draft, QObject *context, std::function<void(models::Result<void>)> done)
{
    m_thread->run<bool>(
        [draft](models::TicketStore &store) -> models::Result<bool> {
            if (auto r = models::DraftStore(store.db()).save(draft); !r.ok())
                return r.error();
            return true;
        },
        context ? context : this,
        [done = std::move(done)](models::Result<bool> r) {
            if (!done)
                return;
            if (r.ok())
                done({});
            else
                done(r.error());
        });
}

} // namespace cosmicdesk::services
