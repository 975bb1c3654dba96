#include "notifyclients.h"

#include "auth.h"

#include <QDateTime>
#include <QPointer>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

namespace cosmicdesk::connectors {

using nlohmann::json;

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

json address(const MailAddress &a)
{
    json j{{"email", utf8(a.email)}};
    if (!a.name.isEmpty())
        j["name"] = utf8(a.name);
    return j;
}

// A plain address as SendGrid takes it: no display name, no comment, no spaces; a dotted domain.
bool plausibleEmail(const QString &email)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
                                                      "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                                                      "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"));
    return email.size() <= 254 && re.match(email).hasMatch() && !email.startsWith(u'.') && !email.contains(QStringLiteral("..")) &&
           !email.contains(QStringLiteral(".@"));
}

Error badPayload(const QString &why)
{
    return Error::make(Error::Kind::BadPayload, why);
}

QString elidedBody(const QByteArray &body)
{
    QString s = QString::fromUtf8(body.left(400)).simplified();
    if (s.size() > 120)
        s = s.left(119) + QChar(0x2026);
    return s;
}

// Runs `done` on the context's thread (directly when that is this thread and `queued` is false);
// dropped when the context is gone. Without a context, on the client's thread.
template <typename T>
void deliver(QObject *self, const QPointer<QObject> &ctx, bool hasContext, const std::function<void(Result<T>)> &done, Result<T> r,
             bool queued)
{
    if (!done || (hasContext && !ctx))
        return;
    QObject *target = hasContext ? ctx.data() : self;
    if (!queued && target->thread() == QThread::currentThread()) {
        done(std::move(r));
        return;
    }
    QMetaObject::invokeMethod(
        target,
        [ctx, hasContext, done, r = std::move(r)]() mutable {
            if (!hasContext || ctx)
                done(std::move(r));
        },
        Qt::QueuedConnection);
}

// What RestClient is given as the call's context: the caller's when it lives on this thread (a call
// still queued when it goes is then never sent), else the client. Either way RestClient calls back
// directly, right after the response observer, which is what pairs an answer with its call.
QObject *callContext(QObject *client, QObject *context)
{
    return context && context->thread() == client->thread() ? context : client;
}

// The retry hint of a 429: X-RateLimit-Reset is the Unix second the window resets (SendGrid), else Retry-After.
std::chrono::seconds retryHint(const RestResponse &a, std::chrono::seconds cap, std::chrono::seconds fallback)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    bool ok = false;
    const qint64 reset = a.header("x-ratelimit-reset").trimmed().toLongLong(&ok);
    if (ok && reset > 0)
        return std::chrono::seconds(std::clamp<qint64>(reset - now, 0, cap.count()));
    if (const auto after = parseRetryAfter(a.header("retry-after"), cap, now))
        return *after;
    return fallback;
}

// SendGrid's {"errors":[{"message","field","help"}]} as one sentence: each message, with its field.
QString sendGridWords(const QByteArray &body)
{
    const auto j = json::parse(body.cbegin(), body.cend(), nullptr, false);
    QStringList parts;
    if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
        for (const auto &e : j["errors"]) {
            if (!e.is_object())
                continue;
            const QString message = e.contains("message") && e["message"].is_string()
                                        ? QString::fromStdString(e["message"].get<std::string>()).simplified()
                                        : QString();
            const QString field =
                e.contains("field") && e["field"].is_string() ? QString::fromStdString(e["field"].get<std::string>()) : QString();
            if (message.isEmpty() && field.isEmpty())
                continue;
            parts << (field.isEmpty() ? message : QStringLiteral("%1 (field %2)").arg(message, field));
        }
    }
    if (!parts.isEmpty())
        return parts.join(QStringLiteral("; "));
    return describeErrorBody(body);
}

