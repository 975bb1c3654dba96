#include "mariadbserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

namespace cosmicdesk::sandbox {

MariaDbServer::MariaDbServer() : m_dir(std::make_unique<QTemporaryDir>()) {}

MariaDbServer::~MariaDbServer()
{
    stop();
}

QString MariaDbServer::dir() const
{
    return m_dir->path();
}

QString MariaDbServer::start(const QStringList &extraArgs)
{
    if (!m_dir->isValid())
        return QStringLiteral("no temporary folder for the database");
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return QStringLiteral("no free port on 127.0.0.1");
    m_port = probe.serverPort();
    probe.close();
    const QString data = m_dir->filePath(QStringLiteral("data"));
    m_socket = m_dir->filePath(QStringLiteral("mysqld.sock"));
    // A temporary folder of its own: servers of tests running side by side never share /tmp's
    // "#sql-temptable-…" files.
    const QString tmp = m_dir->filePath(QStringLiteral("tmp"));
    if (!QDir().mkpath(tmp))
        return QStringLiteral("no temporary folder for the database");
    QProcess install;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmp);
    install.setProcessEnvironment(env);
    install.start(QStringLiteral("mariadb-install-db"),
                  {QStringLiteral("--no-defaults"), QStringLiteral("--datadir=") + data, QStringLiteral("--user=root"),
                   QStringLiteral("--auth-root-authentication-method=socket")});
    if (!install.waitForFinished(120000) || install.exitCode() != 0)
        return QStringLiteral("mariadb-install-db failed (scripts/setup installs mariadb-server): %1")
            .arg(QString::fromUtf8(install.readAllStandardError()).trimmed());
    QStringList args = {QStringLiteral("--no-defaults"),
                        QStringLiteral("--datadir=") + data,
                        QStringLiteral("--socket=") + m_socket,
                        QStringLiteral("--port=%1").arg(m_port),
                        QStringLiteral("--bind-address=127.0.0.1"),
                        QStringLiteral("--user=root"),
                        QStringLiteral("--skip-log-bin"),
                        QStringLiteral("--tmpdir=") + tmp,
                        QStringLiteral("--innodb-flush-log-at-trx-commit=2"),
                        QStringLiteral("--log-error=") + m_dir->filePath(QStringLiteral("error.log"))};
    args += extraArgs;
    if (!QProcess::startDetached(QStringLiteral("mariadbd"), args))
        return QStringLiteral("mariadbd could not be started");
    const QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (admin(QStringLiteral("SELECT 1")).isEmpty()) {
            m_up = true;
            return {};
        }
        QThread::msleep(200);
    }
    return QStringLiteral("mariadbd did not come up in 60 s");
}

void MariaDbServer::stop()
{
    if (!m_up)
        return;
    QProcess stop;
    stop.start(QStringLiteral("mariadb-admin"), {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_socket,
                                                 QStringLiteral("-uroot"), QStringLiteral("shutdown")});
    stop.waitForFinished(60000);
    m_up = false;
}

QString MariaDbServer::admin(const QString &sql) const
{
    QProcess p;
    p.start(QStringLiteral("mariadb"),
            {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_socket, QStringLiteral("-uroot"), QStringLiteral("-e"), sql});
    if (!p.waitForFinished(60000))
        return QStringLiteral("the mariadb client did not finish");
    return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError()).trimmed();
}

QString MariaDbServer::scalar(const QString &sql) const
{
    QProcess p;
    p.start(QStringLiteral("mariadb"), {QStringLiteral("--no-defaults"), QStringLiteral("--socket=") + m_socket, QStringLiteral("-uroot"),
                                        QStringLiteral("-N"), QStringLiteral("-B"), QStringLiteral("-e"), sql});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput()).section(u'\n', 0, 0).section(u'\t', 0, 0).trimmed();
}

QString MariaDbServer::createDatabase(const QString &database, const QString &user, const QString &password) const
{
    return admin(QStringLiteral("CREATE DATABASE IF NOT EXISTS %1; CREATE USER IF NOT EXISTS '%2'@'127.0.0.1' IDENTIFIED BY '%3';"
                                " GRANT ALL ON %1.* TO '%2'@'127.0.0.1';")
                     .arg(database, user, password));
}

} // namespace cosmicdesk::sandbox
