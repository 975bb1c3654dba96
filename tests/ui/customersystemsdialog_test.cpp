// File → Customer systems…: secrets are password fields that never show a saved value, the
// addresses come from the settings, and Test answers per system (nothing configured says so).
#include <app/customersystems.h>
#include <ui/customersystemsdialog.h>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

using namespace cosmicdesk;

class CustomerSystemsDialogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CosmicDeskTest"));
        QCoreApplication::setApplicationName(QStringLiteral("CustomerSystemsDialogTest"));
        QSettings().clear();
    }

    void secretsAreHiddenAndSettingsShown()
    {
        app::CustomerSystemsSettings s;
        s.salesforceUrl = QStringLiteral("https://acme.my.salesforce.com");
        s.ordersHost = QStringLiteral("cosmic.abc123.ap-southeast-1.rds.amazonaws.com");
        s.save();
        ui::CustomerSystemsDialog dialog;
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("salesforceUrl"))->text(), s.salesforceUrl);
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("ordersHost"))->text(), s.ordersHost);
        for (const QString &name : app::CustomerSystemsSettings::secretNames()) {
            auto *edit = dialog.findChild<QLineEdit *>(name);
            QVERIFY2(edit, qPrintable(name));
            QCOMPARE(edit->echoMode(), QLineEdit::Password);
            QVERIFY(edit->text().isEmpty());
        }
        // Nothing secret in the settings file.
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(!key.contains(u"secret") && !key.contains(u"password") && !key.endsWith(u"_key"), qPrintable(key));
    }

    void testWithNothingConfiguredSaysSo()
    {
        QSettings().clear();
        ui::CustomerSystemsDialog dialog;
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
