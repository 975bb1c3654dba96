#pragma once

#include "result.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace cosmicdesk::models {

// The customer view's last answer per subject ("user:3901122") and section ("crm", "payments",
// "orders", "shipments"), as JSON with the time it was fetched.
class CustomerCache
{
public:
    explicit CustomerCache(QSqlDatabase db) : m_db(std::move(db)) {}

    struct Entry
    {
        qint64 fetchedAt = 0;
        QByteArray payload;
    };
    Result<std::optional<Entry>> get(const QString &subject, const QString &section) const;
    Result<void> put(const QString &subject, const QString &section, qint64 fetchedAt, const QByteArray &payload);

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
