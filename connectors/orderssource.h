#pragma once

#include "http.h"

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
    struct Config
    {
        QString driver = QStringLiteral("QMYSQL"); // or QSQLITE (databaseName is then the file)
        QString host;
        int port = 3306;
        QString databaseName, user, password;
        // QSqlDatabase::setConnectOptions, e.g. SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem. The
        // MYSQL_OPT_SSL_CA/CAPATH/CERT/KEY/CIPHER spellings are taken too (Qt 6.4's driver knows only
        // SSL_*: they are translated), and MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE asks for the
        // certificate check below even without requireTls.
        QString connectOptions;
        // The server's certificate is verified before the password leaves: it must chain to the CA
        // of SSL_CA (or SSL_CAPATH) and carry tlsPeerName, else nothing is sent (Config); after
        // connecting, Ssl_cipher must be set. Without a CA configured it is a Config error at once.
        bool requireTls = false;
        QString tlsPeerName; // the name the certificate must carry (the RDS endpoint); empty: host
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
