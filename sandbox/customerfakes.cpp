#include "customerfakes.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <triage/textutil.h>

namespace cosmicdesk::sandbox {

using nlohmann::json;

namespace {

QByteArray dump(const json &j)
{
    return QByteArray::fromStdString(j.dump());
}

qint64 nowSecs()
{
    return QDateTime::currentSecsSinceEpoch();
}

// Salesforce: 2024-05-02T08:20:11.000+0000.
json sfTime(qint64 secs)
{
    if (secs <= 0)
        return nullptr;
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+0000")).toStdString();
}

// DHL and SingPost send local times without an offset.
std::string localTime(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toStdString();
}

QByteArray bearerOf(const SandboxRequest &r)
{
    const QByteArray h = r.header("authorization");
    return h.startsWith("Bearer ") ? h.mid(7) : QByteArray();
}

SandboxReply sfError(int status, const char *code, const QString &message)
{
    return SandboxReply::json(status, dump(json::array({{{"message", message.toStdString()}, {"errorCode", code}}})));
}

SandboxReply stripeError(int status, const char *type, const char *code, const QString &message)
{
    json e = {{"type", type}, {"message", message.toStdString()}};
    if (code)
        e["code"] = code;
    SandboxReply r = SandboxReply::json(status, dump(json{{"error", e}}));
    return r;
}

SandboxReply problem(int status, const char *title, const char *detail)
{
    SandboxReply r =
        SandboxReply::json(status, dump(json{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}}));
    r.contentType = "application/problem+json";
    return r;
}

struct StageCodes
{
    const char *dhl;
    const char *singPost;
    const char *reason;
};

StageCodes codesOf(const std::string &stage)
{
    if (stage == "info_received")
        return {"pre-transit", "IR", "-"};
    if (stage == "out_for_delivery")
        return {"transit", "OD", "-"};
    if (stage == "delivered")
        return {"delivered", "DL", "-"};
    if (stage == "exception")
        return {"failure", "UD", "NA"};
    if (stage == "returning")
        return {"transit", "RT", "-"};
    if (stage == "returned")
        return {"delivered", "RS", "-"};
    return {"transit", "TR", "-"};
}

// A dispute's evidence before anything was submitted: every field Stripe lists, empty.
json disputeEvidence()
{
    json e = json::object();
    for (const char *field : {"access_activity_log",
                              "billing_address",
                              "cancellation_policy",
                              "cancellation_policy_disclosure",
                              "cancellation_rebuttal",
                              "customer_communication",
                              "customer_email_address",
                              "customer_name",
                              "customer_purchase_ip",
                              "customer_signature",
                              "duplicate_charge_documentation",
                              "duplicate_charge_explanation",
                              "duplicate_charge_id",
                              "product_description",
                              "receipt",
                              "refund_policy",
                              "refund_policy_disclosure",
                              "refund_refusal_explanation",
                              "service_date",
                              "service_documentation",
                              "shipping_address",
                              "shipping_carrier",
                              "shipping_date",
                              "shipping_documentation",
                              "shipping_tracking_number",
                              "uncategorized_file",
                              "uncategorized_text"})
        e[field] = nullptr;
    e["enhanced_evidence"] = json::object();
    return e;
}

constexpr const char *kIndustries[] = {"Retail", "Consumer Goods", "Food & Beverage", "Apparel", "Electronics", "Health & Beauty"};

} // namespace

CustomerFakes::CustomerFakes(HttpSandbox &server, const DemoWorld &world, CustomerFakeOptions options)
    : m_server(server), m_world(world), m_options(std::move(options)), m_base(server.baseUrl().toStdString())
{
    index();
    addSalesforce();
    addStripe();
    addCarriers();
    addProducts();
    addFaultReplies();
}

// Each vendor's own "server error" and "too many requests" (docs/wire-formats.md §2–§4).
void CustomerFakes::addFaultReplies()
{
    const auto retryAfter = [](SandboxReply r, const FaultKnobs &k) {
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(k.retryAfterSecs)));
        return r;
    };
    // Salesforce has no 429: an exhausted allowance is 403 REQUEST_LIMIT_EXCEEDED, without Retry-After.
    m_server.setFaultReply(QStringLiteral("salesforce"), [](Fault fault, const FaultKnobs &) {
        return fault == Fault::RateLimited
                   ? sfError(403, "REQUEST_LIMIT_EXCEEDED", QStringLiteral("TotalRequests Limit exceeded."))
                   : sfError(500, "UNKNOWN_EXCEPTION",
                             QStringLiteral("An unexpected error occurred. Please include this ErrorId if you contact support: "
                                            "1948213542-51327 (-1276425123)"));
    });
    // Stripe documents no Retry-After: an error object with code rate_limit.
    m_server.setFaultReply(QStringLiteral("stripe"), [](Fault fault, const FaultKnobs &) {
        return fault == Fault::RateLimited ? stripeError(429, "invalid_request_error", "rate_limit",
                                                         QStringLiteral("Request rate limit exceeded. Learn more about rate limits here "
                                                                        "https://stripe.com/docs/rate-limits."))
                                           : stripeError(500, "api_error", nullptr, QStringLiteral("An unknown error occurred"));
    });
    m_server.setFaultReply(QStringLiteral("dhl"), [retryAfter](Fault fault, const FaultKnobs &k) {
        return fault == Fault::RateLimited ? retryAfter(problem(429, "Too Many Requests", "Rate limit quota violation."), k)
                                           : problem(500, "Internal Server Error", "The request could not be processed.");
    });
    m_server.setFaultReply(QStringLiteral("ninjavan"), [retryAfter](Fault fault, const FaultKnobs &k) {
        return fault == Fault::RateLimited
                   ? retryAfter(SandboxReply::json(
                                    429, dump(json{{"error", {{"title", "Too Many Requests"}, {"message", "Rate limit exceeded"}}}})),
                                k)
                   : SandboxReply::json(500,
                                        dump(json{{"error", {{"title", "Internal Server Error"}, {"message", "Something went wrong"}}}}));
    });
    // SingPost's gateway (provisional, §4c): a small JSON status.
    m_server.setFaultReply(QStringLiteral("singpost"), [retryAfter](Fault fault, const FaultKnobs &k) {
        return fault == Fault::RateLimited
                   ? retryAfter(SandboxReply::json(429, dump(json{{"statusCode", 429},
                                                                  {"message", "Rate limit is exceeded. Try again in " +
                                                                                  std::to_string(k.retryAfterSecs) + " seconds."}})),
                                k)
                   : SandboxReply::json(500, dump(json{{"statusCode", 500}, {"message", "Internal server error"}}));
    });
    m_server.setFaultReply(QStringLiteral("products"), [retryAfter](Fault fault, const FaultKnobs &k) {
        return fault == Fault::RateLimited
                   ? retryAfter(SandboxReply::json(429, dump(json{{"error", "rate_limited"}, {"message", "Too many requests"}})), k)
                   : SandboxReply::json(500, dump(json{{"error", "internal"}, {"message", "Something went wrong"}}));
    });
}

