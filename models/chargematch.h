#pragma once

#include "customer.h"

#include <QString>

#include <optional>
#include <vector>

namespace cosmicdesk::models {

// Amounts written in a ticket ("S$185.50", "€340,80", "49.00 USD", "$1,299.99"), in cents. A number
// with no currency next to it (an order number, a date) is not an amount.
std::vector<qint64> amountsIn(const QString &text);

// Whether a ticket is about a charge the customer disputes: its category says so, or its text names
// a dispute, a chargeback, a double or an unauthorised charge.
bool isAboutADisputedCharge(const QString &category, const QString &text);

// The charge such a ticket is about: the one with an amount the text names, disputed ones first,
// then the nearest in time to the ticket; none when neither an amount nor a dispute points anywhere.
std::optional<std::size_t> chargeTheTicketIsAbout(const std::vector<Charge> &charges, const std::vector<qint64> &amounts,
                                                  qint64 ticketCreated);

} // namespace cosmicdesk::models
