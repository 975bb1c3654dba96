#include "ticketstore.h"

#include "ticketchange.h"

#include "schema.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace cosmicdesk::models {

namespace {

QVariant nullableId(qint64 v)
{
    return v == 0 ? QVariant() : QVariant(v);
}

QVariant nullableText(const QString &s)
{
    return s.isNull() ? QVariant() : QVariant(s);
}

// Binds a vector of rows to one prepared upsert. ON CONFLICT DO UPDATE keeps dependent rows (a
// REPLACE would delete the ticket and cascade to its comments and triage).
template <typename Row, typename Bind>
Result<void> upsert(QSqlDatabase &db, const std::vector<Row> &rows, const QString &table, const QStringList &columns, Bind bind)
{
    if (rows.empty())
        return {};
    QStringList placeholders;
    QStringList updates;
    for (const QString &c : columns) {
        placeholders << QStringLiteral("?");
        if (c != QLatin1String("id"))
            updates << c + QStringLiteral("=excluded.") + c;
    }
    QSqlQuery q(db);
    const QString sql =
        QStringLiteral("INSERT INTO %1(%2) VALUES(%3) ON CONFLICT(id) DO UPDATE SET %4")
            .arg(table, columns.join(QLatin1Char(',')), placeholders.join(QLatin1Char(',')), updates.join(QLatin1Char(',')));
    if (!q.prepare(sql))
        return sqlError(QStringLiteral("preparing the %1 upsert").arg(table), q);
    for (const Row &row : rows) {
        bind(q, row);
        if (!q.exec())
            return sqlError(QStringLiteral("writing %1 row %2").arg(table).arg(row.id), q);
    }
    return {};
}

Ticket readTicket(const QSqlQuery &q)
{
    Ticket t;
    t.id = q.value(0).toLongLong();
    t.subject = q.value(1).toString();
    t.description = q.value(2).toString();
    t.status = static_cast<TicketStatus>(q.value(3).toInt());
    if (!q.value(4).isNull())
        t.priority = static_cast<triage::Priority>(q.value(4).toInt());
    t.channel = static_cast<Channel>(q.value(5).toInt());
    t.requesterId = q.value(6).toLongLong();
    t.organizationId = q.value(7).toLongLong();
    t.assigneeId = q.value(8).toLongLong();
    t.groupId = q.value(9).toLongLong();
    const QString tags = q.value(10).toString();
    t.tags = tags.isEmpty() ? QStringList() : tags.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    t.language = q.value(11).toString();
    t.createdAt = q.value(12).toLongLong();
    t.updatedAt = q.value(13).toLongLong();
    t.firstReplyAt = q.value(14).toLongLong();
    t.solvedAt = q.value(15).toLongLong();
    t.truncated = q.value(16).toInt() != 0;
    return t;
}

const QString kTicketColumns =
    QStringLiteral("id, subject, description, status, priority, channel, requester_id, organization_id, assignee_id, group_id,"
                   " tags, language, created_at, updated_at, first_reply_at, solved_at, truncated");

User readUser(const QSqlQuery &q)
{
    User u;
    u.id = q.value(0).toLongLong();
    u.name = q.value(1).toString();
    u.email = q.value(2).toString();
    u.phone = q.value(3).toString();
    u.role = static_cast<User::Role>(q.value(4).toInt());
    u.organizationId = q.value(5).toLongLong();
    u.externalId = q.value(6).toString();
    u.stripeCustomerId = q.value(7).toString();
    u.locale = q.value(8).toString();
    u.timeZone = q.value(9).toString();
    u.defaultGroupId = q.value(10).toLongLong();
    u.createdAt = q.value(11).toLongLong();
    return u;
}

const QString kUserColumns = QStringLiteral("id, name, email, phone, role, organization_id, external_id,"
                                            " stripe_customer_id, locale, time_zone, default_group_id, created_at");

} // namespace

