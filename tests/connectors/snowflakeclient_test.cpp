// The Snowflake SQL API client against the sandbox's stand-in over real HTTP: the key-pair JWT
// (claims, signature, fingerprint), array-bound inserts, partitions, async polling, cancel, errors,
// and the retries that must never run a statement twice. Keys are made here, never read from disk.
#include <connectors/snowflakeclient.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/snowflakefake.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QHostAddress>
#include <QTcpSocket>
#include <support/wait.h>

#include <QtTest>

#include <openssl/bio.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace cosmicdesk;
using connectors::SnowflakeBinding;
using connectors::SnowflakeClient;
using connectors::SnowflakeJwtAuth;
using connectors::SnowflakeResult;
using connectors::SnowflakeStatement;
using models::Error;
using models::Result;
using testsupport::Wait;

namespace {

struct KeyPair
{
    QByteArray privatePkcs8, privatePkcs1, publicSpki, publicPkcs1;
    QString fingerprint; // SHA256:base64(sha256(DER SubjectPublicKeyInfo)), computed here
};

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(len));
}

KeyPair makeKeyPair()
{
    KeyPair k;
    EVP_PKEY *key = EVP_RSA_gen(2048);
    Q_ASSERT(key);
    const auto write = [key](auto writer) {
        BIO *bio = BIO_new(BIO_s_mem());
        writer(bio, key);
        QByteArray out = bioText(bio);
        BIO_free(bio);
        return out;
    };
    k.privatePkcs8 = write([](BIO *b, EVP_PKEY *p) { PEM_write_bio_PrivateKey(b, p, nullptr, nullptr, 0, nullptr, nullptr); });
    k.privatePkcs1 = write([](BIO *b, EVP_PKEY *p) { PEM_write_bio_PrivateKey_traditional(b, p, nullptr, nullptr, 0, nullptr, nullptr); });
    k.publicSpki = write([](BIO *b, EVP_PKEY *p) { PEM_write_bio_PUBKEY(b, p); });
    k.publicPkcs1 = write([](BIO *b, EVP_PKEY *p) {
        OSSL_ENCODER_CTX *ctx = OSSL_ENCODER_CTX_new_for_pkey(p, EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific", nullptr);
        OSSL_ENCODER_to_bio(ctx, b);
        OSSL_ENCODER_CTX_free(ctx);
    });
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    const QByteArray spki(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    k.fingerprint = QStringLiteral("SHA256:") + QString::fromLatin1(QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toBase64());
    EVP_PKEY_free(key);
    return k;
}

bool verifyRs256(const QByteArray &publicPem, const QByteArray &signedPart, const QByteArray &signature)
{
    BIO *bio = BIO_new_mem_buf(publicPem.constData(), int(publicPem.size()));
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key)
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()), std::size_t(signature.size()),
                                     reinterpret_cast<const unsigned char *>(signedPart.constData()), std::size_t(signedPart.size())) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return ok;
}

nlohmann::json jwtJson(const QByteArray &part)
{
    const QByteArray raw = QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding);
    return nlohmann::json::parse(raw.toStdString(), nullptr, false);
}

SnowflakeBinding binding(QString type, std::vector<std::optional<QString>> values)
{
    return SnowflakeBinding{std::move(type), std::move(values)};
}

} // namespace

class SnowflakeClientTest : public QObject
{
    Q_OBJECT

    KeyPair keys, otherKeys;
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::SnowflakeFake> fake;

