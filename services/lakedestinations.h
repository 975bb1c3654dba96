#pragma once

#include "outboxdestination.h"

#include <QString>

#include <memory>

namespace cosmicdesk::connectors {
class RdsLakeWriter;
class SnowflakeClient;
} // namespace cosmicdesk::connectors

namespace cosmicdesk::services {

// Delivers "lake.records" entries (a chunk of consolidated records, models/lakestore.h) to the RDS
// table: one upsert transaction per entry, idempotent on ticket id + version, so an entry sent again
// after a crash changes nothing. Rows the server refuses are reported in lake_failures with its
// words; the others are marked loaded in the same transaction that marks the entry done.
class RdsLakeDestination final : public OutboxDestination
{
public:
    explicit RdsLakeDestination(std::unique_ptr<connectors::RdsLakeWriter> writer);
    ~RdsLakeDestination() override;
    QString name() const override;
    int maxInFlight() const override; // one per writer connection, and one waiting
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;

private:
    std::unique_ptr<connectors::RdsLakeWriter> m_writer;
};

// Delivers them to Snowflake through the SQL API: one INSERT with array bindings per entry, the
// entry's idempotency key as requestId, and retry=true whenever an earlier attempt may have reached
// Snowflake, so that a statement is never run twice. A statement Snowflake refuses (422) is sent
// again row by row, each row with its own request id, and only the refused rows are reported.
class SnowflakeLakeDestination final : public OutboxDestination
{
public:
    SnowflakeLakeDestination(std::unique_ptr<connectors::SnowflakeClient> client, QString table, int maxInFlight = 8);
    ~SnowflakeLakeDestination() override;
    QString name() const override;
    int maxInFlight() const override { return m_maxInFlight; }
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;

    // The INSERT statement for n rows' worth of array bindings (also what `lake --init-schema` checks).
    static QString insertStatement(const QString &table);

private:
    struct RowByRow;
    void sendRows(std::shared_ptr<RowByRow> job);

    std::unique_ptr<connectors::SnowflakeClient> m_client;
    QString m_table;
    int m_maxInFlight;
};

// An error from a lake or alert destination as an outbox outcome: a dead network or a 5xx waits and
// is retried (possibly sent), a rate limit waits for its Retry-After, refused credentials or a
// missing table pause the destination until a person resumes it, a refused payload is a dead letter.
SendOutcome automationFailure(const models::Error &e, bool idempotent);

} // namespace cosmicdesk::services
