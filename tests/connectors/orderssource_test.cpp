// OrdersSource against a real MariaDB server (started and stopped here, schema and rows made by the
// test) and against the demo workspace's SQLite tables: mapping, bound parameters, TLS check, errors.
#include <connectors/orderssource.h>
#include <support/testworkspace.h>

#include <QDateTime>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QtTest>

using namespace cosmicdesk;
using connectors::OrdersSource;
using models::Error;
using models::Result;

class OrdersSourceTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_socket;
    int m_port = 0;
    bool m_up = false;

    // openssl, for the test's own CA and server certificates.
    QString openssl(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        p.waitForFinished(60000);
        return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
    }
    QString makeCa(const QString &name)
    {
        return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                        QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                        name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                        QStringLiteral("/CN=") + name, QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                        QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
    }
    QString file(const QString &name) const { return m_dir.filePath(name); }
    // Lines of the server's general log that record a login of the support user.
    int supportLogins() const
    {
        QFile log(m_dir.filePath(QStringLiteral("general.log")));
        if (!log.open(QIODevice::ReadOnly))
            return -1;
        return int(log.readAll().count("support@127.0.0.1"));
    }

    QString admin(const QString &sql)
    {
        QProcess p;
        p.start(QStringLiteral("mariadb"), {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_socket,
                                            QStringLiteral("-uroot"), QStringLiteral("-e"), sql});
        p.waitForFinished(30000);
        return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
    }

    OrdersSource::Config config() const
    {
        OrdersSource::Config c;
        c.driver = QStringLiteral("QMYSQL");
        c.host = QStringLiteral("127.0.0.1");
        c.port = m_port;
        c.databaseName = QStringLiteral("shop");
        c.user = QStringLiteral("support");
        c.password = QStringLiteral("s3cret");
        c.connectOptions = QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=5");
        return c;
    }

    Result<std::vector<models::Order>> fetch(OrdersSource &source, qint64 user, const QString &email)
    {
        std::optional<Result<std::vector<models::Order>>> out;
        source.orders(user, email, this, [&](Result<std::vector<models::Order>> r) { out = std::move(r); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 30000))
            return Error::make(Error::Kind::Timeout, QStringLiteral("no answer"));
        return *out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QMYSQL")))
            QFAIL("the QMYSQL driver is missing (scripts/setup installs libqt6sql6-mysql)");
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
        probe.close();
        const QString data = m_dir.filePath(QStringLiteral("data"));
        m_socket = m_dir.filePath(QStringLiteral("mysqld.sock"));
        // A CA of our own and the server's certificate from it, for db.example.com (not for 127.0.0.1,
        // the address the tests connect to: tlsPeerName says which name to expect); and another CA.
        QString made = makeCa(QStringLiteral("test-ca"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        made = makeCa(QStringLiteral("other-ca"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        made = openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"), QStringLiteral("server.csr"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=db.example.com")});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        {
            QFile ext(file(QStringLiteral("server.ext")));
            QVERIFY(ext.open(QIODevice::WriteOnly));
            ext.write("subjectAltName=DNS:db.example.com\nbasicConstraints=CA:FALSE\n");
        }
        made = openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                        QStringLiteral("-CA"), QStringLiteral("test-ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("test-ca.key"),
                        QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"), QStringLiteral("-days"),
                        QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("server.ext")});
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QProcess install;
        install.start(QStringLiteral("mariadb-install-db"),
                      {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data, QStringLiteral("--user=root"),
                       QStringLiteral("--auth-root-authentication-method=socket")});
        QVERIFY(install.waitForFinished(120000));
        QVERIFY2(install.exitCode() == 0, install.readAllStandardError().constData());
        QVERIFY(QProcess::startDetached(
            QStringLiteral("mariadbd"),
            {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data, QStringLiteral("--socket=") + m_socket,
             QStringLiteral("--port=%1").arg(m_port), QStringLiteral("--bind-address=127.0.0.1"), QStringLiteral("--user=root"),
             QStringLiteral("--skip-log-bin"), QStringLiteral("--log-error=") + m_dir.filePath(QStringLiteral("error.log")),
             QStringLiteral("--ssl-ca=") + file(QStringLiteral("test-ca.pem")),
             QStringLiteral("--ssl-cert=") + file(QStringLiteral("server.pem")),
             QStringLiteral("--ssl-key=") + file(QStringLiteral("server.key")), QStringLiteral("--general-log"),
             QStringLiteral("--general-log-file=") + file(QStringLiteral("general.log"))}));
        m_up = QTest::qWaitFor([this] { return admin(QStringLiteral("SELECT 1")).isEmpty(); }, 60000);
        QVERIFY2(m_up, "mariadbd did not come up");
        const QString setup = QStringLiteral(
            "CREATE DATABASE shop;"
            "CREATE USER 'support'@'127.0.0.1' IDENTIFIED BY 's3cret';"
            "GRANT SELECT ON shop.* TO 'support'@'127.0.0.1';"
            "CREATE TABLE shop.shop_orders(order_id BIGINT PRIMARY KEY, customer_email VARCHAR(200) NOT NULL, zendesk_user_id BIGINT,"
            " organization_id BIGINT, status VARCHAR(20) NOT NULL, total_cents BIGINT NOT NULL, currency CHAR(3) NOT NULL,"
            " created_at BIGINT NOT NULL, carrier VARCHAR(20), tracking_number VARCHAR(40));"
            "CREATE TABLE shop.shop_order_items(order_id BIGINT NOT NULL, line INT NOT NULL, sku VARCHAR(40) NOT NULL,"
            " name VARCHAR(200) NOT NULL, quantity INT NOT NULL, unit_price_cents BIGINT NOT NULL, PRIMARY KEY(order_id, line));"
            "INSERT INTO shop.shop_orders VALUES"
            " (5001,'jane@example.com',3901122,77120,'shipped',9800,'SGD',1714600000,'ninjavan','NVSGCOSMO0000012345'),"
            " (5002,'jane@example.com',3901122,77120,'delivered',4900,'SGD',1714700000,'dhl','1234567890'),"
            " (5003,'jane.old@example.com',3901122,77120,'refunded',1500,'SGD',1714500000,NULL,NULL),"
            " (5004,'other@example.com',42,1,'paid',100,'SGD',1714800000,NULL,NULL);"
            "INSERT INTO shop.shop_order_items VALUES (5001,1,'TEA-1','Sencha tin',2,2400),(5001,2,'CUP-9','Glass cup',1,5000),"
            " (5002,1,'TEA-2','Oolong',1,4900),(5003,1,'GIFT','Gift card',1,1500),(5004,1,'X','Sample',1,100);");
        const QString failed = admin(setup);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void cleanupTestCase()
    {
        if (m_up) {
            QProcess stop;
            stop.start(QStringLiteral("mariadb-admin"), {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_socket,
                                                         QStringLiteral("-uroot"), QStringLiteral("shutdown")});
            stop.waitForFinished(60000);
        }
    }

    void ordersOfTheRequesterWithItemsNewestFirst()
    {
        OrdersSource source(config());
        auto r = fetch(source, 3901122, QStringLiteral("jane@example.com"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const auto &orders = r.value();
        QCOMPARE(orders.size(), std::size_t(3)); // by user id, whatever e-mail the order was placed with
        QCOMPARE(orders[0].id, qint64(5002));
        QCOMPARE(orders[0].carrier, QStringLiteral("dhl"));
        QCOMPARE(orders[0].trackingNumber, QStringLiteral("1234567890"));
        QCOMPARE(orders[1].id, qint64(5001));
        QCOMPARE(orders[1].totalCents, qint64(9800));
        QCOMPARE(orders[1].currency, QStringLiteral("SGD"));
        QCOMPARE(orders[1].items.size(), std::size_t(2));
        QCOMPARE(orders[1].items[1].name, QStringLiteral("Glass cup"));
        QCOMPARE(orders[1].items[0].quantity, 2);
        QCOMPARE(orders[2].status, QStringLiteral("refunded"));
    }

    void injectionThroughIdsAndEmailIsInert()
    {
        OrdersSource source(config());
        for (const QString &evil :
             {QStringLiteral("x' OR '1'='1"), QStringLiteral("'; DROP TABLE shop_orders; --"), QStringLiteral("\\' OR 1=1 -- ")}) {
            auto r = fetch(source, -1, evil);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QVERIFY(r.value().empty());
        }
        QVERIFY(admin(QStringLiteral("SELECT count(*) FROM shop.shop_orders")).isEmpty()); // still there
        auto all = fetch(source, 42, QString());
        QCOMPARE(all.value().size(), std::size_t(1));
    }

    void aConfiguredQueryKeepsItsPlaceholdersBound()
    {
        OrdersSource::Config c = config();
        c.ordersQuery =
            QStringLiteral("SELECT order_id, status, total_cents, currency, created_at, carrier, tracking_number, customer_email"
                           " FROM shop_orders WHERE customer_email = :email ORDER BY order_id");
        OrdersSource source(c);
        auto r = fetch(source, 0, QStringLiteral("jane.old@example.com"));
        QVERIFY(r.ok());
        QCOMPARE(r.value().size(), std::size_t(1));
        QCOMPARE(r.value()[0].id, qint64(5003));
        c.ordersQuery = QStringLiteral("SELEC nonsense");
        OrdersSource broken(c);
        auto bad = fetch(broken, 0, QStringLiteral("a"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, Error::Kind::Config);
    }

    void tlsWithoutACaIsRefusedBeforeConnecting()
    {
        // Encryption alone proves nothing about the server: without a CA nothing is even dialled.
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        OrdersSource::Config c = config();
        c.port = listener.serverPort();
        c.requireTls = true;
        OrdersSource source(c);
        auto r = fetch(source, 3901122, QString());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
        QVERIFY2(r.error().message.contains(u"SSL_CA"), qPrintable(r.error().message));
        QVERIFY(!listener.waitForNewConnection(200));
    }

    void tlsWithTheServersCaAndNameConnects_data()
    {
        QTest::addColumn<QString>("options");
        QTest::newRow("SSL_CA") << QStringLiteral("SSL_CA=%1;MYSQL_OPT_CONNECT_TIMEOUT=5");
        // Qt 6.4's driver ignores this spelling; it must still reach the driver as SSL_CA.
        QTest::newRow("MYSQL_OPT_SSL_CA") << QStringLiteral("MYSQL_OPT_SSL_CA=%1;MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE");
    }

    void tlsWithTheServersCaAndNameConnects()
    {
        QFETCH(QString, options);
        OrdersSource::Config c = config();
        c.requireTls = true;
        c.connectOptions = options.arg(file(QStringLiteral("test-ca.pem")));
        c.tlsPeerName = QStringLiteral("db.example.com");
        OrdersSource source(c);
        auto r = fetch(source, 3901122, QStringLiteral("jane@example.com"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value().size(), std::size_t(3));
    }

    void untrustedCertificateGetsNoPassword_data()
    {
        QTest::addColumn<QString>("ca");
        QTest::addColumn<QString>("peerName");
        QTest::newRow("another CA") << QStringLiteral("other-ca.pem") << QStringLiteral("db.example.com");
        // The driver checks the chain only: a certificate of the right CA for another name passes it.
        QTest::newRow("another name") << QStringLiteral("test-ca.pem") << QString();
        QTest::newRow("another name, by the option") << QStringLiteral("test-ca.pem") << QStringLiteral("orders.example.com");
    }

    void untrustedCertificateGetsNoPassword()
    {
        QFETCH(QString, ca);
        QFETCH(QString, peerName);
        const int before = supportLogins();
        QVERIFY(before >= 0);
        OrdersSource::Config c = config();
        c.requireTls = true;
        c.connectOptions = QStringLiteral("SSL_CA=") + file(ca);
        c.tlsPeerName = peerName;
        OrdersSource source(c);
        auto r = fetch(source, 3901122, QString());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
        QVERIFY2(r.error().message.contains(u"not trusted"), qPrintable(r.error().message));
        QTest::qWait(300);                 // the general log is written as the server goes
        QCOMPARE(supportLogins(), before); // the server never saw a login
    }

    void wrongPasswordIsAuthAndNoServerIsNetwork()
    {
        OrdersSource::Config c = config();
        c.password = QStringLiteral("wrong");
        OrdersSource denied(c);
        auto r = fetch(denied, 1, QString());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        c = config();
        c.port = 1;
        OrdersSource nobody(c);
        auto n = fetch(nobody, 1, QString());
        QVERIFY(!n.ok());
        QCOMPARE(n.error().kind, Error::Kind::Network);
    }

    void demoWorkspaceOrdersFromSqlite()
    {
        testsupport::TestWorkspace ws(100, 3);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        qint64 user = 0;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(ws.path());
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT zendesk_user_id FROM shop_orders WHERE tracking_number IS NOT NULL LIMIT 1")) &&
                    q.next());
            user = q.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        OrdersSource::Config c;
        c.driver = QStringLiteral("QSQLITE");
        c.databaseName = ws.path();
        OrdersSource source(c);
        auto r = fetch(source, user, QString());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY(!r.value().empty());
        QVERIFY(!r.value().front().items.empty());
    }
};

QTEST_GUILESS_MAIN(OrdersSourceTest)
#include "orderssource_test.moc"
