#pragma once

#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;

namespace cosmicdesk::sandbox {

// A throwaway MariaDB server, RDS's stand-in for tests and the lake benchmark: a fresh data
// directory (mariadb-install-db), mariadbd on 127.0.0.1 at a free port with its own socket, stopped
// and deleted with this object. Blocks while it starts and stops (tests and benchmarks only).
class MariaDbServer
{
public:
    MariaDbServer();
    ~MariaDbServer();
    MariaDbServer(const MariaDbServer &) = delete;
    MariaDbServer &operator=(const MariaDbServer &) = delete;

    // Empty on success, else what went wrong. `extraArgs` go to mariadbd (TLS files, logs).
    QString start(const QStringList &extraArgs = {});
    void stop();
    bool isRunning() const { return m_up; }
    int port() const { return m_port; }
    QString socket() const { return m_socket; }
    QString dir() const;
    // Runs SQL as root over the socket; empty on success, else the client's error text.
    QString admin(const QString &sql) const;
    // Runs a query as root and returns its first column's first value ("" when none or failed).
    QString scalar(const QString &sql) const;
    // A database and a user that may do everything in it, for the app to log in with.
    QString createDatabase(const QString &database, const QString &user, const QString &password) const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_socket;
    int m_port = 0;
    bool m_up = false;
};

} // namespace cosmicdesk::sandbox
