#include "zendeskdestination.h"

#include <connectors/zendeskclient.h>
#include <models/sqlconnection.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>
#include <models/zendeskjson.h>

#include <nlohmann/json.hpp>

#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::services {

using models::Error;
using models::OutboxEntry;
using nlohmann::json;

namespace {

// A comment is ours when it says what we sent, as we sent it, no earlier than we wrote it (with a
// few minutes for clocks that disagree).
std::optional<qint64> findOurComment(const std::vector<models::Comment> &comments, const models::TicketChange &change,
                                     const OutboxEntry &entry)
{
    if (!change.comment)
        return std::nullopt;
    const QString body = change.comment->trimmed();
    for (auto it = comments.rbegin(); it != comments.rend(); ++it)
        if (it->body.trimmed() == body && it->isPublic == change.commentPublic && it->createdAt >= entry.createdAt / 1000 - 300)
            return it->id;
    return std::nullopt;
}

// Whether the ticket's fields are as the change sets them.
bool fieldsApplied(const models::Ticket &t, const models::TicketChange &c)
{
    if (c.status && t.status != *c.status && !(*c.status == models::TicketStatus::Solved && t.status == models::TicketStatus::Closed))
        return false;
    if (c.priority && t.priority != c.priority)
        return false;
    if (c.assigneeId && t.assigneeId != *c.assigneeId)
        return false;
    if (c.groupId && t.groupId != *c.groupId)
        return false;
    for (const QString &tag : c.addTags)
        if (!t.tags.contains(tag))
            return false;
    for (const QString &tag : c.removeTags)
        if (t.tags.contains(tag))
            return false;
    return true;
}

SendOutcome failure(const Error &e)
{
    SendOutcome o;
    o.httpStatus = e.httpStatus;
    o.error = e.message;
    switch (e.kind) {
    case Error::Kind::RateLimited:
        o.kind = SendOutcome::Kind::Retry;
        o.retryAfter = std::max(e.retryAfter, std::chrono::seconds(1));
        break;
    case Error::Kind::Timeout:
    case Error::Kind::Network:
    case Error::Kind::Server:
        o.kind = SendOutcome::Kind::Retry;
        o.maybeSent = true; // the request may have been applied before the answer was lost
        break;
    case Error::Kind::BadPayload:
        // A 200 whose body we could not read was applied; a 4xx was refused.
        o.kind = e.httpStatus >= 200 && e.httpStatus < 300 ? SendOutcome::Kind::Retry : SendOutcome::Kind::Rejected;
        o.maybeSent = o.kind == SendOutcome::Kind::Retry;
        break;
    case Error::Kind::Auth: o.kind = SendOutcome::Kind::Paused; break;
    case Error::Kind::Conflict: o.kind = SendOutcome::Kind::Conflict; break;
    case Error::Kind::NotFound:
    case Error::Kind::Config:
    case Error::Kind::Storage:
    case Error::Kind::Cancelled: o.kind = SendOutcome::Kind::Rejected; break;
    }
    return o;
}

SendOutcome applied(qint64 ticketId, qint64 newStamp, qint64 commentId)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Applied;
    o.httpStatus = 200;
    o.remoteVersion = newStamp;
    o.effects = [ticketId, newStamp, commentId](models::TicketStore &store, const OutboxEntry &entry) -> models::Result<void> {
        QSqlDatabase db = store.db();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE tickets SET updated_at = ? WHERE id = ? AND updated_at < ?"));
        q.bindValue(0, newStamp);
        q.bindValue(1, ticketId);
        q.bindValue(2, newStamp);
        if (!q.exec())
            return models::sqlError(QStringLiteral("recording ticket %1's new version").arg(ticketId), q);
        if (commentId == 0)
            return {};
        // The local comment becomes Zendesk's (unless a fetch brought Zendesk's copy already).
        QSqlQuery exists(db);
        exists.prepare(QStringLiteral("SELECT count(*) FROM comments WHERE id = ?"));
        exists.bindValue(0, commentId);
        if (!exists.exec() || !exists.next())
            return models::sqlError(QStringLiteral("recording a sent comment"), exists);
        QSqlQuery c(db);
        c.prepare(exists.value(0).toInt() > 0
                      ? QStringLiteral("DELETE FROM comments WHERE outbox_id = ? AND outbox_id <> 0")
                      : QStringLiteral("UPDATE comments SET id = ?, outbox_id = 0 WHERE outbox_id = ? AND outbox_id <> 0"));
        if (exists.value(0).toInt() > 0) {
            c.bindValue(0, entry.id);
        } else {
            c.bindValue(0, commentId);
            c.bindValue(1, entry.id);
        }
        if (!c.exec())
            return models::sqlError(QStringLiteral("recording a sent comment"), c);
        return {};
    };
    return o;
}

} // namespace

