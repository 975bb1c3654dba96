#pragma once

#include "auth.h"
#include "restclient.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::connectors {

// Key-pair JWT (RS256, OpenSSL EVP): iss = ACCOUNT.USER.SHA256:<base64 sha256 of DER SubjectPublicKeyInfo>,
// sub = ACCOUNT.USER, iat = now, exp = iat + lifetime (<= 3600). Cached; renewed 5 minutes before exp;
// invalidate() (a 401) makes a fresh one once.
class SnowflakeJwtAuth final : public AuthProvider
{
public:
    struct Config
    {
        QString account;          // the account identifier as in the URL ("myorg-myaccount", "xy12345.ap-southeast-1")
        QString user;             // the login name (uppercased for the claims)
        QByteArray privateKeyPem; // unencrypted PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY")
        std::chrono::seconds lifetime{3600};
    };
    explicit SnowflakeJwtAuth(Config config);
    ~SnowflakeJwtAuth() override;

    Result<void> status() const; // Config error when the key cannot be read (says why)
    // "xy12345.ap-southeast-1" -> "XY12345", "myorg-myaccount" -> "MYORG-MYACCOUNT", dots in org/account -> '-'.
    // A scheme, ".snowflakecomputing.com" and ".privatelink" are dropped first.
    static QString jwtAccount(const QString &accountIdentifier);
    // "SHA256:...", from a private (PKCS#8 or PKCS#1) or public (SubjectPublicKeyInfo or PKCS#1) PEM.
    static Result<QString> publicKeyFingerprint(const QByteArray &pem);
    Result<QByteArray> token(qint64 nowSecs) const; // the JWT itself (the cached one while it is fresh)
    void authorization(Ready ready) override;       // "Bearer <jwt>"
    bool invalidate(const QByteArray &used) override;

    int tokensMade() const { return m_made; }

private:
    struct Key;
    Config m_config;
    std::unique_ptr<Key> m_key;
    QString m_keyError;
    QString m_issuer, m_subject;
    mutable QByteArray m_token;
    mutable qint64 m_expiresAt = 0;
    mutable int m_made = 0;
    mutable bool m_tokenAfterRefusal = false; // the current token was made because the last one met a 401
    mutable bool m_forceFresh = false;
};

struct SnowflakeBinding
{
    QString type = QStringLiteral("TEXT");
    std::vector<std::optional<QString>> values; // 1 value, or one per row (array binding -> JSON array "value":[...])
};

struct SnowflakeStatement
{
    QString sql;
    std::vector<SnowflakeBinding> bindings; // position 1..n
    QString requestId;                      // a UUID, the same for every attempt of one logical statement (empty: the client makes one)
    bool retry = false;                     // an earlier attempt may have reached Snowflake: send retry=true
    bool async = false;                     // async=true: the answer is 202 and the client polls
    // A ready "bindings" object (JSON text), sent as it is in place of `bindings`: a caller that
    // already holds its values as JSON spares the conversion (the lake's batches of records).
    QByteArray rawBindings;
    int timeoutSecs = 60;
};

struct SnowflakeColumn
{
    QString name;
    QString type;
    int scale = 0;
};

struct SnowflakeResult
{
    QString statementHandle, requestId, code, message;
    std::vector<SnowflakeColumn> columns;
    std::vector<std::vector<std::optional<QString>>> rows;     // every partition, in order; NULL = nullopt
    qint64 rowsInserted = 0, rowsUpdated = 0, rowsDeleted = 0; // "stats" of DML
};

// Snowflake's SQL API v2 (docs/wire-formats.md §5, docs/connectors.md "Snowflake") over a RestClient
// that makes one attempt per call: this client does its own retries, so that a re-submitted POST
// says retry=true with the statement's one requestId and Snowflake runs it at most once.
class SnowflakeClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnowflakeClient)

