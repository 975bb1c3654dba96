#include "snowflakefake.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QMutex>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <sqlite3.h>

#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

namespace cosmicdesk::sandbox {

using nlohmann::json;

namespace {

// Codes Snowflake documents (002003, 001003, 000904, 000630, 000604, 090001, 333334, 390144 …) are
// used as documented; the few for conditions it does not document are Snowflake-like inventions.

struct Column
{
    std::string name;
    std::string type; // lower case, as Snowflake's rowType
    int precision = 0;
    int scale = 0;
    qint64 length = 0;
};

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct SqlError
{
    std::string code, sqlState, message;
};

std::string upper(std::string s)
{
    for (char &c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

QByteArray dump(const json &j)
{
    return QByteArray::fromStdString(j.dump());
}

SandboxReply jsonReply(int status, const json &body)
{
    return SandboxReply::json(status, dump(body));
}

// ---- gzip (Qt has zlib's deflate in qCompress, but no gzip framing)

quint32 crc32(const QByteArray &data)
{
    static const auto table = [] {
        std::array<quint32, 256> t{};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    quint32 crc = 0xFFFFFFFFu;
    for (const char ch : data)
        crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

QByteArray gzip(const QByteArray &data)
{
    // qCompress: 4-byte length, then a zlib stream (2-byte header, raw deflate, 4-byte Adler-32).
    const QByteArray z = qCompress(data, 6);
    const QByteArray deflate = z.mid(6, z.size() - 10);
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
    out += deflate;
    const auto le32 = [&out](quint32 v) {
        for (int i = 0; i < 4; ++i)
            out += char((v >> (8 * i)) & 0xFF);
    };
    le32(crc32(data));
    le32(quint32(data.size()));
    return out;
}

// ---- the JWT, checked with the configured public key

struct PkeyDeleter
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

Pkey publicKey(const QByteArray &pem)
{
    if (pem.isEmpty())
        return {};
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())), &BIO_free);
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    return key;
}

QString spkiFingerprint(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    if (len <= 0)
        return {};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    EVP_Digest(der, std::size_t(len), md, &mdLen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(md), int(mdLen)).toBase64());
}

bool rs256Valid(EVP_PKEY *key, const QByteArray &signedPart, const QByteArray &signature)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()), std::size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(signedPart.constData()), std::size_t(signedPart.size())) == 1;
    ERR_clear_error();
    return ok;
}

