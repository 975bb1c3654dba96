#pragma once

#include "restclient.h"

#include <models/account.h>
#include <models/ticket.h>
#include <models/user.h>

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::connectors {

class AuthProvider;
class PageWalker;

// What users/me says about whoever the credentials belong to.
struct ZendeskMe
{
    qint64 id = 0; // 0: anonymous (no or wrong credentials on an open endpoint)
    QString name, email;
    models::User::Role role = models::User::Role::EndUser;
    bool isAgent() const { return id != 0 && role != models::User::Role::EndUser; }
    bool isAdmin() const { return id != 0 && role == models::User::Role::Admin; }
};

struct ZendeskMacro
{
    qint64 id = 0;
    QString title, description;
};

// One page of the incremental ticket export with its side-loads, ready for the store.
struct IncrementalPage
{
    std::vector<models::Ticket> tickets;
    std::vector<models::User> users;
    std::vector<models::Account> organizations;
    std::vector<models::Group> groups;
    QString afterCursor; // where the next call starts (persist it)
    bool endOfStream = false;
    qint64 newestTimestamp = 0; // the largest generated_timestamp of the page
};

// A change to one ticket: only the fields that are set are sent (absolute values; tags added and
// removed, never replaced, so concurrent tag edits survive).
struct TicketUpdate
{
    std::optional<models::TicketStatus> status;
    std::optional<triage::Priority> priority;
    std::optional<qint64> assigneeId, groupId;
    QStringList additionalTags, removeTags;
    std::vector<std::pair<qint64, QString>> customFields;
    std::optional<QString> commentBody;
    bool commentPublic = false;
    qint64 safeUpdateStamp = 0; // the ticket's updated_at as last seen: 409 when it changed since

    QByteArray toJson() const; // the "ticket" object for PUT /tickets/{id}.json
};

// What Zendesk answered to a change: the ticket as it is now and the id of the comment it added.
struct AppliedChange
{
    models::Ticket ticket;
    qint64 commentId = 0; // 0: the change carried no comment
};

// What applying a macro would do to a ticket (Zendesk's "show ticket after changes"): nothing is
// changed until the agent submits.
struct MacroResult
{
    models::Ticket ticket; // the ticket as it would be
    std::optional<QString> comment;
    bool commentPublic = true;
};

struct JobResult
{
    qint64 id = 0;
    bool success = false;
    QString status, errors;
};
struct JobStatus
{
    QString id, status; // queued, working, completed, failed, killed
    int total = 0, progress = 0;
    QString message;
    std::vector<JobResult> results;
    bool finished() const { return status == u"completed" || status == u"failed" || status == u"killed"; }
};

// The Zendesk Support API (docs/wire-formats.md §1) over RestClient.
class ZendeskClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZendeskClient)

public:
    // baseUrl: "https://acme.zendesk.com" (or the sandbox's loopback address).
    ZendeskClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent = nullptr);
    ~ZendeskClient() override;

    RestClient &rest() { return *m_rest; }

    void me(QObject *context, std::function<void(Result<ZendeskMe>)> done);
    void ticket(qint64 id, QObject *context, std::function<void(Result<models::Ticket>)> done);
    // Every comment of a ticket, oldest first, across all cursor pages.
    void comments(qint64 ticketId, QObject *context, std::function<void(Result<std::vector<models::Comment>>)> done);
    void user(qint64 id, QObject *context, std::function<void(Result<models::User>)> done);
    void activeMacros(QObject *context, std::function<void(Result<std::vector<ZendeskMacro>>)> done);
    // One page of the incremental export: from startTime (Unix seconds) when cursor is empty.
    quint64 incrementalPage(const QString &cursor, qint64 startTime, int perPage, QObject *context,
                            std::function<void(Result<IncrementalPage>)> done);
    void updateTicket(qint64 id, const TicketUpdate &update, QObject *context, std::function<void(Result<models::Ticket>)> done);
    // One attempt to PUT a change (the "ticket" object) with safe_update against safeUpdateStamp
    // (0: none) and an Idempotency-Key header; never retried here: the outbox decides.
    void applyChange(qint64 id, const nlohmann::json &ticketObject, qint64 safeUpdateStamp, const QString &idempotencyKey, QObject *context,
                     std::function<void(Result<AppliedChange>)> done);
    // The same change to up to 100 tickets; answers with the queued job.
    void updateMany(const QList<qint64> &ids, const TicketUpdate &update, QObject *context, std::function<void(Result<JobStatus>)> done);
    // Different changes to up to 100 tickets: {"tickets":[{"id":…, …}, …]}; answers with the queued job.
    void updateManyEach(const nlohmann::json &tickets, QObject *context, std::function<void(Result<JobStatus>)> done);
    void jobStatus(const QString &id, QObject *context, std::function<void(Result<JobStatus>)> done);
    // Polls a job every interval until it is completed, failed or killed.
    void waitForJob(const QString &id, std::chrono::milliseconds interval, QObject *context, std::function<void(Result<JobStatus>)> done);

    // GET /tickets/{id}/macros/{macro_id}/apply.json: the macro's effect, changing nothing.
    void applyMacro(qint64 ticketId, qint64 macroId, QObject *context, std::function<void(Result<MacroResult>)> done);
    // Up to 100 tickets at once (show_many), e.g. to learn their versions after a bulk update.
    void showMany(const QList<qint64> &ids, QObject *context, std::function<void(Result<std::vector<models::Ticket>>)> done);
    // The groups the agent may assign to, and the agents (for the composer's pickers).
    void assignableGroups(QObject *context, std::function<void(Result<std::vector<models::Group>>)> done);
    void agents(QObject *context, std::function<void(Result<std::vector<models::User>>)> done);

    // The wire types' parsers, tested on Zendesk's published examples (tests/data/vendor/zendesk).
    static Result<IncrementalPage> parseIncrementalPage(const nlohmann::json &page);
    static Result<ZendeskMe> parseMe(const nlohmann::json &user);                     // users/me's "user"
    static Result<JobStatus> parseJobStatus(const nlohmann::json &jobStatus);         // "job_status"
    static Result<std::vector<ZendeskMacro>> parseMacros(const nlohmann::json &page); // a macros page

private:
    std::unique_ptr<RestClient> m_rest;
};

} // namespace cosmicdesk::connectors
