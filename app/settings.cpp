#include "settings.h"

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

} // namespace cosmicdesk::app
