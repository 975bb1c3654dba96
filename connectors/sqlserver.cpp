#include "sqlserver.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QUuid>

namespace cosmicdesk::connectors {

namespace {

struct TlsOptions
{
    QString driverOptions; // what the driver is given
    QString caFile, caPath;
    bool verify = false; // MYSQL_OPT_SSL_VERIFY_SERVER_CERT=TRUE
};

// Qt 6.4's QMYSQL knows SSL_KEY/CERT/CA/CAPATH/CIPHER only and ignores any other key with a mere
// warning, so "MYSQL_OPT_SSL_CA=…" would silently connect without a CA: translate those spellings,
// and keep VERIFY_SERVER_CERT for our own check, which the driver cannot be asked for.
TlsOptions tlsOptions(const QString &options)
{
    static const QStringList translated = {QStringLiteral("CA"), QStringLiteral("CAPATH"), QStringLiteral("CERT"), QStringLiteral("KEY"),
                                           QStringLiteral("CIPHER")};
    TlsOptions out;
    QStringList kept;
    for (const QString &raw : options.split(u';', Qt::SkipEmptyParts)) {
        const QString item = raw.trimmed();
        QString key = item.section(u'=', 0, 0).trimmed().toUpper();
        const QString value = item.section(u'=', 1).trimmed();
        if (key == u"MYSQL_OPT_SSL_VERIFY_SERVER_CERT") {
            out.verify = value.isEmpty() || value.compare(u"TRUE", Qt::CaseInsensitive) == 0 || value == u"1";
            continue;
        }
        if (key.startsWith(u"MYSQL_OPT_SSL_") && translated.contains(key.mid(14)))
            key = u"SSL_" + key.mid(14);
        if (key == u"SSL_CA")
            out.caFile = value;
        else if (key == u"SSL_CAPATH")
            out.caPath = value;
        kept << (item.contains(u'=') ? key + u'=' + value : item);
    }
    out.driverOptions = kept.join(u';');
    return out;
}

quint32 littleEndian(const QByteArray &b, qsizetype at, int bytes)
{
    quint32 v = 0;
    for (int i = 0; i < bytes && at + i < b.size(); ++i)
        v |= quint32(quint8(b[at + i])) << (8 * i);
    return v;
}

QString capitalised(const QString &s)
{
    return s.isEmpty() ? s : s.at(0).toUpper() + s.mid(1);
}

} // namespace

SqlServerConnection::SqlServerConnection(SqlServerConfig config, QString what, const QString &namePrefix)
    : m_config(std::move(config)), m_what(std::move(what)), m_name(namePrefix + u'-' + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

SqlServerConnection::~SqlServerConnection()
{
    if (QSqlDatabase::contains(m_name)) {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
}

QSqlDatabase SqlServerConnection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

Error SqlServerConnection::failed(const QString &what, const QSqlError &e)
{
    // A lost connection is a network problem worth retrying; anything else is the configuration.
    const bool lost = e.type() == QSqlError::ConnectionError;
    if (lost && QSqlDatabase::contains(m_name))
        QSqlDatabase::database(m_name, false).close();
    return Error::make(lost ? Error::Kind::Network : Error::Kind::Config, what + QStringLiteral(": ") + e.text());
}

Result<void> SqlServerConnection::open()
{
    if (QSqlDatabase::contains(m_name) && QSqlDatabase::database(m_name, false).isOpen())
        return {};
    if (!QSqlDatabase::isDriverAvailable(m_config.driver))
        return Error::make(Error::Kind::Config, QStringLiteral("The %1 database driver is not installed").arg(m_config.driver));
    QSqlDatabase db =
        QSqlDatabase::contains(m_name) ? QSqlDatabase::database(m_name, false) : QSqlDatabase::addDatabase(m_config.driver, m_name);
    db.setHostName(m_config.host);
    if (m_config.port > 0)
        db.setPort(m_config.port);
    db.setDatabaseName(m_config.databaseName);
    const TlsOptions tls = tlsOptions(m_config.connectOptions);
    db.setConnectOptions(tls.driverOptions);
    if (m_config.driver == u"QMYSQL" && (m_config.requireTls || tls.verify))
        if (auto verified = verifyServerCertificate(&tls); !verified.ok())
            return verified.error(); // before open(): the password has not left
    if (!db.open(m_config.user, m_config.password)) {
        const QSqlError e = db.lastError();
        // 1045: access denied (user or password); 1044: no access to that database.
        const bool denied = e.nativeErrorCode() == u"1045" || e.nativeErrorCode() == u"1044";
        return Error::make(denied ? Error::Kind::Auth : Error::Kind::Network,
                           QStringLiteral("Could not connect to %1: %2").arg(m_what, e.text()));
    }
    if (m_config.requireTls) {
        QSqlQuery q(db);
        const bool tls = q.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) && q.next() && !q.value(1).toString().isEmpty();
        if (!tls) {
            db.close();
            return Error::make(Error::Kind::Config,
                               QStringLiteral("The connection to %1 is not encrypted (no TLS cipher); check the TLS options").arg(m_what));
        }
    }
    return {};
}

// Only TLS proves the server, and the driver checks the chain against the CA but not the name:
// so first a handshake of our own, MySQL's greeting and SSLRequest then TLS (QSslSocket) against
// the same CA, with the name checked, and nothing of the credentials sent. A second connection
// is not the first one, so a machine in the middle that lets the check through could still
// answer the login, but only with a certificate of the same CA (the driver checks that much).
Result<void> SqlServerConnection::verifyServerCertificate(const void *options)
{
    const TlsOptions &tls = *static_cast<const TlsOptions *>(options);
    const auto refuse = [](const QString &why) { return Error::make(Error::Kind::Config, why); };
    QList<QSslCertificate> cas;
    if (!tls.caFile.isEmpty())
        cas += QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
    if (!tls.caPath.isEmpty())
        cas +=
            QSslCertificate::fromPath(QDir(tls.caPath).filePath(QStringLiteral("*")), QSsl::Pem, QSslCertificate::PatternSyntax::Wildcard);
    if (tls.caFile.isEmpty() && tls.caPath.isEmpty())
        return refuse(QStringLiteral("An encrypted connection to %1 needs the server's CA: add SSL_CA=<file> "
                                     "to the connect options (for RDS, the global bundle)")
                          .arg(m_what));
    if (cas.isEmpty())
        return refuse(QStringLiteral("No CA certificate could be read from %1").arg(!tls.caFile.isEmpty() ? tls.caFile : tls.caPath));
    const int timeoutMs = 10000;
    QSslSocket socket;
    socket.connectToHost(m_config.host, quint16(m_config.port > 0 ? m_config.port : 3306));
    if (!socket.waitForConnected(timeoutMs))
        return Error::make(Error::Kind::Network, QStringLiteral("Could not connect to %1: %2").arg(m_what, socket.errorString()));
    // The server speaks first: one packet, 3-byte length, sequence number, payload.
    QByteArray greeting;
    while (greeting.size() < 4 || greeting.size() < 4 + qsizetype(littleEndian(greeting, 0, 3))) {
        if (!socket.waitForReadyRead(timeoutMs))
            return Error::make(Error::Kind::Network, QStringLiteral("%1 sent no greeting").arg(capitalised(m_what)));
        greeting += socket.readAll();
        if (greeting.size() > 65536)
            return refuse(QStringLiteral("The greeting of %1 is not MySQL's").arg(m_what));
    }
    const QByteArray payload = greeting.mid(4, littleEndian(greeting, 0, 3));
    if (payload.startsWith('\xff')) // an error packet: code, '#', SQL state, message
        return Error::make(Error::Kind::Network,
                           QStringLiteral("%1 refused the connection: %2").arg(capitalised(m_what), QString::fromUtf8(payload.mid(9))));
    const qsizetype versionEnd = payload.indexOf('\0', 1);
    if (payload.isEmpty() || payload[0] != '\x0a' || versionEnd < 0)
        return refuse(QStringLiteral("The greeting of %1 is not MySQL's").arg(m_what));
    const quint32 capabilities = littleEndian(payload, versionEnd + 1 + 4 + 8 + 1, 2);
    constexpr quint32 clientLongPassword = 0x1, clientProtocol41 = 0x200, clientSsl = 0x800, clientSecureConnection = 0x8000;
    if (!(capabilities & clientSsl))
        return refuse(QStringLiteral("%1 offers no encrypted connection").arg(capitalised(m_what)));
    // SSLRequest: capabilities, max packet size, character set, 23 zero bytes; sequence 1.
    QByteArray request(4 + 32, '\0');
    request[0] = 32;
    request[3] = 1;
    const quint32 ours = clientLongPassword | clientProtocol41 | clientSsl | clientSecureConnection;
    for (int i = 0; i < 4; ++i)
        request[4 + i] = char((ours >> (8 * i)) & 0xff);
    request[4 + 7] = 0x01; // 16 MiB
    request[4 + 8] = 45;   // utf8mb4
    socket.write(request);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(cas); // only the configured CA, as the driver
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket.setSslConfiguration(ssl);
    socket.setPeerVerifyName(m_config.tlsPeerName.isEmpty() ? m_config.host : m_config.tlsPeerName);
    QStringList problems;
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&problems](const QList<QSslError> &errors) {
        for (const auto &e : errors)
            problems << e.errorString();
    });
    socket.startClientEncryption();
    const bool encrypted = socket.waitForEncrypted(timeoutMs);
    const QString why = problems.isEmpty() ? socket.errorString() : problems.join(QStringLiteral("; "));
    socket.abort();
    if (!encrypted)
        return refuse(QStringLiteral("The certificate of %1 is not trusted for %2 (%3); nothing was sent")
                          .arg(m_what, m_config.tlsPeerName.isEmpty() ? m_config.host : m_config.tlsPeerName, why));
    return {};
}

} // namespace cosmicdesk::connectors
