#include "alertdestinations.h"

#include "lakedestinations.h"

#include <connectors/notifyclients.h>

#include <nlohmann/json.hpp>

namespace cosmicdesk::services {

namespace {

QString text(const nlohmann::json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

SendOutcome refused(const QString &why)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Rejected;
    o.error = why;
    return o;
}

SendOutcome sent(int status)
{
    SendOutcome o;
    o.kind = SendOutcome::Kind::Applied;
    o.httpStatus = status;
    return o;
}

} // namespace

SendGridDestination::SendGridDestination(std::unique_ptr<connectors::SendGridClient> client) : m_client(std::move(client)) {}

SendGridDestination::~SendGridDestination() = default;

QString SendGridDestination::name() const
{
    return QStringLiteral("sendgrid");
}

void SendGridDestination::send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    const auto j = nlohmann::json::parse(entry.payload.cbegin(), entry.payload.cend(), nullptr, false);
    if (!j.is_object()) {
        done(refused(QStringLiteral("The queued alert is not JSON.")));
        return;
    }
    connectors::MailMessage m;
    for (const auto &to : j.value("to", nlohmann::json::array()))
        if (to.is_object())
            m.to.push_back({text(to, "email"), text(to, "name")});
    const auto from = j.value("from", nlohmann::json::object());
    m.from = {text(from, "email"), text(from, "name")};
    m.subject = text(j, "subject");
    m.text = text(j, "text");
    m.html = text(j, "html");
    m.outboxId = QStringLiteral("ob_%1").arg(entry.id);
    for (const auto &c : j.value("categories", nlohmann::json::array()))
        if (c.is_string())
            m.categories << QString::fromStdString(c.get<std::string>());
    if (auto v = connectors::SendGridClient::validate(m); !v.ok()) {
        done(refused(v.error().message));
        return;
    }
    m_client->send(m, context, [done = std::move(done)](models::Result<QString> r) {
        if (r.ok()) {
            done(sent(202));
            return;
        }
        SendOutcome o = automationFailure(r.error(), false);
        // SendGrid's 403 is a sender not verified or a key without mail.send: the admin must act.
        if (r.error().httpStatus == 403)
            o.kind = SendOutcome::Kind::Paused;
        done(o);
    });
}

SlackDestination::SlackDestination(std::unique_ptr<connectors::SlackWebhookClient> client, QUrl webhook)
    : m_client(std::move(client)), m_webhook(std::move(webhook))
{
}

SlackDestination::~SlackDestination() = default;

QString SlackDestination::name() const
{
    return QStringLiteral("slack");
}

void SlackDestination::send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    const auto j = nlohmann::json::parse(entry.payload.cbegin(), entry.payload.cend(), nullptr, false);
    if (!j.is_object() || text(j, "text").isEmpty()) {
        done(refused(QStringLiteral("The queued Slack message has no text.")));
        return;
    }
    connectors::SlackMessage m{text(j, "text"), text(j, "mrkdwn")};
    m_client->post(m_webhook, m, context, [done = std::move(done)](models::Result<void> r) {
        if (r.ok()) {
            done(sent(200));
            return;
        }
        SendOutcome o = automationFailure(r.error(), false);
        // 403/404/410: the webhook is revoked, its channel gone or archived — permanent, for the admin.
        const int s = r.error().httpStatus;
        if (s == 403 || s == 404 || s == 410)
            o.kind = SendOutcome::Kind::Rejected;
        done(o);
    });
}

} // namespace cosmicdesk::services
