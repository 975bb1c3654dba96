#include "zendeskclient.h"

#include "auth.h"
#include "pagination.h"

#include <models/jsonread.h>
#include <models/zendeskjson.h>

#include <nlohmann/json.hpp>

#include <QPointer>
#include <QTimer>

namespace cosmicdesk::connectors {

using nlohmann::json;
namespace zd = models::zendesk;

namespace {

// Parses the body and hands the named member to convert; BadPayload when it is missing.
template <typename T, typename Convert> Result<T> member(const Result<RestResponse> &reply, const char *key, Convert convert)
{
    if (!reply.ok())
        return reply.error();
    auto body = reply.value().json();
    if (!body.ok())
        return body.error();
    const json &j = body.value();
    if (!j.is_object() || !j.contains(key))
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("The answer from %1 has no \"%2\"").arg(reply.value().url.host(), QLatin1String(key)),
                           reply.value().status);
    return convert(j[key]);
}

} // namespace

Result<JobStatus> ZendeskClient::parseJobStatus(const json &j)
{
    using namespace models::jsonread;
    if (!j.is_object())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("job_status is not an object"));
    JobStatus s;
    s.id = text(j, "id");
    s.status = text(j, "status");
    s.message = text(j, "message");
    s.total = int(integer(j, "total"));
    s.progress = int(integer(j, "progress"));
    for (const auto &item : array(j, "results")) {
        if (!item.is_object())
            continue;
        s.results.push_back(JobResult{integer(item, "id"), flag(item, "success"), text(item, "status"), text(item, "errors")});
    }
    if (s.id.isEmpty())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("job_status has no id"));
    return s;
}

Result<ZendeskMe> ZendeskClient::parseMe(const json &u)
{
    using namespace models::jsonread;
    if (!u.is_object())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("user is not an object"));
    ZendeskMe me;
    me.id = u.contains("id") && u["id"].is_number_integer() ? u["id"].get<qint64>() : 0; // null: anonymous
    me.name = text(u, "name");
    me.email = text(u, "email");
    if (const QString role = text(u, "role"); !role.isEmpty())
        me.role = models::parseRole(role);
    return me;
}

Result<std::vector<ZendeskMacro>> ZendeskClient::parseMacros(const json &page)
{
    using namespace models::jsonread;
    if (!page.is_object() || !page.contains("macros") || !page["macros"].is_array())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("A macros page without \"macros\""));
    std::vector<ZendeskMacro> out;
    for (const auto &m : page["macros"])
        if (const qint64 id = integer(m, "id"); id > 0)
            out.push_back(ZendeskMacro{id, text(m, "title"), text(m, "description")});
    return out;
}

QByteArray TicketUpdate::toJson() const
{
    json t = json::object();
    if (status)
        t["status"] = models::statusName(*status).toStdString();
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
    if (!additionalTags.isEmpty())
        t["additional_tags"] = list(additionalTags);
    if (!removeTags.isEmpty())
        t["remove_tags"] = list(removeTags);
    if (!customFields.empty()) {
        json fields = json::array();
        for (const auto &[id, value] : customFields)
            fields.push_back({{"id", id}, {"value", value.isNull() ? json() : json(value.toStdString())}});
        t["custom_fields"] = std::move(fields);
    }
    if (commentBody)
        t["comment"] = {{"body", commentBody->toStdString()}, {"public", commentPublic}};
    if (safeUpdateStamp > 0) {
        t["safe_update"] = true;
        t["updated_stamp"] = zd::isoTime(safeUpdateStamp);
    }
    return QByteArray::fromStdString(json{{"ticket", std::move(t)}}.dump());
}

ZendeskClient::ZendeskClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(std::move(options), std::move(auth), this))
{
}

ZendeskClient::~ZendeskClient() = default;

