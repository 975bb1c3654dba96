#pragma once

#include "httpsandbox.h"

#include <nlohmann/json.hpp>

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

namespace cosmicdesk::sandbox {

struct SentMail
{
    QString messageId;
    nlohmann::json body;
    qint64 atMs = 0;
};

struct SlackPost
{
    QString hookPath;
    nlohmann::json body;
    qint64 atMs = 0;
};

struct NotifyFakeOptions
{
    QString sendGridKey = QStringLiteral("SG.demo.key");
    QStringList slackHooks = {QStringLiteral("/services/T0DEMO0000/B0DEMO0000/demowebhooksecret000000")};
    // Sender identities SendGrid accepts as from; empty: any (a 403 with field "from" otherwise).
    QStringList verifiedSenders;
    // Mail Send's window: X-RateLimit-Limit requests per sendGridWindowSecs, then 429 until it resets.
    int sendGridRateLimit = 600;
    int sendGridWindowSecs = 60;
    qint64 maxMailBytes = 30 * 1024 * 1024; // whole message, else 413
    // Slack's "about one message per second per webhook, short bursts tolerated": at most this many posts to
    // one hook within any second, then 429 Retry-After: 1. 0: no limit.
    int slackBurst = 0;
};

// SendGrid v3 Mail Send and Slack incoming webhooks (reference/connectors.md §6) on an HttpSandbox:
// Bearer key, SendGrid's validation and its {"errors":[…]} bodies, 202 with X-Message-Id and
// X-RateLimit-*; Slack's plain-text answers ("ok", "no_text", "no_service" …). Routes
// "sendgrid.send" and "slack.webhook"; the knobs' ServerError and RateLimited answer as each vendor does.
class NotifyFakes final
{
public:
    NotifyFakes(HttpSandbox &server, NotifyFakeOptions options); // routes "sendgrid.send" POST /v3/mail/send, "slack.webhook" POST
                                                                 // /services/…; fault replies for "sendgrid" and "slack"

    const NotifyFakeOptions &options() const { return m_options; }
    std::vector<SentMail> mails() const; // thread-safe
    std::vector<SlackPost> slackPosts() const;
    void revokeHook(const QString &hookPath); // then 404 no_service

private:
    SandboxReply sendGrid(const SandboxRequest &r);
    SandboxReply slack(const SandboxRequest &r);
    void addFaultReplies();

    HttpSandbox &m_server;
    NotifyFakeOptions m_options;
    mutable QMutex m_lock; // the handlers run on the server's thread, the readers anywhere
    std::vector<SentMail> m_mails;
    std::vector<SlackPost> m_posts;
    QSet<QString> m_revoked;
    QHash<QString, std::deque<qint64>> m_hookTimes; // recent posts per hook (ms), for slackBurst
    qint64 m_windowStart = 0;
    int m_windowCount = 0;
    quint64 m_counter = 0;
};

} // namespace cosmicdesk::sandbox
