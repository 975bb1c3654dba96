#include "restclient.h"

#include "auth.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <algorithm>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

namespace cosmicdesk::connectors {

// Off unless asked for (QT_LOGGING_RULES="cosmicdesk.http.info=true"); the log sink always gets the lines.
Q_LOGGING_CATEGORY(lcHttp, "cosmicdesk.http", QtWarningMsg)

struct RestClient::Call
{
    quint64 id = 0;
    RestRequest request;
    QUrl url;
    QString host;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback callback;
    int attempts = 0;
    bool reauthorized = false;
    bool done = false;
    int redirects = 0;
    bool leftOrigin = false; // a redirect led away from the configured host: no credentials from then on
    QPointer<QNetworkReply> reply;
    QPointer<QTimer> waitTimer;
};

RestClient::RestClient(Options options, std::shared_ptr<AuthProvider> auth, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_auth(std::move(auth))
{
    constexpr int kConnectionsPerManager = 6; // QHttpNetworkConnection's fixed limit per host
    const int managers = std::max(1, (m_options.maxInFlightPerHost + kConnectionsPerManager - 1) / kConnectionsPerManager);
    for (int i = 0; i < managers; ++i) {
        auto *nam = new QNetworkAccessManager(this);
        // Redirects are followed here, hop by hop, so that credentials never travel with one to another host.
        nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_nams.push_back(nam);
    }
    m_namRunning.assign(m_nams.size(), 0);
}

RestClient::~RestClient()
{
    // Pending callbacks are dropped: their owners are going too.
    for (auto &call : m_calls) {
        call->done = true;
        if (call->reply)
            call->reply->abort();
    }
}

QString RestClient::hostKey(const QUrl &url) const
{
    return url.host() + u':' + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
}

QUrl RestClient::resolve(const RestRequest &request) const
{
    QUrl url(request.path);
    if (url.isRelative()) {
        // A relative path may carry its own query ("/services/data/v60.0/query/01g-2000?x=y").
        const QUrl relative(request.path);
        url = m_options.baseUrl;
        QString path = url.path();
        const QString tail = relative.path();
        if (path.endsWith(u'/') && tail.startsWith(u'/'))
            path.chop(1);
        url.setPath(path + tail);
        url.setQuery(relative.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    if (!request.query.isEmpty()) {
        QUrlQuery q(url);
        for (const auto &[k, v] : request.query.queryItems(QUrl::FullyEncoded))
            q.addQueryItem(k, v);
        url.setQuery(q);
    }
    return url;
}

quint64 RestClient::send(RestRequest request, QObject *context, Callback callback)
{
    auto call = std::make_shared<Call>();
    call->id = m_nextId++;
    call->url = resolve(request);
    call->host = hostKey(call->url);
    call->request = std::move(request);
    call->context = context;
    call->hasContext = context != nullptr;
    call->callback = std::move(callback);
    m_calls.insert(call->id, call);
    QString refusal;
    if (!call->url.isValid() || (call->url.scheme() != u"http" && call->url.scheme() != u"https"))
        refusal = QStringLiteral("\"%1\" is not an http(s) address").arg(loggedUrl(call->url));
    else if (!call->url.userInfo().isEmpty()) // Qt would send it as Basic auth, to whichever host it names
        refusal = QStringLiteral("An address with a user name or password in it is refused (%1)").arg(loggedUrl(call->url));
    else if (carriesCredentials(*call) || (!m_options.headers.isEmpty() && sameOrigin(call->url, m_options.baseUrl)))
        if (auto base = checkCredentialUrl(m_options.baseUrl); !base.ok())
            refusal = base.error().message; // plain http to another machine would show the key to the network
    if (!refusal.isEmpty()) {
        QTimer::singleShot(0, this, [this, call, refusal] { finish(call, Error::make(Error::Kind::Config, refusal)); });
        return call->id;
    }
    m_queued[call->host].push_back(call);
    pump(call->host);
    return call->id;
}

int RestClient::inFlight() const
{
    int n = 0;
    for (int v : m_running)
        n += v;
    return n;
}

void RestClient::cancel(quint64 id)
{
    const auto call = m_calls.value(id);
    if (!call || call->done)
        return;
    if (call->reply)
        call->reply->abort(); // onReply sees done and only frees the slot
    finish(call, Error::make(Error::Kind::Cancelled, QStringLiteral("Cancelled")));
}

void RestClient::cancelAll()
{
    const auto ids = m_calls.keys();
    for (quint64 id : ids)
        cancel(id);
}

void RestClient::pauseHost(const QString &host, std::chrono::milliseconds delay)
{
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + delay.count();
    if (until <= m_pausedUntilMs.value(host, 0))
        return;
    m_pausedUntilMs.insert(host, until);
    log(QStringLiteral("%1 paused for %2 ms").arg(host).arg(delay.count()));
    QTimer::singleShot(delay, Qt::PreciseTimer, this, [this, host] { pump(host); });
}

void RestClient::pump(const QString &host)
{
    auto &queue = m_queued[host];
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 pausedUntil = m_pausedUntilMs.value(host, 0);
    if (pausedUntil > now) {
        // Timers may fire a little early: come back when the pause is really over.
        QTimer::singleShot(std::chrono::milliseconds(pausedUntil - now + 1), Qt::PreciseTimer, this, [this, host] { pump(host); });
        return;
    }
    while (!queue.empty() && m_running.value(host, 0) < std::max(1, m_options.maxInFlightPerHost)) {
        auto call = queue.front();
        queue.pop_front();
        if (call->done)
            continue;
        if (call->hasContext && !call->context) { // nobody is waiting any more
            call->done = true;
            m_calls.remove(call->id);
            continue;
        }
        start(call);
    }
}

bool RestClient::carriesCredentials(const Call &call) const
{
    // Credentials go only to the configured host: links to other hosts (attachments) get none, and
    // neither does any hop after a redirect has left the host, even one that leads back to it.
    return m_auth && call.request.authenticated && !call.leftOrigin && sameOrigin(call.url, m_options.baseUrl);
}

void RestClient::start(std::shared_ptr<Call> call)
{
    ++m_running[call->host];
    ++call->attempts;
    if (!carriesCredentials(*call)) {
        issue(call, {});
        return;
    }
    m_auth->authorization([this, call, guard = QPointer<RestClient>(this)](Result<QByteArray> header) {
        if (!guard)
            return;
        if (call->done) { // cancelled while the token was on its way
            --m_running[call->host];
            pump(call->host);
            return;
        }
        if (!header.ok()) {
            --m_running[call->host];
            finish(call, header.error());
            pump(call->host);
            return;
        }
        issue(call, header.value());
    });
}

void RestClient::issue(std::shared_ptr<Call> call, const QByteArray &authorization)
{
    QNetworkRequest req(call->url);
    req.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    req.setRawHeader("Accept", "application/json");
    // The client's own headers may be keys (DHL-API-Key): only for the configured host.
    if (!call->leftOrigin && sameOrigin(call->url, m_options.baseUrl))
        for (const auto &[k, v] : m_options.headers)
            req.setRawHeader(k, v);
    if (!call->leftOrigin)
        for (const auto &[k, v] : call->request.headers)
            req.setRawHeader(k, v);
    if (!authorization.isEmpty())
        req.setRawHeader("Authorization", authorization);
    if (!call->request.body.isEmpty() || call->request.method != "GET")
        req.setHeader(QNetworkRequest::ContentTypeHeader, call->request.contentType);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

    // The least busy manager (each keeps its own six connections per host).
    const auto slot = std::size_t(std::min_element(m_namRunning.begin(), m_namRunning.end()) - m_namRunning.begin());
    QNetworkAccessManager *nam = m_nams[slot];
    ++m_namRunning[slot];
    QNetworkReply *reply =
        call->request.method == "GET" ? nam->get(req) : nam->sendCustomRequest(req, call->request.method, call->request.body);
    reply->setProperty("cd_manager", qulonglong(slot));
    call->reply = reply;
    reply->setProperty("cd_authorization", authorization);
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: never cut a request short
    connect(timer, &QTimer::timeout, reply, [reply] {
        reply->setProperty("cd_timedOut", true);
        reply->abort();
    });
    timer->start(m_options.timeout);
    auto *clock = new QElapsedTimer;
    clock->start();
    connect(reply, &QNetworkReply::finished, this, [this, call, reply, clock] {
        reply->setProperty("cd_elapsed", clock->elapsed());
        delete clock;
        onReply(call, reply);
    });
}

void RestClient::onReply(std::shared_ptr<Call> call, QNetworkReply *reply)
{
    reply->deleteLater();
    if (const auto slot = std::size_t(reply->property("cd_manager").toULongLong()); slot < m_namRunning.size())
        --m_namRunning[slot];
    --m_running[call->host];
    const QString host = call->host;
    if (call->done) { // cancelled while running
        pump(host);
        return;
    }
    call->reply = nullptr;

    RestResponse response;
    response.url = call->url;
    response.attempts = call->attempts;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &[k, v] : reply->rawHeaderPairs())
        response.headers.append({k.toLower(), v});
    response.body = reply->isOpen() ? reply->readAll() : QByteArray(); // an aborted reply is closed
    const bool timedOut = reply->property("cd_timedOut").toBool();
    const qint64 elapsed = reply->property("cd_elapsed").toLongLong();
    const int maxAttempts = std::max(1, m_options.maxAttempts);

    const QString what = QString::fromLatin1(call->request.method) + u' ' + loggedUrl(call->url);
    const QString attempt = QStringLiteral("attempt %1/%2").arg(call->attempts).arg(maxAttempts);

    // Quota headers: stop calling the host until the window resets when nothing is left.
    const QByteArray remaining = !response.header("x-rate-limit-remaining").isEmpty() ? response.header("x-rate-limit-remaining")
                                                                                      : response.header("ratelimit-remaining");
    if (remaining.trimmed() == "0") {
        const auto reset = parseRetryAfter(response.header("ratelimit-reset"), m_options.retryAfterCap, QDateTime::currentSecsSinceEpoch());
        if (reset && reset->count() > 0)
            pauseHost(host, *reset);
    }

    if (response.status == 0) { // no HTTP answer at all
        const auto netError = reply->error();
        const Error::Kind kind = timedOut ? Error::Kind::Timeout : Error::Kind::Network;
        const QString message =
            timedOut ? QStringLiteral("%1 did not answer within %2 s").arg(call->url.host()).arg(m_options.timeout.count() / 1000.0)
                     : QStringLiteral("Could not reach %1: %2").arg(call->url.host(), reply->errorString());
        // Concatenated, not arg()-chained: a URL's "%3D" must not be taken for a placeholder.
        log(what + u" → " + (timedOut ? QStringLiteral("timeout") : reply->errorString()) + u" after " + QString::number(elapsed) +
            u" ms (" + attempt + u')');
        // A refused connection never reached the server, so even a non-idempotent request may go again.
        const bool neverSent = netError == QNetworkReply::ConnectionRefusedError || netError == QNetworkReply::HostNotFoundError;
        if (call->attempts < maxAttempts && (call->request.idempotent || neverSent)) {
            retryLater(call, backoffDelay(call->attempts - 1, m_options.backoffBase, m_options.backoffCap,
                                          QRandomGenerator::global()->generateDouble()));
        } else {
            finish(call, Error::make(kind, message));
        }
        pump(host);
        return;
    }

    log(what + u" → " + QString::number(response.status) + u" in " + QString::number(elapsed) + u" ms (" + attempt + u')');
    if (response.status == 301 || response.status == 302 || response.status == 303 || response.status == 307 || response.status == 308) {
        followRedirect(call, response);
        pump(host);
        return;
    }
    if (m_observer)
        m_observer(response);
    const auto cls = classifyStatus(response.status, response.body);
    if (!cls) {
        finish(call, std::move(response));
        pump(host);
        return;
    }

    const auto retryAfter = parseRetryAfter(response.header("retry-after"), m_options.retryAfterCap, QDateTime::currentSecsSinceEpoch());
    if (retryAfter && (response.status == 429 || response.status == 503 || cls->kind == Error::Kind::RateLimited))
        pauseHost(host, std::max<std::chrono::milliseconds>(*retryAfter, std::chrono::milliseconds(1)));
    else if (cls->kind == Error::Kind::RateLimited)
        pauseHost(host, std::chrono::seconds(1));

    const QByteArray usedAuthorization = reply->property("cd_authorization").toByteArray();
    if (response.status == 401 && m_auth && !usedAuthorization.isEmpty() && !call->reauthorized && m_auth->invalidate(usedAuthorization)) {
        call->reauthorized = true; // one fresh credential, then it is the credential's fault
        m_queued[host].push_front(call);
        pump(host);
        return;
    }

    Error error = Error::make(cls->kind, describeErrorBody(response.body), response.status);
    if (error.message.isEmpty())
        error.message = QStringLiteral("HTTP %1").arg(response.status);
    if (retryAfter)
        error.retryAfter = *retryAfter;
    if (cls->retryable && call->attempts < maxAttempts && call->request.idempotent) {
        const auto delay = retryAfter ? std::chrono::milliseconds(0)
                                      : backoffDelay(call->attempts - 1, m_options.backoffBase, m_options.backoffCap,
                                                     QRandomGenerator::global()->generateDouble());
        retryLater(call, delay); // after a Retry-After the host pause holds it back
    } else {
        finish(call, std::move(error));
    }
    pump(host);
}

void RestClient::followRedirect(std::shared_ptr<Call> call, const RestResponse &response)
{
    const QByteArray location = response.header("location").trimmed();
    const QUrl target = call->url.resolved(QUrl::fromEncoded(location));
    const QString from = call->url.host();
    const auto refuse = [&](const QString &why) { finish(call, Error::make(Error::Kind::Config, why, response.status)); };
    if (location.isEmpty() || !target.isValid() || (target.scheme() != u"http" && target.scheme() != u"https"))
        return refuse(QStringLiteral("%1 answered with a redirect to no usable address").arg(from));
    if (call->redirects >= kMaxRedirects)
        return finish(call, Error::make(Error::Kind::Network,
                                        QStringLiteral("%1 redirected more than %2 times").arg(from).arg(kMaxRedirects), response.status));
    if (call->url.scheme() == u"https" && target.scheme() == u"http")
        return refuse(QStringLiteral("%1 redirected to an unencrypted address; not followed").arg(from));
    if (!target.userInfo().isEmpty())
        return refuse(QStringLiteral("%1 redirected to an address with a user name or password in it; not followed").arg(from));
    QByteArray method = call->request.method;
    QByteArray body = call->request.body;
    // 303, and 301/302 after a POST, turn the request into a GET without a body (as browsers do);
    // 307 and 308 repeat it as it was.
    if (response.status == 303 || ((response.status == 301 || response.status == 302) && method == "POST")) {
        method = "GET";
        body.clear();
    }
    const bool leaves = call->leftOrigin || !sameOrigin(target, m_options.baseUrl);
    // A body (a refund, a token grant's client secret) stays with the host it was meant for: a read
    // may be followed elsewhere, without credentials, but a write is refused.
    if (leaves && ((method != "GET" && method != "HEAD") || !body.isEmpty()))
        return refuse(QStringLiteral("%1 redirected a %2 request to %3; not followed, so that it stays with %1")
                          .arg(from, QString::fromLatin1(method), target.host()));
    log(loggedUrl(call->url) + u" redirects to " + loggedUrl(target) + (leaves ? QStringLiteral(" (without credentials)") : QString()));
    ++call->redirects;
    --call->attempts; // a hop is not a failed attempt
    call->leftOrigin = leaves;
    call->request.method = method;
    call->request.body = body;
    call->url = target;
    call->host = hostKey(target);
    m_queued[call->host].push_front(call);
    pump(call->host);
}

void RestClient::retryLater(std::shared_ptr<Call> call, std::chrono::milliseconds delay)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    call->waitTimer = timer;
    connect(timer, &QTimer::timeout, this, [this, call, timer] {
        timer->deleteLater();
        if (call->done)
            return;
        m_queued[call->host].push_front(call);
        pump(call->host);
    });
    timer->start(delay);
}

void RestClient::finish(std::shared_ptr<Call> call, Result<RestResponse> result)
{
    if (call->done)
        return;
    call->done = true;
    if (call->waitTimer)
        call->waitTimer->deleteLater();
    m_calls.remove(call->id);
    if (call->hasContext && !call->context)
        return;
    auto callback = std::move(call->callback);
    if (!callback)
        return;
    if (!call->hasContext) {
        callback(std::move(result));
        return;
    }
    QMetaObject::invokeMethod(call->context.data(),
                              [callback = std::move(callback), r = std::move(result)]() mutable { callback(std::move(r)); });
}

QString RestClient::loggedUrl(const QUrl &url) const
{
    if (!m_options.secretPath)
        return redactedUrl(url);
    return url.scheme() + u"://" + url.host() + (url.port() > 0 ? u':' + QString::number(url.port()) : QString()) + u"/***";
}

void RestClient::log(const QString &line) const
{
    qCInfo(lcHttp).noquote() << line;
    if (m_logSink)
        m_logSink(line);
}

} // namespace cosmicdesk::connectors
