#include "snowflakeclient.h"

#include <models/jsonread.h>

#include <nlohmann/json.hpp>

#include <QDate>
#include <QDateTime>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>

namespace cosmicdesk::connectors {

using nlohmann::json;
using namespace models::jsonread;

namespace {

QString opensslReason()
{
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0)
        return QStringLiteral("unknown OpenSSL error");
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

// Never the terminal prompt OpenSSL falls back to for an encrypted key.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

struct PkeyDeleter
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// A private key (PKCS#8 or PKCS#1 PEM) or, with allowPublic, a public one (SubjectPublicKeyInfo or PKCS#1).
Result<Pkey> readKey(const QByteArray &pem, bool allowPublic)
{
    if (pem.trimmed().isEmpty())
        return Error::make(Error::Kind::Config, QStringLiteral("No RSA key was given"));
    if (pem.contains("ENCRYPTED"))
        return Error::make(Error::Kind::Config, QStringLiteral("The private key is encrypted; give an unencrypted PKCS#8 key"));
    ERR_clear_error();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), &BIO_free);
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr));
    if (!key && allowPublic) {
        ERR_clear_error();
        EVP_PKEY *pub = nullptr;
        OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(&pub, "PEM", nullptr, "RSA", EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
        if (dctx) {
            const auto *data = reinterpret_cast<const unsigned char *>(pem.constData());
            std::size_t len = std::size_t(pem.size());
            if (OSSL_DECODER_from_data(dctx, &data, &len) != 1)
                pub = nullptr;
            OSSL_DECODER_CTX_free(dctx);
        }
        key.reset(pub);
    }
    if (!key)
        return Error::make(Error::Kind::Config, QStringLiteral("The RSA key could not be read (%1)").arg(opensslReason()));
    if (!EVP_PKEY_is_a(key.get(), "RSA"))
        return Error::make(Error::Kind::Config, QStringLiteral("The key is not an RSA key; Snowflake key-pair auth needs RSA"));
    return key;
}

Result<QString> fingerprintOf(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der); // DER SubjectPublicKeyInfo
    if (len <= 0)
        return Error::make(Error::Kind::Config, QStringLiteral("The public key could not be encoded (%1)").arg(opensslReason()));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLen = 0;
    const int ok = EVP_Digest(der, std::size_t(len), digest, &digestLen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    if (ok != 1)
        return Error::make(Error::Kind::Config, QStringLiteral("SHA-256 failed (%1)").arg(opensslReason()));
    return QString(QStringLiteral("SHA256:") +
                   QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(digestLen)).toBase64()));
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool typeIs(const QString &type, const char *name)
{
    return type.compare(QLatin1String(name), Qt::CaseInsensitive) == 0;
}

bool retryableError(const Error &e)
{
    // 408 from Snowflake means the statement ran out of its own timeout and was cancelled: final.
    switch (e.kind) {
    case Error::Kind::Network:
    case Error::Kind::RateLimited:
    case Error::Kind::Server:
        return e.httpStatus == 0 || e.httpStatus == 429 || e.httpStatus == 500 || e.httpStatus == 502 || e.httpStatus == 503 ||
               e.httpStatus == 504;
    case Error::Kind::Timeout: return e.httpStatus == 0;
    default: return false;
    }
}

} // namespace

// ---- SnowflakeJwtAuth

struct SnowflakeJwtAuth::Key
{
    Pkey pkey;
};

SnowflakeJwtAuth::SnowflakeJwtAuth(Config config) : m_config(std::move(config))
{
    m_config.lifetime = std::clamp(m_config.lifetime, std::chrono::seconds(60), std::chrono::seconds(3600));
    const QString account = jwtAccount(m_config.account);
    const QString user = m_config.user.trimmed().toUpper();
    if (account.isEmpty() || user.isEmpty()) {
        m_keyError = QStringLiteral("Snowflake key-pair auth needs an account and a user");
        return;
    }
    auto key = readKey(m_config.privateKeyPem, false);
    if (!key.ok()) {
        m_keyError = key.error().message;
        return;
    }
    auto fp = fingerprintOf(key.value().get());
    if (!fp.ok()) {
        m_keyError = fp.error().message;
        return;
    }
    m_key = std::make_unique<Key>(Key{std::move(key).value()});
    m_subject = account + u'.' + user;
    m_issuer = m_subject + u'.' + fp.value();
}