public:
    struct Config
    {
        RestClient::Options rest;                  // baseUrl https://{account}.snowflakecomputing.com (or the sandbox)
        QString database, schema, warehouse, role; // sent when not empty
        std::chrono::milliseconds pollStart{1000}, pollCap{10000};
        int maxSubmitAttempts = 6;
        // X-Snowflake-Authorization-Token-Type; empty: KEYPAIR_JWT for a SnowflakeJwtAuth, else OAUTH.
        QByteArray tokenType;
        QString queryTag = QStringLiteral("cosmicdesk"); // parameters.query_tag when not empty
        // retry=true on the first submission too. Qt's HTTP stack re-sends a request by itself, once,
        // when its connection is reset before an answer, POSTs included and without telling: a
        // statement Snowflake had already received would then run twice. With retry=true that
        // re-send is answered from the requestId's memory; a requestId Snowflake has not seen runs as usual.
        bool retryFlagOnEverySubmit = true;
    };
    SnowflakeClient(Config config, std::shared_ptr<AuthProvider> auth, QObject *parent = nullptr);
    ~SnowflakeClient() override;

    // Submits, polls a 202 until 200/422 (growing delay), reads every partition (GET ?partition=i, gzip ok),
    // decodes rows as strings by rowType. Errors: 422 -> BadPayload with httpStatus 422 and
    // message "<code> (<sqlState>): <message>"; 408 -> Timeout; 401 -> Auth (after one fresh JWT);
    // 403 -> Auth; 400/404/405/415 -> BadPayload/NotFound with the body's message; 429/5xx retried with
    // jittered backoff by the client itself, and every re-submission of a POST carries the same requestId AND retry=true.
    void execute(SnowflakeStatement statement, QObject *context, std::function<void(Result<SnowflakeResult>)> done);
    void cancel(const QString &statementHandle, QObject *context, std::function<void(Result<void>)> done);

    // Decoding helpers (public for tests): a jsonv2 cell by its rowType: FIXED/REAL/TEXT/BOOLEAN as is, DATE -> ISO date,
    // TIMESTAMP_* -> epoch seconds string as sent; compare type names case-insensitively.
    static std::optional<QString> decodeCell(const nlohmann::json &cell, const SnowflakeColumn &column);
    // A ResultSet (200) body: metadata, partition 0's rows and the DML stats.
    static Result<SnowflakeResult> resultFromJson(const nlohmann::json &body);
    // A partition's "data" decoded by the columns.
    static Result<std::vector<std::vector<std::optional<QString>>>> rowsFromJson(const nlohmann::json &data,
                                                                                 const std::vector<SnowflakeColumn> &columns);
    // "<code> (<sqlState>): <message>" of a QueryFailureStatus, or the body's message.
    static QString describeFailure(const QByteArray &body);
    // The JSON body of a submission (statement, timeout, context, bindings, parameters).
    QByteArray submissionBody(const SnowflakeStatement &statement) const;

private:
    struct Job;
    void submit(std::shared_ptr<Job> job);
    void poll(std::shared_ptr<Job> job, const QString &statusUrl);
    void fetchPartition(std::shared_ptr<Job> job, std::size_t partition);
    void handleFinished(std::shared_ptr<Job> job, const RestResponse &response);
    // A retryable failure of any call: the next try after the backoff (or Retry-After), or the end.
    bool retryLater(std::shared_ptr<Job> job, const Error &error, int attempt, int maxAttempts, std::function<void()> again);
    void finish(std::shared_ptr<Job> job, Result<SnowflakeResult> result);
    static bool stopped(Job &job); // finished, or nobody waits any more (then it ends here)
    RestRequest withHeaders(RestRequest request) const;
    // RestClient's error for `url` with what Snowflake's body said (code, SQL state, message).
    Error withBody(Error error, const QString &url);

    Config m_config;
    std::unique_ptr<RestClient> m_rest;
    QByteArray m_tokenType;
    QHash<QString, QByteArray> m_errorBodies; // by request URL, until its callback reads it
};

} // namespace cosmicdesk::connectors
