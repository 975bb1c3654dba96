// File → Customer systems…: secrets are password fields that never show a saved value, the
// addresses come from the settings, and Test answers per system (nothing configured says so).
#include <connectors/credentialstore.h>
#include <connectors/customersources.h>
#include <services/customersystemssetup.h>
#include <support/memorysettings.h>
#include <ui/customersystemsdialog.h>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class CustomerSystemsDialogTest : public QObject
{
    Q_OBJECT

    testsupport::MemorySettings settings;
    connectors::CredentialStore credentials{QStringLiteral("CosmicDesk-test")};
    services::CustomerSystemsSetup setup{credentials, settings, &connectors::buildCustomerSources};

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void secretsAreHiddenAndSettingsShown()
    {
        models::CustomerSystemsConfig s;
        s.salesforceUrl = QStringLiteral("https://acme.my.salesforce.com");
        s.ordersHost = QStringLiteral("cosmic.abc123.ap-southeast-1.rds.amazonaws.com");
        settings.customers = s;
        ui::CustomerSystemsDialog dialog(setup);
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("salesforceUrl"))->text(), s.salesforceUrl);
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("ordersHost"))->text(), s.ordersHost);
        for (const QString &name : models::CustomerSystemsConfig::secretNames()) {
            auto *edit = dialog.findChild<QLineEdit *>(name);
            QVERIFY2(edit, qPrintable(name));
            QCOMPARE(edit->echoMode(), QLineEdit::Password);
            QVERIFY(edit->text().isEmpty());
        }
    }

    void testWithNothingConfiguredSaysSo()
    {
        settings.customers = {};
        ui::CustomerSystemsDialog dialog(setup);
        for (const char *name : {"stripeUrl", "dhlUrl"})
            dialog.findChild<QLineEdit *>(QLatin1String(name))->clear();
        QPushButton *test = nullptr;
        for (auto *b : dialog.findChildren<QPushButton *>())
            if (b->text().contains(u"Test"))
                test = b;
        QVERIFY(test);
        test->click();
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("testResult"));
        QVERIFY(QTest::qWaitFor([&] { return result->text().contains(u"Nothing is configured"); }, 15000));
    }
};

QTEST_MAIN(CustomerSystemsDialogTest)
#include "customersystemsdialog_test.moc"