void CustomerFakes::index()
{
    const auto &accounts = m_world.accounts();
    const auto &people = m_world.people();
    m_worlds.reserve(accounts.size());
    for (std::size_t i = 0; i < accounts.size(); ++i)
        m_worlds.push_back(m_world.accountWorld(i));
    // Salesforce sends a Number field as a JSON number with its decimals (3901122.0).
    const auto externalId = [this](qint64 id) {
        return m_options.salesforceExternalIdNumeric ? json(double(id)) : json(std::to_string(id));
    };
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        const DemoAccount &a = accounts[i];
        const std::size_t accountRecord = m_records.size();
        m_records.push_back({"Account",
                             {{"Id", a.salesforceAccountId},
                              {"Name", a.name},
                              {"Type", "Customer"},
                              {"Industry", kIndustries[i % std::size(kIndustries)]},
                              {"Phone", nullptr},
                              {"Website", "https://www." + a.domain},
                              {"BillingCountry", a.country},
                              {"CreatedDate", sfTime(a.createdAt)}}});
        for (std::size_t pi : a.people) {
            const DemoPerson &p = people[pi];
            json parent = m_records[accountRecord].fields;
            parent["attributes"] = {{"type", "Account"}, {"url", "/services/data/v62.0/sobjects/Account/" + a.salesforceAccountId}};
            m_records.push_back({"Contact",
                                 {{"Id", p.salesforceContactId},
                                  {"FirstName", p.firstName},
                                  {"LastName", p.lastName},
                                  {"Name", p.firstName + " " + p.lastName},
                                  {"Email", p.email},
                                  {"Phone", p.phone},
                                  {"Title", nullptr},
                                  {"AccountId", a.salesforceAccountId},
                                  {"Zendesk_User_Id__c", externalId(p.id)},
                                  {"Account", std::move(parent)}}});
        }
        for (const DemoCase &c : m_worlds[i].cases) {
            const DemoPerson &p = people[c.person];
            m_records.push_back(
                {"Case",
                 {{"Id", c.id},
                  {"CaseNumber", c.caseNumber},
                  {"Subject", c.subject},
                  {"Status", c.status},
                  {"Priority", c.priority},
                  {"Origin", c.origin},
                  {"IsClosed", c.status == "Closed"},
                  {"CreatedDate", sfTime(c.created)},
                  {"ClosedDate", sfTime(c.closed)},
                  {"AccountId", a.salesforceAccountId},
                  {"ContactId", p.salesforceContactId},
                  {"ContactEmail", p.email},
                  {"SuppliedEmail", nullptr},
                  {"Contact",
                   {{"attributes", {{"type", "Contact"}, {"url", "/services/data/v62.0/sobjects/Contact/" + p.salesforceContactId}}},
                    {"Zendesk_User_Id__c", externalId(p.id)},
                    {"Email", p.email}}}}});
        }
        auto &charges = m_charges[a.stripeCustomerId];
        for (const DemoOrder &o : m_worlds[i].orders) {
            if (!o.charge.id.empty()) {
                charges.push_back(&o.charge);
                m_orderOfCharge[o.charge.id] = &o;
            }
            if (!o.shipment.carrier.empty())
                m_parcels[o.shipment.trackingNumber] = Parcel{&o.shipment, &o};
        }
        std::sort(charges.begin(), charges.end(), [](const DemoCharge *x, const DemoCharge *y) {
            return x->created != y->created ? x->created > y->created : x->id > y->id;
        });
    }
}

QString CustomerFakes::trackingNumber(const QString &carrier, std::size_t nth) const
{
    for (const auto &[number, parcel] : m_parcels)
        if (QString::fromStdString(parcel.shipment->carrier) == carrier && nth-- == 0)
            return QString::fromStdString(number);
    return {};
}

QString CustomerFakes::stripeCustomerOf(qint64 zendeskUserId) const
{
    for (const auto &p : m_world.people())
        if (p.id == zendeskUserId)
            return QString::fromStdString(m_world.accounts()[p.account].stripeCustomerId);
    return {};
}

// ---- Salesforce

