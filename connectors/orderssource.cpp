#include "orderssource.h"

#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QUuid>

namespace cosmicdesk::connectors {

class OrdersSource::Worker final : public QObject
{
public:
    explicit Worker(Config config) : m_config(std::move(config)), m_name(QStringLiteral("orders-") + QUuid::createUuid().toString()) {}
    ~Worker() override
    {
        if (QSqlDatabase::contains(m_name)) {
            QSqlDatabase::database(m_name, false).close();
            QSqlDatabase::removeDatabase(m_name);
        }
    }

    Result<std::vector<models::Order>> orders(qint64 userId, const QString &email)
    {
        if (auto c = connection(); !c.ok())
            return c.error();
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
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

    Error failed(const QString &what, const QSqlError &e)
    {
        // A lost connection is a network problem worth retrying; anything else is the configuration.
        const bool lost = e.type() == QSqlError::ConnectionError;
        if (lost && QSqlDatabase::contains(m_name))
            QSqlDatabase::database(m_name, false).close();
        return Error::make(lost ? Error::Kind::Network : Error::Kind::Config, what + QStringLiteral(": ") + e.text());
    }

    Result<void> connection()
    {
        if (QSqlDatabase::contains(m_name) && QSqlDatabase::database(m_name, false).isOpen())
            return {};
        if (!QSqlDatabase::isDriverAvailable(m_config.driver))
            return Error::make(Error::Kind::Config, QStringLiteral("The %1 database driver is not installed").arg(m_config.driver));
        QSqlDatabase db =
            QSqlDatabase::contains(m_name) ? QSqlDatabase::database(m_name, false) : QSqlDatabase::addDatabase(m_config.driver, m_name);
        db.setHostName(m_config.host);
        if (m_config.port > 0)
            db.setPort(m_config.port);
        db.setDatabaseName(m_config.databaseName);
        db.setConnectOptions(m_config.connectOptions);
        if (!db.open(m_config.user, m_config.password)) {
            const QSqlError e = db.lastError();
            // 1045: access denied (user or password); 1044: no access to that database.
            const bool denied = e.nativeErrorCode() == u"1045" || e.nativeErrorCode() == u"1044";
            return Error::make(denied ? Error::Kind::Auth : Error::Kind::Network,
                               QStringLiteral("Could not connect to the orders database: %1").arg(e.text()));
        }
        if (m_config.requireTls) {
            QSqlQuery q(db);
            const bool tls =
                q.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) && q.next() && !q.value(1).toString().isEmpty();
            if (!tls) {
                db.close();
                return Error::make(Error::Kind::Config, QStringLiteral("The orders database connection is not encrypted (no TLS cipher); "
                                                                       "check the TLS options"));
            }
        }
        return {};
    }

    Config m_config;
    QString m_name;
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
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    QObject *target = context ? context : this;
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, zendeskUserId, email, ctx, hasContext, target, done = std::move(done)]() mutable {
            auto result = w->orders(zendeskUserId, email);
            if (hasContext && !ctx)
                return;
            QMetaObject::invokeMethod(
                target,
                [ctx, hasContext, done = std::move(done), result = std::move(result)]() mutable {
                    if (hasContext && !ctx)
                        return;
                    done(std::move(result));
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace cosmicdesk::connectors
