#pragma once

#include <QString>

namespace cosmicdesk::models {

// A Zendesk user: a requester (end-user) or a staff member (agent, admin).
struct User
{
    enum class Role : quint8 { EndUser = 0, Agent = 1, Admin = 2 };

    qint64 id = 0;
    QString name;
    QString email;
    QString phone;
    Role role = Role::EndUser;
    qint64 organizationId = 0;
    QString externalId;       // e.g. the CRM contact id
    QString stripeCustomerId; // user_fields.stripe_customer_id
    QString locale;
    QString timeZone;
    qint64 defaultGroupId = 0; // for agents: their team
    qint64 createdAt = 0;

    bool isStaff() const { return role != Role::EndUser; }
    friend bool operator==(const User &, const User &) = default;
};

QString roleName(User::Role r); // "end-user", "agent", "admin"
User::Role parseRole(const QString &s);

// A support team (Zendesk group).
struct Group
{
    qint64 id = 0;
    QString name;
    friend bool operator==(const Group &, const Group &) = default;
};

} // namespace cosmicdesk::models
