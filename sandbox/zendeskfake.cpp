#include "zendeskfake.h"

#include "demoworld.h"

#include <models/zendeskjson.h>

#include <QCryptographicHash>
#include <QDateTime>

namespace cosmicdesk::sandbox {

using nlohmann::json;
namespace zd = models::zendesk;

namespace {

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}

QByteArray dump(const json &j)
{
    return QByteArray::fromStdString(j.dump());
}

SandboxReply error(int status, const char *code, const char *description)
{
    return SandboxReply::json(status, dump(json{{"error", code}, {"description", description}}));
}

SandboxReply notFound()
{
    return error(404, "RecordNotFound", "Not found");
}

// Zendesk's incremental cursors are base64 of "<timestamp>.0||<id>|".
std::string makeCursor(qint64 ts, qint64 id)
{
    return QByteArray(QByteArray::number(ts) + ".0||" + QByteArray::number(id) + '|').toBase64().toStdString();
}

std::optional<std::pair<qint64, qint64>> readCursor(const QString &cursor)
{
    const QByteArray raw = QByteArray::fromBase64(cursor.toLatin1());
    const QList<QByteArray> parts = raw.split('|');
    if (parts.size() < 3)
        return std::nullopt;
    bool okTs = false, okId = false;
    const qint64 ts = static_cast<qint64>(parts[0].toDouble(&okTs));
    const qint64 id = parts[2].toLongLong(&okId);
    if (!okTs || !okId)
        return std::nullopt;
    return std::make_pair(ts, id);
}

qint64 longArg(const QString &s)
{
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    return ok ? v : -1;
}

// The ticket as the API sends it: the domain type's fields (models/zendeskjson.h) and the ones
// Zendesk always adds that the domain type does not carry (its TicketResponseExample).
json ticketObject(const models::Ticket &t, const std::string &base)
{
    json j = zd::ticketJson(t, base);
    // Zendesk's default custom statuses, one per status category.
    static constexpr qint64 kCustomStatus[] = {1000001, 1000002, 1000003, 1000004, 1000005, 1000006, 1000007};
    j["custom_status_id"] = kCustomStatus[std::min<std::size_t>(std::size_t(t.status), std::size(kCustomStatus) - 1)];
    j["from_messaging_channel"] = t.channel == models::Channel::Chat;
    j["has_incidents"] = false;
    j["problem_id"] = nullptr;
    j["recipient"] = "support@demo.cosmicdesk.test";
    j["sharing_agreement_ids"] = json::array();
    return j;
}

// A demo macro and what it does: a comment (public or not), a status, a tag.
struct MacroDef
{
    qint64 id;
    const char *title;
    const char *description;
    const char *comment;
    bool isPublic;
    const char *status; // nullptr: unchanged
    const char *tag;
};
constexpr MacroDef kMacros[] = {
    {900001, "Refund issued", "Confirms a refund and its 5-10 business day timeline",
     "We have issued your refund. It usually shows on your statement within 5-10 business days.", true, "pending", "refund_issued"},
    {900002, "Where is my order", "Shares the tracking link and the carrier's latest status",
     "Your order is on its way. You can follow it with the tracking link in your shipping confirmation.", true, "pending", "order_status"},
    {900003, "Charge dispute received", "Explains the dispute process and the evidence deadline",
     "We received the dispute for this charge and will send our evidence to the bank before the deadline.", true, "open", "dispute"},
    {900004, "Payment failed", "Asks the customer to update the card and retry",
     "Your last payment did not go through. Please update your card under Billing and retry.", true, "pending", "payment_failed"},
    {900005, "Password reset", "Sends the reset steps and the 2FA recovery link",
     "To reset your password, use \"Forgot password\" on the sign-in page; the 2FA recovery link is in your security settings.", true,
     "solved", "password_reset"},
    {900006, "API rate limits", "Explains per-minute limits and Retry-After",
     "Our API allows a fixed number of requests per minute; when you get a 429, wait for the seconds in Retry-After.", true, "pending",
     "api_limits"},
    {900007, "Webhook failures", "Lists the webhook retry policy and the signing secret check",
     "Failed webhooks are retried with backoff for 24 hours; please check that your endpoint verifies the signing secret.", true, "pending",
     "webhooks"},
    {900008, "Report export", "How to export reports to CSV and schedule them",
     "Open the report, choose Export > CSV, or schedule it under Reports > Schedules.", true, "solved", "reports"},
    {900009, "Data deletion request", "Acknowledges a GDPR erasure request and the 30-day window",
     "We received your erasure request and will delete your personal data within 30 days.", true, "open", "gdpr_erasure"},
    {900010, "Upgrade quote", "Hands the request to the account manager with plan options",
     "Upgrade request: please send plan options and a quote to this customer.", false, nullptr, "upgrade_quote"},
    {900011, "Incident update", "Links the status page and promises the next update time",
     "We are working on the incident; the status page has the latest, and we will update you within the hour.", true, "pending",
     "incident"},
    {900012, "Close: solved", "Closes the ticket and asks for a rating",
     "Glad we could help. We are closing this ticket; a short rating of our answer would help us.", true, "solved", "closed_by_macro"},
};

} // namespace

