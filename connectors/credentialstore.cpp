#include "credentialstore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QUuid>

namespace cosmicdesk::connectors {

namespace {

Error keychainError(const QKeychain::Job &job, const QString &what)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound: return Error::make(Error::Kind::NotFound, QStringLiteral("No saved secret for %1").arg(what));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Error::make(Error::Kind::Config, QStringLiteral("The keychain refused access to %1: %2").arg(what, job.errorString()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error::make(Error::Kind::Config,
                           QStringLiteral("No keychain is reachable (%1). Secrets are kept only in the system keychain, "
                                          "so CosmicDesk stays in demo/offline mode.")
                               .arg(job.errorString()));
    default: return Error::make(Error::Kind::Config, QStringLiteral("The keychain failed for %1: %2").arg(what, job.errorString()));
    }
}

// Delivers on the context (dropped if it is gone) once the job finishes.
template <typename JobT, typename F> void onFinished(JobT *job, QObject *context, F f)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QObject::connect(job, &QKeychain::Job::finished, job, [guard, hasContext, f = std::move(f)](QKeychain::Job *j) mutable {
        if (hasContext && !guard)
            return;
        f(static_cast<JobT *>(j));
    });
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

QString CredentialStore::key(const QString &connector, const QString &account, const QString &address)
{
    QString k = connector + u':' + account;
    if (!address.isEmpty())
        k += u'@' + address;
    return k;
}

void CredentialStore::write(const QString &key, const QString &secret, QObject *context, std::function<void(Result<void>)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    onFinished(job, context, [key, done = std::move(done)](QKeychain::WritePasswordJob *j) {
        if (j->error() != QKeychain::NoError)
            done(keychainError(*j, key));
        else
            done({});
    });
    job->start();
}

void CredentialStore::read(const QString &key, QObject *context, std::function<void(Result<QString>)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    onFinished(job, context, [key, done = std::move(done)](QKeychain::ReadPasswordJob *j) {
        if (j->error() != QKeychain::NoError)
            done(keychainError(*j, key));
        else
            done(j->textData());
    });
    job->start();
}

void CredentialStore::remove(const QString &key, QObject *context, std::function<void(Result<void>)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    onFinished(job, context, [key, done = std::move(done)](QKeychain::DeletePasswordJob *j) {
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
            done(keychainError(*j, key));
        else
            done({});
    });
    job->start();
}

void CredentialStore::probe(QObject *context, std::function<void(Result<void>)> done)
{
    const QString key = QStringLiteral("probe:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString value = QUuid::createUuid().toString();
    QPointer<CredentialStore> self(this);
    write(key, value, context, [self, key, value, context, done = std::move(done)](Result<void> w) mutable {
        if (!w.ok() || !self) {
            done(w);
            return;
        }
        self->read(key, context, [self, key, value, context, done = std::move(done)](Result<QString> r) mutable {
            if (!self)
                return;
            Result<void> outcome;
            if (!r.ok())
                outcome = r.error();
            else if (r.value() != value)
                outcome = Error::make(Error::Kind::Config, QStringLiteral("The keychain gave back something else than was stored"));
            self->remove(key, context, [outcome, done = std::move(done)](Result<void>) mutable { done(outcome); });
        });
    });
}

} // namespace cosmicdesk::connectors
