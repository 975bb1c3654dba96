#include "customersystemssetup.h"

#include "keychainsecrets.h"
#include "probe.h"
#include "settingsstore.h"

#include <connectors/carriers.h>
#include <connectors/credentialstore.h>
#include <connectors/http.h>
#include <connectors/orderssource.h>
#include <connectors/productclient.h>
#include <connectors/salesforceclient.h>
#include <connectors/stripeclient.h>

#include <optional>

namespace cosmicdesk::services {

using models::CustomerSystemsConfig;
using models::Error;
using models::Secrets;

CustomerSystemsSetup::CustomerSystemsSetup(connectors::CredentialStore &credentials, SettingsStore &settings, SourcesFactory sources,
                                           QObject *parent)
    : QObject(parent), m_credentials(credentials), m_settings(settings), m_sources(std::move(sources))
{
}

CustomerSystemsConfig CustomerSystemsSetup::current() const
{
    return m_settings.customerSystems();
}

void CustomerSystemsSetup::readSecrets(QObject *context, std::function<void(models::Result<Secrets>)> done)
{
    readKeychainSecrets(m_credentials, CustomerSystemsConfig::secretNames(), &CustomerSystemsConfig::secretKey, context, std::move(done));
}

void CustomerSystemsSetup::save(const CustomerSystemsConfig &config, const Secrets &secrets, QObject *context,
                                std::function<void(models::Result<void>)> done)
{
    // Every configured address must be fit for credentials, or nothing (secret or setting) is saved.
    const std::pair<const char *, const QString *> addresses[] = {
        {"Salesforce", &config.salesforceUrl}, {"Stripe", &config.stripeUrl},     {"DHL", &config.dhlUrl},
        {"Ninja Van", &config.ninjaVanUrl},    {"SingPost", &config.singPostUrl}, {"Products", &config.productsUrl}};
    for (const auto &[system, url] : addresses)
        if (!url->isEmpty())
            if (auto checked = connectors::checkCredentialUrl(QUrl(*url)); !checked.ok())
                return done(Error::make(Error::Kind::Config, QString::fromLatin1(system) + u": " + checked.error().message));
    writeKeychainSecrets(m_credentials, secrets, CustomerSystemsConfig::secretNames(), &CustomerSystemsConfig::secretKey, context,
                         [this, config, done = std::move(done)](models::Result<void> written) {
                             if (!written.ok())
                                 return done(written);
                             m_settings.saveCustomerSystems(config); // only once every secret is safely in the keychain
                             done({});
                         });
}

void CustomerSystemsSetup::test(const CustomerSystemsConfig &config, const Secrets &secrets, QObject *context,
                                std::function<void(TestResults)> done)
{
    auto *run = new Probe<connectors::CustomerSources>(context, std::move(done));
    run->clients = m_sources(config, secrets);
    static const QString probe = QStringLiteral("cosmicdesk-probe@example.invalid");
    auto &src = run->clients;
    if (src.salesforce) {
        ++run->waiting;
        src.salesforce->contact(0, probe, run, [run](models::Result<std::optional<models::CrmContact>> r) {
            run->settle(QStringLiteral("Salesforce"), outcome(r));
        });
    }
    if (src.stripe) {
        ++run->waiting;
        src.stripe->customersByEmail(probe, run,
                                     [run](models::Result<QStringList> r) { run->settle(QStringLiteral("Stripe"), outcome(r)); });
    }
    for (const auto &carrier : src.carriers) {
        ++run->waiting;
        const QString name = carrier->carrier();
        // An unknown number answered "not found" proves the key is accepted.
        carrier->track(QStringLiteral("CDPROBE0000000"), run, [run, name](models::Result<models::Shipment> r) {
            run->settle(name, !r.ok() && r.error().kind == Error::Kind::NotFound ? models::Result<void>() : outcome(r));
        });
    }
    if (src.products) {
        ++run->waiting;
        src.products->products({QStringLiteral("CDPROBE")}, run, [run](models::Result<std::vector<models::Product>> r) {
            run->settle(QStringLiteral("Products"), outcome(r));
        });
    }
    if (src.orders) {
        ++run->waiting;
        src.orders->orders(0, probe, run, [run](models::Result<std::vector<models::Order>> r) {
            run->settle(QStringLiteral("Orders database"), outcome(r));
        });
    }
    run->settle(QString(), {});
}

} // namespace cosmicdesk::services
