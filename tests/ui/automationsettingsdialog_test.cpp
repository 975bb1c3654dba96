// File → Automation settings…: the settings round-trip through the dialog, secrets are password
// fields that never show a saved value and an empty one keeps it (the real keychain), a setting
// that cannot work is refused by name with its field focused and nothing saved, and the demo says
// its automation runs against the sandbox.
#include <connectors/credentialstore.h>
#include <services/automationsetup.h>
#include <support/memorysettings.h>
#include <ui/automationsettingsdialog.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace cosmicdesk;

class AutomationSettingsDialogTest : public QObject
{
    Q_OBJECT

    testsupport::MemorySettings settings;
    connectors::CredentialStore credentials{QStringLiteral("CosmicDesk-test")};
    services::AutomationSetup setup{credentials, settings};

    template <typename W = QLineEdit> static W *child(QWidget &dialog, const char *name)
    {
        auto *w = dialog.findChild<W *>(QLatin1String(name));
        if (!w)
            qWarning("no %s", name);
        return w;
    }

    models::Secrets savedSecrets()
    {
        std::optional<models::Result<models::Secrets>> read;
        setup.readSecrets(this, [&](models::Result<models::Secrets> r) { read = r; });
        [&] { QVERIFY(QTest::qWaitFor([&] { return read.has_value(); }, 20000)); }();
        return read && read->ok() ? read->value() : models::Secrets();
    }