    sandbox::SnowflakeFakeOptions fakeOptions(int partitionRows = 1000, int asyncRunMs = 0) const
    {
        sandbox::SnowflakeFakeOptions o;
        o.account = QStringLiteral("DEMO-ACCOUNT");
        o.user = QStringLiteral("COSMICDESK");
        o.publicKeyPem = keys.publicSpki;
        o.partitionRows = partitionRows;
        o.asyncRunMs = asyncRunMs;
        return o;
    }
    // A fresh server and stand-in for each test: their counters and recordings start at zero.
    void restart(int partitionRows = 1000, int asyncRunMs = 0)
    {
        fake.reset();
        server = std::make_unique<sandbox::HttpSandbox>(7);
        QVERIFY(server->start() != 0);
        fake = std::make_unique<sandbox::SnowflakeFake>(*server, fakeOptions(partitionRows, asyncRunMs));
    }
    std::shared_ptr<SnowflakeJwtAuth> auth(const QByteArray &privatePem = {}) const
    {
        return std::make_shared<SnowflakeJwtAuth>(SnowflakeJwtAuth::Config{QStringLiteral("demo-account"), QStringLiteral("cosmicdesk"),
                                                                           privatePem.isEmpty() ? keys.privatePkcs8 : privatePem,
                                                                           std::chrono::seconds(3600)});
    }
    SnowflakeClient::Config config() const
    {
        SnowflakeClient::Config c;
        c.rest.baseUrl = QUrl(server->baseUrl());
        c.rest.backoffBase = std::chrono::milliseconds(20);
        c.rest.backoffCap = std::chrono::milliseconds(200);
        c.rest.timeout = std::chrono::milliseconds(5000);
        c.database = QStringLiteral("ANALYTICS");
        c.schema = QStringLiteral("PUBLIC");
        c.warehouse = QStringLiteral("SUPPORT_WH");
        c.role = QStringLiteral("SUPPORT_RW");
        c.pollStart = std::chrono::milliseconds(20);
        c.pollCap = std::chrono::milliseconds(100);
        return c;
    }
    std::unique_ptr<SnowflakeClient> client(std::shared_ptr<connectors::AuthProvider> a = {})
    {
        return std::make_unique<SnowflakeClient>(config(), a ? a : auth());
    }
    // A client that says retry=true only when it re-submits (what the brief of issue 14 first asked for).
    std::unique_ptr<SnowflakeClient> retryOnlyOnResubmitClient(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
    {
        auto cfg = config();
        cfg.retryFlagOnEverySubmit = false;
        cfg.rest.timeout = timeout;
        return std::make_unique<SnowflakeClient>(cfg, auth());
    }
    Result<SnowflakeResult> run(SnowflakeClient &c, SnowflakeStatement s, int waitMs = 15000)
    {
        Wait<SnowflakeResult> w;
        c.execute(std::move(s), this, w.callback());
        if (!w.wait(waitMs))
            return Error::make(Error::Kind::Timeout, QStringLiteral("no answer in the test's time"));
        return *w.result;
    }
    Result<SnowflakeResult> run(SnowflakeClient &c, const QString &sql)
    {
        SnowflakeStatement s;
        s.sql = sql;
        return run(c, std::move(s));
    }
    static QString why(const Result<SnowflakeResult> &r) { return r.ok() ? QString() : r.error().message; }
    void createOrders(SnowflakeClient &c)
    {
        const auto r = run(c, QStringLiteral("CREATE TABLE IF NOT EXISTS orders (order_id NUMBER(38,0), status VARCHAR(16), "
                                             "total NUMBER(12,2), created_at TIMESTAMP_NTZ, gift BOOLEAN, notes VARIANT)"));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(r.value().rows.size(), std::size_t(1));
        QCOMPARE(*r.value().rows[0][0], QStringLiteral("Table ORDERS successfully created."));
    }
    // INSERT of n orders in one array-bound statement.
    SnowflakeStatement insertOrders(int n, int firstId = 1)
    {
        SnowflakeStatement s;
        s.sql = QStringLiteral("INSERT INTO orders (order_id, status, total, created_at, gift) VALUES (?, ?, ?, ?, ?)");
        std::vector<std::optional<QString>> ids, statuses, totals, times, gifts;
        for (int i = 0; i < n; ++i) {
            ids.push_back(QString::number(firstId + i));
            statuses.push_back(i % 3 == 0 ? QStringLiteral("SHIPPED") : QStringLiteral("DELIVERED"));
            totals.push_back(i % 10 == 9 ? std::nullopt : std::optional<QString>(QString::number(10 + i % 50) + QStringLiteral(".50")));
            times.push_back(QString::number(1714640043 + i));
            gifts.push_back(i % 2 ? QStringLiteral("true") : QStringLiteral("false"));
        }
        s.bindings = {binding(QStringLiteral("FIXED"), ids), binding(QStringLiteral("TEXT"), statuses),
                      binding(QStringLiteral("FIXED"), totals), binding(QStringLiteral("TIMESTAMP_NTZ"), times),
                      binding(QStringLiteral("BOOLEAN"), gifts)};
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        keys = makeKeyPair();
        otherKeys = makeKeyPair();
        QVERIFY(keys.privatePkcs8.contains("BEGIN PRIVATE KEY"));
        QVERIFY(keys.privatePkcs1.contains("BEGIN RSA PRIVATE KEY"));
        QVERIFY(keys.publicPkcs1.contains("BEGIN RSA PUBLIC KEY"));
    }

    void jwt_claimsAndSignatureVerifyWithThePublicKey()
    {
        const auto a = auth();
        QVERIFY(a->status().ok());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const auto token = a->token(now);
        QVERIFY(token.ok());
        const QList<QByteArray> parts = token.value().split('.');
        QCOMPARE(parts.size(), 3);
        const auto header = jwtJson(parts[0]);
        QCOMPARE(header.value("alg", std::string()), std::string("RS256"));
        QCOMPARE(header.value("typ", std::string()), std::string("JWT"));
        const auto claims = jwtJson(parts[1]);
        QCOMPARE(QString::fromStdString(claims.value("sub", std::string())), QStringLiteral("DEMO-ACCOUNT.COSMICDESK"));
        QCOMPARE(QString::fromStdString(claims.value("iss", std::string())), QStringLiteral("DEMO-ACCOUNT.COSMICDESK.") + keys.fingerprint);
        QCOMPARE(claims.value("iat", qint64(0)), now);
        QVERIFY(claims.value("exp", qint64(0)) > now);
        QVERIFY(claims.value("exp", qint64(0)) - claims.value("iat", qint64(0)) <= 3600);
        const QByteArray signature = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
        QVERIFY(verifyRs256(keys.publicSpki, parts[0] + '.' + parts[1], signature));
        QVERIFY(!verifyRs256(otherKeys.publicSpki, parts[0] + '.' + parts[1], signature));
        QVERIFY(!parts[2].contains('=') && !parts[2].contains('+') && !parts[2].contains('/')); // base64url, unpadded

        // A lifetime over Snowflake's hour is cut to it.
        SnowflakeJwtAuth longLived(
            {QStringLiteral("demo-account"), QStringLiteral("cosmicdesk"), keys.privatePkcs8, std::chrono::hours(5)});
        const auto c = jwtJson(longLived.token(now).value().split('.')[1]);
        QCOMPARE(c.value("exp", qint64(0)) - c.value("iat", qint64(0)), qint64(3600));
    }

    void jwt_isCachedRenewedBeforeExpiryAndFreshOnceAfterA401()
    {
        const auto a = auth();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray first = a->token(now).value();
        QCOMPARE(a->token(now + 60).value(), first);
        QCOMPARE(a->tokensMade(), 1);
        // Within five minutes of exp a new one is made.
        const QByteArray renewed = a->token(now + 3600 - 299).value();
        QVERIFY(renewed != first);
        QCOMPARE(a->tokensMade(), 2);
        QCOMPARE(jwtJson(renewed.split('.')[1]).value("iat", qint64(0)), now + 3600 - 299);

        // A 401: one fresh token; when that one is refused too, the key is wrong.
        QVERIFY(a->invalidate("Bearer " + renewed));
        const QByteArray fresh = a->token(now + 3600 - 290).value();
        QCOMPARE(a->tokensMade(), 3);
        QVERIFY(fresh != renewed);
        QVERIFY(!a->invalidate("Bearer " + fresh));
        // A refusal of an older token than the current one: the current one may still do.
        QVERIFY(a->invalidate("Bearer " + first));
    }

    void jwt_fingerprintFromEveryPemFormMatchesTheOneComputedHere()
    {
        for (const QByteArray &pem : {keys.privatePkcs8, keys.privatePkcs1, keys.publicSpki, keys.publicPkcs1}) {
            const auto fp = SnowflakeJwtAuth::publicKeyFingerprint(pem);
            QVERIFY2(fp.ok(), qPrintable(fp.ok() ? QString() : fp.error().message));
            QCOMPARE(fp.value(), keys.fingerprint);
        }
        QVERIFY(SnowflakeJwtAuth::publicKeyFingerprint(otherKeys.publicSpki).value() != keys.fingerprint);
        // A PKCS#1 private key signs as well as a PKCS#8 one.
        const auto pkcs1 = auth(keys.privatePkcs1);
        QVERIFY(pkcs1->status().ok());
        const auto claims = jwtJson(pkcs1->token(QDateTime::currentSecsSinceEpoch()).value().split('.')[1]);
        QVERIFY(QString::fromStdString(claims.value("iss", std::string())).endsWith(keys.fingerprint));
    }

    void jwt_unreadableKeysAreConfigErrorsThatSayWhy()
    {
        const auto garbage = auth("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        QVERIFY(!garbage->status().ok());
        QCOMPARE(garbage->status().error().kind, Error::Kind::Config);
        QVERIFY(garbage->status().error().message.contains(QStringLiteral("could not be read")));
        QVERIFY(!garbage->token(0).ok());
        const auto encrypted = auth("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        QVERIFY(encrypted->status().error().message.contains(QStringLiteral("encrypted")));
        // Only a public key cannot sign.
        const auto publicOnly = auth(keys.publicSpki);
        QVERIFY(!publicOnly->status().ok());
        QVERIFY(!SnowflakeJwtAuth::publicKeyFingerprint("not a pem").ok());
        Wait<QByteArray> header;
        garbage->authorization(header.callback());
        QVERIFY(header.result && !header.result->ok());
    }

    void jwtAccount_data()
    {
        QTest::addColumn<QString>("identifier");
        QTest::addColumn<QString>("account");
        QTest::newRow("locator with region") << QStringLiteral("xy12345.ap-southeast-1") << QStringLiteral("XY12345");
        QTest::newRow("locator, region and cloud") << QStringLiteral("xy12345.us-east-2.aws") << QStringLiteral("XY12345");
        QTest::newRow("org-account") << QStringLiteral("myorg-myaccount") << QStringLiteral("MYORG-MYACCOUNT");
        QTest::newRow("dot in the account name") << QStringLiteral("myorg-my.account") << QStringLiteral("MYORG-MY-ACCOUNT");
        QTest::newRow("host name") << QStringLiteral("https://myorg-myaccount.snowflakecomputing.com/")
                                   << QStringLiteral("MYORG-MYACCOUNT");
        QTest::newRow("locator host") << QStringLiteral("xy12345.ap-southeast-1.snowflakecomputing.com") << QStringLiteral("XY12345");
        QTest::newRow("privatelink") << QStringLiteral("myorg-myaccount.privatelink") << QStringLiteral("MYORG-MYACCOUNT");
        QTest::newRow("plain locator") << QStringLiteral(" xy12345 ") << QStringLiteral("XY12345");
    }
    void jwtAccount()
    {
        QFETCH(QString, identifier);
        QFETCH(QString, account);
        QCOMPARE(SnowflakeJwtAuth::jwtAccount(identifier), account);
    }

    void decodeCell_byRowTypeCaseInsensitively()
    {
        using nlohmann::json;
        QCOMPARE(*SnowflakeClient::decodeCell(json("19846"), {QStringLiteral("D"), QStringLiteral("DATE"), 0}),
                 QStringLiteral("2024-05-03"));
        QCOMPARE(*SnowflakeClient::decodeCell(json("0"), {QStringLiteral("D"), QStringLiteral("date"), 0}), QStringLiteral("1970-01-01"));
        QCOMPARE(*SnowflakeClient::decodeCell(json("49.00"), {QStringLiteral("T"), QStringLiteral("fixed"), 2}), QStringLiteral("49.00"));
        QCOMPARE(*SnowflakeClient::decodeCell(json("1714640043.000000000"), {QStringLiteral("C"), QStringLiteral("TIMESTAMP_NTZ"), 9}),
                 QStringLiteral("1714640043.000000000"));
        QCOMPARE(*SnowflakeClient::decodeCell(json("true"), {QStringLiteral("B"), QStringLiteral("boolean"), 0}), QStringLiteral("true"));
        QVERIFY(!SnowflakeClient::decodeCell(json(nullptr), {QStringLiteral("X"), QStringLiteral("text"), 0}).has_value());
        // A row that does not match its rowType is refused, not padded.
        const auto bad = SnowflakeClient::rowsFromJson(json::parse(R"([["1","2"]])"), {{QStringLiteral("A"), QStringLiteral("fixed"), 0}});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, Error::Kind::BadPayload);
    }

    void resultFromJson_readsTheDocumentedResultSet()
    {
        // docs/wire-formats.md §5, "200 — finished".
        const auto body = nlohmann::json::parse(R"({"resultSetMetaData":{"numRows":2,"format":"jsonv2",
            "partitionInfo":[{"rowCount":2,"uncompressedSize":196}],
            "rowType":[{"name":"ORDER_ID","type":"fixed","precision":38,"scale":0,"length":null,"nullable":false},
                       {"name":"STATUS","type":"text","length":16777216,"precision":null,"scale":null,"nullable":true},
                       {"name":"TOTAL","type":"fixed","precision":12,"scale":2,"length":null,"nullable":true},
                       {"name":"CREATED_AT","type":"timestamp_ntz","precision":0,"scale":9,"length":null,"nullable":true}]},
            "data":[["88120","SHIPPED","49.00","1714640043.000000000"],["87002","DELIVERED","19.90",null]],
            "code":"090001","statementStatusUrl":"/api/v2/statements/01b4a1c2-0000-7a3f-0000-0001a2b3c4d5?requestId=8b7f3e52-1c2d-4e5f-9a0b-7c6d5e4f3a21",
            "requestId":"8b7f3e52-1c2d-4e5f-9a0b-7c6d5e4f3a21","sqlState":"00000",
            "statementHandle":"01b4a1c2-0000-7a3f-0000-0001a2b3c4d5",
            "message":"Statement executed successfully.","createdOn":1714736427123})");
        const auto r = SnowflakeClient::resultFromJson(body);
        QVERIFY(r.ok());
        QCOMPARE(r.value().statementHandle, QStringLiteral("01b4a1c2-0000-7a3f-0000-0001a2b3c4d5"));
        QCOMPARE(r.value().requestId, QStringLiteral("8b7f3e52-1c2d-4e5f-9a0b-7c6d5e4f3a21"));
        QCOMPARE(r.value().code, QStringLiteral("090001"));
        QCOMPARE(r.value().columns.size(), std::size_t(4));
        QCOMPARE(r.value().columns[2].scale, 2);
        QCOMPARE(r.value().columns[3].type, QStringLiteral("timestamp_ntz"));
        QCOMPARE(r.value().rows.size(), std::size_t(2));
        QCOMPARE(*r.value().rows[0][2], QStringLiteral("49.00"));
        QVERIFY(!r.value().rows[1][3].has_value());
        QCOMPARE(r.value().rowsInserted, qint64(0));
        QCOMPARE(
            SnowflakeClient::describeFailure(
                R"({"code":"002003","sqlState":"42S02","message":"SQL compilation error:\nObject 'ORDERS' does not exist or not authorized."})"),
            QStringLiteral("002003 (42S02): SQL compilation error:\nObject 'ORDERS' does not exist or not authorized."));
    }

