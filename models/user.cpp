#include "user.h"

namespace cosmicdesk::models {

QString roleName(User::Role r)
{
    switch (r) {
    case User::Role::Agent: return QStringLiteral("agent");
    case User::Role::Admin: return QStringLiteral("admin");
    case User::Role::EndUser: break;
    }
    return QStringLiteral("end-user");
}

User::Role parseRole(const QString &s)
{
    if (s == QLatin1String("agent"))
        return User::Role::Agent;
    if (s == QLatin1String("admin"))
        return User::Role::Admin;
    return User::Role::EndUser;
}

} // namespace cosmicdesk::models
