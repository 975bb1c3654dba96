#include "settings.h"

#include <QCryptographicHash>
#include <QSettings>

#include <algorithm>
#include <array>

namespace cosmicdesk::app {

connectors::ZendeskAccount QSettingsStore::zendeskAccount() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("zendesk"));
    connectors::ZendeskAccount z;
    z.baseUrl = QUrl(s.value(QStringLiteral("base_url")).toString());
    z.email = s.value(QStringLiteral("email")).toString();
    z.intervalSecs = std::max(6, s.value(QStringLiteral("interval_secs"), 60).toInt());
    return z;
}

void QSettingsStore::saveZendeskAccount(const connectors::ZendeskAccount &z)
{
    QSettings s;
    s.beginGroup(QStringLiteral("zendesk"));
    s.setValue(QStringLiteral("base_url"), z.baseUrl.toString());
    s.setValue(QStringLiteral("email"), z.email);
    s.setValue(QStringLiteral("interval_secs"), z.intervalSecs);
}

void QSettingsStore::forgetZendeskAccount()
{
    QSettings s;
    s.remove(QStringLiteral("zendesk"));
}

namespace {

// The text members of the customer-systems settings, by their key in group "customer_view".
template <typename Config> auto textMembers(Config &c)
{
    return std::array<std::pair<const char *, decltype(&c.salesforceUrl)>, 17>{{
        {"salesforce_url", &c.salesforceUrl},
        {"salesforce_client_id", &c.salesforceClientId},
        {"salesforce_external_id_field", &c.salesforceExternalIdField},
        {"stripe_url", &c.stripeUrl},
        {"dhl_url", &c.dhlUrl},
        {"ninjavan_url", &c.ninjaVanUrl},
        {"ninjavan_country", &c.ninjaVanCountry},
        {"ninjavan_client_id", &c.ninjaVanClientId},
        {"singpost_url", &c.singPostUrl},
        {"products_url", &c.productsUrl},
        {"orders_driver", &c.ordersDriver},
        {"orders_host", &c.ordersHost},
        {"orders_database", &c.ordersDatabase},
        {"orders_user", &c.ordersUser},
        {"orders_connect_options", &c.ordersConnectOptions},
        {"orders_query", &c.ordersQuery},
        {"items_query", &c.itemsQuery},
    }};
}

} // namespace

models::CustomerSystemsConfig QSettingsStore::customerSystems() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("customer_view"));
    models::CustomerSystemsConfig c;
    for (const auto &[key, member] : textMembers(c))
        *member = s.value(QLatin1String(key), *member).toString();
    c.ordersPort = s.value(QStringLiteral("orders_port"), c.ordersPort).toInt();
    c.ordersRequireTls = s.value(QStringLiteral("orders_require_tls"), c.ordersRequireTls).toBool();
    return c;
}

void QSettingsStore::saveCustomerSystems(const models::CustomerSystemsConfig &config)
{
    QSettings s;
    s.beginGroup(QStringLiteral("customer_view"));
    models::CustomerSystemsConfig c = config;
    for (const auto &[key, member] : textMembers(c))
        s.setValue(QLatin1String(key), *member);
    s.setValue(QStringLiteral("orders_port"), c.ordersPort);
    s.setValue(QStringLiteral("orders_require_tls"), c.ordersRequireTls);
}

