#include "orderssource.h"

#include "workerpost.h"

#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>

namespace cosmicdesk::connectors {

class OrdersSource::Worker final : public QObject
{
public:
    explicit Worker(Config config)
        : m_config(config), m_server(std::move(config), QStringLiteral("the orders database"), QStringLiteral("orders"))
    {
    }

    Result<std::vector<models::Order>> orders(qint64 userId, const QString &email)
    {
        if (auto c = connection(); !c.ok())
            return c.error();
        QSqlDatabase db = m_server.db();
        QSqlQuery q(db);
        if (!q.prepare(m_config.ordersQuery))
            return failed(QStringLiteral("The orders query does not prepare"), q.lastError());
        bindIfPresent(q, m_config.ordersQuery, QStringLiteral(":user_id"), userId);
        bindIfPresent(q, m_config.ordersQuery, QStringLiteral(":email"), email);
        if (!q.exec())
            return failed(QStringLiteral("The orders query failed"), q.lastError());
        std::vector<models::Order> out;
        while (q.next()) {
            models::Order o;
            o.id = q.value(0).toLongLong();
            o.status = q.value(1).toString();
            o.totalCents = q.value(2).toLongLong();
            o.currency = q.value(3).toString();
            o.createdAt = q.value(4).toLongLong();
            o.carrier = q.value(5).toString();
            o.trackingNumber = q.value(6).toString();
            o.customerEmail = q.value(7).toString();
            out.push_back(std::move(o));
        }
        QSqlQuery items(db);
        if (!items.prepare(m_config.itemsQuery))
            return failed(QStringLiteral("The order items query does not prepare"), items.lastError());
        for (auto &o : out) {
            bindIfPresent(items, m_config.itemsQuery, QStringLiteral(":order_id"), o.id);
            if (!items.exec())
                return failed(QStringLiteral("The order items query failed"), items.lastError());
            while (items.next())
                o.items.push_back(models::OrderItem{items.value(0).toString(), items.value(1).toString(), items.value(2).toInt(),
                                                    items.value(3).toLongLong(), std::nullopt});
        }
        return out;
    }

private:
    static void bindIfPresent(QSqlQuery &q, const QString &sql, const QString &name, const QVariant &value)
    {
        if (sql.contains(name))
            q.bindValue(name, value);
    }

    Error failed(const QString &what, const QSqlError &e) { return m_server.failed(what, e); }

    Result<void> connection() { return m_server.open(); }

    Config m_config;
    SqlServerConnection m_server;
};

OrdersSource::OrdersSource(Config config, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new Worker(std::move(config)))
{
    m_thread->setObjectName(QStringLiteral("orders-db"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

OrdersSource::~OrdersSource()
{
    m_thread->quit();
    m_thread->wait();
}

void OrdersSource::orders(qint64 zendeskUserId, const QString &email, QObject *context,
                          std::function<void(Result<std::vector<models::Order>>)> done)
{
    postToWorker<Result<std::vector<models::Order>>>(m_worker, this, context, std::move(done),
                                                     [w = m_worker, zendeskUserId, email] { return w->orders(zendeskUserId, email); });
}

} // namespace cosmicdesk::connectors
