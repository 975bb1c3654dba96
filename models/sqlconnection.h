#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace cosmicdesk::models {

// One named Qt Sql connection to a SQLite file, owned by the thread that opened it and closed and
// removed when this object dies. Every thread that touches a store opens its own.
class SqlConnection
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    static Result<SqlConnection> open(const QString &path, Mode mode = Mode::ReadWrite);

    SqlConnection(SqlConnection &&other) noexcept;
    SqlConnection &operator=(SqlConnection &&other) noexcept;
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;
    ~SqlConnection();

    QSqlDatabase db() const;
    const QString &path() const { return m_path; }

    // Runs one statement; on failure returns a Storage error naming the statement.
    Result<void> exec(const QString &sql) const;

private:
    SqlConnection(QString name, QString path);
    void close();

    QString m_name;
    QString m_path;
};

// A write transaction (BEGIN IMMEDIATE) that rolls back unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    Result<void> commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

// A Storage error carrying the driver's text and what we were doing.
Error sqlError(const QString &what, const QSqlQuery &query);
Error sqlError(const QString &what, const QSqlDatabase &db);

} // namespace cosmicdesk::models
