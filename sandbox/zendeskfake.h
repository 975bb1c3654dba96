#pragma once

#include "httpsandbox.h"

#include <nlohmann/json.hpp>

#include <models/account.h>
#include <models/ticket.h>
#include <models/user.h>

#include <QString>

#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace cosmicdesk::sandbox {

class DemoWorld;

struct ZendeskFakeOptions
{
    QString agentEmail = QStringLiteral("agent@demo.cosmicdesk.test");
    QString apiToken = QStringLiteral("demo-api-token");
    QString meRole = QStringLiteral("admin"); // what users/me says the credentials belong to
    QString oauthClientId = QStringLiteral("cosmicdesk");
    QString oauthClientSecret = QStringLiteral("demo-client-secret");
    QString refreshToken = QStringLiteral("demo-refresh-token");
    int oauthLifetimeSecs = 7200;
    int holdBackSecs = 60;         // the incremental export holds back the last minute's changes
    int incrementalPerMinute = 10; // 0: unlimited (the High Volume add-on allows 30)
    int accountPerMinute = 700;    // 0: unlimited (Enterprise: 700)
    int jobPollsUntilDone = 1;     // job_statuses answers "queued" this many times first
    int extraMacros = 0;           // active macros beyond the demo's twelve (to page through)
};

// Zendesk Support (docs/wire-formats.md §1) on an HttpSandbox: users/me, tickets, comments,
// users, active macros and what applying one would do, the incremental cursor export with side-loads, ticket update (safe_update,
// additional/remove tags, comments), update_many with job statuses, the OAuth token endpoint;
// API-token and bearer auth, per-minute limits with the real headers, the real error bodies.
// Lives on the server's thread: call it there.
class ZendeskFake
{
public:
    ZendeskFake(HttpSandbox &server, ZendeskFakeOptions options = {});

    const ZendeskFakeOptions &options() const { return m_options; }
    void setOptions(const ZendeskFakeOptions &options) { m_options = options; }

    // Every ticket, comment, user, organization and group of the world.
    void load(const DemoWorld &world);
    // A new or changed ticket (its generated_timestamp becomes now).
    void upsertTicket(models::Ticket ticket, std::vector<models::Comment> comments = {});
    void upsertUser(models::User user);
    std::optional<models::Ticket> ticket(qint64 id) const;
    std::vector<models::Comment> comments(qint64 ticketId) const;
    qint64 ticketCount() const { return qint64(m_tickets.size()); }
    qint64 maxTicketId() const;
    // Makes every issued OAuth access token expire now (the next call with one gets 401).
    void expireAccessTokens();

private:
    struct Row
    {
        models::Ticket ticket;
        std::vector<models::Comment> comments;
        qint64 generated = 0;
        mutable std::string json; // the ticket's serialised API object, made on first export, dropped on change
    };
    struct Job
    {
        std::string id;
        int polls = 0;
        nlohmann::json results;
    };

    void addRoutes(HttpSandbox &server);
    bool authorised(const SandboxRequest &r) const;
    std::optional<SandboxReply> gate(const SandboxRequest &r, bool incremental);
    SandboxReply withRateHeaders(SandboxReply reply, bool list) const;
    void touch(Row &row, qint64 when);
    // The serialised objects of the incremental export, kept: a full sync would otherwise spend most
    // of the sandbox's time building and dumping the same JSON again.
    const std::string &ticketText(const Row &row) const;
    const std::string &userText(const models::User &u) const;
    const std::string &organizationText(const models::Account &a) const;

    SandboxReply me(const SandboxRequest &r);
    SandboxReply showTicket(const SandboxRequest &r);
    SandboxReply listComments(const SandboxRequest &r);
    SandboxReply showUser(const SandboxRequest &r);
    SandboxReply activeMacros(const SandboxRequest &r);
    SandboxReply applyMacro(const SandboxRequest &r);
    SandboxReply incremental(const SandboxRequest &r);
    SandboxReply updateTicket(const SandboxRequest &r);
    SandboxReply updateMany(const SandboxRequest &r);
    SandboxReply jobStatus(const SandboxRequest &r);
    SandboxReply oauthToken(const SandboxRequest &r);

    // Applies a "ticket" change object; an error reply when Zendesk would refuse it.
    std::optional<SandboxReply> apply(Row &row, const nlohmann::json &change, nlohmann::json *events);

    HttpSandbox &m_server;
    ZendeskFakeOptions m_options;
    std::string m_base;
    std::unordered_map<qint64, Row> m_tickets;
    std::set<std::pair<qint64, qint64>> m_order; // (generated_timestamp, id)
    std::unordered_map<qint64, models::User> m_users;
    mutable std::unordered_map<qint64, std::string> m_userJson, m_orgJson; // serialised on first use
    std::unordered_map<qint64, models::Account> m_orgs;
    std::map<qint64, models::Group> m_groups;
    std::map<std::string, qint64> m_accessTokens; // token → expiry (Unix seconds)
    std::map<std::string, Job> m_jobs;
    qint64 m_meId = 0;
    qint64 m_nextCommentId = 9000000000;
    qint64 m_window = 0;
    int m_accountCalls = 0, m_incrementalCalls = 0;
    std::uint64_t m_tokenCounter = 0;
};

} // namespace cosmicdesk::sandbox