void CustomerFakes::addSalesforce()
{
    auto withLimits = [this](SandboxReply reply) {
        reply.headers.append(qMakePair(QByteArray("Sforce-Limit-Info"), QByteArray("api-usage=" + QByteArray::number(m_apiCalls) + '/' +
                                                                                   QByteArray::number(m_options.salesforceDailyLimit))));
        return reply;
    };
    auto authorised = [this](const SandboxRequest &r) {
        const auto it = m_tokens.find(bearerOf(r).toStdString());
        return it != m_tokens.end() && it->second > nowSecs();
    };
    m_server.addRoute(QStringLiteral("salesforce.token"), "POST", QStringLiteral("/services/oauth2/token"),
                      [this](const SandboxRequest &r) {
                          const QUrlQuery form(QString::fromUtf8(r.body()));
                          const QString grant = form.queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded);
                          auto refuse = [](const char *error, const char *description) {
                              return SandboxReply::json(400, dump(json{{"error", error}, {"error_description", description}}));
                          };
                          if (grant != u"refresh_token" && grant != u"client_credentials")
                              return refuse("unsupported_grant_type", "grant type not supported");
                          if (form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) != m_options.salesforceClientId)
                              return refuse("invalid_client_id", "client identifier invalid");
                          if (form.queryItemValue(QStringLiteral("client_secret"), QUrl::FullyDecoded) != m_options.salesforceClientSecret)
                              return refuse("invalid_client", "invalid client credentials");
                          if (grant == u"refresh_token" &&
                              form.queryItemValue(QStringLiteral("refresh_token"), QUrl::FullyDecoded) != m_options.salesforceRefreshToken)
                              return refuse("invalid_grant", "expired access/refresh token");
                          const std::string token = "00Ddemo!" + std::to_string(++m_counter) + "AQ0AQH0dMHZ";
                          m_tokens[token] = nowSecs() + 7200;
                          return SandboxReply::json(200, dump(json{{"access_token", token},
                                                                   {"signature", "0CmxinZir53Yex7nE0TD+zMpvIWYGb/bdJh6XfOH6EQ="},
                                                                   {"scope", "api"},
                                                                   {"instance_url", m_base},
                                                                   {"id", m_base + "/id/00Ddemo/005demo"},
                                                                   {"token_type", "Bearer"},
                                                                   {"issued_at", std::to_string(QDateTime::currentMSecsSinceEpoch())}}));
                      });
    m_server.addRoute(QStringLiteral("salesforce.query"), "GET", QStringLiteral("/services/data/v\\d+\\.\\d/query"),
                      [this, authorised, withLimits](const SandboxRequest &r) {
                          if (!authorised(r))
                              return sfError(401, "INVALID_SESSION_ID", QStringLiteral("Session expired or invalid"));
                          if (nowSecs() - m_apiWindowStart >= 24 * 3600) { // the allowance is per rolling day
                              m_apiWindowStart = nowSecs();
                              m_apiCalls = 0;
                          }
                          if (m_apiCalls >= m_options.salesforceDailyLimit)
                              return withLimits(sfError(403, "REQUEST_LIMIT_EXCEEDED", QStringLiteral("TotalRequests Limit exceeded.")));
                          ++m_apiCalls;
                          return withLimits(soql(r));
                      });
    m_server.addRoute(QStringLiteral("salesforce.describe"), "GET", QStringLiteral("/services/data/v\\d+\\.\\d/sobjects/(\\w+)/describe"),
                      [this, authorised, withLimits](const SandboxRequest &r) {
                          if (!authorised(r))
                              return sfError(401, "INVALID_SESSION_ID", QStringLiteral("Session expired or invalid"));
                          ++m_apiCalls;
                          return withLimits(describe(r.args.value(0)));
                      });
    m_server.addRoute(QStringLiteral("salesforce.query_more"), "GET", QStringLiteral("/services/data/v\\d+\\.\\d/query/([\\w-]+)"),
                      [this, authorised, withLimits](const SandboxRequest &r) {
                          if (!authorised(r))
                              return sfError(401, "INVALID_SESSION_ID", QStringLiteral("Session expired or invalid"));
                          ++m_apiCalls;
                          const auto it = m_locators.find(r.args.value(0).toStdString());
                          if (it == m_locators.end())
                              return sfError(400, "INVALID_QUERY_LOCATOR", QStringLiteral("invalid query locator"));
                          auto rest = std::move(it->second);
                          m_locators.erase(it);
                          const std::size_t batch = std::size_t(std::max(1, m_options.salesforceBatchSize));
                          return withLimits(soqlPage(std::move(rest), batch));
                      });
}

SandboxReply CustomerFakes::soqlPage(std::vector<json> records, std::size_t batch)
{
    const std::size_t total = records.size();
    json page = {{"totalSize", total}, {"done", total <= batch}};
    json list = json::array();
    for (std::size_t i = 0; i < std::min(batch, total); ++i)
        list.push_back(std::move(records[i]));
    if (total > batch) {
        const std::string locator = "01gDEMO" + std::to_string(++m_counter);
        m_locators[locator] =
            std::vector<json>(std::make_move_iterator(records.begin() + std::ptrdiff_t(batch)), std::make_move_iterator(records.end()));
        page["nextRecordsUrl"] = "/services/data/v62.0/query/" + locator;
    }
    page["records"] = std::move(list);
    return SandboxReply::json(200, dump(page));
}

