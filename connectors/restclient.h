#pragma once

#include "http.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace cosmicdesk::connectors {

class AuthProvider;

// The one HTTP client every connector uses (QNetworkAccessManager underneath): base URL, auth,
// per-request timeout, redirects followed hop by hop (credentials, the client's headers and a
// request's body only ever go to the configured host: a read redirected elsewhere follows without
// them, a write redirected elsewhere is refused, as is https → http), retries with exponential
// backoff and full jitter for network errors,
// timeouts, 408, 429 and 5xx, Retry-After and rate-limit headers honoured for the whole host, a cap
// on requests in flight per host. Lives on one thread; answers come on the context's thread and are
// dropped when the context is gone. Log lines (category cosmicdesk.http and the log sink) carry
// method, redacted URL, status, time and attempt: never a header, a body or a secret.
class RestClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestClient)

public:
    struct Options
    {
        QUrl baseUrl;
        std::chrono::milliseconds timeout{30000};
        int maxAttempts = 6;
        std::chrono::milliseconds backoffBase{1000};
        std::chrono::milliseconds backoffCap{60000};
        std::chrono::seconds retryAfterCap{900};
        int maxInFlightPerHost = 4;
        QList<QPair<QByteArray, QByteArray>> headers; // sent on every request to baseUrl's host (Stripe-Version, DHL-API-Key)
        QByteArray userAgent = "CosmicDesk/" COSMICDESK_VERSION;
        // The path itself is the secret (a Slack incoming webhook): log lines and refusals show
        // the scheme and host only, never the path or the query.
        bool secretPath = false;
    };
    using Callback = std::function<void(Result<RestResponse>)>;
    using LogSink = std::function<void(const QString &line)>;

    RestClient(Options options, std::shared_ptr<AuthProvider> auth, QObject *parent = nullptr);
    ~RestClient() override;

    const Options &options() const { return m_options; }
    QUrl resolve(const RestRequest &request) const;

    // Queues the request; the callback gets the 2xx response or a typed error. Returns an id for cancel().
    quint64 send(RestRequest request, QObject *context, Callback callback);
    // Ends a queued or running call with a Cancelled error.
    void cancel(quint64 id);
    void cancelAll();

    void setLogSink(LogSink sink) { m_logSink = std::move(sink); }
    // Sees every HTTP answer (any status) before it is judged: quota headers and the like.
    void setResponseObserver(std::function<void(const RestResponse &)> observer) { m_observer = std::move(observer); }
    int inFlight() const;
    // When the host may be called again after a 429 or an exhausted quota (0 when not paused).
    qint64 pausedUntilMs(const QString &host) const { return m_pausedUntilMs.value(host, 0); }

private:
    struct Call;
    void pump(const QString &hostKey);
    void start(std::shared_ptr<Call> call);
    void issue(std::shared_ptr<Call> call, const QByteArray &authorization);
    void onReply(std::shared_ptr<Call> call, QNetworkReply *reply);
    void retryLater(std::shared_ptr<Call> call, std::chrono::milliseconds delay);
    void followRedirect(std::shared_ptr<Call> call, const RestResponse &response);
    bool carriesCredentials(const Call &call) const;
    void finish(std::shared_ptr<Call> call, Result<RestResponse> result);
    void pauseHost(const QString &hostKey, std::chrono::milliseconds delay);
    void log(const QString &line) const;
    QString loggedUrl(const QUrl &url) const;
    QString hostKey(const QUrl &url) const;

    static constexpr int kMaxRedirects = 10;

    Options m_options;
    std::shared_ptr<AuthProvider> m_auth;
    // Qt opens at most six connections per host and manager: more requests in flight to one host
    // than that need more managers (they share this client's rate-limit pauses and quotas).
    std::vector<QNetworkAccessManager *> m_nams;
    std::vector<int> m_namRunning;
    quint64 m_nextId = 1;
    QHash<QString, std::deque<std::shared_ptr<Call>>> m_queued;
    QHash<QString, int> m_running;
    QHash<QString, qint64> m_pausedUntilMs;
    QHash<quint64, std::shared_ptr<Call>> m_calls;
    LogSink m_logSink;
    std::function<void(const RestResponse &)> m_observer;
};

} // namespace cosmicdesk::connectors
