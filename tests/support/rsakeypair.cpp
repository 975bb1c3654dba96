#include "rsakeypair.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStringList>

namespace cosmicdesk::testsupport {

RsaKeyPair makeRsaKeyPair(const QString &dir)
{
    RsaKeyPair out;
    const auto run = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            out.error = QStringLiteral("openssl %1: %2").arg(args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError()));
        return out.error.isEmpty();
    };
    if (!run({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
              QStringLiteral("rsa_keygen_bits:2048"), QStringLiteral("-out"), QStringLiteral("key.pem")}) ||
        !run({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("key.pem"), QStringLiteral("-pubout"), QStringLiteral("-out"),
              QStringLiteral("pub.pem")}))
        return out;
    QFile priv(QDir(dir).filePath(QStringLiteral("key.pem"))), pub(QDir(dir).filePath(QStringLiteral("pub.pem")));
    if (!priv.open(QIODevice::ReadOnly) || !pub.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("the key files cannot be read in %1").arg(dir);
        return out;
    }
    out.privatePem = priv.readAll();
    out.publicPem = pub.readAll();
    return out;
}

} // namespace cosmicdesk::testsupport
