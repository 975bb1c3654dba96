#pragma once

#include "account.h"
#include "result.h"
#include "ticket.h"
#include "user.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

// The Zendesk Support API's JSON shapes (docs/wire-formats.md §1) for the domain types, both ways:
// the connector reads them, the sandbox writes them. Unknown keys are ignored, null is tolerated
// wherever the API may send it; a record without a numeric id is refused.
namespace cosmicdesk::models::zendesk {

// "2024-05-02T08:14:03Z" ↔ Unix seconds (0 ↔ null).
std::string isoTime(qint64 secs);
qint64 parseIsoTime(const nlohmann::json &value);

// baseUrl ("https://acme.zendesk.com") fills the objects' "url" fields.
nlohmann::json ticketJson(const Ticket &t, const std::string &baseUrl);
nlohmann::json userJson(const User &u, const std::string &baseUrl);
// Commercial facts live in organization_fields: plan, mrr (currency units), kam_name, kam_email,
// salesforce_account_id, stripe_customer_id, country.
nlohmann::json organizationJson(const Account &a, const std::string &baseUrl);
nlohmann::json groupJson(const Group &g, const std::string &baseUrl);
nlohmann::json commentJson(const Comment &c);

Result<Ticket> ticketFromJson(const nlohmann::json &j);
Result<User> userFromJson(const nlohmann::json &j);
Result<Account> organizationFromJson(const nlohmann::json &j);
Result<Group> groupFromJson(const nlohmann::json &j);
Result<Comment> commentFromJson(const nlohmann::json &j, qint64 ticketId);

// A metric set's first reply and solve times, applied to its ticket (0 when unknown).
struct TicketMetrics
{
    qint64 ticketId = 0;
    qint64 firstReplyAt = 0;
    qint64 solvedAt = 0;
};
Result<TicketMetrics> metricsFromJson(const nlohmann::json &j, qint64 createdAt);

} // namespace cosmicdesk::models::zendesk
