#include "lakedestinations.h"

#include <connectors/rdslake.h>
#include <connectors/snowflakeclient.h>
#include <models/lakestore.h>
#include <models/ticketstore.h>

#include <QDateTime>
#include <QPointer>
#include <QStringList>
#include <QUuid>

#include <nlohmann/json.hpp>

namespace cosmicdesk::services {

using models::Error;

SendOutcome automationFailure(const Error &e, bool idempotent)
{
    SendOutcome o;
    o.httpStatus = e.httpStatus;
    o.error = e.message;
    switch (e.kind) {
    case Error::Kind::RateLimited:
        o.kind = SendOutcome::Kind::Retry;
        o.retryAfter = std::max(e.retryAfter, std::chrono::seconds(1));
        break;
    case Error::Kind::Timeout:
    case Error::Kind::Network:
    case Error::Kind::Server:
        o.kind = SendOutcome::Kind::Retry;
        o.maybeSent = true;
        o.retryAfter = e.retryAfter;
        Q_UNUSED(idempotent)
        break;
    case Error::Kind::Auth:
    case Error::Kind::Config: o.kind = SendOutcome::Kind::Paused; break;
    case Error::Kind::BadPayload:
    case Error::Kind::NotFound:
    case Error::Kind::Conflict:
    case Error::Kind::Storage:
    case Error::Kind::Cancelled: o.kind = SendOutcome::Kind::Rejected; break;
    }
    return o;
}

namespace {

SendOutcome loaded(const QString &destination, std::vector<std::pair<qint64, qint64>> rows, std::vector<models::LakeFailure> refused)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Applied;
    o.httpStatus = 200;
    o.effects = [destination, rows = std::move(rows), refused = std::move(refused)](models::TicketStore &store,
                                                                                    const models::OutboxEntry &) -> models::Result<void> {
        models::LakeStore lake(store.db());
        if (auto m = lake.markLoaded(destination, rows, QDateTime::currentSecsSinceEpoch()); !m.ok())
            return m;
        for (const auto &f : refused)
            if (auto r = lake.recordFailure(f); !r.ok())
                return r;
        return {};
    };
    return o;
}

SendOutcome unreadable(const Error &e)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Rejected;
    o.error = e.message;
    return o;
}

} // namespace

RdsLakeDestination::RdsLakeDestination(std::unique_ptr<connectors::RdsLakeWriter> writer) : m_writer(std::move(writer)) {}

RdsLakeDestination::~RdsLakeDestination() = default;

int RdsLakeDestination::maxInFlight() const
{
    return m_writer->writers() + 1;
}

QString RdsLakeDestination::name() const
{
    return models::kLakeRds;
}

void RdsLakeDestination::send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    auto records = models::parseLakePayload(entry.payload);
    if (!records.ok()) {
        done(unreadable(records.error()));
        return;
    }
    m_writer->upsert(std::move(records.value()), context, [done = std::move(done)](models::Result<connectors::RdsLakeWriter::Outcome> r) {
        if (!r.ok()) {
            done(automationFailure(r.error(), true));
            return;
        }
        done(loaded(models::kLakeRds, std::move(r.value().loaded), std::move(r.value().refused)));
    });
}

namespace {

// The statement's bindings: one array per column, a value per row.
std::vector<connectors::SnowflakeBinding> bindings(const std::vector<models::ConsolidatedRecord> &rows, qint64 loadedAt)
{
    const auto &cols = models::lakeColumns();
    std::vector<connectors::SnowflakeBinding> out(cols.size() + 1);
    for (std::size_t c = 0; c < cols.size(); ++c) {
        switch (cols[c].type) {
        case models::LakeColumn::Type::Integer: out[c].type = QStringLiteral("FIXED"); break;
        case models::LakeColumn::Type::Boolean: out[c].type = QStringLiteral("BOOLEAN"); break;
        case models::LakeColumn::Type::Text: out[c].type = QStringLiteral("TEXT"); break;
        }
        out[c].values.reserve(rows.size());
        for (const auto &r : rows)
            out[c].values.push_back(r.cell(c));
    }
    out.back().type = QStringLiteral("FIXED");
    out.back().values.assign(rows.size(), QString::number(loadedAt));
    return out;
}

} // namespace

