// The facts a drafted reply is filled with, from the customer view: which order, which charge,
// which shipment, and how they read.
#include <models/customercache.h>
#include <models/customerjson.h>
#include <models/draftfacts.h>
#include <models/ticketstore.h>

#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk::models;

namespace {

constexpr qint64 kDay = 86400, kT = 1'790'000'000;

DraftFactsInput world()
{
    DraftFactsInput in;
    Order older{101100,
                QStringLiteral("delivered"),
                QStringLiteral("sgd"),
                QStringLiteral("dhl"),
                QStringLiteral("JD014600006281"),
                {},
                4200,
                kT - 40 * kDay,
                {}};
    Order latest{102128,
                 QStringLiteral("shipped"),
                 QStringLiteral("sgd"),
                 QStringLiteral("ninjavan"),
                 QStringLiteral("NVSGCDX0000123"),
                 {},
                 18550,
                 kT - 5 * kDay,
                 {}};
    in.orders = {latest, older};
    Shipment s;
    s.carrier = QStringLiteral("ninjavan");
    s.trackingNumber = QStringLiteral("NVSGCDX0000123");
    s.status = ShipmentStatus::OutForDelivery;
    TrackingEvent e;
    e.description = QStringLiteral("Out for delivery");
    e.location = QStringLiteral("Singapore");
    e.at = kT - kDay;
    s.events = {e};
    in.shipments = {s};
    Charge c;
    c.id = QStringLiteral("ch_1");
    c.amount = 18550;
    c.currency = QStringLiteral("sgd");
    c.created = kT - 5 * kDay;
    c.orderId = QStringLiteral("102128");
    Refund r;
    r.amount = 18550;
    r.status = QStringLiteral("succeeded");
    r.created = kT - 2 * kDay;
    c.refunds = {r};
    Charge other = c;
    other.id = QStringLiteral("ch_0");
    other.amount = 4200;
    other.orderId = QStringLiteral("101100");
    other.refunds.clear();
    other.created = kT - 40 * kDay;
    in.charges = {c, other};
    in.ticketCreated = kT;
    return in;
}

} // namespace

class DraftFactsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theLatestOrder_itsShipment_andItsCharge()
    {
        DraftFactsInput in = world();
        in.ticketText = QStringLiteral("Where is my parcel?");
        const auto f = draftFacts(in);
        QCOMPARE(f.at("order_number"), std::string("102128"));
        QCOMPARE(f.at("tracking_number"), std::string("NVSGCDX0000123"));
        QCOMPARE(f.at("tracking_status"), std::string("out for delivery"));
        QVERIFY(f.at("last_carrier_event").find("Out for delivery, Singapore") == 0);
        QCOMPARE(f.at("charge_amount"), std::string("SGD 185.50"));
        QVERIFY2(f.at("refund_status").find("a refund of SGD 185.50 was issued on") == 0, f.at("refund_status").c_str());
    }

    void theOrderTheTicketNames_andTheChargeItsAmountPointsTo()
    {
        DraftFactsInput in = world();
        in.ticketText = QStringLiteral("About order 101100: you charged me $42.00 and I want it back");
        const auto f = draftFacts(in);
        QCOMPARE(f.at("order_number"), std::string("101100"));
        QCOMPARE(f.at("carrier"), std::string("DHL"));
        QCOMPARE(f.count("tracking_status"), std::size_t(0)); // no shipment known for it
        QCOMPARE(f.at("charge_amount"), std::string("SGD 42.00"));
        QCOMPARE(f.at("refund_status"), std::string("no refund has been issued yet"));
    }

    // The ticket is about an order the customer view does not list: the reply must not speak of
    // another one (the demo's draft answered "order 102127" to a ticket about 102128).
    void anOrderTheViewDoesNotKnow_isNotSwappedForTheLatest()
    {
        DraftFactsInput in = world();
        for (const QString &text : {QStringLiteral("The refund for order 109999 never arrived"),
                                    QStringLiteral("Mi pedido #109999 no ha llegado"), QStringLiteral("Order no. 109999 is late")}) {
            in.ticketText = text;
            const auto f = draftFacts(in);
            QVERIFY2(f.count("order_number") == 0 && f.count("tracking_status") == 0, qPrintable(text));
        }
        in.ticketText = QStringLiteral("I paid 1999 dollars in 2026 and want it back"); // numbers, no order named
        QCOMPARE(draftFacts(in).at("order_number"), std::string("102128"));
    }

    void nothingKnown_nothingInvented()
    {
        DraftFactsInput in;
        in.ticketText = QStringLiteral("order 5555");
        QVERIFY(draftFacts(in).empty());
    }

    void fromTheWorkspacesCache()
    {
        QTemporaryDir dir;
        auto store = TicketStore::open(dir.filePath(QStringLiteral("w.cosmicdesk")));
        QVERIFY(store.ok());
        const DraftFactsInput in = world();
        CustomerCache cache(store.value()->db());
        QVERIFY(
            cache.put(QStringLiteral("user:77"), QStringLiteral("orders"), kT, QByteArray::fromStdString(nlohmann::json(in.orders).dump()))
                .ok());
        QVERIFY(cache
                    .put(QStringLiteral("user:77"), QStringLiteral("payments"), kT,
                         QByteArray::fromStdString(nlohmann::json(in.charges).dump()))
                    .ok());
        const auto f = cachedDraftFacts(store.value()->db(), 77, QStringLiteral("refund?"), kT);
        QCOMPARE(f.at("order_number"), std::string("102128"));
        QCOMPARE(f.at("charge_amount"), std::string("SGD 185.50"));
        QVERIFY(cachedDraftFacts(store.value()->db(), 78, QString(), kT).empty());
    }
};

QTEST_GUILESS_MAIN(DraftFactsTest)
#include "draftfacts_test.moc"
