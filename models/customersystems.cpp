#include "customersystems.h"

namespace cosmicdesk::models {

const QStringList &CustomerSystemsConfig::secretNames()
{
    static const QStringList names = {QStringLiteral("salesforce_client_secret"),
                                      QStringLiteral("salesforce_refresh_token"),
                                      QStringLiteral("stripe_key"),
                                      QStringLiteral("dhl_key"),
                                      QStringLiteral("ninjavan_client_secret"),
                                      QStringLiteral("singpost_key"),
                                      QStringLiteral("products_key"),
                                      QStringLiteral("orders_password")};
    return names;
}

QString CustomerSystemsConfig::secretKey(const QString &name)
{
    return QStringLiteral("customer:") + name;
}

} // namespace cosmicdesk::models
