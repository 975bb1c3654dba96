#pragma once

#include "http.h"

#include <QByteArray>

namespace cosmicdesk::connectors {

// An RSA key pair as PEM: the private key PKCS#8 ("PRIVATE KEY"), the public key SubjectPublicKeyInfo
// ("PUBLIC KEY") — what Snowflake's key-pair authentication takes (ALTER USER … SET RSA_PUBLIC_KEY).
struct RsaKeyPair
{
    QByteArray privatePem;
    QByteArray publicPem;
};

// A fresh pair from OpenSSL's generator (the demo's Snowflake user; `bits` 2048 or more).
Result<RsaKeyPair> generateRsaKeyPair(int bits = 2048);

} // namespace cosmicdesk::connectors
