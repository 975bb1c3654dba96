// The Zendesk account dialog against the sandbox over real HTTP: "Test connection" tells in plain
// words who the credentials belong to, or why they do not work.
#include <connectors/auth.h>
#include <connectors/credentialstore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/zendesksetup.h>
#include <support/memorysettings.h>
#include <ui/connectorsettingsdialog.h>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class ConnectorSettingsDialogTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    testsupport::MemorySettings settings;
    connectors::CredentialStore credentials{QStringLiteral("CosmicDesk-test")};
    services::ZendeskSetup setup{credentials, settings, [](const connectors::ZendeskAccount &a, const QString &token) {
                                     connectors::RestClient::Options o;
                                     o.baseUrl = a.baseUrl;
                                     o.timeout = std::chrono::seconds(15);
                                     o.maxAttempts = 2;
                                     return std::make_unique<connectors::ZendeskClient>(
                                         o, std::make_shared<connectors::ZendeskTokenAuth>(a.email, token));
                                 }};

    QString testWith(const QString &url, const QString &email, const QString &token)
    {
        ui::ConnectorSettingsDialog dialog(setup);
        dialog.findChild<QLineEdit *>(QStringLiteral("zendeskUrl"))->setText(url);
        dialog.findChild<QLineEdit *>(QStringLiteral("zendeskEmail"))->setText(email);
        dialog.findChild<QLineEdit *>(QStringLiteral("zendeskToken"))->setText(token);
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("testResult"));
        QPushButton *test = nullptr;
        for (auto *b : dialog.findChildren<QPushButton *>())
            if (b->text().contains(u"Test"))
                test = b;
        if (!test)
            return QStringLiteral("no Test button");
        test->click();
        if (!QTest::qWaitFor([&] { return result->text().startsWith(u"✔") || result->text().startsWith(u"✘"); }, 20000))
            return QStringLiteral("no answer: ") + result->text();
        return result->text();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        server = std::make_unique<sandbox::HttpSandbox>(3);
        QVERIFY(server->start() != 0);
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server);
    }

    void rightCredentialsNameTheUserAndRole()
    {
        const QString text = testWith(server->baseUrl(), zendesk->options().agentEmail, zendesk->options().apiToken);
        QVERIFY2(text.startsWith(u"✔ Connected to 127.0.0.1"), qPrintable(text));
        QVERIFY2(text.contains(u"administrator") && text.contains(u"supervisor overview"), qPrintable(text));
    }

    void wrongTokenSaysSo()
    {
        const QString text = testWith(server->baseUrl(), zendesk->options().agentEmail, QStringLiteral("wrong"));
        QVERIFY2(text.contains(u"did not accept the e-mail and API token"), qPrintable(text));
    }

    void unreachableAddressSaysSo()
    {
        const QString text = testWith(QStringLiteral("http://127.0.0.1:1"), QStringLiteral("a@b.c"), QStringLiteral("t"));
        QVERIFY2(text.contains(u"Could not reach"), qPrintable(text));
    }

    void missingFieldsAreAskedFor()
    {
        const QString text = testWith(QString(), QString(), QString());
        QVERIFY2(text.contains(u"Enter the Zendesk address"), qPrintable(text));
    }
};

QTEST_MAIN(ConnectorSettingsDialogTest)
#include "connectorsettingsdialog_test.moc"
