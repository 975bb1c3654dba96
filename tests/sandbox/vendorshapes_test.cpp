// The sandbox held against the vendors' own published examples (tests/data/vendor): every field
// of Stripe's fixture charge, dispute, refund and customer, of Zendesk's examples, is in the
// sandbox's answer (nulls allowed where the vendor's field is nullable); DHL's answer carries no
// field DHL's 1.4.1 specification lacks; and each vendor's faults come in its own words.
#include <sandbox/customerfakes.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <support/vendorexample.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace cosmicdesk;
using nlohmann::json;
using sandbox::Fault;

namespace {

json example(const QString &name)
{
    return testsupport::vendorExample(name);
}

// The paths of expected's keys that actual lacks: objects key by key, arrays by their first
// element; a null in actual ends the comparison there (the vendor's field may be null).
void missing(const json &expected, const json &actual, const std::string &at, QStringList &out)
{
    if (actual.is_null())
        return;
    if (expected.is_object()) {
        if (!actual.is_object()) {
            out << QString::fromStdString(at + " (not an object)");
            return;
        }
        for (const auto &[key, value] : expected.items()) {
            if (!actual.contains(key))
                out << QString::fromStdString(at + "." + key);
            else
                missing(value, actual[key], at + "." + key, out);
        }
    } else if (expected.is_array() && !expected.empty() && actual.is_array() && !actual.empty()) {
        missing(expected.front(), actual.front(), at + "[0]", out);
    }
}
QStringList missing(const json &expected, const json &actual)
{
    QStringList out;
    missing(expected, actual, "", out);
    return out;
}

struct Answer
{
    int status = 0;
    QByteArray contentType, retryAfter, body;
    nlohmann::json parsed() const { return nlohmann::json::parse(body.cbegin(), body.cend(), nullptr, false); }
};

} // namespace

class VendorShapesTest : public QObject
{
    Q_OBJECT

    std::unique_ptr<sandbox::DemoWorld> world;
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    std::unique_ptr<sandbox::CustomerFakes> fakes;
    QNetworkAccessManager nam;

    Answer call(const QByteArray &method, const QString &pathAndQuery, QList<QPair<QByteArray, QByteArray>> headers = {},
                const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(server->baseUrl() + pathAndQuery));
        for (const auto &[k, v] : headers)
            req.setRawHeader(k, v);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            reply->abort();
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.contentType = reply->rawHeader("Content-Type");
        a.retryAfter = reply->rawHeader("Retry-After");
        a.body = reply->readAll();
        reply->deleteLater();
        return a;
    }
    QList<QPair<QByteArray, QByteArray>> zendeskAuth() const
    {
        return {qMakePair(
            QByteArray("Authorization"),
            "Basic " + QByteArray(zendesk->options().agentEmail.toUtf8() + "/token:" + zendesk->options().apiToken.toUtf8()).toBase64())};
    }
    QList<QPair<QByteArray, QByteArray>> stripeAuth() const
    {
        return {qMakePair(QByteArray("Authorization"), "Bearer " + fakes->options().stripeKey.toUtf8())};
    }
    // A Stripe customer of the world with a refunded charge and one with a disputed charge.
    std::pair<std::string, std::string> refundedAndDisputed() const
    {
        std::string refunded, disputed;
        for (std::size_t i = 0; i < world->accounts().size(); ++i)
            for (const auto &o : world->accountWorld(i).orders) {
                if (!o.refunds.empty() && refunded.empty())
                    refunded = world->accounts()[i].stripeCustomerId;
                if (!o.disputes.empty() && disputed.empty())
                    disputed = o.charge.id;
            }
        return {refunded, disputed};
    }

