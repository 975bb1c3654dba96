#include "auth.h"

#include "restclient.h"

#include <nlohmann/json.hpp>

#include <QDateTime>

namespace cosmicdesk::connectors {

AuthProvider::~AuthProvider() = default;

bool AuthProvider::invalidate(const QByteArray &)
{
    return false;
}

ZendeskTokenAuth::ZendeskTokenAuth(const QString &email, const QString &apiToken)
    : m_header("Basic " + QByteArray(email.toUtf8() + "/token:" + apiToken.toUtf8()).toBase64())
{
}

void ZendeskTokenAuth::authorization(Ready ready)
{
    ready(m_header);
}

BearerAuth::BearerAuth(const QString &token) : m_header("Bearer " + token.toUtf8()) {}

void BearerAuth::authorization(Ready ready)
{
    ready(m_header);
}

OAuth2Auth::OAuth2Auth(Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_grant(std::make_unique<nlohmann::json>(nlohmann::json::object()))
{
    RestClient::Options o;
    o.baseUrl = m_config.tokenUrl;
    o.maxAttempts = 3;
    m_tokenClient = std::make_unique<RestClient>(o, nullptr);
}

OAuth2Auth::~OAuth2Auth() = default;

const nlohmann::json &OAuth2Auth::lastGrant() const
{
    return *m_grant;
}

void OAuth2Auth::authorization(Ready ready)
{
    if (!m_header.isEmpty() && QDateTime::currentMSecsSinceEpoch() < m_expiresAtMs) {
        ready(m_header);
        return;
    }
    m_waiting.push_back(std::move(ready));
    if (!m_fetching)
        fetch();
}

bool OAuth2Auth::invalidate(const QByteArray &used)
{
    if (used == m_header)
        m_header.clear(); // the next authorization() fetches a fresh token
    return true;
}

void OAuth2Auth::fetch()
{
    // The grant's body carries the client secret: never to an unencrypted or user:pass@ address.
    if (auto url = checkCredentialUrl(m_config.tokenUrl); !url.ok()) {
        auto waiting = std::exchange(m_waiting, {});
        for (auto &ready : waiting)
            ready(url.error());
        return;
    }
    m_fetching = true;
    ++m_fetches;
    const bool refresh = m_config.grant == Grant::RefreshToken;
    RestRequest request;
    request.method = "POST";
    request.path = m_config.tokenUrl.toString();
    request.authenticated = false;
    request.idempotent = true; // a token grant may be asked for twice
    if (m_config.format == BodyFormat::Json) {
        nlohmann::json body = {{"grant_type", refresh ? "refresh_token" : "client_credentials"},
                               {"client_id", m_config.clientId.toStdString()},
                               {"client_secret", m_config.clientSecret.toStdString()}};
        if (refresh)
            body["refresh_token"] = m_config.refreshToken.toStdString();
        if (!m_config.scope.isEmpty())
            body["scope"] = m_config.scope.toStdString();
        request.body = QByteArray::fromStdString(body.dump());
    } else {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("grant_type"), refresh ? QStringLiteral("refresh_token") : QStringLiteral("client_credentials"));
        form.addQueryItem(QStringLiteral("client_id"), m_config.clientId);
        form.addQueryItem(QStringLiteral("client_secret"), m_config.clientSecret);
        if (refresh)
            form.addQueryItem(QStringLiteral("refresh_token"), m_config.refreshToken);
        if (!m_config.scope.isEmpty())
            form.addQueryItem(QStringLiteral("scope"), m_config.scope);
        request.body = form.toString(QUrl::FullyEncoded).toUtf8();
        request.contentType = "application/x-www-form-urlencoded";
    }
    m_tokenClient->send(std::move(request), this, [this](Result<RestResponse> r) {
        m_fetching = false;
        Result<QByteArray> outcome = Error::make(Error::Kind::Auth, QString());
        if (!r.ok()) {
            Error e = r.error();
            // The token endpoint answers 400 invalid_grant / 401 invalid_client for bad credentials.
            if (e.httpStatus == 400 || e.httpStatus == 401)
                e.kind = Error::Kind::Auth;
            e.message = QStringLiteral("Sign-in at %1 failed: %2").arg(m_config.tokenUrl.host(), e.message);
            outcome = e;
        } else if (auto j = r.value().json(); !j.ok()) {
            outcome = j.error();
        } else if (const auto &g = j.value(); !g.is_object() || !g.contains("access_token") || !g["access_token"].is_string()) {
            outcome = Error::make(Error::Kind::BadPayload,
                                  QStringLiteral("The token answer from %1 has no access_token").arg(m_config.tokenUrl.host()));
        } else {
            *m_grant = g;
            m_header = "Bearer " + QByteArray::fromStdString(g["access_token"].get<std::string>());
            int lifetime = m_config.defaultLifetimeSecs;
            if (g.contains("expires_in") && g["expires_in"].is_number())
                lifetime = g["expires_in"].get<int>();
            // Renew a minute early (or at half-life for short tokens) so no request carries a dying token.
            const qint64 margin = std::min<qint64>(60, lifetime / 2);
            m_expiresAtMs = QDateTime::currentMSecsSinceEpoch() + (lifetime - margin) * 1000;
            if (g.contains("refresh_token") && g["refresh_token"].is_string()) {
                const QString rotated = QString::fromStdString(g["refresh_token"].get<std::string>());
                if (!rotated.isEmpty() && rotated != m_config.refreshToken) {
                    m_config.refreshToken = rotated;
                    Q_EMIT refreshTokenRotated(rotated);
                }
            }
            outcome = m_header;
        }
        auto waiting = std::exchange(m_waiting, {});
        for (auto &ready : waiting)
            ready(outcome);
    });
}

} // namespace cosmicdesk::connectors