    void standIn_resultHasEveryFieldOfTheDocumentedShapes()
    {
        restart();
        auto c = client();
        createOrders(*c);
        QVERIFY(run(*c, insertOrders(3)).ok());
        const QByteArray jwt = auth()->token(QDateTime::currentSecsSinceEpoch()).value();
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.maxAttempts = 1;
        connectors::RestClient rest(o, std::make_shared<connectors::BearerAuth>(QString::fromLatin1(jwt)));
        auto req = connectors::RestRequest::post(QStringLiteral("/api/v2/statements"),
                                                 R"({"statement":"SELECT order_id, status, total, created_at FROM orders"})");
        req.headers.append({QByteArray("X-Snowflake-Authorization-Token-Type"), QByteArray("KEYPAIR_JWT")});
        Wait<connectors::RestResponse> w;
        rest.send(req, this, w.callback());
        QVERIFY(w.wait());
        QVERIFY(w.result->ok());
        const auto j = nlohmann::json::parse(w.result->value().body.toStdString());
        for (const char *key : {"resultSetMetaData", "data", "code", "statementStatusUrl", "requestId", "sqlState", "statementHandle",
                                "message", "createdOn"})
            QVERIFY2(j.contains(key), key);
        const auto &meta = j["resultSetMetaData"];
        QCOMPARE(meta["numRows"], 3);
        QCOMPARE(meta["format"], "jsonv2");
        QVERIFY(meta["partitionInfo"][0].contains("rowCount") && meta["partitionInfo"][0].contains("uncompressedSize"));
        for (const char *key : {"name", "type", "precision", "scale", "length", "nullable"})
            QVERIFY2(meta["rowType"][0].contains(key), key);
        QCOMPARE(meta["rowType"][2]["scale"], 2);
        QVERIFY(j["data"][0][0].is_string()); // every non-null cell a JSON string
        QVERIFY(QString::fromStdString(j["statementStatusUrl"].get<std::string>()).startsWith(QStringLiteral("/api/v2/statements/01")));
    }