SnowflakeJwtAuth::~SnowflakeJwtAuth() = default;

Result<void> SnowflakeJwtAuth::status() const
{
    if (!m_keyError.isEmpty())
        return Error::make(Error::Kind::Config, m_keyError);
    return {};
}

QString SnowflakeJwtAuth::jwtAccount(const QString &accountIdentifier)
{
    QString id = accountIdentifier.trimmed().toLower();
    if (const qsizetype scheme = id.indexOf(u"://"); scheme >= 0)
        id = id.mid(scheme + 3);
    id = id.section(u'/', 0, 0).section(u':', 0, 0);
    for (const auto suffix : {u".snowflakecomputing.com", u".snowflakecomputing.cn", u".privatelink"})
        if (id.endsWith(suffix))
            id.chop(qsizetype(std::char_traits<char16_t>::length(suffix)));
    const QString first = id.section(u'.', 0, 0);
    // The preferred form "org-account" has a hyphen before any dot, and a dot in it stands for a
    // hyphen; the locator form "xy12345.region.cloud" keeps only the locator.
    const bool orgAccount = first.contains(u'-') || !id.contains(u'.');
    QString account = orgAccount ? id : first;
    account.replace(u'.', u'-');
    return account.toUpper();
}

Result<QString> SnowflakeJwtAuth::publicKeyFingerprint(const QByteArray &pem)
{
    auto key = readKey(pem, true);
    if (!key.ok())
        return key.error();
    return fingerprintOf(key.value().get());
}

Result<QByteArray> SnowflakeJwtAuth::token(qint64 nowSecs) const
{
    if (!m_key)
        return Error::make(Error::Kind::Config, m_keyError);
    const qint64 lifetime = m_config.lifetime.count();
    const qint64 margin = std::min<qint64>(300, lifetime / 2);
    if (!m_token.isEmpty() && nowSecs < m_expiresAt - margin && nowSecs >= m_expiresAt - lifetime)
        return m_token;
    const json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    const json claims = {{"iss", m_issuer.toStdString()}, {"sub", m_subject.toStdString()}, {"iat", nowSecs}, {"exp", nowSecs + lifetime}};
    const QByteArray signingInput =
        base64Url(QByteArray::fromStdString(header.dump())) + '.' + base64Url(QByteArray::fromStdString(claims.dump()));
    ERR_clear_error();
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::size_t sigLen = 0;
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.constData());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key->pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &sigLen, input, std::size_t(signingInput.size())) != 1)
        return Error::make(Error::Kind::Config, QStringLiteral("The JWT could not be signed (%1)").arg(opensslReason()));
    QByteArray signature(qsizetype(sigLen), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &sigLen, input, std::size_t(signingInput.size())) !=
        1)
        return Error::make(Error::Kind::Config, QStringLiteral("The JWT could not be signed (%1)").arg(opensslReason()));
    signature.truncate(qsizetype(sigLen));
    m_token = signingInput + '.' + base64Url(signature);
    m_expiresAt = nowSecs + lifetime;
    ++m_made;
    m_tokenAfterRefusal = m_forceFresh;
    m_forceFresh = false;
    return m_token;
}

void SnowflakeJwtAuth::authorization(Ready ready)
{
    auto jwt = token(QDateTime::currentSecsSinceEpoch());
    if (!jwt.ok())
        return ready(jwt.error());
    ready(QByteArray("Bearer " + jwt.value()));
}

bool SnowflakeJwtAuth::invalidate(const QByteArray &used)
{
    if (m_token.isEmpty() || used != "Bearer " + m_token)
        return true; // already renewed since
    if (m_tokenAfterRefusal)
        return false; // a fresh token was refused too: the key or the user is wrong
    m_token.clear();
    m_forceFresh = true;
    return true;
}

// ---- SnowflakeClient

struct SnowflakeClient::Job
{
    SnowflakeStatement statement;
    QPointer<QObject> context;
    bool hasContext = false;
    std::function<void(Result<SnowflakeResult>)> done;
    bool finished = false;
    int submitAttempts = 0;
    int getAttempts = 0;
    std::chrono::milliseconds pollDelay{0};
    SnowflakeResult result;
    std::vector<std::optional<std::vector<std::vector<std::optional<QString>>>>> partitions;
    std::size_t partitionsLeft = 0;
    std::optional<Error> partitionError;
    std::vector<std::shared_ptr<std::function<void()>>> partitionFetchers; // retrying calls, until the job ends
};

