#pragma once

#include <models/customersystems.h>

#include <memory>
#include <vector>

namespace cosmicdesk::connectors {

class CarrierClient;
class OrdersSource;
class ProductClient;
class SalesforceClient;
class StripeClient;

// The clients of the customer view; each is absent when its system is not configured.
struct CustomerSources
{
    std::unique_ptr<SalesforceClient> salesforce;
    std::unique_ptr<StripeClient> stripe;
    std::unique_ptr<OrdersSource> orders;
    std::unique_ptr<ProductClient> products;
    std::vector<std::unique_ptr<CarrierClient>> carriers;

    CustomerSources();
    CustomerSources(CustomerSources &&) noexcept;
    CustomerSources &operator=(CustomerSources &&) noexcept;
    ~CustomerSources();

    bool isEmpty() const { return !salesforce && !stripe && !orders && !products && carriers.empty(); }
};

// The one place the customer view's clients are built, for a real installation and the demo alike.
CustomerSources buildCustomerSources(const models::CustomerSystemsConfig &config, const models::Secrets &secrets);

} // namespace cosmicdesk::connectors
