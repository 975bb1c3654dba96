#include "keypair.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace cosmicdesk::connectors {

namespace {

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, qsizetype(size)) : QByteArray();
}

} // namespace

Result<RsaKeyPair> generateRsaKeyPair(int bits)
{
    const auto failed = [] { return Error::make(Error::Kind::Config, QStringLiteral("OpenSSL could not make an RSA key pair")); };
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(unsigned(std::max(bits, 2048))), &EVP_PKEY_free);
    if (!key)
        return failed();
    std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), &BIO_free), pub(BIO_new(BIO_s_mem()), &BIO_free);
    if (!priv || !pub || PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
        PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1)
        return failed();
    return RsaKeyPair{drain(priv.get()), drain(pub.get())};
}

} // namespace cosmicdesk::connectors
