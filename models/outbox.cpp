#include "outbox.h"

#include "sqlconnection.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace cosmicdesk::models {

QString outboxStateName(OutboxState s)
{
    switch (s) {
    case OutboxState::Queued: return QStringLiteral("queued");
    case OutboxState::InFlight: return QStringLiteral("in_flight");
    case OutboxState::Done: return QStringLiteral("done");
    case OutboxState::Dead: return QStringLiteral("dead");
    case OutboxState::Conflict: return QStringLiteral("conflict");
    case OutboxState::Dropped: break;
    }
    return QStringLiteral("dropped");
}

bool isWaiting(OutboxState s)
{
    return s == OutboxState::Queued || s == OutboxState::InFlight || s == OutboxState::Conflict || s == OutboxState::Dead;
}

namespace {

const QString kColumns = QStringLiteral("id, destination, kind, ticket_id, order_key, payload, idempotency_key, summary, actor, rule,"
                                        " batch_key, state, attempts, created_at, next_attempt_at, finished_at, maybe_sent, base_stamp,"
                                        " last_status, last_error, detail");

OutboxEntry read(const QSqlQuery &q)
{
    OutboxEntry e;
    e.id = q.value(0).toLongLong();
    e.destination = q.value(1).toString();
    e.kind = q.value(2).toString();
    e.ticketId = q.value(3).toLongLong();
    e.orderKey = q.value(4).toString();
    e.payload = q.value(5).toByteArray();
    e.idempotencyKey = q.value(6).toString();
    e.summary = q.value(7).toString();
    e.actor = q.value(8).toString();
    e.rule = q.value(9).toString();
    e.batchKey = q.value(10).toString();
    e.state = static_cast<OutboxState>(q.value(11).toInt());
    e.attempts = q.value(12).toInt();
    e.createdAt = q.value(13).toLongLong();
    e.nextAttemptAt = q.value(14).toLongLong();
    e.finishedAt = q.value(15).toLongLong();
    e.maybeSent = q.value(16).toBool();
    e.baseStamp = q.value(17).toLongLong();
    e.lastStatus = q.value(18).toInt();
    e.lastError = q.value(19).toString();
    e.detail = q.value(20).toByteArray();
    return e;
}

Result<std::vector<OutboxEntry>> select(const QSqlDatabase &db, const QString &where, const QVariantList &values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM outbox %2").arg(kColumns, where)))
        return sqlError(QStringLiteral("reading the outbox"), q);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the outbox"), q);
    std::vector<OutboxEntry> out;
    while (q.next())
        out.push_back(read(q));
    return out;
}

QString waitingStates()
{
    return QStringLiteral("(%1, %2, %3, %4)")
        .arg(int(OutboxState::Queued))
        .arg(int(OutboxState::InFlight))
        .arg(int(OutboxState::Conflict))
        .arg(int(OutboxState::Dead));
}

// Qt binds a null QString as SQL NULL; the outbox's text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Result<qint64> OutboxStore::enqueue(OutboxEntry &e)
{
    if (e.destination.isEmpty() || e.kind.isEmpty())
        return Error::make(Error::Kind::Config, QStringLiteral("An outgoing change needs a destination and a kind."));
    if (e.createdAt == 0)
        e.createdAt = nowMs();
    if (e.idempotencyKey.isEmpty())
        e.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.state = OutboxState::Queued;
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("INSERT INTO outbox(destination, kind, ticket_id, order_key, payload, idempotency_key, summary, actor,"
                                  " rule, batch_key, state, attempts, created_at, next_attempt_at, maybe_sent, base_stamp)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, 0, ?)")))
        return sqlError(QStringLiteral("queueing a change"), q);
    q.bindValue(0, text(e.destination));
    q.bindValue(1, text(e.kind));
    q.bindValue(2, e.ticketId);
    q.bindValue(3, text(e.orderKey)); // empty: filled with the id below
    q.bindValue(4, e.payload);
    q.bindValue(5, text(e.idempotencyKey));
    q.bindValue(6, text(e.summary));
    q.bindValue(7, text(e.actor));
    q.bindValue(8, text(e.rule));
    q.bindValue(9, text(e.batchKey));
    q.bindValue(10, e.createdAt);
    q.bindValue(11, e.nextAttemptAt);
    q.bindValue(12, e.baseStamp);
    if (!q.exec())
        return sqlError(QStringLiteral("queueing a change"), q);
    e.id = q.lastInsertId().toLongLong();
    if (e.orderKey.isEmpty()) {
        e.orderKey = QStringLiteral("entry:%1").arg(e.id);
        QSqlQuery k(m_db);
        k.prepare(QStringLiteral("UPDATE outbox SET order_key = ? WHERE id = ?"));
        k.bindValue(0, text(e.orderKey));
        k.bindValue(1, e.id);
        if (!k.exec())
            return sqlError(QStringLiteral("queueing a change"), k);
    }
    return e.id;
}