struct SnowflakeLakeDestination::RowByRow
{
    models::OutboxEntry entry;
    std::vector<models::ConsolidatedRecord> rows;
    std::size_t next = 0;
    std::vector<std::pair<qint64, qint64>> loaded;
    std::vector<models::LakeFailure> refused;
    QPointer<QObject> context;
    std::function<void(SendOutcome)> done;
};

SnowflakeLakeDestination::SnowflakeLakeDestination(std::unique_ptr<connectors::SnowflakeClient> client, QString table, int maxInFlight)
    : m_client(std::move(client)), m_table(std::move(table)), m_maxInFlight(maxInFlight)
{
}

SnowflakeLakeDestination::~SnowflakeLakeDestination() = default;

QString SnowflakeLakeDestination::name() const
{
    return models::kLakeSnowflake;
}

QString SnowflakeLakeDestination::insertStatement(const QString &table)
{
    QStringList names;
    for (const auto &c : models::lakeColumns())
        names << QString::fromLatin1(c.name).toUpper();
    names << QStringLiteral("LOADED_AT");
    return QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
        .arg(table, names.join(u','), QStringLiteral("?,").repeated(names.size()).chopped(1));
}

namespace {

// The statement's bindings straight from the payload's JSON rows, as the SQL API wants them (every
// value a string, one array per column), without a detour through records: the common path.
struct RawBatch
{
    QByteArray bindings;
    std::vector<std::pair<qint64, qint64>> keys; // ticket, version
};

models::Result<RawBatch> rawBatch(const QByteArray &payload, qint64 loadedAt)
{
    const auto bad = [](const QString &why) { return models::Error::make(models::Error::Kind::BadPayload, why); };
    const auto j = nlohmann::json::parse(payload.cbegin(), payload.cend(), nullptr, false);
    const auto &cols = models::lakeColumns();
    if (!j.is_object() || j.value("schema", 0) != models::kLakeSchemaVersion || !j.contains("columns") || !j["columns"].is_array() ||
        j["columns"].size() != cols.size() || !j.contains("rows") || !j["rows"].is_array())
        return bad(QStringLiteral("The queued records are not schema %1's.").arg(models::kLakeSchemaVersion));
    for (std::size_t c = 0; c < cols.size(); ++c)
        if (!j["columns"][c].is_string() || j["columns"][c].get_ref<const std::string &>() != cols[c].name)
            return bad(QStringLiteral("The queued records have other columns than schema %1's.").arg(models::kLakeSchemaVersion));
    const auto &rows = j["rows"];
    RawBatch out;
    out.keys.reserve(rows.size());
    for (const auto &row : rows) {
        if (!row.is_array() || row.size() != cols.size() || !row[0].is_number_integer() || !row[1].is_number_integer())
            return bad(QStringLiteral("A queued record is not a row of schema %1.").arg(models::kLakeSchemaVersion));
        out.keys.emplace_back(row[0].get<qint64>(), row[1].get<qint64>());
    }
    std::string b;
    b.reserve(std::size_t(payload.size()) + rows.size() * cols.size() * 3);
    b += '{';
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const char *type = cols[c].type == models::LakeColumn::Type::Text      ? "TEXT"
                           : cols[c].type == models::LakeColumn::Type::Boolean ? "BOOLEAN"
                                                                               : "FIXED";
        b += '"';
        b += std::to_string(c + 1);
        b += "\":{\"type\":\"";
        b += type;
        b += "\",\"value\":[";
        bool first = true;
        for (const auto &row : rows) {
            if (!first)
                b += ',';
            first = false;
            const auto &v = row[c];
            if (v.is_null())
                b += "null";
            else if (v.is_string())
                b += v.dump(); // quoted and escaped
            else if (v.is_boolean())
                b += v.get<bool>() ? "\"true\"" : "\"false\"";
            else if (v.is_number_integer())
                (b += '"') += std::to_string(v.get<qint64>()) + '"';
            else
                return bad(QStringLiteral("A queued record holds a value of the wrong type in %1.").arg(QString::fromLatin1(cols[c].name)));
        }
        b += "]},";
    }
    b += '"';
    b += std::to_string(cols.size() + 1);
    b += "\":{\"type\":\"FIXED\",\"value\":[";
    const std::string at = '"' + std::to_string(loadedAt) + '"';
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i)
            b += ',';
        b += at;
    }
    b += "]}}";
    out.bindings = QByteArray::fromStdString(b);
    return out;
}

} // namespace

