#pragma once

#include <connectors/zendeskaccount.h>
#include <connectors/zendeskclient.h>
#include <models/result.h>

#include <QObject>

#include <functional>
#include <memory>

namespace cosmicdesk::connectors {
class CredentialStore;
}

namespace cosmicdesk::services {

class SettingsStore;

// Setting up the Zendesk account: "Test connection" (users/me with the typed credentials) and saving
// them (the token in the keychain first; the settings only once it is there).
class ZendeskSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZendeskSetup)

public:
    // Builds a client for credentials that are being tried (the composition root decides how).
    using ClientFactory =
        std::function<std::unique_ptr<connectors::ZendeskClient>(const connectors::ZendeskAccount &account, const QString &token)>;

    ZendeskSetup(connectors::CredentialStore &credentials, SettingsStore &settings, ClientFactory clients, QObject *parent = nullptr);

    connectors::ZendeskAccount current() const;
    // Config errors name what is missing; otherwise the answer of users/me or its error.
    void test(const connectors::ZendeskAccount &account, const QString &token, QObject *context,
              std::function<void(models::Result<connectors::ZendeskMe>)> done);
    void save(const connectors::ZendeskAccount &account, const QString &token, QObject *context,
              std::function<void(models::Result<void>)> done);
    void forget();

private:
    connectors::CredentialStore &m_credentials;
    SettingsStore &m_settings;
    ClientFactory m_clients;
};

} // namespace cosmicdesk::services
