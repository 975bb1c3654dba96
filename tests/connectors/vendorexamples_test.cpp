// The wire types' parsers on the vendors' own published examples (tests/data/vendor, see its
// README), without a server: what Zendesk's, Stripe's and DHL's specifications show is what the
// parsers must read, so that the sandbox and a parser cannot agree on a shape no vendor sends.
#include <connectors/carriers.h>
#include <connectors/http.h>
#include <connectors/pagination.h>
#include <connectors/stripeclient.h>
#include <connectors/zendeskclient.h>
#include <models/zendeskjson.h>
#include <support/vendorexample.h>

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace cosmicdesk;
using nlohmann::json;

namespace {

json example(const QString &name)
{
    return testsupport::vendorExample(name);
}

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toSecsSinceEpoch();
}

} // namespace

class VendorExamplesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyExampleIsThere()
    {
        for (const char *name : {"stripe/charge.json", "stripe/dispute.json", "stripe/refund.json", "stripe/customer.json",
                                 "zendesk/ticket.json", "zendesk/ticket_comments.json", "zendesk/users_me.json",
                                 "zendesk/macros_active.json", "zendesk/incremental_tickets_cursor.json", "zendesk/job_status.json",
                                 "zendesk/organization.json", "zendesk/group.json", "dhl/shipments.json", "dhl/shipment_not_found.json"})
            QVERIFY2(example(QString::fromLatin1(name)).is_object(), name);
    }

    void zendeskTicketIsRead()
    {
        const auto t = models::zendesk::ticketFromJson(example(QStringLiteral("zendesk/ticket.json"))["ticket"]);
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
        QCOMPARE(t.value().id, qint64(35436));
        QCOMPARE(t.value().subject, QStringLiteral("Help, my printer is on fire!"));
        QCOMPARE(t.value().description, QStringLiteral("The fire is very colorful."));
        QCOMPARE(t.value().status, models::TicketStatus::Open);
        QCOMPARE(t.value().priority, std::optional(triage::Priority::P1)); // "high"
        QCOMPARE(t.value().requesterId, qint64(20978392));
        QCOMPARE(t.value().organizationId, qint64(509974));
        QCOMPARE(t.value().assigneeId, qint64(235323));
        QCOMPARE(t.value().groupId, qint64(98738));
        QCOMPARE(t.value().tags, (QStringList{QStringLiteral("enterprise"), QStringLiteral("other_tag")}));
        QCOMPARE(t.value().createdAt, utc("2009-07-20T22:55:29Z"));
        QCOMPARE(t.value().updatedAt, utc("2011-05-05T10:38:52Z"));
        QCOMPARE(t.value().channel, models::Channel::Web);
    }

    void zendeskCommentsAreRead()
    {
        const json page = example(QStringLiteral("zendesk/ticket_comments.json"));
        QCOMPARE(page["comments"].size(), std::size_t(1));
        const auto c = models::zendesk::commentFromJson(page["comments"][0], 35436);
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c.value().id, qint64(1274));
        QCOMPARE(c.value().ticketId, qint64(35436));
        QCOMPARE(c.value().authorId, qint64(123123));
        QCOMPARE(c.value().body, QStringLiteral("Thanks for your help!"));
        QVERIFY(c.value().isPublic);
        QCOMPARE(c.value().createdAt, utc("2009-07-20T22:55:29Z"));
        QVERIFY(!connectors::next_page::zendeskCursor(page)); // no meta, no further page
    }

    void zendeskIncrementalPageIsRead()
    {
        const json j = example(QStringLiteral("zendesk/incremental_tickets_cursor.json"));
        const auto page = connectors::ZendeskClient::parseIncrementalPage(j);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().message));
        QCOMPARE(page.value().tickets.size(), std::size_t(1));
        QCOMPARE(page.value().tickets[0].id, qint64(35436));
        QCOMPARE(page.value().afterCursor, QStringLiteral("MTU3NjYxMzUzOS4wfHw0Njd8"));
        QVERIFY(page.value().endOfStream);
        QCOMPARE(page.value().newestTimestamp, qint64(1304553600));
        QVERIFY(!connectors::next_page::zendeskIncremental(j)); // end_of_stream
    }

    void zendeskCurrentUserIsRead()
    {
        const auto me = connectors::ZendeskClient::parseMe(example(QStringLiteral("zendesk/users_me.json"))["user"]);
        QVERIFY(me.ok());
        QCOMPARE(me.value().id, qint64(35436));
        QCOMPARE(me.value().name, QStringLiteral("Johnny Agent"));
        QCOMPARE(me.value().email, QStringLiteral("johnny@example.com"));
        QCOMPARE(me.value().role, models::User::Role::Agent);
        QVERIFY(me.value().isAgent());
        QVERIFY(!me.value().isAdmin());
        const auto user = models::zendesk::userFromJson(example(QStringLiteral("zendesk/users_me.json"))["user"]);
        QVERIFY(user.ok());
        QCOMPARE(user.value().organizationId, qint64(57542));
        QCOMPARE(user.value().phone, QStringLiteral("+15551234567"));
    }

    void zendeskMacrosAreReadByOffsetPages()
    {
        const json page = example(QStringLiteral("zendesk/macros_active.json"));
        const auto macros = connectors::ZendeskClient::parseMacros(page);
        QVERIFY(macros.ok());
        QCOMPARE(macros.value().size(), std::size_t(2));
        QCOMPARE(macros.value()[0].id, qint64(25));
        QCOMPARE(macros.value()[0].title, QStringLiteral("Close and Save"));
        QVERIFY(!connectors::next_page::zendeskOffset(page)); // next_page: null
        json more = page;
        more["next_page"] = "https://company.zendesk.com/api/v2/macros/active.json?page=2";
        const auto next = connectors::next_page::zendeskOffset(more);
        QVERIFY(next.has_value());
        QCOMPARE(next->path, QStringLiteral("https://company.zendesk.com/api/v2/macros/active.json?page=2"));
    }

    void zendeskJobStatusIsRead()
    {
        const auto job = connectors::ZendeskClient::parseJobStatus(example(QStringLiteral("zendesk/job_status.json"))["job_status"]);
        QVERIFY(job.ok());
        QCOMPARE(job.value().id, QStringLiteral("8b726e606741012ffc2d782bcb7848fe"));
        QVERIFY(job.value().finished());
        QCOMPARE(job.value().total, 2);
        QCOMPARE(job.value().progress, 2);
        QCOMPARE(job.value().results.size(), std::size_t(1));
        QCOMPARE(job.value().results[0].id, qint64(380));
        QVERIFY(job.value().results[0].success);
    }

    void zendeskOrganizationAndGroupAreRead()
    {
        const auto org = models::zendesk::organizationFromJson(example(QStringLiteral("zendesk/organization.json"))["organization"]);
        QVERIFY2(org.ok(), qPrintable(org.ok() ? QString() : org.error().message));
        QCOMPARE(org.value().id, qint64(4112492));
        QCOMPARE(org.value().name, QStringLiteral("Groablet Enterprises"));
        QCOMPARE(org.value().mrrCents, qint64(0)); // no commercial fields in the example: nothing invented
        const auto group = models::zendesk::groupFromJson(example(QStringLiteral("zendesk/group.json"))["group"]);
        QVERIFY(group.ok());
        QCOMPARE(group.value().id, qint64(122));
        QCOMPARE(group.value().name, QStringLiteral("MCs"));
    }

    void stripeChargeIsRead()
    {
        const auto c = connectors::StripeClient::chargeFromJson(example(QStringLiteral("stripe/charge.json")));
        QCOMPARE(c.id, QStringLiteral("ch_1PgafuB7WZ01zgkWXYmPNZs8"));
        QCOMPARE(c.amount, qint64(100));
        QCOMPARE(c.currency, QStringLiteral("usd"));
        QCOMPARE(c.status, QStringLiteral("succeeded"));
        QCOMPARE(c.created, qint64(1234567890));
        QCOMPARE(c.description, QStringLiteral("My First Test Charge (created for API docs)"));
        QCOMPARE(c.paymentMethodType, QStringLiteral("card"));
        QCOMPARE(c.cardBrand, QStringLiteral("visa"));
        QCOMPARE(c.cardLast4, QStringLiteral("4242"));
        QVERIFY(c.receiptUrl.startsWith(u"https://"));
        QVERIFY(c.customerId.isEmpty());    // "customer": null
        QVERIFY(c.paymentIntent.isEmpty()); // null
        QVERIFY(c.invoiceId.isEmpty());     // absent from the newest versions
        QVERIFY(!c.refunded && !c.disputed);
        QVERIFY(c.refunds.empty()); // an empty embedded list
    }

    void stripeDisputeIsRead()
    {
        const auto d = connectors::StripeClient::disputeFromJson(example(QStringLiteral("stripe/dispute.json")));
        QCOMPARE(d.id, QStringLiteral("dp_1Pgc71B7WZ01zgkWMevJiAUx"));
        QCOMPARE(d.chargeId, QStringLiteral("ch_1PgafuB7WZ01zgkWXYmPNZs8"));
        QCOMPARE(d.amount, qint64(1000));
        QCOMPARE(d.currency, QStringLiteral("usd"));
        QCOMPARE(d.reason, QStringLiteral("general"));
        QCOMPARE(d.status, QStringLiteral("warning_needs_response"));
        QCOMPARE(d.dueBy, qint64(1723679999));
        QCOMPARE(d.created, qint64(1234567890));
    }

    void stripeRefundIsRead()
    {
        const auto r = connectors::StripeClient::refundFromJson(example(QStringLiteral("stripe/refund.json")));
        QCOMPARE(r.id, QStringLiteral("re_1Pgc72B7WZ01zgkWqPvrRrPE"));
        QCOMPARE(r.chargeId, QStringLiteral("ch_1PgafuB7WZ01zgkWXYmPNZs8"));
        QCOMPARE(r.amount, qint64(100));
        QCOMPARE(r.status, QStringLiteral("succeeded"));
        QVERIFY(r.reason.isEmpty()); // null
    }

    void dhlShipmentIsRead()
    {
        const auto s = connectors::DhlClient::parse(example(QStringLiteral("dhl/shipments.json")), QStringLiteral("7777777770"));
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(s.value().trackingNumber, QStringLiteral("7777777770")); // a number in the example
        QCOMPARE(s.value().status, models::ShipmentStatus::InTransit);    // transit, "customs inspection"
        QCOMPARE(s.value().rawStatus, QStringLiteral("customs inspection"));
        QCOMPARE(s.value().origin, QStringLiteral("Oderweg 2, AMSTERDAM"));
        QCOMPARE(s.value().estimatedDelivery, QStringLiteral("2018-08-03T00:00:00Z"));
        QCOMPARE(s.value().events.size(), std::size_t(1));
        QCOMPARE(s.value().events[0].description, QStringLiteral("JESSICA"));
        QCOMPARE(s.value().events[0].location, QStringLiteral("Oderweg 2, AMSTERDAM"));
        QCOMPARE(s.value().events[0].at, utc("2018-03-02T07:53:47Z"));
    }

    void dhlReturnIsToldFromTheEvents()
    {
        // No returnFlag in DHL's specification: the events' words tell a return.
        json j = example(QStringLiteral("dhl/shipments.json"));
        json &shipment = j["shipments"][0];
        json back = shipment["status"];
        back["statusCode"] = "transit";
        back["status"] = "RETURNED TO SHIPPER";
        back["description"] = "Shipment is being returned to shipper";
        back["timestamp"] = "2018-03-03T07:00:00Z";
        shipment["events"].insert(shipment["events"].begin(), back);
        shipment["status"] = back;
        auto s = connectors::DhlClient::parse(j, QStringLiteral("7777777770"));
        QVERIFY(s.ok());
        QCOMPARE(s.value().status, models::ShipmentStatus::Returning);
        json home = back;
        home["statusCode"] = "delivered";
        home["status"] = "DELIVERED";
        home["description"] = "Delivered";
        home["timestamp"] = "2018-03-05T07:00:00Z";
        shipment["events"].insert(shipment["events"].begin(), home);
        shipment["status"] = home;
        s = connectors::DhlClient::parse(j, QStringLiteral("7777777770"));
        QVERIFY(s.ok());
        QCOMPARE(s.value().status, models::ShipmentStatus::Returned); // delivered, after a return
        QCOMPARE(s.value().events.front().status, models::ShipmentStatus::Delivered);
    }

    void dhlNotFoundIsAProblemDocument()
    {
        const json j = example(QStringLiteral("dhl/shipment_not_found.json"));
        const QByteArray body = QByteArray::fromStdString(j.dump());
        QCOMPARE(connectors::classifyStatus(404, body)->kind, models::Error::Kind::NotFound);
        const QString sentence = connectors::describeErrorBody(body);
        QVERIFY2(sentence.contains(u"No shipment with given tracking number found"), qPrintable(sentence));
    }
};

QTEST_GUILESS_MAIN(VendorExamplesTest)
#include "vendorexamples_test.moc"
