#pragma once

#include "http.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace cosmicdesk::connectors {

class RestClient;

// Supplies the Authorization header for a connector's requests. Asynchronous because an OAuth token
// may have to be fetched first; the answer comes on the client's thread.
class AuthProvider
{
public:
    virtual ~AuthProvider();
    using Ready = std::function<void(Result<QByteArray> header)>; // empty header: send none
    virtual void authorization(Ready ready) = 0;
    // The server refused `used` with 401. True when a fresh credential may help (the client then
    // retries once); false when the credential is simply wrong.
    virtual bool invalidate(const QByteArray &used);
};

// Zendesk API token: Basic base64("{email}/token:{token}").
class ZendeskTokenAuth final : public AuthProvider
{
public:
    ZendeskTokenAuth(const QString &email, const QString &apiToken);
    void authorization(Ready ready) override;

private:
    QByteArray m_header;
};

// A fixed bearer token (Stripe secret key, a pasted OAuth access token).
class BearerAuth final : public AuthProvider
{
public:
    explicit BearerAuth(const QString &token);
    void authorization(Ready ready) override;

private:
    QByteArray m_header;
};

// A key sent as the whole Authorization value, without a scheme (SingPost).
class RawKeyAuth final : public AuthProvider
{
public:
    explicit RawKeyAuth(const QString &key) : m_header(key.toUtf8()) {}
    void authorization(Ready ready) override { ready(m_header); }

private:
    QByteArray m_header;
};

// OAuth 2.0 with the refresh-token or client-credentials grant: fetches an access token from the
// token endpoint, caches it until shortly before it expires, shares one fetch among every request
// waiting for it, and fetches anew once when the server answers 401.
class OAuth2Auth final : public QObject, public AuthProvider
{
    Q_OBJECT

public:
    enum class Grant { RefreshToken, ClientCredentials };
    enum class BodyFormat { Json, Form }; // Zendesk and NinjaVan take JSON, Salesforce a form
    struct Config
    {
        QUrl tokenUrl;
        Grant grant = Grant::RefreshToken;
        BodyFormat format = BodyFormat::Json;
        QString clientId, clientSecret, refreshToken, scope;
        int defaultLifetimeSecs = 900; // when the answer has no expires_in (Salesforce)
    };

    OAuth2Auth(Config config, QObject *parent = nullptr);
    ~OAuth2Auth() override;

    void authorization(Ready ready) override;
    bool invalidate(const QByteArray &used) override;

    // The last token answer (Salesforce puts instance_url there).
    const nlohmann::json &lastGrant() const;
    int tokenFetches() const { return m_fetches; }

Q_SIGNALS:
    // A rotated refresh token that the credential store should keep.
    void refreshTokenRotated(const QString &refreshToken);

private:
    void fetch();

    Config m_config;
    std::unique_ptr<RestClient> m_tokenClient;
    std::unique_ptr<nlohmann::json> m_grant;
    QByteArray m_header;
    qint64 m_expiresAtMs = 0;
    bool m_fetching = false;
    int m_fetches = 0;
    std::vector<Ready> m_waiting;
};

} // namespace cosmicdesk::connectors
