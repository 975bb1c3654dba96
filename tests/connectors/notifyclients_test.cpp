// SendGrid Mail Send and Slack incoming webhooks against the sandbox's stand-ins over real HTTP on
// 127.0.0.1: the payloads as the vendors want them, each error class in the vendors' words, one
// attempt per call (neither vendor has an idempotency key), and no secret in a log line.
#include <connectors/auth.h>
#include <connectors/notifyclients.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/notifyfakes.h>

#include <support/wait.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QtTest>

using namespace cosmicdesk;
using connectors::MailAddress;
using connectors::MailMessage;
using connectors::SendGridClient;
using connectors::SlackMessage;
using connectors::SlackWebhookClient;
using models::Error;
using models::Result;
using nlohmann::json;
using testsupport::Wait;

namespace {

const QString kHook = QStringLiteral("/services/T0DEMO0000/B0DEMO0000/demowebhooksecret000000");
const QString kHookSecret = QStringLiteral("demowebhooksecret000000");

MailMessage alert()
{
    MailMessage m;
    m.to = {{QStringLiteral("oncall@acme.com"), QStringLiteral("Support On-call")}};
    m.cc = {{QStringLiteral("lead@acme.com"), QString()}};
    m.from = {QStringLiteral("alerts@acme.com"), QStringLiteral("CosmicDesk")};
    m.replyTo = MailAddress{QStringLiteral("support@acme.com"), QString()};
    m.subject = QStringLiteral("[P1] Refund failures spiking");
    m.text = QStringLiteral("12 refund errors in 10 minutes.");
    m.html = QStringLiteral("<p>12 refund errors in 10 minutes.</p>");
    m.outboxId = QStringLiteral("ob_20240503_0042");
    m.categories = {QStringLiteral("cosmicdesk-alert")};
    return m;
}

QString words(const Result<QString> &r)
{
    return r.ok() ? QString(QStringLiteral("ok: ") + r.value()) : QString(errorKindName(r.error().kind) + u' ' + r.error().message);
}

QString words(const Result<void> &r)
{
    return r.ok() ? QStringLiteral("ok") : QString(errorKindName(r.error().kind) + u' ' + r.error().message);
}

} // namespace

class NotifyClientsTest : public QObject
{
    Q_OBJECT

    // A fresh server and stand-ins per test: knobs and windows never leak from one test to the next.
    struct Env
    {
        std::unique_ptr<sandbox::HttpSandbox> server;
        std::unique_ptr<sandbox::NotifyFakes> fakes;
        QStringList log;

        connectors::RestClient::Options options() const
        {
            connectors::RestClient::Options o;
            o.baseUrl = QUrl(server->baseUrl());
            o.maxAttempts = 4; // would resend, were the requests idempotent
            o.backoffBase = std::chrono::milliseconds(10);
            o.timeout = std::chrono::milliseconds(3000);
            return o;
        }
        std::unique_ptr<SendGridClient> sendGrid(const QString &key = {})
        {
            auto c = std::make_unique<SendGridClient>(options(), key.isEmpty() ? fakes->options().sendGridKey : key);
            c->setLogSink([this](const QString &line) { log << line; });
            return c;
        }
        std::unique_ptr<SlackWebhookClient> slack()
        {
            auto c = std::make_unique<SlackWebhookClient>(options());
            c->setLogSink([this](const QString &line) { log << line; });
            return c;
        }
        QUrl hook(const QString &path = kHook) const { return QUrl(server->baseUrl() + path); }
    };

    std::unique_ptr<Env> env(sandbox::NotifyFakeOptions o = {})
    {
        auto e = std::make_unique<Env>();
        e->server = std::make_unique<sandbox::HttpSandbox>(7);
        if (e->server->start() == 0)
            return nullptr;
        e->fakes = std::make_unique<sandbox::NotifyFakes>(*e->server, std::move(o));
        return e;
    }

