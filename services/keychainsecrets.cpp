#include "keychainsecrets.h"

#include <connectors/credentialstore.h>

#include <memory>
#include <optional>

namespace cosmicdesk::services {

using models::Error;
using models::Secrets;

void readKeychainSecrets(connectors::CredentialStore &credentials, const QStringList &names, SecretKey key, QObject *context,
                         std::function<void(models::Result<Secrets>)> done)
{
    if (names.isEmpty())
        return done(Secrets());
    auto secrets = std::make_shared<Secrets>();
    auto waiting = std::make_shared<int>(int(names.size()));
    auto failure = std::make_shared<std::optional<Error>>();
    auto shared = std::make_shared<std::function<void(models::Result<Secrets>)>>(std::move(done));
    for (const QString &name : names)
        credentials.read(key(name), context, [=](models::Result<QString> r) {
            if (r.ok())
                secrets->insert(name, r.value());
            else if (r.error().kind != Error::Kind::NotFound)
                *failure = r.error();
            if (--*waiting > 0)
                return;
            if (*failure)
                (*shared)(**failure);
            else
                (*shared)(*secrets);
        });
}

void writeKeychainSecrets(connectors::CredentialStore &credentials, const Secrets &secrets, const QStringList &names, SecretKey key,
                          QObject *context, std::function<void(models::Result<void>)> done)
{
    QStringList toWrite;
    for (auto it = secrets.begin(); it != secrets.end(); ++it)
        if (!it.value().isEmpty() && names.contains(it.key()))
            toWrite << it.key();
    if (toWrite.isEmpty())
        return done({});
    auto waiting = std::make_shared<int>(int(toWrite.size()));
    auto failure = std::make_shared<std::optional<Error>>();
    auto shared = std::make_shared<std::function<void(models::Result<void>)>>(std::move(done));
    for (const QString &name : toWrite)
        credentials.write(key(name), secrets.value(name), context, [=](models::Result<void> r) {
            if (!r.ok())
                *failure = r.error();
            if (--*waiting > 0)
                return;
            if (*failure)
                (*shared)(**failure);
            else
                (*shared)({});
        });
}

} // namespace cosmicdesk::services
