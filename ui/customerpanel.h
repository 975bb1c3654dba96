#pragma once

#include <QPointer>
#include <QWidget>

#include <array>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace cosmicdesk::models {
struct TicketDetails;
}
namespace cosmicdesk::services {
class CustomerViewService;
class TicketDetailsService;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// The customer beside the ticket: the account summary from the workspace (plan, MRR, key account
// manager, tenure, open tickets), then one card per outside system — Salesforce cases, Stripe
// charges with refunds and disputes, the shop's orders with product details, shipments with their
// timeline — each with its own state (loading skeleton, fresh, stale with age, failed with Retry).
// Ids have copy links; receipts open in the browser. Below the summary, the requester's past
// tickets (read on a worker thread); clicking one opens it (pastTicketActivated).
class CustomerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerPanel)

public:
    explicit CustomerPanel(QWidget *parent = nullptr);
    void showCustomer(const models::TicketDetails &details);
    void clear();
    // The live sections; none (offline, or no systems configured) leaves the summary alone.
    void setService(services::CustomerViewService *service);
    // Where the requester's past tickets are read; none: no past tickets.
    void setDetailsService(services::TicketDetailsService *details);

    static constexpr int kPastTickets = 25;

Q_SIGNALS:
    void pastTicketActivated(qint64 ticketId);
    void pastTicketsShown(); // the list for the shown ticket arrived

private:
    void showPastTickets(qint64 requesterId, qint64 ticketId);
    void render(int section);
    void onLink(const QString &link);

    QLabel *m_summary;
    QPointer<services::CustomerViewService> m_service;
    struct Card
    {
        QWidget *frame = nullptr;
        QLabel *title = nullptr;
        QLabel *state = nullptr;
        QPushButton *retry = nullptr;
        QLabel *body = nullptr;
    };
    std::array<Card, 4> m_cards;
    QPointer<services::TicketDetailsService> m_details;
    QWidget *m_pastFrame = nullptr;
    QLabel *m_pastTitle = nullptr;
    QTreeWidget *m_past = nullptr;
    quint64 m_pastRequest = 0;
};

} // namespace cosmicdesk::ui
