#pragma once

#include <services/customerviewservice.h>

#include <QString>

namespace cosmicdesk::models {
struct TicketDetails;
}

namespace cosmicdesk::ui {

// The customer panel's text, made from the data alone so that it is tested without widgets. Every
// string from a ticket or a remote system is escaped; links are "copy:<id>" or the system's https URL.
class CustomerPresenter
{
public:
    // One card of the customer view as it should look now.
    struct Card
    {
        bool visible = false;
        bool retry = false; // a Retry button: the source failed (and nothing or only stale data is shown)
        QString state;      // "Loading…", "Updated 2 min ago", "Stale · from 3 h ago", "Failed" (rich text)
        QString stateTip;   // the failure in words, when there is one
        QString body;       // rich text
    };
    static Card card(services::CustomerSection section, const services::CustomerView &view, qint64 now);
    // The account and requester summary above the cards; empty when the ticket has neither.
    static QString summary(const models::TicketDetails &details, qint64 now);
    static QString placeholder();
    // How long ago, for a card's state: "just now", "5 min ago", "3 h ago", "2 days ago".
    static QString age(qint64 fetchedAt, qint64 now);
};

} // namespace cosmicdesk::ui
