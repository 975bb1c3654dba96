// CredentialStore against the real Secret Service (gnome-keyring in a private D-Bus session, started
// by tests/support/with-keychain), and without any keychain: it says so and writes nothing anywhere.
#include <connectors/credentialstore.h>

#include <QDir>
#include <QDirIterator>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;
using connectors::CredentialStore;
using models::Error;
using models::Result;

class CredentialStoreTest : public QObject
{
    Q_OBJECT

    bool noKeychain() const { return qEnvironmentVariableIsSet("COSMICDESK_EXPECT_NO_KEYCHAIN"); }

    template <typename T, typename Call> Result<T> await(Call call)
    {
        std::optional<Result<T>> out;
        call([&](Result<T> r) { out = std::move(r); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
            return Error::make(Error::Kind::Timeout, QStringLiteral("the keychain did not answer"));
        return *out;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void secretsRoundTripThroughTheKeychain()
    {
        if (noKeychain())
            QSKIP("runs with a keychain");
        CredentialStore store(QStringLiteral("CosmicDeskTest"));
        const QString key =
            CredentialStore::key(QStringLiteral("zendesk"), QStringLiteral("agent@acme.com"), QStringLiteral("https://acme.zendesk.com"));
        QCOMPARE(key, QStringLiteral("zendesk:agent@acme.com@https://acme.zendesk.com"));
        auto probe = await<void>([&](auto done) { store.probe(this, done); });
        QVERIFY2(probe.ok(), qPrintable(probe.ok() ? QString() : probe.error().message));
        QVERIFY(await<void>([&](auto done) { store.write(key, QStringLiteral("s3cr3t-ünïcode"), this, done); }).ok());
        auto read = await<QString>([&](auto done) { store.read(key, this, done); });
        QVERIFY(read.ok());
        QCOMPARE(read.value(), QStringLiteral("s3cr3t-ünïcode"));
        QVERIFY(await<void>([&](auto done) { store.write(key, QStringLiteral("rotated"), this, done); }).ok());
        QCOMPARE(await<QString>([&](auto done) { store.read(key, this, done); }).value(), QStringLiteral("rotated"));
        QVERIFY(await<void>([&](auto done) { store.remove(key, this, done); }).ok());
        auto gone = await<QString>([&](auto done) { store.read(key, this, done); });
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().kind, Error::Kind::NotFound);
        // Another service name does not see the entries of this one.
        QVERIFY(await<void>([&](auto done) { store.write(key, QStringLiteral("x"), this, done); }).ok());
        CredentialStore other(QStringLiteral("SomeoneElse"));
        QCOMPARE(await<QString>([&](auto done) { other.read(key, this, done); }).error().kind, Error::Kind::NotFound);
        QVERIFY(await<void>([&](auto done) { store.remove(key, this, done); }).ok());
    }

    void withoutKeychainSaysSoAndStoresNothing()
    {
        if (!noKeychain())
            QSKIP("runs with COSMICDESK_EXPECT_NO_KEYCHAIN and no D-Bus session");
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        CredentialStore store(QStringLiteral("CosmicDeskTest"));
        auto probe = await<void>([&](auto done) { store.probe(this, done); });
        QVERIFY(!probe.ok());
        QCOMPARE(probe.error().kind, Error::Kind::Config);
        auto w =
            await<void>([&](auto done) { store.write(QStringLiteral("zendesk:a@b.c"), QStringLiteral("plaintext-canary"), this, done); });
        QVERIFY(!w.ok());
        QVERIFY2(w.error().message.contains(u"keychain"), qPrintable(w.error().message));
        // No plaintext fallback anywhere under the (test-mode) config folder.
        QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("plaintext-canary"), qPrintable(f.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(CredentialStoreTest)
#include "credentialstore_test.moc"
