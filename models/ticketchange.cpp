#include "ticketchange.h"

#include "auditlog.h"
#include "outbox.h"
#include "sqlconnection.h"
#include "ticketstore.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::models {

using nlohmann::json;

bool TicketChange::changesFields() const
{
    return status || priority || assigneeId || groupId || !addTags.isEmpty() || !removeTags.isEmpty() || !customFields.empty();
}

bool TicketChange::isEmpty() const
{
    return !changesFields() && !comment;
}

QString TicketChange::summary() const
{
    QStringList parts;
    if (comment)
        parts << (commentPublic ? QStringLiteral("Public reply") : QStringLiteral("Internal note"));
    if (status)
        parts << QStringLiteral("status %1").arg(statusName(*status));
    if (priority)
        parts << QStringLiteral("priority %1").arg(priorityText(priority));
    if (assigneeId)
        parts << (*assigneeId ? QStringLiteral("assignee") : QStringLiteral("unassigned"));
    if (groupId)
        parts << QStringLiteral("group");
    for (const QString &t : addTags)
        parts << u'+' + t;
    for (const QString &t : removeTags)
        parts << u'−' + t;
    if (!customFields.empty())
        parts << QStringLiteral("%1 custom field(s)").arg(customFields.size());
    return parts.join(QStringLiteral(" · "));
}

void TicketChange::applyTo(Ticket &t) const
{
    if (status) {
        t.status = *status;
        if (*status == TicketStatus::Solved && t.solvedAt == 0)
            t.solvedAt = QDateTime::currentSecsSinceEpoch();
    }
    if (priority)
        t.priority = priority;
    if (assigneeId)
        t.assigneeId = *assigneeId;
    if (groupId)
        t.groupId = *groupId;
    for (const QString &tag : addTags)
        if (!t.tags.contains(tag))
            t.tags << tag;
    for (const QString &tag : removeTags)
        t.tags.removeAll(tag);
}

json TicketChange::toZendesk() const
{
    json t = json::object();
    if (status)
        t["status"] = statusName(*status).toStdString();
    if (priority)
        t["priority"] = std::string(triage::zendeskPriority(*priority));
    if (assigneeId)
        t["assignee_id"] = *assigneeId == 0 ? json() : json(*assigneeId);
    if (groupId)
        t["group_id"] = *groupId == 0 ? json() : json(*groupId);
    auto list = [](const QStringList &l) {
        json a = json::array();
        for (const QString &s : l)
            a.push_back(s.toStdString());
        return a;
    };
    if (!addTags.isEmpty())
        t["additional_tags"] = list(addTags);
    if (!removeTags.isEmpty())
        t["remove_tags"] = list(removeTags);
    if (!customFields.empty()) {
        json fields = json::array();
        for (const auto &[id, value] : customFields)
            fields.push_back({{"id", id}, {"value", value.isNull() ? json() : json(value.toStdString())}});
        t["custom_fields"] = std::move(fields);
    }
    if (comment)
        t["comment"] = {{"body", comment->toStdString()}, {"public", commentPublic}};
    return t;
}

