#pragma once

#include "http.h"
#include "sqlserver.h"

#include <models/customer.h>

#include <QObject>
#include <QString>

#include <functional>

class QThread;

namespace cosmicdesk::connectors {

// The shop's orders in its own database: MySQL (RDS) through Qt Sql's QMYSQL driver with TLS
// options, or a local SQLite file in the demo. The queries are configured per installation and
// take bound parameters only (:user_id, :email for orders; :order_id for items), so no id or e-mail
// ever becomes SQL. Qt Sql blocks, so everything runs on a worker thread with its own connection;
// answers come on the context's thread.
class OrdersSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersSource)

public:
    struct Config : SqlServerConfig
    {
        // Columns: order_id, status, total_cents, currency, created_at, carrier, tracking_number, customer_email.
        QString ordersQuery = QStringLiteral(
            "SELECT order_id, status, total_cents, currency, created_at, carrier, tracking_number, customer_email"
            " FROM shop_orders WHERE zendesk_user_id = :user_id OR customer_email = :email ORDER BY created_at DESC LIMIT 25");
        // Columns: sku, name, quantity, unit_price_cents.
        QString itemsQuery =
            QStringLiteral("SELECT sku, name, quantity, unit_price_cents FROM shop_order_items WHERE order_id = :order_id ORDER BY line");
    };

    explicit OrdersSource(Config config, QObject *parent = nullptr);
    ~OrdersSource() override;

    // The requester's orders with their items, newest first.
    void orders(qint64 zendeskUserId, const QString &email, QObject *context, std::function<void(Result<std::vector<models::Order>>)> done);

private:
    class Worker;
    QThread *m_thread;
    Worker *m_worker;
};

} // namespace cosmicdesk::connectors