bool SnowflakeClient::stopped(Job &job)
{
    if (job.finished)
        return true;
    if (job.hasContext && !job.context) {
        job.finished = true;
        job.partitionFetchers.clear();
        return true;
    }
    return false;
}

SnowflakeClient::SnowflakeClient(Config config, std::shared_ptr<AuthProvider> auth, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    m_tokenType = m_config.tokenType;
    if (m_tokenType.isEmpty())
        m_tokenType = dynamic_cast<SnowflakeJwtAuth *>(auth.get()) ? QByteArray("KEYPAIR_JWT") : QByteArray("OAUTH");
    RestClient::Options rest = m_config.rest;
    rest.maxAttempts = 1; // every retry is this client's, so that a re-submission says retry=true
    m_rest = std::make_unique<RestClient>(rest, std::move(auth), this);
    // An error's body reaches the caller only as a sentence: keep Snowflake's code and SQL state.
    m_rest->setResponseObserver([this](const RestResponse &r) {
        if (r.status >= 400) {
            if (m_errorBodies.size() > 256) // answers whose callers went away
                m_errorBodies.clear();
            m_errorBodies.insert(r.url.toString(QUrl::FullyEncoded), r.body);
        }
    });
}

SnowflakeClient::~SnowflakeClient() = default;

RestRequest SnowflakeClient::withHeaders(RestRequest request) const
{
    request.headers.append({QByteArray("X-Snowflake-Authorization-Token-Type"), m_tokenType});
    if (request.method == "GET") // RestClient sets it only with a body; Snowflake's examples send it always
        request.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    return request;
}

QByteArray SnowflakeClient::submissionBody(const SnowflakeStatement &s) const
{
    json body = {{"statement", s.sql.toStdString()}, {"timeout", std::max(0, s.timeoutSecs)}};
    const auto put = [&body](const char *key, const QString &value) {
        if (!value.isEmpty())
            body[key] = value.toStdString();
    };
    put("database", m_config.database);
    put("schema", m_config.schema);
    put("warehouse", m_config.warehouse);
    put("role", m_config.role);
    if (!s.bindings.empty()) {
        json bindings = json::object();
        for (std::size_t i = 0; i < s.bindings.size(); ++i) {
            const auto &b = s.bindings[i];
            const auto cell = [](const std::optional<QString> &v) { return v ? json(v->toStdString()) : json(nullptr); };
            json value;
            if (b.values.size() == 1) {
                value = cell(b.values.front());
            } else {
                value = json::array();
                for (const auto &v : b.values)
                    value.push_back(cell(v));
            }
            bindings[std::to_string(i + 1)] = {{"type", b.type.toUpper().toStdString()}, {"value", std::move(value)}};
        }
        body["bindings"] = std::move(bindings);
    }
    if (!m_config.queryTag.isEmpty())
        body["parameters"] = {{"query_tag", m_config.queryTag.toStdString()}};
    QByteArray out = QByteArray::fromStdString(body.dump());
    if (!s.rawBindings.isEmpty() && out.endsWith('}')) {
        out.chop(1);
        out += ",\"bindings\":";
        out += s.rawBindings;
        out += '}';
    }
    return out;
}

std::optional<QString> SnowflakeClient::decodeCell(const json &cell, const SnowflakeColumn &column)
{
    if (cell.is_null())
        return std::nullopt;
    const QString raw = cell.is_string() ? QString::fromStdString(cell.get<std::string>()) : QString::fromStdString(cell.dump());
    if (typeIs(column.type, "date")) {
        bool ok = false;
        const qint64 days = raw.toLongLong(&ok);
        if (ok)
            return QDate(1970, 1, 1).addDays(days).toString(Qt::ISODate);
    }
    return raw; // FIXED is already scaled, REAL, TEXT, BOOLEAN, TIME and TIMESTAMP_* as sent
}

