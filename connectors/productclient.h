#pragma once

#include "restclient.h"

#include <models/customer.h>

#include <QObject>

#include <functional>
#include <memory>

namespace cosmicdesk::connectors {

class AuthProvider;

// The shop's own product API (base URL per installation): GET /products?skus=a,b,c →
// {"products":[{"sku","name","price":{"amount","currency"},"image_url"}]}; unknown SKUs are absent.
class ProductClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProductClient)

public:
    ProductClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent = nullptr);
    ~ProductClient() override;
    // At most 100 SKUs per call; more are split.
    void products(const QStringList &skus, QObject *context, std::function<void(Result<std::vector<models::Product>>)> done);

private:
    std::unique_ptr<RestClient> m_rest;
};

} // namespace cosmicdesk::connectors