    Result<QString> send(SendGridClient &c, const MailMessage &m)
    {
        Wait<QString> w;
        c.send(m, this, w.callback());
        if (!w.wait())
            return Error::make(Error::Kind::Timeout, QStringLiteral("no answer in the test"));
        return *w.result;
    }
    Result<void> post(SlackWebhookClient &c, const QUrl &hook, const SlackMessage &m)
    {
        Wait<void> w;
        c.post(hook, m, this, w.callback());
        if (!w.wait())
            return Error::make(Error::Kind::Timeout, QStringLiteral("no answer in the test"));
        return *w.result;
    }

private Q_SLOTS:
    // --- SendGrid -------------------------------------------------------------------------------

    void sendGrid_mailArrivesWithExactPayloadAndMessageIdComesBack()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->sendGrid();
        const MailMessage m = alert();
        const auto r = send(*c, m);
        QVERIFY2(r.ok(), qPrintable(words(r)));

        const auto mails = e->fakes->mails();
        QCOMPARE(mails.size(), std::size_t(1));
        QCOMPARE(r.value(), mails[0].messageId);
        QCOMPARE(r.value().size(), 22);
        const json &b = mails[0].body;
        QCOMPARE(b, SendGridClient::payload(m));
        const json &p = b["personalizations"][0];
        QCOMPARE(p["to"], json::array({{{"email", "oncall@acme.com"}, {"name", "Support On-call"}}}));
        QCOMPARE(p["cc"], json::array({{{"email", "lead@acme.com"}}})); // no empty name
        QCOMPARE(p["custom_args"]["outbox_id"], json("ob_20240503_0042"));
        QCOMPARE(p["subject"], json("[P1] Refund failures spiking"));
        QCOMPARE(b["subject"], json("[P1] Refund failures spiking"));
        QCOMPARE(b["from"], json({{"email", "alerts@acme.com"}, {"name", "CosmicDesk"}}));
        QCOMPARE(b["reply_to"], json({{"email", "support@acme.com"}}));
        QCOMPARE(b["content"].size(), std::size_t(2));
        QCOMPARE(b["content"][0], json({{"type", "text/plain"}, {"value", "12 refund errors in 10 minutes."}}));
        QCOMPARE(b["content"][1], json({{"type", "text/html"}, {"value", "<p>12 refund errors in 10 minutes.</p>"}}));
        QCOMPARE(b["categories"], json::array({"cosmicdesk-alert"}));

