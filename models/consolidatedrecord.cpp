#include "consolidatedrecord.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace cosmicdesk::models {

namespace {

using T = LakeColumn::Type;

// Timestamps are Unix seconds (UTC); amounts in the currency's smallest unit.
const std::vector<LakeColumn> kColumns = {
    {"ticket_id", T::Integer, 0, true},
    {"record_version", T::Integer, 0, true},
    {"schema_version", T::Integer, 0, true},
    {"built_at", T::Integer, 0, true},
    // The ticket.
    {"subject", T::Text, 1024},
    {"status", T::Text, 16, true},
    {"channel", T::Text, 16, true},
    {"group_name", T::Text, 255},
    {"assignee_name", T::Text, 255},
    {"tags", T::Text, 4096},
    {"language", T::Text, 16},
    {"created_at", T::Integer, 0, true},
    {"updated_at", T::Integer, 0, true},
    {"first_reply_at", T::Integer},
    {"solved_at", T::Integer},
    // The requester and the account.
    {"requester_id", T::Integer},
    {"requester_name", T::Text, 255},
    {"requester_email", T::Text, 320},
    {"organization_id", T::Integer},
    {"organization_name", T::Text, 255},
    {"plan", T::Text, 64},
    {"mrr_cents", T::Integer},
    {"kam_name", T::Text, 255},
    {"kam_email", T::Text, 320},
    {"sf_account_id", T::Text, 32},
    {"sf_contact_id", T::Text, 32},
    {"sf_open_cases", T::Integer},
    {"stripe_customer_id", T::Text, 64},
    // The customer view's latest order, charge, dispute and shipment.
    {"order_id", T::Integer},
    {"order_status", T::Text, 64},
    {"order_total_cents", T::Integer},
    {"order_currency", T::Text, 8},
    {"order_created_at", T::Integer},
    {"charge_id", T::Text, 64},
    {"charge_status", T::Text, 32},
    {"charge_amount", T::Integer},
    {"charge_currency", T::Text, 8},
    {"charge_refunded", T::Boolean},
    {"charge_created_at", T::Integer},
    {"dispute_id", T::Text, 64},
    {"dispute_status", T::Text, 32},
    {"dispute_reason", T::Text, 64},
    {"shipment_carrier", T::Text, 32},
    {"shipment_tracking", T::Text, 64},
    {"shipment_status", T::Text, 32},
    {"customer_data_at", T::Integer},
    // The triage engine.
    {"triage_engine", T::Text, 255},
    {"suggested_priority", T::Text, 2},
    {"suggested_team", T::Text, 64},
    {"suggested_category", T::Text, 64},
    {"sentiment", T::Text, 16},
    {"guardian_score", T::Integer},
    {"guardian_level", T::Text, 16},
    {"opportunity_score", T::Integer},
    {"opportunity_alert", T::Boolean},
    {"opportunity_signals", T::Text, 512},
    // What the agents made of it.
    {"final_priority", T::Text, 2},
    {"final_team", T::Text, 64},
    {"final_category", T::Text, 64},
    {"final_guardian", T::Text, 16},
    {"final_opportunity", T::Text, 8},
};

bool validPriority(const QString &p)
{
    return p.size() == 2 && p[0] == u'P' && p[1] >= u'0' && p[1] <= u'3';
}

QString number(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

} // namespace

const std::vector<LakeColumn> &lakeColumns()
{
    return kColumns;
}

int lakeColumnIndex(const char *name)
{
    for (std::size_t i = 0; i < kColumns.size(); ++i)
        if (qstrcmp(kColumns[i].name, name) == 0)
            return int(i);
    return -1;
}

qint64 ConsolidatedRecord::ticketId() const
{
    return values[0].toLongLong();
}

qint64 ConsolidatedRecord::version() const
{
    return values[1].toLongLong();
}

void ConsolidatedRecord::set(const char *column, QVariant value)
{
    const int i = lakeColumnIndex(column);
    Q_ASSERT_X(i >= 0, "ConsolidatedRecord::set", column);
    if (i >= 0)
        values[std::size_t(i)] = std::move(value);
}

QVariant ConsolidatedRecord::get(const char *column) const
{
    const int i = lakeColumnIndex(column);
    return i >= 0 ? values[std::size_t(i)] : QVariant();
}

QString ConsolidatedRecord::validationError() const
{
    QStringList problems;
    constexpr qint64 kLatest = 4102444800; // 2100-01-01: a later time is a unit mistake (milliseconds)
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        const LakeColumn &c = kColumns[i];
        const QVariant &v = values[i];
        const QString name = QString::fromLatin1(c.name);
        if (v.isNull()) {
            if (c.required)
                problems << QStringLiteral("%1 is missing").arg(name);
            continue;
        }
        if (c.type == T::Text && v.toString().size() > c.maxLength)
            problems << QStringLiteral("%1 has %2 characters, at most %3").arg(name, number(v.toString().size()), number(c.maxLength));
        if (c.type == T::Integer && name.endsWith(u"_at") && (v.toLongLong() < 0 || v.toLongLong() > kLatest))
            problems << QStringLiteral("%1 is not a time (%2)").arg(name).arg(v.toLongLong());
    }
    if (ticketId() <= 0)
        problems << QStringLiteral("ticket_id is not a ticket (%1)").arg(ticketId());
    for (const char *p : {"suggested_priority", "final_priority"})
        if (const QVariant v = get(p); !v.isNull() && !validPriority(v.toString()))
            problems << QStringLiteral("%1 is not P0–P3 (%2)").arg(QString::fromLatin1(p), v.toString());
    if (const QVariant m = get("mrr_cents"); !m.isNull() && m.toLongLong() < 0)
        problems << QStringLiteral("mrr_cents is negative (%1)").arg(m.toLongLong());
    for (const char *e : {"requester_email", "kam_email"})
        if (const QString v = get(e).toString(); !v.isEmpty() && (!v.contains(u'@') || v.contains(u' ')))
            problems << QStringLiteral("%1 is not an e-mail address").arg(QString::fromLatin1(e));
    return problems.join(QStringLiteral("; "));
}

