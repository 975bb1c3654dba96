#include "rdslake.h"

#include "workerpost.h"

#include <QDateTime>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

namespace cosmicdesk::connectors {

namespace {

// A table name from the settings goes into SQL: letters, digits and underscores only.
bool plainName(const QString &name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    for (QChar c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    return true;
}

QVariant bindable(const models::ConsolidatedRecord &r, std::size_t i)
{
    const QVariant &v = r.values[i];
    if (v.isNull()) {
        switch (models::lakeColumns()[i].type) {
        case models::LakeColumn::Type::Text: return QVariant(QMetaType::fromType<QString>());
        default: return QVariant(QMetaType::fromType<qint64>());
        }
    }
    if (models::lakeColumns()[i].type == models::LakeColumn::Type::Boolean)
        return v.toBool() ? 1 : 0;
    return v;
}

} // namespace

class RdsLakeWriter::Worker final : public QObject
{
public:
    explicit Worker(Config config)
        : m_table(config.table), m_rowsPerStatement(std::clamp(config.rowsPerStatement, 1, 1000)),
          m_server(std::move(config), QStringLiteral("the RDS database"), QStringLiteral("rds-lake"))
    {
    }

    Result<void> initSchema()
    {
        if (!plainName(m_table))
            return Error::make(Error::Kind::Config, QStringLiteral("\"%1\" is not a table name (letters, digits and _ only)").arg(m_table));
        if (auto c = m_server.open(); !c.ok())
            return c.error();
        m_prepared.clear();
        QSqlDatabase db = m_server.db();
        QSqlQuery q(db);
        const QString versions = m_table + QStringLiteral("_schema");
        if (!q.exec(
                QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)").arg(versions)))
            return m_server.failed(QStringLiteral("Creating %1").arg(versions), q.lastError());
        if (!q.exec(QStringLiteral("SELECT max(version) FROM %1").arg(versions)) || !q.next())
            return m_server.failed(QStringLiteral("Reading %1").arg(versions), q.lastError());
        const int present = q.value(0).toInt();
        if (present != 0 && present != models::kLakeSchemaVersion)
            return Error::make(Error::Kind::Config,
                               QStringLiteral("%1 holds consolidated records of schema %2; this CosmicDesk writes schema %3."
                                              " Nothing was changed.")
                                   .arg(m_table)
                                   .arg(present)
                                   .arg(models::kLakeSchemaVersion));
        if (!q.exec(models::rdsCreateTable(m_table, m_server.isSqlite())))
            return m_server.failed(QStringLiteral("Creating %1").arg(m_table), q.lastError());
        if (present == 0) {
            // Writers start side by side: the first one to get here records the version, the others find it there.
            q.prepare(QStringLiteral("%1 INTO %2 (version, applied_at) VALUES (?, ?)")
                          .arg(m_server.isSqlite() ? QStringLiteral("INSERT OR IGNORE") : QStringLiteral("INSERT IGNORE"), versions));
            q.addBindValue(models::kLakeSchemaVersion);
            q.addBindValue(QDateTime::currentSecsSinceEpoch());
            if (!q.exec())
                return m_server.failed(QStringLiteral("Writing %1").arg(versions), q.lastError());
        }
        m_ready = true;
        return {};
    }

    Result<Outcome> upsert(const std::vector<models::ConsolidatedRecord> &records)
    {
        if (!m_ready)
            if (auto s = initSchema(); !s.ok())
                return s.error();
        if (!m_server.db().isOpen()) {
            m_prepared.clear(); // lost since: reconnect and prepare anew
            if (auto c = m_server.open(); !c.ok())
                return c.error();
        }
        QSqlDatabase db = m_server.db();
        if (!db.transaction())
            return m_server.failed(QStringLiteral("Starting a transaction on %1").arg(m_table), db.lastError());
        Outcome out;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (std::size_t from = 0; from < records.size(); from += std::size_t(m_rowsPerStatement)) {
            const std::size_t to = std::min(records.size(), from + std::size_t(m_rowsPerStatement));
            QSqlError e;
            if (exec(records, from, to, now, &e)) {
                for (std::size_t i = from; i < to; ++i)
                    out.loaded.emplace_back(records[i].ticketId(), records[i].version());
                continue;
            }
            if (e.type() == QSqlError::ConnectionError) {
                db.rollback();
                return m_server.failed(QStringLiteral("Loading %1 records into %2").arg(to - from).arg(m_table), e);
            }
            // The server refused the statement: row by row, so that only the refused rows stay out.
            for (std::size_t i = from; i < to; ++i) {
                QSqlError rowError;
                if (exec(records, i, i + 1, now, &rowError)) {
                    out.loaded.emplace_back(records[i].ticketId(), records[i].version());
                } else if (rowError.type() == QSqlError::ConnectionError) {
                    db.rollback();
                    return m_server.failed(QStringLiteral("Loading into %1").arg(m_table), rowError);
                } else {
                    out.refused.push_back(models::LakeFailure{0, models::kLakeRds, records[i].ticketId(), records[i].version(),
                                                              QStringLiteral("%1 refused the row: %2").arg(m_table, rowError.text()), now});
                }
            }
        }
        if (!db.commit()) {
            const QSqlError e = db.lastError();
            db.rollback();
            return m_server.failed(QStringLiteral("Committing the load into %1").arg(m_table), e);
        }
        return out;
    }

    Result<qint64> rowCount()
    {
        if (auto c = m_server.open(); !c.ok())
            return c.error();
        QSqlQuery q(m_server.db());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(m_table)) || !q.next())
            return m_server.failed(QStringLiteral("Counting %1").arg(m_table), q.lastError());
        return q.value(0).toLongLong();
    }