    void submission_carriesHeadersContextBindingsAndRequestId()
    {
        restart();
        auto c = client();
        createOrders(*c);
        SnowflakeStatement s = insertOrders(2);
        s.requestId = QStringLiteral("8b7f3e52-1c2d-4e5f-9a0b-7c6d5e4f3a21");
        const auto r = run(*c, s);
        QVERIFY2(r.ok(), qPrintable(why(r)));
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        const auto &last = submits.back();
        QCOMPARE(last.header("x-snowflake-authorization-token-type"), QByteArray("KEYPAIR_JWT"));
        QVERIFY(last.header("authorization").startsWith("Bearer ey"));
        QVERIFY(last.header("content-type").startsWith("application/json"));
        QCOMPARE(last.header("accept"), QByteArray("application/json"));
        QVERIFY(last.header("user-agent").startsWith("CosmicDesk/"));
        QCOMPARE(last.query.queryItemValue(QStringLiteral("requestId")), s.requestId);
        QCOMPARE(last.query.queryItemValue(QStringLiteral("retry")), QStringLiteral("true")); // retryFlagOnEverySubmit
        QVERIFY(!last.query.hasQueryItem(QStringLiteral("async")));
        const auto body = nlohmann::json::parse(last.body.toStdString());
        QCOMPARE(body["database"], "ANALYTICS");
        QCOMPARE(body["schema"], "PUBLIC");
        QCOMPARE(body["warehouse"], "SUPPORT_WH");
        QCOMPARE(body["role"], "SUPPORT_RW");
        QCOMPARE(body["timeout"], 60);
        QCOMPARE(body["bindings"]["1"]["type"], "FIXED");
        QCOMPARE(body["bindings"]["1"]["value"], nlohmann::json::array({"1", "2"}));
        QCOMPARE(body["bindings"]["3"]["value"][0], "10.50");
        QCOMPARE(body["parameters"]["query_tag"], "cosmicdesk");
        // A single value is a string, a NULL is null.
        SnowflakeStatement one;
        one.sql = QStringLiteral("SELECT ? AS a, ? AS b");
        one.bindings = {binding(QStringLiteral("TEXT"), {QStringLiteral("x")}), binding(QStringLiteral("TEXT"), {std::nullopt})};
        const auto sel = run(*c, one);
        QVERIFY2(sel.ok(), qPrintable(why(sel)));
        const auto oneBody = nlohmann::json::parse(server->received(QStringLiteral("snowflake.submit")).back().body.toStdString());
        QCOMPARE(oneBody["bindings"]["1"]["value"], "x");
        QVERIFY(oneBody["bindings"]["2"]["value"].is_null());
        QCOMPARE(*sel.value().rows[0][0], QStringLiteral("x"));
        QVERIFY(!sel.value().rows[0][1].has_value());
    }

