#pragma once

#include "http.h"

#include <QSqlDatabase>
#include <QString>

class QSqlError;

namespace cosmicdesk::connectors {

// A MySQL server (RDS) reached through Qt Sql's QMYSQL driver, or a local SQLite file in the demo.
struct SqlServerConfig
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
};

// One named connection to such a server, opened on first use by the thread that uses it (Qt Sql
// blocks: callers are worker threads), reopened after it was lost, removed when this object dies.
class SqlServerConnection
{
public:
    // `what` names the server in messages: "the orders database".
    SqlServerConnection(SqlServerConfig config, QString what, const QString &namePrefix);
    ~SqlServerConnection();
    SqlServerConnection(const SqlServerConnection &) = delete;
    SqlServerConnection &operator=(const SqlServerConnection &) = delete;

    const SqlServerConfig &config() const { return m_config; }
    bool isSqlite() const { return m_config.driver == u"QSQLITE"; }
    // Opens the connection when it is not open: Auth for a refused login, Network when the server
    // cannot be reached, Config for TLS that does not hold.
    Result<void> open();
    QSqlDatabase db() const;
    // A failed statement as an error: a lost connection is Network (and closed, to be reopened), the rest Config.
    Error failed(const QString &what, const QSqlError &e);

private:
    Result<void> verifyServerCertificate(const void *tlsOptions);

    SqlServerConfig m_config;
    QString m_what;
    QString m_name;
};

} // namespace cosmicdesk::connectors