SandboxReply CustomerFakes::soql(const SandboxRequest &r)
{
    const QString q = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).simplified();
    static const QRegularExpression shape(
        QStringLiteral("^SELECT (.+?) FROM (\\w+)(?: WHERE (.+?))?(?: ORDER BY (\\w+)(?: (ASC|DESC))?)?(?: LIMIT (\\d+))?$"),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = shape.match(q);
    if (!m.hasMatch())
        return sfError(400, "MALFORMED_QUERY", QStringLiteral("unexpected token in: %1").arg(q.left(80)));
    const std::string type = m.captured(2).toStdString();
    const json *sample = nullptr;
    for (const auto &rec : m_records)
        if (rec.type == type) {
            sample = &rec.fields;
            break;
        }
    if (!sample)
        return sfError(400, "INVALID_TYPE", QStringLiteral("sObject type '%1' is not supported.").arg(m.captured(2)));
    // "Name" or a parent's field "Account.Name".
    auto lookup = [](const json &fields, const QString &name) -> const json * {
        const QStringList parts = name.split(u'.');
        const json *at = &fields;
        for (const QString &part : parts) {
            if (!at->is_object() || !at->contains(part.toStdString()))
                return nullptr;
            at = &(*at)[part.toStdString()];
        }
        return at;
    };
    QStringList fields = m.captured(1).split(u',');
    for (QString &f : fields) {
        f = f.trimmed();
        if (!lookup(*sample, f))
            return sfError(400, "INVALID_FIELD", QStringLiteral("No such column '%1' on entity '%2'.").arg(f, m.captured(2)));
    }
    // WHERE: Field = 'literal' (Text) or Field = 123 (Number) conditions joined by OR; anything else,
    // and a literal of the wrong kind for its field, is refused as Salesforce does.
    std::vector<std::pair<std::string, std::string>> conditions;
    if (const QString where = m.captured(3); !where.isEmpty()) {
        static const QRegularExpression condition(QStringLiteral("([\\w.]+) = (?:'((?:[^'\\\\]|\\\\.)*)'|(-?\\d+(?:\\.\\d+)?)\\b)"));
        QString rest = where;
        auto it = condition.globalMatch(where);
        while (it.hasNext()) {
            const auto c = it.next();
            const json *column = lookup(*sample, c.captured(1));
            if (!column)
                return sfError(400, "INVALID_FIELD",
                               QStringLiteral("No such column '%1' on entity '%2'.").arg(c.captured(1), m.captured(2)));
            const bool quoted = c.capturedLength(3) == 0;
            const QString name = c.captured(1).section(u'.', -1);
            if (column->is_number() && quoted)
                return sfError(400, "INVALID_FIELD",
                               QStringLiteral("value of filter criterion for field '%1' must be of type double and should not be "
                                              "enclosed in quotes")
                                   .arg(name));
            if (!column->is_number() && !quoted)
                return sfError(400, "INVALID_FIELD",
                               QStringLiteral("value of filter criterion for field '%1' must be of type string and should be "
                                              "enclosed in quotes")
                                   .arg(name));
            QString value = quoted ? c.captured(2) : c.captured(3);
            static const QRegularExpression escape(QStringLiteral("\\\\(.)"));
            value.replace(escape, QStringLiteral("\\1")); // \' → ', \\ → \ (SOQL's other escapes are not sent by the client)
            conditions.emplace_back(c.captured(1).toStdString(), value.toStdString());
            rest.replace(c.captured(0), QString());
        }
        rest.remove(QRegularExpression(QStringLiteral("\\bOR\\b|[()\\s]"), QRegularExpression::CaseInsensitiveOption));
        if (!rest.isEmpty() || conditions.empty())
            return sfError(400, "MALFORMED_QUERY", QStringLiteral("unexpected token: '%1'").arg(rest.left(40)));
    }
    std::vector<json> matched;
    for (const auto &rec : m_records) {
        if (rec.type != type)
            continue;
        bool ok = conditions.empty();
        for (const auto &[field, value] : conditions) {
            const json *found = lookup(rec.fields, QString::fromStdString(field));
            if (!found)
                continue;
            const json &v = *found;
            if ((v.is_string() && v.get<std::string>() == value) || (v.is_boolean() && (v.get<bool>() ? "true" : "false") == value) ||
                (v.is_number() && v.get<double>() == QString::fromStdString(value).toDouble())) {
                ok = true;
                break;
            }
        }
        if (!ok)
            continue;
        json out = {{"attributes",
                     {{"type", type}, {"url", "/services/data/v62.0/sobjects/" + type + "/" + rec.fields.value("Id", std::string())}}}};
        for (const QString &f : fields) {
            const int dot = int(f.indexOf(u'.'));
            if (dot < 0) {
                out[f.toStdString()] = rec.fields[f.toStdString()];
                continue;
            }
            // Parent fields arrive nested, with the parent's attributes (or null without a parent).
            const std::string parent = f.left(dot).toStdString();
            const json &p = rec.fields[parent];
            if (p.is_null()) {
                out[parent] = nullptr;
                continue;
            }
            if (!out.contains(parent))
                out[parent] = {{"attributes", p.value("attributes", json::object())}};
            out[parent][f.mid(dot + 1).toStdString()] = *lookup(rec.fields, f);
        }
        matched.push_back(std::move(out));
    }
    if (const QString order = m.captured(4); !order.isEmpty()) {
        const std::string key = order.toStdString();
        const bool desc = m.captured(5).compare(u"DESC", Qt::CaseInsensitive) == 0;
        std::stable_sort(matched.begin(), matched.end(), [&key, desc](const json &a, const json &b) {
            const std::string x = a.value(key, json()).is_string() ? a[key].get<std::string>() : std::string();
            const std::string y = b.value(key, json()).is_string() ? b[key].get<std::string>() : std::string();
            return desc ? x > y : x < y;
        });
    }
    if (!m.captured(6).isEmpty())
        matched.resize(std::min<std::size_t>(matched.size(), m.captured(6).toULongLong()));
    std::size_t batch = std::size_t(std::max(1, m_options.salesforceBatchSize));
    static const QRegularExpression batchOption(QStringLiteral("batchSize=(\\d+)"));
    if (const auto b = batchOption.match(QString::fromLatin1(r.header("sforce-query-options"))); b.hasMatch())
        batch = std::min(batch, std::size_t(std::clamp(b.captured(1).toInt(), 200, 2000)));
    return soqlPage(std::move(matched), batch);
}

// The sObject describe, as far as a client reads it: each field's name, label and type.
SandboxReply CustomerFakes::describe(const QString &type) const
{
    const std::string name = type.toStdString();
    for (const auto &rec : m_records) {
        if (rec.type != name)
            continue;
        json fields = json::array();
        for (const auto &[field, value] : rec.fields.items()) {
            if (value.is_object())
                continue; // a parent relationship, not a field
            const bool reference = field != "Id" && field.size() > 2 && field.ends_with("Id") && !field.ends_with("__c");
            const char *kind = field == "Id"             ? "id"
                               : reference               ? "reference"
                               : value.is_number()       ? "double"
                               : value.is_boolean()      ? "boolean"
                               : field == "Email"        ? "email"
                               : field == "Phone"        ? "phone"
                               : field.ends_with("Date") ? "datetime"
                                                         : "string";
            fields.push_back({{"name", field},
                              {"label", field},
                              {"type", kind},
                              {"externalId", field.ends_with("__c")},
                              {"nillable", field != "Id"},
                              {"filterable", true}});
        }
        return SandboxReply::json(200, dump(json{{"name", name}, {"label", name}, {"queryable", true}, {"fields", std::move(fields)}}));
    }
    return sfError(404, "NOT_FOUND", QStringLiteral("The requested resource does not exist"));
}

// ---- Stripe