ZendeskFake::ZendeskFake(HttpSandbox &server, ZendeskFakeOptions options)
    : m_server(server), m_options(std::move(options)), m_base(server.baseUrl().toStdString())
{
    addRoutes(server);
    // Zendesk's words: a JSON error for a 500, a plain-text 429 with Retry-After.
    m_server.setFaultReply(QStringLiteral("zendesk"), [](Fault fault, const FaultKnobs &k) {
        if (fault != Fault::RateLimited)
            return error(500, "InternalError", "Something went wrong. Please try again.");
        SandboxReply r = SandboxReply::text(429, "Number of allowed API requests per minute exceeded");
        r.headers.append({"Retry-After", QByteArray::number(k.retryAfterSecs)});
        return r;
    });
}

void ZendeskFake::addRoutes(HttpSandbox &s)
{
    const QString id = QStringLiteral("(\\d+)");
    auto route = [this, &s](const QString &name, const QByteArray &method, const QString &pattern,
                            SandboxReply (ZendeskFake::*handler)(const SandboxRequest &), bool list, bool incremental) {
        s.addRoute(name, method, pattern, [this, handler, list, incremental](const SandboxRequest &r) {
            if (auto refused = gate(r, incremental))
                return *refused;
            return withRateHeaders((this->*handler)(r), list);
        });
    };
    route(QStringLiteral("zendesk.me"), "GET", QStringLiteral("/api/v2/users/me"), &ZendeskFake::me, false, false);
    route(QStringLiteral("zendesk.ticket"), "GET", QStringLiteral("/api/v2/tickets/") + id, &ZendeskFake::showTicket, false, false);
    route(QStringLiteral("zendesk.comments"), "GET", QStringLiteral("/api/v2/tickets/") + id + QStringLiteral("/comments"),
          &ZendeskFake::listComments, true, false);
    route(QStringLiteral("zendesk.user"), "GET", QStringLiteral("/api/v2/users/") + id, &ZendeskFake::showUser, false, false);
    route(QStringLiteral("zendesk.macros"), "GET", QStringLiteral("/api/v2/macros/active"), &ZendeskFake::activeMacros, true, false);
    route(QStringLiteral("zendesk.macro_apply"), "GET",
          QStringLiteral("/api/v2/tickets/") + id + QStringLiteral("/macros/") + id + QStringLiteral("/apply"), &ZendeskFake::applyMacro,
          false, false);
    route(QStringLiteral("zendesk.incremental"), "GET", QStringLiteral("/api/v2/incremental/tickets/cursor"), &ZendeskFake::incremental,
          true, true);
    route(QStringLiteral("zendesk.update_many"), "PUT", QStringLiteral("/api/v2/tickets/update_many"), &ZendeskFake::updateMany, false,
          false);
    route(QStringLiteral("zendesk.update"), "PUT", QStringLiteral("/api/v2/tickets/") + id, &ZendeskFake::updateTicket, false, false);
    route(QStringLiteral("zendesk.job_status"), "GET", QStringLiteral("/api/v2/job_statuses/([0-9a-f]+)"), &ZendeskFake::jobStatus, false,
          false);
    s.addRoute(QStringLiteral("zendesk.oauth"), "POST", QStringLiteral("/oauth/tokens"),
               [this](const SandboxRequest &r) { return oauthToken(r); });
}

void ZendeskFake::load(const DemoWorld &world)
{
    for (auto &a : world.organizations())
        m_orgs[a.id] = a;
    for (auto &u : world.users()) {
        if (m_meId == 0 && u.isStaff())
            m_meId = u.id;
        m_users[u.id] = u;
    }
    for (auto &g : world.groups())
        m_groups[g.id] = g;
    world.generateTickets([this](std::vector<GeneratedTicket> &&batch) {
        for (auto &t : batch) {
            Row row{std::move(t.ticket), std::move(t.comments), 0};
            row.generated = row.ticket.updatedAt;
            m_order.emplace(row.generated, row.ticket.id);
            const qint64 tid = row.ticket.id;
            m_tickets[tid] = std::move(row);
        }
        return true;
    });
}

void ZendeskFake::touch(Row &row, qint64 when)
{
    row.json.clear(); // the ticket changed
    m_order.erase({row.generated, row.ticket.id});
    row.generated = std::max(when, row.generated + 1);
    m_order.emplace(row.generated, row.ticket.id);
}