Error sendGridError(const RestResponse &a, std::chrono::seconds cap)
{
    using K = Error::Kind;
    K kind = K::Server;
    if (a.status == 400 || a.status == 413)
        kind = K::BadPayload;
    else if (a.status == 401 || a.status == 403)
        kind = K::Auth;
    else if (a.status == 429)
        kind = K::RateLimited;
    else if (a.status >= 500)
        kind = K::Server;
    else if (const auto cls = classifyStatus(a.status, a.body))
        kind = cls->kind;
    QString words = sendGridWords(a.body);
    if (words.isEmpty())
        words = QStringLiteral("HTTP %1").arg(a.status);
    Error e = Error::make(kind, words, a.status);
    if (kind == K::RateLimited)
        e.retryAfter = retryHint(a, cap, std::chrono::seconds(1));
    else if (kind == K::Server)
        e.retryAfter = parseRetryAfter(a.header("retry-after"), cap, QDateTime::currentSecsSinceEpoch()).value_or(std::chrono::seconds(0));
    return e;
}

Error slackError(const RestResponse &a, std::chrono::seconds cap)
{
    using K = Error::Kind;
    K kind = K::Server;
    if (a.status == 400 || a.status == 413)
        kind = K::BadPayload;
    else if (a.status == 401 || a.status == 403) // action_prohibited, invalid_token
        kind = K::Auth;
    else if (a.status == 404 || a.status == 410) // channel_not_found, no_service; channel_is_archived
        kind = K::NotFound;
    else if (a.status == 429)
        kind = K::RateLimited;
    else if (a.status >= 500)
        kind = K::Server;
    else if (const auto cls = classifyStatus(a.status, a.body))
        kind = cls->kind;
    QString words = describeErrorBody(a.body.trimmed()); // plain text ("no_service"), or JSON on a 429
    if (words.isEmpty())
        words = QStringLiteral("HTTP %1").arg(a.status);
    Error e = Error::make(kind, words, a.status);
    if (kind == K::RateLimited)
        e.retryAfter = retryHint(a, cap, std::chrono::seconds(1)); // about one message a second per webhook
    return e;
}

} // namespace

bool notificationMaybeSent(const Error &e)
{
    if (e.httpStatus == 0)
        return e.kind == Error::Kind::Network || e.kind == Error::Kind::Timeout || e.kind == Error::Kind::Cancelled;
    return e.httpStatus >= 500 || (e.httpStatus >= 200 && e.httpStatus < 300);
}

// --- SendGrid -----------------------------------------------------------------------------------

SendGridClient::SendGridClient(RestClient::Options options, QString apiKey, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(std::move(options), std::make_shared<BearerAuth>(apiKey), this))
{
    // The error's status line alone loses SendGrid's words and X-RateLimit-Reset: the observer sees
    // the whole answer, and for a request that is never resent the call's callback follows at once.
    m_rest->setResponseObserver([this](const RestResponse &r) { m_lastAnswer = r; });
}

SendGridClient::~SendGridClient() = default;

void SendGridClient::setLogSink(RestClient::LogSink sink)
{
    m_rest->setLogSink(std::move(sink));
}

json SendGridClient::payload(const MailMessage &m)
{
    json personalization;
    json to = json::array();
    for (const auto &a : m.to)
        to.push_back(address(a));
    personalization["to"] = std::move(to);
    if (!m.cc.empty()) {
        json cc = json::array();
        for (const auto &a : m.cc)
            cc.push_back(address(a));
        personalization["cc"] = std::move(cc);
    }
    personalization["subject"] = utf8(m.subject);
    if (!m.outboxId.isEmpty())
        personalization["custom_args"] = json{{"outbox_id", utf8(m.outboxId)}};

    json body;
    body["personalizations"] = json::array({std::move(personalization)});
    body["from"] = address(m.from);
    if (m.replyTo)
        body["reply_to"] = address(*m.replyTo);
    body["subject"] = utf8(m.subject);
    json content = json::array();
    content.push_back(json{{"type", "text/plain"}, {"value", utf8(m.text)}}); // SendGrid wants text/plain first
    if (!m.html.isEmpty())
        content.push_back(json{{"type", "text/html"}, {"value", utf8(m.html)}});
    body["content"] = std::move(content);
    if (!m.categories.isEmpty()) {
        json categories = json::array();
        for (const auto &c : m.categories)
            categories.push_back(utf8(c));
        body["categories"] = std::move(categories);
    }
    return body;
}

