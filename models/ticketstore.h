#pragma once

#include "account.h"
#include "result.h"
#include "sqlconnection.h"
#include "ticket.h"
#include "user.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::models {

// One ticket with what the ticket pane and the customer summary show beside it.
struct TicketDetails
{
    Ticket ticket;
    std::optional<User> requester;
    std::optional<Account> organization;
    QString assigneeName;
    QString groupName;
    struct Entry
    {
        Comment comment;
        QString authorName;
        bool byStaff = false;
    };
    std::vector<Entry> conversation;
    int requesterOpenTickets = 0; // active tickets of the same requester, this one included
    int requesterTicketsLast30d = 0;
    bool truncated = false; // the ticket or one of its messages was cut to the workspace's limits
    QUrl agentUrl;          // the ticket in Zendesk's agent interface, when the workspace syncs an account
};

// Everything written in one transaction.
struct StoreBatch
{
    std::vector<Account> organizations;
    std::vector<User> users;
    std::vector<Group> groups;
    std::vector<Ticket> tickets;
    std::vector<Comment> comments;
    // Settings that must change together with the rows (a sync cursor with its page).
    std::vector<std::pair<QString, QString>> meta;

    bool isEmpty() const
    {
        return organizations.empty() && users.empty() && groups.empty() && tickets.empty() && comments.empty() && meta.empty();
    }
};

// The local SQLite mirror of the helpdesk (WAL, numbered migrations). An instance belongs to the
// thread that opened it; a worker thread opens its own instance on the same file and hands the
// changed ids to the main instance with notifyTicketsChanged().
class TicketStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketStore)

public:
    // Opens a CosmicDesk workspace, migrated to the latest schema, or makes one where nothing is yet.
    // A folder, an empty file, another program's database, a workspace of a newer build or a
    // read-only file are refused and left byte for byte as they were.
    static Result<std::unique_ptr<TicketStore>> open(const QString &path, QObject *parent = nullptr);
    // The Zendesk address the workspace syncs from ("https://acme.zendesk.com"), set by the sync.
    static constexpr auto kZendeskAddressKey = "zendesk.address";
    ~TicketStore() override;

    QString path() const { return m_conn.path(); }
    QSqlDatabase db() const { return m_conn.db(); }

    // Upserts every row of the batch in one transaction; nothing is written if any row fails.
    Result<void> write(const StoreBatch &batch);

    Result<std::optional<Ticket>> ticket(qint64 id) const;
    Result<std::vector<Comment>> comments(qint64 ticketId) const;
    Result<std::optional<User>> user(qint64 id) const;
    Result<std::optional<Account>> organization(qint64 id) const;
    Result<std::vector<Group>> groups() const;
    Result<std::vector<User>> agents() const;
    Result<qint64> ticketCount() const;
    Result<std::optional<TicketDetails>> details(qint64 ticketId) const;
    // Tickets of one requester, newest first (the account history the triage engine uses).
    Result<std::vector<Ticket>> ticketsOfRequester(qint64 requesterId, int limit) const;

    Result<QString> meta(const QString &key) const; // empty when unset
    Result<void> setMeta(const QString &key, const QString &value);

    void notifyTicketsChanged(const QList<qint64> &ids);

Q_SIGNALS:
    void ticketsChanged(const QList<qint64> &ids);

private:
    explicit TicketStore(SqlConnection conn, QObject *parent);

    SqlConnection m_conn;
};

} // namespace cosmicdesk::models
