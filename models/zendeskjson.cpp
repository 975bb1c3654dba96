#include "zendeskjson.h"

#include "isotime.h"

#include "jsonread.h"
#include "textlimits.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QTimeZone>

#include <chrono>
#include <cmath>

namespace cosmicdesk::models::zendesk {

using nlohmann::json;

namespace {

std::string str(const QString &s)
{
    return s.toStdString();
}

json nullable(const QString &s)
{
    return s.isEmpty() ? json() : json(s.toStdString());
}

json nullableId(qint64 id)
{
    return id == 0 ? json() : json(id);
}

namespace limits = textlimits;

// A string field, cut to `max` bytes of UTF-8; `cut` is set when it was longer.
QString text(const json &j, const char *key, std::size_t max, bool &cut)
{
    if (!j.is_object())
        return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? limits::capped(it->get_ref<const std::string &>(), max, cut) : QString();
}

// A one-line field of a record that has no truncation mark (users, organizations, groups).
QString line(const json &j, const char *key)
{
    bool cut = false;
    return text(j, key, limits::kLineBytes, cut);
}

// Zendesk ids are numbers; an id sent as a string is no id.
qint64 id(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? jsonread::integer(j, key) : 0;
}

Error badRecord(const char *what)
{
    return Error::make(Error::Kind::BadPayload, QStringLiteral("A Zendesk %1 without a numeric id").arg(QLatin1String(what)));
}

} // namespace

std::string isoTime(qint64 secs)
{
    if (secs <= 0)
        return {};
    using namespace std::chrono;
    const sys_seconds tp{seconds(secs)};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

qint64 parseIsoTime(const json &value)
{
    if (value.is_number())
        return value.get<qint64>();
    if (!value.is_string())
        return 0;
    return models::parseIsoTime(std::string_view(value.get_ref<const std::string &>()));
}

json ticketJson(const Ticket &t, const std::string &baseUrl)
{
    json tags = json::array();
    for (const QString &tag : t.tags)
        tags.push_back(str(tag));
    const std::string channel = t.channel == Channel::Phone ? "voice" : str(channelName(t.channel));
    return json{
        {"id", t.id},
        {"url", baseUrl + "/api/v2/tickets/" + std::to_string(t.id) + ".json"},
        {"external_id", nullptr},
        {"type", nullptr},
        {"subject", str(t.subject)},
        {"raw_subject", str(t.subject)},
        {"description", str(t.description)},
        {"priority", t.priority ? json(std::string(triage::zendeskPriority(*t.priority))) : json()},
        {"status", str(statusName(t.status))},
        {"requester_id", t.requesterId},
        {"submitter_id", t.requesterId},
        {"assignee_id", nullableId(t.assigneeId)},
        {"organization_id", nullableId(t.organizationId)},
        {"group_id", nullableId(t.groupId)},
        {"collaborator_ids", json::array()},
        {"follower_ids", json::array()},
        {"is_public", true},
        {"due_at", nullptr},
        {"tags", std::move(tags)},
        {"custom_fields", json::array()},
        {"satisfaction_rating", nullptr},
        {"via", {{"channel", channel}, {"source", {{"from", json::object()}, {"to", json::object()}, {"rel", nullptr}}}}},
        {"created_at", isoTime(t.createdAt)},
        {"updated_at", isoTime(t.updatedAt)},
    };
}

json userJson(const User &u, const std::string &baseUrl)
{
    json fields = json::object();
    fields["stripe_customer_id"] = nullable(u.stripeCustomerId);
    return json{
        {"id", u.id},
        {"url", baseUrl + "/api/v2/users/" + std::to_string(u.id) + ".json"},
        {"name", str(u.name)},
        {"email", nullable(u.email)},
        {"phone", nullable(u.phone)},
        {"role", str(roleName(u.role))},
        {"verified", true},
        {"active", true},
        {"suspended", false},
        {"organization_id", nullableId(u.organizationId)},
        {"default_group_id", nullableId(u.defaultGroupId)},
        {"external_id", nullable(u.externalId)},
        {"locale", u.locale.isEmpty() ? std::string("en-US") : str(u.locale)},
        {"time_zone", nullable(u.timeZone)},
        {"iana_time_zone", nullable(u.timeZone)},
        {"tags", json::array()},
        {"user_fields", std::move(fields)},
        {"created_at", isoTime(u.createdAt)},
        {"updated_at", isoTime(u.createdAt)},
        {"last_login_at", nullptr},
    };
}

json organizationJson(const Account &a, const std::string &baseUrl)
{
    return json{
        {"id", a.id},
        {"url", baseUrl + "/api/v2/organizations/" + std::to_string(a.id) + ".json"},
        {"name", str(a.name)},
        {"domain_names", json::array()},
        {"tags", json::array()},
        {"organization_fields",
         {{"plan", nullable(a.plan)},
          {"mrr", static_cast<double>(a.mrrCents) / 100.0},
          {"kam_name", nullable(a.kamName)},
          {"kam_email", nullable(a.kamEmail)},
          {"salesforce_account_id", nullable(a.salesforceAccountId)},
          {"stripe_customer_id", nullable(a.stripeCustomerId)},
          {"country", nullable(a.country)}}},
        {"created_at", isoTime(a.createdAt)},
        {"updated_at", isoTime(a.createdAt)},
    };
}

json groupJson(const Group &g, const std::string &baseUrl)
{
    return json{
        {"id", g.id}, {"url", baseUrl + "/api/v2/groups/" + std::to_string(g.id) + ".json"}, {"name", str(g.name)}, {"deleted", false}};
}

json commentJson(const Comment &c)
{
    const std::string body = str(c.body);
    return json{{"id", c.id},
                {"type", "Comment"},
                {"author_id", c.authorId},
                {"body", body},
                {"plain_body", body},
                {"public", c.isPublic},
                {"attachments", json::array()},
                {"via", {{"channel", "web"}, {"source", {{"from", json::object()}, {"to", json::object()}, {"rel", nullptr}}}}},
                {"created_at", isoTime(c.createdAt)}};
}

Result<Ticket> ticketFromJson(const json &j)
{
    if (!j.is_object() || id(j, "id") <= 0)
        return badRecord("ticket");
    Ticket t;
    t.id = id(j, "id");
    bool cut = false;
    t.subject = text(j, "subject", limits::kLineBytes, cut);
    if (t.subject.isEmpty())
        t.subject = text(j, "raw_subject", limits::kLineBytes, cut);
    t.description = text(j, "description", limits::kBodyBytes, cut);
    t.status = parseStatus(line(j, "status")).value_or(TicketStatus::Open);
    const QString priority = line(j, "priority");
    if (!priority.isEmpty())
        t.priority = triage::fromZendeskPriority(priority.toStdString());
    if (const auto via = j.find("via"); via != j.end() && via->is_object())
        t.channel = parseChannel(line(*via, "channel"));
    t.requesterId = id(j, "requester_id");
    t.organizationId = id(j, "organization_id");
    t.assigneeId = id(j, "assignee_id");
    t.groupId = id(j, "group_id");
    if (const auto tags = j.find("tags"); tags != j.end() && tags->is_array())
        for (const auto &tag : *tags) {
            if (!tag.is_string())
                continue;
            if (std::size_t(t.tags.size()) == limits::kMaxTags) {
                cut = true;
                break;
            }
            t.tags << limits::capped(tag.get_ref<const std::string &>(), limits::kLineBytes, cut);
        }
    t.truncated = cut;
    t.createdAt = parseIsoTime(j.value("created_at", json()));
    t.updatedAt = parseIsoTime(j.value("updated_at", json()));
    if (t.updatedAt == 0)
        t.updatedAt = t.createdAt;
    return t;
}

Result<User> userFromJson(const json &j)
{
    if (!j.is_object() || id(j, "id") <= 0)
        return badRecord("user");
    User u;
    u.id = id(j, "id");
    u.name = line(j, "name");
    u.email = line(j, "email");
    u.phone = line(j, "phone");
    u.role = parseRole(line(j, "role"));
    u.organizationId = id(j, "organization_id");
    u.defaultGroupId = id(j, "default_group_id");
    u.externalId = line(j, "external_id");
    if (const auto f = j.find("user_fields"); f != j.end() && f->is_object())
        u.stripeCustomerId = line(*f, "stripe_customer_id");
    u.locale = line(j, "locale");
    u.timeZone = line(j, "iana_time_zone");
    if (u.timeZone.isEmpty())
        u.timeZone = line(j, "time_zone");
    u.createdAt = parseIsoTime(j.value("created_at", json()));
    return u;
}

Result<Account> organizationFromJson(const json &j)
{
    if (!j.is_object() || id(j, "id") <= 0)
        return badRecord("organization");
    Account a;
    a.id = id(j, "id");
    a.name = line(j, "name");
    if (const auto f = j.find("organization_fields"); f != j.end() && f->is_object()) {
        a.plan = line(*f, "plan");
        if (const auto mrr = f->find("mrr"); mrr != f->end()) {
            if (mrr->is_number())
                a.mrrCents = std::llround(mrr->get<double>() * 100.0);
            else if (mrr->is_string())
                a.mrrCents = std::llround(QString::fromStdString(mrr->get<std::string>()).toDouble() * 100.0);
        }
        a.kamName = line(*f, "kam_name");
        a.kamEmail = line(*f, "kam_email");
        a.salesforceAccountId = line(*f, "salesforce_account_id");
        a.stripeCustomerId = line(*f, "stripe_customer_id");
        a.country = line(*f, "country");
    }
    a.createdAt = parseIsoTime(j.value("created_at", json()));
    return a;
}

Result<Group> groupFromJson(const json &j)
{
    if (!j.is_object() || id(j, "id") <= 0)
        return badRecord("group");
    return Group{id(j, "id"), line(j, "name")};
}

Result<Comment> commentFromJson(const json &j, qint64 ticketId)
{
    if (!j.is_object() || id(j, "id") <= 0)
        return badRecord("comment");
    Comment c;
    c.id = id(j, "id");
    c.ticketId = ticketId;
    c.authorId = id(j, "author_id");
    bool cut = false;
    c.body = text(j, "plain_body", limits::kBodyBytes, cut);
    if (c.body.isEmpty())
        c.body = text(j, "body", limits::kBodyBytes, cut);
    c.truncated = cut;
    const auto pub = j.find("public");
    c.isPublic = pub == j.end() || !pub->is_boolean() || pub->get<bool>();
    c.createdAt = parseIsoTime(j.value("created_at", json()));
    return c;
}

Result<TicketMetrics> metricsFromJson(const json &j, qint64 createdAt)
{
    if (!j.is_object() || id(j, "ticket_id") <= 0)
        return badRecord("metric set");
    TicketMetrics m;
    m.ticketId = id(j, "ticket_id");
    m.solvedAt = parseIsoTime(j.value("solved_at", json()));
    if (const auto r = j.find("reply_time_in_minutes"); r != j.end() && r->is_object() && createdAt > 0) {
        const auto cal = r->find("calendar");
        if (cal != r->end() && cal->is_number())
            m.firstReplyAt = createdAt + cal->get<qint64>() * 60;
    }
    return m;
}

} // namespace cosmicdesk::models::zendesk