void ZendeskClient::me(QObject *context, std::function<void(Result<ZendeskMe>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/users/me.json")), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<ZendeskMe>(r, "user", parseMe)); });
}

void ZendeskClient::ticket(qint64 id, QObject *context, std::function<void(Result<models::Ticket>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/tickets/%1.json").arg(id)), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<models::Ticket>(r, "ticket", zd::ticketFromJson)); });
}

void ZendeskClient::user(qint64 id, QObject *context, std::function<void(Result<models::User>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/users/%1.json").arg(id)), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<models::User>(r, "user", zd::userFromJson)); });
}

void ZendeskClient::comments(qint64 ticketId, QObject *context, std::function<void(Result<std::vector<models::Comment>>)> done)
{
    auto collected = std::make_shared<std::vector<models::Comment>>();
    auto failure = std::make_shared<std::optional<Error>>();
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("page[size]"), QStringLiteral("100"));
    auto *walker = new PageWalker(
        *m_rest, RestRequest::get(QStringLiteral("/api/v2/tickets/%1/comments.json").arg(ticketId), q),
        [](const json &page, const RestRequest &) { return next_page::zendeskCursor(page); },
        [collected, failure, ticketId](const json &page) {
            if (!page.contains("comments") || !page["comments"].is_array()) {
                *failure = Error::make(Error::Kind::BadPayload, QStringLiteral("A comments page without \"comments\""));
                return false;
            }
            for (const auto &c : page["comments"]) {
                auto comment = zd::commentFromJson(c, ticketId);
                if (!comment.ok()) {
                    *failure = comment.error();
                    return false;
                }
                collected->push_back(std::move(comment.value()));
            }
            return true;
        },
        this);
    connect(walker, &PageWalker::finished, context ? context : this,
            [walker, collected, failure, done = std::move(done)](const Result<void> &r) {
                walker->deleteLater();
                if (!r.ok())
                    done(r.error());
                else if (*failure)
                    done(**failure);
                else
                    done(std::move(*collected));
            });
    walker->start();
}

void ZendeskClient::activeMacros(QObject *context, std::function<void(Result<std::vector<ZendeskMacro>>)> done)
{
    // Zendesk gives /macros/active offset pages only (next_page), not the cursor of /macros.
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("per_page"), QStringLiteral("100"));
    auto collected = std::make_shared<std::vector<ZendeskMacro>>();
    auto *walker = new PageWalker(
        *m_rest, RestRequest::get(QStringLiteral("/api/v2/macros/active.json"), q),
        [](const json &page, const RestRequest &) { return next_page::zendeskOffset(page); },
        [collected](const json &page) {
            auto macros = parseMacros(page);
            if (!macros.ok())
                return false;
            collected->insert(collected->end(), macros.value().begin(), macros.value().end());
            return true;
        },
        this);
    connect(walker, &PageWalker::finished, context ? context : this, [walker, collected, done = std::move(done)](const Result<void> &r) {
        walker->deleteLater();
        if (!r.ok())
            done(r.error());
        else
            done(std::move(*collected));
    });
    walker->start();
}

Result<IncrementalPage> ZendeskClient::parseIncrementalPage(const json &j)
{
    if (!j.is_object() || !j.contains("tickets") || !j["tickets"].is_array())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("An incremental export page without \"tickets\""));
    IncrementalPage page;
    page.tickets.reserve(j["tickets"].size());
    std::unordered_map<qint64, std::size_t> index;
    for (const auto &t : j["tickets"]) {
        auto ticket = zd::ticketFromJson(t);
        if (!ticket.ok())
            return ticket.error();
        if (const auto g = t.find("generated_timestamp"); g != t.end() && g->is_number())
            page.newestTimestamp = std::max(page.newestTimestamp, g->get<qint64>());
        index[ticket.value().id] = page.tickets.size();
        page.tickets.push_back(std::move(ticket.value()));
    }
    auto sideload = [&j](const char *key, auto convert, auto &out) -> Result<void> {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_array())
            return {};
        for (const auto &item : *it) {
            auto v = convert(item);
            if (!v.ok())
                return v.error();
            out.push_back(std::move(v.value()));
        }
        return {};
    };
    if (auto r = sideload("users", zd::userFromJson, page.users); !r.ok())
        return r.error();
    if (auto r = sideload("organizations", zd::organizationFromJson, page.organizations); !r.ok())
        return r.error();
    if (auto r = sideload("groups", zd::groupFromJson, page.groups); !r.ok())
        return r.error();
    if (const auto m = j.find("metric_sets"); m != j.end() && m->is_array())
        for (const auto &item : *m) {
            const qint64 ticketId = item.is_object() && item.contains("ticket_id") && item["ticket_id"].is_number_integer()
                                        ? item["ticket_id"].get<qint64>()
                                        : 0;
            const auto at = index.find(ticketId);
            if (at == index.end())
                continue;
            auto &ticket = page.tickets[at->second];
            if (auto metrics = zd::metricsFromJson(item, ticket.createdAt); metrics.ok()) {
                ticket.firstReplyAt = metrics.value().firstReplyAt;
                ticket.solvedAt = metrics.value().solvedAt;
            }
        }
    if (j.contains("after_cursor") && j["after_cursor"].is_string())
        page.afterCursor = QString::fromStdString(j["after_cursor"].get<std::string>());
    page.endOfStream = j.value("end_of_stream", json(false)).is_boolean() && j.value("end_of_stream", false);
    return page;
}

