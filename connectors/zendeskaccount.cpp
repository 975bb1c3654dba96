#include "zendeskaccount.h"

#include "credentialstore.h"

namespace cosmicdesk::connectors {

QString ZendeskAccount::credentialKey() const
{
    return CredentialStore::key(QStringLiteral("zendesk"), email, baseUrl.toString(QUrl::RemovePath | QUrl::StripTrailingSlash));
}

} // namespace cosmicdesk::connectors
