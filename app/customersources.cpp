#include "customersources.h"

#include <connectors/auth.h>
#include <connectors/carriers.h>
#include <connectors/orderssource.h>
#include <connectors/productclient.h>
#include <connectors/salesforceclient.h>
#include <connectors/stripeclient.h>

namespace cosmicdesk::app {

CustomerViewService::Sources sandboxCustomerSources(const QString &baseUrl, const sandbox::CustomerFakeOptions &c,
                                                    const QString &ordersSqlitePath)
{
    connectors::RestClient::Options o;
    o.baseUrl = QUrl(baseUrl);
    o.timeout = std::chrono::seconds(10);
    o.maxAttempts = 3;
    o.backoffBase = std::chrono::milliseconds(200);
    o.maxInFlightPerHost = 6; // a selection tracks up to five parcels of one carrier at once
    CustomerViewService::Sources s;
    connectors::OAuth2Auth::Config sf;
    sf.tokenUrl = QUrl(baseUrl + QStringLiteral("/services/oauth2/token"));
    sf.format = connectors::OAuth2Auth::BodyFormat::Form;
    sf.clientId = c.salesforceClientId;
    sf.clientSecret = c.salesforceClientSecret;
    sf.refreshToken = c.salesforceRefreshToken;
    s.salesforce = std::make_unique<connectors::SalesforceClient>(o, std::make_shared<connectors::OAuth2Auth>(sf));
    s.stripe = std::make_unique<connectors::StripeClient>(o, std::make_shared<connectors::BearerAuth>(c.stripeKey));
    s.products = std::make_unique<connectors::ProductClient>(o, std::make_shared<connectors::BearerAuth>(c.productKey));
    s.carriers.push_back(std::make_unique<connectors::DhlClient>(o, c.dhlKey));
    s.carriers.push_back(std::make_unique<connectors::NinjaVanClient>(o, QStringLiteral("sg"), c.ninjaVanClientId, c.ninjaVanClientSecret));
    s.carriers.push_back(std::make_unique<connectors::SingPostClient>(o, c.singPostKey));
    connectors::OrdersSource::Config orders;
    orders.driver = QStringLiteral("QSQLITE");
    orders.databaseName = ordersSqlitePath;
    s.orders = std::make_unique<connectors::OrdersSource>(orders);
    return s;
}

} // namespace cosmicdesk::app