Result<TicketChange> TicketChange::fromZendesk(const json &t)
{
    auto bad = [](const char *what) {
        return Error::make(Error::Kind::BadPayload, QStringLiteral("A ticket change has %1.").arg(QLatin1String(what)));
    };
    if (!t.is_object())
        return bad("no object");
    TicketChange c;
    if (auto s = t.find("status"); s != t.end()) {
        if (!s->is_string())
            return bad("a status that is no text");
        c.status = parseStatus(QString::fromStdString(s->get<std::string>()));
        if (!c.status)
            return bad("an unknown status");
    }
    if (auto p = t.find("priority"); p != t.end() && !p->is_null()) {
        if (!p->is_string() || !(c.priority = triage::fromZendeskPriority(p->get<std::string>())))
            return bad("an unknown priority");
    }
    auto id = [&](const char *key, std::optional<qint64> &target) -> bool {
        auto v = t.find(key);
        if (v == t.end())
            return true;
        if (v->is_null())
            target = 0;
        else if (v->is_number_integer())
            target = v->get<qint64>();
        else
            return false;
        return true;
    };
    if (!id("assignee_id", c.assigneeId) || !id("group_id", c.groupId))
        return bad("an id that is no number");
    auto strings = [&](const char *key, QStringList &target) -> bool {
        auto v = t.find(key);
        if (v == t.end())
            return true;
        if (!v->is_array())
            return false;
        for (const auto &s : *v) {
            if (!s.is_string())
                return false;
            target << QString::fromStdString(s.get<std::string>());
        }
        return true;
    };
    if (!strings("additional_tags", c.addTags) || !strings("remove_tags", c.removeTags))
        return bad("tags that are no list of text");
    if (auto f = t.find("custom_fields"); f != t.end()) {
        if (!f->is_array())
            return bad("custom fields that are no list");
        for (const auto &field : *f) {
            if (!field.is_object() || !field.contains("id") || !field["id"].is_number_integer())
                return bad("a custom field without an id");
            const json &v = field.value("value", json());
            c.customFields.emplace_back(field["id"].get<qint64>(),
                                        v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString());
        }
    }
    if (auto m = t.find("comment"); m != t.end()) {
        if (!m->is_object() || !m->contains("body") || !(*m)["body"].is_string())
            return bad("a comment without a body");
        c.comment = QString::fromStdString((*m)["body"].get<std::string>());
        c.commentPublic = m->value("public", true);
    }
    return c;
}

namespace {

QString waitingStates()
{
    return QStringLiteral("(%1, %2, %3, %4)")
        .arg(int(OutboxState::Queued))
        .arg(int(OutboxState::InFlight))
        .arg(int(OutboxState::Dead))
        .arg(int(OutboxState::Conflict));
}

} // namespace

Result<bool> hasWaitingTicketChanges(const QSqlDatabase &db)
{
    QSqlQuery any(db);
    if (!any.exec(QStringLiteral("SELECT 1 FROM outbox WHERE state IN %1 AND ticket_id <> 0 LIMIT 1").arg(waitingStates())))
        return sqlError(QStringLiteral("reading the outbox"), any);
    return any.next();
}

Result<void> overlayWaitingChanges(const QSqlDatabase &db, std::vector<Ticket> &tickets)
{
    if (tickets.empty())
        return {};
    const QString waiting = waitingStates();
    std::map<qint64, Ticket *> byId;
    QStringList ids;
    for (Ticket &t : tickets) {
        byId[t.id] = &t;
        ids << QString::number(t.id);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ticket_id, payload FROM outbox WHERE kind = '%1' AND state IN %2 AND ticket_id IN (%3) ORDER BY id")
                    .arg(QLatin1String(kTicketUpdateKind), waiting, ids.join(u','))))
        return sqlError(QStringLiteral("reading the outbox"), q);
    while (q.next()) {
        const QByteArray payload = q.value(1).toByteArray();
        const json j = json::parse(payload.constData(), payload.constData() + payload.size(), nullptr, false);
        auto change = TicketChange::fromZendesk(j);
        if (change.ok())
            change.value().applyTo(*byId[q.value(0).toLongLong()]);
    }
    return {};
}

QString zendeskOrderKey(qint64 ticketId)
{
    return QStringLiteral("zendesk:ticket:%1").arg(ticketId);
}

namespace {

Result<void> writeTicket(QSqlDatabase &db, const Ticket &t)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("UPDATE tickets SET status = ?, priority = ?, assignee_id = ?, group_id = ?, tags = ?, solved_at = ? WHERE id = ?"));
    q.bindValue(0, int(t.status));
    q.bindValue(1, t.priority ? QVariant(int(*t.priority)) : QVariant());
    q.bindValue(2, t.assigneeId ? QVariant(t.assigneeId) : QVariant());
    q.bindValue(3, t.groupId ? QVariant(t.groupId) : QVariant());
    q.bindValue(4, t.tags.join(u' '));
    q.bindValue(5, t.solvedAt ? QVariant(t.solvedAt) : QVariant());
    q.bindValue(6, t.id);
    if (!q.exec())
        return sqlError(QStringLiteral("changing ticket %1").arg(t.id), q);
    return {};
}