void CustomerFakes::addStripe()
{
    auto gate = [this](const SandboxRequest &r) -> std::optional<SandboxReply> {
        if (bearerOf(r) != m_options.stripeKey.toUtf8())
            return stripeError(401, "invalid_request_error", nullptr,
                               QStringLiteral("Invalid API Key provided: %1****").arg(QString::fromLatin1(bearerOf(r).left(8))));
        return std::nullopt;
    };
    auto withId = [this](SandboxReply reply) {
        reply.headers.append(qMakePair(QByteArray("Request-Id"), QByteArray("req_demo") + QByteArray::number(++m_counter)));
        return reply;
    };
    auto customerJson = [this](const DemoAccount &a) {
        const DemoPerson &p = m_world.people()[a.people.front()];
        // Every field of Stripe's own customer (stripe/openapi fixtures3.json).
        return json{
            {"id", a.stripeCustomerId},
            {"object", "customer"},
            {"address", nullptr},
            {"balance", 0},
            {"created", a.createdAt},
            {"currency", triage::asciiLower(a.currency)},
            {"default_source", nullptr},
            {"delinquent", false},
            {"description", nullptr},
            {"discount", nullptr},
            {"email", p.email},
            {"invoice_prefix", "CD" + a.stripeCustomerId.substr(a.stripeCustomerId.size() - 5)},
            {"invoice_settings",
             {{"custom_fields", nullptr}, {"default_payment_method", nullptr}, {"footer", nullptr}, {"rendering_options", nullptr}}},
            {"livemode", false},
            {"metadata", {{"zendesk_organization_id", std::to_string(a.id)}}},
            {"name", a.name},
            {"next_invoice_sequence", 1},
            {"phone", nullptr},
            {"preferred_locales", json::array()},
            {"shipping", nullptr},
            {"tax_exempt", "none"},
            {"test_clock", nullptr}};
    };
    auto list = [](const char *url, json data, bool more) {
        return json{{"object", "list"}, {"url", url}, {"has_more", more}, {"data", std::move(data)}};
    };
    m_server.addRoute(QStringLiteral("stripe.customers"), "GET", QStringLiteral("/v1/customers"), [=, this](const SandboxRequest &r) {
        if (auto refused = gate(r))
            return withId(*refused);
        const std::string email = r.query.queryItemValue(QStringLiteral("email"), QUrl::FullyDecoded).toStdString();
        json data = json::array();
        for (const auto &a : m_world.accounts())
            if (email.empty() || m_world.people()[a.people.front()].email == email)
                data.push_back(customerJson(a));
        return withId(SandboxReply::json(200, dump(list("/v1/customers", std::move(data), false))));
    });
    m_server.addRoute(
        QStringLiteral("stripe.customer_search"), "GET", QStringLiteral("/v1/customers/search"), [=, this](const SandboxRequest &r) {
            if (auto refused = gate(r))
                return withId(*refused);
            const QString query = r.query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
            static const QRegularExpression clause(QStringLiteral("^(email|name|metadata\\['(\\w+)'\\]):'([^']*)'$"));
            const auto m = clause.match(query.trimmed());
            if (!m.hasMatch())
                return withId(stripeError(400, "invalid_request_error", "parameter_invalid_string",
                                          QStringLiteral("Invalid search query: %1").arg(query)));
            json data = json::array();
            for (const auto &a : m_world.accounts()) {
                const json c = customerJson(a);
                const std::string value = m.captured(3).toStdString();
                const bool hit = m.captured(1) == u"email"  ? c["email"] == value
                                 : m.captured(1) == u"name" ? c["name"] == value
                                                            : c["metadata"].value(m.captured(2).toStdString(), std::string()) == value;
                if (hit)
                    data.push_back(c);
            }
            return withId(SandboxReply::json(200, dump(json{{"object", "search_result"},
                                                            {"url", "/v1/customers/search"},
                                                            {"has_more", false},
                                                            {"next_page", nullptr},
                                                            {"data", std::move(data)}})));
        });
    m_server.addRoute(QStringLiteral("stripe.charges"), "GET", QStringLiteral("/v1/charges"), [=, this](const SandboxRequest &r) {
        if (auto refused = gate(r))
            return withId(*refused);
        const std::string customer = r.query.queryItemValue(QStringLiteral("customer"), QUrl::FullyDecoded).toStdString();
        const int limit = std::clamp(r.query.queryItemValue(QStringLiteral("limit")).toInt(), 0, 100);
        const std::size_t pageSize = limit > 0 ? std::size_t(limit) : 10;
        const std::string after = r.query.queryItemValue(QStringLiteral("starting_after"), QUrl::FullyDecoded).toStdString();
        const bool expandRefunds = r.query.allQueryItemValues(QStringLiteral("expand[]"), QUrl::FullyDecoded).contains(u"data.refunds");
        const auto it = m_charges.find(customer);
        const std::vector<const DemoCharge *> none;
        const auto &all = it == m_charges.end() ? none : it->second;
        std::size_t from = 0;
        if (!after.empty()) {
            while (from < all.size() && all[from]->id != after)
                ++from;
            if (from == all.size())
                return withId(stripeError(400, "invalid_request_error", "resource_missing",
                                          QStringLiteral("No such charge: '%1'").arg(QString::fromStdString(after))));
            ++from;
        }
        const DemoAccount *account = nullptr;
        for (const auto &a : m_world.accounts())
            if (a.stripeCustomerId == customer)
                account = &a;
        json data = json::array();
        for (std::size_t i = from; i < std::min(all.size(), from + pageSize); ++i) {
            const DemoCharge &c = *all[i];
            const DemoOrder &o = *m_orderOfCharge.at(c.id);
            const DemoPerson &p = m_world.people()[o.person];
            const bool paid = c.status == "succeeded";
            const std::string brand = account ? triage::asciiLower(account->cardBrand) : "visa";
            // Every field Stripe always sends (stripe/openapi fixtures3.json's charge), nulls included.
            json charge = {
                {"id", c.id},
                {"object", "charge"},
                {"amount", c.amount},
                {"amount_captured", c.status == "succeeded" ? c.amount : 0},
                {"amount_refunded", c.amountRefunded},
                {"application", nullptr},
                {"application_fee", nullptr},
                {"application_fee_amount", nullptr},
                {"balance_transaction", paid ? json("txn_" + c.id.substr(3)) : json()},
                {"calculated_statement_descriptor", "COSMICDESK DEMO"},
                {"failure_balance_transaction", nullptr},
                {"fraud_details", json::object()},
                {"on_behalf_of", nullptr},
                {"payment_method", "pm_" + c.id.substr(3)},
                {"receipt_email", p.email},
                {"receipt_number", nullptr},
                {"review", nullptr},
                {"shipping", nullptr},
                {"source", nullptr},
                {"source_transfer", nullptr},
                {"statement_descriptor", nullptr},
                {"statement_descriptor_suffix", nullptr},
                {"transfer_data", nullptr},
                {"transfer_group", nullptr},
                {"currency", triage::asciiLower(account ? account->currency : std::string("sgd"))},
                {"status", c.status},
                {"paid", c.status == "succeeded"},
                {"captured", c.status == "succeeded"},
                {"refunded", c.amountRefunded > 0 && c.amountRefunded >= c.amount},
                {"disputed", c.disputed},
                {"customer", customer},
                {"payment_intent", c.paymentIntent},
                {"invoice", c.invoiceId.empty() ? json() : json(c.invoiceId)},
                {"description", c.description},
                {"created", c.created},
                {"livemode", false},
                {"failure_code", c.failureCode.empty() ? json() : json(c.failureCode)},
                {"failure_message", c.failureCode.empty() ? json() : json("Your card was declined.")},
                {"receipt_url", c.receiptUrl},
                {"billing_details",
                 {{"email", p.email},
                  {"name", p.firstName + " " + p.lastName},
                  {"phone", nullptr},
                  {"tax_id", nullptr},
                  {"address",
                   {{"city", nullptr},
                    {"country", account ? account->country : "SG"},
                    {"line1", nullptr},
                    {"line2", nullptr},
                    {"postal_code", nullptr},
                    {"state", nullptr}}}}},
                {"outcome",
                 {{"advice_code", nullptr},
                  {"network_advice_code", nullptr},
                  {"network_decline_code", nullptr},
                  {"network_status", c.status == "failed" ? "declined_by_network" : "approved_by_network"},
                  {"reason", nullptr},
                  {"risk_level", "normal"},
                  {"risk_score", 20},
                  {"seller_message",
                   c.status == "failed" ? "The bank did not return any further details with this decline." : "Payment complete."},
                  {"type", c.status == "failed" ? "issuer_declined" : "authorized"}}},
                {"payment_method_details",
                 {{"type", "card"},
                  {"card",
                   {{"amount_authorized", paid ? json(c.amount) : json()},
                    {"authorization_code", paid ? json("123456") : json()},
                    {"brand", brand},
                    {"checks", {{"address_line1_check", nullptr}, {"address_postal_code_check", nullptr}, {"cvc_check", "pass"}}},
                    {"country", account ? account->country : "SG"},
                    {"exp_month", 8},
                    {"exp_year", 2028},
                    {"extended_authorization", {{"status", "disabled"}}},
                    {"fingerprint", "Fp" + c.id.substr(c.id.size() - 14)},
                    {"funding", "credit"},
                    {"incremental_authorization", {{"status", "unavailable"}}},
                    {"installments", nullptr},
                    {"last4", account ? account->cardLast4 : "4242"},
                    {"mandate", nullptr},
                    {"multicapture", {{"status", "unavailable"}}},
                    {"network", brand},
                    {"network_token", {{"used", false}}},
                    {"network_transaction_id", paid ? json("58" + c.id.substr(c.id.size() - 13)) : json()},
                    {"overcapture", {{"maximum_amount_capturable", c.amount}, {"status", "unavailable"}}},
                    {"regulated_status", "unregulated"},
                    {"three_d_secure", nullptr},
                    {"transaction_link_id", nullptr},
                    {"wallet", nullptr}}}}},
                {"metadata", {{"order_id", std::to_string(o.number)}}}};
            if (expandRefunds) {
                json refunds = json::array();
                for (const auto &re : o.refunds)
                    refunds.push_back({{"id", re.id},
                                       {"object", "refund"},
                                       {"amount", re.amount},
                                       {"balance_transaction", "txn_" + re.id.substr(3)},
                                       {"charge", re.chargeId},
                                       {"created", re.created},
                                       {"currency", charge["currency"]},
                                       {"customer", customer},
                                       {"customer_account", nullptr},
                                       {"destination_details", {{"card", {{"type", "refund"}}}, {"type", "card"}}},
                                       {"metadata", json::object()},
                                       {"payment_intent", c.paymentIntent},
                                       {"payment_method", "pm_" + c.id.substr(3)},
                                       {"reason", re.reason},
                                       {"receipt_number", nullptr},
                                       {"source_transfer_reversal", nullptr},
                                       {"status", re.status},
                                       {"transfer_reversal", nullptr}});
                charge["refunds"] = list("/v1/refunds", std::move(refunds), false);
            }
            data.push_back(std::move(charge));
        }
        const bool more = from + pageSize < all.size();
        return withId(SandboxReply::json(200, dump(list("/v1/charges", std::move(data), more))));
    });
    m_server.addRoute(QStringLiteral("stripe.disputes"), "GET", QStringLiteral("/v1/disputes"), [=, this](const SandboxRequest &r) {
        if (auto refused = gate(r))
            return withId(*refused);
        const std::string charge = r.query.queryItemValue(QStringLiteral("charge"), QUrl::FullyDecoded).toStdString();
        // By charge, or the account's newest (created[gte], limit) when no charge is named.
        std::vector<std::pair<const DemoDispute *, const DemoOrder *>> found;
        if (!charge.empty()) {
            if (const auto it = m_orderOfCharge.find(charge); it != m_orderOfCharge.end())
                for (const auto &d : it->second->disputes)
                    found.emplace_back(&d, it->second);
        } else {
            const qint64 since = r.query.queryItemValue(QStringLiteral("created[gte]"), QUrl::FullyDecoded).toLongLong();
            for (const auto &[id, order] : m_orderOfCharge)
                for (const auto &d : order->disputes)
                    if (d.created >= since)
                        found.emplace_back(&d, order);
            std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first->created > b.first->created; });
        }
        const int limit = std::clamp(r.query.queryItemValue(QStringLiteral("limit")).toInt(), 0, 100);
        const std::size_t pageSize = limit > 0 ? std::size_t(limit) : 10;
        const bool more = found.size() > pageSize;
        if (more)
            found.resize(pageSize);
        json data = json::array();
        for (const auto &[dp, order] : found) {
            const DemoDispute &d = *dp;
            data.push_back(
                {{"id", d.id},
                 {"object", "dispute"},
                 {"amount", d.amount},
                 {"currency", "sgd"},
                 {"charge", d.chargeId},
                 {"payment_intent", order->charge.paymentIntent},
                 {"reason", d.reason},
                 {"status", d.status},
                 {"is_charge_refundable", false},
                 {"created", d.created},
                 {"livemode", false},
                 {"metadata", json::object()},
                 {"evidence", disputeEvidence()},
                 {"evidence_details",
                  {{"due_by", d.dueBy},
                   {"enhanced_eligibility", json::object()},
                   {"has_evidence", false},
                   {"past_due", d.dueBy < nowSecs()},
                   {"submission_count", 0}}},
                 {"enhanced_eligibility_types", json::array()},
                 {"payment_method_details",
                  {{"type", "card"},
                   {"card", {{"brand", "visa"}, {"case_type", "chargeback"}, {"network", "visa"}, {"network_reason_code", "10.4"}}}}},
                 {"balance_transactions", json::array()}});
        }
        return withId(SandboxReply::json(200, dump(list("/v1/disputes", std::move(data), more))));
    });
}