Result<void> SendGridClient::validate(const MailMessage &m)
{
    if (m.from.email.trimmed().isEmpty())
        return badPayload(QStringLiteral("The mail has no from address"));
    if (!plausibleEmail(m.from.email))
        return badPayload(QStringLiteral("The from address \"%1\" is not a valid e-mail address").arg(m.from.email));
    if (m.replyTo && !plausibleEmail(m.replyTo->email))
        return badPayload(QStringLiteral("The reply-to address \"%1\" is not a valid e-mail address").arg(m.replyTo->email));
    if (m.to.empty())
        return badPayload(QStringLiteral("The mail has no recipient"));
    const std::size_t recipients = m.to.size() + m.cc.size();
    if (recipients > std::size_t(kMaxRecipients))
        return badPayload(
            QStringLiteral("The mail has %1 recipients; SendGrid takes at most %2 per request").arg(recipients).arg(kMaxRecipients));
    QSet<QString> seen;
    const auto check = [&seen](const std::vector<MailAddress> &list, const QString &where) -> std::optional<Error> {
        for (const auto &a : list) {
            if (!plausibleEmail(a.email))
                return badPayload(QStringLiteral("The %1 address \"%2\" is not a valid e-mail address").arg(where, a.email));
            const QString key = a.email.toLower();
            if (seen.contains(key))
                return badPayload(QStringLiteral("%1 is a recipient more than once; SendGrid takes each address once").arg(a.email));
            seen.insert(key);
        }
        return std::nullopt;
    };
    if (auto e = check(m.to, QStringLiteral("to")))
        return *e;
    if (auto e = check(m.cc, QStringLiteral("cc")))
        return *e;
    if (m.subject.trimmed().isEmpty())
        return badPayload(QStringLiteral("The mail has no subject"));
    if (m.text.trimmed().isEmpty())
        return badPayload(QStringLiteral("The mail has no text (text/plain is required; HTML is optional)"));
    return {};
}

void SendGridClient::send(const MailMessage &m, QObject *context, std::function<void(Result<QString>)> done)
{
    const QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    if (auto v = validate(m); !v.ok()) {
        deliver<QString>(this, ctx, hasContext, done, v.error(), true);
        return;
    }
    RestRequest request = RestRequest::post(QStringLiteral("/v3/mail/send"), QByteArray::fromStdString(payload(m).dump()),
                                            /*idempotent=*/false); // no idempotency key: a resend is a second mail
    const QPointer<SendGridClient> self(this);
    const auto cap = m_rest->options().retryAfterCap;
    m_rest->send(
        std::move(request), callContext(this, context), [self, ctx, hasContext, done = std::move(done), cap](Result<RestResponse> r) {
            if (!self)
                return;
            std::optional<RestResponse> answer = std::exchange(self->m_lastAnswer, std::nullopt);
            if (r.ok())
                answer = r.value();
            Result<QString> out = QString();
            if (!r.ok() && (!answer || r.error().httpStatus == 0 || answer->status != r.error().httpStatus)) {
                out = r.error(); // no answer (network, timeout) or refused before sending (config)
            } else if (answer->status == 202 && answer->body.trimmed().isEmpty()) {
                out = QString::fromLatin1(answer->header("x-message-id").trimmed());
            } else if (answer->status >= 200 && answer->status < 300) {
                out = Error::make(
                    Error::Kind::BadPayload,
                    QStringLiteral("SendGrid answered %1%2 instead of 202 Accepted with an empty body")
                        .arg(answer->status)
                        .arg(answer->body.isEmpty() ? QString() : QString(QStringLiteral(" \"") + elidedBody(answer->body) + u'"')),
                    answer->status);
            } else {
                out = sendGridError(*answer, cap);
            }
            deliver<QString>(self, ctx, hasContext, done, std::move(out), false);
        });
}

// --- Slack ----------------------------------------------------------------------------------------

namespace {

RestClient::Options secretPath(RestClient::Options o)
{
    o.secretPath = true;
    return o;
}

} // namespace

SlackWebhookClient::SlackWebhookClient(RestClient::Options options, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(secretPath(std::move(options)), nullptr, this))
{
    m_rest->setResponseObserver([this](const RestResponse &r) { m_lastAnswer = r; });
}

SlackWebhookClient::~SlackWebhookClient() = default;

void SlackWebhookClient::setLogSink(RestClient::LogSink sink)
{
    m_rest->setLogSink(std::move(sink));
}

