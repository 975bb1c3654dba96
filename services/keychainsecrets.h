#pragma once

#include <models/customersystems.h>
#include <models/result.h>

#include <QObject>
#include <QStringList>

#include <functional>

namespace cosmicdesk::connectors {
class CredentialStore;
}

namespace cosmicdesk::services {

// The keychain entries of a settings dialog's secrets, by name; `key` makes a name's keychain key.
using SecretKey = std::function<QString(const QString &name)>;

// Every named secret (a missing one stays out); the keychain's first failure other than "not found".
void readKeychainSecrets(connectors::CredentialStore &credentials, const QStringList &names, SecretKey key, QObject *context,
                         std::function<void(models::Result<models::Secrets>)> done);
// Writes the non-empty secrets among `names`, then calls `done` once: ok only when every write was.
void writeKeychainSecrets(connectors::CredentialStore &credentials, const models::Secrets &secrets, const QStringList &names, SecretKey key,
                          QObject *context, std::function<void(models::Result<void>)> done);

} // namespace cosmicdesk::services
