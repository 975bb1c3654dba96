#include <models/ticketstore.h>
#include <support/clirunner.h>

#include <support/testworkspace.h>

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using cosmicdesk::testsupport::fileBytes;

using cosmicdesk::testsupport::Run;
using cosmicdesk::testsupport::runCli;

class CliTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;

private Q_SLOTS:
    void versionAndHelp_exitZero()
    {
        Run r = runCli({QStringLiteral("--version")}, m_home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("cosmicdesk ")));
        r = runCli({QStringLiteral("--help")}, m_home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("demo-data")));
        r = runCli({QStringLiteral("demo-data"), QStringLiteral("--help")}, m_home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--tickets")));
    }

    void badUsage_exitsTwoWithAMessage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("Unknown option");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("teleport")} << QStringLiteral("unknown command");
        QTest::newRow("missing workspace") << QStringList{QStringLiteral("--workspace"), QStringLiteral("/nonexistent/x.cosmicdesk")}
                                           << QStringLiteral("no workspace");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("a.png"), QStringLiteral("--size"),
                                                 QStringLiteral("huge")}
                                  << QStringLiteral("--size");
        QTest::newRow("unknown screenshot view")
            << QStringList{QStringLiteral("--screenshot"), QStringLiteral("a.png"), QStringLiteral("--view"), QStringLiteral("everything")}
            << QStringLiteral("--view takes one of: main, monitor, audit");
        QTest::newRow("view without screenshot")
            << QStringList{QStringLiteral("--view"), QStringLiteral("monitor")} << QStringLiteral("--view goes with --screenshot");
        QTest::newRow("demo-data without out") << QStringList{QStringLiteral("demo-data")} << QStringLiteral("--out");
        QTest::newRow("demo-data bad count") << QStringList{QStringLiteral("demo-data"), QStringLiteral("--out"), QStringLiteral("x"),
                                                            QStringLiteral("--tickets"), QStringLiteral("-5")}
                                             << QStringLiteral("--tickets");
        QTest::newRow("demo-data bad time") << QStringList{QStringLiteral("demo-data"), QStringLiteral("--out"), QStringLiteral("x"),
                                                           QStringLiteral("--now"), QStringLiteral("yesterday")}
                                            << QStringLiteral("--now");
        QTest::newRow("bench unknown") << QStringList{QStringLiteral("bench"), QStringLiteral("warp")}
                                       << QStringLiteral("unknown benchmark");
        QTest::newRow("bench bad count") << QStringList{QStringLiteral("bench"), QStringLiteral("queue"), QStringLiteral("--tickets"),
                                                        QStringLiteral("lots")}
                                         << QStringLiteral("--tickets");
    }
    void badUsage_exitsTwoWithAMessage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runCli(args, m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void demoData_isDeterministic_andNeverOverwritesSilently()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.cosmicdesk")), b = dir.filePath(QStringLiteral("b.cosmicdesk"));
        const QStringList common{QStringLiteral("--tickets"), QStringLiteral("300"),   QStringLiteral("--seed"),
                                 QStringLiteral("9"),         QStringLiteral("--now"), QStringLiteral("2026-11-22T09:00:00Z"),
                                 QStringLiteral("--quiet")};
        Run r = runCli(QStringList{QStringLiteral("demo-data"), QStringLiteral("--out"), a} + common, m_home.path());
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("300 tickets")));
        r = runCli(QStringList{QStringLiteral("demo-data"), QStringLiteral("--out"), b} + common, m_home.path());
        QCOMPARE(r.code, 0);
        QCOMPARE(fileBytes(a), fileBytes(b));
        // An existing file is kept unless --force.
        const QByteArray before = fileBytes(a);
        r = runCli(QStringList{QStringLiteral("demo-data"), QStringLiteral("--out"), a, QStringLiteral("--seed"), QStringLiteral("10")},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QCOMPARE(fileBytes(a), before);
    }

    void screenshot_savesAPopulatedWindow()
    {
        QTemporaryDir dir;
        cosmicdesk::testsupport::TestWorkspace ws(400);
        QVERIFY(ws.isValid());
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        const Run r = runCli({QStringLiteral("--workspace"), ws.path(), QStringLiteral("--screenshot"), png, QStringLiteral("--size"),
                              QStringLiteral("1200x800")},
                             m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1200, 800));
        // A populated queue paints many distinct colours (badges, text); a blank window does not.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void screenshot_ofTheMonitor_showsTheChangesItMade()
    {
        // Offline (--workspace) nothing is sent: the monitor lists the changes the view made, waiting.
        QTemporaryDir dir;
        cosmicdesk::testsupport::TestWorkspace ws(200);
        QVERIFY(ws.isValid());
        const QString png = dir.filePath(QStringLiteral("monitor.png"));
        const Run r = runCli({QStringLiteral("--workspace"), ws.path(), QStringLiteral("--screenshot"), png, QStringLiteral("--view"),
                              QStringLiteral("monitor")},
                             m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1180, 640)); // the dialog, not the window
        auto store = cosmicdesk::models::TicketStore::open(ws.path());
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 0")) && q.next());
        QCOMPARE(q.value(0).toInt(), 7);
    }

    void screenshot_ofAnEmptyWorkspace_isTakenWhenTheEmptyQueueShows()
    {
        QTemporaryDir dir;
        const QString empty = dir.filePath(QStringLiteral("empty.cosmicdesk"));
        QVERIFY(cosmicdesk::models::TicketStore::open(empty).ok()); // a workspace without a ticket
        const QString png = dir.filePath(QStringLiteral("empty.png"));
        QElapsedTimer clock;
        clock.start();
        const Run r = runCli({QStringLiteral("--workspace"), empty, QStringLiteral("--screenshot"), png}, m_home.path(), 60000);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QImage(png).width() > 0);
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed()))); // not the 120 s watchdog
    }

    void screenshot_ofAGarbageWorkspace_failsCleanly()
    {
        QTemporaryDir dir;
        const QString bogus = dir.filePath(QStringLiteral("bogus.cosmicdesk"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        const Run r = runCli({QStringLiteral("--workspace"), bogus, QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("s.png"))},
                             m_home.path());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not a CosmicDesk workspace")), qPrintable(r.err));
        QCOMPARE(fileBytes(bogus), QByteArray(4096, 'x'));
    }

    void benchQueue_json_hasTheAgreedKeys()
    {
        cosmicdesk::testsupport::TestWorkspace ws(500);
        const Run r =
            runCli({QStringLiteral("bench"), QStringLiteral("queue"), QStringLiteral("--workspace"), ws.path(), QStringLiteral("--json")},
                   m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        for (const char *key : {"open_ms", "sort_ms", "filter_p50_ms", "filter_p95_ms", "rss_mb"})
            QVERIFY2(o.value(QLatin1String(key)).toDouble() > 0, key);
        QCOMPARE(o.value(QStringLiteral("tickets")).toInt(), 500);
        QCOMPARE(o.value(QStringLiteral("filter_strings")).toInt(), 50);
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "cli_test.moc"
