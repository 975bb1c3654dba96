// `cosmicdesk lake`: load every consolidated record not yet loaded into RDS and/or Snowflake.
#include "commands.h"
#include "lakesetup.h"

#include <models/ticketstore.h>

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace cosmicdesk::cli {

namespace {

struct LakeOptions
{
    QCommandLineOption workspace{QStringLiteral("workspace"), QStringLiteral("The workspace whose tickets are loaded."),
                                 QStringLiteral("FILE")};
    QCommandLineOption to{QStringLiteral("to"), QStringLiteral("rds, snowflake or all (default: every destination configured)."),
                          QStringLiteral("DEST")};
    QCommandLineOption initSchema{QStringLiteral("init-schema"),
                                  QStringLiteral("Create the destinations' tables when missing, then exit.")};
    QCommandLineOption json{QStringLiteral("json"), QStringLiteral("Print one JSON object.")};
    QCommandLineOption perEntry{QStringLiteral("records-per-entry"), QStringLiteral("Records per outbox entry, 1-5000 (default 2000)."),
                                QStringLiteral("N"), QStringLiteral("2000")};
    QCommandLineOption timeout{QStringLiteral("timeout-s"), QStringLiteral("Give up after this long (default 3600)."), QStringLiteral("S"),
                               QStringLiteral("3600")};
    QCommandLineOption rdsHost{QStringLiteral("rds-host"), QStringLiteral("The RDS endpoint (MySQL)."), QStringLiteral("HOST")};
    QCommandLineOption rdsPort{QStringLiteral("rds-port"), QStringLiteral("Its port (default 3306)."), QStringLiteral("PORT"),
                               QStringLiteral("3306")};
    QCommandLineOption rdsDatabase{QStringLiteral("rds-database"), QStringLiteral("Its database."), QStringLiteral("NAME")};
    QCommandLineOption rdsUser{QStringLiteral("rds-user"), QStringLiteral("The user (password: COSMICDESK_RDS_PASSWORD)."),
                               QStringLiteral("USER")};
    QCommandLineOption rdsOptions{QStringLiteral("rds-connect-options"),
                                  QStringLiteral("QMYSQL connect options, e.g. SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem."),
                                  QStringLiteral("OPTS")};
    QCommandLineOption rdsTls{QStringLiteral("rds-require-tls"), QStringLiteral("Refuse to log in unless TLS to the endpoint holds.")};
    QCommandLineOption rdsSqlite{QStringLiteral("rds-sqlite"), QStringLiteral("A SQLite file in place of RDS (the demo)."),
                                 QStringLiteral("FILE")};
    QCommandLineOption rdsTable{QStringLiteral("rds-table"), QStringLiteral("Table (default cosmicdesk_consolidated_tickets)."),
                                QStringLiteral("NAME"), QStringLiteral("cosmicdesk_consolidated_tickets")};
    QCommandLineOption sfUrl{QStringLiteral("snowflake-url"), QStringLiteral("https://ACCOUNT.snowflakecomputing.com"),
                             QStringLiteral("URL")};
    QCommandLineOption sfAccount{QStringLiteral("snowflake-account"), QStringLiteral("The account identifier (default: from the URL)."),
                                 QStringLiteral("ACCOUNT")};
    QCommandLineOption sfUser{QStringLiteral("snowflake-user"), QStringLiteral("The login name."), QStringLiteral("USER")};
    QCommandLineOption sfKey{QStringLiteral("snowflake-key"),
                             QStringLiteral("The user's RSA private key, PEM (default: COSMICDESK_SNOWFLAKE_KEY holds it)."),
                             QStringLiteral("FILE")};
    QCommandLineOption sfDatabase{QStringLiteral("snowflake-database"), QStringLiteral("Database."), QStringLiteral("DB")};
    QCommandLineOption sfSchema{QStringLiteral("snowflake-schema"), QStringLiteral("Schema."), QStringLiteral("SCHEMA")};
    QCommandLineOption sfWarehouse{QStringLiteral("snowflake-warehouse"), QStringLiteral("Warehouse."), QStringLiteral("WH")};
    QCommandLineOption sfRole{QStringLiteral("snowflake-role"), QStringLiteral("Role."), QStringLiteral("ROLE")};
    QCommandLineOption sfTable{QStringLiteral("snowflake-table"), QStringLiteral("Table (default CONSOLIDATED_TICKETS)."),
                               QStringLiteral("NAME"), QStringLiteral("CONSOLIDATED_TICKETS")};

    QList<QCommandLineOption> all() const
    {
        return {workspace,   to,      initSchema, json,     perEntry,    timeout,  rdsHost, rdsPort,
                rdsDatabase, rdsUser, rdsOptions, rdsTls,   rdsSqlite,   rdsTable, sfUrl,   sfAccount,
                sfUser,      sfKey,   sfDatabase, sfSchema, sfWarehouse, sfRole,   sfTable};
    }
};

// The targets the options name; an error in words when they do not make one.
QString targetsFrom(const QCommandLineParser &p, const LakeOptions &o, LakeTargets &t)
{
    const QString to = p.value(o.to).toLower();
    if (!to.isEmpty() && to != u"rds" && to != u"snowflake" && to != u"all")
        return QStringLiteral("--to takes rds, snowflake or all, not \"%1\"").arg(p.value(o.to));
    const bool wantRds = to.isEmpty() ? (p.isSet(o.rdsHost) || p.isSet(o.rdsSqlite)) : to != u"snowflake";
    const bool wantSnowflake = to.isEmpty() ? p.isSet(o.sfUrl) : to != u"rds";
    if (wantRds) {
        connectors::RdsLakeWriter::Config c;
        c.table = p.value(o.rdsTable);
        if (p.isSet(o.rdsSqlite)) {
            c.driver = QStringLiteral("QSQLITE");
            c.databaseName = p.value(o.rdsSqlite);
        } else if (p.isSet(o.rdsHost)) {
            bool ok = false;
            c.host = p.value(o.rdsHost);
            c.port = p.value(o.rdsPort).toInt(&ok);
            if (!ok || c.port <= 0 || c.port > 65535)
                return QStringLiteral("--rds-port must be 1-65535");
            c.databaseName = p.value(o.rdsDatabase);
            c.user = p.value(o.rdsUser);
            c.password = qEnvironmentVariable("COSMICDESK_RDS_PASSWORD");
            c.connectOptions = p.value(o.rdsOptions);
            c.requireTls = p.isSet(o.rdsTls);
            if (c.databaseName.isEmpty() || c.user.isEmpty())
                return QStringLiteral("RDS needs --rds-database and --rds-user (and COSMICDESK_RDS_PASSWORD)");
        } else {
            return QStringLiteral("--to %1 needs --rds-host (MySQL) or --rds-sqlite (a local file)").arg(to);
        }
        t.rds = c;
    }
    if (wantSnowflake) {
        const QUrl url(p.value(o.sfUrl));
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
            return QStringLiteral("Snowflake needs --snowflake-url https://ACCOUNT.snowflakecomputing.com");
        LakeTargets::Snowflake sf;
        sf.client.rest.baseUrl = url;
        sf.client.rest.timeout = std::chrono::seconds(60);
        sf.client.rest.maxInFlightPerHost = 8;
        sf.client.database = p.value(o.sfDatabase);
        sf.client.schema = p.value(o.sfSchema);
        sf.client.warehouse = p.value(o.sfWarehouse);
        sf.client.role = p.value(o.sfRole);
        sf.auth.account = p.isSet(o.sfAccount) ? p.value(o.sfAccount) : url.host().section(u'.', 0, 0);
        sf.auth.user = p.value(o.sfUser);
        if (sf.auth.user.isEmpty())
            return QStringLiteral("Snowflake needs --snowflake-user");
        if (p.isSet(o.sfKey)) {
            QFile f(p.value(o.sfKey));
            if (!f.open(QIODevice::ReadOnly))
                return QStringLiteral("cannot read the Snowflake key %1: %2").arg(p.value(o.sfKey), f.errorString());
            sf.auth.privateKeyPem = f.read(1 << 20);
        } else {
            sf.auth.privateKeyPem = qgetenv("COSMICDESK_SNOWFLAKE_KEY");
        }
        if (sf.auth.privateKeyPem.isEmpty())
            return QStringLiteral("Snowflake needs the user's private key: --snowflake-key FILE or COSMICDESK_SNOWFLAKE_KEY");
        if (auto s = connectors::SnowflakeJwtAuth(sf.auth).status(); !s.ok())
            return s.error().message;
        sf.table = p.value(o.sfTable);
        t.snowflake = sf;
    }
    if (!t.rds && !t.snowflake)
        return QStringLiteral("no destination: give --rds-host or --rds-sqlite, and/or --snowflake-url");
    return {};
}

} // namespace

int lakeCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk lake --workspace FILE [--to rds|snowflake|all] [--init-schema] [--json]\n"
                       "                       [--rds-host H --rds-database D --rds-user U | --rds-sqlite FILE]\n"
                       "                       [--snowflake-url URL --snowflake-user U --snowflake-key FILE]\n"
                       "Loads every consolidated record not yet loaded (docs/lake.md) through the outbox into the RDS table\n"
                       "and/or Snowflake, and prints the rows loaded per destination; run twice, the second run loads 0.\n"
                       "Secrets come from the environment: COSMICDESK_RDS_PASSWORD, COSMICDESK_SNOWFLAKE_KEY (or --snowflake-key).");
    QCommandLineParser parser;
    LakeOptions o;
    parser.addOptions(o.all());
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    LakeTargets targets;
    if (const QString bad = targetsFrom(parser, o, targets); !bad.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk lake: %1\n\n%2").arg(bad, synopsis));
        return ExitUsage;
    }
    if (parser.isSet(o.initSchema)) {
        if (const QString failed = initLakeSchema(targets); !failed.isEmpty()) {
            printErr(QStringLiteral("cosmicdesk lake: %1").arg(failed));
            return ExitFailure;
        }
        printOut(
            QStringLiteral("schema %1 ready in %2").arg(models::kLakeSchemaVersion).arg(targets.destinations().join(QStringLiteral(", "))));
        return ExitOk;
    }
    if (!parser.isSet(o.workspace)) {
        printErr(QStringLiteral("cosmicdesk lake: --workspace is required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    bool ok = false;
    const int timeout = parser.value(o.timeout).toInt(&ok);
    if (!ok || timeout <= 0) {
        printErr(QStringLiteral("cosmicdesk lake: --timeout-s must be a positive number of seconds"));
        return ExitUsage;
    }
    {
        auto store = models::TicketStore::open(parser.value(o.workspace));
        if (!store.ok()) {
            printErr(QStringLiteral("cosmicdesk lake: %1").arg(store.error().message));
            return store.error().kind == models::Error::Kind::Config ? ExitUsage : ExitFailure;
        }
    }
    const int perEntry = parser.value(o.perEntry).toInt(&ok);
    if (!ok || perEntry < 1 || perEntry > 5000) {
        printErr(QStringLiteral("cosmicdesk lake: --records-per-entry must be 1-5000"));
        return ExitUsage;
    }
    const LakeRun run = runLake(parser.value(o.workspace), targets, std::chrono::seconds(timeout), perEntry);
    if (parser.isSet(o.json)) {
        QJsonObject j;
        for (const QString &d : targets.destinations())
            j.insert(d, QJsonObject{{QStringLiteral("loaded"), run.loaded.count(d) ? run.loaded.at(d) : 0},
                                    {QStringLiteral("refused"), run.refused.count(d) ? run.refused.at(d) : 0},
                                    {QStringLiteral("waiting"), run.waiting.count(d) ? run.waiting.at(d) : 0}});
        j.insert(QStringLiteral("invalid"), run.invalid);
        if (!run.error.isEmpty())
            j.insert(QStringLiteral("error"), run.error);
        printOut(QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact)));
    } else {
        for (const QString &d : targets.destinations()) {
            QString line = QStringLiteral("%1: %2 rows loaded").arg(d).arg(run.loaded.count(d) ? run.loaded.at(d) : 0);
            if (run.refused.count(d) && run.refused.at(d) > 0)
                line += QStringLiteral(", %1 refused (lake_failures)").arg(run.refused.at(d));
            if (run.waiting.count(d) && run.waiting.at(d) > 0)
                line += QStringLiteral(", %1 still waiting").arg(run.waiting.at(d));
            printOut(line);
        }
        if (run.invalid > 0)
            printOut(QStringLiteral("%1 records failed validation and were not queued (lake_failures)").arg(run.invalid));
    }
    if (!run.error.isEmpty()) {
        printErr(QStringLiteral("cosmicdesk lake: %1").arg(run.error));
        return ExitFailure;
    }
    return ExitOk;
}

} // namespace cosmicdesk::cli
