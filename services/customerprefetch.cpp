#include "customerprefetch.h"

#include "customerviewservice.h"
#include "storethread.h"

#include <models/ticketstore.h>

#include <QSqlQuery>
#include <QTimer>

namespace cosmicdesk::services {

CustomerPrefetch::CustomerPrefetch(QString workspacePath, std::unique_ptr<CustomerViewService> view, Options options, QObject *parent)
    : QObject(parent), m_thread(std::make_unique<StoreThread>(std::move(workspacePath), QStringLiteral("customer-prefetch"))),
      m_view(std::move(view)), m_options(options), m_pace(new QTimer(this)), m_timeout(new QTimer(this))
{
    m_pace->setSingleShot(true);
    m_pace->setInterval(m_options.interval);
    connect(m_pace, &QTimer::timeout, this, &CustomerPrefetch::next);
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(m_options.sectionTimeout);
    connect(m_timeout, &QTimer::timeout, this, &CustomerPrefetch::settledOrTimedOut);
    connect(m_view.get(), &CustomerViewService::viewChanged, this, [this](int) {
        if (m_current != 0 && m_view->view().ticketId == m_current && m_view->view().settled())
            settledOrTimedOut();
    });
}

CustomerPrefetch::~CustomerPrefetch() = default;

void CustomerPrefetch::start()
{
    m_pace->start();
}

void CustomerPrefetch::refill()
{
    if (m_refilling)
        return;
    m_refilling = true;
    const int batch = m_options.batch;
    m_thread->run<std::vector<qint64>>(
        [batch](models::TicketStore &store) -> models::Result<std::vector<qint64>> {
            // The newest ticket of each requester who has nothing in the customer cache yet.
            QSqlQuery q(store.db());
            q.prepare(QStringLiteral("SELECT max(t.id) FROM tickets t WHERE t.requester_id IS NOT NULL AND t.requester_id <> 0"
                                     " AND NOT EXISTS (SELECT 1 FROM customer_cache c WHERE c.subject = 'user:' || t.requester_id)"
                                     " GROUP BY t.requester_id ORDER BY max(t.updated_at) DESC LIMIT ?"));
            q.addBindValue(batch);
            if (!q.exec())
                return models::Error::make(models::Error::Kind::Storage, QStringLiteral("finding requesters without customer data"));
            std::vector<qint64> out;
            while (q.next())
                out.push_back(q.value(0).toLongLong());
            return out;
        },
        this,
        [this](models::Result<std::vector<qint64>> r) {
            m_refilling = false;
            if (r.ok())
                m_todo.insert(m_todo.end(), r.value().begin(), r.value().end());
            // Nothing to do now: look again later (new tickets bring new requesters).
            m_pace->start(m_todo.empty() ? std::max<std::chrono::milliseconds>(m_options.interval * 30, std::chrono::seconds(30))
                                         : m_options.interval);
        });
}

void CustomerPrefetch::next()
{
    if (m_current != 0)
        return;
    if (m_todo.empty()) {
        refill();
        return;
    }
    m_current = m_todo.front();
    m_todo.pop_front();
    m_timeout->start();
    m_view->load(m_current);
}

void CustomerPrefetch::settledOrTimedOut()
{
    if (m_current == 0)
        return;
    m_timeout->stop();
    const qint64 done = m_current;
    m_current = 0;
    ++m_fetched;
    Q_EMIT requesterFetched(done);
    m_pace->start(m_options.interval);
}

} // namespace cosmicdesk::services
