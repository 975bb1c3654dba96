#pragma once

#include "rng.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QRegularExpression>
#include <QStringList>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <vector>

class QTcpSocket;

namespace cosmicdesk::sandbox {

// What can go wrong on a route, as a probability per request (0 … 1) and timings. The rates are
// shares of one draw: rates that add up to 1 (or more) fail every request.
struct FaultKnobs
{
    int latencyMs = 0;        // added before every answer
    int latencyJitterMs = 0;  // plus a uniform draw from [0, jitter]
    double errorRate = 0;     // 500 with the vendor's error body
    double rateLimitRate = 0; // the vendor's "too many requests" (429 with Retry-After; Salesforce: 403 REQUEST_LIMIT_EXCEEDED)
    int retryAfterSecs = 1;
    double resetRate = 0; // the connection is reset before any answer
    double slowRate = 0;  // the body trickles out over slowBodyMs
    int slowBodyMs = 2000;
    double malformedRate = 0; // 200 with a body that is not JSON
    double truncatedRate = 0; // 200 with the JSON cut in half (and a matching Content-Length)
};

enum class Fault { None, ServerError, RateLimited, Reset, Slow, Malformed, Truncated, Hang };

struct RecordedRequest
{
    QString route; // the route's name, "" when nothing matched
    QByteArray method;
    QString path;
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    qint64 receivedAtMs = 0;
    QByteArray header(QByteArrayView lowerCaseName) const;
};

struct SandboxRequest
{
    QByteArray method;
    QString path;
    QStringList args; // the route pattern's captures
    QUrlQuery query;
    const RecordedRequest *recorded = nullptr;
    QByteArray header(QByteArrayView lowerCaseName) const { return recorded->header(lowerCaseName); }
    const QByteArray &body() const { return recorded->body; }
};

struct SandboxReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool resetConnection = false; // the handler did its work, but the answer is lost: the connection is reset

    static SandboxReply json(int status, QByteArray body);
    static SandboxReply text(int status, QByteArray body);
};

// A local HTTP/1.1 server (QtHttpServer underneath) that plays a remote API: named routes with
// regular-expression paths, fault injection per route (random by a seeded generator, or scripted
// for the next requests), and a record of every request it received. 127.0.0.1 only.
class HttpSandbox : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<SandboxReply(const SandboxRequest &)>;
    // A service's answer to an injected Fault::ServerError or Fault::RateLimited, in the vendor's
    // own words: status, body, content type and headers (Retry-After from the knobs where it sends one).
    using FaultReply = std::function<SandboxReply(Fault fault, const FaultKnobs &knobs)>;

    explicit HttpSandbox(std::uint64_t seed = 1, QObject *parent = nullptr);
    ~HttpSandbox() override;

    quint16 start(quint16 port = 0); // 0 when it could not listen
    quint16 port() const { return m_port; }
    QString baseUrl() const;

    // pattern is matched against the whole path; a ".json" suffix is optional on every route.
    void addRoute(const QString &name, const QByteArray &method, const QString &pattern, Handler handler);
    // For the routes of one service (the name's part before the dot: "zendesk", "stripe"), or "*"
    // for every other; without one, a plain-text 500 and 429.
    void setFaultReply(const QString &service, FaultReply reply) { m_faultReplies.insert(service, std::move(reply)); }

    // Knobs for one route ("stripe.charges"), a service's routes ("stripe"), or every route without its own ("*").
    void setKnobs(const QString &route, const FaultKnobs &knobs);
    FaultKnobs knobs(const QString &route) const;
    // The next `count` requests to the route (or "*") meet this fault, before any random one.
    void scriptFault(const QString &route, Fault fault, int count = 1);

    std::vector<RecordedRequest> received() const;
    std::vector<RecordedRequest> received(const QString &route) const;
    void clearReceived();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QString name;
        QByteArray method;
        QRegularExpression pattern;
        Handler handler;
    };
    Fault drawFault(const QString &route, const FaultKnobs &k);
    SandboxReply faultReply(const QString &route, Fault fault, const FaultKnobs &k) const;
    void respond(QTcpSocket *socket, const SandboxReply &reply, Fault fault, const FaultKnobs &k);
    static QByteArray serialise(const SandboxReply &reply, qsizetype bodyBytes);

    std::vector<Route> m_routes;
    QHash<QString, FaultKnobs> m_knobs;
    QHash<QString, std::deque<Fault>> m_script;
    QHash<QString, FaultReply> m_faultReplies;
    mutable QMutex m_recordLock; // received() may be read from another thread
    std::vector<RecordedRequest> m_received;
    Rng m_rng;
    quint16 m_port = 0;
};

} // namespace cosmicdesk::sandbox
