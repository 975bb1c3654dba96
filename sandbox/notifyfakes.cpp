#include "notifyfakes.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMutexLocker>

namespace cosmicdesk::sandbox {

using nlohmann::json;

namespace {

QByteArray dump(const json &j)
{
    return QByteArray::fromStdString(j.dump());
}

// SendGrid's error body: {"errors":[{"message","field","help"}]}, field null when the request as a whole is wrong.
SandboxReply sgError(int status, const std::string &message, const std::string &field = {})
{
    json e{{"message", message}, {"field", field.empty() ? json(nullptr) : json(field)}, {"help", nullptr}};
    return SandboxReply::json(status, dump(json{{"errors", json::array({e})}}));
}

bool isText(const json &j, const char *key)
{
    return j.is_object() && j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty();
}

// As strict as SendGrid about the shape (one @, a dotted domain, nothing that belongs to a display name).
bool validEmail(const std::string &s)
{
    const auto at = s.find('@');
    if (at == std::string::npos || at == 0 || at != s.rfind('@') || s.size() > 254)
        return false;
    const std::string domain = s.substr(at + 1);
    if (domain.empty() || domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string::npos)
        return false;
    for (const char c : s)
        if (static_cast<unsigned char>(c) <= ' ' || std::string_view("<>()[],;:\"\\").find(c) != std::string_view::npos)
            return false;
    return true;
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string index(const char *prefix, std::size_t i)
{
    return std::string(prefix) + '.' + std::to_string(i);
}

} // namespace

NotifyFakes::NotifyFakes(HttpSandbox &server, NotifyFakeOptions options) : m_server(server), m_options(std::move(options))
{
    m_server.addRoute(QStringLiteral("sendgrid.send"), "POST", QStringLiteral("/v3/mail/send"),
                      [this](const SandboxRequest &r) { return sendGrid(r); });
    // Slack's shape only (team, bot, secret), so that Salesforce's /services/data/… stays Salesforce's.
    m_server.addRoute(QStringLiteral("slack.webhook"), "POST", QStringLiteral("/services/(T[^/]+)/(B[^/]+)/([^/]+)"),
                      [this](const SandboxRequest &r) { return slack(r); });
    addFaultReplies();
}

std::vector<SentMail> NotifyFakes::mails() const
{
    QMutexLocker lock(&m_lock);
    return m_mails;
}

std::vector<SlackPost> NotifyFakes::slackPosts() const
{
    QMutexLocker lock(&m_lock);
    return m_posts;
}

void NotifyFakes::revokeHook(const QString &hookPath)
{
    QMutexLocker lock(&m_lock);
    m_revoked.insert(hookPath);
}

void NotifyFakes::addFaultReplies()
{
    m_server.setFaultReply(QStringLiteral("sendgrid"), [this](Fault fault, const FaultKnobs &k) {
        if (fault != Fault::RateLimited)
            return sgError(500, "internal server error");
        SandboxReply r = sgError(429, "too many requests");
        const qint64 reset = QDateTime::currentSecsSinceEpoch() + k.retryAfterSecs;
        r.headers.append({"X-RateLimit-Limit", QByteArray::number(m_options.sendGridRateLimit)});
        r.headers.append({QByteArray("X-RateLimit-Remaining"), QByteArray("0")});
        r.headers.append({"X-RateLimit-Reset", QByteArray::number(reset)});
        return r;
    });
    m_server.setFaultReply(QStringLiteral("slack"), [](Fault fault, const FaultKnobs &k) {
        if (fault != Fault::RateLimited)
            return SandboxReply::text(500, "rollup_error");
        SandboxReply r = SandboxReply::text(429, "rate_limited");
        r.headers.append({"Retry-After", QByteArray::number(k.retryAfterSecs)});
        return r;
    });
}

SandboxReply NotifyFakes::sendGrid(const SandboxRequest &r)
{
    const QByteArray authorization = r.header("authorization").trimmed();
    if (authorization.isEmpty())
        return sgError(401, "authorization required");
    if (authorization != "Bearer " + m_options.sendGridKey.toUtf8())
        return sgError(401, "The provided authorization grant is invalid, expired, or revoked");
    if (r.body().size() > m_options.maxMailBytes)
        return sgError(413, "The JSON payload you have included in your request is too large. Please check your request and try again.");

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    qint64 resetSecs = 0;
    int remaining = 0;
    {
        QMutexLocker lock(&m_lock);
        const qint64 window = std::max(1, m_options.sendGridWindowSecs) * qint64(1000);
        if (nowMs - m_windowStart >= window) {
            m_windowStart = nowMs - nowMs % window;
            m_windowCount = 0;
        }
        resetSecs = (m_windowStart + window) / 1000;
        if (m_windowCount >= m_options.sendGridRateLimit) {
            SandboxReply limited = sgError(429, "too many requests");
            limited.headers.append({"X-RateLimit-Limit", QByteArray::number(m_options.sendGridRateLimit)});
            limited.headers.append({QByteArray("X-RateLimit-Remaining"), QByteArray("0")});
            limited.headers.append({"X-RateLimit-Reset", QByteArray::number(resetSecs)});
            return limited;
        }
        remaining = m_options.sendGridRateLimit - ++m_windowCount;
    }

    const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return sgError(400, "Bad Request");

    const json &ps = body.contains("personalizations") ? body["personalizations"] : json();
    if (!ps.is_array() || ps.empty())
        return sgError(400, "The personalizations field is required and must have at least one personalization.", "personalizations");
    if (ps.size() > 1000)
        return sgError(400, "The personalizations field can contain a maximum of 1000 personalizations.", "personalizations");
    std::size_t recipients = 0;
    bool everySubject = true;
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const json &p = ps[i];
        const std::string at = index("personalizations", i);
        if (!p.is_object() || !p.contains("to") || !p["to"].is_array() || p["to"].empty())
            return sgError(400,
                           "The to array is required for all personalization objects, and must have at least one email object with a "
                           "valid email address.",
                           at + ".to");
        std::vector<std::string> seen;
        for (const char *list : {"to", "cc", "bcc"}) {
            if (!p.contains(list))
                continue;
            if (!p[list].is_array())
                return sgError(400, "Invalid type. Expected: array, given: " + std::string(p[list].type_name()) + ".", at + '.' + list);
            for (std::size_t j = 0; j < p[list].size(); ++j) {
                const json &a = p[list][j];
                const std::string where = at + '.' + list + '.' + std::to_string(j) + ".email";
                if (!isText(a, "email") || !validEmail(a["email"].get<std::string>()))
                    return sgError(400, "Does not contain a valid address.", where);
                const std::string key = lower(a["email"].get<std::string>());
                if (std::find(seen.begin(), seen.end(), key) != seen.end())
                    return sgError(400,
                                   "Each email address in the personalization block should be unique between to, cc, and bcc. We found "
                                   "the first duplicate instance of [" +
                                       a["email"].get<std::string>() + "] in the " + at + '.' + list + " field.",
                                   at + '.' + list);
                seen.push_back(key);
                ++recipients;
            }
        }
        everySubject = everySubject && isText(p, "subject");
    }
    if (recipients > 1000)
        return sgError(400, "The total number of recipients must be less than or equal to 1000.", "personalizations");

