// The agent's saved views in the workspace: the filter survives its JSON, the built-in views are
// written once, and add / rename / reorder / remove change only what they name.
#include <models/savedviews.h>
#include <models/ticketstore.h>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk::models;

namespace {

SavedView view(const QString &name, quint8 priorities, bool mine = false)
{
    SavedView v;
    v.name = name;
    v.filter.filter.priorityMask = priorities;
    v.filter.mine = mine;
    return v;
}

QStringList names(const std::vector<SavedView> &views)
{
    QStringList out;
    for (const auto &v : views)
        out << v.name;
    return out;
}

} // namespace

class SavedViewsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filter_roundTripsThroughItsJson()
    {
        SavedFilter f;
        f.filter.text = QStringLiteral("refund \"double\" é");
        f.filter.priorityMask = 0b10011;
        f.filter.statusMask = QueueFilter::activeStatuses();
        f.filter.teams = {QStringLiteral("Billing & Payments")};
        f.filter.flags = QueueFilter::SlaAtRisk | QueueFilter::Unassigned;
        f.mine = true;
        const SavedFilter back = SavedFilter::fromJson(f.toJson());
        QCOMPARE(back, f);
        QCOMPARE(SavedFilter::fromJson(SavedFilter().toJson()), SavedFilter()); // "everything" stays everything
    }

    void damagedJson_fallsBackToAny()
    {
        QCOMPARE(SavedFilter::fromJson(QStringLiteral("{not json")), SavedFilter());
        const SavedFilter odd = SavedFilter::fromJson(QStringLiteral(R"({"priorities":4095,"statuses":-1,"teams":[1,"Ops"],"flags":"x"})"));
        QCOMPARE(odd.filter.priorityMask, quint8(0x1F)); // only the bits a filter has
        QCOMPARE(odd.filter.statusMask, quint8(0x7F));
        QCOMPARE(odd.filter.teams, QStringList{QStringLiteral("Ops")});
        QCOMPARE(odd.filter.flags, 0u);
        QVERIFY(!odd.mine);
    }

    void builtIns_areWrittenOnce_andChangesPersist()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.cosmicdesk"));
        const std::vector<SavedView> defaults{view(QStringLiteral("Open"), 0), view(QStringLiteral("Urgent"), 0b11),
                                              view(QStringLiteral("Mine"), 0, true)};
        qint64 urgent = 0, open = 0, added = 0;
        {
            auto store = TicketStore::open(path);
            QVERIFY(store.ok());
            SavedViewStore views(store.value()->db());
            auto first = views.list(defaults);
            QVERIFY(first.ok());
            QCOMPARE(names(first.value()), (QStringList{QStringLiteral("Open"), QStringLiteral("Urgent"), QStringLiteral("Mine")}));
            QVERIFY(first.value()[2].filter.mine);
            open = first.value()[0].id;
            urgent = first.value()[1].id;
            auto again = views.list(defaults);
            QCOMPARE(again.value().size(), std::size_t(3)); // not written twice

            SavedFilter p3;
            p3.filter.priorityMask = 0b1000;
            auto id = views.add(QStringLiteral("Low"), p3);
            QVERIFY(id.ok());
            added = id.value();
            QVERIFY(views.rename(added, QStringLiteral("Low priority")).value());
            QVERIFY(!views.rename(987654, QStringLiteral("nobody")).value());
            QVERIFY(views.reorder({added, urgent}).ok());
            QVERIFY(views.remove(open).value());
            QVERIFY(!views.remove(open).value());
        }
        auto store = TicketStore::open(path);
        QVERIFY(store.ok());
        SavedViewStore views(store.value()->db());
        auto after = views.list(defaults);
        QVERIFY(after.ok());
        QCOMPARE(names(after.value()), (QStringList{QStringLiteral("Low priority"), QStringLiteral("Urgent"), QStringLiteral("Mine")}));
        QCOMPARE(after.value()[0].filter.filter.priorityMask, quint8(0b1000));
        // Every view deleted: the built-in ones do not come back by themselves.
        for (const auto &v : after.value())
            QVERIFY(views.remove(v.id).value());
        QVERIFY(views.list(defaults).value().empty());
    }
};

QTEST_MAIN(SavedViewsTest)
#include "savedviews_test.moc"