    void wrongKey_isAuthWithTheStandInsWordsAfterOneFreshJwt()
    {
        restart();
        const auto wrong = auth(otherKeys.privatePkcs8);
        auto c = client(wrong);
        const auto r = run(*c, QStringLiteral("SELECT 1"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QCOMPARE(r.error().httpStatus, 401);
        QVERIFY2(r.error().message.contains(QStringLiteral("JWT token is invalid")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QStringLiteral("signature does not match")), qPrintable(r.error().message));
        QCOMPARE(wrong->tokensMade(), 2); // the cached one, then one fresh one
        QCOMPARE(server->received(QStringLiteral("snowflake.submit")).size(), std::size_t(2));
        QCOMPARE(fake->statementsExecuted(), 0);
    }

    void wrongTokenType_andWrongUser_areRefused()
    {
        restart();
        auto cfg = config();
        cfg.tokenType = "OAUTH";
        SnowflakeClient oauth(cfg, auth());
        Wait<SnowflakeResult> w;
        SnowflakeStatement s;
        s.sql = QStringLiteral("SELECT 1");
        oauth.execute(s, this, w.callback());
        QVERIFY(w.wait());
        QCOMPARE(w.result->error().kind, Error::Kind::Auth);

        const auto otherUser = std::make_shared<SnowflakeJwtAuth>(SnowflakeJwtAuth::Config{
            QStringLiteral("demo-account"), QStringLiteral("someone_else"), keys.privatePkcs8, std::chrono::seconds(600)});
        auto c = client(otherUser);
        const auto r = run(*c, QStringLiteral("SELECT 1"));
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QVERIFY2(r.error().message.contains(QStringLiteral("SOMEONE_ELSE")), qPrintable(r.error().message));
        QCOMPARE(fake->statementsExecuted(), 0);
    }

    void arrayBoundInsertOf2500Rows_thenCountIs2500()
    {
        restart();
        auto c = client();
        createOrders(*c);
        const auto inserted = run(*c, insertOrders(2500));
        QVERIFY2(inserted.ok(), qPrintable(why(inserted)));
        QCOMPARE(inserted.value().rowsInserted, qint64(2500));
        QCOMPARE(inserted.value().code, QStringLiteral("090001"));
        QCOMPARE(server->received(QStringLiteral("snowflake.submit")).size(), std::size_t(2)); // one request for all rows
        QCOMPARE(fake->statementsExecuted(), 2);
        const auto count = run(*c, QStringLiteral("SELECT COUNT(*) FROM orders"));
        QVERIFY2(count.ok(), qPrintable(why(count)));
        QCOMPARE(count.value().columns.at(0).name, QStringLiteral("COUNT(*)"));
        QCOMPARE(count.value().columns.at(0).type, QStringLiteral("fixed"));
        QCOMPARE(*count.value().rows.at(0).at(0), QStringLiteral("2500"));
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("2500"));

        // Aggregates, CASE and GROUP BY run as SQLite runs them.
        const auto grouped = run(*c, QStringLiteral("SELECT status, COUNT(*) AS n, SUM(CASE WHEN gift THEN 1 ELSE 0 END) AS gifts "
                                                    "FROM orders GROUP BY status ORDER BY status"));
        QVERIFY2(grouped.ok(), qPrintable(why(grouped)));
        QCOMPARE(grouped.value().rows.size(), std::size_t(2));
        QCOMPARE(*grouped.value().rows[0][0], QStringLiteral("DELIVERED"));
        QCOMPARE(*grouped.value().rows[0][1], QStringLiteral("1666"));
        QCOMPARE(*grouped.value().rows[1][1], QStringLiteral("834"));
        QCOMPARE(*grouped.value().rows[0][2], QStringLiteral("833"));

        // Arrays of different lengths are a 422, and nothing of them is inserted.
        SnowflakeStatement ragged = insertOrders(3, 9000);
        ragged.bindings[1].values.pop_back();
        const auto refused = run(*c, ragged);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus, 422);
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("2500"));