    if (!body.contains("from") || !isText(body["from"], "email"))
        return sgError(400,
                       "The from object must be provided for every email send. It is an object that requires the email parameter, but "
                       "may also contain a name parameter.",
                       "from.email");
    const std::string from = body["from"]["email"].get<std::string>();
    if (!validEmail(from))
        return sgError(400, "The from email does not contain a valid address.", "from.email");
    if (body.contains("reply_to") && (!isText(body["reply_to"], "email") || !validEmail(body["reply_to"]["email"].get<std::string>())))
        return sgError(400, "The reply_to email does not contain a valid address.", "reply_to.email");
    if (!isText(body, "subject") && !everySubject)
        return sgError(400,
                       "The subject is required. You can get around this requirement if you use a template with a subject defined or if "
                       "every personalization has a subject defined.",
                       "subject");

    if (!isText(body, "template_id")) {
        const json &content = body.contains("content") ? body["content"] : json();
        if (!content.is_array() || content.empty())
            return sgError(400,
                           "Unless a valid template_id is provided, the content parameter is required. There must be at least one "
                           "defined content block. We typically suggest both text/plain and text/html blocks are included, but only one "
                           "block is required.",
                           "content");
        for (std::size_t i = 0; i < content.size(); ++i) {
            if (!isText(content[i], "type"))
                return sgError(400, "The content type cannot contain ';', or CRLF characters and must be at least 1 character long.",
                               index("content", i) + ".type");
            if (!isText(content[i], "value"))
                return sgError(400, "The content value must be a string at least one character in length.", index("content", i) + ".value");
            const std::string type = content[i]["type"].get<std::string>();
            if (type == "text/plain" && i != 0)
                return sgError(400, "If present, text/plain must be first, followed by text/html, followed by any other content.",
                               index("content", i) + ".type");
        }
    }