// ---- Carriers

void CustomerFakes::addCarriers()
{
    m_server.addRoute(QStringLiteral("dhl.track"), "GET", QStringLiteral("/track/shipments"), [this](const SandboxRequest &r) {
        if (r.header("dhl-api-key") != m_options.dhlKey.toUtf8())
            return problem(401, "Unauthorized", "Invalid API key.");
        const std::string number = r.query.queryItemValue(QStringLiteral("trackingNumber"), QUrl::FullyDecoded).toStdString();
        if (number.empty())
            return problem(400, "Bad Request", "trackingNumber is required.");
        const auto it = m_parcels.find(number);
        if (it == m_parcels.end() || it->second.shipment->carrier != "dhl")
            return problem(404, "No result found", "No shipment with given tracking number found.");
        const DemoShipment &s = *it->second.shipment;
        auto event = [](const DemoShipmentEvent &e) {
            const StageCodes c = codesOf(e.stage);
            // DHL's short status in capitals beside the longer description, as its Express service sends them.
            const std::string status = e.stage == "out_for_delivery" ? "WITH DELIVERY COURIER"
                                       : e.stage == "delivered"      ? "DELIVERED"
                                       : e.stage == "exception"      ? "DELIVERY ATTEMPTED"
                                                                     : QString::fromStdString(e.text).toUpper().toStdString();
            return json{{"timestamp", localTime(e.at)},
                        {"location", {{"address", {{"addressLocality", e.location}}}}},
                        {"statusCode", c.dhl},
                        {"status", status},
                        {"description", e.text}};
        };
        json events = json::array();
        for (auto e = s.events.rbegin(); e != s.events.rend(); ++e) // newest first, as DHL sends them
            events.push_back(event(*e));
        json shipment = {
            {"id", s.trackingNumber},
            {"service", "express"},
            {"origin", {{"address", {{"addressLocality", s.origin}, {"countryCode", "HK"}}}}},
            {"destination",
             {{"address", {{"addressLocality", s.destination}, {"countryCode", "SG"}, {"postalCode", s.destinationPostalCode}}}}},
            {"estimatedTimeOfDelivery", s.estimatedDelivery ? json(localTime(s.estimatedDelivery) + "Z") : json()},
            {"details",
             {{"product", {{"productName", "EXPRESS WORLDWIDE"}}},
              {"totalNumberOfPieces", 1},
              {"pieceIds", json::array({"JD01460000" + s.trackingNumber})}}},
            {"events", std::move(events)}};
        // DHL's 1.4.1 specification has no return flag: a return shows only in the events' words.
        if (!s.events.empty()) {
            shipment["status"] = event(s.events.back());
        } else {
            shipment["status"] = {{"statusCode", "pre-transit"}, {"status", "Shipment information received"}};
        }
        return SandboxReply::json(200, dump(json{{"shipments", json::array({shipment})}}));
    });
    m_server.addRoute(
        QStringLiteral("ninjavan.token"), "POST", QStringLiteral("/(sg|my|id|ph|vn|th)/2\\.0/oauth/access_token"),
        [this](const SandboxRequest &r) {
            const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
            if (body.is_discarded() || body.value("grant_type", std::string()) != "client_credentials" ||
                body.value("client_id", std::string()) != m_options.ninjaVanClientId.toStdString() ||
                body.value("client_secret", std::string()) != m_options.ninjaVanClientSecret.toStdString())
                return SandboxReply::json(401,
                                          dump(json{{"error", {{"title", "Unauthorized"}, {"message", "Invalid client credentials"}}}}));
            const std::string token = "GPJ0e" + std::to_string(++m_counter);
            m_tokens[token] = nowSecs() + 3600;
            return SandboxReply::json(
                200, dump(json{{"access_token", token}, {"expires", nowSecs() + 3600}, {"token_type", "bearer"}, {"expires_in", 3600}}));
        });
    m_server.addRoute(
        QStringLiteral("ninjavan.track"), "GET", QStringLiteral("/(sg|my|id|ph|vn|th)/1\\.0/orders/tracking-events/([^/]+)"),
        [this](const SandboxRequest &r) {
            const auto token = m_tokens.find(bearerOf(r).toStdString());
            if (token == m_tokens.end() || token->second <= nowSecs())
                return SandboxReply::json(401, dump(json{{"error", {{"title", "Unauthorized"}, {"message", "Invalid or expired token"}}}}));
            const std::string number = QUrl::fromPercentEncoding(r.args.value(1).toLatin1()).toStdString();
            const auto it = m_parcels.find(number);
            if (it == m_parcels.end() || it->second.shipment->carrier != "ninjavan")
                return SandboxReply::json(404, dump(json{{"error", {{"title", "Not Found"}, {"message", "Tracking number not found"}}}}));
            json events = json::array();
            bool rts = false;
            for (const auto &e : it->second.shipment->events) {
                rts = rts || e.stage == "returning";
                events.push_back(
                    {{"shipper_id", "1234567"},
                     {"tracking_number", number},
                     {"shipper_order_ref_no", std::to_string(it->second.order->number)},
                     {"timestamp", QDateTime::fromSecsSinceEpoch(e.at, QTimeZone(8 * 3600)).toString(Qt::ISODate).toStdString()},
                     {"status", e.text},
                     {"is_parcel_on_rts_leg", rts && e.stage != "returned"}});
            }
            return SandboxReply::json(
                200, dump(json{{"tracking_number", number}, {"is_full_history_available", true}, {"events", std::move(events)}}));
        });
    m_server.addRoute(QStringLiteral("singpost.track"), "POST", QStringLiteral("/sp/tracking"), [this](const SandboxRequest &r) {
        if (r.header("authorization") != m_options.singPostKey.toUtf8())
            return SandboxReply::text(401, "Unauthorized");
        QStringList numbers;
        QXmlStreamReader in(r.body());
        while (!in.atEnd())
            if (in.readNext() == QXmlStreamReader::StartElement && in.name() == u"TrackingNumber")
                numbers << in.readElementText().trimmed();
        QByteArray out;
        QXmlStreamWriter w(&out);
        w.writeStartDocument();
        w.writeDefaultNamespace(QStringLiteral("http://singpost.com/paw/ns"));
        w.writeStartElement(QStringLiteral("ItemTrackingDetailsResponse"));
        w.writeStartElement(QStringLiteral("Status"));
        w.writeTextElement(QStringLiteral("ErrorCode"), numbers.isEmpty() ? QStringLiteral("1") : QStringLiteral("0"));
        w.writeTextElement(QStringLiteral("ErrorDesc"), numbers.isEmpty() ? QStringLiteral("No tracking number") : QStringLiteral("-"));
        w.writeEndElement();
        w.writeStartElement(QStringLiteral("ItemsTrackingDetailList"));
        for (const QString &n : numbers) {
            const auto it = m_parcels.find(n.toStdString());
            const bool found = it != m_parcels.end() && it->second.shipment->carrier == "singpost";
            w.writeStartElement(QStringLiteral("ItemTrackingDetail"));
            w.writeTextElement(QStringLiteral("TrackingNumber"), n);
            w.writeTextElement(QStringLiteral("TrackingNumberFound"), found ? QStringLiteral("true") : QStringLiteral("false"));
            if (found) {
                const DemoShipment &s = *it->second.shipment;
                w.writeTextElement(QStringLiteral("OriginalCountry"), QStringLiteral("Singapore"));
                w.writeTextElement(QStringLiteral("DestinationCountry"), QString::fromStdString(s.destination));
                w.writeTextElement(QStringLiteral("PostingDate"),
                                   s.events.empty() ? QStringLiteral("-") : QString::fromStdString(localTime(s.events.front().at)));
                w.writeStartElement(QStringLiteral("DeliveryStatusDetails"));
                for (const auto &e : s.events) {
                    const StageCodes c = codesOf(e.stage);
                    w.writeStartElement(QStringLiteral("DeliveryStatusDetail"));
                    w.writeTextElement(QStringLiteral("Date"), QString::fromStdString(localTime(e.at)));
                    w.writeTextElement(QStringLiteral("StatusCode"), QString::fromLatin1(c.singPost));
                    w.writeTextElement(QStringLiteral("StatusDescription"), QString::fromStdString(e.text));
                    w.writeTextElement(QStringLiteral("ReasonCode"), QString::fromLatin1(c.reason));
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndDocument();
        SandboxReply reply = SandboxReply::text(200, out);
        reply.contentType = "application/xml; charset=utf-8";
        return reply;
    });
}

// ---- The shop's product API

void CustomerFakes::addProducts()
{
    m_server.addRoute(QStringLiteral("products.list"), "GET", QStringLiteral("/products"), [this](const SandboxRequest &r) {
        if (bearerOf(r) != m_options.productKey.toUtf8())
            return SandboxReply::json(401, dump(json{{"error", "unauthorized"}, {"message", "A valid API key is required"}}));
        const QStringList skus = r.query.queryItemValue(QStringLiteral("skus"), QUrl::FullyDecoded).split(u',', Qt::SkipEmptyParts);
        if (skus.size() > 100)
            return SandboxReply::json(400, dump(json{{"error", "too_many_skus"}, {"message", "At most 100 SKUs per request"}}));
        json products = json::array();
        for (const auto &p : m_world.products())
            if (skus.contains(QString::fromStdString(p.sku)))
                products.push_back({{"sku", p.sku},
                                    {"name", p.name},
                                    {"category", p.category},
                                    {"price", {{"amount", p.priceCents}, {"currency", "sgd"}}},
                                    {"image_url", p.imageUrl}});
        return SandboxReply::json(200, dump(json{{"products", std::move(products)}}));
    });
}

SandboxCustomerSystems sandboxCustomerSystems(const QString &baseUrl, const CustomerFakeOptions &o, const QString &ordersSqlitePath)
{
    SandboxCustomerSystems s;
    models::CustomerSystemsConfig &c = s.config;
    c.salesforceUrl = c.stripeUrl = c.dhlUrl = c.ninjaVanUrl = c.singPostUrl = c.productsUrl = baseUrl;
    c.salesforceClientId = o.salesforceClientId;
    c.ninjaVanCountry = QStringLiteral("sg");
    c.ninjaVanClientId = o.ninjaVanClientId;
    c.ordersDriver = QStringLiteral("QSQLITE");
    c.ordersDatabase = ordersSqlitePath;
    c.ordersRequireTls = false;
    s.secrets = {{QStringLiteral("salesforce_client_secret"), o.salesforceClientSecret},
                 {QStringLiteral("salesforce_refresh_token"), o.salesforceRefreshToken},
                 {QStringLiteral("stripe_key"), o.stripeKey},
                 {QStringLiteral("dhl_key"), o.dhlKey},
                 {QStringLiteral("ninjavan_client_secret"), o.ninjaVanClientSecret},
                 {QStringLiteral("singpost_key"), o.singPostKey},
                 {QStringLiteral("products_key"), o.productKey}};
    return s;
}

} // namespace cosmicdesk::sandbox