    static models::AutomationConfig configured()
    {
        models::AutomationConfig c;
        c.rdsEnabled = true;
        c.rdsHost = QStringLiteral("cosmic.abc123.eu-west-1.rds.amazonaws.com");
        c.rdsPort = 3307;
        c.rdsDatabase = QStringLiteral("lake");
        c.rdsUser = QStringLiteral("loader");
        c.rdsConnectOptions = QStringLiteral("SSL_CA=/etc/cosmicdesk/rds-global-bundle.pem");
        c.snowflakeEnabled = false;
        c.snowflakeAccount = QStringLiteral("acme-lake");
        c.alertEmail = true;
        c.salesEmail = QStringLiteral("sales@acme.example");
        c.guardianFallbackEmail = QStringLiteral("cs-leads@acme.example");
        c.opportunityAlerts = false;
        c.guardianMinimumLevel = 3;
        c.alertCapPerHour = 12;
        return c;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void fieldsRoundTrip_andSecretsStayHidden()
    {
        settings.automationConfig = configured();
        settings.saves = 0;
        ui::AutomationSettingsDialog dialog(setup, false);
        QCOMPARE(child(dialog, "rdsHost")->text(), settings.automationConfig.rdsHost);
        QCOMPARE(child<QSpinBox>(dialog, "rdsPort")->value(), 3307);
        QVERIFY(child<QGroupBox>(dialog, "rdsEnabled")->isChecked());
        QVERIFY(!child<QGroupBox>(dialog, "snowflakeEnabled")->isChecked());
        QVERIFY(child<QGroupBox>(dialog, "alertEmail")->isChecked());
        QCOMPARE(child(dialog, "salesEmail")->text(), settings.automationConfig.salesEmail);
        QVERIFY(!child<QCheckBox>(dialog, "opportunityAlerts")->isChecked());
        QCOMPARE(child<QComboBox>(dialog, "guardianMinimumLevel")->currentData().toInt(), 3);
        QCOMPARE(child<QSpinBox>(dialog, "alertCapPerHour")->value(), 12);
        for (const char *secret : {"rds_password", "sendgrid_key", "slack_webhook_url"}) {
            QLineEdit *edit = child(dialog, secret);
            QVERIFY2(edit, secret);
            QCOMPARE(edit->echoMode(), QLineEdit::Password);
            QVERIFY(edit->text().isEmpty());
        }
        QVERIFY(!child<QLabel>(dialog, "intro")->text().contains(u"demo"));
        // Tab goes down the page: host, port, database, …; the key file's Browse after the file.
        QCOMPARE(child(dialog, "rdsHost")->nextInFocusChain(), child<QSpinBox>(dialog, "rdsPort"));
        auto *port = child<QSpinBox>(dialog, "rdsPort");
        QWidget *afterPort = port->nextInFocusChain();
        while (afterPort && (afterPort->focusPolicy() == Qt::NoFocus || port->isAncestorOf(afterPort)))
            afterPort = afterPort->nextInFocusChain();
        QCOMPARE(afterPort, child(dialog, "rdsDatabase"));

        // Changed in the dialog, saved as changed; what was not touched stays.
        child(dialog, "rdsDatabase")->setText(QStringLiteral("lake2"));
        child<QSpinBox>(dialog, "rdsPort")->setValue(3308);
        child<QGroupBox>(dialog, "alertSlack")->setChecked(true);
        child(dialog, "slackChannel")->setText(QStringLiteral("#kam-alerts"));
        child<QCheckBox>(dialog, "opportunityAlerts")->setChecked(true);
        child<QPushButton>(dialog, "saveButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        const models::AutomationConfig &s = settings.automationConfig;
        QCOMPARE(s.rdsDatabase, QStringLiteral("lake2"));
        QCOMPARE(s.rdsPort, 3308);
        QCOMPARE(s.rdsHost, configured().rdsHost);
        QVERIFY(s.alertSlack && s.opportunityAlerts && s.alertEmail && s.rdsEnabled && !s.snowflakeEnabled);
        QCOMPARE(s.slackChannel, QStringLiteral("#kam-alerts"));
        QCOMPARE(s.guardianMinimumLevel, 3);
        QCOMPARE(s.alertCapPerHour, 12);
        QCOMPARE(s.snowflakeAccount, QStringLiteral("acme-lake"));
        QCOMPARE(settings.saves, 1);
    }

    void emptySecretField_keepsTheSavedOne()
    {
        settings.automationConfig = configured();
        const QString first = QStringLiteral("pw-%1").arg(QDateTime::currentMSecsSinceEpoch());
        {
            ui::AutomationSettingsDialog dialog(setup, false);
            child(dialog, "rds_password")->setText(first);
            child(dialog, "sendgrid_key")->setText(QStringLiteral("SG.first"));
            child<QPushButton>(dialog, "saveButton")->click();
            QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        }
        QCOMPARE(savedSecrets().value(QStringLiteral("rds_password")), first);
        {
            ui::AutomationSettingsDialog dialog(setup, false);
            QVERIFY(child(dialog, "rds_password")->text().isEmpty()); // never shown
            child(dialog, "sendgrid_key")->setText(QStringLiteral("SG.second"));
            child<QPushButton>(dialog, "saveButton")->click();
            QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 20000);
        }
        const models::Secrets secrets = savedSecrets();
        QCOMPARE(secrets.value(QStringLiteral("rds_password")), first);
        QCOMPARE(secrets.value(QStringLiteral("sendgrid_key")), QStringLiteral("SG.second"));
    }

    void badField_isRefusedByName_focused_andNothingSaved()
    {
        settings.automationConfig = configured();
        settings.saves = 0;
        ui::AutomationSettingsDialog dialog(setup, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child(dialog, "salesEmail")->setText(QStringLiteral("sales.acme.example"));
        child<QPushButton>(dialog, "saveButton")->click();
        auto *result = child<QLabel>(dialog, "testResult");
        QVERIFY2(result->text().contains(u"Sales address"), qPrintable(result->text()));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.focusWidget(), child(dialog, "salesEmail"));
        QCOMPARE(settings.saves, 0);

        // A key file that is not there, in a group that was switched off: switched on to show it.
        child(dialog, "salesEmail")->setText(QStringLiteral("sales@acme.example"));
        child<QComboBox>(dialog, "snowflakeKeySource")->setCurrentIndex(0);
        child(dialog, "snowflakeKeyFile")->setText(QStringLiteral("/nonexistent/snowflake_key.p8"));
        child<QPushButton>(dialog, "saveButton")->click();
        QVERIFY2(result->text().contains(u"Snowflake key file"), qPrintable(result->text()));
        QCOMPARE(dialog.focusWidget(), child(dialog, "snowflakeKeyFile"));
        QCOMPARE(settings.saves, 0);
    }

    void keyForTheKeychain_isReadFromAFile_andNeverShown()
    {
        settings.automationConfig = configured();
        ui::AutomationSettingsDialog dialog(setup, false);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("k.pem")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        f.close();
        QVERIFY(dialog.importKeyFile(f.fileName()));
        QCOMPARE(child<QComboBox>(dialog, "snowflakeKeySource")->currentIndex(), 1);
        QVERIFY(!dialog.importKeyFile(dir.filePath(QStringLiteral("missing.pem"))));
        QVERIFY(child<QLabel>(dialog, "keyNote")->text().contains(u"cannot be read"));
        // The imported public key is no private key: refused by name.
        child<QPushButton>(dialog, "saveButton")->click();
        QVERIFY2(child<QLabel>(dialog, "testResult")->text().contains(u"Snowflake private key"),
                 qPrintable(child<QLabel>(dialog, "testResult")->text()));
    }

    void demo_saysItsAutomationRunsAgainstTheSandbox()
    {
        settings.automationConfig = {};
        ui::AutomationSettingsDialog dialog(setup, true);
        QVERIFY(child<QLabel>(dialog, "intro")->text().contains(u"sandbox"));
        QPushButton *test = child<QPushButton>(dialog, "testButton");
        test->click();
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(dialog, "testResult")->text().contains(u"Neither RDS nor Snowflake"), 15000);
    }
};

QTEST_MAIN(AutomationSettingsDialogTest)
#include "automationsettingsdialog_test.moc"