quint64 ZendeskClient::incrementalPage(const QString &cursor, qint64 startTime, int perPage, QObject *context,
                                       std::function<void(Result<IncrementalPage>)> done)
{
    QUrlQuery q;
    if (cursor.isEmpty())
        q.addQueryItem(QStringLiteral("start_time"), QString::number(startTime));
    else
        q.addQueryItem(QStringLiteral("cursor"), QString::fromLatin1(QUrl::toPercentEncoding(cursor)));
    q.addQueryItem(QStringLiteral("per_page"), QString::number(std::clamp(perPage, 1, 1000)));
    q.addQueryItem(QStringLiteral("include"), QStringLiteral("users,organizations,groups,metric_sets"));
    return m_rest->send(RestRequest::get(QStringLiteral("/api/v2/incremental/tickets/cursor.json"), q), context,
                        [done = std::move(done)](Result<RestResponse> r) {
                            if (!r.ok()) {
                                done(r.error());
                                return;
                            }
                            auto body = r.value().json();
                            if (!body.ok()) {
                                done(body.error());
                                return;
                            }
                            done(parseIncrementalPage(body.value()));
                        });
}

void ZendeskClient::updateTicket(qint64 id, const TicketUpdate &update, QObject *context, std::function<void(Result<models::Ticket>)> done)
{
    m_rest->send(RestRequest::put(QStringLiteral("/api/v2/tickets/%1.json").arg(id), update.toJson()), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<models::Ticket>(r, "ticket", zd::ticketFromJson)); });
}

void ZendeskClient::applyChange(qint64 id, const json &ticketObject, qint64 safeUpdateStamp, const QString &idempotencyKey,
                                QObject *context, std::function<void(Result<AppliedChange>)> done)
{
    json ticket = ticketObject.is_object() ? ticketObject : json::object();
    if (safeUpdateStamp > 0) {
        ticket["safe_update"] = true;
        ticket["updated_stamp"] = zd::isoTime(safeUpdateStamp);
    }
    RestRequest request = RestRequest::put(QStringLiteral("/api/v2/tickets/%1.json").arg(id),
                                           QByteArray::fromStdString(json{{"ticket", std::move(ticket)}}.dump()));
    request.idempotent = false; // a comment sent twice is posted twice
    if (!idempotencyKey.isEmpty())
        request.headers.append({QByteArrayLiteral("Idempotency-Key"), idempotencyKey.toUtf8()});
    m_rest->send(std::move(request), context, [done = std::move(done)](Result<RestResponse> r) {
        done(member<AppliedChange>(r, "ticket", [&r](const json &t) -> Result<AppliedChange> {
            auto ticket = zd::ticketFromJson(t);
            if (!ticket.ok())
                return ticket.error();
            AppliedChange out{std::move(ticket).value(), 0};
            // The audit's Comment event carries the new comment's id.
            const auto body = r.value().json();
            if (body.ok() && body.value().contains("audit") && body.value()["audit"].is_object()) {
                const json &events = body.value()["audit"].value("events", json::array());
                if (events.is_array())
                    for (const json &e : events)
                        if (e.is_object() && e.value("type", std::string()) == "Comment" && e.contains("id") && e["id"].is_number_integer())
                            out.commentId = e["id"].get<qint64>();
            }
            return out;
        }));
    });
}

void ZendeskClient::updateMany(const QList<qint64> &ids, const TicketUpdate &update, QObject *context,
                               std::function<void(Result<JobStatus>)> done)
{
    if (ids.isEmpty() || ids.size() > 100) {
        QTimer::singleShot(0, context ? context : this, [done = std::move(done), n = ids.size()] {
            done(Error::make(Error::Kind::Config, QStringLiteral("update_many takes 1 to 100 tickets, not %1").arg(n)));
        });
        return;
    }
    QStringList idText;
    for (qint64 id : ids)
        idText << QString::number(id);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("ids"), idText.join(u','));
    RestRequest request = RestRequest::put(QStringLiteral("/api/v2/tickets/update_many.json"), update.toJson());
    request.query = q;
    m_rest->send(std::move(request), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<JobStatus>(r, "job_status", parseJobStatus)); });
}

void ZendeskClient::jobStatus(const QString &id, QObject *context, std::function<void(Result<JobStatus>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/job_statuses/%1.json").arg(id)), context,
                 [done = std::move(done)](Result<RestResponse> r) { done(member<JobStatus>(r, "job_status", parseJobStatus)); });
}

void ZendeskClient::waitForJob(const QString &id, std::chrono::milliseconds interval, QObject *context,
                               std::function<void(Result<JobStatus>)> done)
{
    QObject *owner = context ? context : this;
    QPointer<ZendeskClient> self(this);
    jobStatus(id, owner, [self, id, interval, owner, done = std::move(done)](Result<JobStatus> r) mutable {
        if (!r.ok() || r.value().finished() || !self) {
            done(std::move(r));
            return;
        }
        QTimer::singleShot(interval, owner, [self, id, interval, owner, done = std::move(done)]() mutable {
            if (self)
                self->waitForJob(id, interval, owner, std::move(done));
        });
    });
}