void ZendeskFake::upsertTicket(models::Ticket ticket, std::vector<models::Comment> comments)
{
    auto it = m_tickets.find(ticket.id);
    if (it == m_tickets.end()) {
        Row row{std::move(ticket), std::move(comments), 0};
        row.generated = nowSecs();
        m_order.emplace(row.generated, row.ticket.id);
        m_tickets[row.ticket.id] = std::move(row);
        return;
    }
    it->second.ticket = std::move(ticket);
    it->second.json.clear();
    if (!comments.empty())
        it->second.comments = std::move(comments);
    touch(it->second, nowSecs());
}

void ZendeskFake::upsertUser(models::User user)
{
    if (m_meId == 0 && user.isStaff())
        m_meId = user.id;
    m_userJson.erase(user.id);
    m_users[user.id] = std::move(user);
}

std::optional<models::Ticket> ZendeskFake::ticket(qint64 id) const
{
    const auto it = m_tickets.find(id);
    if (it == m_tickets.end())
        return std::nullopt;
    return it->second.ticket;
}

qint64 ZendeskFake::maxTicketId() const
{
    qint64 m = 0;
    for (const auto &[id, row] : m_tickets)
        m = std::max(m, id);
    return m;
}

std::vector<models::Comment> ZendeskFake::comments(qint64 ticketId) const
{
    const auto it = m_tickets.find(ticketId);
    return it == m_tickets.end() ? std::vector<models::Comment>{} : it->second.comments;
}

void ZendeskFake::expireAccessTokens()
{
    for (auto &[token, expiry] : m_accessTokens)
        expiry = 0;
}

bool ZendeskFake::authorised(const SandboxRequest &r) const
{
    const QByteArray header = r.header("authorization");
    if (header.startsWith("Basic ")) {
        const QByteArray expected = QByteArray(m_options.agentEmail.toUtf8() + "/token:" + m_options.apiToken.toUtf8()).toBase64();
        return header.mid(6) == expected;
    }
    if (header.startsWith("Bearer ")) {
        const auto it = m_accessTokens.find(header.mid(7).toStdString());
        return it != m_accessTokens.end() && it->second > nowSecs();
    }
    return false;
}

std::optional<SandboxReply> ZendeskFake::gate(const SandboxRequest &r, bool incremental)
{
    const bool anonymousMe = r.path.startsWith(u"/api/v2/users/me") && r.header("authorization").isEmpty();
    if (!anonymousMe && !authorised(r))
        return error(401, "Couldn't authenticate you", "");
    const qint64 now = nowSecs();
    if (now / 60 != m_window) {
        m_window = now / 60;
        m_accountCalls = m_incrementalCalls = 0;
    }
    const int reset = int(60 - now % 60);
    auto limited = [reset](const char *text) {
        SandboxReply reply = SandboxReply::text(429, text);
        reply.headers.append({"Retry-After", QByteArray::number(reset)});
        return reply;
    };
    if (m_options.accountPerMinute > 0 && ++m_accountCalls > m_options.accountPerMinute)
        return limited("Number of allowed API requests per minute exceeded");
    if (incremental && m_options.incrementalPerMinute > 0 && ++m_incrementalCalls > m_options.incrementalPerMinute)
        return limited("Number of allowed incremental export API requests per minute exceeded");
    return std::nullopt;
}

SandboxReply ZendeskFake::withRateHeaders(SandboxReply reply, bool list) const
{
    const int limit = m_options.accountPerMinute > 0 ? m_options.accountPerMinute : 2500;
    const int remaining = std::max(0, limit - m_accountCalls);
    reply.headers.append({"X-Rate-Limit", QByteArray::number(limit)});
    reply.headers.append({"X-Rate-Limit-Remaining", QByteArray::number(remaining)});
    if (list) {
        reply.headers.append({"ratelimit-limit", QByteArray::number(limit)});
        reply.headers.append({"ratelimit-remaining", QByteArray::number(remaining)});
        reply.headers.append({"ratelimit-reset", QByteArray::number(60 - nowSecs() % 60)});
    }
    return reply;
}

SandboxReply ZendeskFake::me(const SandboxRequest &r)
{
    if (r.header("authorization").isEmpty()) // anonymous: 200 with a null id
        return SandboxReply::json(200, dump(json{{"user", {{"id", nullptr}, {"name", "Anonymous user"}, {"role", "end-user"}}}}));
    models::User me;
    if (const auto it = m_users.find(m_meId); it != m_users.end())
        me = it->second;
    else
        me = models::User{1, QStringLiteral("Demo Agent")};
    me.email = m_options.agentEmail;
    json j = zd::userJson(me, m_base);
    j["role"] = m_options.meRole.toStdString();
    // What Zendesk's CurrentUserResponseExample carries beyond the domain type.
    const bool admin = m_options.meRole == u"admin";
    j.update(json{{"alias", nullptr},
                  {"authenticity_token", "demo-cors-token"},
                  {"custom_role_id", nullptr},
                  {"details", ""},
                  {"locale_id", 1},
                  {"moderator", admin},
                  {"notes", ""},
                  {"only_private_comments", false},
                  {"photo", nullptr},
                  {"restricted_agent", false},
                  {"role_type", nullptr},
                  {"shared", false},
                  {"shared_agent", false},
                  {"signature", ""},
                  {"ticket_restriction", nullptr}});
    return SandboxReply::json(200, dump(json{{"user", std::move(j)}}));
}

