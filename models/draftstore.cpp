#include "draftstore.h"

#include "sqlconnection.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::models {

namespace {

// Qt binds a null QString as SQL NULL; the draft's text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

Result<std::optional<Draft>> DraftStore::draft(qint64 ticketId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT body, public, submit_status, assignee_id, group_id, add_tags, remove_tags, macro_id, suggested_body,"
                             " updated_at FROM drafts WHERE ticket_id = ?"));
    q.bindValue(0, ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading a draft"), q);
    if (!q.next())
        return std::optional<Draft>();
    Draft d;
    d.ticketId = ticketId;
    d.body = q.value(0).toString();
    d.isPublic = q.value(1).toBool();
    d.submitStatus = q.value(2).toString();
    d.assigneeId = q.value(3).toLongLong();
    d.groupId = q.value(4).toLongLong();
    d.addTags = q.value(5).toString().split(u' ', Qt::SkipEmptyParts);
    d.removeTags = q.value(6).toString().split(u' ', Qt::SkipEmptyParts);
    d.macroId = q.value(7).toLongLong();
    d.suggestedBody = q.value(8).toString();
    d.updatedAt = q.value(9).toLongLong();
    return std::optional<Draft>(std::move(d));
}

Result<void> DraftStore::save(const Draft &d)
{
    if (d.isEmpty())
        return remove(d.ticketId);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO drafts(ticket_id, body, public, submit_status, assignee_id, group_id, add_tags, remove_tags,"
                             " macro_id, suggested_body, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT(ticket_id) DO UPDATE SET body = excluded.body, public = excluded.public,"
                             " submit_status = excluded.submit_status, assignee_id = excluded.assignee_id, group_id = excluded.group_id,"
                             " add_tags = excluded.add_tags, remove_tags = excluded.remove_tags, macro_id = excluded.macro_id,"
                             " suggested_body = excluded.suggested_body, updated_at = excluded.updated_at"));
    q.bindValue(0, d.ticketId);
    q.bindValue(1, text(d.body));
    q.bindValue(2, d.isPublic ? 1 : 0);
    q.bindValue(3, text(d.submitStatus));
    q.bindValue(4, d.assigneeId);
    q.bindValue(5, d.groupId);
    q.bindValue(6, text(d.addTags.join(u' ')));
    q.bindValue(7, text(d.removeTags.join(u' ')));
    q.bindValue(8, d.macroId);
    q.bindValue(9, text(d.suggestedBody));
    q.bindValue(10, d.updatedAt > 0 ? d.updatedAt : QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return sqlError(QStringLiteral("saving a draft"), q);
    return {};
}

Result<void> DraftStore::remove(qint64 ticketId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM drafts WHERE ticket_id = ?"));
    q.bindValue(0, ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("removing a draft"), q);
    return {};
}

} // namespace cosmicdesk::models
