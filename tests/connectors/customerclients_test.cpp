// The customer-view clients against the sandbox's Salesforce, Stripe, carriers and product API over
// real HTTP: each client's mapping, pagination, auth and errors; the carriers' status vocabulary.
#include <connectors/auth.h>
#include <connectors/carriers.h>
#include <connectors/productclient.h>
#include <connectors/salesforceclient.h>
#include <connectors/stripeclient.h>
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>

#include <QDateTime>
#include <support/wait.h>

#include <QtTest>

using namespace cosmicdesk;
using models::Error;
using models::Result;
using models::ShipmentStatus;

using testsupport::Wait;

class CustomerClientsTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::DemoWorld> world;
    std::unique_ptr<sandbox::CustomerFakes> fakes;

    connectors::RestClient::Options options() const
    {
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.maxAttempts = 2;
        o.backoffBase = std::chrono::milliseconds(10);
        return o;
    }
    // A Salesforce client for the fakes on `on` (the shared sandbox by default).
    std::unique_ptr<connectors::SalesforceClient> salesforce(const QString &secret = {}, sandbox::HttpSandbox *on = nullptr,
                                                             const sandbox::CustomerFakeOptions &fo = {})
    {
        const QString base = (on ? on : server.get())->baseUrl();
        connectors::OAuth2Auth::Config c;
        c.tokenUrl = QUrl(base + QStringLiteral("/services/oauth2/token"));
        c.format = connectors::OAuth2Auth::BodyFormat::Form;
        c.clientId = fo.salesforceClientId;
        c.clientSecret = secret.isEmpty() ? fo.salesforceClientSecret : secret;
        c.refreshToken = fo.salesforceRefreshToken;
        auto o = options();
        o.baseUrl = QUrl(base);
        return std::make_unique<connectors::SalesforceClient>(o, std::make_shared<connectors::OAuth2Auth>(c));
    }
    std::unique_ptr<connectors::StripeClient> stripe(const QString &key = {})
    {
        return std::make_unique<connectors::StripeClient>(
            options(), std::make_shared<connectors::BearerAuth>(key.isEmpty() ? fakes->options().stripeKey : key));
    }
    const sandbox::DemoPerson &personWithCases() const
    {
        for (std::size_t i = 0; i < world->accounts().size(); ++i)
            if (!world->accountWorld(i).cases.empty())
                return world->people()[world->accountWorld(i).cases.front().person];
        return world->people().front();
    }
    Result<models::Shipment> track(connectors::CarrierClient &carrier, const QString &number)
    {
        Wait<models::Shipment> s;
        carrier.track(number, this, s.callback());
        if (!s.wait())
            return Error::make(Error::Kind::Timeout, QStringLiteral("no answer"));
        return *s.result;
    }
    // The demo shipment's last stage, as the generator meant it.
    QString expectedStage(const QString &number) const
    {
        for (std::size_t i = 0; i < world->accounts().size(); ++i)
            for (const auto &o : world->accountWorld(i).orders)
                if (QString::fromStdString(o.shipment.trackingNumber) == number && !o.shipment.events.empty())
                    return QString::fromStdString(o.shipment.events.back().stage);
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        server = std::make_unique<sandbox::HttpSandbox>(31);
        QVERIFY(server->start() != 0);
        sandbox::DemoOptions o;
        o.tickets = 10;
        o.seed = 99;
        o.now = QDateTime::currentSecsSinceEpoch() - 3600;
        world = std::make_unique<sandbox::DemoWorld>(o);
        fakes = std::make_unique<sandbox::CustomerFakes>(*server, *world);
    }

    void salesforceContactAccountAndCases()
    {
        const auto &person = personWithCases();
        const auto &account = world->accounts()[person.account];
        auto sf = salesforce();
        Wait<std::optional<models::CrmContact>> contact;
        sf->contact(person.id, QString(), this, contact.callback());
        QVERIFY(contact.wait());
        QVERIFY2(contact.result->ok(), qPrintable(contact.result->ok() ? QString() : contact.result->error().message));
        QVERIFY(contact.result->value().has_value());
        const auto &c = *contact.result->value();
        QCOMPARE(c.id, QString::fromStdString(person.salesforceContactId));
        QCOMPARE(c.email, QString::fromStdString(person.email));
        QCOMPARE(c.accountId, QString::fromStdString(account.salesforceAccountId));

        Wait<std::optional<models::CrmAccount>> acc;
        sf->account(c.accountId, this, acc.callback());
        QVERIFY(acc.wait());
        QCOMPARE(acc.result->value()->name, QString::fromStdString(account.name));
        QVERIFY(acc.result->value()->createdAt > 0);

        Wait<std::vector<models::CrmCase>> cases;
        sf->cases(c.id, c.email, 20, this, cases.callback());
        QVERIFY(cases.wait());
        QVERIFY(cases.result->ok());
        QVERIFY(!cases.result->value().empty());
        for (std::size_t i = 1; i < cases.result->value().size(); ++i)
            QVERIFY(cases.result->value()[i - 1].createdAt >= cases.result->value()[i].createdAt); // newest first
        QVERIFY(!cases.result->value().front().caseNumber.isEmpty());

        // The SOQL went out with the external-id field; the token was fetched once, by form.
        const auto queries = server->received(QStringLiteral("salesforce.query"));
        QVERIFY(queries.front()
                    .query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded)
                    .contains(u"Zendesk_User_Id__c = " + QString::number(person.id) + u' ')); // a Number field: unquoted
        const auto tokens = server->received(QStringLiteral("salesforce.token"));
        QCOMPARE(tokens.size(), std::size_t(1));
        QVERIFY(tokens[0].header("content-type").startsWith("application/x-www-form-urlencoded"));
        QVERIFY(sf->apiUsage().first > 0);
        QCOMPARE(sf->apiUsage().second, qint64(15000));
    }

    void salesforceOverviewIsOneRoundTrip()
    {
        const auto &person = personWithCases();
        const auto &account = world->accounts()[person.account];
        auto sf = salesforce();
        Wait<models::CrmOverview> warm; // the token first, so only the queries are counted
        sf->overview(person.id, QString::fromStdString(person.email), 20, this, warm.callback());
        QVERIFY(warm.wait());
        server->clearReceived();
        sandbox::FaultKnobs slow;
        slow.latencyMs = 200;
        server->setKnobs(QStringLiteral("salesforce.query"), slow);
        QElapsedTimer t;
        t.start();
        Wait<models::CrmOverview> o;
        sf->overview(person.id, QString::fromStdString(person.email), 20, this, o.callback());
        QVERIFY(o.wait());
        const qint64 ms = t.elapsed();
        server->setKnobs(QStringLiteral("salesforce.query"), {});
        QVERIFY2(o.result->ok(), qPrintable(o.result->ok() ? QString() : o.result->error().message));
        QCOMPARE(o.result->value().contact->id, QString::fromStdString(person.salesforceContactId));
        QCOMPARE(o.result->value().account->name, QString::fromStdString(account.name)); // parent fields, nested
        QVERIFY(!o.result->value().cases.empty());
        const auto queries = server->received(QStringLiteral("salesforce.query"));
        QCOMPARE(queries.size(), std::size_t(2));
        // The second query left before the first was answered (200 ms each): they overlapped.
        QVERIFY2(std::abs(queries[1].receivedAtMs - queries[0].receivedAtMs) < 150, qPrintable(QString::number(ms)));
    }

    void salesforceFollowsNextRecordsUrl()
    {
        fakes->setSalesforceBatchSize(int(world->accounts().size() / 3)); // three pages and a bit
        auto sf = salesforce();
        Wait<std::vector<nlohmann::json>> all;
        sf->query(QStringLiteral("SELECT Id, Name FROM Account WHERE Type = 'Customer'"), this, all.callback());
        QVERIFY(all.wait());
        fakes->setSalesforceBatchSize(2000);
        QVERIFY(all.result->ok());
        QCOMPARE(all.result->value().size(), world->accounts().size());
        QCOMPARE(server->received(QStringLiteral("salesforce.query_more")).size(), std::size_t(world->accounts().size() % 3 ? 3 : 2));
        QVERIFY(!all.result->value().front().contains("Industry")); // only the selected fields
    }

    void salesforceLiteralsKeepEveryCharacter()
    {
        // "%1" and "%2" once broke the query (chained QString::arg put the LIMIT into the e-mail).
        const QString email = QStringLiteral("o'brien%1%2\\x\"y@example.com");
        auto sf = salesforce();
        server->clearReceived();
        Wait<models::CrmOverview> o;
        sf->overview(0, email, 20, this, o.callback());
        QVERIFY(o.wait());
        QVERIFY2(o.result->ok(), qPrintable(o.result->ok() ? QString() : o.result->error().message));
        const auto queries = server->received(QStringLiteral("salesforce.query"));
        QCOMPARE(queries.size(), std::size_t(2));
        const QString literal = connectors::SalesforceClient::literal(email);
        QCOMPARE(literal, QStringLiteral("'o\\'brien%1%2\\\\x\\\"y@example.com'"));
        for (const auto &q : queries)
            QVERIFY2(q.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).contains(u"Email = " + literal),
                     qPrintable(q.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded)));
        QVERIFY(queries[1].query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).endsWith(u"LIMIT 20"));
        QCOMPARE(connectors::SalesforceClient::literal(QStringLiteral("a\nb\tc")), QStringLiteral("'a\\nb\\tc'"));
    }

    void salesforceExternalIdIsComparedByTheFieldsType_data()
    {
        QTest::addColumn<bool>("numeric");
        QTest::newRow("Number field") << true;
        QTest::newRow("Text field") << false;
    }

    void salesforceExternalIdIsComparedByTheFieldsType()
    {
        QFETCH(bool, numeric);
        sandbox::HttpSandbox own(32);
        QVERIFY(own.start() != 0);
        sandbox::CustomerFakeOptions fo;
        fo.salesforceExternalIdNumeric = numeric;
        sandbox::CustomerFakes typed(own, *world, fo);
        auto client = salesforce({}, &own, fo);
        auto &sf = *client;
        const auto &person = personWithCases();
        for (int round = 0; round < 2; ++round) {
            Wait<models::CrmOverview> view;
            sf.overview(person.id, QString(), 20, this, view.callback());
            QVERIFY(view.wait());
            QVERIFY2(view.result->ok(), qPrintable(view.result->ok() ? QString() : view.result->error().message));
            QVERIFY(view.result->value().contact.has_value());
            QCOMPARE(view.result->value().contact->id, QString::fromStdString(person.salesforceContactId));
            QVERIFY(!view.result->value().cases.empty());
        }
        QCOMPARE(own.received(QStringLiteral("salesforce.describe")).size(), std::size_t(1)); // learnt once
        const QString id = QString::number(person.id);
        const QString compared = numeric ? id : u'\'' + id + u'\'';
        for (const auto &q : own.received(QStringLiteral("salesforce.query")))
            QVERIFY2(q.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).contains(u"Zendesk_User_Id__c = " + compared + u' '),
                     qPrintable(q.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded)));

        // The sandbox refuses the wrong kind of literal as Salesforce does.
        Wait<std::vector<nlohmann::json>> wrong;
        sf.query(u"SELECT Id FROM Contact WHERE Zendesk_User_Id__c = " + (numeric ? u'\'' + id + u'\'' : id), this, wrong.callback());
        QVERIFY(wrong.wait());
        QVERIFY(!wrong.result->ok());
        QVERIFY(wrong.result->error().message.contains(numeric ? u"should not be enclosed in quotes" : u"should be enclosed in quotes"));
    }

    void salesforceExhaustedAllowanceIsRateLimited()
    {
        // Salesforce has no 429: the daily allowance ends with 403 REQUEST_LIMIT_EXCEEDED.
        sandbox::HttpSandbox own(34);
        QVERIFY(own.start() != 0);
        sandbox::CustomerFakeOptions fo;
        fo.salesforceDailyLimit = 2;
        sandbox::CustomerFakes limited(own, *world, fo);
        auto sf = salesforce({}, &own, fo);
        for (int i = 0; i < 2; ++i) {
            Wait<std::vector<nlohmann::json>> ok;
            sf->query(QStringLiteral("SELECT Id FROM Account WHERE Type = 'Customer'"), this, ok.callback());
            QVERIFY(ok.wait());
            QVERIFY(ok.result->ok());
        }
        Wait<std::vector<nlohmann::json>> refused;
        sf->query(QStringLiteral("SELECT Id FROM Account WHERE Type = 'Customer'"), this, refused.callback());
        QVERIFY(refused.wait(20000));
        QVERIFY(!refused.result->ok());
        QCOMPARE(refused.result->error().kind, Error::Kind::RateLimited);
        QCOMPARE(refused.result->error().httpStatus, 403);
        QVERIFY2(refused.result->error().message.contains(u"REQUEST_LIMIT_EXCEEDED"), qPrintable(refused.result->error().message));
    }

    void salesforceInjectionIsInertAndErrorsAreTyped()
    {
        auto sf = salesforce();
        Wait<std::optional<models::CrmContact>> contact;
        sf->contact(0, QStringLiteral("x' OR Email != 'y"), this, contact.callback());
        QVERIFY(contact.wait());
        QVERIFY(contact.result->ok());
        QVERIFY(!contact.result->value().has_value()); // the quote stayed inside the literal
        QCOMPARE(connectors::SalesforceClient::literal(QStringLiteral("O'Brien \\ co")), QStringLiteral("'O\\'Brien \\\\ co'"));

        Wait<std::vector<nlohmann::json>> bad;
        sf->query(QStringLiteral("SELECT Nope FROM Contact"), this, bad.callback());
        QVERIFY(bad.wait());
        QVERIFY(!bad.result->ok());
        QCOMPARE(bad.result->error().kind, Error::Kind::BadPayload);
        QVERIFY(bad.result->error().message.contains(u"INVALID_FIELD"));

        auto wrong = salesforce(QStringLiteral("not-the-secret"));
        Wait<std::optional<models::CrmContact>> refused;
        wrong->contact(personWithCases().id, {}, this, refused.callback());
        QVERIFY(refused.wait());
        QCOMPARE(refused.result->error().kind, Error::Kind::Auth);
        QCOMPARE(connectors::SalesforceClient::parseTime(QStringLiteral("2024-05-02T08:20:11.000+0000")), qint64(1714638011));
    }

    void stripeChargesRefundsAndDisputes()
    {
        // An account with a disputed charge.
        QString customer;
        qsizetype expected = 0, expectedRefunds = 0;
        for (std::size_t i = 0; i < world->accounts().size() && customer.isEmpty(); ++i)
            for (const auto &o : world->accountWorld(i).orders)
                if (!o.disputes.empty()) {
                    customer = QString::fromStdString(world->accounts()[i].stripeCustomerId);
                    for (const auto &x : world->accountWorld(i).orders) {
                        expected += x.charge.id.empty() ? 0 : 1;
                        expectedRefunds += x.charge.id.empty() ? 0 : qsizetype(x.refunds.size());
                    }
                    break;
                }
        QVERIFY(!customer.isEmpty());
        auto st = stripe();
        st->setPageSize(2);
        Wait<std::vector<models::Charge>> charges;
        st->charges(customer, 100, this, charges.callback());
        QVERIFY(charges.wait());
        QVERIFY2(charges.result->ok(), qPrintable(charges.result->ok() ? QString() : charges.result->error().message));
        const auto &list = charges.result->value();
        QCOMPARE(qsizetype(list.size()), expected);
        QVERIFY(server->received(QStringLiteral("stripe.charges")).size() >= 2); // paged by starting_after
        bool disputed = false;
        qsizetype refunds = 0;
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (i > 0)
                QVERIFY(list[i - 1].created >= list[i].created);
            QCOMPARE(list[i].customerId, customer);
            QCOMPARE(list[i].paymentMethodType, QStringLiteral("card"));
            QCOMPARE(list[i].cardLast4.size(), 4);
            QVERIFY(!list[i].orderId.isEmpty());
            if (list[i].disputed) {
                disputed = true;
                QVERIFY(!list[i].disputes.empty());
                QVERIFY(list[i].disputes.front().dueBy > 0);
                QCOMPARE(list[i].disputes.front().chargeId, list[i].id);
            }
            refunds += qsizetype(list[i].refunds.size());
        }
        QVERIFY(disputed);
        QVERIFY(expectedRefunds > 0);       // this customer has refunds to find
        QCOMPARE(refunds, expectedRefunds); // every refund arrived embedded in its charge
        // The disputes came with the account's recent-disputes list sent alongside the charges:
        // no request per disputed charge.
        const auto disputeCalls = server->received(QStringLiteral("stripe.disputes"));
        QCOMPARE(disputeCalls.size(), std::size_t(1));
        QVERIFY(disputeCalls[0].query.queryItemValue(QStringLiteral("charge")).isEmpty());
        QVERIFY(!disputeCalls[0].query.queryItemValue(QStringLiteral("created[gte]")).isEmpty());

        // Without that list (it fails), each disputed charge is asked for on its own, and nothing is missing.
        server->clearReceived();
        server->scriptFault(QStringLiteral("stripe.disputes"), sandbox::Fault::ServerError, 2);
        Wait<std::vector<models::Charge>> again;
        st->charges(customer, 100, this, again.callback());
        QVERIFY(again.wait());
        QVERIFY(again.result->ok());
        std::size_t disputes = 0, perCharge = 0;
        for (const auto &c : again.result->value())
            disputes += c.disputes.size();
        for (const auto &call : server->received(QStringLiteral("stripe.disputes")))
            perCharge += call.query.queryItemValue(QStringLiteral("charge")).isEmpty() ? 0 : 1;
        std::size_t expectedDisputes = 0;
        for (const auto &c : list)
            expectedDisputes += c.disputes.size();
        QCOMPARE(disputes, expectedDisputes);
        QVERIFY(perCharge >= 1);

        const auto sent = server->received(QStringLiteral("stripe.charges")).front();
        QCOMPARE(sent.header("stripe-version"), QByteArray("2024-06-20"));
        QVERIFY(sent.header("authorization").startsWith("Bearer sk_test_"));
        QVERIFY(sent.query.allQueryItemValues(QStringLiteral("expand[]"), QUrl::FullyDecoded).contains(u"data.refunds"));
    }

    void stripeCustomersByEmailAndWrongKey()
    {
        const auto &a = world->accounts().front();
        const auto &p = world->people()[a.people.front()];
        auto st = stripe();
        Wait<QStringList> ids;
        st->customersByEmail(QString::fromStdString(p.email), this, ids.callback());
        QVERIFY(ids.wait());
        QCOMPARE(ids.result->value(), QStringList{QString::fromStdString(a.stripeCustomerId)});
        Wait<QStringList> found;
        st->searchCustomers(QStringLiteral("email:'%1'").arg(QString::fromStdString(p.email)), this, found.callback());
        QVERIFY(found.wait());
        QCOMPARE(found.result->value(), QStringList{QString::fromStdString(a.stripeCustomerId)});
        auto wrong = stripe(QStringLiteral("sk_test_wrong"));
        Wait<QStringList> refused;
        wrong->customersByEmail(QStringLiteral("a@b.c"), this, refused.callback());
        QVERIFY(refused.wait());
        QCOMPARE(refused.result->error().kind, Error::Kind::Auth);
        QVERIFY(refused.result->error().message.contains(u"Invalid API Key"));
    }

    void carriersTrackAndNormalise_data()
    {
        QTest::addColumn<QString>("carrier");
        QTest::newRow("dhl") << QStringLiteral("dhl");
        QTest::newRow("ninjavan") << QStringLiteral("ninjavan");
        QTest::newRow("singpost") << QStringLiteral("singpost");
    }

    void carriersTrackAndNormalise()
    {
        QFETCH(QString, carrier);
        std::unique_ptr<connectors::CarrierClient> client;
        if (carrier == u"dhl")
            client = std::make_unique<connectors::DhlClient>(options(), fakes->options().dhlKey);
        else if (carrier == u"ninjavan")
            client = std::make_unique<connectors::NinjaVanClient>(options(), QStringLiteral("SG"), fakes->options().ninjaVanClientId,
                                                                  fakes->options().ninjaVanClientSecret);
        else
            client = std::make_unique<connectors::SingPostClient>(options(), fakes->options().singPostKey);
        int checked = 0;
        for (std::size_t nth = 0; nth < 40; ++nth) {
            const QString number = fakes->trackingNumber(carrier, nth);
            if (number.isEmpty())
                break;
            const QString stage = expectedStage(number);
            if (stage.isEmpty())
                continue;
            auto s = track(*client, number);
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
            QCOMPARE(s.value().carrier, carrier);
            QCOMPARE(s.value().trackingNumber, number);
            QVERIFY(!s.value().events.empty());
            for (std::size_t i = 1; i < s.value().events.size(); ++i)
                QVERIFY(s.value().events[i - 1].at >= s.value().events[i].at); // newest first
            QVERIFY2(models::shipmentStatusName(s.value().status) == stage,
                     qPrintable(QStringLiteral("%1 %2: %3 (\"%4\"), expected %5")
                                    .arg(carrier, number, models::shipmentStatusName(s.value().status), s.value().rawStatus, stage)));
            ++checked;
        }
        QVERIFY2(checked >= 3, qPrintable(QString::number(checked)));
        auto missing = track(*client, QStringLiteral("NOPE000000"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }

    void carriersRefuseWrongCredentials()
    {
        connectors::DhlClient dhl(options(), QStringLiteral("wrong"));
        QCOMPARE(track(dhl, fakes->trackingNumber(QStringLiteral("dhl"))).error().kind, Error::Kind::Auth);
        connectors::NinjaVanClient nv(options(), QStringLiteral("sg"), QStringLiteral("x"), QStringLiteral("y"));
        QCOMPARE(track(nv, fakes->trackingNumber(QStringLiteral("ninjavan"))).error().kind, Error::Kind::Auth);
        connectors::SingPostClient sp(options(), QStringLiteral("wrong"));
        QCOMPARE(track(sp, fakes->trackingNumber(QStringLiteral("singpost"))).error().kind, Error::Kind::Auth);
    }

    void statusVocabularyFollowsTheReference()
    {
        using connectors::normaliseDhl;
        using connectors::normaliseNinjaVan;
        using connectors::normaliseSingPost;
        QCOMPARE(normaliseDhl(QStringLiteral("transit"), QStringLiteral("WITH DELIVERY COURIER"), false), ShipmentStatus::OutForDelivery);
        QCOMPARE(normaliseDhl(QStringLiteral("transit"), QStringLiteral("Ready for pickup at service point"), false),
                 ShipmentStatus::AvailableForPickup);
        QCOMPARE(normaliseDhl(QStringLiteral("delivered"), QString(), true), ShipmentStatus::Returned);
        QCOMPARE(normaliseDhl(QStringLiteral("failure"), QString(), false), ShipmentStatus::Exception);
        QCOMPARE(normaliseDhl(QStringLiteral("pre-transit"), QString(), false), ShipmentStatus::InfoReceived);
        QCOMPARE(normaliseDhl(QStringLiteral("unknown"), QString(), false), ShipmentStatus::Unknown);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Delivered, Left at Doorstep"), false), ShipmentStatus::Delivered);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("on vehicle for delivery"), false), ShipmentStatus::OutForDelivery);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("On Vehicle for Delivery"), true), ShipmentStatus::Returning);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Returned to Sender"), true), ShipmentStatus::Returned);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Pending Pickup"), false), ShipmentStatus::InfoReceived);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Arrived at Distribution Point"), false), ShipmentStatus::AvailableForPickup);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Delivery Exception, Max Attempts Reached"), false), ShipmentStatus::Exception);
        QCOMPARE(normaliseNinjaVan(QStringLiteral("Cancelled"), false), ShipmentStatus::Cancelled);
        QCOMPARE(normaliseSingPost(QStringLiteral("IR"), QStringLiteral("Information Received"), QStringLiteral("-")),
                 ShipmentStatus::InfoReceived);
        QCOMPARE(normaliseSingPost(QStringLiteral("UD"), QStringLiteral("Unsuccessful delivery"), QStringLiteral("NA")),
                 ShipmentStatus::Exception);
        QCOMPARE(normaliseSingPost(QStringLiteral("RT"), QStringLiteral("Item being returned to sender"), QStringLiteral("-")),
                 ShipmentStatus::Returning);
        QCOMPARE(normaliseSingPost(QStringLiteral("RS"), QStringLiteral("Item returned to sender"), QStringLiteral("-")),
                 ShipmentStatus::Returned);
        QCOMPARE(normaliseSingPost(QStringLiteral("TR"), QStringLiteral("Item in transit"), QStringLiteral("-")),
                 ShipmentStatus::InTransit);
        // Malformed XML is a clear error, not a crash.
        QCOMPARE(connectors::SingPostClient::parse("<Item", QStringLiteral("X")).error().kind, Error::Kind::BadPayload);
    }

    void productsBySku()
    {
        connectors::ProductClient products(options(), std::make_shared<connectors::BearerAuth>(fakes->options().productKey));
        QStringList skus;
        for (const auto &p : world->products())
            skus << QString::fromStdString(p.sku);
        skus << QStringLiteral("NO-SUCH-SKU");
        Wait<std::vector<models::Product>> got;
        products.products(skus, this, got.callback());
        QVERIFY(got.wait());
        QVERIFY(got.result->ok());
        QCOMPARE(got.result->value().size(), world->products().size());
        const auto &first = got.result->value().front();
        QVERIFY(!first.name.isEmpty());
        QVERIFY(first.priceCents > 0);
        QCOMPARE(first.currency, QStringLiteral("sgd"));
        QVERIFY(first.imageUrl.startsWith(u"http"));
    }
};

QTEST_GUILESS_MAIN(CustomerClientsTest)
#include "customerclients_test.moc"
