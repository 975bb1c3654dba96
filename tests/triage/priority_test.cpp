#include <triage/priority.h>

#include <QTest>

using namespace cosmicdesk::triage;

class PriorityTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_acceptsOurAndZendeskSpellings()
    {
        QCOMPARE(parsePriority("P0"), Priority::P0);
        QCOMPARE(parsePriority(" p2 "), Priority::P2);
        QCOMPARE(parsePriority("urgent"), Priority::P0);
        QCOMPARE(parsePriority("high"), Priority::P1);
        QCOMPARE(parsePriority("normal"), Priority::P2);
        QCOMPARE(parsePriority("Low"), Priority::P3);
        QVERIFY(!parsePriority("P4").has_value());
        QVERIFY(!parsePriority("").has_value());
    }
    void zendeskMapping_roundTrips()
    {
        for (Priority p : kAllPriorities)
            QCOMPARE(fromZendeskPriority(zendeskPriority(p)), p);
        QCOMPARE(zendeskPriority(Priority::P0), std::string_view("urgent"));
    }
};

QTEST_APPLESS_MAIN(PriorityTest)
#include "priority_test.moc"
