#pragma once

#include "demoworld.h"
#include "httpsandbox.h"

#include <models/customersystems.h>

#include <nlohmann/json.hpp>

#include <QString>

#include <map>
#include <unordered_map>

namespace cosmicdesk::sandbox {

struct CustomerFakeOptions
{
    // Salesforce (OAuth refresh-token or client-credentials grant, form body).
    QString salesforceClientId = QStringLiteral("3MVG9demo");
    QString salesforceClientSecret = QStringLiteral("demo-sf-secret");
    QString salesforceRefreshToken = QStringLiteral("5Aep8demo-refresh");
    int salesforceBatchSize = 2000; // records per query page (Sforce-Query-Options may lower it, ≥ 200 as Salesforce)
    qint64 salesforceDailyLimit = 15000;
    // Zendesk_User_Id__c as a Number(18, 0) field (compared unquoted, sent as 3901122.0) or as Text.
    bool salesforceExternalIdNumeric = true;
    // Stripe secret key.
    QString stripeKey = QStringLiteral("sk_test_demo");
    // DHL consumer key, Ninja Van client credentials, SingPost key, the shop's product API key.
    QString dhlKey = QStringLiteral("demo-dhl-key");
    QString ninjaVanClientId = QStringLiteral("demo-nv-client");
    QString ninjaVanClientSecret = QStringLiteral("demo-nv-secret");
    QString singPostKey = QStringLiteral("demo-singpost-key");
    QString productKey = QStringLiteral("demo-product-key");
};

// The customer-systems settings and secrets that reach these fakes at baseUrl (every system on one
// loopback address), with the shop's orders read from a SQLite file (the demo workspace's own tables).
struct SandboxCustomerSystems
{
    models::CustomerSystemsConfig config;
    models::Secrets secrets;
};
SandboxCustomerSystems sandboxCustomerSystems(const QString &baseUrl, const CustomerFakeOptions &options, const QString &ordersSqlitePath);

// Salesforce, Stripe, DHL, Ninja Van, SingPost and the shop's product API for a demo world, on an
// HttpSandbox (their paths do not collide, so one server can play all of them; every route is
// named "salesforce.*", "stripe.*", "dhl.*", "ninjavan.*", "singpost.*", "products.*" for the
// fault knobs). Shapes, pagination, auth and errors as docs/wire-formats.md §2–§4.
class CustomerFakes
{
public:
    CustomerFakes(HttpSandbox &server, const DemoWorld &world, CustomerFakeOptions options = {});

    const CustomerFakeOptions &options() const { return m_options; }
    void setSalesforceBatchSize(int n) { m_options.salesforceBatchSize = n; }
    // What the world holds, for tests.
    QString trackingNumber(const QString &carrier, std::size_t nth = 0) const;
    QString stripeCustomerOf(qint64 zendeskUserId) const;

private:
    struct Record
    {
        std::string type;
        nlohmann::json fields;
    };
    struct Parcel
    {
        const DemoShipment *shipment;
        const DemoOrder *order;
    };

    void index();
    void addSalesforce();
    void addStripe();
    void addCarriers();
    void addProducts();
    void addFaultReplies();

    SandboxReply soql(const SandboxRequest &r);
    SandboxReply describe(const QString &type) const;
    SandboxReply soqlPage(std::vector<nlohmann::json> records, std::size_t batch);

    HttpSandbox &m_server;
    const DemoWorld &m_world;
    CustomerFakeOptions m_options;
    std::string m_base;
    std::vector<AccountWorld> m_worlds;                                         // per account
    std::vector<Record> m_records;                                              // Salesforce
    std::unordered_map<std::string, std::vector<const DemoCharge *>> m_charges; // by Stripe customer, newest first
    std::unordered_map<std::string, const DemoOrder *> m_orderOfCharge;
    std::map<std::string, Parcel> m_parcels;                       // by tracking number
    std::map<std::string, std::vector<nlohmann::json>> m_locators; // Salesforce query locators
    std::map<std::string, qint64> m_tokens;                        // access tokens of every OAuth fake → expiry
    qint64 m_apiCalls = 0;                                         // Salesforce calls in the current day (the allowance)
    qint64 m_apiWindowStart = 0;
    quint64 m_counter = 0;
};

} // namespace cosmicdesk::sandbox
