#pragma once

#include "http.h"
#include "sqlserver.h"

#include <models/lakestore.h>

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QThread;

namespace cosmicdesk::connectors {

// The consolidated records into the company's MySQL (RDS), or a SQLite file in the demo: a table
// whose schema the project makes (initSchema), upserted with bound parameters on a worker thread
// with its own connection and the orders source's TLS options. Idempotent on ticket id + version:
// a row is only ever replaced by the same or a newer version, so a batch sent twice changes nothing.
class RdsLakeWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RdsLakeWriter)

public:
    struct Config : SqlServerConfig
    {
        QString table = QStringLiteral("cosmicdesk_consolidated_tickets");
        int rowsPerStatement = 500; // 64 parameters a row: MySQL allows 65,535 in one statement
        int writers = 3;            // connections (and threads) loading side by side
    };
    struct Outcome
    {
        std::vector<std::pair<qint64, qint64>> loaded; // ticket, version
        std::vector<models::LakeFailure> refused;      // rows the server refused, with its words
    };

    explicit RdsLakeWriter(Config config, QObject *parent = nullptr);
    ~RdsLakeWriter() override;

    // Creates the table and the schema-version table when missing; Config when an existing table is
    // of another schema version.
    void initSchema(QObject *context, std::function<void(Result<void>)> done);
    // One transaction per call (calls go to the writers in turn); a statement the server refuses is retried row by row so that only
    // the refused rows are left out (and named).
    void upsert(std::vector<models::ConsolidatedRecord> records, QObject *context, std::function<void(Result<Outcome>)> done);
    int writers() const;
    // Logs in (TLS as configured) and says whether the table is there, without creating anything.
    void tableExists(QObject *context, std::function<void(Result<bool>)> done);
    // Rows in the table (tests and the benchmark).
    void rowCount(QObject *context, std::function<void(Result<qint64>)> done);

private:
    class Worker;
    std::vector<QThread *> m_threads;
    std::vector<Worker *> m_workers;
    std::size_t m_next = 0;
};

} // namespace cosmicdesk::connectors