ZendeskDestination::ZendeskDestination(std::unique_ptr<connectors::ZendeskClient> client, int maxInFlight)
    : m_client(std::move(client)), m_maxInFlight(std::max(1, maxInFlight))
{
}

ZendeskDestination::~ZendeskDestination() = default;

QString ZendeskDestination::name() const
{
    return QLatin1String(models::kZendeskDestination);
}

void ZendeskDestination::send(const OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    const json payload = json::parse(entry.payload.constData(), entry.payload.constData() + entry.payload.size(), nullptr, false);
    if (entry.kind != QLatin1String(models::kTicketUpdateKind) || payload.is_discarded() || !payload.is_object() || entry.ticketId <= 0) {
        SendOutcome o;
        o.kind = SendOutcome::Kind::Rejected;
        o.error = QStringLiteral("not a ticket change this version can send (%1)").arg(entry.kind);
        done(std::move(o));
        return;
    }
    m_client->applyChange(entry.ticketId, payload, entry.baseStamp, entry.idempotencyKey, context,
                          [this, entry, context, done](models::Result<connectors::AppliedChange> r) {
                              if (r.ok())
                                  return done(applied(entry.ticketId, r.value().ticket.updatedAt, r.value().commentId));
                              if (r.error().kind == Error::Kind::Conflict) {
                                  // Our own earlier attempt may be what changed the ticket.
                                  if (entry.maybeSent)
                                      return verify(entry, context, done);
                                  return conflict(entry, context, done);
                              }
                              done(failure(r.error()));
                          });
}

void ZendeskDestination::verify(const OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    // A damaged row must not throw on the worker's thread: a discarded value is refused below.
    auto change = models::TicketChange::fromZendesk(
        json::parse(entry.payload.constData(), entry.payload.constData() + entry.payload.size(), nullptr, false));
    if (!change.ok())
        return done(failure(change.error()));
    m_client->ticket(entry.ticketId, context, [this, entry, context, done, c = change.value()](models::Result<models::Ticket> t) {
        if (!t.ok())
            return done(failure(t.error()));
        if (!fieldsApplied(t.value(), c))
            return conflict(entry, context, done);
        if (!c.comment)
            return done(applied(entry.ticketId, t.value().updatedAt, 0));
        m_client->comments(entry.ticketId, context,
                           [this, entry, context, done, c, stamp = t.value().updatedAt](models::Result<std::vector<models::Comment>> list) {
                               if (!list.ok())
                                   return done(failure(list.error()));
                               if (const auto id = findOurComment(list.value(), c, entry))
                                   return done(applied(entry.ticketId, stamp, *id));
                               conflict(entry, context, done);
                           });
    });
}

void ZendeskDestination::conflict(const OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    // What the agent needs to decide: the ticket as it is in Zendesk now and its latest comment.
    m_client->ticket(entry.ticketId, context, [this, entry, context, done](models::Result<models::Ticket> t) {
        if (!t.ok())
            return done(failure(t.error()));
        m_client->comments(entry.ticketId, context, [entry, done, remote = t.value()](models::Result<std::vector<models::Comment>> list) {
            json detail = models::zendesk::ticketJson(remote, std::string());
            if (list.ok() && !list.value().empty()) {
                const models::Comment &last = list.value().back();
                detail["latest_comment"] = {
                    {"author_id", last.authorId}, {"created_at", models::zendesk::isoTime(last.createdAt)}, {"public", last.isPublic}};
            }
            SendOutcome o;
            o.kind = SendOutcome::Kind::Conflict;
            o.httpStatus = 409;
            o.error = QStringLiteral("The ticket changed in Zendesk since the change was made.");
            o.detail = QByteArray::fromStdString(detail.dump());
            done(std::move(o));
        });
    });
}

bool ZendeskDestination::canBatch(const OutboxEntry &entry) const
{
    if (entry.kind != QLatin1String(models::kTicketUpdateKind) || entry.ticketId <= 0)
        return false;
    const json payload = json::parse(entry.payload.constData(), entry.payload.constData() + entry.payload.size(), nullptr, false);
    return payload.is_object() && !payload.contains("comment");
}

