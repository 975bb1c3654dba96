#include "zendesksetup.h"

#include "settingsstore.h"

#include <connectors/credentialstore.h>
#include <connectors/http.h>

#include <QPointer>

namespace cosmicdesk::services {

using models::Error;

ZendeskSetup::ZendeskSetup(connectors::CredentialStore &credentials, SettingsStore &settings, ClientFactory clients, QObject *parent)
    : QObject(parent), m_credentials(credentials), m_settings(settings), m_clients(std::move(clients))
{
}

connectors::ZendeskAccount ZendeskSetup::current() const
{
    return m_settings.zendeskAccount();
}

void ZendeskSetup::test(const connectors::ZendeskAccount &account, const QString &token, QObject *context,
                        std::function<void(models::Result<connectors::ZendeskMe>)> done)
{
    if (!account.isConfigured() || (account.baseUrl.scheme() != u"https" && account.baseUrl.scheme() != u"http"))
        return done(Error::make(Error::Kind::Config, tr("Enter the Zendesk address (https://yourcompany.zendesk.com) and your e-mail.")));
    if (auto url = connectors::checkCredentialUrl(account.baseUrl); !url.ok())
        return done(url.error()); // plain http to another machine, or user:pass@ in the address
    if (token.isEmpty())
        return done(Error::make(Error::Kind::Config, tr("Enter the API token (Admin Center → Apps and integrations → Zendesk API).")));
    connectors::ZendeskClient *client = m_clients(account, token).release();
    client->setParent(this); // lives until its answer is delivered, then goes with the event loop
    QPointer<QObject> ctx(context);
    client->me(this, [client, ctx, done = std::move(done)](models::Result<connectors::ZendeskMe> me) {
        client->deleteLater();
        if (ctx)
            done(std::move(me));
    });
}

void ZendeskSetup::save(const connectors::ZendeskAccount &account, const QString &token, QObject *context,
                        std::function<void(models::Result<void>)> done)
{
    if (auto url = connectors::checkCredentialUrl(account.baseUrl); !url.ok())
        return done(url.error()); // nothing is saved: neither the token nor an address with a password in it
    m_credentials.write(account.credentialKey(), token, context, [this, account, done = std::move(done)](models::Result<void> r) {
        if (r.ok())
            m_settings.saveZendeskAccount(account); // only once the secret is safely in the keychain
        done(r);
    });
}

void ZendeskSetup::forget()
{
    m_settings.forgetZendeskAccount();
}

} // namespace cosmicdesk::services