std::optional<json> jwtPart(const QByteArray &b64)
{
    const auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    auto j = json::parse(decoded.decoded.cbegin(), decoded.decoded.cend(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    return j;
}

// ---- Snowflake types over SQLite's

Column columnFromDecl(const std::string &name, const char *decl)
{
    Column c;
    c.name = upper(name);
    const QString d = QString::fromLatin1(decl).trimmed().toUpper();
    static const QRegularExpression args(QStringLiteral("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)"));
    const auto m = args.match(d);
    const QString base = d.section(u'(', 0, 0).trimmed();
    const auto is = [&base](std::initializer_list<const char *> names) {
        for (const char *n : names)
            if (base == QLatin1String(n))
                return true;
        return false;
    };
    if (is({"NUMBER", "DECIMAL", "NUMERIC", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT"})) {
        c.type = "fixed";
        c.precision = m.hasMatch() ? m.captured(1).toInt() : 38;
        c.scale = m.hasMatch() && !m.captured(2).isEmpty() ? m.captured(2).toInt() : 0;
    } else if (is({"FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL"})) {
        c.type = "real";
    } else if (is({"BOOLEAN"})) {
        c.type = "boolean";
    } else if (is({"TIMESTAMP_NTZ", "TIMESTAMP", "DATETIME"})) {
        c.type = "timestamp_ntz";
        c.scale = 9;
    } else if (is({"TIMESTAMP_LTZ"})) {
        c.type = "timestamp_ltz";
        c.scale = 9;
    } else if (is({"TIMESTAMP_TZ"})) {
        c.type = "timestamp_tz";
        c.scale = 9;
    } else if (is({"DATE"})) {
        c.type = "date";
    } else if (is({"TIME"})) {
        c.type = "time";
        c.scale = 9;
    } else if (is({"VARIANT", "OBJECT", "ARRAY"})) {
        c.type = base.toLower().toStdString();
    } else if (is({"BINARY", "VARBINARY"})) {
        c.type = "binary";
    } else {
        c.type = "text";
        c.length = m.hasMatch() ? m.captured(1).toLongLong() : 16777216;
    }
    return c;
}

Column columnFromValue(const std::string &name, int sqliteType)
{
    Column c;
    c.name = upper(name);
    switch (sqliteType) {
    case SQLITE_INTEGER:
        c.type = "fixed";
        c.precision = 38;
        break;
    case SQLITE_FLOAT: c.type = "real"; break;
    case SQLITE_BLOB: c.type = "binary"; break;
    default:
        c.type = "text";
        c.length = 16777216;
        break;
    }
    return c;
}

std::string number(double v, int decimals)
{
    return QString::number(v, 'f', decimals).toStdString();
}

std::optional<double> epochOf(const QString &text)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (ok)
        return v;
    QDateTime t = QDateTime::fromString(text.trimmed().replace(u' ', u'T'), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // NTZ: the wall clock as written
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

// A stored value as the jsonv2 string of its column's type.
Cell cellText(sqlite3_stmt *st, int i, const Column &c)
{
    const int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL)
        return std::nullopt;
    const auto raw = [&] {
        return std::string(reinterpret_cast<const char *>(sqlite3_column_text(st, i)), std::size_t(sqlite3_column_bytes(st, i)));
    };
    const bool numeric = t == SQLITE_INTEGER || t == SQLITE_FLOAT;
    if (c.type == "fixed") {
        if (t == SQLITE_INTEGER && c.scale == 0)
            return std::to_string(sqlite3_column_int64(st, i));
        if (numeric)
            return number(sqlite3_column_double(st, i), c.scale);
        return raw();
    }
    if (c.type == "real") {
        if (numeric)
            return QString::number(sqlite3_column_double(st, i), 'g', QLocale::FloatingPointShortest).toStdString();
        return raw();
    }
    if (c.type == "boolean") {
        if (numeric)
            return sqlite3_column_double(st, i) != 0 ? "true" : "false";
        const QString s = QString::fromStdString(raw()).trimmed().toLower();
        return s == u"true" || s == u"1" || s == u"yes" || s == u"on" ? "true" : "false";
    }
    if (c.type.starts_with("timestamp") || c.type == "time") {
        const auto v = numeric ? std::optional<double>(sqlite3_column_double(st, i)) : epochOf(QString::fromStdString(raw()));
        if (!v)
            return raw();
        return c.type == "timestamp_tz" ? number(*v, 9) + " 1440" : number(*v, 9);
    }
    if (c.type == "date") {
        if (numeric)
            return std::to_string(sqlite3_column_int64(st, i));
        const QDate d = QDate::fromString(QString::fromStdString(raw()).left(10), Qt::ISODate);
        return d.isValid() ? std::to_string(QDate(1970, 1, 1).daysTo(d)) : raw();
    }
    if (c.type == "binary")
        return QByteArray(reinterpret_cast<const char *>(sqlite3_column_blob(st, i)), sqlite3_column_bytes(st, i)).toHex().toStdString();
    return raw();
}

json rowTypeOf(const Column &c)
{
    json j = {{"name", c.name}, {"database", ""},   {"schema", ""},        {"table", ""},
              {"type", c.type}, {"nullable", true}, {"collation", nullptr}};
    j["precision"] = c.type == "fixed" || c.type.starts_with("timestamp") || c.type == "time" ? json(c.type == "fixed" ? c.precision : 0)
                                                                                              : json(nullptr);
    j["scale"] = c.type == "fixed" || c.type.starts_with("timestamp") || c.type == "time" ? json(c.scale) : json(nullptr);
    j["length"] = c.type == "text" ? json(c.length) : json(nullptr);
    j["byteLength"] = c.type == "text" ? json(c.length * 4 > 16777216 ? 16777216 : c.length * 4) : json(nullptr);
    return j;
}

// SQLite's complaint as the Snowflake error for the same mistake.
SqlError sqlErrorFrom(const QString &sqliteMessage, const QString &sql, int offset)
{
    static const QRegularExpression noTable(QStringLiteral("^no such table: (?:\\w+\\.)?(\\S+)"));
    static const QRegularExpression noColumn(QStringLiteral("^no such column: (\\S+)"));
    static const QRegularExpression near(QStringLiteral("^near \"(.*)\": syntax error"));
    static const QRegularExpression exists(QStringLiteral("^table (\\S+) already exists"));
    static const QRegularExpression noFunction(QStringLiteral("^no such function: (\\S+)"));
    const int line = offset < 0 ? 1 : int(sql.left(offset).count(u'\n')) + 1;
    const int position = offset < 0 ? 0 : int(offset - (sql.left(offset).lastIndexOf(u'\n') + 1));
    const auto u = [](const QString &s) { return s.toUpper().toStdString(); };
    if (const auto m = noTable.match(sqliteMessage); m.hasMatch())
        return {"002003", "42S02", "SQL compilation error:\nObject '" + u(m.captured(1)) + "' does not exist or not authorized."};
    if (const auto m = noColumn.match(sqliteMessage); m.hasMatch())
        return {"000904", "42000",
                QStringLiteral("SQL compilation error: error line %1 at position %2\ninvalid identifier '%3'")
                    .arg(line)
                    .arg(position)
                    .arg(m.captured(1).section(u'.', -1).toUpper())
                    .toStdString()};
    if (const auto m = near.match(sqliteMessage); m.hasMatch())
        return {"001003", "42000",
                QStringLiteral("SQL compilation error:\nsyntax error line %1 at position %2 unexpected '%3'.")
                    .arg(line)
                    .arg(position)
                    .arg(m.captured(1))
                    .toStdString()};
    if (sqliteMessage.startsWith(u"incomplete input"))
        return {"001003", "42000",
                QStringLiteral("SQL compilation error:\nsyntax error line %1 at position %2 unexpected '<EOF>'.")
                    .arg(line)
                    .arg(position)
                    .toStdString()};
    if (const auto m = exists.match(sqliteMessage); m.hasMatch())
        return {"002002", "42710", "SQL compilation error:\nObject '" + u(m.captured(1)) + "' already exists."};
    if (const auto m = noFunction.match(sqliteMessage); m.hasMatch())
        return {"002140", "42601", "SQL compilation error:\nUnknown function " + u(m.captured(1))};
    static const QRegularExpression tooLong(QStringLiteral("CHECK constraint failed: sf_len_(\\w+)_(\\d+)"));
    static const QRegularExpression notNumeric(QStringLiteral("CHECK constraint failed: sf_num_(\\w+)"));
    if (const auto m = tooLong.match(sqliteMessage); m.hasMatch())
        return {"100074", "22000",
                QStringLiteral("String is too long and would be truncated (column %1, at most %2 characters)")
                    .arg(m.captured(1).toUpper(), m.captured(2))
                    .toStdString()};
    if (const auto m = notNumeric.match(sqliteMessage); m.hasMatch())
        return {"100038", "22018",
                QStringLiteral("Numeric value is not recognized (column %1)").arg(m.captured(1).toUpper()).toStdString()};
    if (sqliteMessage.startsWith(u"NOT NULL constraint failed"))
        return {"100072", "22000", "NULL result in a non-nullable column"};
    if (sqliteMessage.contains(u"constraint failed"))
        return {"100090", "23000", "Duplicate row detected during DML action: " + sqliteMessage.toStdString()};
    if (sqliteMessage.contains(u"datatype mismatch"))
        return {"100038", "22018", "Numeric value is not recognized"};
    return {"001003", "42000", "SQL compilation error:\n" + sqliteMessage.toStdString()};
}

QString firstKeyword(const QString &sql)
{
    static const QRegularExpression word(QStringLiteral("^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/|\\()*([A-Za-z_]+)"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const auto m = word.match(sql);
    return m.hasMatch() ? m.captured(1).toUpper() : QString();
}

bool onlyBlanksLeft(const char *tail)
{
    // What sqlite3_prepare left over: blanks, semicolons and comments are not another statement.
    const QString rest = QString::fromUtf8(tail);
    static const QRegularExpression blank(QStringLiteral("^(?:\\s|;|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*$"),
                                          QRegularExpression::DotMatchesEverythingOption);
    return blank.match(rest).hasMatch();
}

void iff(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    sqlite3_result_value(ctx, sqlite3_value_int(argv[0]) != 0 && sqlite3_value_type(argv[0]) != SQLITE_NULL ? argv[1] : argv[2]);
}

void nvl(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    sqlite3_result_value(ctx, sqlite3_value_type(argv[0]) != SQLITE_NULL ? argv[0] : argv[1]);
}

void sysdate(sqlite3_context *ctx, int, sqlite3_value **)
{
    sqlite3_result_double(ctx, double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
}

void toVarchar(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return sqlite3_result_null(ctx);
    sqlite3_result_text(ctx, reinterpret_cast<const char *>(sqlite3_value_text(argv[0])), sqlite3_value_bytes(argv[0]), SQLITE_TRANSIENT);
}

// A few spellings Snowflake has and SQLite lacks, rewritten before SQLite sees the statement.
QString sqliteDialect(QString sql)
{
    static const QRegularExpression now(QStringLiteral("\\b(?:CURRENT_TIMESTAMP|SYSDATE|GETDATE|LOCALTIMESTAMP)\\s*\\(\\s*\\)"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression ilike(QStringLiteral("\\bILIKE\\b"), QRegularExpression::CaseInsensitiveOption);
    sql.replace(now, QStringLiteral("SYSDATE()"));
    sql.replace(ilike, QStringLiteral("LIKE"));
    // Snowflake refuses a string longer than its VARCHAR(n) and text in a NUMBER column; SQLite
    // stores either. Named CHECK constraints on the created table make SQLite refuse them too.
    static const QRegularExpression createTable(QStringLiteral("^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\b"),
                                                QRegularExpression::CaseInsensitiveOption);
    if (!createTable.match(sql).hasMatch())
        return sql;
    static const QRegularExpression column(
        QStringLiteral(
            "([,(]\\s*)([A-Za-z_][A-Za-z0-9_]*)\\s+(VARCHAR|CHAR|CHARACTER|STRING|TEXT|NUMBER|DECIMAL|NUMERIC|INT|INTEGER|BIGINT|"
            "SMALLINT|FLOAT|DOUBLE|REAL)\\b(\\s*\\(\\s*(\\d+)\\s*(?:,\\s*\\d+\\s*)?\\))?"),
        QRegularExpression::CaseInsensitiveOption);
    QString out;
    qsizetype last = 0;
    for (auto it = column.globalMatch(sql); it.hasNext();) {
        const auto m = it.next();
        const QString name = m.captured(2);
        const QString type = m.captured(3).toUpper();
        if (name.compare(u"CONSTRAINT", Qt::CaseInsensitive) == 0 || name.compare(u"AS", Qt::CaseInsensitive) == 0)
            continue;
        out += QStringView(sql).mid(last, m.capturedEnd(0) - last);
        last = m.capturedEnd(0);
        const bool text = type == u"VARCHAR" || type == u"CHAR" || type == u"CHARACTER" || type == u"STRING" || type == u"TEXT";
        if (text && !m.captured(5).isEmpty())
            out += QStringLiteral(" CONSTRAINT sf_len_%1_%2 CHECK (length(%1) <= %2)").arg(name, m.captured(5));
        else if (!text)
            out += QStringLiteral(" CONSTRAINT sf_num_%1 CHECK (typeof(%1) IN ('integer', 'real', 'null'))").arg(name);
    }
    out += QStringView(sql).mid(last);
    return out;
}

void zeroIfNull(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        sqlite3_result_int(ctx, 0);
    else
        sqlite3_result_value(ctx, argv[0]);
}

} // namespace

// ---- the state behind the routes

struct SnowflakeFake::State : std::enable_shared_from_this<SnowflakeFake::State>
{
    enum class Status { Running, Done, Failed, Cancelled, TimedOut };
    // A binding refers to its value(s) in the statement's parsed body: a 100,000-cell load is not
    // copied cell by cell before it is bound.
    struct Binding
    {
        std::string type;
        const json *value = nullptr; // a string, null, a number, or (array binding) a list of them
        bool array = false;
        std::size_t size() const { return array ? value->size() : 1; }
        const json &at(std::size_t row) const { return array ? (*value)[row] : *value; }
    };
    struct Statement
    {
        std::string handle, requestId;
        qint64 createdOn = 0;
        qint64 readyAtMs = 0;
        int timeoutSecs = 0;
        Status status = Status::Running;
        std::string sql;
        std::shared_ptr<const json> body; // what the bindings refer to; released once the statement ran
        std::vector<Binding> bindings;
        std::vector<Column> columns;
        std::vector<Row> rows;
        std::optional<json> stats;
        SqlError error;
        mutable std::vector<std::size_t> partitionBytes; // uncompressedSize of each, once known
    };

    HttpSandbox *server = nullptr;
    SnowflakeFakeOptions options;
    Pkey key;
    QString fingerprint;
    mutable QMutex lock;
    sqlite3 *db = nullptr;
    std::map<std::string, Statement> statements;              // by handle
    std::unordered_map<std::string, std::string> byRequestId; // the newest execution of each requestId
    std::deque<std::string> order;                            // handles, oldest first (kept: kMaxStatements)
    static constexpr std::size_t kMaxStatements = 20000;
    qint64 executed = 0, replays = 0, gzipped = 0;
    int loseAnswers = 0;

    ~State()
    {
        if (db)
            sqlite3_close(db);
    }

    // -- requests

    std::optional<SandboxReply> refusal(const SandboxRequest &r, bool hasBody) const;
    SandboxReply submit(const SandboxRequest &r);
    SandboxReply status(const SandboxRequest &r);
    SandboxReply cancel(const SandboxRequest &r);

    // -- statements

    void run(Statement &s);
    void settle(Statement &s); // an async statement whose time has come runs now
    SandboxReply answer(const Statement &s, const QByteArray &acceptEncoding) const;
    json partitionData(const Statement &s, std::size_t partition) const;
    std::size_t partitionCount(const Statement &s) const
    {
        const std::size_t per = std::size_t(std::max(1, options.partitionRows));
        return std::max<std::size_t>(1, (s.rows.size() + per - 1) / per);
    }
    static std::string statusUrl(const Statement &s) { return "/api/v2/statements/" + s.handle + "?requestId=" + s.requestId; }
};

std::optional<SandboxReply> SnowflakeFake::State::refusal(const SandboxRequest &r, bool hasBody) const
{
    const auto jwtInvalid = [](const QString &why) {
        return jsonReply(401,
                         {{"code", "390144"}, {"message", QString(QStringLiteral("JWT token is invalid. [") + why + u']').toStdString()}});
    };
    if (r.header("user-agent").isEmpty())
        return jsonReply(400, {{"code", "391902"}, {"message", "The User-Agent header is required."}});
    const QByteArray tokenType = r.header("x-snowflake-authorization-token-type");
    if (tokenType.isEmpty())
        // Without the header Snowflake takes the token for an OAuth one, which a JWT is not.
        return jsonReply(
            401, {{"code", "390303"}, {"message", "Invalid OAuth access token. [X-Snowflake-Authorization-Token-Type is missing]"}});
    if (tokenType != "KEYPAIR_JWT")
        return jsonReply(
            401, {{"code", "390303"},
                  {"message", "Invalid OAuth access token. [token type " + tokenType.toStdString() + " is not accepted for this user]"}});
    const QByteArray authorization = r.header("authorization");
    if (!authorization.startsWith("Bearer "))
        return jwtInvalid(QStringLiteral("no Bearer token in the Authorization header"));
    const QList<QByteArray> parts = authorization.mid(7).trimmed().split('.');
    if (parts.size() != 3)
        return jwtInvalid(QStringLiteral("the token does not have three parts"));
    const auto header = jwtPart(parts[0]);
    const auto claims = jwtPart(parts[1]);
    if (!header || !claims)
        return jwtInvalid(QStringLiteral("the header or the claims are not base64url JSON"));
    if (header->value("alg", std::string()) != "RS256")
        return jwtInvalid(QStringLiteral("alg must be RS256"));
    if (!key)
        return jwtInvalid(QStringLiteral("no public key is set for user %1").arg(options.user));
    const auto signature =
        QByteArray::fromBase64Encoding(parts[2], QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!signature || !rs256Valid(key.get(), parts[0] + '.' + parts[1], signature.decoded))
        return jwtInvalid(QStringLiteral("the signature does not match the public key of user %1").arg(options.user));
    const QString subject = options.account.toUpper() + u'.' + options.user.toUpper();
    const QString issuer = subject + QStringLiteral(".SHA256:") + fingerprint;
    const auto claim = [&](const char *name) {
        const auto it = claims->find(name);
        return it != claims->end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    };
    if (claim("iss") != issuer)
        return jwtInvalid(QStringLiteral("iss is '%1', expected '%2'").arg(claim("iss"), issuer));
    if (claim("sub") != subject)
        return jwtInvalid(QStringLiteral("sub is '%1', expected '%2'").arg(claim("sub"), subject));
    const auto iat = claims->find("iat");
    const auto exp = claims->find("exp");
    if (iat == claims->end() || exp == claims->end() || !iat->is_number() || !exp->is_number())
        return jwtInvalid(QStringLiteral("iat and exp must be numbers"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto issued = iat->get<qint64>(), expires = exp->get<qint64>();
    if (expires <= now)
        return jwtInvalid(QStringLiteral("the token expired %1 s ago").arg(now - expires));
    if (expires - issued > 3600)
        return jwtInvalid(QStringLiteral("exp is %1 s after iat; at most 3600 s are allowed").arg(expires - issued));
    if (issued > now + 60)
        return jwtInvalid(QStringLiteral("iat lies %1 s in the future").arg(issued - now));
    if (hasBody && !r.header("content-type").toLower().startsWith("application/json"))
        return jsonReply(415, {{"code", "391901"}, {"message", "Unsupported media type: the Content-Type must be application/json."}});
    return std::nullopt;
}

SandboxReply SnowflakeFake::State::submit(const SandboxRequest &r)
{
    if (auto refused = refusal(r, true))
        return *refused;
    auto parsed = std::make_shared<json>(json::parse(r.body().cbegin(), r.body().cend(), nullptr, false));
    const json &body = *parsed;
    if (body.is_discarded() || !body.is_object())
        return jsonReply(400, {{"code", "391900"}, {"message", "Unable to parse the request body as JSON."}});
    const auto statementIt = body.find("statement");
    if (statementIt == body.end() || !statementIt->is_string() || statementIt->get<std::string>().empty())
        return jsonReply(400, {{"code", "391900"}, {"message", "The request body has no statement."}});
    const std::string requestId = QUrl::fromPercentEncoding(r.query.queryItemValue(QStringLiteral("requestId")).toUtf8()).toStdString();
    const bool retry = r.query.queryItemValue(QStringLiteral("retry")) == u"true";
    const bool async = r.query.queryItemValue(QStringLiteral("async")) == u"true";
    const QByteArray acceptEncoding = r.header("accept-encoding");

    QMutexLocker guard(&lock);
    if (retry && !requestId.empty()) {
        // Snowflake keeps a requestId's outcome: a retry of it is answered without running it again.
        if (const auto known = byRequestId.find(requestId); known != byRequestId.end()) {
            ++replays;
            Statement &s = statements.at(known->second);
            settle(s);
            SandboxReply reply = answer(s, acceptEncoding);
            if (loseAnswers > 0) {
                --loseAnswers;
                reply.resetConnection = true;
            }
            return reply;
        }
    }
    Statement s;
    s.handle = "01" + QUuid::createUuid().toString(QUuid::WithoutBraces).mid(2).toStdString();
    s.requestId = requestId.empty() ? QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString() : requestId;
    s.createdOn = QDateTime::currentMSecsSinceEpoch();
    s.sql = statementIt->get<std::string>();
    s.timeoutSecs = body.contains("timeout") && body["timeout"].is_number_integer() ? body["timeout"].get<int>() : 0;
    if (const auto b = body.find("bindings"); b != body.end() && b->is_object()) {
        // Positions "1" … "n", each {"type","value"}: value a string, null or (array binding) a list of them.
        std::map<int, Binding> byPosition;
        for (const auto &[k, v] : b->items()) {
            bool ok = false;
            const int position = QString::fromStdString(k).toInt(&ok);
            if (!ok || position < 1 || !v.is_object())
                return jsonReply(400, {{"code", "391900"}, {"message", "Invalid binding '" + k + "'."}});
            Binding binding;
            binding.type = upper(v.value("type", std::string("TEXT")));
            static const json kNull;
            const auto found = v.find("value");
            binding.value = found != v.end() ? &*found : &kNull;
            binding.array = binding.value->is_array();
            byPosition[position] = std::move(binding);
        }
        int expected = 1;
        for (auto &[position, binding] : byPosition) {
            if (position != expected++)
                return jsonReply(400, {{"code", "391900"}, {"message", "Bindings must be numbered 1 to n without gaps."}});
            s.bindings.push_back(std::move(binding));
        }
        s.body = std::move(parsed);
    }
    if (async) {
        s.readyAtMs = s.createdOn + std::max(0, options.asyncRunMs);
    } else {
        run(s);
        s.bindings.clear();
        s.body.reset();
    }
    const std::string handle = s.handle;
    byRequestId[s.requestId] = handle;
    // Snowflake keeps results for a day; a long bench run keeps the newest ones only.
    order.push_back(handle);
    while (order.size() > kMaxStatements) {
        const auto old = statements.find(order.front());
        if (old != statements.end()) {
            if (const auto r = byRequestId.find(old->second.requestId); r != byRequestId.end() && r->second == old->first)
                byRequestId.erase(r);
            statements.erase(old);
        }
        order.pop_front();
    }
    Statement &stored = statements.emplace(handle, std::move(s)).first->second;
    if (async && server) {
        // It runs when its time comes, polled or not.
        QTimer::singleShot(std::max(0, options.asyncRunMs), server, [weak = weak_from_this(), handle] {
            const auto self = weak.lock();
            if (!self)
                return;
            QMutexLocker g(&self->lock);
            if (const auto it = self->statements.find(handle); it != self->statements.end())
                self->settle(it->second);
        });
    }
    SandboxReply reply = answer(stored, acceptEncoding);
    if (loseAnswers > 0) {
        --loseAnswers;
        reply.resetConnection = true;
    }
    return reply;
}

void SnowflakeFake::State::settle(Statement &s)
{
    if (s.status != Status::Running || QDateTime::currentMSecsSinceEpoch() < s.readyAtMs)
        return;
    if (s.timeoutSecs > 0 && s.readyAtMs - s.createdOn > qint64(s.timeoutSecs) * 1000) {
        s.status = Status::TimedOut; // Snowflake cancels it at the timeout: nothing of it runs
    } else {
        run(s);
    }
    s.bindings.clear();
    s.body.reset();
}

void SnowflakeFake::State::run(Statement &s)
{
    // Under `lock`. One statement at a time, as a warehouse with one cluster would queue them.
    ++executed;
    const auto fail = [&s](SqlError e) {
        s.status = Status::Failed;
        s.error = std::move(e);
    };
    const QString sql = sqliteDialect(QString::fromStdString(s.sql));
    const QString keyword = firstKeyword(sql);
    static const QStringList unsupported = {QStringLiteral("BEGIN"),    QStringLiteral("START"),     QStringLiteral("COMMIT"),
                                            QStringLiteral("ROLLBACK"), QStringLiteral("USE"),       QStringLiteral("PUT"),
                                            QStringLiteral("GET"),      QStringLiteral("ATTACH"),    QStringLiteral("DETACH"),
                                            QStringLiteral("PRAGMA"),   QStringLiteral("SAVEPOINT"), QStringLiteral("RELEASE")};
    if (unsupported.contains(keyword))
        return fail({"000002", "0A000", "Unsupported feature '" + keyword.toStdString() + "'."});

    // Array bindings: every position a list of one length (that many runs), or every position one value.
    std::size_t runs = 1;
    bool anyArray = false;
    for (const auto &b : s.bindings)
        if (b.array) {
            if (anyArray && b.size() != runs)
                return fail({"100132", "22000",
                             QStringLiteral("Array bind variables must have the same length; got %1 and %2 values.")
                                 .arg(qsizetype(runs))
                                 .arg(qsizetype(b.size()))
                                 .toStdString()});
            runs = b.size();
            anyArray = true;
        }
    for (const auto &b : s.bindings)
        if (anyArray && !b.array)
            return fail({"100132", "22000", "Array bind variables cannot be mixed with single values."});
    if (anyArray && runs == 0)
        return fail({"100132", "22000", "Array bind variables are empty."});

    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *st = nullptr;
    const char *tail = nullptr;
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &st, &tail) != SQLITE_OK || !st) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(db));
        const int offset = sqlite3_error_offset(db);
        sqlite3_finalize(st);
        if (!st && message == u"not an error")
            return fail({"000900", "42601", "SQL compilation error:\nEmpty SQL statement."});
        return fail(sqlErrorFrom(message, sql, offset));
    }
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(st, &sqlite3_finalize);
    if (!onlyBlanksLeft(tail))
        return fail({"000008", "0A000", "Actual statement count 2 did not match the desired statement count 1."});
    const int parameters = sqlite3_bind_parameter_count(st);
    if (parameters > int(s.bindings.size()))
        return fail({"002049", "42601",
                     QStringLiteral("SQL compilation error: error line 0 at position -1\nBind variable ? not set (%1 bound, %2 needed).")
                         .arg(qsizetype(s.bindings.size()))
                         .arg(parameters)
                         .toStdString()});

    // A binding's value as SQLite should store it, or the error Snowflake gives for a bad one.
    // Which binding each parameter takes ("?3" or ":3" name theirs; "?" the next), found once.
    std::vector<int> positions(std::size_t(parameters) + 1, 0);
    for (int p = 1; p <= parameters; ++p) {
        int position = p;
        if (const char *name = sqlite3_bind_parameter_name(st, p)) {
            bool ok = false;
            const int n = QString::fromUtf8(name + 1).toInt(&ok);
            if (ok)
                position = n;
        }
        positions[std::size_t(p)] = position;
    }
    const auto bindAll = [&](std::size_t row) -> std::optional<SqlError> {
        for (int p = 1; p <= parameters; ++p) {
            const int position = positions[std::size_t(p)];
            if (position < 1 || position > int(s.bindings.size()))
                return SqlError{"002049", "42601", "SQL compilation error:\nBind variable " + std::to_string(position) + " not set."};
            const Binding &b = s.bindings[std::size_t(position - 1)];
            const json &x = b.at(anyArray ? row : 0);
            if (x.is_null()) {
                sqlite3_bind_null(st, p);
                continue;
            }
            std::string dumped;
            const std::string *v = &dumped;
            if (x.is_string())
                v = &x.get_ref<const std::string &>();
            else
                dumped = x.dump();
            // The common cases without a detour through QString: text as it came, whole numbers.
            if (b.type == "TEXT") {
                // The body's own string lives until the statement ran; a dumped number is copied.
                sqlite3_bind_text(st, p, v->data(), int(v->size()), x.is_string() ? SQLITE_STATIC : SQLITE_TRANSIENT);
                continue;
            }
            if (b.type == "FIXED") {
                long long i = 0;
                const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), i);
                if (ec == std::errc() && end == v->data() + v->size()) {
                    sqlite3_bind_int64(st, p, i);
                    continue;
                }
            }
            const QString text = QString::fromStdString(*v);
            if (b.type == "FIXED" || b.type == "REAL") {
                bool ok = false;
                const qlonglong i = text.toLongLong(&ok);
                if (ok && b.type == "FIXED") {
                    sqlite3_bind_int64(st, p, i);
                    continue;
                }
                const double d = text.toDouble(&ok);
                if (!ok || !std::isfinite(d))
                    return SqlError{"100038", "22018", "Numeric value '" + *v + "' is not recognized"};
                sqlite3_bind_double(st, p, d);
            } else if (b.type == "BOOLEAN") {
                const QString t = text.trimmed().toLower();
                if (t == u"true" || t == u"1" || t == u"yes" || t == u"on" || t == u"t" || t == u"y")
                    sqlite3_bind_int(st, p, 1);
                else if (t == u"false" || t == u"0" || t == u"no" || t == u"off" || t == u"f" || t == u"n")
                    sqlite3_bind_int(st, p, 0);
                else
                    return SqlError{"100037", "22018", "Boolean value '" + *v + "' is not recognized"};
            } else if (b.type.starts_with("TIMESTAMP") || b.type == "TIME") {
                // Epoch seconds ("1714640043.5"), or a date and time as Snowflake would parse it.
                const auto d = epochOf(text);
                if (!d || !std::isfinite(*d))
                    return SqlError{"100035", "22007", "Timestamp '" + *v + "' is not recognized"};
                sqlite3_bind_double(st, p, *d);
            } else if (b.type == "TEXT" || b.type == "DATE" || b.type == "BINARY") {
                const QByteArray bytes = text.toUtf8();
                sqlite3_bind_text(st, p, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
            } else {
                return SqlError{"002040", "42601", "SQL compilation error:\nUnsupported data type '" + b.type + "'."};
            }
        }
        return std::nullopt;
    };

    const bool dml = keyword == u"INSERT" || keyword == u"UPDATE" || keyword == u"DELETE";
    if (sqlite3_column_count(st) > 0 && !dml) {
        // A query: columns typed by their declaration, or by the first non-null value of an expression.
        if (auto e = bindAll(0))
            return fail(*e);
        const int n = sqlite3_column_count(st);
        std::vector<Column> columns(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            if (const char *decl = sqlite3_column_decltype(st, i))
                columns[std::size_t(i)] = columnFromDecl(sqlite3_column_name(st, i), decl);
        // The declared columns format as they go; expression columns wait for their first value.
        std::vector<Row> rows;
        int rc = SQLITE_ROW;
        std::vector<bool> typed(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
            typed[std::size_t(i)] = !columns[std::size_t(i)].type.empty();
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            Row row(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                auto &c = columns[std::size_t(i)];
                if (!typed[std::size_t(i)] && sqlite3_column_type(st, i) != SQLITE_NULL) {
                    c = columnFromValue(sqlite3_column_name(st, i), sqlite3_column_type(st, i));
                    typed[std::size_t(i)] = true;
                }
                if (typed[std::size_t(i)])
                    row[std::size_t(i)] = cellText(st, i, c);
            }
            rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE)
            return fail(sqlErrorFrom(QString::fromUtf8(sqlite3_errmsg(db)), sql, -1));
        for (int i = 0; i < n; ++i)
            if (!typed[std::size_t(i)])
                columns[std::size_t(i)] = columnFromValue(sqlite3_column_name(st, i), SQLITE_NULL);
        s.columns = std::move(columns);
        s.rows = std::move(rows);
        s.status = Status::Done;
        return;
    }

    // DML and DDL: every row of an array binding in one transaction, all or nothing.
    qint64 changed = 0;
    sqlite3_exec(db, "SAVEPOINT snowflake_statement", nullptr, nullptr, nullptr);
    std::optional<SqlError> error;
    for (std::size_t row = 0; row < runs && !error; ++row) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if ((error = bindAll(row)))
            break;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE)
            error = sqlErrorFrom(QString::fromUtf8(sqlite3_errmsg(db)), sql, -1);
        else if (dml)
            changed += sqlite3_changes64(db);
    }
    if (error) {
        sqlite3_exec(db, "ROLLBACK TO snowflake_statement", nullptr, nullptr, nullptr);
        sqlite3_exec(db, "RELEASE snowflake_statement", nullptr, nullptr, nullptr);
        return fail(*error);
    }
    sqlite3_exec(db, "RELEASE snowflake_statement", nullptr, nullptr, nullptr);
    s.status = Status::Done;
    const auto fixedColumn = [](const char *name) {
        Column c;
        c.name = name;
        c.type = "fixed";
        c.precision = 19;
        return c;
    };
    if (dml) {
        s.stats = json{{"numRowsInserted", keyword == u"INSERT" ? changed : 0},
                       {"numRowsUpdated", keyword == u"UPDATE" ? changed : 0},
                       {"numRowsDeleted", keyword == u"DELETE" ? changed : 0},
                       {"numDuplicateRowsUpdated", 0}};
        if (keyword == u"INSERT") {
            s.columns = {fixedColumn("number of rows inserted")};
            s.rows = {{std::to_string(changed)}};
        } else if (keyword == u"UPDATE") {
            s.columns = {fixedColumn("number of rows updated"), fixedColumn("number of multi-joined rows updated")};
            s.rows = {{std::to_string(changed), std::string("0")}};
        } else {
            s.columns = {fixedColumn("number of rows deleted")};
            s.rows = {{std::to_string(changed)}};
        }
        return;
    }
    Column status;
    status.name = "status";
    status.type = "text";
    status.length = 16777216;
    s.columns = {status};
    static const QRegularExpression created(
        QStringLiteral("^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?([\\w.\"]+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dropped(QStringLiteral("^\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)"),
                                            QRegularExpression::CaseInsensitiveOption);
    if (const auto m = created.match(sql); m.hasMatch())
        s.rows = {{"Table " + m.captured(2).toUpper().toStdString() + " successfully created."}};
    else if (const auto d = dropped.match(sql); d.hasMatch())
        s.rows = {{d.captured(1).toUpper().toStdString() + " successfully dropped."}};
    else
        s.rows = {{std::string("Statement executed successfully.")}};
}

json SnowflakeFake::State::partitionData(const Statement &s, std::size_t partition) const
{
    const std::size_t per = std::size_t(std::max(1, options.partitionRows));
    json data = json::array();
    for (std::size_t i = partition * per; i < std::min(s.rows.size(), (partition + 1) * per); ++i) {
        json row = json::array();
        for (const auto &c : s.rows[i])
            row.push_back(c ? json(*c) : json(nullptr));
        data.push_back(std::move(row));
    }
    return data;
}

SandboxReply SnowflakeFake::State::answer(const Statement &s, const QByteArray &) const
{
    const json common = {
        {"statementHandle", s.handle}, {"statementStatusUrl", statusUrl(s)}, {"requestId", s.requestId}, {"createdOn", s.createdOn}};
    switch (s.status) {
    case Status::Running: {
        json j = common;
        j["code"] = "333334";
        j["message"] = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.";
        return jsonReply(202, j);
    }
    case Status::TimedOut: {
        json j = common;
        j["code"] = "000630";
        j["sqlState"] = "57014";
        j["message"] =
            "Statement reached its statement or warehouse timeout of " + std::to_string(s.timeoutSecs) + " second(s) and was canceled.";
        return jsonReply(408, j);
    }
    case Status::Cancelled: {
        json j = common;
        j["code"] = "000604";
        j["sqlState"] = "57014";
        j["message"] = "SQL execution canceled";
        return jsonReply(422, j);
    }
    case Status::Failed: {
        json j = common;
        j["code"] = s.error.code;
        j["sqlState"] = s.error.sqlState;
        j["message"] = s.error.message;
        return jsonReply(422, j);
    }
    case Status::Done: break;
    }
    json rowType = json::array();
    for (const auto &c : s.columns)
        rowType.push_back(rowTypeOf(c));
    json partitions = json::array();
    const std::size_t count = partitionCount(s);
    const std::size_t per = std::size_t(std::max(1, options.partitionRows));
    json first = partitionData(s, 0);
    if (s.partitionBytes.size() != count) {
        s.partitionBytes.clear();
        for (std::size_t p = 0; p < count; ++p)
            s.partitionBytes.push_back(p == 0 ? first.dump().size() : partitionData(s, p).dump().size());
    }
    for (std::size_t p = 0; p < count; ++p)
        partitions.push_back({{"rowCount", std::min(s.rows.size(), (p + 1) * per) - std::min(s.rows.size(), p * per)},
                              {"uncompressedSize", s.partitionBytes[p]}});
    json j = common;
    j["resultSetMetaData"] = {{"numRows", s.rows.size()}, {"format", "jsonv2"}, {"partitionInfo", partitions}, {"rowType", rowType}};
    j["data"] = std::move(first);
    j["code"] = "090001";
    j["sqlState"] = "00000";
    j["message"] = "Statement executed successfully.";
    if (s.stats)
        j["stats"] = *s.stats;
    SandboxReply reply = jsonReply(200, j);
    if (count > 1)
        reply.headers.append(
            {"Link", QByteArray::fromStdString("</api/v2/statements/" + s.handle + "?partition=1>; rel=\"next\",</api/v2/statements/" +
                                               s.handle + "?partition=" + std::to_string(count - 1) + ">; rel=\"last\"")});
    return reply;
}

SandboxReply SnowflakeFake::State::status(const SandboxRequest &r)
{
    if (auto refused = refusal(r, false))
        return *refused;
    const std::string handle = r.args.value(0).toStdString();
    QMutexLocker guard(&lock);
    const auto it = statements.find(handle);
    if (it == statements.end())
        return jsonReply(
            404,
            {{"code", "000709"}, {"sqlState", "02000"}, {"message", "Statement " + handle + " not found."}, {"statementHandle", handle}});
    Statement &s = it->second;
    settle(s);
    if (!r.query.hasQueryItem(QStringLiteral("partition")) || s.status != Status::Done)
        return answer(s, r.header("accept-encoding"));
    bool ok = false;
    const int partition = r.query.queryItemValue(QStringLiteral("partition")).toInt(&ok);
    const std::size_t count = partitionCount(s);
    if (!ok || partition < 0 || std::size_t(partition) >= count)
        return jsonReply(422, {{"code", "391917"},
                               {"sqlState", "22023"},
                               {"message", "Invalid partition number " + r.query.queryItemValue(QStringLiteral("partition")).toStdString() +
                                               "; the result has " + std::to_string(count) + " partition(s)."},
                               {"statementHandle", handle}});
    // A partition answer is the data alone; Snowflake compresses it when the client allows.
    SandboxReply reply = jsonReply(200, {{"data", partitionData(s, std::size_t(partition))}});
    const auto link = [&s](std::size_t p, const char *rel) {
        return QByteArray::fromStdString("</api/v2/statements/" + s.handle + "?partition=" + std::to_string(p) + ">; rel=\"" + rel + "\"");
    };
    QByteArrayList links{link(0, "first")};
    if (partition > 0)
        links << link(std::size_t(partition - 1), "prev");
    if (std::size_t(partition + 1) < count)
        links << link(std::size_t(partition + 1), "next");
    links << link(count - 1, "last");
    reply.headers.append(qMakePair(QByteArray("Link"), links.join(',')));
    if (r.header("accept-encoding").contains("gzip")) {
        reply.body = gzip(reply.body);
        reply.headers.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
        ++gzipped;
    }
    return reply;
}

SandboxReply SnowflakeFake::State::cancel(const SandboxRequest &r)
{
    if (auto refused = refusal(r, false))
        return *refused;
    const std::string handle = r.args.value(0).toStdString();
    QMutexLocker guard(&lock);
    const auto it = statements.find(handle);
    if (it == statements.end())
        return jsonReply(
            404,
            {{"code", "000709"}, {"sqlState", "02000"}, {"message", "Statement " + handle + " not found."}, {"statementHandle", handle}});
    Statement &s = it->second;
    settle(s);
    if (s.status == Status::Running)
        s.status = Status::Cancelled;
    return jsonReply(200, {{"code", "000604"},
                           {"sqlState", "57014"},
                           {"message", "successfully canceled"},
                           {"statementHandle", handle},
                           {"statementStatusUrl", statusUrl(s)}});
}

// ---- SnowflakeFake

SnowflakeFake::SnowflakeFake(HttpSandbox &server, SnowflakeFakeOptions options) : m_state(std::make_shared<State>())
{
    State &s = *m_state;
    s.server = &server;
    s.options = std::move(options);
    s.key = publicKey(s.options.publicKeyPem);
    if (s.key)
        s.fingerprint = spkiFingerprint(s.key.get());
    sqlite3_open_v2(":memory:", &s.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    // A few Snowflake functions SQLite lacks.
    sqlite3_create_function(s.db, "IFF", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &iff, nullptr, nullptr);
    sqlite3_create_function(s.db, "NVL", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &nvl, nullptr, nullptr);
    sqlite3_create_function(s.db, "ZEROIFNULL", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &zeroIfNull, nullptr, nullptr);
    sqlite3_create_function(s.db, "SYSDATE", 0, SQLITE_UTF8, nullptr, &sysdate, nullptr, nullptr);
    sqlite3_create_function(s.db, "TO_VARCHAR", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &toVarchar, nullptr, nullptr);
    sqlite3_create_function(s.db, "TO_CHAR", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &toVarchar, nullptr, nullptr);

    // The handlers hold the state weakly: the server may outlive the fake.
    const std::weak_ptr<State> weak = m_state;
    const auto gone = [] { return jsonReply(503, {{"code", "390503"}, {"message", "Service Unavailable"}}); };
    server.addRoute(QStringLiteral("snowflake.submit"), "POST", QStringLiteral("/api/v2/statements"),
                    [weak, gone](const SandboxRequest &r) {
                        const auto s = weak.lock();
                        return s ? s->submit(r) : gone();
                    });
    server.addRoute(QStringLiteral("snowflake.cancel"), "POST", QStringLiteral("/api/v2/statements/([^/]+)/cancel"),
                    [weak, gone](const SandboxRequest &r) {
                        const auto s = weak.lock();
                        return s ? s->cancel(r) : gone();
                    });
    server.addRoute(QStringLiteral("snowflake.status"), "GET", QStringLiteral("/api/v2/statements/([^/]+)"),
                    [weak, gone](const SandboxRequest &r) {
                        const auto s = weak.lock();
                        return s ? s->status(r) : gone();
                    });
    server.setFaultReply(QStringLiteral("snowflake"), [](Fault fault, const FaultKnobs &k) {
        SandboxReply reply =
            fault == Fault::RateLimited
                ? jsonReply(429, {{"code", "390429"}, {"message", "Too many requests. Please retry the request later."}})
                : jsonReply(503, {{"code", "390503"}, {"message", "Service Unavailable. Please retry the request later."}});
        reply.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(k.retryAfterSecs)));
        return reply;
    });
}

SnowflakeFake::~SnowflakeFake() = default;

const SnowflakeFakeOptions &SnowflakeFake::options() const
{
    return m_state->options;
}

std::vector<std::vector<QString>> SnowflakeFake::query(const QString &sql) const
{
    QMutexLocker guard(&m_state->lock);
    std::vector<std::vector<QString>> rows;
    const QByteArray utf8 = sqliteDialect(sql).toUtf8(); // a table made here gets the same length and number checks
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(m_state->db, utf8.constData(), int(utf8.size()), &st, nullptr) != SQLITE_OK) {
        qWarning("SnowflakeFake::query: %s", sqlite3_errmsg(m_state->db));
        sqlite3_finalize(st);
        return rows;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        std::vector<QString> row;
        for (int i = 0; i < sqlite3_column_count(st); ++i)
            row.push_back(sqlite3_column_type(st, i) == SQLITE_NULL
                              ? QString()
                              : QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, i)), sqlite3_column_bytes(st, i)));
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return rows;
}

qint64 SnowflakeFake::statementsExecuted() const
{
    QMutexLocker guard(&m_state->lock);
    return m_state->executed;
}

qint64 SnowflakeFake::requestIdReplays() const
{
    QMutexLocker guard(&m_state->lock);
    return m_state->replays;
}

qint64 SnowflakeFake::gzippedReplies() const
{
    QMutexLocker guard(&m_state->lock);
    return m_state->gzipped;
}

void SnowflakeFake::loseAnswersAfterRunning(int count)
{
    QMutexLocker guard(&m_state->lock);
    m_state->loseAnswers += std::max(0, count);
}

} // namespace cosmicdesk::sandbox
