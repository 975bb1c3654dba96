// RestClient against the sandbox over real HTTP on 127.0.0.1: every error kind, retries and their
// limits, Retry-After for the whole host, auth (API token, OAuth refresh), secrets kept out of logs.
#include <connectors/auth.h>
#include <connectors/pagination.h>
#include <connectors/restclient.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QtTest>

using namespace cosmicdesk;
using connectors::RestClient;
using connectors::RestRequest;
using connectors::RestResponse;
using models::Error;
using models::Result;
using sandbox::Fault;

namespace {

struct Outcome
{
    bool done = false;
    std::optional<Result<RestResponse>> result;
};

} // namespace

class RestClientTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    QStringList logLines;

    RestClient::Options options(int attempts = 4) const
    {
        RestClient::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.maxAttempts = attempts;
        o.backoffBase = std::chrono::milliseconds(20);
        o.backoffCap = std::chrono::milliseconds(200);
        o.timeout = std::chrono::milliseconds(2000);
        return o;
    }
    std::shared_ptr<connectors::AuthProvider> goodAuth() const
    {
        return std::make_shared<connectors::ZendeskTokenAuth>(zendesk->options().agentEmail, zendesk->options().apiToken);
    }
    Result<RestResponse> call(RestClient &client, RestRequest r, int timeoutMs = 10000)
    {
        Outcome out;
        client.send(std::move(r), this, [&out](Result<RestResponse> res) {
            out.result = std::move(res);
            out.done = true;
        });
        if (!QTest::qWaitFor([&] { return out.done; }, timeoutMs))
            return Error::make(Error::Kind::Cancelled, QStringLiteral("test timed out"));
        return *out.result;
    }
    // A route that answers with a redirect to location.
    static void addRedirect(sandbox::HttpSandbox &on, const QString &route, const QByteArray &method, const QString &path, int status,
                            const QString &location)
    {
        on.addRoute(route, method, path, [status, location](const sandbox::SandboxRequest &) {
            auto r = sandbox::SandboxReply::text(status, "");
            r.headers.append(qMakePair(QByteArray("Location"), location.toUtf8()));
            return r;
        });
    }
    static RestRequest me() { return RestRequest::get(QStringLiteral("/api/v2/users/me.json")); }
    static RestRequest ticket(qint64 id) { return RestRequest::get(QStringLiteral("/api/v2/tickets/%1.json").arg(id)); }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<sandbox::HttpSandbox>(42);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions o;
        o.incrementalPerMinute = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, o);
        models::Ticket t;
        t.id = 101;
        t.subject = QStringLiteral("Refund not received");
        t.requesterId = 7;
        t.createdAt = t.updatedAt = QDateTime::currentSecsSinceEpoch() - 3600;
        std::vector<models::Comment> comments;
        for (int i = 0; i < 250; ++i)
            comments.push_back(models::Comment{1000 + i, 101, 7, QStringLiteral("message %1").arg(i), true, t.createdAt + i});
        zendesk->upsertTicket(t, comments);
        logLines.clear();
    }

    void okAnswerCarriesStatusHeadersAndJson()
    {
        RestClient client(options(), goodAuth());
        auto r = call(client, ticket(101));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value().status, 200);
        QCOMPARE(r.value().header("x-rate-limit"), QByteArray("700"));
        auto j = r.value().json();
        QVERIFY(j.ok());
        QCOMPARE(j.value()["ticket"]["subject"].get<std::string>(), std::string("Refund not received"));
        const auto got = server->received(QStringLiteral("zendesk.ticket"));
        QCOMPARE(got.size(), std::size_t(1));
        QVERIFY(got[0].header("authorization").startsWith("Basic "));
        QVERIFY(got[0].header("user-agent").startsWith("CosmicDesk/"));
    }

    void wrongCredentialsAreAuthWithoutRetries()
    {
        RestClient client(options(6),
                          std::make_shared<connectors::ZendeskTokenAuth>(zendesk->options().agentEmail, QStringLiteral("wrong-token")));
        auto r = call(client, ticket(101));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QCOMPARE(r.error().httpStatus, 401);
        QVERIFY2(r.error().message.contains(u"Couldn't authenticate you"), qPrintable(r.error().message));
        QCOMPARE(server->received().size(), std::size_t(1));
    }

    void missingRecordIsNotFound()
    {
        RestClient client(options(), goodAuth());
        auto r = call(client, ticket(999999));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
        QCOMPARE(r.error().httpStatus, 404);
        QCOMPARE(server->received().size(), std::size_t(1));
    }

    void serverErrorsAreRetriedThenReported()
    {
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::ServerError, 2);
        RestClient client(options(4), goodAuth());
        auto r = call(client, ticket(101));
        QVERIFY(r.ok());
        QCOMPARE(r.value().attempts, 3);

        server->clearReceived();
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::ServerError, 10);
        auto failed = call(client, ticket(101));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().kind, Error::Kind::Server);
        QCOMPARE(failed.error().httpStatus, 500);
        QCOMPARE(server->received().size(), std::size_t(4)); // maxAttempts, no more
    }

    void writesThatMayHaveLandedAreNotRetried()
    {
        server->scriptFault(QStringLiteral("zendesk.update"), Fault::ServerError, 1);
        RestClient client(options(4), goodAuth());
        RestRequest post = RestRequest::put(QStringLiteral("/api/v2/tickets/101.json"), R"({"ticket":{"status":"open"}})");
        post.idempotent = false;
        auto r = call(client, post);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Server);
        QCOMPARE(server->received().size(), std::size_t(1));
    }

    void resetConnectionIsNetworkError()
    {
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::Reset, 10);
        RestClient client(options(2), goodAuth());
        auto r = call(client, ticket(101));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Network);
        // Two attempts of ours; Qt itself may resend once on a reset keep-alive connection.
        QVERIFY(server->received().size() >= 2 && server->received().size() <= 4);
    }

    void oneResetIsHiddenByTheRetry()
    {
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::Reset, 1);
        RestClient client(options(3), goodAuth());
        auto r = call(client, ticket(101));
        QVERIFY(r.ok());
        QCOMPARE(server->received().size(), std::size_t(2));
    }

    void refusedConnectionIsNetworkError()
    {
        RestClient::Options o = options(2);
        o.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
        RestClient client(o, goodAuth());
        auto r = call(client, me());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Network);
    }

    void silenceIsTimeout()
    {
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::Hang, 5);
        RestClient::Options o = options(2);
        o.timeout = std::chrono::milliseconds(300);
        RestClient client(o, goodAuth());
        QElapsedTimer t;
        t.start();
        auto r = call(client, ticket(101));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Timeout);
        QVERIFY(t.elapsed() >= 600);
        QVERIFY(t.elapsed() < 5000);
    }

    void slowBodyWithinTheTimeoutArrivesWhole()
    {
        sandbox::FaultKnobs k;
        k.slowBodyMs = 400;
        server->setKnobs(QStringLiteral("zendesk.comments"), k);
        server->scriptFault(QStringLiteral("zendesk.comments"), Fault::Slow, 1);
        RestClient client(options(), goodAuth());
        auto r = call(client, RestRequest::get(QStringLiteral("/api/v2/tickets/101/comments.json")));
        QVERIFY(r.ok());
        QVERIFY(r.value().json().ok());
        QCOMPARE(r.value().json().value()["comments"].size(), std::size_t(100));
    }

    void malformedAndTruncatedBodiesAreBadPayload()
    {
        RestClient client(options(), goodAuth());
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::Malformed, 1);
        auto r = call(client, ticket(101));
        QVERIFY(r.ok()); // the HTTP exchange itself succeeded
        auto j = r.value().json();
        QVERIFY(!j.ok());
        QCOMPARE(j.error().kind, Error::Kind::BadPayload);
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::Truncated, 1);
        auto cut = call(client, ticket(101));
        QVERIFY(cut.ok());
        QCOMPARE(cut.value().json().ok(), false);
        QCOMPARE(cut.value().json().error().kind, Error::Kind::BadPayload);
    }

    void badAddressIsConfig()
    {
        RestClient::Options o = options();
        o.baseUrl = QUrl(QStringLiteral("ftp://example.invalid"));
        RestClient client(o, goodAuth());
        auto r = call(client, me());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
    }

    void rateLimitIsRetriedAfterRetryAfter_data()
    {
        QTest::addColumn<int>("attempts");
        QTest::newRow("retried") << 4;
        QTest::newRow("given up") << 1;
    }

    void rateLimitIsRetriedAfterRetryAfter()
    {
        QFETCH(int, attempts);
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 1;
        server->setKnobs(QStringLiteral("zendesk.ticket"), k);
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::RateLimited, 1);
        RestClient client(options(attempts), goodAuth());
        auto r = call(client, ticket(101));
        if (attempts == 1) {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, Error::Kind::RateLimited);
            QCOMPARE(r.error().retryAfter, std::chrono::seconds(1));
            return;
        }
        QVERIFY(r.ok());
        const auto got = server->received();
        QCOMPARE(got.size(), std::size_t(2));
        QVERIFY2(got[1].receivedAtMs - got[0].receivedAtMs >= 1000, qPrintable(QString::number(got[1].receivedAtMs - got[0].receivedAtMs)));
    }

    void noRequestToTheHostLeavesBeforeRetryAfter()
    {
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 1;
        server->setKnobs(QStringLiteral("zendesk.ticket"), k);
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::RateLimited, 1);
        RestClient client(options(), goodAuth());
        Outcome first;
        client.send(ticket(101), this, [&](Result<RestResponse> r) {
            first.result = std::move(r);
            first.done = true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(server->received().size(), std::size_t(1), 5000);
        QTest::qWait(100); // the 429 has come back: the host is paused
        // Others queued meanwhile wait for the same moment.
        Outcome second, third;
        client.send(me(), this, [&](Result<RestResponse> r) {
            second.result = std::move(r);
            second.done = true;
        });
        client.send(ticket(101), this, [&](Result<RestResponse> r) {
            third.result = std::move(r);
            third.done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(first.done && second.done && third.done, 10000);
        QVERIFY(first.result->ok() && second.result->ok() && third.result->ok());
        const auto got = server->received();
        QCOMPARE(got.size(), std::size_t(4));
        for (std::size_t i = 1; i < got.size(); ++i)
            QVERIFY2(
                got[i].receivedAtMs - got[0].receivedAtMs >= 1000,
                qPrintable(QStringLiteral("request %1 left %2 ms after the 429").arg(i).arg(got[i].receivedAtMs - got[0].receivedAtMs)));
    }

    void exhaustedQuotaPausesUntilReset()
    {
        // A 200 that says nothing is left: the next call waits for ratelimit-reset.
        sandbox::HttpSandbox quota(3);
        QVERIFY(quota.start() != 0);
        quota.addRoute(QStringLiteral("list"), "GET", QStringLiteral("/list"), [](const sandbox::SandboxRequest &) {
            auto reply = sandbox::SandboxReply::json(200, "{}");
            reply.headers.append(qMakePair(QByteArray("ratelimit-remaining"), QByteArray("0")));
            reply.headers.append(qMakePair(QByteArray("ratelimit-reset"), QByteArray("1")));
            return reply;
        });
        RestClient::Options o = options();
        o.baseUrl = QUrl(quota.baseUrl());
        RestClient client(o, nullptr);
        QVERIFY(call(client, RestRequest::get(QStringLiteral("/list"))).ok());
        QVERIFY(call(client, RestRequest::get(QStringLiteral("/list"))).ok());
        const auto got = quota.received();
        QCOMPARE(got.size(), std::size_t(2));
        QVERIFY(got[1].receivedAtMs - got[0].receivedAtMs >= 900);
    }

    void inFlightIsCappedPerHost()
    {
        sandbox::FaultKnobs k;
        k.latencyMs = 150;
        server->setKnobs(QStringLiteral("zendesk.ticket"), k);
        RestClient::Options o = options();
        o.maxInFlightPerHost = 2;
        RestClient client(o, goodAuth());
        int done = 0, peak = 0;
        for (int i = 0; i < 6; ++i)
            client.send(ticket(101), this, [&](Result<RestResponse> r) {
                QVERIFY(r.ok());
                ++done;
            });
        QTRY_VERIFY_WITH_TIMEOUT((peak = std::max(peak, client.inFlight()), done == 6), 10000);
        QVERIFY(peak <= 2);
        const auto got = server->received();
        QCOMPARE(got.size(), std::size_t(6));
        // Three waves of two: the last request left at least two latencies after the first.
        QVERIFY(got[5].receivedAtMs - got[0].receivedAtMs >= 280);
    }

    void oauthRefreshesOnceAndCaches()
    {
        connectors::OAuth2Auth::Config c;
        c.tokenUrl = QUrl(server->baseUrl() + QStringLiteral("/oauth/tokens"));
        c.clientId = zendesk->options().oauthClientId;
        c.clientSecret = zendesk->options().oauthClientSecret;
        c.refreshToken = zendesk->options().refreshToken;
        c.scope = QStringLiteral("read write");
        auto oauth = std::make_shared<connectors::OAuth2Auth>(c);
        RestClient client(options(), oauth);
        QVERIFY(call(client, ticket(101)).ok());
        QVERIFY(call(client, ticket(101)).ok());
        QCOMPARE(oauth->tokenFetches(), 1); // cached
        const auto grants = server->received(QStringLiteral("zendesk.oauth"));
        QCOMPARE(grants.size(), std::size_t(1));
        const auto body = nlohmann::json::parse(grants[0].body.toStdString());
        QCOMPARE(body["grant_type"].get<std::string>(), std::string("refresh_token"));
        QVERIFY(server->received(QStringLiteral("zendesk.ticket"))[0].header("authorization").startsWith("Bearer "));

        zendesk->expireAccessTokens(); // the server forgets the token: one 401, one refresh, success
        auto r = call(client, ticket(101));
        QVERIFY(r.ok());
        QCOMPARE(oauth->tokenFetches(), 2);
    }

    void oauthWithWrongSecretIsAuth()
    {
        connectors::OAuth2Auth::Config c;
        c.tokenUrl = QUrl(server->baseUrl() + QStringLiteral("/oauth/tokens"));
        c.clientId = zendesk->options().oauthClientId;
        c.clientSecret = QStringLiteral("not-the-secret");
        c.refreshToken = zendesk->options().refreshToken;
        RestClient client(options(), std::make_shared<connectors::OAuth2Auth>(c));
        auto r = call(client, ticket(101));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QVERIFY(server->received(QStringLiteral("zendesk.ticket")).empty()); // never sent without a token
    }

    void credentialsGoOnlyToTheConfiguredHost()
    {
        sandbox::HttpSandbox other(5);
        QVERIFY(other.start() != 0);
        other.addRoute(QStringLiteral("file"), "GET", QStringLiteral("/attachments/receipt"),
                       [](const sandbox::SandboxRequest &) { return sandbox::SandboxReply::text(200, "pdf"); });
        RestClient client(options(), goodAuth());
        QVERIFY(call(client, RestRequest::get(other.baseUrl() + QStringLiteral("/attachments/receipt"))).ok());
        QVERIFY(other.received()[0].header("authorization").isEmpty());
    }

    // A second server on another port is another host: it records what it was sent.
    void redirectToAnotherHostCarriesNoCredentials()
    {
        sandbox::HttpSandbox other(5);
        QVERIFY(other.start() != 0);
        other.addRoute(QStringLiteral("file"), "GET", QStringLiteral("/attachments/receipt"),
                       [](const sandbox::SandboxRequest &) { return sandbox::SandboxReply::text(200, "pdf"); });
        const QString target = other.baseUrl() + QStringLiteral("/attachments/receipt");
        addRedirect(*server, QStringLiteral("moved"), "GET", QStringLiteral("/api/v2/moved"), 302, target);
        auto o = options();
        o.headers.append(qMakePair(QByteArray("DHL-API-Key"), QByteArray("key-for-the-configured-host")));
        RestClient client(o, goodAuth());
        RestRequest request = RestRequest::get(QStringLiteral("/api/v2/moved"));
        request.headers.append(qMakePair(QByteArray("X-Request-Secret"), QByteArray("request-secret")));
        auto r = call(client, request);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value().body, QByteArray("pdf"));
        QCOMPARE(r.value().url, QUrl(target));
        QVERIFY(server->received(QStringLiteral("moved"))[0].header("authorization").startsWith("Basic "));
        QCOMPARE(server->received(QStringLiteral("moved"))[0].header("dhl-api-key"), QByteArray("key-for-the-configured-host"));
        const auto got = other.received();
        QCOMPARE(got.size(), std::size_t(1));
        QVERIFY(got[0].header("authorization").isEmpty());
        QVERIFY(got[0].header("dhl-api-key").isEmpty());
        QVERIFY(got[0].header("x-request-secret").isEmpty());
    }

    void redirectBackToTheConfiguredHostStaysWithoutCredentials()
    {
        // The other host picks where the request goes next: it may not borrow our credentials for that.
        sandbox::HttpSandbox other(5);
        QVERIFY(other.start() != 0);
        const QString back = server->baseUrl() + QStringLiteral("/api/v2/tickets/101.json");
        addRedirect(other, QStringLiteral("bounce"), "GET", QStringLiteral("/bounce"), 307, back);
        const QString away = other.baseUrl() + QStringLiteral("/bounce");
        addRedirect(*server, QStringLiteral("moved"), "GET", QStringLiteral("/api/v2/moved"), 301, away);
        RestClient client(options(), goodAuth());
        auto r = call(client, RestRequest::get(QStringLiteral("/api/v2/moved")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth); // the ticket route wants credentials and got none
        const auto ticket = server->received(QStringLiteral("zendesk.ticket"));
        QCOMPARE(ticket.size(), std::size_t(1));
        QVERIFY(ticket[0].header("authorization").isEmpty());
        QVERIFY(other.received()[0].header("authorization").isEmpty());
    }

    void redirectWithinTheConfiguredHostKeepsCredentials()
    {
        addRedirect(*server, QStringLiteral("moved"), "GET", QStringLiteral("/api/v2/moved"), 301,
                    QStringLiteral("/api/v2/tickets/101.json"));
        RestClient client(options(), goodAuth());
        auto r = call(client, RestRequest::get(QStringLiteral("/api/v2/moved")));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY(server->received(QStringLiteral("zendesk.ticket"))[0].header("authorization").startsWith("Basic "));
        QCOMPARE(r.value().attempts, 1);
    }

    void writeRedirectedToAnotherHostIsRefused()
    {
        sandbox::HttpSandbox other(5);
        QVERIFY(other.start() != 0);
        const QString target = other.baseUrl() + QStringLiteral("/v1/refunds");
        addRedirect(*server, QStringLiteral("moved"), "POST", QStringLiteral("/v1/refunds"), 307, target);
        RestClient client(options(), goodAuth());
        auto r = call(client, RestRequest::post(QStringLiteral("/v1/refunds"), "charge=ch_1&amount=100", true));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
        QCOMPARE(r.error().httpStatus, 307);
        QVERIFY(other.received().empty()); // neither the body nor the credentials went there
    }

    void endlessRedirectsStop()
    {
        addRedirect(*server, QStringLiteral("loop"), "GET", QStringLiteral("/api/v2/loop"), 302, QStringLiteral("/api/v2/loop"));
        RestClient client(options(), goodAuth());
        auto r = call(client, RestRequest::get(QStringLiteral("/api/v2/loop")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Network);
        QCOMPARE(server->received(QStringLiteral("loop")).size(), std::size_t(11));
    }

    void addressWithUserAndPasswordIsRefused()
    {
        auto o = options();
        o.baseUrl.setUserInfo(QStringLiteral("agent:hunter2"));
        RestClient client(o, nullptr);
        auto r = call(client, me());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Config);
        QVERIFY(!r.error().message.contains(u"hunter2"));
        QVERIFY(server->received().empty());
    }

    void credentialUrlsAreHttpsOrThisMachine_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("https") << QStringLiteral("https://acme.zendesk.com") << true;
        QTest::newRow("https with port and path") << QStringLiteral("https://acme.example.com:8443/api") << true;
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:8765") << true;
        QTest::newRow("loopback range") << QStringLiteral("http://127.3.0.9:1") << true;
        QTest::newRow("ipv6 loopback") << QStringLiteral("http://[::1]:8080") << true;
        QTest::newRow("localhost") << QStringLiteral("http://localhost:9000") << true;
        QTest::newRow("plain http elsewhere") << QStringLiteral("http://acme.zendesk.com") << false;
        QTest::newRow("plain http to an address") << QStringLiteral("http://192.0.2.7") << false;
        QTest::newRow("a name that merely starts like loopback") << QStringLiteral("http://127.0.0.1.example.com") << false;
        QTest::newRow("user and password") << QStringLiteral("https://agent:secret@acme.zendesk.com") << false;
        QTest::newRow("user only") << QStringLiteral("https://agent@acme.zendesk.com") << false;
        QTest::newRow("another scheme") << QStringLiteral("ftp://acme.zendesk.com") << false;
        QTest::newRow("no host") << QStringLiteral("acme.zendesk.com") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void credentialUrlsAreHttpsOrThisMachine()
    {
        QFETCH(QString, url);
        QFETCH(bool, accepted);
        const auto r = connectors::checkCredentialUrl(QUrl(url));
        QCOMPARE(r.ok(), accepted);
        if (!accepted) {
            QCOMPARE(r.error().kind, Error::Kind::Config);
            QVERIFY(!r.error().message.isEmpty());
            QVERIFY(!r.error().message.contains(u"secret"));
        }
    }

    void logsNeverContainSecrets()
    {
        QStringList captured;
        connectors::OAuth2Auth::Config c;
        c.tokenUrl = QUrl(server->baseUrl() + QStringLiteral("/oauth/tokens?client_secret=") + zendesk->options().oauthClientSecret);
        c.clientId = zendesk->options().oauthClientId;
        c.clientSecret = zendesk->options().oauthClientSecret;
        c.refreshToken = zendesk->options().refreshToken;
        auto oauth = std::make_shared<connectors::OAuth2Auth>(c);
        RestClient bearer(options(), oauth);
        bearer.setLogSink([&](const QString &line) { captured << line; });
        RestClient basic(options(), goodAuth());
        basic.setLogSink([&](const QString &line) { captured << line; });
        QVERIFY(call(bearer, ticket(101)).ok());
        server->scriptFault(QStringLiteral("zendesk.ticket"), Fault::ServerError, 1);
        QVERIFY(call(basic, ticket(101)).ok());
        QVERIFY(call(basic, RestRequest::get(QStringLiteral("/api/v2/tickets/101.json?access_token=abc123secret"))).ok());
        QVERIFY(captured.size() >= 4);
        const QString all = captured.join(u'\n');
        const QByteArray basicHeader =
            QByteArray(zendesk->options().agentEmail.toUtf8() + "/token:" + zendesk->options().apiToken.toUtf8()).toBase64();
        const std::string accessToken = oauth->lastGrant()["access_token"].get<std::string>();
        for (const QString &secret :
             {zendesk->options().apiToken, zendesk->options().oauthClientSecret, zendesk->options().refreshToken,
              QString::fromLatin1(basicHeader), QString::fromStdString(accessToken), QStringLiteral("abc123secret")})
            QVERIFY2(!all.contains(secret), qPrintable(QStringLiteral("a log line shows %1:\n%2").arg(secret, all)));
        QVERIFY(all.contains(u"/api/v2/tickets/101.json"));
        QVERIFY(all.contains(u"→ 500"));
    }

    void pageWalkerFollowsCursorPages()
    {
        RestClient client(options(), goodAuth());
        int comments = 0;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("page[size]"), QStringLiteral("100"));
        connectors::PageWalker walker(
            client, RestRequest::get(QStringLiteral("/api/v2/tickets/101/comments.json"), q),
            [](const nlohmann::json &page, const RestRequest &) { return connectors::next_page::zendeskCursor(page); },
            [&](const nlohmann::json &page) {
                comments += int(page["comments"].size());
                return true;
            });
        std::optional<Result<void>> outcome;
        connect(&walker, &connectors::PageWalker::finished, this, [&](const Result<void> &r) { outcome = r; });
        walker.start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(outcome->ok());
        QCOMPARE(walker.pages(), 3);
        QCOMPARE(comments, 250);
    }

    void nextPageRulesOfEachStyle()
    {
        using nlohmann::json;
        namespace np = connectors::next_page;
        QVERIFY(!np::zendeskCursor(json{{"meta", {{"has_more", false}}}, {"links", {{"next", "x"}}}}));
        QCOMPARE(np::zendeskCursor(json{{"meta", {{"has_more", true}}}, {"links", {{"next", "https://a/b?page%5Bafter%5D=c"}}}})->path,
                 QStringLiteral("https://a/b?page%5Bafter%5D=c"));
        QVERIFY(!np::zendeskIncremental(json{{"end_of_stream", true}, {"after_url", "u"}}));
        QCOMPARE(np::zendeskIncremental(json{{"end_of_stream", false}, {"after_url", "u"}})->path, QStringLiteral("u"));
        const RestRequest first = RestRequest::get(QStringLiteral("/v1/charges"));
        const auto s = np::stripe(json{{"has_more", true}, {"data", json::array({{{"id", "ch_1"}}, {{"id", "ch_2"}}})}}, first);
        QCOMPARE(s->query.queryItemValue(QStringLiteral("starting_after")), QStringLiteral("ch_2"));
        QVERIFY(!np::stripe(json{{"has_more", false}, {"data", json::array()}}, first));
        const auto search = np::stripe(json{{"has_more", true}, {"next_page", "pg_2"}, {"data", json::array()}}, first);
        QCOMPARE(search->query.queryItemValue(QStringLiteral("page")), QStringLiteral("pg_2"));
        QVERIFY(!np::salesforce(json{{"done", true}, {"nextRecordsUrl", "/x"}}));
        QCOMPARE(np::salesforce(json{{"done", false}, {"nextRecordsUrl", "/services/data/v60.0/query/01g-2000"}})->path,
                 QStringLiteral("/services/data/v60.0/query/01g-2000"));
    }

    void retryAfterParsing()
    {
        using namespace std::chrono;
        const qint64 now = 784111777; // Sun, 06 Nov 1994 08:49:37 GMT
        QCOMPARE(*connectors::parseRetryAfter("17", seconds(900), now), seconds(17));
        QCOMPARE(*connectors::parseRetryAfter("Sun, 06 Nov 1994 08:50:07 GMT", seconds(900), now), seconds(30));
        QCOMPARE(*connectors::parseRetryAfter("99999", seconds(900), now), seconds(900));
        QCOMPARE(*connectors::parseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", seconds(900), now), seconds(0));
        QVERIFY(!connectors::parseRetryAfter("soon", seconds(900), now));
        QVERIFY(!connectors::parseRetryAfter("", seconds(900), now));
        for (int attempt = 0; attempt < 12; ++attempt) {
            const auto d = connectors::backoffDelay(attempt, milliseconds(1000), milliseconds(60000), 1.0);
            QVERIFY(d <= milliseconds(60000));
            QCOMPARE(connectors::backoffDelay(attempt, milliseconds(1000), milliseconds(60000), 0.0), milliseconds(0));
        }
        QCOMPARE(connectors::backoffDelay(2, milliseconds(1000), milliseconds(60000), 1.0), milliseconds(4000));
    }

    void vendorErrorBodiesBecomeSentences()
    {
        QCOMPARE(connectors::describeErrorBody(R"({"error":"RecordNotFound","description":"Not found"})"),
                 QStringLiteral("RecordNotFound Not found"));
        QVERIFY(
            connectors::describeErrorBody(
                R"({"error":"RecordInvalid","description":"Record validation errors","details":{"status":[{"description":"Status: closed prevents ticket update","error":"InvalidValue"}]}})")
                .contains(u"closed prevents ticket update"));
        QCOMPARE(
            connectors::describeErrorBody(R"({"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}})"),
            QStringLiteral("Your card was declined. (card_declined)"));
        QCOMPARE(connectors::describeErrorBody(R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])"),
                 QStringLiteral("Session expired or invalid (INVALID_SESSION_ID)"));
        QCOMPARE(connectors::describeErrorBody("Number of allowed API requests per minute exceeded"),
                 QStringLiteral("Number of allowed API requests per minute exceeded"));
        QCOMPARE(connectors::classifyStatus(403, R"([{"errorCode":"REQUEST_LIMIT_EXCEEDED"}])")->kind, Error::Kind::RateLimited);
        QCOMPARE(connectors::classifyStatus(403, "{}")->kind, Error::Kind::Auth);
        QCOMPARE(connectors::classifyStatus(422)->retryable, false);
        QCOMPARE(connectors::classifyStatus(503)->retryable, true);
        QVERIFY(!connectors::classifyStatus(204));
    }
};

QTEST_GUILESS_MAIN(RestClientTest)
#include "restclient_test.moc"
