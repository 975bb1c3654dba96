#pragma once

#include <models/customer.h>
#include <models/result.h>

#include <QObject>
#include <QString>

#include <array>
#include <chrono>
#include <memory>
#include <vector>

#include <connectors/customersources.h>
namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

enum class CustomerSection { Crm = 0, Payments, Orders, Shipments };
inline constexpr int kCustomerSectionCount = 4;
QString customerSectionKey(CustomerSection s); // "crm", "payments", "orders", "shipments"

struct SectionStatus
{
    enum class State { Unavailable, Loading, Fresh, Stale, Failed };
    State state = State::Unavailable;  // Unavailable: no such source is configured, or nothing to ask it
    bool configured = false;           // a source for this section exists
    qint64 fetchedAt = 0;              // when the data shown was fetched
    bool refreshing = false;           // a newer answer is on its way
    std::vector<models::Error> errors; // the last failures (shipments: one per failing carrier)
};

// Everything about the requester of one ticket, section by section as it arrives.
struct CustomerView
{
    quint64 generation = 0; // one per selection: answers for an older one are dropped
    qint64 ticketId = 0, requesterId = 0;
    QString requesterName, email;
    models::CrmOverview crm;
    std::vector<models::Charge> charges; // the disputed charge a ticket is about first
    QString highlightedChargeId;
    std::vector<models::Order> orders; // newest first, items with product details
    std::vector<models::Shipment> shipments;
    std::array<SectionStatus, kCustomerSectionCount> status;

    const SectionStatus &operator[](CustomerSection s) const { return status[std::size_t(s)]; }
    bool settled() const; // no section is loading or refreshing
};

// Resolves the requester's keys (Zendesk user id, e-mail, Stripe customer id), starts every source
// at once — Salesforce, Stripe, the orders database and, for the tracking numbers already known,
// the carriers — and publishes each section as it arrives, with its own state. A section comes
// from the cache first (fresh within the TTL, else stale with its age) so the view opens at once
// and offline; one slow or failing source never holds up another; a newer selection makes older
// answers void.
class CustomerViewService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerViewService)

public:
    CustomerViewService(models::TicketStore &store, connectors::CustomerSources sources,
                        std::chrono::seconds ttl = std::chrono::minutes(10), QObject *parent = nullptr);
    ~CustomerViewService() override;

    void load(qint64 ticketId);
    void retry(CustomerSection section);
    const CustomerView &view() const { return m_view; }

Q_SIGNALS:
    // section < 0: a new selection (every section may have changed).
    void viewChanged(int section);

private:
    void fetch(CustomerSection s);
    void fetchCrm();
    void fetchPayments();
    void fetchOrders();
    void trackShipments(const std::vector<models::Order> &orders);
    template <typename T> void settle(CustomerSection s, quint64 generation, models::Result<T> result, T &target);
    void highlightDispute();
    void loadCached();

    models::TicketStore &m_store;
    connectors::CustomerSources m_sources;
    std::chrono::seconds m_ttl;
    CustomerView m_view;
    QString m_stripeCustomer;
    QString m_ticketText;
    QString m_category;
    qint64 m_ticketCreated = 0;
    std::vector<QString> m_trackingAsked; // this selection
    int m_trackingWaiting = 0;
    std::vector<models::Error> m_trackingErrors;
};

} // namespace cosmicdesk::services
