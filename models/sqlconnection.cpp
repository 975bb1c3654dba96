#include "sqlconnection.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace cosmicdesk::models {

namespace {
QAtomicInteger<quint64> g_connectionCounter;
}

Result<SqlConnection> SqlConnection::open(const QString &path, Mode mode)
{
    if (path.isEmpty())
        return Error::make(Error::Kind::Config, QStringLiteral("No database file was given."));
    const QString name = QStringLiteral("cosmicdesk-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    SqlConnection conn(name, path);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000");
        if (mode == Mode::ReadOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(options);
        if (!db.open())
            return sqlError(QStringLiteral("opening %1").arg(QFileInfo(path).fileName()), db);
    }
    // A file that is not SQLite only fails on its first read: check here, before anything writes.
    {
        QSqlQuery probe(conn.db());
        if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")))
            return Error::make(
                Error::Kind::Storage,
                QStringLiteral("%1 is not a CosmicDesk workspace (%2).").arg(QFileInfo(path).fileName(), probe.lastError().databaseText()));
    }
    if (mode == Mode::ReadWrite) {
        // Per-connection settings only: switching the file to WAL is the store's decision, made after
        // it has checked that it may write this file at all.
        for (const char *pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"}) {
            if (auto r = conn.exec(QString::fromLatin1(pragma)); !r.ok())
                return r.error();
        }
    }
    return conn;
}

SqlConnection::SqlConnection(QString name, QString path) : m_name(std::move(name)), m_path(std::move(path)) {}

SqlConnection::SqlConnection(SqlConnection &&other) noexcept
    : m_name(std::exchange(other.m_name, QString())), m_path(std::move(other.m_path))
{
}

SqlConnection &SqlConnection::operator=(SqlConnection &&other) noexcept
{
    if (this != &other) {
        close();
        m_name = std::exchange(other.m_name, QString());
        m_path = std::move(other.m_path);
    }
    return *this;
}

SqlConnection::~SqlConnection()
{
    close();
}

void SqlConnection::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

QSqlDatabase SqlConnection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

Result<void> SqlConnection::exec(const QString &sql) const
{
    QSqlQuery q(db());
    if (!q.exec(sql))
        return sqlError(sql.left(60), q);
    return {};
}

Transaction::Transaction(const QSqlDatabase &db) : m_db(db)
{
    // IMMEDIATE takes the write lock at the start (waiting out the busy timeout), so that a
    // transaction that reads before it writes cannot fail halfway when another thread's connection
    // committed meanwhile (WAL refuses to upgrade a stale read to a write).
    QSqlQuery begin(m_db);
    m_active = begin.exec(QStringLiteral("BEGIN IMMEDIATE"));
}

Transaction::~Transaction()
{
    if (m_active)
        m_db.rollback();
}

Result<void> Transaction::commit()
{
    if (!m_active)
        return sqlError(QStringLiteral("starting a transaction"), m_db);
    m_active = false;
    if (!m_db.commit()) {
        Error e = sqlError(QStringLiteral("committing"), m_db);
        m_db.rollback();
        return e;
    }
    return {};
}

Error sqlError(const QString &what, const QSqlQuery &query)
{
    return Error::make(Error::Kind::Storage, QStringLiteral("Database error while %1: %2").arg(what, query.lastError().text()));
}

Error sqlError(const QString &what, const QSqlDatabase &db)
{
    return Error::make(Error::Kind::Storage, QStringLiteral("Database error while %1: %2").arg(what, db.lastError().text()));
}

} // namespace cosmicdesk::models
