#include "httpsandbox.h"

#include <QDateTime>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace cosmicdesk::sandbox {

QByteArray RecordedRequest::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[k, v] : headers)
        if (k == lowerCaseName)
            return v;
    return {};
}

SandboxReply SandboxReply::json(int status, QByteArray body)
{
    SandboxReply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

SandboxReply SandboxReply::text(int status, QByteArray body)
{
    SandboxReply r = json(status, std::move(body));
    r.contentType = "text/plain; charset=utf-8";
    return r;
}

HttpSandbox::HttpSandbox(std::uint64_t seed, QObject *parent) : QAbstractHttpServer(parent), m_rng(seed) {}

HttpSandbox::~HttpSandbox() = default;

quint16 HttpSandbox::start(quint16 port)
{
    m_port = listen(QHostAddress::LocalHost, port);
    return m_port;
}

QString HttpSandbox::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void HttpSandbox::addRoute(const QString &name, const QByteArray &method, const QString &pattern, Handler handler)
{
    QRegularExpression re(QStringLiteral("^%1(?:\\.json)?$").arg(pattern));
    re.optimize();
    m_routes.push_back(Route{name, method, std::move(re), std::move(handler)});
}

void HttpSandbox::setKnobs(const QString &route, const FaultKnobs &knobs)
{
    m_knobs.insert(route, knobs);
}

FaultKnobs HttpSandbox::knobs(const QString &route) const
{
    // The route's own knobs, else its service's ("stripe" for "stripe.charges"), else everyone's.
    if (const auto it = m_knobs.constFind(route); it != m_knobs.constEnd())
        return *it;
    if (const auto it = m_knobs.constFind(route.section(u'.', 0, 0)); it != m_knobs.constEnd())
        return *it;
    return m_knobs.value(QStringLiteral("*"));
}

void HttpSandbox::scriptFault(const QString &route, Fault fault, int count)
{
    for (int i = 0; i < count; ++i)
        m_script[route].push_back(fault);
}

std::vector<RecordedRequest> HttpSandbox::received() const
{
    QMutexLocker lock(&m_recordLock);
    return m_received;
}

std::vector<RecordedRequest> HttpSandbox::received(const QString &route) const
{
    QMutexLocker lock(&m_recordLock);
    std::vector<RecordedRequest> out;
    for (const auto &r : m_received)
        if (r.route == route)
            out.push_back(r);
    return out;
}

void HttpSandbox::clearReceived()
{
    QMutexLocker lock(&m_recordLock);
    m_received.clear();
}

Fault HttpSandbox::drawFault(const QString &route, const FaultKnobs &k)
{
    for (const QString &key : {route, QStringLiteral("*")}) {
        auto it = m_script.find(key);
        if (it != m_script.end() && !it->empty()) {
            const Fault f = it->front();
            it->pop_front();
            return f;
        }
    }
    // One draw against the rates laid end to end: each fault gets its own share, so rates adding up
    // to 1 fail every request (one draw per fault in turn made 1/3 + 1/3 + 1/3 fail only 70 %).
    const double rates[] = {k.resetRate, k.rateLimitRate, k.errorRate, k.malformedRate, k.truncatedRate, k.slowRate};
    const Fault faults[] = {Fault::Reset, Fault::RateLimited, Fault::ServerError, Fault::Malformed, Fault::Truncated, Fault::Slow};
    double total = 0;
    for (double r : rates)
        total += std::max(0.0, r);
    if (total <= 0)
        return Fault::None;
    const bool always = total >= 1.0 - 1e-9; // 1/3 three times may add up to a hair below 1
    const double u = m_rng.real() * (always ? total : 1.0);
    double upTo = 0;
    Fault last = Fault::None;
    for (std::size_t i = 0; i < std::size(rates); ++i) {
        if (rates[i] <= 0)
            continue;
        upTo += rates[i];
        last = faults[i];
        if (u < upTo)
            return last;
    }
    return always ? last : Fault::None;
}

SandboxReply HttpSandbox::faultReply(const QString &route, Fault fault, const FaultKnobs &k) const
{
    for (const QString &key : {route.section(u'.', 0, 0), QStringLiteral("*")})
        if (const auto it = m_faultReplies.constFind(key); it != m_faultReplies.constEnd())
            return (*it)(fault, k);
    if (fault == Fault::RateLimited) {
        SandboxReply r = SandboxReply::text(429, "Too Many Requests");
        r.headers.append({"Retry-After", QByteArray::number(k.retryAfterSecs)});
        return r;
    }
    return SandboxReply::text(500, "Internal Server Error");
}

bool HttpSandbox::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    RecordedRequest rec;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: rec.method = "GET"; break;
    case QHttpServerRequest::Method::Put: rec.method = "PUT"; break;
    case QHttpServerRequest::Method::Post: rec.method = "POST"; break;
    case QHttpServerRequest::Method::Delete: rec.method = "DELETE"; break;
    case QHttpServerRequest::Method::Patch: rec.method = "PATCH"; break;
    case QHttpServerRequest::Method::Head: rec.method = "HEAD"; break;
    default: rec.method = "OTHER"; break;
    }
    rec.path = request.url().path();
    // Keys decoded ("page[after]", not "page%5Bafter%5D"), values as sent.
    for (const auto &[k, v] : request.query().queryItems(QUrl::FullyEncoded))
        rec.query.addQueryItem(QUrl::fromPercentEncoding(k.toLatin1()), v);
    for (const auto &[k, v] : request.headers())
        rec.headers.append({k.toLower(), v});
    rec.body = request.body();
    rec.receivedAtMs = QDateTime::currentMSecsSinceEpoch();

    SandboxRequest req;
    req.method = rec.method;
    req.path = rec.path;
    req.query = rec.query;
    const Route *route = nullptr;
    for (const auto &r : m_routes) {
        if (r.method != rec.method)
            continue;
        const auto m = r.pattern.match(rec.path);
        if (m.hasMatch()) {
            route = &r;
            req.args = m.capturedTexts().mid(1);
            break;
        }
    }
    rec.route = route ? route->name : QString();
    {
        QMutexLocker lock(&m_recordLock);
        m_received.push_back(rec);
    }
    RecordedRequest kept = rec; // the handler reads a stable copy, not the growing vector
    req.recorded = &kept;

    if (!route) {
        respond(socket, SandboxReply::json(404, QByteArray(R"({"error":"InvalidEndpoint","description":"Not found"})")), Fault::None, {});
        return true;
    }
    const FaultKnobs k = knobs(route->name);
    Fault fault = drawFault(route->name, k);
    SandboxReply reply;
    switch (fault) {
    case Fault::ServerError:
    case Fault::RateLimited: reply = faultReply(route->name, fault, k); break;
    case Fault::Reset:
    case Fault::Hang: break;
    default:
        reply = route->handler(req);
        if (reply.resetConnection)
            fault = Fault::Reset;
        break;
    }
    const int delay = k.latencyMs + (k.latencyJitterMs > 0 ? int(m_rng.below(std::uint64_t(k.latencyJitterMs) + 1)) : 0);
    if (delay <= 0) {
        respond(socket, reply, fault, k);
    } else {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(delay, this, [this, guard, reply, fault, k] {
            if (guard)
                respond(guard, reply, fault, k);
        });
    }
    return true;
}

