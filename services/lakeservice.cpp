#include "lakeservice.h"

#include "storethread.h"

#include <models/ticketstore.h>

#include <QDateTime>
#include <QTimer>

namespace cosmicdesk::services {

LakeService::LakeService(QString workspacePath, Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_thread(std::make_unique<StoreThread>(std::move(workspacePath), QStringLiteral("lake"))), m_debounce(new QTimer(this)),
      m_scan(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(m_options.debounce);
    connect(m_debounce, &QTimer::timeout, this, &LakeService::flush);
    m_scan->setInterval(m_options.scanInterval);
    connect(m_scan, &QTimer::timeout, this, &LakeService::scanNow);
}

LakeService::~LakeService() = default;

void LakeService::start()
{
    m_scan->start();
    scanNow();
}

void LakeService::noteChanged(const QList<qint64> &ticketIds)
{
    for (qint64 id : ticketIds)
        m_changed.insert(id);
    if (!m_changed.isEmpty() && !m_debounce->isActive())
        m_debounce->start();
}

void LakeService::flush()
{
    std::vector<qint64> ids(m_changed.begin(), m_changed.end());
    m_changed.clear();
    std::sort(ids.begin(), ids.end());
    queueIds(std::move(ids));
}

void LakeService::queueIds(std::vector<qint64> ids)
{
    const QStringList destinations = m_options.destinations;
    const int chunk = m_options.recordsPerEntry;
    const bool scan = ids.empty();
    m_thread->run<models::LakeQueueResult>(
        [ids = std::move(ids), destinations, chunk, scan](models::TicketStore &store) -> models::Result<models::LakeQueueResult> {
            models::LakeStore lake(store.db());
            return scan ? lake.queueStale(destinations, chunk) : lake.queueInParts(ids, destinations, chunk);
        },
        this,
        [this](models::Result<models::LakeQueueResult> r) {
            if (!r.ok()) {
                Q_EMIT failed(r.error().message);
                return;
            }
            if (!r.value().outboxIds.empty() && m_wake)
                m_wake();
            Q_EMIT queued(r.value());
        });
}

void LakeService::scanNow()
{
    queueIds({});
}

void LakeService::counts(QObject *context, std::function<void(models::Result<std::map<QString, models::LakeCounts>>)> done)
{
    const QStringList destinations = m_options.destinations;
    m_thread->run<std::map<QString, models::LakeCounts>>(
        [destinations](models::TicketStore &store) { return models::LakeStore(store.db()).counts(destinations); }, context,
        std::move(done));
}

void LakeService::failures(int limit, QObject *context, std::function<void(models::Result<std::vector<models::LakeFailure>>)> done)
{
    m_thread->run<std::vector<models::LakeFailure>>(
        [limit](models::TicketStore &store) { return models::LakeStore(store.db()).failures(limit); }, context, std::move(done));
}

} // namespace cosmicdesk::services