private Q_SLOTS:
    void initTestCase()
    {
        sandbox::DemoOptions o;
        o.tickets = 300;
        o.seed = 5;
        o.now = QDateTime::currentSecsSinceEpoch() - 3600;
        world = std::make_unique<sandbox::DemoWorld>(o);
        server = std::make_unique<sandbox::HttpSandbox>(7);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions zo;
        zo.incrementalPerMinute = 0;
        zo.holdBackSecs = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, zo);
        zendesk->load(*world);
        fakes = std::make_unique<sandbox::CustomerFakes>(*server, *world);
        QVERIFY(example(QStringLiteral("stripe/charge.json")).is_object());
    }

    void stripeChargeHasEveryFieldOfStripesCharge()
    {
        const auto [customer, disputedCharge] = refundedAndDisputed();
        QVERIFY(!customer.empty());
        const Answer a =
            call("GET", QStringLiteral("/v1/charges?customer=%1&limit=100&expand[]=data.refunds").arg(QString::fromStdString(customer)),
                 stripeAuth());
        QCOMPARE(a.status, 200);
        const json list = a.parsed();
        json refunded;
        for (const auto &c : list["data"])
            if (!c["refunds"]["data"].empty())
                refunded = c;
        QVERIFY(refunded.is_object());
        const auto lacks = missing(example(QStringLiteral("stripe/charge.json")), refunded);
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's charge lacks " + lacks.join(u", ")));
        const auto refundLacks = missing(example(QStringLiteral("stripe/refund.json")), refunded["refunds"]["data"][0]);
        QVERIFY2(refundLacks.isEmpty(), qPrintable(u"the sandbox's refund lacks " + refundLacks.join(u", ")));
    }

    void stripeDisputeAndCustomerHaveEveryFieldOfStripes()
    {
        const auto [customer, disputedCharge] = refundedAndDisputed();
        QVERIFY(!disputedCharge.empty());
        const Answer d = call("GET", QStringLiteral("/v1/disputes?charge=%1").arg(QString::fromStdString(disputedCharge)), stripeAuth());
        QCOMPARE(d.status, 200);
        const json dispute = d.parsed()["data"][0];
        const auto lacks = missing(example(QStringLiteral("stripe/dispute.json")), dispute);
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's dispute lacks " + lacks.join(u", ")));
        QVERIFY(dispute["evidence"].is_object());

        const Answer c = call("GET", QStringLiteral("/v1/customers?limit=1"), stripeAuth());
        const auto customerLacks = missing(example(QStringLiteral("stripe/customer.json")), c.parsed()["data"][0]);
        QVERIFY2(customerLacks.isEmpty(), qPrintable(u"the sandbox's customer lacks " + customerLacks.join(u", ")));
    }

    void zendeskBodiesHaveEveryFieldOfZendesksExamples()
    {
        const qint64 id = zendesk->maxTicketId();
        const Answer t = call("GET", QStringLiteral("/api/v2/tickets/%1.json").arg(id), zendeskAuth());
        QCOMPARE(t.status, 200);
        QStringList lacks = missing(example(QStringLiteral("zendesk/ticket.json")), t.parsed());
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's ticket lacks " + lacks.join(u", ")));

        qint64 withComments = id;
        while (withComments > 0 && zendesk->comments(withComments).empty())
            --withComments;
        const Answer c = call("GET", QStringLiteral("/api/v2/tickets/%1/comments.json").arg(withComments), zendeskAuth());
        QCOMPARE(c.status, 200);
        json expected = example(QStringLiteral("zendesk/ticket_comments.json"));
        expected["comments"][0].erase("attachments"); // our demo comments have none; an empty list is checked below
        lacks = missing(expected, c.parsed());
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's comments lack " + lacks.join(u", ")));
        QVERIFY(c.parsed()["comments"][0]["attachments"].is_array());

        const Answer me = call("GET", QStringLiteral("/api/v2/users/me.json"), zendeskAuth());
        expected = example(QStringLiteral("zendesk/users_me.json"));
        expected["user"]["user_fields"] = json::object(); // an account's own custom fields: ours are others
        lacks = missing(expected, me.parsed());
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's users/me lacks " + lacks.join(u", ")));

        const Answer macros = call("GET", QStringLiteral("/api/v2/macros/active.json"), zendeskAuth());
        lacks = missing(example(QStringLiteral("zendesk/macros_active.json")), macros.parsed());
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's macros lack " + lacks.join(u", ")));

        const Answer inc =
            call("GET", QStringLiteral("/api/v2/incremental/tickets/cursor.json?start_time=0&include=users,organizations,groups"),
                 zendeskAuth());
        QCOMPARE(inc.status, 200);
        const json page = inc.parsed();
        lacks = missing(example(QStringLiteral("zendesk/incremental_tickets_cursor.json")), page);
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's incremental page lacks " + lacks.join(u", ")));
        json org = example(QStringLiteral("zendesk/organization.json"))["organization"];
        org["organization_fields"] = json::object(); // an account's own custom fields: ours are others
        lacks = missing(org, page["organizations"][0]);
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's organization lacks " + lacks.join(u", ")));
        lacks = missing(example(QStringLiteral("zendesk/group.json"))["group"], page["groups"][0]);
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's group lacks " + lacks.join(u", ")));

        const Answer job = call("PUT", QStringLiteral("/api/v2/tickets/update_many.json?ids=%1").arg(id), zendeskAuth(),
                                R"({"ticket":{"additional_tags":["checked"]}})");
        QCOMPARE(job.status, 200);
        const QString jobId = QString::fromStdString(job.parsed()["job_status"]["id"].get<std::string>());
        Answer status;
        for (int i = 0; i < 5; ++i)
            status = call("GET", QStringLiteral("/api/v2/job_statuses/%1.json").arg(jobId), zendeskAuth());
        lacks = missing(example(QStringLiteral("zendesk/job_status.json")), status.parsed());
        QVERIFY2(lacks.isEmpty(), qPrintable(u"the sandbox's job status lacks " + lacks.join(u", ")));
    }

    void dhlSendsNothingDhlsSpecificationLacks()
    {
        // The example carries every property of DHL's schema: whatever the sandbox sends must be among them.
        const QString number = fakes->trackingNumber(QStringLiteral("dhl"));
        QVERIFY(!number.isEmpty());
        const Answer a = call("GET", QStringLiteral("/track/shipments?trackingNumber=") + number,
                              {qMakePair(QByteArray("DHL-API-Key"), fakes->options().dhlKey.toUtf8())});
        QCOMPARE(a.status, 200);
        const QStringList unknown = missing(a.parsed(), example(QStringLiteral("dhl/shipments.json")));
        QVERIFY2(unknown.isEmpty(), qPrintable(u"not in DHL's specification: " + unknown.join(u", ")));
        const Answer none = call("GET", QStringLiteral("/track/shipments?trackingNumber=NOPE"),
                                 {qMakePair(QByteArray("DHL-API-Key"), fakes->options().dhlKey.toUtf8())});
        QCOMPARE(none.status, 404);
        QVERIFY(none.contentType.startsWith("application/problem+json"));
        QVERIFY(missing(example(QStringLiteral("dhl/shipment_not_found.json")), none.parsed()).size() <= 1); // instance is optional
    }

    void faultsComeInEachVendorsWords_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("needle"); // what the vendor's body says
        QTest::addColumn<bool>("retryAfter");
        const int error = int(Fault::ServerError), limited = int(Fault::RateLimited);
        QTest::newRow("zendesk 500") << QStringLiteral("zendesk.ticket") << error << 500 << QByteArray("application/json")
                                     << QStringLiteral("\"error\":\"InternalError\"") << false;
        QTest::newRow("zendesk 429") << QStringLiteral("zendesk.ticket") << limited << 429 << QByteArray("text/plain")
                                     << QStringLiteral("Number of allowed API requests per minute exceeded") << true;
        QTest::newRow("stripe 500") << QStringLiteral("stripe.charges") << error << 500 << QByteArray("application/json")
                                    << QStringLiteral("\"type\":\"api_error\"") << false;
        QTest::newRow("stripe 429") << QStringLiteral("stripe.charges") << limited << 429 << QByteArray("application/json")
                                    << QStringLiteral("\"code\":\"rate_limit\"") << false;
        QTest::newRow("salesforce 500") << QStringLiteral("salesforce.query") << error << 500 << QByteArray("application/json")
                                        << QStringLiteral("\"errorCode\":\"UNKNOWN_EXCEPTION\"") << false;
        QTest::newRow("salesforce quota") << QStringLiteral("salesforce.query") << limited << 403 << QByteArray("application/json")
                                          << QStringLiteral("\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"") << false;
        QTest::newRow("dhl 500") << QStringLiteral("dhl.track") << error << 500 << QByteArray("application/problem+json")
                                 << QStringLiteral("\"status\":500") << false;
        QTest::newRow("dhl 429") << QStringLiteral("dhl.track") << limited << 429 << QByteArray("application/problem+json")
                                 << QStringLiteral("\"status\":429") << true;
    }

    void faultsComeInEachVendorsWords()
    {
        QFETCH(QString, route);
        QFETCH(int, fault);
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, needle);
        QFETCH(bool, retryAfter);
        server->scriptFault(route, Fault(fault));
        const QHash<QString, QString> paths = {{QStringLiteral("zendesk.ticket"), QStringLiteral("/api/v2/tickets/1.json")},
                                               {QStringLiteral("stripe.charges"), QStringLiteral("/v1/charges")},
                                               {QStringLiteral("salesforce.query"), QStringLiteral("/services/data/v62.0/query")},
                                               {QStringLiteral("dhl.track"), QStringLiteral("/track/shipments")}};
        const Answer a = call("GET", paths.value(route));
        QCOMPARE(a.status, status);
        QVERIFY2(a.contentType.startsWith(contentType), a.contentType.constData());
        QVERIFY2(QString::fromUtf8(a.body).contains(needle), a.body.constData());
        QCOMPARE(!a.retryAfter.isEmpty(), retryAfter);
    }

    void aFaultRateOfOneFailsEveryRequest()
    {
        // As `cosmicdesk sandbox --fault-rate 1` splits it: a third each of 500, 429 and resets.
        sandbox::HttpSandbox own(11);
        QVERIFY(own.start() != 0);
        own.addRoute(QStringLiteral("t.ok"), "GET", QStringLiteral("/ok"),
                     [](const sandbox::SandboxRequest &) { return sandbox::SandboxReply::text(200, "ok"); });
        auto countOk = [&](double rate, int n) {
            sandbox::FaultKnobs k;
            k.errorRate = k.rateLimitRate = k.resetRate = rate / 3;
            own.setKnobs(QStringLiteral("*"), k);
            int ok = 0;
            for (int i = 0; i < n; ++i) {
                QNetworkRequest req(QUrl(own.baseUrl() + QStringLiteral("/ok")));
                QNetworkReply *reply = nam.get(req);
                if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000))
                    reply->abort();
                ok += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 ? 1 : 0;
                reply->deleteLater();
            }
            return ok;
        };
        QCOMPARE(countOk(1.0, 60), 0);
        const int half = countOk(0.5, 200);
        QVERIFY2(half > 70 && half < 130, qPrintable(QString::number(half)));
        QCOMPARE(countOk(0.0, 20), 20);
    }
};

QTEST_GUILESS_MAIN(VendorShapesTest)
#include "vendorshapes_test.moc"
