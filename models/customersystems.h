#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace cosmicdesk::models {

// Where a customer's other systems are and how to reach them: nothing secret (the secrets named by
// secretNames() live in the keychain). A system with no address (or, for Stripe and DHL, no key) is
// not configured. The demo fills the same settings with the sandbox's address and credentials.
struct CustomerSystemsConfig
{
    QString salesforceUrl; // the org's My Domain, https://acme.my.salesforce.com
    QString salesforceClientId;
    QString salesforceExternalIdField = QStringLiteral("Zendesk_User_Id__c");
    QString stripeUrl = QStringLiteral("https://api.stripe.com");
    QString dhlUrl = QStringLiteral("https://api-eu.dhl.com");
    QString ninjaVanUrl; // https://api.ninjavan.co
    QString ninjaVanCountry = QStringLiteral("sg");
    QString ninjaVanClientId;
    QString singPostUrl; // https://apim.singpost.com
    QString productsUrl; // the shop's own product API
    QString ordersDriver = QStringLiteral("QMYSQL");
    QString ordersHost, ordersDatabase, ordersUser, ordersConnectOptions;
    int ordersPort = 3306;
    bool ordersRequireTls = true;
    QString ordersQuery, itemsQuery; // empty: the defaults of OrdersSource

    // salesforce_client_secret, salesforce_refresh_token, stripe_key, dhl_key, ninjavan_client_secret,
    // singpost_key, products_key, orders_password
    static const QStringList &secretNames();
    // The keychain key of a secret.
    static QString secretKey(const QString &name);
};

using Secrets = QMap<QString, QString>;

} // namespace cosmicdesk::models
