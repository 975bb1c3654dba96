#include "auditlog.h"

#include "sqlconnection.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <vector>

namespace cosmicdesk::models {

namespace {

QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

} // namespace

Result<qint64> AuditLog::append(AuditEntry e)
{
    if (e.at == 0)
        e.at = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO audit_log(at, actor, origin, action, ticket_id, rule, detail, result, outbox_id)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bindValue(0, e.at);
    q.bindValue(1, text(e.actor));
    q.bindValue(2, e.origin.isEmpty() ? QStringLiteral("agent") : e.origin);
    q.bindValue(3, text(e.action));
    q.bindValue(4, e.ticketId);
    q.bindValue(5, text(e.rule));
    q.bindValue(6, text(e.detail));
    q.bindValue(7, text(e.result));
    q.bindValue(8, e.outboxId);
    if (!q.exec())
        return sqlError(QStringLiteral("writing the audit log"), q);
    return q.lastInsertId().toLongLong();
}

Result<std::vector<AuditEntry>> AuditLog::entries(const AuditQuery &query) const
{
    QString where = QStringLiteral("WHERE at >= ?");
    QVariantList values{query.since};
    if (query.until > 0) {
        where += QStringLiteral(" AND at <= ?");
        values << query.until;
    }
    if (query.ticketId != 0) {
        where += QStringLiteral(" AND ticket_id = ?");
        values << query.ticketId;
    }
    if (!query.actor.isEmpty()) {
        where += QStringLiteral(" AND actor = ?");
        values << query.actor;
    }
    if (!query.action.isEmpty()) {
        where += QStringLiteral(" AND action = ?");
        values << query.action;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at, actor, origin, action, ticket_id, rule, detail, result, outbox_id FROM audit_log %1"
                             " ORDER BY at DESC, id DESC LIMIT ?")
                  .arg(where));
    int i = 0;
    for (const QVariant &v : values)
        q.bindValue(i++, v);
    q.bindValue(i, std::max(1, query.limit));
    if (!q.exec())
        return sqlError(QStringLiteral("reading the audit log"), q);
    std::vector<AuditEntry> out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString(),
                       q.value(4).toString(), q.value(5).toLongLong(), q.value(6).toString(), q.value(7).toString(), q.value(8).toString(),
                       q.value(9).toLongLong()});
    return out;
}

Result<int> AuditLog::purge(qint64 before)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM audit_log WHERE at < ?"));
    q.bindValue(0, before);
    if (!q.exec())
        return sqlError(QStringLiteral("purging the audit log"), q);
    return q.numRowsAffected();
}

Result<AuditLog::HandlingTime> AuditLog::handlingTime(qint64 sinceMs, qint64 gapCapMs) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT actor, at, ticket_id FROM audit_log WHERE origin = 'agent' AND ticket_id <> 0 AND at >= ?"
                             " AND action IN ('reply', 'note', 'macro', 'status', 'assign', 'tags', 'suggestion') ORDER BY actor, at"));
    q.bindValue(0, sinceMs);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the agents' handling time"), q);
    std::vector<double> gaps;
    QString actor;
    qint64 lastAt = 0, lastTicket = 0;
    while (q.next()) {
        const QString who = q.value(0).toString();
        const qint64 at = q.value(1).toLongLong(), ticket = q.value(2).toLongLong();
        if (who == actor && ticket != lastTicket && at - lastAt > 0 && at - lastAt <= gapCapMs)
            gaps.push_back(double(at - lastAt) / 1000.0);
        if (who != actor || ticket != lastTicket) {
            actor = who;
            lastTicket = ticket;
        }
        lastAt = at;
    }
    HandlingTime h;
    h.samples = qint64(gaps.size());
    if (!gaps.empty()) {
        const auto mid = gaps.begin() + std::ptrdiff_t(gaps.size() / 2);
        std::nth_element(gaps.begin(), mid, gaps.end());
        h.medianSecs = *mid;
    }
    return h;
}

} // namespace cosmicdesk::models
