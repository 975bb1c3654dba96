#include "customersources.h"

#include "auth.h"
#include "carriers.h"
#include "orderssource.h"
#include "productclient.h"
#include "salesforceclient.h"
#include "stripeclient.h"

namespace cosmicdesk::connectors {

CustomerSources::CustomerSources() = default;
CustomerSources::CustomerSources(CustomerSources &&) noexcept = default;
CustomerSources &CustomerSources::operator=(CustomerSources &&) noexcept = default;
CustomerSources::~CustomerSources() = default;

namespace {

RestClient::Options rest(const QString &url)
{
    RestClient::Options o;
    o.baseUrl = QUrl(url);
    o.timeout = std::chrono::seconds(15);
    o.maxAttempts = 3;
    o.backoffBase = std::chrono::milliseconds(200); // an agent is waiting for the card
    o.maxInFlightPerHost = 6;                       // a selection tracks up to five parcels of one carrier at once
    return o;
}

} // namespace

CustomerSources buildCustomerSources(const models::CustomerSystemsConfig &c, const models::Secrets &secret)
{
    CustomerSources s;
    if (!c.salesforceUrl.isEmpty() && !c.salesforceClientId.isEmpty()) {
        OAuth2Auth::Config sf;
        sf.tokenUrl = QUrl(c.salesforceUrl + QStringLiteral("/services/oauth2/token"));
        sf.format = OAuth2Auth::BodyFormat::Form;
        sf.clientId = c.salesforceClientId;
        sf.clientSecret = secret.value(QStringLiteral("salesforce_client_secret"));
        sf.refreshToken = secret.value(QStringLiteral("salesforce_refresh_token"));
        sf.grant = sf.refreshToken.isEmpty() ? OAuth2Auth::Grant::ClientCredentials : OAuth2Auth::Grant::RefreshToken;
        SalesforceConfig config;
        config.contactExternalIdField = c.salesforceExternalIdField;
        s.salesforce = std::make_unique<SalesforceClient>(rest(c.salesforceUrl), std::make_shared<OAuth2Auth>(sf), config);
    }
    if (const QString key = secret.value(QStringLiteral("stripe_key")); !key.isEmpty() && !c.stripeUrl.isEmpty())
        s.stripe = std::make_unique<StripeClient>(rest(c.stripeUrl), std::make_shared<BearerAuth>(key));
    if (const QString key = secret.value(QStringLiteral("dhl_key")); !key.isEmpty() && !c.dhlUrl.isEmpty())
        s.carriers.push_back(std::make_unique<DhlClient>(rest(c.dhlUrl), key));
    if (!c.ninjaVanUrl.isEmpty() && !c.ninjaVanClientId.isEmpty())
        s.carriers.push_back(std::make_unique<NinjaVanClient>(rest(c.ninjaVanUrl), c.ninjaVanCountry, c.ninjaVanClientId,
                                                              secret.value(QStringLiteral("ninjavan_client_secret"))));
    if (!c.singPostUrl.isEmpty())
        s.carriers.push_back(std::make_unique<SingPostClient>(rest(c.singPostUrl), secret.value(QStringLiteral("singpost_key"))));
    if (!c.productsUrl.isEmpty())
        s.products = std::make_unique<ProductClient>(rest(c.productsUrl),
                                                     std::make_shared<BearerAuth>(secret.value(QStringLiteral("products_key"))));
    if (!c.ordersHost.isEmpty() || (c.ordersDriver == u"QSQLITE" && !c.ordersDatabase.isEmpty())) {
        OrdersSource::Config o;
        o.driver = c.ordersDriver;
        o.host = c.ordersHost;
        o.port = c.ordersPort;
        o.databaseName = c.ordersDatabase;
        o.user = c.ordersUser;
        o.password = secret.value(QStringLiteral("orders_password"));
        o.connectOptions = c.ordersConnectOptions;
        o.requireTls = c.ordersRequireTls && c.ordersDriver == u"QMYSQL";
        if (!c.ordersQuery.isEmpty())
            o.ordersQuery = c.ordersQuery;
        if (!c.itemsQuery.isEmpty())
            o.itemsQuery = c.itemsQuery;
        s.orders = std::make_unique<OrdersSource>(o);
    }
    return s;
}

} // namespace cosmicdesk::connectors
