#include "alertstore.h"

#include "sqlconnection.h"

#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::models {

Result<std::optional<Alert>> AlertStore::raise(Alert a, OutboxEntry entry, int capPerHour, qint64 now)
{
    Transaction tx(m_db);
    if (!tx.isActive())
        return sqlError(QStringLiteral("starting an alert"), m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM alerts WHERE ticket_id = ? AND kind = ? AND level = ? AND channel = ?"));
    q.addBindValue(a.ticketId);
    q.addBindValue(a.kind);
    q.addBindValue(a.level);
    q.addBindValue(a.channel);
    if (!q.exec())
        return sqlError(QStringLiteral("checking the alerts of ticket %1").arg(a.ticketId), q);
    if (q.next())
        return std::optional<Alert>();
    QSqlQuery c(m_db);
    c.prepare(QStringLiteral("SELECT count(*) FROM alerts WHERE created_at > ? AND state <> 'suppressed'"));
    c.addBindValue(now - 3600);
    if (!c.exec() || !c.next())
        return sqlError(QStringLiteral("counting the last hour's alerts"), c);
    a.createdAt = now;
    if (capPerHour >= 0 && c.value(0).toInt() >= capPerHour) {
        a.state = QStringLiteral("suppressed");
        a.reason = QStringLiteral("%1 alerts were sent in the last hour (the cap is %2)").arg(c.value(0).toInt()).arg(capPerHour);
    } else {
        a.state = QStringLiteral("queued");
        entry.ticketId = a.ticketId;
        entry.actor = QStringLiteral("automation");
        entry.rule = a.kind + QStringLiteral("-alert");
        entry.summary = QStringLiteral("%1 alert (%2) to %3")
                            .arg(a.kind == u"guardian" ? QStringLiteral("Guardian") : QStringLiteral("Opportunity"), a.level, a.recipient);
        OutboxStore outbox(m_db);
        auto id = outbox.enqueue(entry);
        if (!id.ok())
            return id.error();
        a.outboxId = id.value();
    }
    QSqlQuery ins(m_db);
    ins.prepare(QStringLiteral("INSERT INTO alerts(ticket_id, kind, level, channel, recipient, subject, body, state, reason, created_at,"
                               " outbox_id) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const auto text = [](const QString &s) { return s.isEmpty() ? QStringLiteral("") : s; }; // NOT NULL columns: '' for none
    for (const QVariant &v : {QVariant(a.ticketId), QVariant(text(a.kind)), QVariant(text(a.level)), QVariant(text(a.channel)),
                              QVariant(text(a.recipient)), QVariant(text(a.subject)), QVariant(text(a.body)), QVariant(text(a.state)),
                              QVariant(text(a.reason)), QVariant(a.createdAt), QVariant(a.outboxId)})
        ins.addBindValue(v);
    if (!ins.exec())
        return sqlError(QStringLiteral("storing the alert of ticket %1").arg(a.ticketId), ins);
    a.id = ins.lastInsertId().toLongLong();
    if (auto done = tx.commit(); !done.ok())
        return done.error();
    return std::optional<Alert>(a);
}

Result<std::vector<Alert>> AlertStore::recent(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT a.id, a.ticket_id, a.kind, a.level, a.channel, a.recipient, a.subject, a.body, a.state, a.reason,"
                             " a.created_at, a.outbox_id, o.state, o.last_error FROM alerts a LEFT JOIN outbox o ON o.id = a.outbox_id"
                             " ORDER BY a.id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the alerts"), q);
    std::vector<Alert> out;
    while (q.next()) {
        Alert a;
        a.id = q.value(0).toLongLong();
        a.ticketId = q.value(1).toLongLong();
        a.kind = q.value(2).toString();
        a.level = q.value(3).toString();
        a.channel = q.value(4).toString();
        a.recipient = q.value(5).toString();
        a.subject = q.value(6).toString();
        a.body = q.value(7).toString();
        a.state = q.value(8).toString();
        a.reason = q.value(9).toString();
        a.createdAt = q.value(10).toLongLong();
        a.outboxId = q.value(11).toLongLong();
        if (a.state != u"suppressed" && !q.value(12).isNull()) {
            switch (static_cast<OutboxState>(q.value(12).toInt())) {
            case OutboxState::Done: a.state = QStringLiteral("sent"); break;
            case OutboxState::Dead:
            case OutboxState::Dropped:
                a.state = QStringLiteral("failed");
                a.reason = q.value(13).toString();
                break;
            default: a.state = QStringLiteral("queued"); break;
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<qint64> AlertStore::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM alerts")) || !q.next())
        return sqlError(QStringLiteral("counting the alerts"), q);
    return q.value(0).toLongLong();
}

} // namespace cosmicdesk::models
