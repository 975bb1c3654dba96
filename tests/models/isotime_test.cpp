// One ISO 8601 reader for every system's time stamps (Zendesk, Salesforce, the carriers, exports).
#include <models/isotime.h>

#include <QTest>

using cosmicdesk::models::parseIsoTime;

class IsoTimeTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFormsTheSystemsWrite_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("secs");
        const qint64 t = 1714637643; // 2024-05-02T08:14:03Z
        QTest::newRow("zendesk") << QStringLiteral("2024-05-02T08:14:03Z") << t;
        QTest::newRow("offset") << QStringLiteral("2024-05-02T10:14:03+02:00") << t;
        QTest::newRow("salesforce") << QStringLiteral("2024-05-02T08:14:03.000+0000") << t;
        QTest::newRow("fraction") << QStringLiteral("2024-05-02T08:14:03.250Z") << t;
        QTest::newRow("carrier, no offset") << QStringLiteral("2024-05-02T08:14:03") << t;
        QTest::newRow("export, space") << QStringLiteral("2024-05-02 08:14:03") << t;
        QTest::newRow("export, minutes") << QStringLiteral("2024-05-02 08:14") << t - 3;
        QTest::newRow("date") << QStringLiteral("2024-05-02") << qint64(1714608000);
        QTest::newRow("blank") << QStringLiteral("  ") << qint64(0);
        QTest::newRow("words") << QStringLiteral("yesterday") << qint64(0);
        QTest::newRow("not a day") << QStringLiteral("2024-02-30T08:14:03Z") << qint64(0);
        QTest::newRow("hour 25") << QStringLiteral("2024-05-02T25:14:03Z") << qint64(0);
    }
    void theFormsTheSystemsWrite()
    {
        QFETCH(QString, text);
        QFETCH(qint64, secs);
        QCOMPARE(parseIsoTime(QStringView(text)), secs);
        const QByteArray utf8 = text.toUtf8();
        QCOMPARE(parseIsoTime(std::string_view(utf8.constData(), std::size_t(utf8.size()))), secs);
    }
};

QTEST_APPLESS_MAIN(IsoTimeTest)
#include "isotime_test.moc"