void HttpSandbox::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    respond(socket, SandboxReply::json(404, QByteArray(R"({"error":"InvalidEndpoint","description":"Not found"})")), Fault::None, {});
}

QByteArray HttpSandbox::serialise(const SandboxReply &reply, qsizetype bodyBytes)
{
    QByteArray out;
    out.reserve(bodyBytes + 256);
    const char *reason = "Error";
    switch (reply.status) {
    case 200: reason = "OK"; break;
    case 201: reason = "Created"; break;
    case 202: reason = "Accepted"; break;
    case 204: reason = "No Content"; break;
    case 300: reason = "Multiple Choices"; break;
    case 301: reason = "Moved Permanently"; break;
    case 302: reason = "Found"; break;
    case 303: reason = "See Other"; break;
    case 307: reason = "Temporary Redirect"; break;
    case 308: reason = "Permanent Redirect"; break;
    case 400: reason = "Bad Request"; break;
    case 401: reason = "Unauthorized"; break;
    case 402: reason = "Payment Required"; break;
    case 403: reason = "Forbidden"; break;
    case 404: reason = "Not Found"; break;
    case 409: reason = "Conflict"; break;
    case 422: reason = "Unprocessable Entity"; break;
    case 429: reason = "Too Many Requests"; break;
    case 503: reason = "Service Unavailable"; break;
    default:
        if (reply.status >= 500)
            reason = "Internal Server Error";
        break;
    }
    out += "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason + "\r\n";
    out += "Content-Type: " + reply.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(bodyBytes) + "\r\n";
    for (const auto &[k, v] : reply.headers)
        out += k + ": " + v + "\r\n";
    out += "\r\n";
    return out;
}

void HttpSandbox::respond(QTcpSocket *socket, const SandboxReply &reply, Fault fault, const FaultKnobs &k)
{
    switch (fault) {
    case Fault::Hang: return; // never answers: the client's timeout has to end it
    case Fault::Reset: {
        // SO_LINGER 0 turns the close into a TCP reset.
        struct linger l
        {
            1, 0
        };
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
        socket->abort();
        return;
    }
    case Fault::Malformed: {
        SandboxReply bad = reply;
        bad.status = 200;
        bad.body = "<html><body>upstream sent an invalid response</body></html>{\"tickets\":[";
        socket->write(serialise(bad, bad.body.size()) + bad.body);
        return;
    }
    case Fault::Truncated: {
        const QByteArray half = reply.body.left(std::max<qsizetype>(1, reply.body.size() / 2));
        SandboxReply cut = reply;
        cut.body = half;
        socket->write(serialise(cut, half.size()) + half);
        return;
    }
    case Fault::Slow: {
        // Headers now, the body in ten pieces spread over slowBodyMs.
        socket->write(serialise(reply, reply.body.size()));
        const int pieces = 10;
        const qsizetype step = std::max<qsizetype>(1, (reply.body.size() + pieces - 1) / pieces);
        QPointer<QTcpSocket> guard(socket);
        for (int i = 0; i < pieces; ++i) {
            const qsizetype from = i * step;
            if (from >= reply.body.size())
                break;
            const QByteArray part = reply.body.mid(from, step);
            QTimer::singleShot(k.slowBodyMs * (i + 1) / pieces, this, [guard, part] {
                if (guard)
                    guard->write(part);
            });
        }
        return;
    }
    default: socket->write(serialise(reply, reply.body.size()) + reply.body); return;
    }
}

} // namespace cosmicdesk::sandbox
