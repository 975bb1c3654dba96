#pragma once

#include <QColor>

namespace cosmicdesk::ui::theme {

// Colour only where it means something (docs/product.md, "Look and feel").
QColor priorityColor(int priority); // 0-3; invalid for none
QColor slaAtRisk();
QColor slaBreached();
QColor guardianColor(int level); // 1 watch, 2 alert, 3 critical
QColor opportunityColor();
QColor internalNoteBackground();
QColor staffMessageBackground();     // an agent's public reply
QColor requesterMessageBackground(); // the customer's message
QColor warning();                    // stale data, a partial failure
QColor error();                      // a failure, a dispute
QColor success();                    // delivered, connected
QColor attention();                  // out for delivery, waiting for pickup
QColor neutral();                    // a status that asks nothing of the agent
QColor muted();                      // ids, secondary text
QColor skeleton();                   // the grey bars of a card still loading
QColor highlight();                  // the record a ticket is about

} // namespace cosmicdesk::ui::theme