SandboxReply ZendeskFake::showTicket(const SandboxRequest &r)
{
    const auto it = m_tickets.find(longArg(r.args.value(0)));
    if (it == m_tickets.end())
        return notFound();
    json ticket = ticketObject(it->second.ticket, m_base);
    ticket["generated_timestamp"] = it->second.generated;
    return SandboxReply::json(200, dump(json{{"ticket", std::move(ticket)}}));
}

// What the macro would do to the ticket, changing nothing: the ticket as it would be and the comment.
SandboxReply ZendeskFake::applyMacro(const SandboxRequest &r)
{
    const auto it = m_tickets.find(longArg(r.args.value(0)));
    const qint64 macroId = longArg(r.args.value(1));
    const MacroDef *def = nullptr;
    for (const auto &m : kMacros)
        if (m.id == macroId)
            def = &m;
    if (it == m_tickets.end() || !def)
        return notFound();
    models::Ticket after = it->second.ticket;
    if (def->status)
        if (const auto s = models::parseStatus(QString::fromLatin1(def->status)))
            after.status = *s;
    if (!after.tags.contains(QLatin1String(def->tag)))
        after.tags << QString::fromLatin1(def->tag);
    json ticket = ticketObject(after, m_base);
    json comment = {{"body", def->comment}, {"html_body", std::string("<p>") + def->comment + "</p>"}, {"public", def->isPublic}};
    return SandboxReply::json(200, dump(json{{"result", {{"ticket", std::move(ticket)}, {"comment", std::move(comment)}}}}));
}

SandboxReply ZendeskFake::listComments(const SandboxRequest &r)
{
    const qint64 tid = longArg(r.args.value(0));
    const auto it = m_tickets.find(tid);
    if (it == m_tickets.end())
        return notFound();
    const auto &all = it->second.comments;
    const int size = std::clamp(r.query.queryItemValue(QStringLiteral("page[size]")).toInt(), 0, 100);
    const int pageSize = size > 0 ? size : 100;
    const QString after = r.query.queryItemValue(QStringLiteral("page[after]"));
    std::size_t from = 0;
    if (!after.isEmpty()) {
        bool ok = false;
        from = QByteArray::fromBase64(after.toLatin1()).toULongLong(&ok);
        if (!ok)
            return error(400, "InvalidPaginationParameter", "page[after] is not a valid cursor");
    }
    json list = json::array();
    const std::size_t to = std::min(all.size(), from + std::size_t(pageSize));
    for (std::size_t i = from; i < to; ++i) {
        // Beside the domain type's fields, what Zendesk's TicketCommentsResponseExample carries too.
        json c = zd::commentJson(all[i]);
        c["audit_id"] = all[i].id + 1;
        c["html_body"] = "<div class=\"zd-comment\" dir=\"auto\"><p>" +
                         all[i].body.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")).toStdString() + "</p></div>";
        c["metadata"] = {{"system",
                          {{"client", "Mozilla/5.0 (X11; Linux x86_64)"},
                           {"ip_address", "203.0.113.7"},
                           {"location", "Singapore, 01, Singapore"},
                           {"latitude", 1.2897},
                           {"longitude", 103.8501}}},
                         {"via", c["via"]},
                         {"custom", json::object()}};
        list.push_back(std::move(c));
    }
    const bool more = to < all.size();
    const std::string afterCursor = QByteArray::number(qulonglong(to)).toBase64().toStdString();
    const std::string beforeCursor = QByteArray::number(qulonglong(from)).toBase64().toStdString();
    const std::string path = m_base + "/api/v2/tickets/" + std::to_string(tid) + "/comments.json";
    json links = {
        {"next", more ? json(path + "?page%5Bafter%5D=" + QUrl::toPercentEncoding(QString::fromStdString(afterCursor)).toStdString() +
                             "&page%5Bsize%5D=" + std::to_string(pageSize))
                      : json()},
        {"prev", nullptr}};
    return SandboxReply::json(200, dump(json{{"comments", std::move(list)},
                                             {"meta", {{"has_more", more}, {"after_cursor", afterCursor}, {"before_cursor", beforeCursor}}},
                                             {"links", std::move(links)}}));
}