    Result<bool> tableExists()
    {
        if (auto c = m_server.open(); !c.ok())
            return c.error();
        QSqlQuery q(m_server.db());
        q.prepare(m_server.isSqlite() ? QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
                                      : QStringLiteral("SELECT count(*) FROM information_schema.tables"
                                                       " WHERE table_schema = DATABASE() AND table_name = ?"));
        q.addBindValue(m_table);
        if (!q.exec() || !q.next())
            return m_server.failed(QStringLiteral("Looking for %1").arg(m_table), q.lastError());
        return q.value(0).toLongLong() > 0;
    }

private:
    const QString &statement(std::size_t rows)
    {
        auto it = m_statements.find(rows);
        if (it != m_statements.end())
            return it->second;
        const auto &cols = models::lakeColumns();
        QStringList names;
        for (const auto &c : cols)
            names << QString::fromLatin1(c.name);
        names << QStringLiteral("loaded_at");
        const QString one = u'(' + QStringLiteral("?,").repeated(names.size()).chopped(1) + u')';
        QStringList tuples;
        for (std::size_t i = 0; i < rows; ++i)
            tuples << one;
        QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES %3").arg(m_table, names.join(u','), tuples.join(u','));
        QStringList sets;
        if (m_server.isSqlite()) {
            for (const QString &n : names)
                if (n != u"ticket_id")
                    sets << n + QStringLiteral(" = excluded.") + n;
            sql += QStringLiteral(" ON CONFLICT(ticket_id) DO UPDATE SET %1 WHERE excluded.record_version >= %2.record_version")
                       .arg(sets.join(u','), m_table);
        } else {
            // MySQL applies the assignments left to right: the version is compared before it is replaced.
            for (const QString &n : names)
                if (n != u"ticket_id" && n != u"record_version")
                    sets << QStringLiteral("%1 = IF(VALUES(record_version) >= record_version, VALUES(%1), %1)").arg(n);
            sets << QStringLiteral("record_version = GREATEST(record_version, VALUES(record_version))");
            sql += QStringLiteral(" ON DUPLICATE KEY UPDATE ") + sets.join(u',');
        }
        return m_statements.emplace(rows, sql).first->second;
    }

    bool exec(const std::vector<models::ConsolidatedRecord> &records, std::size_t from, std::size_t to, qint64 now, QSqlError *error)
    {
        // Prepared once per row count and connection: the server parses the statement once.
        auto &slot = m_prepared[to - from];
        if (!slot) {
            slot = std::make_unique<QSqlQuery>(m_server.db());
            if (!slot->prepare(statement(to - from))) {
                *error = slot->lastError();
                slot.reset();
                return false;
            }
        }
        QSqlQuery &q = *slot;
        const std::size_t columns = models::lakeColumns().size();
        int at = 0;
        for (std::size_t r = from; r < to; ++r) {
            for (std::size_t c = 0; c < columns; ++c)
                q.bindValue(at++, bindable(records[r], c));
            q.bindValue(at++, now);
        }
        if (!q.exec()) {
            *error = q.lastError();
            if (error->type() == QSqlError::ConnectionError)
                m_prepared.clear(); // a new connection prepares anew
            return false;
        }
        return true;
    }

    QString m_table;
    int m_rowsPerStatement;
    SqlServerConnection m_server;
    bool m_ready = false;
    std::map<std::size_t, QString> m_statements;
    std::map<std::size_t, std::unique_ptr<QSqlQuery>> m_prepared;
};

RdsLakeWriter::RdsLakeWriter(Config config, QObject *parent) : QObject(parent)
{
    // A SQLite file takes one writer at a time.
    const int writers = config.driver == u"QSQLITE" ? 1 : std::clamp(config.writers, 1, 8);
    for (int i = 0; i < writers; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("rds-lake"));
        auto *worker = new Worker(config);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
}

RdsLakeWriter::~RdsLakeWriter()
{
    for (QThread *t : m_threads) {
        t->quit();
        t->wait();
    }
}

int RdsLakeWriter::writers() const
{
    return int(m_workers.size());
}

void RdsLakeWriter::initSchema(QObject *context, std::function<void(Result<void>)> done)
{
    postToWorker<Result<void>>(m_workers.front(), this, context, std::move(done), [w = m_workers.front()] { return w->initSchema(); });
}

void RdsLakeWriter::upsert(std::vector<models::ConsolidatedRecord> records, QObject *context, std::function<void(Result<Outcome>)> done)
{
    Worker *w = m_workers[m_next++ % m_workers.size()];
    postToWorker<Result<Outcome>>(w, this, context, std::move(done), [w, records = std::move(records)] { return w->upsert(records); });
}

void RdsLakeWriter::rowCount(QObject *context, std::function<void(Result<qint64>)> done)
{
    postToWorker<Result<qint64>>(m_workers.front(), this, context, std::move(done), [w = m_workers.front()] { return w->rowCount(); });
}

void RdsLakeWriter::tableExists(QObject *context, std::function<void(Result<bool>)> done)
{
    postToWorker<Result<bool>>(m_workers.front(), this, context, std::move(done), [w = m_workers.front()] { return w->tableExists(); });
}

} // namespace cosmicdesk::connectors