QString SlackWebhookClient::escape(const QString &plain)
{
    QString s = plain;
    s.replace(u'&', QStringLiteral("&amp;"));
    s.replace(u'<', QStringLiteral("&lt;"));
    s.replace(u'>', QStringLiteral("&gt;"));
    return s;
}

QString SlackWebhookClient::redacted(const QUrl &webhookUrl)
{
    const QString port = webhookUrl.port() > 0 ? u':' + QString::number(webhookUrl.port()) : QString();
    const QString path =
        webhookUrl.path().startsWith(QStringLiteral("/services/")) ? QStringLiteral("/services/***") : QStringLiteral("/***");
    return webhookUrl.scheme() + QStringLiteral("://") + webhookUrl.host() + port + path;
}

json SlackWebhookClient::payload(const SlackMessage &m)
{
    json body{{"text", utf8(m.text)}};
    if (!m.mrkdwn.isEmpty()) {
        QString section = m.mrkdwn;
        if (section.size() > kMaxSectionText) { // Slack refuses a longer section (invalid_blocks)
            qsizetype cut = kMaxSectionText - 1;
            if (section.at(cut - 1).isHighSurrogate())
                --cut;
            section = section.left(cut) + QChar(0x2026);
        }
        body["blocks"] = json::array({json{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", utf8(section)}}}}});
    }
    body["unfurl_links"] = false;
    return body;
}

void SlackWebhookClient::post(const QUrl &webhookUrl, const SlackMessage &m, QObject *context, std::function<void(Result<void>)> done)
{
    const QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    // RestClient's own refusals would name the address: the checks come first, in words without the path.
    QString refusal;
    const QString scheme = webhookUrl.scheme().toLower();
    if (!webhookUrl.isValid() || webhookUrl.isRelative() || webhookUrl.host().isEmpty() || (scheme != u"https" && scheme != u"http"))
        refusal = QStringLiteral("The Slack webhook is not a complete https:// address");
    else if (!webhookUrl.userInfo().isEmpty())
        refusal = QStringLiteral("The Slack webhook address must not contain a user name or password");
    else if (scheme == u"http" && !isLoopbackHost(webhookUrl.host()))
        refusal = QStringLiteral("The Slack webhook %1 would travel unencrypted: use https://").arg(redacted(webhookUrl));
    if (!refusal.isEmpty()) {
        deliver<void>(this, ctx, hasContext, done, Error::make(Error::Kind::Config, refusal), true);
        return;
    }
    RestRequest request = RestRequest::post(webhookUrl.toString(QUrl::FullyEncoded), QByteArray::fromStdString(payload(m).dump()),
                                            /*idempotent=*/false); // a resend is a second message in the channel
    request.authenticated = false;
    const QPointer<SlackWebhookClient> self(this);
    const auto cap = m_rest->options().retryAfterCap;
    const QString path = webhookUrl.path(QUrl::FullyEncoded);
    const QString shown = redacted(webhookUrl);
    m_rest->send(std::move(request), callContext(this, context),
                 [self, ctx, hasContext, done = std::move(done), cap, path, shown](Result<RestResponse> r) {
                     if (!self)
                         return;
                     std::optional<RestResponse> answer = std::exchange(self->m_lastAnswer, std::nullopt);
                     if (r.ok())
                         answer = r.value();
                     Result<void> out;
                     if (!r.ok() && (!answer || r.error().httpStatus == 0 || answer->status != r.error().httpStatus)) {
                         Error e = r.error();
                         if (path.size() > 1) // Qt's words may name the address
                             e.message.replace(path, QStringLiteral("/services/***"));
                         out = e;
                     } else if (answer->status == 200 && answer->body.trimmed() == "ok") {
                         out = Result<void>();
                     } else if (answer->status >= 200 && answer->status < 300) {
                         out = Error::make(Error::Kind::BadPayload,
                                           QStringLiteral("%1 answered %2 %3 instead of 200 ok")
                                               .arg(shown)
                                               .arg(answer->status)
                                               .arg(answer->body.isEmpty() ? QStringLiteral("with an empty body")
                                                                           : u'"' + elidedBody(answer->body) + u'"'),
                                           answer->status);
                     } else {
                         out = slackError(*answer, cap);
                     }
                     deliver<void>(self, ctx, hasContext, done, std::move(out), false);
                 });
}

} // namespace cosmicdesk::connectors