Result<std::unique_ptr<TicketStore>> TicketStore::open(const QString &path, QObject *parent)
{
    const QFileInfo file(path);
    const QString name = file.fileName();
    const bool fresh = !path.isEmpty() && !file.exists();
    // Everything that could refuse the file is asked before SQLite writes a byte to it.
    if (!fresh && !path.isEmpty()) {
        if (file.isDir())
            return Error::make(Error::Kind::Config, QStringLiteral("%1 is a folder, not a CosmicDesk workspace.").arg(name));
        if (!file.isWritable())
            return Error::make(Error::Kind::Storage, QStringLiteral("%1 is read-only: CosmicDesk keeps a workspace up to date and must be"
                                                                    " able to write it. It was left unchanged.")
                                                         .arg(name));
        if (!QFileInfo(file.absolutePath()).isWritable())
            return Error::make(Error::Kind::Storage,
                               QStringLiteral("The folder of %1 is read-only: CosmicDesk keeps its journal beside the workspace and"
                                              " must be able to write there. It was left unchanged.")
                                   .arg(name));
        if (file.size() == 0)
            return Error::make(Error::Kind::Config,
                               QStringLiteral("%1 is an empty file, not a CosmicDesk workspace. It was left unchanged.").arg(name));
    }
    auto made = [&]() -> Result<std::unique_ptr<TicketStore>> {
        auto conn = SqlConnection::open(path);
        if (!conn.ok())
            return conn.error();
        QSqlDatabase db = conn.value().db();
        if (!fresh)
            if (auto identity = schema::checkIdentity(db, name); !identity.ok())
                return identity.error();
        if (auto migrated = schema::migrate(db); !migrated.ok())
            return migrated.error();
        // Only now, on a file known to be ours and up to date: switching to WAL rewrites its header.
        if (auto wal = conn.value().exec(QStringLiteral("PRAGMA journal_mode=WAL")); !wal.ok())
            return wal.error();
        return std::unique_ptr<TicketStore>(new TicketStore(std::move(conn).value(), parent));
    }();
    if (!made.ok() && fresh) {
        for (const QString &suffix : {QString(), QStringLiteral("-journal"), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    }
    return made;
}

TicketStore::TicketStore(SqlConnection conn, QObject *parent) : QObject(parent), m_conn(std::move(conn)) {}

TicketStore::~TicketStore() = default;

namespace {

Result<void> writeMeta(const QSqlDatabase &db, const QString &key, const QString &value)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.bindValue(0, key);
    q.bindValue(1, value);
    if (!q.exec())
        return sqlError(QStringLiteral("writing setting %1").arg(key), q);
    return {};
}

} // namespace

Result<void> TicketStore::write(const StoreBatch &batch)
{
    if (batch.isEmpty())
        return {};
    QSqlDatabase db = m_conn.db();
    Transaction tx(db);
    if (!tx.isActive())
        return sqlError(QStringLiteral("starting a write"), db);

    auto r = upsert(db, batch.organizations, QStringLiteral("organizations"),
                    {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("plan"), QStringLiteral("mrr_cents"),
                     QStringLiteral("kam_name"), QStringLiteral("kam_email"), QStringLiteral("sf_account_id"),
                     QStringLiteral("stripe_customer_id"), QStringLiteral("country"), QStringLiteral("created_at")},
                    [](QSqlQuery &q, const Account &a) {
                        q.bindValue(0, a.id);
                        q.bindValue(1, a.name);
                        q.bindValue(2, nullableText(a.plan));
                        q.bindValue(3, a.mrrCents);
                        q.bindValue(4, nullableText(a.kamName));
                        q.bindValue(5, nullableText(a.kamEmail));
                        q.bindValue(6, nullableText(a.salesforceAccountId));
                        q.bindValue(7, nullableText(a.stripeCustomerId));
                        q.bindValue(8, nullableText(a.country));
                        q.bindValue(9, a.createdAt);
                    });
    if (!r.ok())
        return r;
    r = upsert(db, batch.groups, QStringLiteral("groups"), {QStringLiteral("id"), QStringLiteral("name")},
               [](QSqlQuery &q, const Group &g) {
                   q.bindValue(0, g.id);
                   q.bindValue(1, g.name);
               });
    if (!r.ok())
        return r;
    r = upsert(db, batch.users, QStringLiteral("users"), kUserColumns.split(QStringLiteral(", ")), [](QSqlQuery &q, const User &u) {
        q.bindValue(0, u.id);
        q.bindValue(1, u.name);
        q.bindValue(2, nullableText(u.email));
        q.bindValue(3, nullableText(u.phone));
        q.bindValue(4, static_cast<int>(u.role));
        q.bindValue(5, nullableId(u.organizationId));
        q.bindValue(6, nullableText(u.externalId));
        q.bindValue(7, nullableText(u.stripeCustomerId));
        q.bindValue(8, nullableText(u.locale));
        q.bindValue(9, nullableText(u.timeZone));
        q.bindValue(10, nullableId(u.defaultGroupId));
        q.bindValue(11, u.createdAt);
    });
    if (!r.ok())
        return r;
    // Our changes still on their way to Zendesk stay visible over what Zendesk sent.
    // (A copy only when something waits: a sync page is otherwise written as it came.)
    std::vector<Ticket> overlaid;
    const std::vector<Ticket> *tickets = &batch.tickets;
    if (auto waiting = hasWaitingTicketChanges(db); !waiting.ok()) {
        return waiting.error();
    } else if (waiting.value() && !batch.tickets.empty()) {
        overlaid = batch.tickets;
        if (auto o = overlayWaitingChanges(db, overlaid); !o.ok())
            return o;
        tickets = &overlaid;
    }
    r = upsert(db, *tickets, QStringLiteral("tickets"), kTicketColumns.split(QStringLiteral(", ")), [](QSqlQuery &q, const Ticket &t) {
        q.bindValue(0, t.id);
        q.bindValue(1, t.subject.isNull() ? QString(QLatin1String("")) : t.subject);
        q.bindValue(2, t.description.isNull() ? QString(QLatin1String("")) : t.description);
        q.bindValue(3, static_cast<int>(t.status));
        q.bindValue(4, t.priority ? QVariant(static_cast<int>(*t.priority)) : QVariant());
        q.bindValue(5, static_cast<int>(t.channel));
        q.bindValue(6, nullableId(t.requesterId));
        q.bindValue(7, nullableId(t.organizationId));
        q.bindValue(8, nullableId(t.assigneeId));
        q.bindValue(9, nullableId(t.groupId));
        q.bindValue(10, t.tags.isEmpty() ? QStringLiteral("") : t.tags.join(QLatin1Char(' '))); // NOT NULL, '' when none
        q.bindValue(11, nullableText(t.language));
        q.bindValue(12, t.createdAt);
        q.bindValue(13, t.updatedAt);
        q.bindValue(14, nullableId(t.firstReplyAt));
        q.bindValue(15, nullableId(t.solvedAt));
        q.bindValue(16, t.truncated ? 1 : 0);
    });
    if (!r.ok())
        return r;
    r = upsert(db, batch.comments, QStringLiteral("comments"),
               {QStringLiteral("id"), QStringLiteral("ticket_id"), QStringLiteral("author_id"), QStringLiteral("body"),
                QStringLiteral("public"), QStringLiteral("created_at"), QStringLiteral("truncated")},
               [](QSqlQuery &q, const Comment &c) {
                   q.bindValue(0, c.id);
                   q.bindValue(1, c.ticketId);
                   q.bindValue(2, nullableId(c.authorId));
                   q.bindValue(3, c.body.isNull() ? QString(QLatin1String("")) : c.body);
                   q.bindValue(4, c.isPublic ? 1 : 0);
                   q.bindValue(5, c.createdAt);
                   q.bindValue(6, c.truncated ? 1 : 0);
               });
    if (!r.ok())
        return r;
    for (const auto &[key, value] : batch.meta)
        if (auto m = writeMeta(db, key, value); !m.ok())
            return m;
    if (auto c = tx.commit(); !c.ok())
        return c;

    if (!batch.tickets.empty()) {
        QList<qint64> ids;
        ids.reserve(static_cast<qsizetype>(batch.tickets.size()));
        for (const Ticket &t : batch.tickets)
            ids << t.id;
        Q_EMIT ticketsChanged(ids);
    }
    return {};
}

Result<std::optional<Ticket>> TicketStore::ticket(qint64 id) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT %1 FROM tickets WHERE id = ?").arg(kTicketColumns));
    q.bindValue(0, id);
    if (!q.exec())
        return sqlError(QStringLiteral("reading ticket %1").arg(id), q);
    if (!q.next())
        return std::optional<Ticket>();
    return std::optional<Ticket>(readTicket(q));
}

