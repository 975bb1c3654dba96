#pragma once

#include "restclient.h"

#include <nlohmann/json.hpp>

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::connectors {

struct MailAddress
{
    QString email;
    QString name;
};

struct MailMessage
{
    std::vector<MailAddress> to, cc;
    MailAddress from;
    std::optional<MailAddress> replyTo;
    QString subject, text, html; // text/plain first, then text/html (html optional)
    QString outboxId;            // custom_args.outbox_id, so a duplicate is traceable
    QStringList categories;      // e.g. "cosmicdesk-alert"
};

// How a notification attempt ended, in the vendors' words. permanent: do not retry (bad payload, revoked webhook,
// sender not verified); credentials: the key or webhook is refused (pause the destination); retryAfter from
// X-RateLimit-Reset (SendGrid) or Retry-After (Slack); maybeSent: the request may have reached the vendor.
// Success: Result value (SendGrid: the X-Message-Id; Slack: empty).
//
// Errors are models::Error with httpStatus set (0 when no answer came) and the vendor's words as message:
//   400/413 → BadPayload, 401/403 → Auth, 404/410 (Slack) → NotFound, 429 → RateLimited with retryAfter,
//   5xx → Server, no answer → Network or Timeout, a refused webhook address → Config, and a 2xx other than the
//   vendor's success (SendGrid: 202 with an empty body; Slack: 200 "ok") → BadPayload. A message refused by
//   validate() is BadPayload with httpStatus 0 and was never sent.
// Neither vendor has an idempotency key: each call makes one attempt once the request may have reached the
// vendor (RestClient tries again only after a refused connection or an unknown host, which never sent it);
// the outbox worker decides on retries, and notificationMaybeSent() says whether a failed one may have gone out.

// Whether a failed attempt may have reached the vendor (the outbox's maybeSent): no answer (Network, Timeout,
// Cancelled in flight), a 5xx, or a 2xx that was not the vendor's success. A 4xx, a 429 and a local refusal
// (validation, Config) were not sent.
bool notificationMaybeSent(const Error &error);

// SendGrid v3 Mail Send (docs: reference/connectors.md §6a), Bearer API key.
class SendGridClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendGridClient)

public:
    static constexpr int kMaxRecipients = 1000; // to + cc (+ bcc) per request

    SendGridClient(RestClient::Options options, QString apiKey, QObject *parent = nullptr); // baseUrl https://api.sendgrid.com
    ~SendGridClient() override;

    static nlohmann::json payload(const MailMessage &m); // the v3 body
    // BadPayload naming the problem: no recipient, >1000 recipients, an address twice, invalid e-mail, no subject/text,
    // no from. Category limits and the message size are left to SendGrid.
    static Result<void> validate(const MailMessage &m);
    // validate(), then one POST /v3/mail/send; the X-Message-Id on 202.
    void send(const MailMessage &m, QObject *context, std::function<void(Result<QString>)> done);

    // Log lines of the HTTP client (method, host, path, status): never the key.
    void setLogSink(RestClient::LogSink sink);

private:
    std::unique_ptr<RestClient> m_rest;
    std::optional<RestResponse> m_lastAnswer; // the response observer's, read by the call it belongs to
};

struct SlackMessage
{
    QString text;   // the required fallback (notification text)
    QString mrkdwn; // -> one section block (at most kMaxSectionText characters)
};

// A Slack incoming webhook (reference/connectors.md §6b). No auth: the URL is the secret, so its path never
// appears in a log line or an error message. A 429 holds back every webhook of this client (RestClient
// pauses the host) for its Retry-After.
class SlackWebhookClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SlackWebhookClient)

public:
    static constexpr int kMaxSectionText = 3000; // Slack's limit for a section's text

    SlackWebhookClient(RestClient::Options options, QObject *parent = nullptr); // no auth: the URL is the secret
    ~SlackWebhookClient() override;

    static nlohmann::json payload(const SlackMessage &m); // {"text":..,"blocks":[...],"unfurl_links":false}
    // One POST to the webhook (https, or http to this machine); success is 200 with the body "ok".
    void post(const QUrl &webhookUrl, const SlackMessage &m, QObject *context, std::function<void(Result<void>)> done);

    // Slack's escaping for text from elsewhere (a ticket subject): &, < and > as &amp; &lt; &gt;.
    static QString escape(const QString &plain);
    // The webhook as it may be shown or logged: scheme and host, the path as "/services/***".
    static QString redacted(const QUrl &webhookUrl);

    void setLogSink(RestClient::LogSink sink);

private:
    std::unique_ptr<RestClient> m_rest;
    std::optional<RestResponse> m_lastAnswer;
};

} // namespace cosmicdesk::connectors
