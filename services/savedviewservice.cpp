#include "savedviewservice.h"

#include "storethread.h"

#include <models/ticketstore.h>

namespace cosmicdesk::services {

using models::Result;
using models::SavedViewStore;

SavedViewService::SavedViewService(const QString &workspacePath, QObject *parent)
    : QObject(parent), m_thread(new StoreThread(workspacePath, QStringLiteral("saved-views"), this))
{
}

SavedViewService::~SavedViewService() = default;

void SavedViewService::list(const Views &defaults, QObject *context, Done done)
{
    m_thread->run<Views>([defaults](models::TicketStore &store) { return SavedViewStore(store.db()).list(defaults); }, context,
                         std::move(done));
}

void SavedViewService::add(const QString &name, const models::SavedFilter &filter, QObject *context, Done done)
{
    m_thread->run<Views>(
        [name, filter](models::TicketStore &store) -> Result<Views> {
            SavedViewStore views(store.db());
            if (auto r = views.add(name, filter); !r.ok())
                return r.error();
            return views.list();
        },
        context, std::move(done));
}

void SavedViewService::rename(qint64 id, const QString &name, QObject *context, Done done)
{
    m_thread->run<Views>(
        [id, name](models::TicketStore &store) -> Result<Views> {
            SavedViewStore views(store.db());
            if (auto r = views.rename(id, name); !r.ok())
                return r.error();
            return views.list();
        },
        context, std::move(done));
}

void SavedViewService::remove(qint64 id, QObject *context, Done done)
{
    m_thread->run<Views>(
        [id](models::TicketStore &store) -> Result<Views> {
            SavedViewStore views(store.db());
            if (auto r = views.remove(id); !r.ok())
                return r.error();
            return views.list();
        },
        context, std::move(done));
}

void SavedViewService::reorder(const std::vector<qint64> &ids, QObject *context, Done done)
{
    m_thread->run<Views>(
        [ids](models::TicketStore &store) -> Result<Views> {
            SavedViewStore views(store.db());
            if (auto r = views.reorder(ids); !r.ok())
                return r.error();
            return views.list();
        },
        context, std::move(done));
}

} // namespace cosmicdesk::services