Result<std::vector<std::vector<std::optional<QString>>>> SnowflakeClient::rowsFromJson(const json &data,
                                                                                       const std::vector<SnowflakeColumn> &columns)
{
    std::vector<std::vector<std::optional<QString>>> rows;
    if (data.is_null())
        return rows;
    if (!data.is_array())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("Snowflake's \"data\" is not an array"));
    rows.reserve(data.size());
    for (const auto &r : data) {
        if (!r.is_array() || (!columns.empty() && r.size() != columns.size()))
            return Error::make(Error::Kind::BadPayload, QStringLiteral("A Snowflake row has %1 cells for %2 columns")
                                                            .arg(r.is_array() ? qsizetype(r.size()) : 0)
                                                            .arg(qsizetype(columns.size())));
        std::vector<std::optional<QString>> row;
        row.reserve(r.size());
        for (std::size_t i = 0; i < r.size(); ++i)
            row.push_back(decodeCell(r[i], i < columns.size() ? columns[i] : SnowflakeColumn{}));
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<SnowflakeResult> SnowflakeClient::resultFromJson(const json &body)
{
    if (!body.is_object())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("Snowflake answered with something other than an object"));
    SnowflakeResult out;
    out.statementHandle = text(body, "statementHandle");
    out.requestId = text(body, "requestId");
    out.code = text(body, "code");
    out.message = text(body, "message");
    for (const auto &c : array(object(body, "resultSetMetaData"), "rowType"))
        out.columns.push_back(SnowflakeColumn{text(c, "name"), text(c, "type").toLower(), int(integer(c, "scale"))});
    auto rows = rowsFromJson(body.contains("data") ? body["data"] : json(), out.columns);
    if (!rows.ok())
        return rows.error();
    out.rows = std::move(rows).value();
    const json &stats = object(body, "stats");
    out.rowsInserted = integer(stats, "numRowsInserted");
    out.rowsUpdated = integer(stats, "numRowsUpdated");
    out.rowsDeleted = integer(stats, "numRowsDeleted");
    return out;
}

QString SnowflakeClient::describeFailure(const QByteArray &body)
{
    const json j = json::parse(body.cbegin(), body.cend(), nullptr, false);
    const QString code = text(j, "code"), state = text(j, "sqlState"), message = text(j, "message");
    if (!code.isEmpty() && !message.isEmpty())
        return state.isEmpty() ? QString(code + QStringLiteral(": ") + message)
                               : QString(code + QStringLiteral(" (") + state + QStringLiteral("): ") + message);
    return describeErrorBody(body);
}

void SnowflakeClient::execute(SnowflakeStatement statement, QObject *context, std::function<void(Result<SnowflakeResult>)> done)
{
    auto job = std::make_shared<Job>();
    if (statement.requestId.isEmpty())
        statement.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    job->statement = std::move(statement);
    job->context = context;
    job->hasContext = context != nullptr;
    job->done = std::move(done);
    job->pollDelay = m_config.pollStart;
    submit(job);
}

void SnowflakeClient::submit(std::shared_ptr<Job> job)
{
    ++job->submitAttempts;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("requestId"), job->statement.requestId);
    if (job->statement.async)
        q.addQueryItem(QStringLiteral("async"), QStringLiteral("true"));
    if (job->statement.retry || m_config.retryFlagOnEverySubmit)
        q.addQueryItem(QStringLiteral("retry"), QStringLiteral("true"));
    RestRequest request = withHeaders(RestRequest::post(QStringLiteral("/api/v2/statements"), submissionBody(job->statement)));
    request.query = q;
    const QString url = m_rest->resolve(request).toString(QUrl::FullyEncoded);
    m_rest->send(std::move(request), this, [this, job, url](Result<RestResponse> r) {
        if (stopped(*job))
            return;
        if (!r.ok()) {
            const Error error = withBody(r.error(), url);
            // Whatever happened, the statement may have reached Snowflake: from now on say so.
            if (retryLater(job, error, job->submitAttempts, std::max(1, m_config.maxSubmitAttempts), [this, job] {
                    job->statement.retry = true;
                    submit(job);
                }))
                return;
            return finish(job, error);
        }
        handleFinished(job, r.value());
    });
}

Error SnowflakeClient::withBody(Error error, const QString &url)
{
    const QByteArray body = m_errorBodies.take(url);
    if (error.httpStatus == 422) {
        error.kind = Error::Kind::BadPayload;
        error.message = describeFailure(body);
    } else if (error.httpStatus == 408) {
        error.kind = Error::Kind::Timeout;
        const QString why = describeFailure(body);
        error.message = why.isEmpty() ? QStringLiteral("The statement ran longer than its timeout and was cancelled") : why;
    } else if (!body.isEmpty() && error.httpStatus >= 400) {
        error.message = describeErrorBody(body);
    }
    return error;
}

