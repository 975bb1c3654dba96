#pragma once

#include <models/result.h>

#include <nlohmann/json_fwd.hpp>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <optional>

namespace cosmicdesk::connectors {

using models::Error;
using models::Result;

// One call as a connector describes it; RestClient adds the base URL, auth and retries.
struct RestRequest
{
    QByteArray method = "GET";
    QString path; // relative to the base URL ("/api/v2/users/me.json"), or an absolute URL
    QUrlQuery query;
    QByteArray body; // sent as application/json unless contentType says otherwise
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    // Whether sending it twice is harmless (GET, absolute PUT, a POST with an idempotency key):
    // only such requests are retried after they may have reached the server.
    bool idempotent = true;
    bool authenticated = true; // false for token endpoints that carry their own credentials

    static RestRequest get(QString path, QUrlQuery query = {});
    static RestRequest put(QString path, QByteArray jsonBody);
    static RestRequest post(QString path, QByteArray body, bool idempotent = false);
};

struct RestResponse
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QUrl url;
    int attempts = 1;

    QByteArray header(QByteArrayView lowerCaseName) const;
    // The body as JSON, or BadPayload naming where it stopped making sense.
    Result<nlohmann::json> json() const;
};

// What a status code means to a caller (docs/wire-formats.md, "Rules shared by every connector").
struct StatusClass
{
    Error::Kind kind = Error::Kind::Server;
    bool retryable = false;
};
std::optional<StatusClass> classifyStatus(int status, QByteArrayView body = {});

// Retry-After as delta-seconds or an HTTP-date, clamped to [0, cap]; nullopt when absent or unreadable.
std::optional<std::chrono::seconds> parseRetryAfter(QByteArrayView value, std::chrono::seconds cap, qint64 nowSecs);

// Full-jitter exponential backoff: a uniform draw from [0, min(cap, base * 2^attempt)].
std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap, double unitRandom);

// A plain sentence from a vendor's error body (Zendesk, Salesforce, Stripe, or text), at most ~200 chars.
QString describeErrorBody(QByteArrayView body);

// The URL as it may appear in a log: query values of secret-looking parameters replaced by "***".
QString redactedUrl(const QUrl &url);

// Whether an account's address may be given credentials: an absolute http(s) URL with a host, no
// user name or password in it, and https unless the host is this machine (127.0.0.0/8, ::1,
// localhost). The URL when it may, else a Config error whose message says why.
Result<QUrl> checkCredentialUrl(const QUrl &url);
// Same scheme, host (case-blind) and port (the scheme's default when none is written).
bool sameOrigin(const QUrl &a, const QUrl &b);
bool isLoopbackHost(const QString &host);

} // namespace cosmicdesk::connectors
