#pragma once

#include <QString>
#include <QUrl>

namespace cosmicdesk::connectors {

// A Zendesk account as the settings keep it: nothing secret (the API token is in the keychain under
// credentialKey()).
struct ZendeskAccount
{
    QUrl baseUrl;  // https://acme.zendesk.com
    QString email; // the agent's e-mail
    int intervalSecs = 60;

    bool isConfigured() const { return baseUrl.isValid() && !baseUrl.host().isEmpty() && !email.isEmpty(); }
    QString credentialKey() const;
};

} // namespace cosmicdesk::connectors