    if (body.contains("categories")) {
        const json &c = body["categories"];
        if (!c.is_array())
            return sgError(400, "Invalid type. Expected: array, given: " + std::string(c.type_name()) + ".", "categories");
        if (c.size() > 10)
            return sgError(400, "Too many categories: a message may have at most 10.", "categories");
        for (std::size_t i = 0; i < c.size(); ++i)
            if (!c[i].is_string() || c[i].get<std::string>().empty() || c[i].get<std::string>().size() > 255)
                return sgError(400, "A category must be a string of 1 to 255 characters.", index("categories", i));
    }

    if (!m_options.verifiedSenders.isEmpty() && !m_options.verifiedSenders.contains(QString::fromStdString(from), Qt::CaseInsensitive))
        return sgError(403,
                       "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. "
                       "Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity "
                       "requirements",
                       "from");

    SentMail mail;
    mail.body = body;
    mail.atMs = nowMs;
    {
        QMutexLocker lock(&m_lock);
        // 22 characters of URL-safe base64, as SendGrid's ids look.
        const QByteArray seed = "cosmicdesk-sendgrid-" + QByteArray::number(++m_counter) + '-' + QByteArray::number(nowMs);
        mail.messageId = QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256)
                                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                                                 .left(22));
        m_mails.push_back(mail);
    }
    SandboxReply ok = SandboxReply::text(202, QByteArray());
    ok.headers.append({"X-Message-Id", mail.messageId.toLatin1()});
    ok.headers.append({"X-RateLimit-Limit", QByteArray::number(m_options.sendGridRateLimit)});
    ok.headers.append({"X-RateLimit-Remaining", QByteArray::number(remaining)});
    ok.headers.append({"X-RateLimit-Reset", QByteArray::number(resetSecs)});
    return ok;
}

SandboxReply NotifyFakes::slack(const SandboxRequest &r)
{
    const QString hook = r.path;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_lock);
        if (!m_options.slackHooks.contains(hook) || m_revoked.contains(hook))
            return SandboxReply::text(404, "no_service");
        if (m_options.slackBurst > 0) {
            auto &times = m_hookTimes[hook];
            while (!times.empty() && nowMs - times.front() >= 1000)
                times.pop_front();
            if (int(times.size()) >= m_options.slackBurst) {
                SandboxReply limited = SandboxReply::text(429, "rate_limited");
                limited.headers.append({QByteArray("Retry-After"), QByteArray("1")});
                return limited;
            }
            times.push_back(nowMs); // every post that reached the hook counts, well-formed or not
        }
    }
    const json body = json::parse(r.body().cbegin(), r.body().cend(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return SandboxReply::text(400, "invalid_payload");
    if (!isText(body, "text"))
        return SandboxReply::text(400, "no_text");
    if (body.contains("blocks")) {
        const json &blocks = body["blocks"];
        if (!blocks.is_array() || blocks.size() > 50)
            return SandboxReply::text(400, "invalid_blocks");
        for (const auto &b : blocks) {
            if (!isText(b, "type"))
                return SandboxReply::text(400, "invalid_blocks");
            if (b["type"] == "section") {
                const json &t = b.contains("text") ? b["text"] : json();
                if (!isText(t, "text") || !isText(t, "type") || QString::fromStdString(t["text"].get<std::string>()).size() > 3000)
                    return SandboxReply::text(400, "invalid_blocks");
            }
        }
    }
    QMutexLocker lock(&m_lock);
    m_posts.push_back(SlackPost{hook, body, nowMs});
    return SandboxReply::text(200, "ok");
}

} // namespace cosmicdesk::sandbox
