#include "savedviews.h"

#include "sqlconnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace cosmicdesk::models {

QString SavedFilter::toJson() const
{
    QJsonObject o;
    if (!filter.text.isEmpty())
        o[QLatin1String("text")] = filter.text;
    if (filter.priorityMask)
        o[QLatin1String("priorities")] = int(filter.priorityMask);
    if (filter.statusMask)
        o[QLatin1String("statuses")] = int(filter.statusMask);
    if (!filter.teams.isEmpty())
        o[QLatin1String("teams")] = QJsonArray::fromStringList(filter.teams);
    if (filter.flags)
        o[QLatin1String("flags")] = qint64(filter.flags);
    if (mine)
        o[QLatin1String("mine")] = true;
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

SavedFilter SavedFilter::fromJson(const QString &json)
{
    SavedFilter f;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    f.filter.text = o.value(QLatin1String("text")).toString();
    f.filter.priorityMask = static_cast<quint8>(o.value(QLatin1String("priorities")).toInt() & 0x1F);
    f.filter.statusMask = static_cast<quint8>(o.value(QLatin1String("statuses")).toInt() & 0x7F);
    for (const QJsonValue &t : o.value(QLatin1String("teams")).toArray())
        if (t.isString())
            f.filter.teams << t.toString();
    f.filter.flags = static_cast<quint32>(o.value(QLatin1String("flags")).toInteger() & 0x3F); // every QueueFilter::Flag
    f.mine = o.value(QLatin1String("mine")).toBool();
    return f;
}

namespace {

Result<int> nextPosition(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(position), -1) + 1 FROM saved_views")) || !q.next())
        return sqlError(QStringLiteral("reading the saved views"), q);
    return q.value(0).toInt();
}

Result<qint64> insert(const QSqlDatabase &db, const QString &name, int position, const SavedFilter &filter)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO saved_views(name, position, filter) VALUES (?, ?, ?)"));
    q.bindValue(0, name);
    q.bindValue(1, position);
    q.bindValue(2, filter.toJson());
    if (!q.exec())
        return sqlError(QStringLiteral("saving the view \"%1\"").arg(name), q);
    return q.lastInsertId().toLongLong();
}

} // namespace

Result<std::vector<SavedView>> SavedViewStore::list(const std::vector<SavedView> &defaults)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.bindValue(0, QString::fromLatin1(kSeededKey));
    if (!q.exec())
        return sqlError(QStringLiteral("reading the saved views"), q);
    if (!q.next() && !defaults.empty()) {
        Transaction tx(m_db);
        int position = 0;
        for (const SavedView &v : defaults)
            if (auto r = insert(m_db, v.name, position++, v.filter); !r.ok())
                return r.error();
        QSqlQuery mark(m_db);
        mark.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING"));
        mark.bindValue(0, QString::fromLatin1(kSeededKey));
        if (!mark.exec())
            return sqlError(QStringLiteral("saving the built-in views"), mark);
        if (auto c = tx.commit(); !c.ok())
            return c.error();
    }
    QSqlQuery all(m_db);
    all.setForwardOnly(true);
    if (!all.exec(QStringLiteral("SELECT id, name, position, filter FROM saved_views ORDER BY position, id")))
        return sqlError(QStringLiteral("reading the saved views"), all);
    std::vector<SavedView> out;
    while (all.next())
        out.push_back(
            {all.value(0).toLongLong(), all.value(1).toString(), all.value(2).toInt(), SavedFilter::fromJson(all.value(3).toString())});
    return out;
}

Result<qint64> SavedViewStore::add(const QString &name, const SavedFilter &filter)
{
    auto position = nextPosition(m_db);
    if (!position.ok())
        return position.error();
    return insert(m_db, name, position.value(), filter);
}

Result<bool> SavedViewStore::rename(qint64 id, const QString &name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE saved_views SET name = ? WHERE id = ?"));
    q.bindValue(0, name);
    q.bindValue(1, id);
    if (!q.exec())
        return sqlError(QStringLiteral("renaming the view"), q);
    return q.numRowsAffected() > 0;
}

Result<bool> SavedViewStore::setFilter(qint64 id, const SavedFilter &filter)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE saved_views SET filter = ? WHERE id = ?"));
    q.bindValue(0, filter.toJson());
    q.bindValue(1, id);
    if (!q.exec())
        return sqlError(QStringLiteral("saving the view's filter"), q);
    return q.numRowsAffected() > 0;
}

Result<bool> SavedViewStore::remove(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM saved_views WHERE id = ?"));
    q.bindValue(0, id);
    if (!q.exec())
        return sqlError(QStringLiteral("deleting the view"), q);
    return q.numRowsAffected() > 0;
}

Result<void> SavedViewStore::reorder(const std::vector<qint64> &ids)
{
    auto current = list();
    if (!current.ok())
        return current.error();
    std::vector<qint64> order;
    for (qint64 id : ids)
        if (std::any_of(current.value().begin(), current.value().end(), [id](const SavedView &v) { return v.id == id; }) &&
            std::find(order.begin(), order.end(), id) == order.end())
            order.push_back(id);
    for (const SavedView &v : current.value())
        if (std::find(order.begin(), order.end(), v.id) == order.end())
            order.push_back(v.id);
    Transaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE saved_views SET position = ? WHERE id = ?"));
    for (std::size_t i = 0; i < order.size(); ++i) {
        q.bindValue(0, static_cast<int>(i));
        q.bindValue(1, order[i]);
        if (!q.exec())
            return sqlError(QStringLiteral("reordering the views"), q);
    }
    return tx.commit();
}

} // namespace cosmicdesk::models
