#pragma once

#include <QString>

namespace cosmicdesk::models {

// A customer company (Zendesk organization) with the commercial facts the agent needs.
struct Account
{
    qint64 id = 0;
    QString name;
    QString plan;
    qint64 mrrCents = 0;
    QString kamName;
    QString kamEmail;
    QString salesforceAccountId;
    QString stripeCustomerId;
    QString country;
    qint64 createdAt = 0;

    friend bool operator==(const Account &, const Account &) = default;
};

} // namespace cosmicdesk::models