void ZendeskDestination::sendBatch(const std::vector<OutboxEntry> &entries, QObject *context,
                                   std::function<void(std::vector<SendOutcome>)> done)
{
    json tickets = json::array();
    for (const OutboxEntry &e : entries) {
        json t = json::parse(e.payload.constData(), e.payload.constData() + e.payload.size(), nullptr, false);
        if (!t.is_object())
            t = json::object();
        t["id"] = e.ticketId;
        tickets.push_back(std::move(t));
    }
    auto all = [n = entries.size()](const SendOutcome &o) { return std::vector<SendOutcome>(n, o); };
    m_client->updateManyEach(tickets, context, [this, entries, context, done, all](models::Result<connectors::JobStatus> job) {
        if (!job.ok())
            return done(all(failure(job.error())));
        m_client->waitForJob(job.value().id, std::chrono::milliseconds(1000), context,
                             [this, entries, context, done, all](models::Result<connectors::JobStatus> finished) {
                                 if (!finished.ok())
                                     return done(all(failure(finished.error())));
                                 const connectors::JobStatus &j = finished.value();
                                 if (j.status != u"completed") {
                                     SendOutcome retry;
                                     retry.kind = SendOutcome::Kind::Retry;
                                     retry.httpStatus = 500;
                                     retry.error = QStringLiteral("The bulk job ended %1: %2").arg(j.status, j.message);
                                     return done(all(retry));
                                 }
                                 // Copies: the outcomes are made after show_many answers, when the job is gone.
                                 std::map<qint64, connectors::JobResult> byTicket;
                                 for (const auto &r : j.results)
                                     byTicket[r.id] = r;
                                 QList<qint64> appliedIds;
                                 for (const OutboxEntry &e : entries)
                                     if (auto it = byTicket.find(e.ticketId); it != byTicket.end() && it->second.success)
                                         appliedIds << e.ticketId;
                                 auto outcomes = [entries, byTicket](const std::map<qint64, qint64> &stamps) {
                                     std::vector<SendOutcome> out;
                                     for (const OutboxEntry &e : entries) {
                                         auto it = byTicket.find(e.ticketId);
                                         if (it == byTicket.end()) {
                                             SendOutcome retry;
                                             retry.kind = SendOutcome::Kind::Retry;
                                             retry.httpStatus = 500;
                                             retry.error = QStringLiteral("The bulk job said nothing of this ticket.");
                                             out.push_back(std::move(retry));
                                         } else if (!it->second.success) {
                                             SendOutcome rejected;
                                             rejected.kind = SendOutcome::Kind::Rejected;
                                             rejected.httpStatus = 422;
                                             rejected.error = it->second.errors.isEmpty() ? it->second.status : it->second.errors;
                                             out.push_back(std::move(rejected));
                                         } else {
                                             const auto stamp = stamps.find(e.ticketId);
                                             out.push_back(applied(e.ticketId, stamp == stamps.end() ? 0 : stamp->second, 0));
                                         }
                                     }
                                     return out;
                                 };
                                 if (appliedIds.isEmpty())
                                     return done(outcomes({}));
                                 // The tickets' new versions, so that their next changes' safe updates expect ours.
                                 m_client->showMany(appliedIds, context,
                                                    [done, outcomes](models::Result<std::vector<models::Ticket>> list) {
                                                        std::map<qint64, qint64> stamps;
                                                        if (list.ok())
                                                            for (const auto &t : list.value())
                                                                stamps[t.id] = t.updatedAt;
                                                        done(outcomes(stamps));
                                                    });
                             });
    });
}

void ZendeskDestination::dropped(const OutboxEntry &entry)
{
    // The local mirror shows the change: bring the ticket back as Zendesk has it.
    if (m_store) {
        QSqlQuery q(m_store->db());
        q.prepare(QStringLiteral("DELETE FROM comments WHERE outbox_id = ? AND outbox_id <> 0"));
        q.bindValue(0, entry.id);
        q.exec();
    }
    if (entry.ticketId <= 0)
        return;
    m_client->ticket(entry.ticketId, m_client.get(), [this](models::Result<models::Ticket> t) {
        if (!t.ok() || !m_store)
            return;
        models::StoreBatch batch;
        batch.tickets.push_back(std::move(t).value());
        if (m_store->write(batch).ok())
            m_store->notifyTicketsChanged({batch.tickets.front().id});
    });
}

} // namespace cosmicdesk::services