Result<std::vector<Ticket>> TicketStore::ticketsOfRequester(qint64 requesterId, int limit) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT %1 FROM tickets WHERE requester_id = ? ORDER BY created_at DESC LIMIT ?").arg(kTicketColumns));
    q.bindValue(0, requesterId);
    q.bindValue(1, limit);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the requester's tickets"), q);
    std::vector<Ticket> out;
    while (q.next())
        out.push_back(readTicket(q));
    return out;
}

Result<std::vector<Comment>> TicketStore::comments(qint64 ticketId) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT id, ticket_id, author_id, body, public, created_at, truncated FROM comments"
                             " WHERE ticket_id = ? ORDER BY created_at, id"));
    q.bindValue(0, ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading comments of ticket %1").arg(ticketId), q);
    std::vector<Comment> out;
    while (q.next()) {
        Comment c;
        c.id = q.value(0).toLongLong();
        c.ticketId = q.value(1).toLongLong();
        c.authorId = q.value(2).toLongLong();
        c.body = q.value(3).toString();
        c.isPublic = q.value(4).toInt() != 0;
        c.createdAt = q.value(5).toLongLong();
        c.truncated = q.value(6).toInt() != 0;
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::optional<User>> TicketStore::user(qint64 id) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT %1 FROM users WHERE id = ?").arg(kUserColumns));
    q.bindValue(0, id);
    if (!q.exec())
        return sqlError(QStringLiteral("reading user %1").arg(id), q);
    if (!q.next())
        return std::optional<User>();
    return std::optional<User>(readUser(q));
}

Result<std::vector<User>> TicketStore::agents() const
{
    QSqlQuery q(m_conn.db());
    if (!q.exec(QStringLiteral("SELECT %1 FROM users WHERE role <> 0 ORDER BY name").arg(kUserColumns)))
        return sqlError(QStringLiteral("reading agents"), q);
    std::vector<User> out;
    while (q.next())
        out.push_back(readUser(q));
    return out;
}

Result<std::optional<Account>> TicketStore::organization(qint64 id) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT id, name, plan, mrr_cents, kam_name, kam_email, sf_account_id,"
                             " stripe_customer_id, country, created_at FROM organizations WHERE id = ?"));
    q.bindValue(0, id);
    if (!q.exec())
        return sqlError(QStringLiteral("reading organization %1").arg(id), q);
    if (!q.next())
        return std::optional<Account>();
    Account a;
    a.id = q.value(0).toLongLong();
    a.name = q.value(1).toString();
    a.plan = q.value(2).toString();
    a.mrrCents = q.value(3).toLongLong();
    a.kamName = q.value(4).toString();
    a.kamEmail = q.value(5).toString();
    a.salesforceAccountId = q.value(6).toString();
    a.stripeCustomerId = q.value(7).toString();
    a.country = q.value(8).toString();
    a.createdAt = q.value(9).toLongLong();
    return std::optional<Account>(std::move(a));
}