namespace {

// The automation settings by their key in group "automation": text, switches and numbers.
template <typename Config> auto automationText(Config &c)
{
    return std::array<std::pair<const char *, decltype(&c.rdsHost)>, 21>{{
        {"rds_host", &c.rdsHost},
        {"rds_database", &c.rdsDatabase},
        {"rds_user", &c.rdsUser},
        {"rds_table", &c.rdsTable},
        {"rds_connect_options", &c.rdsConnectOptions},
        {"rds_tls_peer_name", &c.rdsTlsPeerName},
        {"snowflake_account", &c.snowflakeAccount},
        {"snowflake_user", &c.snowflakeUser},
        {"snowflake_role", &c.snowflakeRole},
        {"snowflake_warehouse", &c.snowflakeWarehouse},
        {"snowflake_database", &c.snowflakeDatabase},
        {"snowflake_schema", &c.snowflakeSchema},
        {"snowflake_table", &c.snowflakeTable},
        {"snowflake_url", &c.snowflakeUrl},
        {"snowflake_key_file", &c.snowflakeKeyFile},
        {"sendgrid_url", &c.sendGridUrl},
        {"alert_from_email", &c.alertFromEmail},
        {"alert_from_name", &c.alertFromName},
        {"guardian_fallback_email", &c.guardianFallbackEmail},
        {"sales_email", &c.salesEmail},
        {"slack_channel", &c.slackChannel},
    }};
}

template <typename Config> auto automationSwitches(Config &c)
{
    return std::array<std::pair<const char *, decltype(&c.rdsEnabled)>, 8>{{
        {"rds_enabled", &c.rdsEnabled},
        {"rds_require_tls", &c.rdsRequireTls},
        {"snowflake_enabled", &c.snowflakeEnabled},
        {"alert_email", &c.alertEmail},
        {"alert_slack", &c.alertSlack},
        {"guardian_alerts", &c.guardianAlerts},
        {"opportunity_alerts", &c.opportunityAlerts},
        {"overview_from_snowflake", &c.overviewFromSnowflake},
    }};
}

template <typename Config> auto automationNumbers(Config &c)
{
    return std::array<std::pair<const char *, decltype(&c.rdsPort)>, 4>{{
        {"rds_port", &c.rdsPort},
        {"alert_cap_per_hour", &c.alertCapPerHour},
        {"guardian_minimum_level", &c.guardianMinimumLevel},
        {"alert_recent_hours", &c.alertRecentHours},
    }};
}

} // namespace

models::AutomationConfig QSettingsStore::automation() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("automation"));
    models::AutomationConfig c;
    for (const auto &[key, member] : automationText(c))
        *member = s.value(QLatin1String(key), *member).toString();
    for (const auto &[key, member] : automationSwitches(c))
        *member = s.value(QLatin1String(key), *member).toBool();
    for (const auto &[key, member] : automationNumbers(c))
        *member = s.value(QLatin1String(key), *member).toInt();
    return c;
}

void QSettingsStore::saveAutomation(const models::AutomationConfig &config)
{
    QSettings s;
    s.beginGroup(QStringLiteral("automation"));
    models::AutomationConfig c = config;
    for (const auto &[key, member] : automationText(c))
        s.setValue(QLatin1String(key), *member);
    for (const auto &[key, member] : automationSwitches(c))
        s.setValue(QLatin1String(key), *member);
    for (const auto &[key, member] : automationNumbers(c))
        s.setValue(QLatin1String(key), *member);
}

// Group "triage_write_back": guardian_field, opportunity_field, and team_groups as a map from the
// team's name to its Zendesk group id.
services::TriageWriteBack QSettingsStore::triageWriteBack() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("triage_write_back"));
    services::TriageWriteBack w;
    w.guardianFieldId = s.value(QStringLiteral("guardian_field"), 0).toLongLong();
    w.opportunityFieldId = s.value(QStringLiteral("opportunity_field"), 0).toLongLong();
    const QVariantMap groups = s.value(QStringLiteral("team_groups")).toMap();
    for (auto it = groups.begin(); it != groups.end(); ++it)
        if (const qint64 id = it.value().toLongLong(); id > 0)
            w.teamGroups[it.key()] = id;
    return w;
}

void QSettingsStore::saveTriageWriteBack(const services::TriageWriteBack &config)
{
    QSettings s;
    s.beginGroup(QStringLiteral("triage_write_back"));
    s.setValue(QStringLiteral("guardian_field"), config.guardianFieldId);
    s.setValue(QStringLiteral("opportunity_field"), config.opportunityFieldId);
    QVariantMap groups;
    for (const auto &[team, id] : config.teamGroups)
        groups.insert(team, id);
    s.setValue(QStringLiteral("team_groups"), groups);
}

namespace {
// One key per header: a hash of it, so any header makes a valid settings key.
QString columnMapKey(const QString &header)
{
    return QStringLiteral("column_maps/%1")
        .arg(QString::fromLatin1(QCryptographicHash::hash(header.toUtf8(), QCryptographicHash::Sha1).toHex()));
}
} // namespace

services::SettingsStore::ColumnMap QSettingsStore::columnMap(const QString &header) const
{
    QSettings s;
    ColumnMap map;
    const QStringList pairs = s.value(columnMapKey(header)).toStringList();
    for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
        map.emplace_back(pairs[i], pairs[i + 1]);
    return map;
}

void QSettingsStore::saveColumnMap(const QString &header, const ColumnMap &map)
{
    QStringList pairs;
    for (const auto &[field, column] : map)
        pairs << field << column;
    QSettings s;
    s.setValue(columnMapKey(header), pairs);
}

} // namespace cosmicdesk::app