SandboxReply ZendeskFake::showUser(const SandboxRequest &r)
{
    const auto it = m_users.find(longArg(r.args.value(0)));
    if (it == m_users.end())
        return notFound();
    return SandboxReply::json(200, dump(json{{"user", zd::userJson(it->second, m_base)}}));
}

// Offset pages only (page, per_page ≤ 100; next_page, previous_page, count), as Zendesk's
// specification gives /macros/active: cursor parameters are ignored.
SandboxReply ZendeskFake::activeMacros(const SandboxRequest &r)
{
    struct Macro
    {
        qint64 id;
        std::string title, description;
    };
    std::vector<Macro> all;
    for (const auto &m : kMacros)
        all.push_back({m.id, m.title, m.description});
    for (int i = 0; i < m_options.extraMacros; ++i)
        all.push_back({910000 + i, "Extra macro " + std::to_string(i + 1), "A macro to page through"});
    const int perPage = std::clamp(r.query.queryItemValue(QStringLiteral("per_page")).toInt(), 0, 100);
    const std::size_t size = perPage > 0 ? std::size_t(perPage) : 100;
    const std::size_t page = std::size_t(std::max(1, r.query.queryItemValue(QStringLiteral("page")).toInt()));
    const auto pageUrl = [this, size](std::size_t n) {
        return json(m_base + "/api/v2/macros/active.json?page=" + std::to_string(n) + "&per_page=" + std::to_string(size));
    };
    json list = json::array();
    for (std::size_t i = (page - 1) * size; i < std::min(all.size(), page * size); ++i) {
        const Macro &m = all[i];
        list.push_back({{"id", m.id},
                        {"title", m.title},
                        {"description", m.description},
                        {"active", true},
                        {"position", i + 1},
                        {"restriction", nullptr},
                        {"url", m_base + "/api/v2/macros/" + std::to_string(m.id) + ".json"},
                        {"actions", json::array({{{"field", "comment_value"}, {"value", m.description}}})},
                        {"created_at", "2024-01-02T09:00:00Z"},
                        {"updated_at", "2024-01-02T09:00:00Z"}});
    }
    return SandboxReply::json(200, dump(json{{"macros", std::move(list)},
                                             {"next_page", page * size < all.size() ? pageUrl(page + 1) : json()},
                                             {"previous_page", page > 1 ? pageUrl(page - 1) : json()},
                                             {"count", all.size()}}));
}

