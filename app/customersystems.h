#pragma once

#include "customerviewservice.h"

#include <models/result.h>

#include <QMap>
#include <QObject>
#include <QString>

#include <functional>

namespace cosmicdesk::app {

// Where a real installation's customer systems are and how to reach them. QSettings keeps the
// addresses and names (group "customer_view"); every secret named in kSecrets lives in the keychain
// only. A system with no address (or, for Stripe and DHL, no key) is simply not configured.
struct CustomerSystemsSettings
{
    QString salesforceUrl;        // the org's My Domain, https://acme.my.salesforce.com
    QString salesforceClientId;
    QString salesforceExternalIdField = QStringLiteral("Zendesk_User_Id__c");
    QString stripeUrl = QStringLiteral("https://api.stripe.com");
    QString dhlUrl = QStringLiteral("https://api-eu.dhl.com");
    QString ninjaVanUrl;          // https://api.ninjavan.co
    QString ninjaVanCountry = QStringLiteral("sg");
    QString ninjaVanClientId;
    QString singPostUrl;          // https://apim.singpost.com
    QString productsUrl;          // the shop's own product API
    QString ordersDriver = QStringLiteral("QMYSQL");
    QString ordersHost, ordersDatabase, ordersUser, ordersConnectOptions;
    int ordersPort = 3306;
    bool ordersRequireTls = true;
    QString ordersQuery, itemsQuery; // empty: the defaults of OrdersSource

    static CustomerSystemsSettings load();
    void save() const;

    // Secret names (keychain keys are "customer:<name>").
    static const QStringList &secretNames(); // salesforce_client_secret, salesforce_refresh_token, stripe_key, dhl_key,
                                             // ninjavan_client_secret, singpost_key, products_key, orders_password
};

using Secrets = QMap<QString, QString>;

namespace customer_systems {

// The clients for what is configured.
CustomerViewService::Sources buildSources(const CustomerSystemsSettings &settings, const Secrets &secrets);
// Reads every secret from the keychain (missing ones stay empty), then answers on the context.
void readSecrets(QObject *context, std::function<void(models::Result<Secrets>)> done);
// Writes the non-empty secrets, then the settings; nothing of the settings is saved when the keychain fails.
void save(const CustomerSystemsSettings &settings, const Secrets &secrets, QObject *context,
          std::function<void(models::Result<void>)> done);
// One call to each configured system with these settings, as a plain sentence per system.
void test(const CustomerSystemsSettings &settings, const Secrets &secrets, QObject *context,
          std::function<void(QMap<QString, QString>)> done);

} // namespace customer_systems

} // namespace cosmicdesk::app
