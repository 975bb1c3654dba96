#pragma once

#include <QString>
#include <QVariant>

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

namespace cosmicdesk::models {

// The consolidated record of one ticket (docs/lake.md): the ticket, its requester and account, the
// latest order, charge, dispute and shipment the customer view knows, the triage engine's results
// and the agent's final values — one flat row, the same columns in RDS and in Snowflake.
inline constexpr int kLakeSchemaVersion = 1;

struct LakeColumn
{
    enum class Type { Integer, Text, Boolean };
    const char *name; // lower case; Snowflake upper-cases unquoted names
    Type type;
    int maxLength = 0;     // Text: the most characters a value may have
    bool required = false; // a record without it fails validation
};

// The columns in their order: the order of every row and of both tables.
const std::vector<LakeColumn> &lakeColumns();
int lakeColumnIndex(const char *name); // -1 when there is none

// One record: a value per column (a null QVariant is SQL NULL; integers qint64, text QString, booleans bool).
struct ConsolidatedRecord
{
    std::vector<QVariant> values = std::vector<QVariant>(lakeColumns().size());

    qint64 ticketId() const;
    qint64 version() const;
    void set(const char *column, QVariant value);
    QVariant get(const char *column) const;

    // Why the record cannot be loaded, in words ("subject: 1,300 characters, at most 1,024"); empty when it can.
    QString validationError() const;
    // A digest of every value but the version and the time it was built: the same content, the same digest.
    QByteArray digest() const;

    // A JSON array of the values (the outbox payload's rows) and back; nullopt when the JSON is not a row.
    nlohmann::json toJson() const;
    static std::optional<ConsolidatedRecord> fromJson(const nlohmann::json &row);
    // The value as the text a Snowflake binding carries; nullopt for NULL.
    std::optional<QString> cell(std::size_t column) const;
};

// CREATE TABLE statements of the destinations (`cosmicdesk lake --init-schema`).
QString rdsCreateTable(const QString &table, bool sqlite = false); // sqlite: the demo's stand-in for RDS
QString snowflakeCreateTable(const QString &table);

} // namespace cosmicdesk::models
