#pragma once

#include "customer.h"

#include <nlohmann/json.hpp>

#include <QString>

#include <optional>

// JSON for the customer-view types, for the store's cache of remote answers. Missing keys take the
// defaults, so older cache rows still read.
NLOHMANN_JSON_NAMESPACE_BEGIN
template <> struct adl_serializer<QString>
{
    static void to_json(json &j, const QString &s) { j = s.toStdString(); }
    static void from_json(const json &j, QString &s) { s = j.is_string() ? QString::fromStdString(j.get<std::string>()) : QString(); }
};
template <typename T> struct adl_serializer<std::optional<T>>
{
    static void to_json(json &j, const std::optional<T> &o)
    {
        if (o)
            j = *o;
        else
            j = nullptr;
    }
    static void from_json(const json &j, std::optional<T> &o)
    {
        if (j.is_null())
            o.reset();
        else
            o = j.get<T>();
    }
};
NLOHMANN_JSON_NAMESPACE_END

namespace cosmicdesk::models {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrmAccount, id, name, type, industry, phone, website, billingCountry, createdAt)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrmContact, id, name, email, phone, title, accountId)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrmCase, id, caseNumber, subject, status, priority, origin, isClosed, createdAt, closedAt)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CrmOverview, contact, account, cases)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Refund, id, chargeId, currency, status, reason, amount, created)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Dispute, id, chargeId, currency, reason, status, amount, created, dueBy)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Charge, id, customerId, currency, status, description, paymentIntent, invoiceId, receiptUrl,
                                                paymentMethodType, cardBrand, cardLast4, failureCode, failureMessage, orderId, amount,
                                                amountRefunded, created, refunded, disputed, refunds, disputes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TrackingEvent, timestamp, at, rawStatus, description, location, status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Shipment, carrier, trackingNumber, rawStatus, origin, destination, estimatedDelivery,
                                                status, events)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Product, sku, name, imageUrl, currency, priceCents)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OrderItem, sku, name, quantity, unitCents, product)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Order, id, status, currency, carrier, trackingNumber, customerEmail, totalCents, createdAt,
                                                items)

} // namespace cosmicdesk::models
