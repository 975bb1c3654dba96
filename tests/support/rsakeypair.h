#pragma once

#include <QByteArray>
#include <QString>

namespace cosmicdesk::testsupport {

// A 2048-bit RSA key pair made by the openssl tool for one test run (no key is committed): PEM
// PKCS#8 private key and SubjectPublicKeyInfo public key. `error` says why when openssl failed.
struct RsaKeyPair
{
    QByteArray privatePem;
    QByteArray publicPem;
    QString error;
    bool ok() const { return error.isEmpty() && !privatePem.isEmpty() && !publicPem.isEmpty(); }
};

// Writes key.pem and pub.pem into `dir` and reads them back.
RsaKeyPair makeRsaKeyPair(const QString &dir);

} // namespace cosmicdesk::testsupport