void SnowflakeClient::handleFinished(std::shared_ptr<Job> job, const RestResponse &response)
{
    auto body = response.json();
    if (!body.ok())
        return finish(job, body.error());
    const json &j = body.value();
    if (response.status == 202) {
        // Still running: poll its status URL with a growing pause.
        QString statusUrl = text(j, "statementStatusUrl");
        const QString handle = text(j, "statementHandle");
        if (statusUrl.isEmpty() && !handle.isEmpty())
            statusUrl = QStringLiteral("/api/v2/statements/") + handle;
        if (statusUrl.isEmpty())
            return finish(job, Error::make(Error::Kind::BadPayload, QStringLiteral("Snowflake's 202 names no statement to poll"), 202));
        job->result.statementHandle = handle;
        const auto delay = job->pollDelay;
        job->pollDelay = std::min(m_config.pollCap, std::chrono::milliseconds(job->pollDelay.count() * 3 / 2 + 1));
        QTimer::singleShot(delay, this, [this, job, statusUrl] {
            if (!stopped(*job))
                poll(job, statusUrl);
        });
        return;
    }
    auto result = resultFromJson(j);
    if (!result.ok())
        return finish(job, result.error());
    job->result = std::move(result).value();
    if (job->result.requestId.isEmpty())
        job->result.requestId = job->statement.requestId;
    const std::size_t partitions = array(object(j, "resultSetMetaData"), "partitionInfo").size();
    if (partitions <= 1)
        return finish(job, std::move(job->result));
    if (job->result.statementHandle.isEmpty())
        return finish(job, Error::make(Error::Kind::BadPayload, QStringLiteral("Snowflake's result has partitions but no handle")));
    // Partitions 1 … n−1 at once (RestClient caps the requests in flight), joined in order.
    job->partitions.assign(partitions, std::nullopt);
    job->partitionsLeft = partitions - 1;
    for (std::size_t i = 1; i < partitions; ++i)
        fetchPartition(job, i);
}

void SnowflakeClient::poll(std::shared_ptr<Job> job, const QString &statusUrl)
{
    ++job->getAttempts;
    RestRequest request = withHeaders(RestRequest::get(statusUrl));
    const QString url = m_rest->resolve(request).toString(QUrl::FullyEncoded);
    m_rest->send(std::move(request), this, [this, job, statusUrl, url](Result<RestResponse> r) {
        if (stopped(*job))
            return;
        if (!r.ok()) {
            const Error error = withBody(r.error(), url);
            if (retryLater(job, error, job->getAttempts, std::max(1, m_config.rest.maxAttempts),
                           [this, job, statusUrl] { poll(job, statusUrl); }))
                return;
            return finish(job, error);
        }
        job->getAttempts = 0; // a 202 is an answer: count failures in a row only
        handleFinished(job, r.value());
    });
}

void SnowflakeClient::fetchPartition(std::shared_ptr<Job> job, std::size_t partition)
{
    auto attempts = std::make_shared<int>(0);
    auto go = std::make_shared<std::function<void()>>();
    // The job holds `go` (for its retries) and `go` holds the job weakly: no cycle when nobody waits any more.
    *go = [this, weakJob = std::weak_ptr<Job>(job), partition, attempts, weak = std::weak_ptr<std::function<void()>>(go)] {
        const auto job = weakJob.lock();
        if (!job)
            return;
        ++*attempts;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("partition"), QString::number(partition));
        RestRequest request = withHeaders(RestRequest::get(QStringLiteral("/api/v2/statements/") + job->result.statementHandle, q));
        const QString url = m_rest->resolve(request).toString(QUrl::FullyEncoded);
        m_rest->send(std::move(request), this, [this, job, partition, attempts, weak, url](Result<RestResponse> r) {
            if (stopped(*job))
                return;
            std::optional<Error> error;
            if (!r.ok()) {
                error = withBody(r.error(), url);
                auto again = weak.lock();
                if (again && retryLater(job, *error, *attempts, std::max(1, m_config.rest.maxAttempts), [again] { (*again)(); }))
                    return;
            } else if (auto j = r.value().json(); !j.ok()) {
                error = j.error();
            } else if (auto rows = rowsFromJson(j.value().is_object() && j.value().contains("data") ? j.value()["data"] : json(),
                                                job->result.columns);
                       !rows.ok()) {
                error = rows.error();
            } else {
                job->partitions[partition] = std::move(rows).value();
            }
            if (error && !job->partitionError)
                job->partitionError = error;
            if (--job->partitionsLeft > 0)
                return;
            if (job->partitionError)
                return finish(job, *job->partitionError);
            for (std::size_t i = 1; i < job->partitions.size(); ++i)
                for (auto &row : *job->partitions[i])
                    job->result.rows.push_back(std::move(row));
            finish(job, std::move(job->result));
        });
    };
    job->partitionFetchers.push_back(go); // keeps the retrying function alive until the job ends
    (*go)();
}

