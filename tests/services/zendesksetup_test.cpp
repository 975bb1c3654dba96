// Setting up the Zendesk account: an address that would expose the credentials (plain http to
// another machine, a user name or password in it) is refused by Test and by Save, and nothing is
// saved; the sandbox on 127.0.0.1 (plain http on this machine) is accepted.
#include <connectors/auth.h>
#include <connectors/credentialstore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/zendesksetup.h>
#include <support/memorysettings.h>

#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class ZendeskSetupTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    testsupport::MemorySettings settings;
    connectors::CredentialStore credentials{QStringLiteral("CosmicDesk-test")};
    int clientsMade = 0;
    services::ZendeskSetup setup{credentials, settings, [this](const connectors::ZendeskAccount &a, const QString &token) {
                                     ++clientsMade;
                                     connectors::RestClient::Options o;
                                     o.baseUrl = a.baseUrl;
                                     o.maxAttempts = 1;
                                     return std::make_unique<connectors::ZendeskClient>(
                                         o, std::make_shared<connectors::ZendeskTokenAuth>(a.email, token));
                                 }};

    connectors::ZendeskAccount account(const QString &url) const
    {
        connectors::ZendeskAccount a;
        a.baseUrl = QUrl(url);
        a.email = zendesk->options().agentEmail;
        return a;
    }
    models::Result<connectors::ZendeskMe> test(const QString &url)
    {
        std::optional<models::Result<connectors::ZendeskMe>> out;
        setup.test(account(url), zendesk->options().apiToken, this, [&](models::Result<connectors::ZendeskMe> r) { out = std::move(r); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
            return models::Error::make(models::Error::Kind::Cancelled, QStringLiteral("no answer"));
        return *out;
    }
    models::Result<void> save(const QString &url)
    {
        std::optional<models::Result<void>> out;
        setup.save(account(url), zendesk->options().apiToken, this, [&](models::Result<void> r) { out = std::move(r); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
            return models::Error::make(models::Error::Kind::Cancelled, QStringLiteral("no answer"));
        return *out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        server = std::make_unique<sandbox::HttpSandbox>(3);
        QVERIFY(server->start() != 0);
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server);
    }

    void plainHttpOnThisMachineIsAccepted()
    {
        const auto r = test(server->baseUrl());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    }

    void exposingAddressesAreRefusedBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("url");
        // Never contacted: the refusal comes before any connection is made.
        QTest::newRow("plain http elsewhere") << QStringLiteral("http://acme.zendesk.com");
        QTest::newRow("user and password") << QStringLiteral("http://agent:hunter2@127.0.0.1:%1").arg(server->port());
        QTest::newRow("https with user and password") << QStringLiteral("https://agent:hunter2@acme.zendesk.com");
    }

    void exposingAddressesAreRefusedBeforeAnyRequest()
    {
        QFETCH(QString, url);
        server->clearReceived();
        clientsMade = 0;
        const auto r = test(url);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, models::Error::Kind::Config);
        QVERIFY(!r.error().message.contains(u"hunter2"));
        QCOMPARE(clientsMade, 0);
        QVERIFY(server->received().empty());
    }

    void exposingAddressesAreNeverSaved_data() { exposingAddressesAreRefusedBeforeAnyRequest_data(); }

    void exposingAddressesAreNeverSaved()
    {
        QFETCH(QString, url);
        settings.saves = 0;
        const auto r = save(url);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, models::Error::Kind::Config);
        QCOMPARE(settings.saves, 0);
        QVERIFY(!settings.zendesk.baseUrl.isValid());
    }
};

QTEST_GUILESS_MAIN(ZendeskSetupTest)
#include "zendesksetup_test.moc"
