#include "customer.h"

#include <QCoreApplication>

namespace cosmicdesk::models {

QString shipmentStatusName(ShipmentStatus s)
{
    switch (s) {
    case ShipmentStatus::InfoReceived: return QStringLiteral("info_received");
    case ShipmentStatus::InTransit: return QStringLiteral("in_transit");
    case ShipmentStatus::OutForDelivery: return QStringLiteral("out_for_delivery");
    case ShipmentStatus::AvailableForPickup: return QStringLiteral("available_for_pickup");
    case ShipmentStatus::Delivered: return QStringLiteral("delivered");
    case ShipmentStatus::Exception: return QStringLiteral("exception");
    case ShipmentStatus::Returning: return QStringLiteral("returning");
    case ShipmentStatus::Returned: return QStringLiteral("returned");
    case ShipmentStatus::Cancelled: return QStringLiteral("cancelled");
    case ShipmentStatus::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString shipmentStatusLabel(ShipmentStatus s)
{
    switch (s) {
    case ShipmentStatus::InfoReceived: return QCoreApplication::translate("Shipment", "Label created");
    case ShipmentStatus::InTransit: return QCoreApplication::translate("Shipment", "In transit");
    case ShipmentStatus::OutForDelivery: return QCoreApplication::translate("Shipment", "Out for delivery");
    case ShipmentStatus::AvailableForPickup: return QCoreApplication::translate("Shipment", "Ready for pickup");
    case ShipmentStatus::Delivered: return QCoreApplication::translate("Shipment", "Delivered");
    case ShipmentStatus::Exception: return QCoreApplication::translate("Shipment", "Delivery problem");
    case ShipmentStatus::Returning: return QCoreApplication::translate("Shipment", "Returning to sender");
    case ShipmentStatus::Returned: return QCoreApplication::translate("Shipment", "Returned to sender");
    case ShipmentStatus::Cancelled: return QCoreApplication::translate("Shipment", "Cancelled");
    case ShipmentStatus::Unknown: break;
    }
    return QCoreApplication::translate("Shipment", "Unknown");
}

} // namespace cosmicdesk::models
