#pragma once

#include "demotext.h"
#include "rng.h"

#include <models/account.h>
#include <models/ticket.h>
#include <models/user.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace cosmicdesk::sandbox {

struct DemoOptions
{
    qint64 tickets = 5000;
    std::uint64_t seed = 20261122;
    qint64 now = 0; // the world's "present", Unix seconds; tickets end here
    int weeks = 8;
};

struct DemoPerson
{
    qint64 id = 0;
    std::string firstName, lastName, email, phone, locale, timeZone;
    std::size_t account = 0; // index into accounts
    std::string salesforceContactId;
};

struct DemoAccount
{
    qint64 id = 0;
    std::string name, domain, plan, country, currency;
    qint64 mrrCents = 0;
    qint64 createdAt = 0;
    std::string kamName, kamEmail, salesforceAccountId, stripeCustomerId;
    std::string cardBrand, cardLast4;
    std::vector<std::size_t> people; // indexes into people
    double ticketWeight = 1.0;
};

struct DemoAgent
{
    qint64 id = 0;
    std::string name, email;
    int team = 0;
};

struct DemoProduct
{
    std::string sku, name, category, imageUrl;
    qint64 priceCents = 0;
};

struct DemoOrderItem
{
    std::string sku, name;
    int quantity = 1;
    qint64 unitCents = 0;
};

struct DemoShipmentEvent
{
    qint64 at = 0;
    std::string stage; // normalised: info_received, in_transit, out_for_delivery, delivered, exception, returning, returned
    std::string text;  // the carrier's own status text
    std::string location;
};

struct DemoShipment
{
    std::string carrier; // dhl, ninjavan, singpost
    std::string trackingNumber;
    std::string origin, destination, destinationPostalCode;
    qint64 estimatedDelivery = 0;
    std::vector<DemoShipmentEvent> events; // oldest first
};

struct DemoCharge
{
    std::string id, paymentIntent, invoiceId, receiptUrl, status, description, failureCode;
    qint64 amount = 0, amountRefunded = 0, created = 0;
    bool disputed = false;
};

struct DemoRefund
{
    std::string id, chargeId, status, reason;
    qint64 amount = 0, created = 0;
};

struct DemoDispute
{
    std::string id, chargeId, reason, status;
    qint64 amount = 0, created = 0, dueBy = 0;
};

struct DemoOrder
{
    qint64 number = 0;
    std::size_t person = 0;
    qint64 createdAt = 0;
    std::string status; // paid, shipped, delivered, cancelled, refunded, returned
    qint64 totalCents = 0;
    std::vector<DemoOrderItem> items;
    DemoCharge charge;
    std::vector<DemoRefund> refunds;
    std::vector<DemoDispute> disputes;
    DemoShipment shipment; // empty carrier when not shipped
};

struct DemoCase
{
    std::string id, caseNumber, subject, status, priority, origin;
    qint64 created = 0, closed = 0;
    std::size_t person = 0;
};

// Everything one account has outside the helpdesk, generated from the seed on demand: two calls
// give the same world, so the sandbox never has to store it.
struct AccountWorld
{
    std::vector<DemoOrder> orders; // oldest first
    std::vector<DemoCase> cases;
};

// What the demo generator knows about a ticket that the ticket itself does not say.
struct TicketTruth
{
    Category category = Category::HowToFaq;
    int team = 0;
    triage::Priority priority = triage::Priority::P3;
    Tone tone = Tone::Neutral;
    bool churn = false;
    bool opportunity = false;
    bool upgradeTrap = false;
};

struct GeneratedTicket
{
    models::Ticket ticket;
    std::vector<models::Comment> comments;
    TicketTruth truth;
};

// A deterministic fictional marketplace: accounts and their people, agents in three teams, a product
// catalogue, per-account orders, payments, shipments and CRM cases, and weeks of tickets with daily
// and weekly rhythm. Same options, same world, byte for byte.
class DemoWorld
{
public:
    explicit DemoWorld(DemoOptions options);

    const DemoOptions &options() const { return m_options; }
    const std::vector<DemoAccount> &accounts() const { return m_accounts; }
    const std::vector<DemoPerson> &people() const { return m_people; }
    const std::vector<DemoAgent> &agents() const { return m_agents; }
    const std::vector<DemoProduct> &products() const { return m_products; }
    static qint64 groupId(int team) { return 360001 + team; }

    AccountWorld accountWorld(std::size_t account) const;

    // Generates the tickets in creation order and hands them over in batches.
    using Sink = std::function<bool(std::vector<GeneratedTicket> &&batch)>; // false stops
    void generateTickets(const Sink &sink, std::size_t batchSize = 2000, const std::function<void(qint64, qint64)> &progress = {}) const;

    // Domain records for the store.
    std::vector<models::Account> organizations() const;
    std::vector<models::User> users() const;
    std::vector<models::Group> groups() const;

private:
    void makeAccounts(Rng &rng);
    void makeAgents(Rng &rng);
    void makeProducts(Rng &rng);
    std::vector<qint64> ticketTimes(Rng &rng) const;

    DemoOptions m_options;
    std::vector<DemoAccount> m_accounts;
    std::vector<DemoPerson> m_people;
    std::vector<DemoAgent> m_agents;
    std::vector<DemoProduct> m_products;
    std::vector<double> m_accountWeights;
};

} // namespace cosmicdesk::sandbox