Result<std::vector<Group>> TicketStore::groups() const
{
    QSqlQuery q(m_conn.db());
    if (!q.exec(QStringLiteral("SELECT id, name FROM groups ORDER BY id")))
        return sqlError(QStringLiteral("reading groups"), q);
    std::vector<Group> out;
    while (q.next())
        out.push_back(Group{q.value(0).toLongLong(), q.value(1).toString()});
    return out;
}

Result<qint64> TicketStore::ticketCount() const
{
    QSqlQuery q(m_conn.db());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM tickets")) || !q.next())
        return sqlError(QStringLiteral("counting tickets"), q);
    return q.value(0).toLongLong();
}

Result<std::optional<TicketDetails>> TicketStore::details(qint64 ticketId) const
{
    auto t = ticket(ticketId);
    if (!t.ok())
        return t.error();
    if (!t.value())
        return std::optional<TicketDetails>();
    TicketDetails d;
    d.ticket = std::move(*t.value());
    d.truncated = d.ticket.truncated;
    if (auto address = meta(QString::fromLatin1(kZendeskAddressKey)); address.ok() && !address.value().isEmpty()) {
        const QUrl base(address.value());
        if (base.isValid() && (base.scheme() == u"https" || base.scheme() == u"http") && !base.host().isEmpty()) {
            QUrl agent = base.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
            agent.setPath(QStringLiteral("/agent/tickets/%1").arg(d.ticket.id));
            d.agentUrl = agent;
        }
    }
    if (d.ticket.requesterId) {
        auto u = user(d.ticket.requesterId);
        if (!u.ok())
            return u.error();
        d.requester = u.value();
    }
    const qint64 orgId = d.ticket.organizationId ? d.ticket.organizationId : (d.requester ? d.requester->organizationId : 0);
    if (orgId) {
        auto o = organization(orgId);
        if (!o.ok())
            return o.error();
        d.organization = o.value();
    }
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT (SELECT name FROM users WHERE id = ?), (SELECT name FROM groups WHERE id = ?),"
                             " (SELECT count(*) FROM tickets WHERE requester_id = ? AND status < 4),"
                             " (SELECT count(*) FROM tickets WHERE requester_id = ? AND created_at >= ?)"));
    q.bindValue(0, d.ticket.assigneeId);
    q.bindValue(1, d.ticket.groupId);
    q.bindValue(2, d.ticket.requesterId);
    q.bindValue(3, d.ticket.requesterId);
    q.bindValue(4, d.ticket.createdAt - 30 * 86400);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("reading ticket %1").arg(ticketId), q);
    d.assigneeName = q.value(0).toString();
    d.groupName = q.value(1).toString();
    d.requesterOpenTickets = q.value(2).toInt();
    d.requesterTicketsLast30d = q.value(3).toInt();
    q.finish();
    q.prepare(QStringLiteral("SELECT c.id, c.ticket_id, c.author_id, c.body, c.public, c.created_at, u.name, u.role, c.truncated"
                             " FROM comments c LEFT JOIN users u ON u.id = c.author_id"
                             " WHERE c.ticket_id = ? ORDER BY c.created_at, c.id"));
    q.bindValue(0, ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the conversation of ticket %1").arg(ticketId), q);
    while (q.next()) {
        TicketDetails::Entry e;
        e.comment.id = q.value(0).toLongLong();
        e.comment.ticketId = q.value(1).toLongLong();
        e.comment.authorId = q.value(2).toLongLong();
        e.comment.body = q.value(3).toString();
        e.comment.isPublic = q.value(4).toInt() != 0;
        e.comment.createdAt = q.value(5).toLongLong();
        e.authorName = q.value(6).toString();
        e.byStaff = q.value(7).toInt() != 0;
        e.comment.truncated = q.value(8).toInt() != 0;
        d.truncated = d.truncated || e.comment.truncated;
        d.conversation.push_back(std::move(e));
    }
    // A synced ticket whose comments have not been fetched yet: its description is the first message.
    if (d.conversation.empty() && !d.ticket.description.isEmpty()) {
        TicketDetails::Entry e;
        e.comment = Comment{0, d.ticket.id, d.ticket.requesterId, d.ticket.description, true, d.ticket.createdAt, d.ticket.truncated};
        e.authorName = d.requester ? d.requester->name : QString();
        d.conversation.push_back(std::move(e));
    }
    return std::optional<TicketDetails>(std::move(d));
}

Result<QString> TicketStore::meta(const QString &key) const
{
    QSqlQuery q(m_conn.db());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.bindValue(0, key);
    if (!q.exec())
        return sqlError(QStringLiteral("reading setting %1").arg(key), q);
    return q.next() ? q.value(0).toString() : QString();
}

Result<void> TicketStore::setMeta(const QString &key, const QString &value)
{
    return writeMeta(m_conn.db(), key, value);
}

void TicketStore::notifyTicketsChanged(const QList<qint64> &ids)
{
    if (!ids.isEmpty())
        Q_EMIT ticketsChanged(ids);
}

} // namespace cosmicdesk::models
