#pragma once

#include <connectors/customersources.h>
#include <models/customersystems.h>
#include <models/result.h>

#include "probe.h"

#include <QMap>
#include <QObject>

#include <functional>

namespace cosmicdesk::connectors {
class CredentialStore;
}

namespace cosmicdesk::services {

class SettingsStore;

// File → Customer systems…: the settings and secrets of a real installation's Salesforce, Stripe,
// carriers, product API and orders database; saving them (secrets in the keychain first) and "Test",
// one call to each configured system.
class CustomerSystemsSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerSystemsSetup)

public:
    using SourcesFactory = std::function<connectors::CustomerSources(const models::CustomerSystemsConfig &, const models::Secrets &)>;
    // Per system ("Salesforce", "Stripe", a carrier's name, "Products", "Orders database"): ok, or why not.
    using TestResults = ProbeResults;

    CustomerSystemsSetup(connectors::CredentialStore &credentials, SettingsStore &settings, SourcesFactory sources,
                         QObject *parent = nullptr);

    models::CustomerSystemsConfig current() const;
    // Every secret from the keychain (missing ones stay empty).
    void readSecrets(QObject *context, std::function<void(models::Result<models::Secrets>)> done);
    // Writes the non-empty secrets, then the settings; nothing of the settings is saved when the keychain fails.
    void save(const models::CustomerSystemsConfig &config, const models::Secrets &secrets, QObject *context,
              std::function<void(models::Result<void>)> done);
    void test(const models::CustomerSystemsConfig &config, const models::Secrets &secrets, QObject *context,
              std::function<void(TestResults)> done);

private:
    connectors::CredentialStore &m_credentials;
    SettingsStore &m_settings;
    SourcesFactory m_sources;
};

} // namespace cosmicdesk::services