void ZendeskClient::updateManyEach(const json &tickets, QObject *context, std::function<void(Result<JobStatus>)> done)
{
    if (!tickets.is_array() || tickets.empty() || tickets.size() > 100) {
        QTimer::singleShot(0, context ? context : this, [done = std::move(done), n = tickets.is_array() ? tickets.size() : 0] {
            done(Error::make(Error::Kind::Config, QStringLiteral("update_many takes 1 to 100 tickets, not %1").arg(n)));
        });
        return;
    }
    m_rest->send(
        RestRequest::put(QStringLiteral("/api/v2/tickets/update_many.json"), QByteArray::fromStdString(json{{"tickets", tickets}}.dump())),
        context, [done = std::move(done)](Result<RestResponse> r) { done(member<JobStatus>(r, "job_status", parseJobStatus)); });
}

void ZendeskClient::applyMacro(qint64 ticketId, qint64 macroId, QObject *context, std::function<void(Result<MacroResult>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/tickets/%1/macros/%2/apply.json").arg(ticketId).arg(macroId)), context,
                 [done = std::move(done)](Result<RestResponse> r) {
                     done(member<MacroResult>(r, "result", [](const json &result) -> Result<MacroResult> {
                         if (!result.is_object() || !result.contains("ticket"))
                             return Error::make(Error::Kind::BadPayload, QStringLiteral("A macro's result has no ticket."));
                         auto ticket = zd::ticketFromJson(result["ticket"]);
                         if (!ticket.ok())
                             return ticket.error();
                         MacroResult out{std::move(ticket).value(), std::nullopt, true};
                         if (const auto c = result.find("comment"); c != result.end() && c->is_object()) {
                             const json &body = c->value("body", json());
                             if (body.is_string() && !body.get<std::string>().empty())
                                 out.comment = QString::fromStdString(body.get<std::string>());
                             out.commentPublic = c->value("public", true);
                         }
                         return out;
                     }));
                 });
}

void ZendeskClient::showMany(const QList<qint64> &ids, QObject *context, std::function<void(Result<std::vector<models::Ticket>>)> done)
{
    if (ids.isEmpty() || ids.size() > 100) {
        QTimer::singleShot(0, context ? context : this, [done = std::move(done), n = ids.size()] {
            done(Error::make(Error::Kind::Config, QStringLiteral("show_many takes 1 to 100 tickets, not %1").arg(n)));
        });
        return;
    }
    QStringList idText;
    for (qint64 id : ids)
        idText << QString::number(id);
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("ids"), idText.join(u','));
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/tickets/show_many.json"), q), context,
                 [done = std::move(done)](Result<RestResponse> r) {
                     done(member<std::vector<models::Ticket>>(r, "tickets", [](const json &list) -> Result<std::vector<models::Ticket>> {
                         if (!list.is_array())
                             return Error::make(Error::Kind::BadPayload, QStringLiteral("show_many answered without a list of tickets."));
                         std::vector<models::Ticket> out;
                         for (const json &t : list)
                             if (auto ticket = zd::ticketFromJson(t); ticket.ok())
                                 out.push_back(std::move(ticket).value());
                         return out;
                     }));
                 });
}

void ZendeskClient::assignableGroups(QObject *context, std::function<void(Result<std::vector<models::Group>>)> done)
{
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/groups/assignable.json")), context,
                 [done = std::move(done)](Result<RestResponse> r) {
                     done(member<std::vector<models::Group>>(r, "groups", [](const json &list) -> Result<std::vector<models::Group>> {
                         std::vector<models::Group> out;
                         if (list.is_array())
                             for (const json &g : list)
                                 if (auto group = zd::groupFromJson(g); group.ok())
                                     out.push_back(std::move(group).value());
                         return out;
                     }));
                 });
}

void ZendeskClient::agents(QObject *context, std::function<void(Result<std::vector<models::User>>)> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("role[]"), QStringLiteral("agent"));
    q.addQueryItem(QStringLiteral("role[]"), QStringLiteral("admin"));
    m_rest->send(RestRequest::get(QStringLiteral("/api/v2/users.json"), q), context, [done = std::move(done)](Result<RestResponse> r) {
        done(member<std::vector<models::User>>(r, "users", [](const json &list) -> Result<std::vector<models::User>> {
            std::vector<models::User> out;
            if (list.is_array())
                for (const json &u : list)
                    if (auto user = zd::userFromJson(u); user.ok())
                        out.push_back(std::move(user).value());
            return out;
        }));
    });
}

} // namespace cosmicdesk::connectors