void SnowflakeLakeDestination::send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    auto batch = rawBatch(entry.payload, QDateTime::currentSecsSinceEpoch());
    if (!batch.ok()) {
        done(unreadable(batch.error()));
        return;
    }
    connectors::SnowflakeStatement s;
    s.sql = insertStatement(m_table);
    s.rawBindings = std::move(batch.value().bindings);
    s.requestId = entry.idempotencyKey;
    s.retry = entry.maybeSent || entry.attempts > 0;
    auto job = std::make_shared<RowByRow>();
    job->entry = entry;
    job->context = context;
    job->done = std::move(done);
    auto keys = std::make_shared<std::vector<std::pair<qint64, qint64>>>(std::move(batch.value().keys));
    m_client->execute(std::move(s), context, [this, job, keys](models::Result<connectors::SnowflakeResult> r) {
        if (r.ok()) {
            job->done(loaded(models::kLakeSnowflake, std::move(*keys), {}));
            return;
        }
        // Anything but success needs the records themselves (row by row, or a refused row named).
        auto records = models::parseLakePayload(job->entry.payload);
        if (!records.ok()) {
            job->done(unreadable(records.error()));
            return;
        }
        job->rows = std::move(records.value());
        const Error &e = r.error();
        // A missing table or warehouse is the configuration: pause until `lake --init-schema`.
        if (e.httpStatus == 422 && (e.message.contains(QStringLiteral("42S02")) || e.message.contains(QStringLiteral("does not exist")))) {
            SendOutcome o = automationFailure(e, true);
            o.kind = SendOutcome::Kind::Paused;
            job->done(o);
            return;
        }
        if (e.httpStatus == 422 && job->rows.size() > 1) {
            sendRows(job); // find the refused rows
            return;
        }
        if (e.httpStatus == 422) {
            job->refused.push_back(models::LakeFailure{0, models::kLakeSnowflake, job->rows.front().ticketId(), job->rows.front().version(),
                                                       QStringLiteral("Snowflake refused the row: %1").arg(e.message),
                                                       QDateTime::currentSecsSinceEpoch()});
            job->done(loaded(models::kLakeSnowflake, {}, std::move(job->refused)));
            return;
        }
        job->done(automationFailure(e, true));
    });
}

void SnowflakeLakeDestination::sendRows(std::shared_ptr<RowByRow> job)
{
    if (job->next >= job->rows.size()) {
        job->done(loaded(models::kLakeSnowflake, std::move(job->loaded), std::move(job->refused)));
        return;
    }
    const std::size_t i = job->next;
    const std::vector<models::ConsolidatedRecord> one{job->rows[i]};
    connectors::SnowflakeStatement s;
    s.sql = insertStatement(m_table);
    s.bindings = bindings(one, QDateTime::currentSecsSinceEpoch());
    // Its own request id, the same on every attempt of this entry: a row that went in stays in once.
    s.requestId = QUuid::createUuidV5(QUuid::fromString(job->entry.idempotencyKey), QString::number(job->rows[i].ticketId()))
                      .toString(QUuid::WithoutBraces);
    s.retry = true;
    m_client->execute(std::move(s), job->context, [this, job, i](models::Result<connectors::SnowflakeResult> r) {
        if (r.ok()) {
            job->loaded.emplace_back(job->rows[i].ticketId(), job->rows[i].version());
        } else if (r.error().httpStatus == 422) {
            job->refused.push_back(models::LakeFailure{0, models::kLakeSnowflake, job->rows[i].ticketId(), job->rows[i].version(),
                                                       QStringLiteral("Snowflake refused the row: %1").arg(r.error().message),
                                                       QDateTime::currentSecsSinceEpoch()});
        } else {
            job->done(automationFailure(r.error(), true)); // the whole entry again later (the rows in keep their ids)
            return;
        }
        ++job->next;
        sendRows(job);
    });
}

} // namespace cosmicdesk::services