bool SnowflakeClient::retryLater(std::shared_ptr<Job> job, const Error &error, int attempt, int maxAttempts, std::function<void()> again)
{
    if (!retryableError(error) || attempt >= maxAttempts)
        return false;
    std::chrono::milliseconds delay =
        backoffDelay(attempt - 1, m_config.rest.backoffBase, m_config.rest.backoffCap, QRandomGenerator::global()->generateDouble());
    if (error.retryAfter.count() > 0) // RestClient also holds the host back that long
        delay = std::max<std::chrono::milliseconds>(delay, error.retryAfter);
    QTimer::singleShot(delay, this, [job, again = std::move(again)] {
        if (!stopped(*job))
            again();
    });
    return true;
}

void SnowflakeClient::finish(std::shared_ptr<Job> job, Result<SnowflakeResult> result)
{
    if (job->finished)
        return;
    job->finished = true;
    job->partitionFetchers.clear();
    if (job->hasContext && !job->context)
        return;
    auto done = std::move(job->done);
    if (!done)
        return;
    if (!job->hasContext)
        return done(std::move(result));
    // On the context's thread, as RestClient answers.
    QMetaObject::invokeMethod(job->context.data(), [done = std::move(done), r = std::move(result)]() mutable { done(std::move(r)); });
}

namespace {

void deliverTo(QPointer<QObject> context, bool hasContext, std::function<void(Result<void>)> done, Result<void> result)
{
    if (!done || (hasContext && !context))
        return;
    if (!hasContext)
        return done(std::move(result));
    QMetaObject::invokeMethod(context.data(), [done = std::move(done), r = std::move(result)]() mutable { done(std::move(r)); });
}

} // namespace

void SnowflakeClient::cancel(const QString &statementHandle, QObject *context, std::function<void(Result<void>)> done)
{
    auto attempts = std::make_shared<int>(0);
    auto job = std::make_shared<Job>(); // only for gone() and the retry timer
    job->context = context;
    job->hasContext = context != nullptr;
    auto go = std::make_shared<std::function<void()>>();
    *go = [this, weakJob = std::weak_ptr<Job>(job), attempts, statementHandle, done = std::move(done),
           weak = std::weak_ptr<std::function<void()>>(go)] {
        const auto job = weakJob.lock();
        if (!job)
            return;
        ++*attempts;
        RestRequest request =
            withHeaders(RestRequest::post(QStringLiteral("/api/v2/statements/%1/cancel").arg(statementHandle), QByteArray(), true));
        const QString url = m_rest->resolve(request).toString(QUrl::FullyEncoded);
        m_rest->send(std::move(request), this, [this, job, attempts, weak, url, done](Result<RestResponse> r) {
            if (stopped(*job))
                return;
            if (!r.ok()) {
                const Error error = withBody(r.error(), url);
                auto again = weak.lock();
                if (again && retryLater(job, error, *attempts, std::max(1, m_config.rest.maxAttempts), [again] { (*again)(); }))
                    return;
                job->finished = true;
                job->partitionFetchers.clear();
                return deliverTo(job->context, job->hasContext, done, error);
            }
            job->finished = true;
            job->partitionFetchers.clear();
            deliverTo(job->context, job->hasContext, done, Result<void>());
        });
    };
    job->partitionFetchers.push_back(go);
    (*go)();
}

} // namespace cosmicdesk::connectors