Result<std::vector<OutboxEntry>> OutboxStore::waiting(const QString &destination) const
{
    if (destination.isEmpty())
        return select(m_db, QStringLiteral("WHERE state IN %1 ORDER BY id").arg(waitingStates()), {});
    return select(m_db, QStringLiteral("WHERE state IN %1 AND destination = ? ORDER BY id").arg(waitingStates()), {destination});
}

Result<std::vector<OutboxEntry>> OutboxStore::entriesAfter(qint64 id, const QString &destination) const
{
    if (destination.isEmpty())
        return select(m_db, QStringLiteral("WHERE id > ? ORDER BY id"), {id});
    return select(m_db, QStringLiteral("WHERE id > ? AND destination = ? ORDER BY id"), {id, destination});
}

Result<std::optional<OutboxEntry>> OutboxStore::entry(qint64 id) const
{
    auto r = select(m_db, QStringLiteral("WHERE id = ?"), {id});
    if (!r.ok())
        return r.error();
    if (r.value().empty())
        return std::optional<OutboxEntry>();
    return std::optional<OutboxEntry>(std::move(r.value().front()));
}

Result<std::vector<OutboxEntry>> OutboxStore::recent(int limit, const QString &destination) const
{
    if (destination.isEmpty())
        return select(m_db, QStringLiteral("ORDER BY id DESC LIMIT ?"), {limit});
    return select(m_db, QStringLiteral("WHERE destination = ? ORDER BY id DESC LIMIT ?"), {destination, limit});
}

Result<std::vector<OutboxEntry>> OutboxStore::ofTicket(qint64 ticketId) const
{
    return select(m_db, QStringLiteral("WHERE ticket_id = ? ORDER BY id"), {ticketId});
}

Result<int> OutboxStore::recover()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("UPDATE outbox SET state = %1, maybe_sent = 1 WHERE state = %2")
                    .arg(int(OutboxState::Queued))
                    .arg(int(OutboxState::InFlight))))
        return sqlError(QStringLiteral("recovering the outbox"), q);
    return q.numRowsAffected();
}

Result<void> OutboxStore::markInFlight(const std::vector<qint64> &ids)
{
    if (ids.empty())
        return {};
    Transaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET state = %1, attempts = attempts + 1 WHERE id = ? AND state = %2")
                  .arg(int(OutboxState::InFlight))
                  .arg(int(OutboxState::Queued)));
    for (qint64 id : ids) {
        q.bindValue(0, id);
        if (!q.exec())
            return sqlError(QStringLiteral("sending a change"), q);
    }
    return tx.commit();
}

Result<void> OutboxStore::record(const std::vector<Outcome> &outcomes)
{
    if (outcomes.empty())
        return {};
    QSqlQuery q(m_db);
    // A person may have dropped the change meanwhile: only an entry still in flight takes an outcome.
    q.prepare(QStringLiteral("UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, maybe_sent = ?, last_status = ?,"
                             " last_error = ?, finished_at = ?, detail = ? WHERE id = ? AND state = %1")
                  .arg(int(OutboxState::InFlight)));
    const qint64 now = nowMs();
    for (const Outcome &o : outcomes) {
        const bool finished = o.state == OutboxState::Done || o.state == OutboxState::Dead || o.state == OutboxState::Dropped;
        q.bindValue(0, int(o.state));
        q.bindValue(1, o.attempts);
        q.bindValue(2, o.nextAttemptAt);
        q.bindValue(3, o.maybeSent ? 1 : 0);
        q.bindValue(4, o.httpStatus);
        q.bindValue(5, text(o.error));
        q.bindValue(6, finished ? now : 0);
        q.bindValue(7, o.detail.isNull() ? QByteArray("") : o.detail);
        q.bindValue(8, o.id);
        if (!q.exec())
            return sqlError(QStringLiteral("recording a change's outcome"), q);
    }
    return {};
}

Result<bool> OutboxStore::retryNow(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET state = %1, next_attempt_at = 0, finished_at = 0 WHERE id = ? AND state IN (%1, %2, %3)")
                  .arg(int(OutboxState::Queued))
                  .arg(int(OutboxState::Dead))
                  .arg(int(OutboxState::Conflict)));
    q.bindValue(0, id);
    if (!q.exec())
        return sqlError(QStringLiteral("retrying a change"), q);
    return q.numRowsAffected() > 0;
}