        // UPDATE and DELETE report their stats.
        const auto updated = run(*c, QStringLiteral("UPDATE orders SET status = 'RETURNED' WHERE order_id <= 10"));
        QCOMPARE(updated.value().rowsUpdated, qint64(10));
        const auto deleted = run(*c, QStringLiteral("DELETE FROM orders WHERE order_id > 2490"));
        QCOMPARE(deleted.value().rowsDeleted, qint64(10));
    }

    void typedColumns_comeBackAsSnowflakeSendsThem()
    {
        restart();
        auto c = client();
        createOrders(*c);
        QVERIFY(run(*c, insertOrders(10)).ok());
        const auto r = run(
            *c, QStringLiteral("SELECT order_id, status, total, created_at, gift FROM orders WHERE order_id IN (1, 10) ORDER BY order_id"));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        const auto &cols = r.value().columns;
        QCOMPARE(cols.size(), std::size_t(5));
        QCOMPARE(cols[0].name, QStringLiteral("ORDER_ID"));
        QCOMPARE(cols[0].type, QStringLiteral("fixed"));
        QCOMPARE(cols[1].type, QStringLiteral("text"));
        QCOMPARE(cols[2].type, QStringLiteral("fixed"));
        QCOMPARE(cols[2].scale, 2);
        QCOMPARE(cols[3].type, QStringLiteral("timestamp_ntz"));
        QCOMPARE(cols[4].type, QStringLiteral("boolean"));
        const auto &first = r.value().rows[0];
        QCOMPARE(*first[0], QStringLiteral("1"));
        QCOMPARE(*first[1], QStringLiteral("SHIPPED"));
        QCOMPARE(*first[2], QStringLiteral("10.50"));
        QCOMPARE(*first[3], QStringLiteral("1714640043.000000000"));
        QCOMPARE(*first[4], QStringLiteral("false"));
        const auto &tenth = r.value().rows[1];
        QVERIFY(!tenth[2].has_value()); // NULL
        QCOMPARE(*tenth[4], QStringLiteral("true"));

        // A timestamp bound as a date and time is stored as the same instant as its epoch seconds.
        SnowflakeStatement at;
        at.sql = QStringLiteral("INSERT INTO orders (order_id, created_at) VALUES (?, ?)");
        at.bindings = {binding(QStringLiteral("FIXED"), {QStringLiteral("77")}),
                       binding(QStringLiteral("TIMESTAMP_NTZ"), {QStringLiteral("2024-05-02 08:54:03")})};
        QVERIFY(run(*c, at).ok());
        const auto back = run(*c, QStringLiteral("SELECT created_at FROM orders WHERE order_id = 77"));
        QCOMPARE(*back.value().rows.at(0).at(0), QStringLiteral("1714640043.000000000"));
        at.bindings[1].values = {QStringLiteral("last tuesday")};
        const auto bad = run(*c, at);
        QVERIFY2(!bad.ok() && bad.error().message.startsWith(QStringLiteral("100035 (22007)")), qPrintable(why(bad)));
    }

    void selectOver2500Rows_readsAllThreePartitionsInOrder()
    {
        restart(1000);
        auto c = client();
        createOrders(*c);
        QVERIFY(run(*c, insertOrders(2500)).ok());
        server->clearReceived();
        const auto r = run(*c, QStringLiteral("SELECT order_id, status FROM orders ORDER BY order_id"));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(r.value().rows.size(), std::size_t(2500));
        for (std::size_t i = 0; i < r.value().rows.size(); ++i)
            QCOMPARE(*r.value().rows[i][0], QString::number(i + 1));
        const auto gets = server->received(QStringLiteral("snowflake.status"));
        QCOMPARE(gets.size(), std::size_t(2));
        QStringList partitions;
        for (const auto &g : gets) {
            partitions << g.query.queryItemValue(QStringLiteral("partition"));
            QCOMPARE(g.header("x-snowflake-authorization-token-type"), QByteArray("KEYPAIR_JWT"));
            QVERIFY(g.header("content-type").startsWith("application/json"));
        }
        partitions.sort();
        QCOMPARE(partitions, QStringList({QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(fake->gzippedReplies(), 2); // QNetworkAccessManager asked for gzip and inflated it
    }

    void partitionFailingOnce_isFetchedAgain()
    {
        restart(1000);
        auto c = client();
        createOrders(*c);
        QVERIFY(run(*c, insertOrders(2500)).ok());
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 0;
        server->setKnobs(QStringLiteral("snowflake"), k);
        server->scriptFault(QStringLiteral("snowflake.status"), sandbox::Fault::ServerError);
        server->clearReceived();
        const auto r = run(*c, QStringLiteral("SELECT order_id FROM orders ORDER BY order_id DESC"));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(r.value().rows.size(), std::size_t(2500));
        QCOMPARE(*r.value().rows.front()[0], QStringLiteral("2500"));
        QCOMPARE(*r.value().rows.back()[0], QStringLiteral("1"));
        QCOMPARE(server->received(QStringLiteral("snowflake.status")).size(), std::size_t(3));
        QCOMPARE(server->received(QStringLiteral("snowflake.submit")).size(), std::size_t(1));
    }

    void snowflakeSpellings_andEmptyResults()
    {
        restart();
        auto c = client();
        createOrders(*c);
        QVERIFY(run(*c, insertOrders(6)).ok());
        const auto r = run(*c, QStringLiteral("SELECT COUNT(*), SUM(IFF(gift, 1, 0)), MAX(NVL(total, 0)), CURRENT_TIMESTAMP() > 0 "
                                              "FROM orders WHERE status ILIKE 'ship%'"));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(*r.value().rows.at(0).at(0), QStringLiteral("2"));
        QCOMPARE(*r.value().rows.at(0).at(1), QStringLiteral("1"));
        const auto none = run(*c, QStringLiteral("SELECT order_id FROM orders WHERE order_id < 0"));
        QVERIFY2(none.ok(), qPrintable(why(none)));
        QVERIFY(none.value().rows.empty());
        QCOMPARE(none.value().columns.size(), std::size_t(1));
        QCOMPARE(none.value().columns[0].name, QStringLiteral("ORDER_ID"));
    }

    void asyncStatement_isPolledUntilDone()
    {
        restart(1000, 1500);
        auto cfg = config();
        cfg.pollStart = std::chrono::milliseconds(50);
        cfg.pollCap = std::chrono::milliseconds(400);
        SnowflakeClient c(cfg, auth());
        createOrders(c);
        QVERIFY(run(c, insertOrders(5)).ok());
        server->clearReceived();
        SnowflakeStatement s;
        s.sql = QStringLiteral("SELECT COUNT(*) FROM orders");
        s.async = true;
        QElapsedTimer clock;
        clock.start();
        const auto r = run(c, s);
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QVERIFY(clock.elapsed() >= 1450);
        QCOMPARE(*r.value().rows.at(0).at(0), QStringLiteral("5"));
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        QCOMPARE(submits.size(), std::size_t(1));
        QCOMPARE(submits[0].query.queryItemValue(QStringLiteral("async")), QStringLiteral("true"));
        const auto gets = server->received(QStringLiteral("snowflake.status"));
        // 202s first, with a pause growing from 50 ms to 400 ms: 50, 76, 115, 173, 260, 390, 400 … is
        // about 8 GETs in 1.5 s; a fixed 50 ms pause would have taken twice as many.
        QVERIFY2(gets.size() >= 4, qPrintable(QString::number(gets.size())));
        QVERIFY2(gets.size() <= 10, qPrintable(QString::number(gets.size())));
        QVERIFY(gets[0].path.startsWith(QStringLiteral("/api/v2/statements/01")));
        QCOMPARE(r.value().statementHandle, gets[0].path.section(u'/', -1));
    }

    void asyncStatementOverItsTimeout_isATimeout()
    {
        restart(1000, 1500);
        auto c = client();
        SnowflakeStatement s;
        s.sql = QStringLiteral("SELECT 1");
        s.async = true;
        s.timeoutSecs = 1;
        const auto r = run(*c, s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Timeout);
        QCOMPARE(r.error().httpStatus, 408);
        QVERIFY2(r.error().message.startsWith(QStringLiteral("000630")), qPrintable(r.error().message));
    }

    void serverErrorThenRateLimit_resubmitsWithTheSameRequestIdAndRetryTrue_runsOnce()
    {
        restart();
        auto c = retryOnlyOnResubmitClient();
        createOrders(*c);
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 1;
        server->setKnobs(QStringLiteral("snowflake"), k);
        server->scriptFault(QStringLiteral("snowflake.submit"), sandbox::Fault::ServerError);
        server->scriptFault(QStringLiteral("snowflake.submit"), sandbox::Fault::RateLimited);
        server->clearReceived();
        const qint64 before = fake->statementsExecuted();
        QElapsedTimer clock;
        clock.start();
        const auto r = run(*c, insertOrders(3));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed()))); // two Retry-After: 1
        QCOMPARE(r.value().rowsInserted, qint64(3));
        QCOMPARE(fake->statementsExecuted() - before, 1);
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        QCOMPARE(submits.size(), std::size_t(3));
        const QString requestId = submits[0].query.queryItemValue(QStringLiteral("requestId"));
        QVERIFY(!QUuid::fromString(requestId).isNull());
        QVERIFY(!submits[0].query.hasQueryItem(QStringLiteral("retry")));
        for (std::size_t i = 1; i < submits.size(); ++i) {
            QCOMPARE(submits[i].query.queryItemValue(QStringLiteral("requestId")), requestId);
            QCOMPARE(submits[i].query.queryItemValue(QStringLiteral("retry")), QStringLiteral("true"));
            QCOMPARE(submits[i].body, submits[0].body);
        }
        QCOMPARE(r.value().requestId, requestId);
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("3"));
    }

    void answersLostAfterRunning_areResubmittedWithRetryTrue_noDuplicateRows()
    {
        restart();
        auto c = client();
        createOrders(*c);
        // Three lost answers: Qt's own silent re-send meets some, this client's re-submissions the rest.
        fake->loseAnswersAfterRunning(3);
        server->clearReceived();
        const qint64 before = fake->statementsExecuted();
        const auto r = run(*c, insertOrders(4));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(fake->statementsExecuted() - before, 1);
        QCOMPARE(r.value().rowsInserted, qint64(4)); // the first execution's result, from memory
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        QCOMPARE(submits.size(), std::size_t(4));
        QCOMPARE(fake->requestIdReplays(), 3);
        for (const auto &sub : submits) {
            QCOMPARE(sub.query.queryItemValue(QStringLiteral("retry")), QStringLiteral("true"));
            QCOMPARE(sub.query.queryItemValue(QStringLiteral("requestId")), submits[0].query.queryItemValue(QStringLiteral("requestId")));
        }
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("4"));
    }

    void withoutRetryOnTheFirstSubmit_qtsOwnResendRunsTheStatementTwice()
    {
        // Why retryFlagOnEverySubmit exists: QNetworkAccessManager re-sends a POST whose connection
        // was reset, as it was, without asking RestClient. If this starts failing, Qt stopped doing that.
        restart();
        auto c = retryOnlyOnResubmitClient();
        createOrders(*c);
        fake->loseAnswersAfterRunning(1);
        server->clearReceived();
        const auto r = run(*c, insertOrders(4));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        QCOMPARE(submits.size(), std::size_t(2));
        QVERIFY(!submits[1].query.hasQueryItem(QStringLiteral("retry")));
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("8"));
    }

    void submitTimingOut_isResubmittedWithRetryTrue()
    {
        restart();
        auto c = retryOnlyOnResubmitClient(std::chrono::milliseconds(1000));
        createOrders(*c);
        server->scriptFault(QStringLiteral("snowflake.submit"), sandbox::Fault::Hang);
        server->clearReceived();
        const qint64 before = fake->statementsExecuted();
        const auto r = run(*c, insertOrders(2));
        QVERIFY2(r.ok(), qPrintable(why(r)));
        const auto submits = server->received(QStringLiteral("snowflake.submit"));
        QCOMPARE(submits.size(), std::size_t(2));
        QVERIFY(!submits[0].query.hasQueryItem(QStringLiteral("retry")));
        QCOMPARE(submits[1].query.queryItemValue(QStringLiteral("retry")), QStringLiteral("true"));
        QCOMPARE(submits[1].query.queryItemValue(QStringLiteral("requestId")),
                 submits[0].query.queryItemValue(QStringLiteral("requestId")));
        QCOMPARE(fake->statementsExecuted() - before, 1);
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("2"));
    }

    void sameRequestIdWithoutRetry_runsAgain_asSnowflakeWould()
    {
        // The stand-in's dedup is what the tests above rely on: prove it is not dedup for everything.
        restart();
        auto c = retryOnlyOnResubmitClient();
        createOrders(*c);
        SnowflakeStatement s = insertOrders(1);
        s.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY(run(*c, s).ok());
        QVERIFY(run(*c, s).ok());
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("2"));
        s.retry = true; // an outbox row re-sent after a crash: Snowflake answers from memory
        const auto replay = run(*c, s);
        QVERIFY(replay.ok());
        QCOMPARE(replay.value().rowsInserted, qint64(1));
        QCOMPARE(fake->query(QStringLiteral("SELECT COUNT(*) FROM orders")).at(0).at(0), QStringLiteral("2"));
        QCOMPARE(fake->requestIdReplays(), 1);
    }

    void sqlErrors_are422NamingCodeStateAndMessage()
    {
        restart();
        auto c = client();
        const auto missing = run(*c, QStringLiteral("SELECT * FROM nope"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::BadPayload);
        QCOMPARE(missing.error().httpStatus, 422);
        QVERIFY2(missing.error().message.startsWith(QStringLiteral("002003 (42S02): SQL compilation error:")),
                 qPrintable(missing.error().message));
        QVERIFY(missing.error().message.contains(QStringLiteral("Object 'NOPE' does not exist or not authorized.")));
        const auto syntax = run(*c, QStringLiteral("SELEC 1"));
        QVERIFY2(syntax.error().message.startsWith(QStringLiteral("001003 (42000)")), qPrintable(syntax.error().message));
        const auto two = run(*c, QStringLiteral("SELECT 1; SELECT 2"));
        QVERIFY2(two.error().message.startsWith(QStringLiteral("000008")), qPrintable(two.error().message));
        SnowflakeStatement badNumber;
        badNumber.sql = QStringLiteral("SELECT ? + 1");
        badNumber.bindings = {binding(QStringLiteral("FIXED"), {QStringLiteral("12abc")})};
        const auto bad = run(*c, badNumber);
        QVERIFY2(bad.error().message.startsWith(QStringLiteral("100038 (22018): Numeric value '12abc'")), qPrintable(bad.error().message));
        // Snowflake refuses a string longer than the column and text in a NUMBER column; so does the stand-in.
        createOrders(*c);
        SnowflakeStatement tooLong;
        tooLong.sql = QStringLiteral("INSERT INTO orders (order_id, status) VALUES (?, ?)");
        tooLong.bindings = {binding(QStringLiteral("FIXED"), {QStringLiteral("1")}),
                            binding(QStringLiteral("TEXT"), {QStringLiteral("WAITING FOR THE CARRIER")})};
        const auto longer = run(*c, tooLong);
        QVERIFY2(longer.error().message.startsWith(QStringLiteral("100074 (22000): String is too long")), qPrintable(why(longer)));
        QVERIFY(longer.error().message.contains(QStringLiteral("STATUS")));
        tooLong.bindings[1].values = {QStringLiteral("SHIPPED")};
        tooLong.bindings[0] = binding(QStringLiteral("TEXT"), {QStringLiteral("one")});
        const auto word = run(*c, tooLong);
        QVERIFY2(word.error().message.startsWith(QStringLiteral("100038 (22018)")), qPrintable(why(word)));
        tooLong.bindings[0] = binding(QStringLiteral("TEXT"), {QStringLiteral("12")}); // numeric text is a number
        QVERIFY2(run(*c, tooLong).ok(), "numeric text refused");
        QCOMPARE(fake->query(QStringLiteral("SELECT order_id, typeof(order_id) FROM orders")).at(0),
                 std::vector<QString>({QStringLiteral("12"), QStringLiteral("integer")}));
        SnowflakeStatement unbound;
        unbound.sql = QStringLiteral("SELECT ?, ?");
        unbound.bindings = {binding(QStringLiteral("TEXT"), {QStringLiteral("a")})};
        QCOMPARE(run(*c, unbound).error().httpStatus, 422);
        // None of these was retried.
        QCOMPARE(server->received(QStringLiteral("snowflake.submit")).size(), std::size_t(9));
    }

    void cancel_endsARunningStatementBeforeItRuns()
    {
        restart(1000, 5000);
        auto c = client();
        SnowflakeStatement s;
        s.sql = QStringLiteral("SELECT 1");
        s.async = true;
        Wait<SnowflakeResult> w;
        c->execute(s, this, w.callback());
        QVERIFY(QTest::qWaitFor([this] { return !server->received(QStringLiteral("snowflake.status")).empty(); }, 5000));
        const QString handle = server->received(QStringLiteral("snowflake.status")).front().path.section(u'/', -1);
        Wait<void> cancelled;
        c->cancel(handle, this, cancelled.callback());
        QVERIFY(cancelled.wait());
        QVERIFY2(cancelled.result->ok(), qPrintable(cancelled.result->ok() ? QString() : cancelled.result->error().message));
        QCOMPARE(server->received(QStringLiteral("snowflake.cancel")).size(), std::size_t(1));
        QVERIFY(w.wait(3000)); // long before the 5 s it would have taken
        QVERIFY(!w.result->ok());
        QCOMPARE(w.result->error().httpStatus, 422);
        QVERIFY2(w.result->error().message.contains(QStringLiteral("SQL execution canceled")), qPrintable(w.result->error().message));
        QCOMPARE(fake->statementsExecuted(), 0);

        Wait<void> unknown;
        c->cancel(QStringLiteral("01b00000-0000-0000-0000-000000000000"), this, unknown.callback());
        QVERIFY(unknown.wait());
        QCOMPARE(unknown.result->error().kind, Error::Kind::NotFound);
    }

    void standIn_refusesWhatSnowflakeRefuses()
    {
        restart();
        // Straight through a RestClient, so that the headers are the test's.
        const QByteArray jwt = auth()->token(QDateTime::currentSecsSinceEpoch()).value();
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.maxAttempts = 1;
        connectors::RestClient rest(o, std::make_shared<connectors::BearerAuth>(QString::fromLatin1(jwt)));
        const auto send = [&](connectors::RestRequest req) {
            Wait<connectors::RestResponse> w;
            rest.send(std::move(req), this, w.callback());
            w.wait();
            return *w.result;
        };
        const QByteArray body = R"({"statement":"SELECT 1"})";
        auto noType = connectors::RestRequest::post(QStringLiteral("/api/v2/statements"), body);
        QCOMPARE(send(noType).error().httpStatus, 401);
        auto textBody = connectors::RestRequest::post(QStringLiteral("/api/v2/statements"), body);
        textBody.contentType = "text/plain";
        textBody.headers.append({QByteArray("X-Snowflake-Authorization-Token-Type"), QByteArray("KEYPAIR_JWT")});
        QCOMPARE(send(textBody).error().httpStatus, 415);
        auto notJson = connectors::RestRequest::post(QStringLiteral("/api/v2/statements"), "{nope");
        notJson.headers = textBody.headers;
        QCOMPARE(send(notJson).error().httpStatus, 400);
        auto ok = connectors::RestRequest::post(QStringLiteral("/api/v2/statements"), body);
        ok.headers = textBody.headers;
        const auto fine = send(ok);
        QVERIFY2(fine.ok(), qPrintable(fine.ok() ? QString() : fine.error().message));
        QCOMPARE(fine.value().status, 200);
        auto unknown = connectors::RestRequest::get(QStringLiteral("/api/v2/statements/01ffffff-0000-0000-0000-000000000000"));
        unknown.headers = textBody.headers;
        QCOMPARE(send(unknown).error().httpStatus, 404);
        QCOMPARE(fake->statementsExecuted(), 1);

        // Qt always sends a User-Agent (its own "Mozilla/5.0" when none is set): ask without one by hand.
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(raw.waitForConnected(3000));
        raw.write("POST /api/v2/statements HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + jwt +
                  "\r\nX-Snowflake-Authorization-Token-Type: KEYPAIR_JWT\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                raw.waitForReadyRead(50);
                answer += raw.readAll();
                return answer.contains("}");
            },
            5000));
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        QVERIFY(answer.contains("User-Agent"));
        QCOMPARE(fake->statementsExecuted(), 1);
    }
};

QTEST_GUILESS_MAIN(SnowflakeClientTest)
#include "snowflakeclient_test.moc"
