#pragma once

#include "restclient.h"

#include <models/customer.h>

#include <QObject>

#include <functional>
#include <memory>

namespace cosmicdesk::connectors {

class AuthProvider;

// Stripe (docs/wire-formats.md §3) over RestClient with a pinned Stripe-Version: the customer
// by id, e-mail or metadata, its charges (refunds expanded) and the disputes of disputed charges.
class StripeClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StripeClient)

public:
    // 2024-06-20 still carries `invoice` on the charge (removed from 2025-03-31.basil on).
    static constexpr auto kApiVersion = "2024-06-20";

    StripeClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent = nullptr);
    ~StripeClient() override;

    // customer ids whose e-mail is exactly this (list endpoint; search is eventually consistent).
    void customersByEmail(const QString &email, QObject *context, std::function<void(Result<QStringList>)> done);
    // customer ids by a search query, e.g. metadata['zendesk_user_id']:'3901122'.
    void searchCustomers(const QString &query, QObject *context, std::function<void(Result<QStringList>)> done);
    // The customer's newest charges (at most `limit`, across pages), refunds embedded, disputes fetched.
    void charges(const QString &customerId, int limit, QObject *context, std::function<void(Result<std::vector<models::Charge>>)> done);

    // Charges asked for per page (Stripe allows 1–100).
    void setPageSize(int n) { m_pageSize = std::clamp(n, 1, 100); }

    static models::Charge chargeFromJson(const nlohmann::json &j);
    static models::Dispute disputeFromJson(const nlohmann::json &j);
    static models::Refund refundFromJson(const nlohmann::json &j);

private:
    // The ids of a customer list or search answer.
    void customerIds(const QString &path, const QString &key, const QString &value, QObject *context,
                     std::function<void(Result<QStringList>)> done);
    void disputesFor(std::shared_ptr<std::vector<models::Charge>> charges, std::size_t next, QObject *context,
                     std::function<void(Result<std::vector<models::Charge>>)> done);
    std::unique_ptr<RestClient> m_rest;
    int m_pageSize = 100;
};

} // namespace cosmicdesk::connectors