SandboxReply ZendeskFake::incremental(const SandboxRequest &r)
{
    const qint64 now = nowSecs();
    const QString cursor = r.query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded);
    const QString startText = r.query.queryItemValue(QStringLiteral("start_time"));
    std::pair<qint64, qint64> from;
    if (!cursor.isEmpty()) {
        const auto c = readCursor(cursor);
        if (!c)
            return error(400, "InvalidCursor", "The cursor is not valid");
        from = *c;
    } else if (!startText.isEmpty()) {
        bool ok = false;
        const qint64 start = startText.toLongLong(&ok);
        if (!ok || start < 0)
            return error(400, "InvalidValue", "start_time must be a Unix epoch time in seconds");
        if (start > now - 60)
            return error(400, "InvalidValue", "Too recent start_time. Use a start_time at least one minute in the past");
        from = {start, -1};
    } else {
        return error(400, "InvalidValue", "start_time or cursor is required");
    }
    const int perPage = std::clamp(r.query.queryItemValue(QStringLiteral("per_page")).toInt(), 0, 1000);
    const int size = perPage > 0 ? perPage : 1000;
    const QStringList include = r.query.queryItemValue(QStringLiteral("include"), QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts);
    const bool excludeDeleted = r.query.queryItemValue(QStringLiteral("exclude_deleted")) == u"true";
    const qint64 horizon = now - m_options.holdBackSecs;

    std::string out = "{\"tickets\":[";
    std::set<qint64> userIds, orgIds, groupIds;
    json metrics = json::array();
    auto it = m_order.upper_bound(from);
    std::pair<qint64, qint64> last = from;
    int n = 0;
    for (; it != m_order.end() && n < size && it->first <= horizon; ++it) {
        last = *it;
        const Row &row = m_tickets.at(it->second);
        if (excludeDeleted && row.ticket.status == models::TicketStatus::Deleted)
            continue;
        // The stored object with the export's generated_timestamp in front.
        if (n > 0)
            out += ',';
        out += "{\"generated_timestamp\":" + std::to_string(row.generated) + ',';
        out.append(ticketText(row), 1);
        ++n;
        userIds.insert(row.ticket.requesterId);
        if (row.ticket.assigneeId)
            userIds.insert(row.ticket.assigneeId);
        if (row.ticket.organizationId)
            orgIds.insert(row.ticket.organizationId);
        if (row.ticket.groupId)
            groupIds.insert(row.ticket.groupId);
        if (include.contains(u"metric_sets"))
            metrics.push_back(
                {{"ticket_id", row.ticket.id},
                 {"solved_at", row.ticket.solvedAt ? json(zd::isoTime(row.ticket.solvedAt)) : json()},
                 {"reply_time_in_minutes",
                  {{"calendar", row.ticket.firstReplyAt ? json((row.ticket.firstReplyAt - row.ticket.createdAt) / 60) : json()},
                   {"business", nullptr}}},
                 {"created_at", zd::isoTime(row.ticket.createdAt)},
                 {"updated_at", zd::isoTime(row.generated)}});
    }
    out += ']';
    auto sideload = [&out](const char *key, const std::set<qint64> &ids, auto text) {
        out += ",\"";
        out += key;
        out += "\":[";
        bool first = true;
        for (qint64 id : ids)
            if (const std::string *item = text(id)) {
                if (!first)
                    out += ',';
                out += *item;
                first = false;
            }
        out += ']';
    };
    if (include.contains(u"users"))
        sideload("users", userIds, [this](qint64 id) {
            const auto u = m_users.find(id);
            return u == m_users.end() ? nullptr : &userText(u->second);
        });
    if (include.contains(u"organizations"))
        sideload("organizations", orgIds, [this](qint64 id) {
            const auto o = m_orgs.find(id);
            return o == m_orgs.end() ? nullptr : &organizationText(o->second);
        });
    if (include.contains(u"groups")) {
        std::map<qint64, std::string> groups;
        for (qint64 gid : groupIds)
            if (const auto g = m_groups.find(gid); g != m_groups.end()) {
                // Beside the domain type's fields, what Zendesk's GroupResponseExample carries too.
                json j = zd::groupJson(g->second, m_base);
                j.update(json{{"created_at", "2020-01-06T09:00:00Z"}, {"updated_at", "2020-01-06T09:00:00Z"}, {"is_public", true}});
                groups[gid] = j.dump();
            }
        sideload("groups", groupIds, [&groups](qint64 id) {
            const auto g = groups.find(id);
            return g == groups.end() ? nullptr : &g->second;
        });
    }
    const bool end = it == m_order.end() || it->first > horizon;
    const std::string after = makeCursor(last.first, std::max<qint64>(last.second, 0));
    json rest = {{"after_url", m_base + "/api/v2/incremental/tickets/cursor.json?cursor=" +
                                   QUrl::toPercentEncoding(QString::fromStdString(after)).toStdString()},
                 {"after_cursor", after},
                 {"before_url", nullptr},
                 {"before_cursor", nullptr},
                 {"end_of_stream", end}};
    if (include.contains(u"metric_sets"))
        rest["metric_sets"] = std::move(metrics);
    out += ',';
    out.append(rest.dump(), 1); // its members after the arrays, and its closing brace
    return SandboxReply::json(200, QByteArray::fromStdString(out));
}

const std::string &ZendeskFake::ticketText(const Row &row) const
{
    if (row.json.empty())
        row.json = ticketObject(row.ticket, m_base).dump(); // generated_timestamp is put in front by the export
    return row.json;
}

const std::string &ZendeskFake::userText(const models::User &u) const
{
    auto &text = m_userJson[u.id];
    if (text.empty())
        text = zd::userJson(u, m_base).dump();
    return text;
}

const std::string &ZendeskFake::organizationText(const models::Account &a) const
{
    auto &text = m_orgJson[a.id];
    if (text.empty()) {
        // Beside the domain type's fields, what Zendesk's OrganizationResponseExample carries too.
        json j = zd::organizationJson(a, m_base);
        j.update(json{{"details", nullptr},
                      {"external_id", nullptr},
                      {"group_id", nullptr},
                      {"notes", nullptr},
                      {"shared_comments", false},
                      {"shared_tickets", false}});
        text = j.dump();
    }
    return text;
}

