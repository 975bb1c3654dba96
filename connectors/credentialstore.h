#pragma once

#include "http.h"

#include <QObject>
#include <QString>

#include <functional>

namespace cosmicdesk::connectors {

// Secrets (API tokens, client secrets, refresh tokens) in the operating system's keychain through
// QtKeychain (Secret Service on Linux). Never a plaintext fallback: when no keychain answers, every
// call fails with a Config error that says so, and nothing is written anywhere. Asynchronous: the
// keychain may ask the user to unlock it.
class CredentialStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    explicit CredentialStore(QString service = QStringLiteral("CosmicDesk"), QObject *parent = nullptr);

    // "zendesk:agent@acme.com@https://acme.zendesk.com": one entry per connector, account and address.
    static QString key(const QString &connector, const QString &account, const QString &address = {});

    void write(const QString &key, const QString &secret, QObject *context, std::function<void(Result<void>)> done);
    // NotFound when there is no such entry.
    void read(const QString &key, QObject *context, std::function<void(Result<QString>)> done);
    void remove(const QString &key, QObject *context, std::function<void(Result<void>)> done);
    // Whether a keychain is reachable and usable: writes, reads back and removes a probe entry.
    void probe(QObject *context, std::function<void(Result<void>)> done);

private:
    QString m_service;
};

} // namespace cosmicdesk::connectors
