// The rules that find the charge a ticket is about: amounts as people write them, and which charge
// of the customer's matches.
#include <models/chargematch.h>

#include <QTest>

using namespace cosmicdesk;

namespace {

models::Charge charge(const char *id, qint64 amount, qint64 created, bool disputed = false)
{
    models::Charge c;
    c.id = QString::fromLatin1(id);
    c.amount = amount;
    c.created = created;
    c.disputed = disputed;
    return c;
}

} // namespace

class ChargeMatchTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void amountsInTicketText()
    {
        auto a = models::amountsIn(QStringLiteral("charged S$185.50 twice, then €340,80 and 49.00 USD; order 102128; $1,299.99"));
        QCOMPARE(a, (std::vector<qint64>{18550, 34080, 4900, 129999}));
        QVERIFY(models::amountsIn(QStringLiteral("order 102128 on 2024-05-02")).empty());
    }

    void aDisputeTicket_byCategoryOrWords()
    {
        QVERIFY(models::isAboutADisputedCharge(QStringLiteral("charge_dispute"), QStringLiteral("hello")));
        QVERIFY(models::isAboutADisputedCharge(QString(), QStringLiteral("My bank shows a Chargeback")));
        QVERIFY(models::isAboutADisputedCharge(QString(), QStringLiteral("I was charged twice for one basket")));
        QVERIFY(!models::isAboutADisputedCharge(QStringLiteral("refund"), QStringLiteral("Where is my parcel?")));
    }

    void theChargeWithTheAmount_thenTheDisputed_thenTheNearest()
    {
        const qint64 day = 86400, t = 1'750'000'000;
        const std::vector<models::Charge> charges{charge("ch_a", 5000, t - 10 * day), charge("ch_b", 18550, t - 20 * day),
                                                  charge("ch_c", 7000, t - 2 * day, true)};
        QCOMPARE(models::chargeTheTicketIsAbout(charges, {18550}, t), std::optional<std::size_t>(1)); // the amount wins
        QCOMPARE(models::chargeTheTicketIsAbout(charges, {}, t), std::optional<std::size_t>(2));      // else the disputed one
        // Two with the amount: the one nearest in time.
        const std::vector<models::Charge> twice{charge("ch_old", 4900, t - 30 * day), charge("ch_new", 4900, t - day)};
        QCOMPARE(models::chargeTheTicketIsAbout(twice, {4900}, t), std::optional<std::size_t>(1));
        // Neither an amount nor a dispute points anywhere.
        const std::vector<models::Charge> undisputed(charges.begin(), charges.begin() + 2);
        QVERIFY(!models::chargeTheTicketIsAbout(undisputed, {123}, t));
        QVERIFY(!models::chargeTheTicketIsAbout({}, {5000}, t));
    }
};

QTEST_APPLESS_MAIN(ChargeMatchTest)
#include "chargematch_test.moc"
