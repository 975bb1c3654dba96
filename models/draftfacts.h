#pragma once

#include "customer.h"

#include <QSqlDatabase>
#include <QString>

#include <map>
#include <string>
#include <vector>

namespace cosmicdesk::models {

// What the unified customer view knows that a drafted reply needs: the facts its templates name
// (order_number, carrier, tracking_number, tracking_status, last_carrier_event, charge_amount,
// charge_date, refund_status, refund_amount). The order is the one the ticket names, else the
// customer's latest before the ticket; the charge is the one the ticket is about (by amount or
// dispute), else the order's; the shipment is the order's.
struct DraftFactsInput
{
    std::vector<Order> orders;
    std::vector<Shipment> shipments;
    std::vector<Charge> charges;
    QString ticketText;
    qint64 ticketCreated = 0;
};
std::map<std::string, std::string> draftFacts(const DraftFactsInput &in);

// The same from the workspace's cache of the customer view (nothing when it was never loaded).
std::map<std::string, std::string> cachedDraftFacts(const QSqlDatabase &db, qint64 requesterId, const QString &ticketText,
                                                    qint64 ticketCreated);

} // namespace cosmicdesk::models
