#pragma once

#include <QString>

#include <optional>
#include <vector>

// What the systems beside the helpdesk know about a customer (the unified customer view). Plain
// structs; times are Unix seconds (0: unknown), amounts in the currency's smallest unit.
namespace cosmicdesk::models {

// Salesforce.
struct CrmAccount
{
    QString id, name, type, industry, phone, website, billingCountry;
    qint64 createdAt = 0;
};
struct CrmContact
{
    QString id, name, email, phone, title, accountId;
};
struct CrmCase
{
    QString id, caseNumber, subject, status, priority, origin;
    bool isClosed = false;
    qint64 createdAt = 0, closedAt = 0;
};

// Everything Salesforce says about one requester.
struct CrmOverview
{
    std::optional<CrmContact> contact;
    std::optional<CrmAccount> account;
    std::vector<CrmCase> cases; // newest first
};

// Stripe.
struct Refund
{
    QString id, chargeId, currency, status, reason;
    qint64 amount = 0, created = 0;
};
struct Dispute
{
    QString id, chargeId, currency, reason, status;
    qint64 amount = 0, created = 0, dueBy = 0;
};
struct Charge
{
    QString id, customerId, currency, status, description, paymentIntent, invoiceId, receiptUrl;
    QString paymentMethodType, cardBrand, cardLast4, failureCode, failureMessage, orderId;
    qint64 amount = 0, amountRefunded = 0, created = 0;
    bool refunded = false, disputed = false;
    std::vector<Refund> refunds;
    std::vector<Dispute> disputes;
};

// Carriers, in the normalised vocabulary of docs/wire-formats.md §4d.
enum class ShipmentStatus {
    InfoReceived,
    InTransit,
    OutForDelivery,
    AvailableForPickup,
    Delivered,
    Exception,
    Returning,
    Returned,
    Cancelled,
    Unknown
};
QString shipmentStatusName(ShipmentStatus s);  // "out_for_delivery"
QString shipmentStatusLabel(ShipmentStatus s); // "Out for delivery"

struct TrackingEvent
{
    QString timestamp; // as the carrier sent it (may lack an offset)
    qint64 at = 0;     // parsed when it could be, for sorting
    QString rawStatus, description, location;
    ShipmentStatus status = ShipmentStatus::Unknown;
};
struct Shipment
{
    QString carrier, trackingNumber, rawStatus, origin, destination, estimatedDelivery;
    ShipmentStatus status = ShipmentStatus::Unknown;
    std::vector<TrackingEvent> events; // newest first
};

// The shop: its orders database and its product API.
struct Product
{
    QString sku, name, imageUrl, currency;
    qint64 priceCents = 0;
};
struct OrderItem
{
    QString sku, name;
    int quantity = 1;
    qint64 unitCents = 0;
    std::optional<Product> product; // filled from the product API
};
struct Order
{
    qint64 id = 0;
    QString status, currency, carrier, trackingNumber, customerEmail;
    qint64 totalCents = 0, createdAt = 0;
    std::vector<OrderItem> items;
};

} // namespace cosmicdesk::models
