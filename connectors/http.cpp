#include "http.h"

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::connectors {

using namespace Qt::Literals::StringLiterals;

RestRequest RestRequest::get(QString path, QUrlQuery query)
{
    RestRequest r;
    r.path = std::move(path);
    r.query = std::move(query);
    return r;
}

RestRequest RestRequest::put(QString path, QByteArray jsonBody)
{
    RestRequest r;
    r.method = "PUT";
    r.path = std::move(path);
    r.body = std::move(jsonBody);
    return r;
}

RestRequest RestRequest::post(QString path, QByteArray body, bool idempotent)
{
    RestRequest r;
    r.method = "POST";
    r.path = std::move(path);
    r.body = std::move(body);
    r.idempotent = idempotent;
    return r;
}

QByteArray RestResponse::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerCaseName)
            return value;
    return {};
}

Result<nlohmann::json> RestResponse::json() const
{
    auto parsed = nlohmann::json::parse(body.cbegin(), body.cend(), nullptr, false);
    if (parsed.is_discarded()) {
        const QString what =
            body.isEmpty() ? QStringLiteral("an empty body") : QStringLiteral("%1 bytes that are not JSON").arg(body.size());
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 answered with %2").arg(url.host(), what), status);
    }
    return parsed;
}

std::optional<StatusClass> classifyStatus(int status, QByteArrayView body)
{
    using K = Error::Kind;
    if (status >= 200 && status < 300)
        return std::nullopt;
    switch (status) {
    case 401: return StatusClass{K::Auth, false};
    case 403:
        // Salesforce signals its API quota with 403 REQUEST_LIMIT_EXCEEDED.
        if (body.contains(QByteArrayView("REQUEST_LIMIT_EXCEEDED")))
            return StatusClass{K::RateLimited, true};
        return StatusClass{K::Auth, false};
    case 404: return StatusClass{K::NotFound, false};
    case 409: return StatusClass{K::Conflict, false};
    case 408: return StatusClass{K::Timeout, true};
    case 429: return StatusClass{K::RateLimited, true};
    case 500:
    case 502:
    case 503:
    case 504: return StatusClass{K::Server, true};
    default: break;
    }
    if (status >= 500)
        return StatusClass{K::Server, false};
    return StatusClass{K::BadPayload, false}; // 400, 422 …: the request itself was refused
}

std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, std::chrono::seconds cap, qint64 nowSecs)
{
    const QByteArray v = value.trimmed().toByteArray();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double delta = v.toDouble(&ok);
    qint64 secs = 0;
    if (ok && std::isfinite(delta)) {
        secs = static_cast<qint64>(std::ceil(delta));
    } else {
        // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
        QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (!at.isValid())
            at = QDateTime::fromString(QString::fromLatin1(v), Qt::RFC2822Date);
        if (!at.isValid())
            return std::nullopt;
        at.setTimeSpec(Qt::UTC);
        secs = at.toSecsSinceEpoch() - nowSecs;
    }
    return std::chrono::seconds(std::clamp<qint64>(secs, 0, cap.count()));
}

std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap, double unitRandom)
{
    const double ceiling =
        std::min<double>(static_cast<double>(cap.count()), static_cast<double>(base.count()) * std::ldexp(1.0, std::clamp(attempt, 0, 30)));
    return std::chrono::milliseconds(static_cast<qint64>(std::clamp(unitRandom, 0.0, 1.0) * ceiling));
}

namespace {

QString jsonText(const nlohmann::json &j)
{
    if (j.is_string())
        return QString::fromStdString(j.get<std::string>());
    if (j.is_null())
        return {};
    return QString::fromStdString(j.dump());
}

QString elided(QString s)
{
    s = s.simplified();
    if (s.size() > 200)
        s = s.left(199) + QChar(0x2026);
    return s;
}

} // namespace

QString describeErrorBody(QByteArrayView body)
{
    const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    if (j.is_discarded())
        return elided(QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 400))));
    QStringList parts;
    if (j.is_object()) {
        const auto err = j.find("error");
        if (err != j.end() && err->is_object()) { // Stripe: {"error":{"type","code","message"}}
            parts << jsonText(err->value("message", nlohmann::json()));
            if (err->contains("code"))
                parts << QStringLiteral("(%1)").arg(jsonText((*err)["code"]));
        } else {
            if (err != j.end())
                parts << jsonText(*err);
            if (j.contains("description"))
                parts << jsonText(j["description"]);
            if (j.contains("message")) // Snowflake, Slack-like bodies
                parts << jsonText(j["message"]);
            if (j.contains("details") && j["details"].is_object()) // Zendesk 422 details
                for (const auto &[field, list] : j["details"].items())
                    if (list.is_array())
                        for (const auto &d : list)
                            if (d.is_object() && d.contains("description"))
                                parts << jsonText(d["description"]);
        }
    } else if (j.is_array() && !j.empty() && j[0].is_object()) { // Salesforce: [{"message","errorCode"}]
        parts << jsonText(j[0].value("message", nlohmann::json()));
        if (j[0].contains("errorCode"))
            parts << QStringLiteral("(%1)").arg(jsonText(j[0]["errorCode"]));
    }
    parts.removeAll(QString());
    return elided(parts.isEmpty() ? QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 400))) : parts.join(u' '));
}

QString redactedUrl(const QUrl &url)
{
    static const QStringList secretish = {u"token"_s,    u"access_token"_s, u"refresh_token"_s, u"client_secret"_s,
                                          u"password"_s, u"api_key"_s,      u"apikey"_s,        u"key"_s,
                                          u"secret"_s,   u"signature"_s,    u"sig"_s,           u"code"_s};
    QUrl copy = url;
    copy.setUserInfo({});
    QUrlQuery q(copy);
    const auto items = q.queryItems(QUrl::FullyEncoded);
    QUrlQuery out;
    for (const auto &[k, v] : items)
        out.addQueryItem(k, secretish.contains(k.toLower()) ? u"***"_s : v);
    copy.setQuery(out);
    return copy.toString(QUrl::FullyEncoded);
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &u) { return u.port(u.scheme() == u"https"_s ? 443 : 80); };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           port(a) == port(b);
}

Result<QUrl> checkCredentialUrl(const QUrl &url)
{
    const auto refuse = [](const QString &why) { return Error::make(Error::Kind::Config, why); };
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return refuse(u"\"%1\" is not a complete address (https://host)"_s.arg(redactedUrl(url)));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s)
        return refuse(u"\"%1\" is not an http(s) address"_s.arg(redactedUrl(url)));
    // A user name or password in the address would be sent as Basic auth by Qt and kept in the
    // settings in plain text: the keychain is the only place for a secret.
    if (!url.userName().isEmpty() || !url.password().isEmpty())
        return refuse(u"The address must not contain a user name or password (%1): enter the credentials in their own fields"_s.arg(
            redactedUrl(url)));
    if (scheme == u"http"_s && !isLoopbackHost(url.host()))
        return refuse(
            u"%1 would receive the credentials unencrypted: use https:// (plain http is only for this machine)"_s.arg(url.host()));
    return url;
}

} // namespace cosmicdesk::connectors