std::optional<SandboxReply> ZendeskFake::apply(Row &row, const json &change, json *events)
{
    models::Ticket &t = row.ticket;
    if (t.status == models::TicketStatus::Closed)
        return SandboxReply::json(422, dump(json{{"error", "RecordInvalid"},
                                                 {"description", "Record validation errors"},
                                                 {"details",
                                                  {{"status", json::array({{{"description", "Status: closed prevents ticket update"},
                                                                            {"error", "InvalidValue"}}})}}}}));
    if (change.value("safe_update", false)) {
        const qint64 stamp = zd::parseIsoTime(change.value("updated_stamp", json()));
        if (stamp != t.updatedAt)
            return error(
                409, "UpdateConflict",
                "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.");
    }
    auto record = [events](const char *field, json value, json previous) {
        if (events)
            events->push_back({{"id", 0},
                               {"type", "Change"},
                               {"field_name", field},
                               {"value", std::move(value)},
                               {"previous_value", std::move(previous)}});
    };
    if (const auto s = change.find("status"); s != change.end() && s->is_string()) {
        const auto status = models::parseStatus(QString::fromStdString(s->get<std::string>()));
        if (!status)
            return SandboxReply::json(
                422,
                dump(json{{"error", "RecordInvalid"},
                          {"description", "Record validation errors"},
                          {"details", {{"status", json::array({{{"description", "Status: is invalid"}, {"error", "InvalidValue"}}})}}}}));
        record("status", *s, models::statusName(t.status).toStdString());
        t.status = *status;
        if (t.status == models::TicketStatus::Solved && t.solvedAt == 0)
            t.solvedAt = nowSecs();
    }
    if (const auto p = change.find("priority"); p != change.end()) {
        const auto previous = t.priority ? json(std::string(triage::zendeskPriority(*t.priority))) : json();
        if (p->is_null())
            t.priority.reset();
        else if (p->is_string()) {
            const auto prio = triage::fromZendeskPriority(p->get<std::string>());
            if (!prio)
                return SandboxReply::json(
                    422, dump(json{{"error", "RecordInvalid"},
                                   {"description", "Record validation errors"},
                                   {"details",
                                    {{"priority", json::array({{{"description", "Priority: is invalid"}, {"error", "InvalidValue"}}})}}}}));
            t.priority = prio;
        }
        record("priority", *p, previous);
    }
    auto idField = [&change](const char *key, qint64 &target) {
        if (const auto v = change.find(key); v != change.end()) {
            if (v->is_null())
                target = 0;
            else if (v->is_number_integer())
                target = v->get<qint64>();
        }
    };
    idField("assignee_id", t.assigneeId);
    idField("group_id", t.groupId);
    auto strings = [](const json &a) {
        QStringList out;
        if (a.is_array())
            for (const auto &s : a)
                if (s.is_string())
                    out << QString::fromStdString(s.get<std::string>());
        return out;
    };
    if (change.contains("tags"))
        t.tags = strings(change["tags"]);
    for (const QString &tag : strings(change.value("additional_tags", json::array())))
        if (!t.tags.contains(tag))
            t.tags << tag;
    for (const QString &tag : strings(change.value("remove_tags", json::array())))
        t.tags.removeAll(tag);
    if (const auto c = change.find("comment"); c != change.end() && c->is_object()) {
        models::Comment comment;
        comment.id = ++m_nextCommentId;
        comment.ticketId = t.id;
        comment.authorId = c->value("author_id", json(m_meId)).is_number_integer() ? c->value("author_id", m_meId) : m_meId;
        comment.body = QString::fromStdString(c->value("body", c->value("html_body", std::string())));
        comment.isPublic = c->value("public", true);
        comment.createdAt = nowSecs();
        if (comment.body.trimmed().isEmpty())
            return SandboxReply::json(
                422, dump(json{{"error", "RecordInvalid"},
                               {"description", "Record validation errors"},
                               {"details",
                                {{"comment", json::array({{{"description", "Comment: cannot be blank"}, {"error", "BlankValue"}}})}}}}));
        if (events)
            events->push_back(
                {{"id", comment.id}, {"type", "Comment"}, {"body", comment.body.toStdString()}, {"public", comment.isPublic}});
        row.comments.push_back(std::move(comment));
    }
    t.updatedAt = std::max(nowSecs(), t.updatedAt + 1);
    touch(row, t.updatedAt);
    return std::nullopt;
}

SandboxReply ZendeskFake::updateTicket(const SandboxRequest &r)
{
    const auto it = m_tickets.find(longArg(r.args.value(0)));
    if (it == m_tickets.end())
        return notFound();
    const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("ticket") || !body["ticket"].is_object())
        return error(400, "InvalidJSON", "The request body must be {\"ticket\":{...}}");
    json events = json::array();
    if (auto refused = apply(it->second, body["ticket"], &events))
        return *refused;
    const models::Ticket &t = it->second.ticket;
    json audit = {{"id", ++m_nextCommentId},
                  {"ticket_id", t.id},
                  {"author_id", m_meId},
                  {"created_at", zd::isoTime(t.updatedAt)},
                  {"events", std::move(events)}};
    json ticket = ticketObject(t, m_base);
    ticket["generated_timestamp"] = it->second.generated;
    return SandboxReply::json(200, dump(json{{"ticket", std::move(ticket)}, {"audit", std::move(audit)}}));
}

