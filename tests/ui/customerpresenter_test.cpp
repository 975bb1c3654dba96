// The customer panel's text from data alone: each state of a card, what a failure says, the charge a
// ticket is about, and nothing from a remote system ever read as markup.
#include <models/ticketstore.h>
#include <ui/customerpresenter.h>

#include <QtTest>

using namespace cosmicdesk;
using services::CustomerSection;
using State = services::SectionStatus::State;
using ui::CustomerPresenter;

namespace {

constexpr qint64 kNow = 1'780'000'000;

services::CustomerView viewWith(CustomerSection s, State state, qint64 fetchedAt = 0)
{
    services::CustomerView v;
    v.status[std::size_t(s)].state = state;
    v.status[std::size_t(s)].configured = true;
    v.status[std::size_t(s)].fetchedAt = fetchedAt;
    return v;
}

} // namespace

class CustomerPresenterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unavailable_isHidden_loading_showsASkeleton()
    {
        services::CustomerView v;
        QVERIFY(!CustomerPresenter::card(CustomerSection::Crm, v, kNow).visible);
        const auto loading = CustomerPresenter::card(CustomerSection::Crm, viewWith(CustomerSection::Crm, State::Loading), kNow);
        QVERIFY(loading.visible && !loading.retry);
        QCOMPARE(loading.state, QStringLiteral("Loading…"));
        QVERIFY(loading.body.contains(u"background:#e4e7eb"));
    }

    void failure_offersRetry_andSaysWhyInWords()
    {
        auto v = viewWith(CustomerSection::Payments, State::Failed);
        v.status[std::size_t(CustomerSection::Payments)].errors = {
            models::Error::make(models::Error::Kind::Auth, QStringLiteral("bad key"))};
        const auto c = CustomerPresenter::card(CustomerSection::Payments, v, kNow);
        QVERIFY(c.retry);
        QVERIFY2(c.body.contains(u"Stripe did not accept the credentials"), qPrintable(c.body));
        QCOMPARE(c.stateTip.contains(u"bad key"), true);
    }

    void staleWithAFailedRefresh_keepsTheDataAndWarns()
    {
        auto v = viewWith(CustomerSection::Crm, State::Stale, kNow - 3 * 3600);
        v.status[std::size_t(CustomerSection::Crm)].errors = {models::Error::make(models::Error::Kind::Timeout, {})};
        models::CrmContact contact;
        contact.id = QStringLiteral("003X");
        contact.name = QStringLiteral("Mateo Tran");
        v.crm.contact = contact;
        const auto c = CustomerPresenter::card(CustomerSection::Crm, v, kNow);
        QVERIFY(c.retry);
        QVERIFY2(c.state.contains(u"Stale · from 3 h ago"), qPrintable(c.state));
        QVERIFY(c.body.contains(u"Mateo Tran"));
        QVERIFY(c.body.contains(u"did not answer in time"));
        QVERIFY(c.body.contains(u"copy:003X"));
    }

    void theChargeTheTicketIsAbout_isMarked_andHostileTextEscaped()
    {
        auto v = viewWith(CustomerSection::Payments, State::Fresh, kNow - 30);
        models::Charge a;
        a.id = QStringLiteral("ch_1");
        a.amount = 18550;
        a.currency = QStringLiteral("sgd");
        a.status = QStringLiteral("<img src=x onerror=alert(1)>");
        a.receiptUrl = QStringLiteral("javascript:alert(1)");
        models::Charge b = a;
        b.id = QStringLiteral("ch_2");
        b.receiptUrl = QStringLiteral("https://pay.stripe.com/receipts/x");
        v.charges = {a, b};
        v.highlightedChargeId = QStringLiteral("ch_1");
        const auto c = CustomerPresenter::card(CustomerSection::Payments, v, kNow);
        QCOMPARE(c.state, QStringLiteral("Updated just now"));
        QVERIFY(c.body.contains(u"The charge this ticket is about"));
        QCOMPARE(c.body.count(u"The charge this ticket is about"), 1);
        QVERIFY(c.body.contains(u"SGD"));
        QVERIFY(!c.body.contains(u"<img"));
        QVERIFY(c.body.contains(u"&lt;img"));
        QVERIFY(!c.body.contains(u"javascript:")); // only https receipts become links
        QVERIFY(c.body.contains(u"https://pay.stripe.com/receipts/x"));
    }

    void summary_escapesAndIsEmptyWithoutPeople()
    {
        models::TicketDetails d;
        QVERIFY(CustomerPresenter::summary(d, kNow).isEmpty());
        models::Account a;
        a.name = QStringLiteral("Zephyr <b>Tea</b>");
        a.mrrCents = 2585000;
        a.createdAt = kNow - qint64(4.8 * 365.25 * 86400);
        d.organization = a;
        const QString html = CustomerPresenter::summary(d, kNow);
        QVERIFY(html.contains(u"Zephyr &lt;b&gt;Tea&lt;/b&gt;"));
        QVERIFY(html.contains(u"4.8 years"));
    }

    void age_readsLikeAPerson()
    {
        QCOMPARE(CustomerPresenter::age(kNow - 5, kNow), QStringLiteral("just now"));
        QCOMPARE(CustomerPresenter::age(kNow - 300, kNow), QStringLiteral("5 min ago"));
        QCOMPARE(CustomerPresenter::age(kNow - 7200, kNow), QStringLiteral("2 h ago"));
        QCOMPARE(CustomerPresenter::age(kNow - 3 * 86400, kNow), QStringLiteral("3 days ago"));
    }
};

QTEST_GUILESS_MAIN(CustomerPresenterTest)
#include "customerpresenter_test.moc"