Result<bool> OutboxStore::drop(qint64 id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET state = %1, finished_at = ? WHERE id = ? AND state IN (%2, %3, %4)")
                  .arg(int(OutboxState::Dropped))
                  .arg(int(OutboxState::Queued))
                  .arg(int(OutboxState::Dead))
                  .arg(int(OutboxState::Conflict)));
    q.bindValue(0, nowMs());
    q.bindValue(1, id);
    if (!q.exec())
        return sqlError(QStringLiteral("dropping a change"), q);
    return q.numRowsAffected() > 0;
}

Result<void> OutboxStore::rebaseStamp(const QString &orderKey, qint64 oldStamp, qint64 newStamp)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE outbox SET base_stamp = ? WHERE order_key = ? AND base_stamp = ? AND state IN %1").arg(waitingStates()));
    q.bindValue(0, newStamp);
    q.bindValue(1, orderKey);
    q.bindValue(2, oldStamp);
    if (!q.exec())
        return sqlError(QStringLiteral("updating the outbox"), q);
    return {};
}

Result<void> OutboxStore::setBaseStamp(qint64 id, qint64 stamp)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE outbox SET base_stamp = ? WHERE id = ?"));
    q.bindValue(0, stamp);
    q.bindValue(1, id);
    if (!q.exec())
        return sqlError(QStringLiteral("updating the outbox"), q);
    return {};
}

Result<std::map<QString, OutboxCounts>> OutboxStore::counts() const
{
    std::map<QString, OutboxCounts> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT destination, state, count(*), min(created_at) FROM outbox GROUP BY destination, state")))
        return sqlError(QStringLiteral("counting the outbox"), q);
    while (q.next()) {
        OutboxCounts &c = out[q.value(0).toString()];
        const qint64 n = q.value(2).toLongLong();
        const auto state = static_cast<OutboxState>(q.value(1).toInt());
        switch (state) {
        case OutboxState::Queued: c.queued = n; break;
        case OutboxState::InFlight: c.inFlight = n; break;
        case OutboxState::Done: c.done = n; break;
        case OutboxState::Dead: c.dead = n; break;
        case OutboxState::Conflict: c.conflict = n; break;
        case OutboxState::Dropped: c.dropped = n; break;
        }
        if (state == OutboxState::Queued || state == OutboxState::InFlight) {
            const qint64 oldest = q.value(3).toLongLong();
            if (c.oldestWaitingAt == 0 || oldest < c.oldestWaitingAt)
                c.oldestWaitingAt = oldest;
        }
    }
    QSqlQuery e(m_db);
    e.setForwardOnly(true);
    if (!e.exec(QStringLiteral("SELECT destination, last_error, max(id) FROM outbox WHERE last_error <> '' GROUP BY destination")))
        return sqlError(QStringLiteral("counting the outbox"), e);
    while (e.next())
        out[e.value(0).toString()].lastError = e.value(1).toString();
    return out;
}

Result<std::map<qint64, TicketOutbox>> OutboxStore::ticketStates(const std::vector<qint64> &ticketIds) const
{
    std::map<qint64, TicketOutbox> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QString where = QStringLiteral("WHERE ticket_id <> 0 AND state IN %1").arg(waitingStates());
    if (!ticketIds.empty()) {
        QStringList ids;
        for (qint64 id : ticketIds)
            ids << QString::number(id);
        where += QStringLiteral(" AND ticket_id IN (%1)").arg(ids.join(u','));
    }
    if (!q.exec(QStringLiteral("SELECT ticket_id, state, count(*), min(created_at) FROM outbox %1 GROUP BY ticket_id, state").arg(where)))
        return sqlError(QStringLiteral("reading the outbox"), q);
    while (q.next()) {
        TicketOutbox &t = out[q.value(0).toLongLong()];
        const auto state = static_cast<OutboxState>(q.value(1).toInt());
        const int n = q.value(2).toInt();
        if (state == OutboxState::Queued || state == OutboxState::InFlight) {
            t.waiting += n;
            const qint64 oldest = q.value(3).toLongLong();
            if (t.oldestWaitingAt == 0 || oldest < t.oldestWaitingAt)
                t.oldestWaitingAt = oldest;
        } else {
            t.needsAttention += n;
        }
    }
    return out;
}

Result<int> OutboxStore::purgeFinished(qint64 before)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE state IN (%1, %2) AND finished_at > 0 AND finished_at < ?")
                  .arg(int(OutboxState::Done))
                  .arg(int(OutboxState::Dropped)));
    q.bindValue(0, before);
    if (!q.exec())
        return sqlError(QStringLiteral("purging the outbox"), q);
    return q.numRowsAffected();
}

} // namespace cosmicdesk::models