Result<qint64> nextLocalCommentId(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT min(0, coalesce(min(id), 0)) - 1 FROM comments")) || !q.next())
        return sqlError(QStringLiteral("adding a comment"), q);
    return q.value(0).toLongLong();
}

} // namespace

Result<std::vector<qint64>> queueTicketChanges(TicketStore &store, const std::vector<std::pair<qint64, TicketChange>> &changes,
                                               const ChangeOrigin &origin, const std::vector<QString> &idempotencyKeys,
                                               const std::function<Result<void>(QSqlDatabase &)> &alsoWrite)
{
    if (!idempotencyKeys.empty() && idempotencyKeys.size() != changes.size())
        return Error::make(Error::Kind::Config, QStringLiteral("One idempotency key per change, or none."));
    QSqlDatabase db = store.db();
    Transaction tx(db);
    if (!tx.isActive())
        return sqlError(QStringLiteral("starting a change"), db);
    OutboxStore outbox(db);
    AuditLog audit(db);
    std::vector<qint64> ids;
    ids.reserve(changes.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto &[ticketId, change] = changes[i];
        if (change.isEmpty())
            return Error::make(Error::Kind::Config, QStringLiteral("Ticket %1: nothing to change.").arg(ticketId));
        auto found = store.ticket(ticketId);
        if (!found.ok())
            return found.error();
        if (!found.value())
            return Error::make(Error::Kind::NotFound, QStringLiteral("Ticket %1 is not in this workspace.").arg(ticketId));
        Ticket t = *found.value();
        if (t.status == TicketStatus::Closed || t.status == TicketStatus::Deleted)
            return Error::make(
                Error::Kind::Config,
                QStringLiteral("Ticket %1 is %2: Zendesk takes no more changes to it.").arg(ticketId).arg(statusName(t.status)));
        const qint64 baseStamp = t.updatedAt;
        if (change.changesFields()) {
            change.applyTo(t);
            if (auto w = writeTicket(db, t); !w.ok())
                return w.error();
        }
        OutboxEntry e;
        e.destination = QLatin1String(kZendeskDestination);
        e.kind = QLatin1String(kTicketUpdateKind);
        e.ticketId = ticketId;
        e.orderKey = zendeskOrderKey(ticketId);
        e.payload = QByteArray::fromStdString(change.toZendesk().dump());
        e.summary = change.summary();
        e.actor = origin.actor;
        e.rule = origin.rule;
        e.batchKey = origin.batchKey;
        e.createdAt = now;
        e.baseStamp = baseStamp;
        if (!idempotencyKeys.empty())
            e.idempotencyKey = idempotencyKeys[i];
        auto id = outbox.enqueue(e);
        if (!id.ok())
            return id.error();
        if (change.comment) {
            auto localId = nextLocalCommentId(db);
            if (!localId.ok())
                return localId.error();
            QSqlQuery q(db);
            q.prepare(QStringLiteral(
                "INSERT INTO comments(id, ticket_id, author_id, body, public, created_at, outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
            q.bindValue(0, localId.value());
            q.bindValue(1, ticketId);
            q.bindValue(2, origin.authorId ? QVariant(origin.authorId) : QVariant());
            q.bindValue(3, *change.comment);
            q.bindValue(4, change.commentPublic ? 1 : 0);
            q.bindValue(5, now / 1000);
            q.bindValue(6, id.value());
            if (!q.exec())
                return sqlError(QStringLiteral("adding a comment to ticket %1").arg(ticketId), q);
        }
        AuditEntry a;
        a.at = now;
        a.actor = origin.actor;
        a.origin = origin.origin;
        a.action = origin.action.isEmpty() ? (change.comment ? (change.commentPublic ? QStringLiteral("reply") : QStringLiteral("note"))
                                                             : QStringLiteral("update"))
                                           : origin.action;
        a.ticketId = ticketId;
        a.rule = origin.rule;
        a.detail = e.summary;
        a.result = QStringLiteral("queued");
        a.outboxId = id.value();
        if (auto w = audit.append(a); !w.ok())
            return w.error();
        ids.push_back(id.value());
    }
    if (alsoWrite)
        if (auto w = alsoWrite(db); !w.ok())
            return w.error();
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return ids;
}

} // namespace cosmicdesk::models
