#include "customercache.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cosmicdesk::models {

namespace {

Error failed(const QString &what, const QSqlQuery &q)
{
    return Error::make(Error::Kind::Storage, QStringLiteral("%1: %2").arg(what, q.lastError().text()));
}

} // namespace

Result<std::optional<CustomerCache::Entry>> CustomerCache::get(const QString &subject, const QString &section) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT fetched_at, payload FROM customer_cache WHERE subject = ? AND section = ?"));
    q.bindValue(0, subject);
    q.bindValue(1, section);
    if (!q.exec())
        return failed(QStringLiteral("reading the customer cache"), q);
    if (!q.next())
        return std::optional<Entry>();
    return std::optional<Entry>(Entry{q.value(0).toLongLong(), q.value(1).toByteArray()});
}

Result<void> CustomerCache::put(const QString &subject, const QString &section, qint64 fetchedAt, const QByteArray &payload)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO customer_cache(subject, section, fetched_at, payload) VALUES(?, ?, ?, ?)"
                             " ON CONFLICT(subject, section) DO UPDATE SET fetched_at = excluded.fetched_at, payload = excluded.payload"));
    q.bindValue(0, subject);
    q.bindValue(1, section);
    q.bindValue(2, fetchedAt);
    q.bindValue(3, QString::fromUtf8(payload));
    if (!q.exec())
        return failed(QStringLiteral("writing the customer cache"), q);
    return {};
}

} // namespace cosmicdesk::models