        const auto received = e->server->received(QStringLiteral("sendgrid.send"));
        QCOMPARE(received.size(), std::size_t(1));
        QCOMPARE(received[0].header("authorization"), QByteArray("Bearer SG.demo.key"));
        QVERIFY(received[0].header("content-type").startsWith("application/json"));
    }

    void sendGrid_payloadWithoutHtmlHasOnlyPlainText()
    {
        MailMessage m = alert();
        m.html.clear();
        m.cc.clear();
        m.replyTo.reset();
        m.outboxId.clear();
        m.categories.clear();
        const json b = SendGridClient::payload(m);
        QCOMPARE(b["content"], json::array({{{"type", "text/plain"}, {"value", "12 refund errors in 10 minutes."}}}));
        QVERIFY(!b["personalizations"][0].contains("cc"));
        QVERIFY(!b["personalizations"][0].contains("custom_args"));
        QVERIFY(!b.contains("reply_to"));
        QVERIFY(!b.contains("categories"));
    }

    void sendGrid_badKeyIsAuthInSendGridsWords()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->sendGrid(QStringLiteral("SG.wrong.key"));
        const auto r = send(*c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QCOMPARE(r.error().httpStatus, 401);
        QCOMPARE(r.error().message, QStringLiteral("The provided authorization grant is invalid, expired, or revoked"));
        QVERIFY(e->fakes->mails().empty());
        QCOMPARE(e->server->received(QStringLiteral("sendgrid.send")).size(), std::size_t(1));
    }

    void sendGrid_validationErrorNamesTheField()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->sendGrid();
        MailMessage m = alert();
        m.categories.clear();
        for (int i = 0; i < 11; ++i) // SendGrid's limit is 10; left to SendGrid to say
            m.categories << QStringLiteral("c%1").arg(i);
        const auto r = send(*c, m);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(r.error().httpStatus, 400);
        QVERIFY2(r.error().message.contains(QStringLiteral("Too many categories")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(QStringLiteral("(field categories)")), qPrintable(r.error().message));
        QVERIFY(e->fakes->mails().empty());
    }

    void sendGrid_unverifiedSenderIsForbiddenWithFieldFrom()
    {
        sandbox::NotifyFakeOptions o;
        o.verifiedSenders = {QStringLiteral("noreply@cosmicdesk.example")};
        auto e = env(o);
        QVERIFY(e);
        auto c = e->sendGrid();
        const auto r = send(*c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY(r.error().message.startsWith(QStringLiteral("The from address does not match a verified Sender Identity")));
        QVERIFY(r.error().message.endsWith(QStringLiteral("(field from)")));

        MailMessage verified = alert();
        verified.from.email = QStringLiteral("noreply@cosmicdesk.example");
        QVERIFY2(send(*c, verified).ok(), "a verified sender goes through");
    }

    void sendGrid_rateLimitedCarriesTheResetAndIsNotResent()
    {
        auto e = env();
        QVERIFY(e);
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 40;
        e->server->setKnobs(QStringLiteral("sendgrid"), k);
        e->server->scriptFault(QStringLiteral("sendgrid.send"), sandbox::Fault::RateLimited);
        auto c = e->sendGrid();
        const auto r = send(*c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::RateLimited);
        QCOMPARE(r.error().httpStatus, 429);
        QCOMPARE(r.error().message, QStringLiteral("too many requests"));
        // From X-RateLimit-Reset (a Unix second 40 s ahead), not a default.
        QVERIFY2(r.error().retryAfter.count() >= 38 && r.error().retryAfter.count() <= 40,
                 qPrintable(QString::number(r.error().retryAfter.count())));
        QCOMPARE(e->server->received(QStringLiteral("sendgrid.send")).size(), std::size_t(1));
    }

    void sendGrid_windowExhaustedAnswers429UntilReset()
    {
        sandbox::NotifyFakeOptions o;
        o.sendGridRateLimit = 2;
        o.sendGridWindowSecs = 3600;
        auto e = env(o);
        QVERIFY(e);
        auto c = e->sendGrid();
        QVERIFY(send(*c, alert()).ok());
        QVERIFY(send(*c, alert()).ok());
        const auto r = send(*c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::RateLimited);
        QVERIFY(r.error().retryAfter.count() > 0);
        QVERIFY(r.error().retryAfter.count() <= 3600);
        QCOMPARE(e->fakes->mails().size(), std::size_t(2));
    }

    void sendGrid_serverErrorIsServerAndNotResent()
    {
        auto e = env();
        QVERIFY(e);
        e->server->scriptFault(QStringLiteral("sendgrid.send"), sandbox::Fault::ServerError);
        auto c = e->sendGrid();
        const auto r = send(*c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Server);
        QCOMPARE(r.error().httpStatus, 500);
        QCOMPARE(r.error().message, QStringLiteral("internal server error"));
        // A second attempt could be a second mail: the outbox decides, not RestClient.
        QCOMPARE(e->server->received(QStringLiteral("sendgrid.send")).size(), std::size_t(1));
        QVERIFY(e->fakes->mails().empty());
    }

    void sendGrid_timeoutIsNotResent()
    {
        auto e = env();
        QVERIFY(e);
        e->server->scriptFault(QStringLiteral("sendgrid.send"), sandbox::Fault::Hang);
        auto o = e->options();
        o.timeout = std::chrono::milliseconds(300);
        SendGridClient c(o, e->fakes->options().sendGridKey);
        const auto r = send(c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Timeout);
        QCOMPARE(r.error().httpStatus, 0);
        QTest::qWait(200); // a resend would have arrived by now
        QCOMPARE(e->server->received(QStringLiteral("sendgrid.send")).size(), std::size_t(1));
    }

    void sendGrid_connectionRefusedIsNetwork()
    {
        quint16 port = 0;
        {
            sandbox::HttpSandbox probe;
            port = probe.start();
        } // closed again: nothing listens there now
        QVERIFY(port != 0);
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        o.maxAttempts = 1;
        SendGridClient c(o, QStringLiteral("SG.demo.key"));
        const auto r = send(c, alert());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Network);
        QCOMPARE(r.error().httpStatus, 0);
    }

    void sendGrid_anythingButAnEmpty202IsAnError()
    {
        sandbox::HttpSandbox server(3);
        QVERIFY(server.start() != 0);
        server.addRoute(QStringLiteral("sendgrid.send"), "POST", QStringLiteral("/v3/mail/send"),
                        [](const sandbox::SandboxRequest &) { return sandbox::SandboxReply::json(200, R"({"message":"success"})"); });
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server.baseUrl());
        SendGridClient c(o, QStringLiteral("SG.demo.key"));
        const auto r = send(c, alert());
        QVERIFY2(!r.ok(), qPrintable(words(r)));
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(r.error().httpStatus, 200);
        QVERIFY(r.error().message.contains(QStringLiteral("202")));
    }

    void validate_refusesByNameWithoutSending_data()
    {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no recipient") << 0 << QStringLiteral("no recipient");
        QTest::newRow("1001 recipients") << 1 << QStringLiteral("1001 recipients");
        QTest::newRow("an address twice") << 2 << QStringLiteral("lead@acme.com is a recipient more than once");
        QTest::newRow("invalid e-mail") << 3 << QStringLiteral("\"oncall at acme\" is not a valid e-mail address");
        QTest::newRow("no subject") << 4 << QStringLiteral("no subject");
        QTest::newRow("no text") << 5 << QStringLiteral("no text");
        QTest::newRow("no from") << 6 << QStringLiteral("no from address");
        QTest::newRow("invalid reply-to") << 7 << QStringLiteral("reply-to address");
    }

    void validate_refusesByNameWithoutSending()
    {
        QFETCH(int, what);
        QFETCH(QString, expected);
        MailMessage m = alert();
        switch (what) {
        case 0: m.to.clear(); break;
        case 1:
            m.cc.clear();
            for (int i = 0; i < 1000; ++i)
                m.cc.push_back({QStringLiteral("agent%1@acme.com").arg(i), QString()});
            break;                                                                   // 1 to + 1000 cc
        case 2: m.to.push_back({QStringLiteral("Lead@acme.com"), QString()}); break; // also in cc, in other case
        case 3: m.to[0].email = QStringLiteral("oncall at acme"); break;
        case 4: m.subject = QStringLiteral("  "); break;
        case 5: m.text.clear(); break;
        case 6: m.from = {}; break;
        case 7: m.replyTo->email = QStringLiteral("support@"); break;
        default: QFAIL("no such case");
        }
        const auto v = SendGridClient::validate(m);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().kind, Error::Kind::BadPayload);
        QVERIFY2(v.error().message.contains(expected), qPrintable(v.error().message));

        auto e = env();
        QVERIFY(e);
        auto c = e->sendGrid();
        const auto r = send(*c, m);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(r.error().message, v.error().message);
        QVERIFY(e->server->received().empty());
    }

    void validate_acceptsTheLimitExactly()
    {
        MailMessage m = alert();
        m.cc.clear();
        for (int i = 0; i < 999; ++i)
            m.cc.push_back({QStringLiteral("agent%1@acme.com").arg(i), QString()});
        QVERIFY(SendGridClient::validate(m).ok()); // 1 + 999 = 1000
        auto e = env();
        QVERIFY(e);
        auto c = e->sendGrid();
        const auto r = send(*c, m);
        QVERIFY2(r.ok(), qPrintable(words(r)));
        QCOMPARE(e->fakes->mails().front().body["personalizations"][0]["cc"].size(), std::size_t(999));
    }

    // The stand-in on its own, for what the client never sends.
    void sendGridFake_refusesWhatSendGridRefuses()
    {
        auto e = env();
        QVERIFY(e);
        connectors::RestClient rest(e->options(), std::make_shared<connectors::BearerAuth>(QStringLiteral("SG.demo.key")));
        connectors::RestClient anonymous(e->options(), nullptr);
        std::optional<connectors::RestResponse> seen; // every answer, whatever its status
        rest.setResponseObserver([&seen](const connectors::RestResponse &r) { seen = r; });
        anonymous.setResponseObserver([&seen](const connectors::RestResponse &r) { seen = r; });
        const auto call = [this, &seen](connectors::RestClient &client, QByteArray body) {
            seen.reset();
            Wait<connectors::RestResponse> w;
            client.send(connectors::RestRequest::post(QStringLiteral("/v3/mail/send"), std::move(body)), this, w.callback());
            w.wait();
            return seen.value_or(connectors::RestResponse{});
        };
        const auto firstError = [](const connectors::RestResponse &r) {
            const auto j = json::parse(r.body.toStdString(), nullptr, false);
            return j.is_discarded() ? json() : j["errors"][0];
        };
        json good = SendGridClient::payload(alert());

        auto r = call(anonymous, QByteArray::fromStdString(good.dump()));
        QCOMPARE(r.status, 401);
        QCOMPARE(firstError(r)["message"], json("authorization required"));

        r = call(rest, "{not json");
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json(nullptr));

        json noPersonalizations = good;
        noPersonalizations.erase("personalizations");
        r = call(rest, QByteArray::fromStdString(noPersonalizations.dump()));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json("personalizations"));

        json htmlFirst = good;
        std::swap(htmlFirst["content"][0], htmlFirst["content"][1]);
        r = call(rest, QByteArray::fromStdString(htmlFirst.dump()));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json("content.1.type"));

        json twice = good;
        twice["personalizations"][0]["cc"] = json::array({{{"email", "ONCALL@acme.com"}}});
        r = call(rest, QByteArray::fromStdString(twice.dump()));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json("personalizations.0.cc"));

        json noSubject = good;
        noSubject.erase("subject");
        r = call(rest, QByteArray::fromStdString(noSubject.dump()));
        QCOMPARE(r.status, 202); // every personalization has one
        noSubject["personalizations"][0].erase("subject");
        r = call(rest, QByteArray::fromStdString(noSubject.dump()));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json("subject"));

        json emptyValue = good;
        emptyValue["content"][0]["value"] = "";
        r = call(rest, QByteArray::fromStdString(emptyValue.dump()));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)["field"], json("content.0.value"));

        r = call(rest, QByteArray::fromStdString(good.dump()));
        QCOMPARE(r.status, 202);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.header("x-message-id").isEmpty());
        QCOMPARE(r.header("x-ratelimit-limit"), QByteArray("600"));
        QVERIFY(r.header("x-ratelimit-remaining").toInt() < 600);
        QVERIFY(r.header("x-ratelimit-reset").toLongLong() > QDateTime::currentSecsSinceEpoch());
        QCOMPARE(e->fakes->mails().size(), std::size_t(2));
    }

    // --- Slack ----------------------------------------------------------------------------------

    void slack_okPostsThePayload()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->slack();
        SlackMessage m{QStringLiteral("P1: refund failures spiking (12 in 10 min)"),
                       QStringLiteral("*P1* refund failures spiking\n<https://acme.zendesk.com/agent/tickets/48213|#48213>")};
        const auto r = post(*c, e->hook(), m);
        QVERIFY2(r.ok(), qPrintable(words(r)));
        const auto posts = e->fakes->slackPosts();
        QCOMPARE(posts.size(), std::size_t(1));
        QCOMPARE(posts[0].hookPath, kHook);
        const json expected = {
            {"text", "P1: refund failures spiking (12 in 10 min)"},
            {"blocks",
             json::array({{{"type", "section"},
                           {"text",
                            {{"type", "mrkdwn"},
                             {"text", "*P1* refund failures spiking\n<https://acme.zendesk.com/agent/tickets/48213|#48213>"}}}}})},
            {"unfurl_links", false}}; // moc 6.4 loses the class after a raw string with a delimiter
        QCOMPARE(posts[0].body, expected);
        QCOMPARE(SlackWebhookClient::payload(m), expected);
        const auto received = e->server->received(QStringLiteral("slack.webhook"));
        QCOMPARE(received.size(), std::size_t(1));
        QVERIFY(received[0].header("authorization").isEmpty());
        QVERIFY(received[0].header("content-type").startsWith("application/json"));
    }

    void slack_withoutMrkdwnHasNoBlocks()
    {
        const json j = SlackWebhookClient::payload(SlackMessage{QStringLiteral("plain"), QString()});
        QCOMPARE(j, json({{"text", "plain"}, {"unfurl_links", false}}));
    }

    void slack_longSectionIsCutToSlacksLimit()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->slack();
        const SlackMessage m{QStringLiteral("long"), QString(5000, u'x')};
        const json j = SlackWebhookClient::payload(m);
        const QString section = QString::fromStdString(j["blocks"][0]["text"]["text"].get<std::string>());
        QCOMPARE(section.size(), SlackWebhookClient::kMaxSectionText);
        QVERIFY(section.endsWith(QChar(0x2026)));
        const auto r = post(*c, e->hook(), m);
        QVERIFY2(r.ok(), qPrintable(words(r))); // the stand-in refuses a longer one as invalid_blocks
    }

    void slack_escapeKeepsRemoteTextFromBecomingMarkup()
    {
        QCOMPARE(SlackWebhookClient::escape(QStringLiteral("<!channel> A&B <b>")), QStringLiteral("&lt;!channel&gt; A&amp;B &lt;b&gt;"));
    }

    void slack_noTextIsBadPayload()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->slack();
        const auto r = post(*c, e->hook(), SlackMessage{QString(), QStringLiteral("*only blocks*")});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(r.error().httpStatus, 400);
        QCOMPARE(r.error().message, QStringLiteral("no_text"));
        QVERIFY(e->fakes->slackPosts().empty());
    }

    void slack_revokedOrUnknownHookIsNotFoundNoService()
    {
        auto e = env();
        QVERIFY(e);
        auto c = e->slack();
        QVERIFY(post(*c, e->hook(), SlackMessage{QStringLiteral("before"), {}}).ok());
        e->fakes->revokeHook(kHook);
        auto r = post(*c, e->hook(), SlackMessage{QStringLiteral("after"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().httpStatus, 404);
        QCOMPARE(r.error().message, QStringLiteral("no_service"));

        r = post(*c, e->hook(QStringLiteral("/services/T0DEMO0000/B0OTHER000/othersecret")), SlackMessage{QStringLiteral("x"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().message, QStringLiteral("no_service"));
        QCOMPARE(e->fakes->slackPosts().size(), std::size_t(1));
    }

    void slack_rateLimitedCarriesRetryAfterAndIsNotResent()
    {
        auto e = env();
        QVERIFY(e);
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 7;
        e->server->setKnobs(QStringLiteral("slack"), k);
        e->server->scriptFault(QStringLiteral("slack.webhook"), sandbox::Fault::RateLimited);
        auto c = e->slack();
        const auto r = post(*c, e->hook(), SlackMessage{QStringLiteral("x"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::RateLimited);
        QCOMPARE(r.error().httpStatus, 429);
        QCOMPARE(r.error().retryAfter, std::chrono::seconds(7));
        QCOMPARE(r.error().message, QStringLiteral("rate_limited"));
        QCOMPARE(e->server->received(QStringLiteral("slack.webhook")).size(), std::size_t(1));
    }

    void slack_burstOverTheHooksLimitIs429ThenRecovers()
    {
        sandbox::NotifyFakeOptions o;
        o.slackBurst = 2;
        auto e = env(o);
        QVERIFY(e);
        auto c = e->slack();
        QVERIFY(post(*c, e->hook(), SlackMessage{QStringLiteral("1"), {}}).ok());
        QVERIFY(post(*c, e->hook(), SlackMessage{QStringLiteral("2"), {}}).ok());
        const auto r = post(*c, e->hook(), SlackMessage{QStringLiteral("3"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::RateLimited);
        QCOMPARE(r.error().retryAfter, std::chrono::seconds(1));
        QVERIFY(!connectors::notificationMaybeSent(r.error()));
        QTest::qWait(1100);
        QVERIFY(post(*c, e->hook(), SlackMessage{QStringLiteral("4"), {}}).ok());
        QCOMPARE(e->fakes->slackPosts().size(), std::size_t(3));
    }

    void maybeSent_onlyWhenTheRequestMayHaveArrived()
    {
        using K = Error::Kind;
        QVERIFY(connectors::notificationMaybeSent(Error::make(K::Timeout, {})));
        QVERIFY(connectors::notificationMaybeSent(Error::make(K::Network, {})));
        QVERIFY(connectors::notificationMaybeSent(Error::make(K::Server, {}, 500)));
        QVERIFY(connectors::notificationMaybeSent(Error::make(K::BadPayload, {}, 200))); // an odd 2xx
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::BadPayload, {})));     // validate()
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::Config, {})));
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::BadPayload, {}, 400)));
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::Auth, {}, 401)));
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::RateLimited, {}, 429)));
        QVERIFY(!connectors::notificationMaybeSent(Error::make(K::NotFound, {}, 404)));
    }

    void slack_serverErrorIsRollupError()
    {
        auto e = env();
        QVERIFY(e);
        e->server->scriptFault(QStringLiteral("slack.webhook"), sandbox::Fault::ServerError);
        auto c = e->slack();
        const auto r = post(*c, e->hook(), SlackMessage{QStringLiteral("x"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Server);
        QCOMPARE(r.error().httpStatus, 500);
        QCOMPARE(r.error().message, QStringLiteral("rollup_error"));
        QCOMPARE(e->server->received(QStringLiteral("slack.webhook")).size(), std::size_t(1));
    }

    void slack_otherAnswersMapByStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::newRow("200 not ok") << 200 << QByteArray("<html>captive portal</html>") << int(Error::Kind::BadPayload);
        QTest::newRow("200 empty") << 200 << QByteArray() << int(Error::Kind::BadPayload);
        QTest::newRow("202 ok") << 202 << QByteArray("ok") << int(Error::Kind::BadPayload);
        QTest::newRow("403 action_prohibited") << 403 << QByteArray("action_prohibited") << int(Error::Kind::Auth);
        QTest::newRow("403 invalid_token") << 403 << QByteArray("invalid_token") << int(Error::Kind::Auth);
        QTest::newRow("404 channel_not_found") << 404 << QByteArray("channel_not_found") << int(Error::Kind::NotFound);
        QTest::newRow("410 channel_is_archived") << 410 << QByteArray("channel_is_archived") << int(Error::Kind::NotFound);
        QTest::newRow("400 user_not_found") << 400 << QByteArray("user_not_found") << int(Error::Kind::BadPayload);
        QTest::newRow("503") << 503 << QByteArray("service_unavailable") << int(Error::Kind::Server);
    }

    void slack_otherAnswersMapByStatus()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        sandbox::HttpSandbox server(5);
        QVERIFY(server.start() != 0);
        server.addRoute(QStringLiteral("slack.webhook"), "POST", QStringLiteral("/services/.*"),
                        [status, body](const sandbox::SandboxRequest &) { return sandbox::SandboxReply::text(status, body); });
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server.baseUrl());
        o.backoffBase = std::chrono::milliseconds(10);
        SlackWebhookClient c(o);
        QStringList log;
        c.setLogSink([&log](const QString &line) { log << line; });
        const auto r = post(c, QUrl(server.baseUrl() + kHook), SlackMessage{QStringLiteral("x"), {}});
        QVERIFY2(!r.ok(), "only 200 \"ok\" is success");
        QCOMPARE(int(r.error().kind), kind);
        QCOMPARE(r.error().httpStatus, status);
        if (status >= 400)
            QCOMPARE(r.error().message, QString::fromLatin1(body));
        QVERIFY2(!r.error().message.contains(kHookSecret), qPrintable(r.error().message));
        QCOMPARE(server.received().size(), std::size_t(1)); // 503 included: never resent
        for (const auto &line : log)
            QVERIFY2(!line.contains(QStringLiteral("/services/T")), qPrintable(line));
    }

    void slack_plainHttpToAnotherMachineIsRefusedUnsent()
    {
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(QStringLiteral("https://hooks.slack.com"));
        SlackWebhookClient c(o);
        QStringList log;
        c.setLogSink([&log](const QString &line) { log << line; });
        const auto r = post(c, QUrl(QStringLiteral("http://hooks.slack.com") + kHook), SlackMessage{QStringLiteral("x"), {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
        QVERIFY(!r.error().message.contains(kHookSecret));
        QVERIFY(r.error().message.contains(QStringLiteral("/services/***")));
        QVERIFY(log.isEmpty()); // nothing went out
    }

    void slackFake_refusesInvalidPayload()
    {
        auto e = env();
        QVERIFY(e);
        connectors::RestClient rest(e->options(), nullptr);
        std::optional<connectors::RestResponse> seen;
        rest.setResponseObserver([&seen](const connectors::RestResponse &r) { seen = r; });
        Wait<connectors::RestResponse> w;
        rest.send(connectors::RestRequest::post(kHook, "text=not json"), this, w.callback());
        QVERIFY(w.wait());
        QVERIFY(seen);
        QCOMPARE(seen->status, 400);
        QCOMPARE(seen->body, QByteArray("invalid_payload"));
        QVERIFY(seen->header("content-type").startsWith("text/plain"));
    }

    // --- Both -----------------------------------------------------------------------------------

    void secrets_neverAppearInLogLinesOrErrors()
    {
        auto e = env();
        QVERIFY(e);
        auto sg = e->sendGrid();
        auto slack = e->slack();
        QStringList messages;
        const auto note = [&messages](const auto &r) {
            if (!r.ok())
                messages << r.error().message;
        };
        note(send(*sg, alert()));
        e->server->scriptFault(QStringLiteral("sendgrid.send"), sandbox::Fault::ServerError);
        note(send(*sg, alert()));
        auto wrong = e->sendGrid(QStringLiteral("SG.wrong.secretkey"));
        note(send(*wrong, alert()));
        note(post(*slack, e->hook(), SlackMessage{QStringLiteral("x"), {}}));
        e->server->scriptFault(QStringLiteral("slack.webhook"), sandbox::Fault::RateLimited);
        note(post(*slack, e->hook(), SlackMessage{QStringLiteral("x"), {}}));
        e->server->scriptFault(QStringLiteral("slack.webhook"), sandbox::Fault::Reset);
        note(post(*slack, e->hook(), SlackMessage{QStringLiteral("x"), {}}));
        e->fakes->revokeHook(kHook);
        note(post(*slack, e->hook(), SlackMessage{QStringLiteral("x"), {}}));

        QVERIFY2(e->log.size() >= 7, qPrintable(e->log.join(u'\n')));
        QVERIFY(e->log.filter(QStringLiteral("/v3/mail/send")).size() >= 3); // the lines are there, and useful
        QVERIFY(e->log.filter(QStringLiteral("/***")).size() >= 4);
        for (const QString &line : e->log + messages) {
            QVERIFY2(!line.contains(QStringLiteral("SG.demo.key")) && !line.contains(QStringLiteral("secretkey")), qPrintable(line));
            QVERIFY2(!line.contains(kHookSecret) && !line.contains(QStringLiteral("T0DEMO0000")), qPrintable(line));
        }
    }

    void queuedMail_isNeverSentOnceItsContextIsGone()
    {
        auto e = env();
        QVERIFY(e);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 300;
        e->server->setKnobs(QStringLiteral("sendgrid"), slow);
        auto o = e->options();
        o.maxInFlightPerHost = 1; // the second mail waits behind the first
        SendGridClient c(o, e->fakes->options().sendGridKey);
        Wait<QString> first;
        c.send(alert(), this, first.callback());
        bool secondAnswered = false;
        {
            QObject owner;
            c.send(alert(), &owner, [&secondAnswered](Result<QString>) { secondAnswered = true; });
        } // the outbox worker went away before its mail left
        QVERIFY(first.wait());
        QVERIFY(first.result->ok());
        QTest::qWait(500);
        QVERIFY(!secondAnswered);
        QCOMPARE(e->server->received(QStringLiteral("sendgrid.send")).size(), std::size_t(1));
        QCOMPARE(e->fakes->mails().size(), std::size_t(1));
    }

    void callbacks_areDroppedWhenTheContextIsGone()
    {
        auto e = env();
        QVERIFY(e);
        auto sg = e->sendGrid();
        auto slack = e->slack();
        bool called = false;
        {
            QObject context;
            sg->send(alert(), &context, [&called](Result<QString>) { called = true; });
            slack->post(e->hook(), SlackMessage{QStringLiteral("x"), {}}, &context, [&called](Result<void>) { called = true; });
            MailMessage invalid = alert();
            invalid.to.clear();
            sg->send(invalid, &context, [&called](Result<QString>) { called = true; });
        }
        QTest::qWait(300);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(NotifyClientsTest)
#include "notifyclients_test.moc"