QByteArray ConsolidatedRecord::digest() const
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i == 1 || i == 3) // record_version, built_at
            continue;
        const auto c = cell(i);
        h.addData(c ? QByteArrayView("v") : QByteArrayView("n"));
        if (c)
            h.addData(c->toUtf8());
        h.addData(QByteArrayView("\x1f", 1));
    }
    return h.result().toHex();
}

std::optional<QString> ConsolidatedRecord::cell(std::size_t column) const
{
    const QVariant &v = values[column];
    if (v.isNull())
        return std::nullopt;
    switch (kColumns[column].type) {
    case T::Integer: return QString::number(v.toLongLong());
    case T::Boolean: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case T::Text: break;
    }
    return v.toString();
}

nlohmann::json ConsolidatedRecord::toJson() const
{
    nlohmann::json row = nlohmann::json::array();
    for (std::size_t i = 0; i < values.size(); ++i) {
        const QVariant &v = values[i];
        if (v.isNull())
            row.push_back(nullptr);
        else if (kColumns[i].type == T::Integer)
            row.push_back(v.toLongLong());
        else if (kColumns[i].type == T::Boolean)
            row.push_back(v.toBool());
        else
            row.push_back(v.toString().toStdString());
    }
    return row;
}

std::optional<ConsolidatedRecord> ConsolidatedRecord::fromJson(const nlohmann::json &row)
{
    if (!row.is_array() || row.size() != kColumns.size())
        return std::nullopt;
    ConsolidatedRecord r;
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        const auto &v = row[i];
        if (v.is_null())
            continue;
        switch (kColumns[i].type) {
        case T::Integer:
            if (!v.is_number_integer())
                return std::nullopt;
            r.values[i] = QVariant(qint64(v.get<std::int64_t>()));
            break;
        case T::Boolean:
            if (!v.is_boolean())
                return std::nullopt;
            r.values[i] = QVariant(v.get<bool>());
            break;
        case T::Text:
            if (!v.is_string())
                return std::nullopt;
            r.values[i] = QVariant(QString::fromStdString(v.get<std::string>()));
            break;
        }
    }
    return r;
}

namespace {

QString createTable(const QString &table, bool snowflake)
{
    QStringList cols;
    for (const LakeColumn &c : kColumns) {
        QString type;
        switch (c.type) {
        case T::Integer: type = snowflake ? QStringLiteral("NUMBER(19,0)") : QStringLiteral("BIGINT"); break;
        case T::Boolean: type = snowflake ? QStringLiteral("BOOLEAN") : QStringLiteral("TINYINT(1)"); break;
        case T::Text: type = QStringLiteral("VARCHAR(%1)").arg(c.maxLength); break;
        }
        const QString name = snowflake ? QString::fromLatin1(c.name).toUpper() : QString::fromLatin1(c.name);
        cols << name + u' ' + type + (c.required ? QStringLiteral(" NOT NULL") : QString());
    }
    if (snowflake) {
        cols << QStringLiteral("LOADED_AT NUMBER(19,0)");
        return QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2)").arg(table, cols.join(QStringLiteral(", ")));
    }
    cols << QStringLiteral("loaded_at BIGINT") << QStringLiteral("PRIMARY KEY (ticket_id)");
    return QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (%2) DEFAULT CHARSET=utf8mb4").arg(table, cols.join(QStringLiteral(", ")));
}

} // namespace

QString rdsCreateTable(const QString &table, bool sqlite)
{
    QString sql = createTable(table, false);
    if (sqlite)
        sql.remove(QStringLiteral(" DEFAULT CHARSET=utf8mb4"));
    return sql;
}

QString snowflakeCreateTable(const QString &table)
{
    return createTable(table, true);
}

} // namespace cosmicdesk::models