SandboxReply ZendeskFake::updateMany(const SandboxRequest &r)
{
    const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return error(400, "InvalidJSON", "The request body is not JSON");
    std::vector<std::pair<qint64, json>> changes;
    if (body.contains("tickets") && body["tickets"].is_array()) {
        for (const auto &t : body["tickets"])
            if (t.is_object() && t.contains("id") && t["id"].is_number_integer())
                changes.emplace_back(t["id"].get<qint64>(), t);
    } else if (body.contains("ticket") && body["ticket"].is_object()) {
        for (const QString &part : r.query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts))
            changes.emplace_back(longArg(part), body["ticket"]);
    }
    if (changes.empty())
        return error(400, "InvalidValue", "ids and a ticket, or tickets, are required");
    if (changes.size() > 100)
        return error(400, "TooManyValues", "You can update up to 100 tickets at a time");
    json results = json::array();
    for (const auto &[tid, change] : changes) {
        const auto it = m_tickets.find(tid);
        if (it == m_tickets.end()) {
            results.push_back({{"id", tid}, {"action", "update"}, {"success", false}, {"status", "Failed"}, {"errors", "RecordNotFound"}});
            continue;
        }
        if (auto refused = apply(it->second, change, nullptr)) {
            const json e = json::parse(refused->body.cbegin(), refused->body.cend(), nullptr, false);
            std::string why = "Failed";
            if (e.is_object() && e.contains("details") && e["details"].is_object())
                for (const auto &[field, list] : e["details"].items())
                    if (list.is_array() && !list.empty())
                        why = list[0].value("description", why);
            results.push_back({{"id", tid}, {"action", "update"}, {"success", false}, {"status", "Failed"}, {"errors", why}});
        } else {
            results.push_back({{"id", tid}, {"action", "update"}, {"success", true}, {"status", "Updated"}});
        }
    }
    const std::string jobId =
        QCryptographicHash::hash(QByteArray(QByteArray::number(++m_tokenCounter) + "job"), QCryptographicHash::Md5).toHex().toStdString();
    m_jobs[jobId] = Job{jobId, 0, results};
    return SandboxReply::json(200, dump(json{{"job_status",
                                              {{"id", jobId},
                                               {"url", m_base + "/api/v2/job_statuses/" + jobId + ".json"},
                                               {"total", changes.size()},
                                               {"progress", 0},
                                               {"status", "queued"},
                                               {"message", nullptr},
                                               {"results", nullptr}}}}));
}

SandboxReply ZendeskFake::jobStatus(const SandboxRequest &r)
{
    const auto it = m_jobs.find(r.args.value(0).toStdString());
    if (it == m_jobs.end())
        return notFound();
    Job &job = it->second;
    const bool done = job.polls++ >= m_options.jobPollsUntilDone;
    json status = {
        {"id", job.id},
        {"url", m_base + "/api/v2/job_statuses/" + job.id + ".json"},
        {"total", job.results.size()},
        {"progress", done ? job.results.size() : 0},
        {"status", done ? "completed" : "working"},
        {"message",
         done ? json("Completed at " + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss +0000")).toStdString())
              : json()},
        {"results", done ? job.results : json()}};
    return SandboxReply::json(200, dump(json{{"job_status", std::move(status)}}));
}

SandboxReply ZendeskFake::oauthToken(const SandboxRequest &r)
{
    const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
    auto refuse = [](const char *code, const char *description) {
        return SandboxReply::json(401, dump(json{{"error", code}, {"error_description", description}}));
    };
    if (body.is_discarded() || !body.is_object())
        return SandboxReply::json(400, dump(json{{"error", "invalid_request"}, {"error_description", "The body must be JSON"}}));
    const std::string grant = body.value("grant_type", std::string());
    if (body.value("client_id", std::string()) != m_options.oauthClientId.toStdString() ||
        body.value("client_secret", std::string()) != m_options.oauthClientSecret.toStdString())
        return refuse("invalid_client", "Client authentication failed");
    if (grant == "refresh_token") {
        if (body.value("refresh_token", std::string()) != m_options.refreshToken.toStdString())
            return SandboxReply::json(
                400, dump(json{{"error", "invalid_grant"}, {"error_description", "The refresh token is invalid or expired"}}));
    } else if (grant != "client_credentials") {
        return SandboxReply::json(400,
                                  dump(json{{"error", "unsupported_grant_type"}, {"error_description", "grant_type is not supported"}}));
    }
    const std::string token =
        QCryptographicHash::hash(QByteArray(QByteArray::number(++m_tokenCounter) + m_options.oauthClientSecret.toUtf8()),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(32)
            .toStdString();
    m_accessTokens[token] = nowSecs() + m_options.oauthLifetimeSecs;
    json answer = {{"access_token", token},
                   {"token_type", "bearer"},
                   {"scope", body.value("scope", std::string("read write"))},
                   {"expires_in", m_options.oauthLifetimeSecs}};
    if (grant == "refresh_token") {
        answer["refresh_token"] = m_options.refreshToken.toStdString();
        answer["refresh_token_expires_in"] = 604800;
    }
    return SandboxReply::json(201, dump(answer));
}

} // namespace cosmicdesk::sandbox
