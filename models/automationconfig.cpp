#include "automationconfig.h"

namespace cosmicdesk::models {

QString AutomationConfig::snowflakeBaseUrl() const
{
    if (!snowflakeUrl.trimmed().isEmpty())
        return snowflakeUrl.trimmed();
    if (snowflakeAccount.trimmed().isEmpty())
        return {};
    return QStringLiteral("https://") + snowflakeAccount.trimmed().toLower() + QStringLiteral(".snowflakecomputing.com");
}

const QStringList &AutomationConfig::secretNames()
{
    static const QStringList names = {QStringLiteral("rds_password"), QStringLiteral("snowflake_private_key"),
                                      QStringLiteral("sendgrid_key"), QStringLiteral("slack_webhook_url")};
    return names;
}

QString AutomationConfig::secretKey(const QString &name)
{
    return QStringLiteral("automation:") + name;
}

} // namespace cosmicdesk::models
