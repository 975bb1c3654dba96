#include "alertservice.h"

#include "storethread.h"
#include "triageservice.h"

#include <models/ticketstore.h>
#include <triage/assessment.h>

#include <QDateTime>
#include <QLocale>
#include <QSqlQuery>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace cosmicdesk::services {

namespace {

QString money(qint64 cents)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(double(cents) / 100.0, 'f', 0).prepend(u'$');
}

QString accountLine(const AlertContext &c)
{
    QStringList parts;
    if (!c.plan.isEmpty())
        parts << c.plan + QStringLiteral(" plan");
    if (c.mrrCents > 0)
        parts << money(c.mrrCents) + QStringLiteral(" MRR");
    const QString name = c.organizationName.isEmpty() ? QStringLiteral("No organization") : c.organizationName;
    return parts.isEmpty() ? name : name + QStringLiteral(" — ") + parts.join(QStringLiteral(", "));
}

QString requesterLine(const AlertContext &c)
{
    if (c.requesterEmail.isEmpty())
        return c.requesterName;
    return QStringLiteral("%1 <%2>").arg(c.requesterName, c.requesterEmail);
}

QString opened(qint64 at)
{
    return at > 0 ? QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QString();
}

// Slack's mrkdwn: &, < and > are escaped, everything else is text.
QString slackEscaped(QString s)
{
    return s.replace(u'&', QStringLiteral("&amp;")).replace(u'<', QStringLiteral("&lt;")).replace(u'>', QStringLiteral("&gt;"));
}

AlertText render(const QString &headline, const AlertContext &c, const QString &whyTitle, const QStringList &why, const QString &action)
{
    AlertText t;
    QStringList text;
    text << headline << QString();
    text << QStringLiteral("Account: %1").arg(accountLine(c));
    if (!c.kamName.isEmpty())
        text << QStringLiteral("Key account manager: %1").arg(c.kamName);
    text << QStringLiteral("Requester: %1").arg(requesterLine(c));
    text << QStringLiteral("Ticket #%1: \"%2\"%3")
                .arg(c.ticketId)
                .arg(c.subject, c.priority.isEmpty() ? QString()
                                                     : QStringLiteral(" (%1%2)").arg(
                                                           c.priority, c.team.isEmpty() ? QString() : QStringLiteral(", ") + c.team));
    if (c.createdAt > 0)
        text << QStringLiteral("Opened: %1").arg(opened(c.createdAt));
    text << QString() << whyTitle;
    for (const QString &w : why)
        text << QStringLiteral("- %1").arg(w);
    if (!action.isEmpty())
        text << QString() << QStringLiteral("Suggested action: %1").arg(action);
    text << QString() << QStringLiteral("Sent by CosmicDesk automation. Ticket #%1.").arg(c.ticketId);
    t.text = text.join(u'\n');

    QString html = QStringLiteral("<p><strong>%1</strong></p><table>").arg(headline.toHtmlEscaped());
    const auto row = [&html](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    row(QStringLiteral("Account"), accountLine(c));
    if (!c.kamName.isEmpty())
        row(QStringLiteral("Key account manager"), c.kamName);
    row(QStringLiteral("Requester"), requesterLine(c));
    row(QStringLiteral("Ticket"), QStringLiteral("#%1 %2").arg(c.ticketId).arg(c.subject));
    html += QStringLiteral("</table><p>%1</p><ul>").arg(whyTitle.toHtmlEscaped());
    for (const QString &w : why)
        html += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
    html += QStringLiteral("</ul>");
    if (!action.isEmpty())
        html += QStringLiteral("<p>Suggested action: %1</p>").arg(action.toHtmlEscaped());
    t.html = html;

    QStringList md;
    md << QStringLiteral("*%1*").arg(slackEscaped(headline));
    md << QStringLiteral("%1 · %2").arg(slackEscaped(accountLine(c)), slackEscaped(requesterLine(c)));
    md << QStringLiteral("Ticket #%1: %2").arg(c.ticketId).arg(slackEscaped(c.subject));
    for (const QString &w : why)
        md << QStringLiteral("• %1").arg(slackEscaped(w));
    if (!action.isEmpty())
        md << QStringLiteral("_%1_").arg(slackEscaped(action));
    t.slackMrkdwn = md.join(u'\n');
    return t;
}

} // namespace

AlertText guardianAlertText(const AlertContext &c, const triage::Assessment &a)
{
    const QString level = QString::fromLatin1(triage::guardianLevelName(a.guardian.level).data());
    const QString who = c.organizationName.isEmpty() ? c.requesterName : c.organizationName;
    AlertText t;
    QStringList why;
    for (const auto &r : a.guardian.reasons)
        why << QString::fromStdString(r);
    if (why.isEmpty())
        why << QStringLiteral("Churn risk score %1/100").arg(a.guardian.score);
    const QString headline = QStringLiteral("Guardian: %1 may churn (%2, score %3/100)").arg(who, level).arg(a.guardian.score);
    t = render(headline, c, QStringLiteral("Why Guardian flagged it:"), why, QString::fromStdString(a.guardian.action));
    t.subject = QStringLiteral("[Guardian · %1] %2 — ticket #%3").arg(level, accountLine(c)).arg(c.ticketId);
    return t;
}

AlertText opportunityAlertText(const AlertContext &c, const triage::Assessment &a)
{
    const QString who = c.organizationName.isEmpty() ? c.requesterName : c.organizationName;
    QStringList why;
    for (const auto &s : a.opportunity.signals) {
        const QString quote = QString::fromStdString(s.evidence.text).simplified();
        why << (quote.isEmpty() ? QString::fromStdString(s.name) : QStringLiteral("%1: \"%2\"").arg(QString::fromStdString(s.name), quote));
    }
    if (why.isEmpty())
        why << QStringLiteral("Revenue signal score %1/100").arg(a.opportunity.score);
    const QString headline = QStringLiteral("Opportunity: %1 (score %2/100)").arg(who).arg(a.opportunity.score);
    AlertText t = render(headline, c, QStringLiteral("Signals in the ticket:"), why, QString());
    t.subject = QStringLiteral("[Opportunity] %1 — ticket #%2").arg(accountLine(c)).arg(c.ticketId);
    return t;
}

struct AlertService::Candidate
{
    AlertContext context;
    int guardianLevel = 0;
    bool opportunity = false;
};

AlertService::AlertService(QString workspacePath, TriageService &triage, AlertSettings settings, QObject *parent)
    : QObject(parent), m_triage(triage), m_settings(std::move(settings)),
      m_thread(std::make_unique<StoreThread>(std::move(workspacePath), QStringLiteral("alerts")))
{
    connect(&m_triage, &TriageService::triaged, this, &AlertService::consider);
}

AlertService::~AlertService() = default;

void AlertService::consider(const QList<qint64> &ticketIds)
{
    if ((!m_settings.email && !m_settings.slack) || (!m_settings.guardian && !m_settings.opportunity) || ticketIds.isEmpty())
        return;
    std::vector<qint64> ids(ticketIds.begin(), ticketIds.end());
    const int minimum = m_settings.guardianMinimumLevel;
    const qint64 since = QDateTime::currentSecsSinceEpoch() - m_settings.recentSecs;
    m_thread->run<std::vector<Candidate>>(
        [ids, minimum, since](models::TicketStore &store) -> models::Result<std::vector<Candidate>> {
            std::vector<Candidate> out;
            QStringList list;
            for (qint64 id : ids)
                list << QString::number(id);
            QSqlQuery q(store.db());
            if (!q.exec(QStringLiteral("SELECT t.id, t.subject, u.name, u.email, o.name, o.plan, o.kam_name, o.kam_email, o.mrr_cents,"
                                       " t.created_at, tr.priority, tr.team, tr.guardian_level, tr.opportunity_alert"
                                       " FROM triage tr JOIN tickets t ON t.id = tr.ticket_id LEFT JOIN users u ON u.id = t.requester_id"
                                       " LEFT JOIN organizations o ON o.id = t.organization_id"
                                       " WHERE tr.ticket_id IN (%1) AND (tr.guardian_level >= %2 OR tr.opportunity_alert = 1)"
                                       " AND t.status < 5 AND t.updated_at >= %3")
                            .arg(list.join(u','))
                            .arg(minimum)
                            .arg(since)))
                return models::Error::make(models::Error::Kind::Storage, QStringLiteral("reading tickets to alert about"));
            while (q.next()) {
                Candidate c;
                c.context.ticketId = q.value(0).toLongLong();
                c.context.subject = q.value(1).toString();
                c.context.requesterName = q.value(2).toString();
                c.context.requesterEmail = q.value(3).toString();
                c.context.organizationName = q.value(4).toString();
                c.context.plan = q.value(5).toString();
                c.context.kamName = q.value(6).toString();
                c.context.kamEmail = q.value(7).toString();
                c.context.mrrCents = q.value(8).toLongLong();
                c.context.createdAt = q.value(9).toLongLong();
                c.context.priority = QStringLiteral("P%1").arg(q.value(10).toInt());
                c.context.team = q.value(11).toString();
                c.guardianLevel = q.value(12).toInt();
                c.opportunity = q.value(13).toInt() != 0;
                out.push_back(std::move(c));
            }
            return out;
        },
        this,
        [this](models::Result<std::vector<Candidate>> r) {
            if (!r.ok()) {
                qWarning("alerts: %s", qPrintable(r.error().message));
                return;
            }
            for (const Candidate &c : r.value())
                if (!m_inFlight.contains(c.context.ticketId))
                    compose(c);
        });
}

void AlertService::compose(const Candidate &c)
{
    m_inFlight.insert(c.context.ticketId);
    // The stored suggestion has no evidence: the triage service makes it again for the alert's words.
    m_triage.fetch(c.context.ticketId, this, [this, c](models::Result<TicketTriage> r) {
        m_inFlight.remove(c.context.ticketId);
        if (!r.ok() || !r.value().record)
            return;
        const triage::Assessment a = r.value().record->assessment;
        struct Planned
        {
            models::Alert alert;
            models::OutboxEntry entry;
        };
        std::vector<Planned> planned;
        const auto plan = [&](const QString &kind, const QString &level, const AlertText &text, const QString &email, const QString &name) {
            if (m_settings.email && !email.isEmpty()) {
                Planned p;
                p.alert = models::Alert{0, c.context.ticketId, kind, level, QStringLiteral("email"), email, text.subject, text.text};
                nlohmann::json j = {{"to", nlohmann::json::array({{{"email", email.toStdString()}, {"name", name.toStdString()}}})},
                                    {"from", {{"email", m_settings.fromEmail.toStdString()}, {"name", m_settings.fromName.toStdString()}}},
                                    {"subject", text.subject.toStdString()},
                                    {"text", text.text.toStdString()},
                                    {"html", text.html.toStdString()},
                                    {"categories", {"cosmicdesk-alert", kind.toStdString()}}};
                p.entry.destination = QStringLiteral("sendgrid");
                p.entry.kind = QStringLiteral("alert.mail");
                p.entry.payload = QByteArray::fromStdString(j.dump());
                planned.push_back(std::move(p));
            }
            if (m_settings.slack) {
                Planned p;
                p.alert = models::Alert{
                    0, c.context.ticketId, kind, level, QStringLiteral("slack"), m_settings.slackChannel, text.subject, text.text};
                nlohmann::json j = {{"text", text.subject.toStdString()}, {"mrkdwn", text.slackMrkdwn.toStdString()}};
                p.entry.destination = QStringLiteral("slack");
                p.entry.kind = QStringLiteral("alert.slack");
                p.entry.payload = QByteArray::fromStdString(j.dump());
                planned.push_back(std::move(p));
            }
        };
        if (m_settings.guardian && int(a.guardian.level) >= m_settings.guardianMinimumLevel) {
            const QString email = !c.context.kamEmail.isEmpty() ? c.context.kamEmail : m_settings.guardianFallbackEmail;
            plan(QStringLiteral("guardian"), QString::fromLatin1(triage::guardianLevelName(a.guardian.level).data()),
                 guardianAlertText(c.context, a), email, c.context.kamName);
        }
        if (m_settings.opportunity && a.opportunity.alert)
            plan(QStringLiteral("opportunity"), QStringLiteral("signal"), opportunityAlertText(c.context, a), m_settings.salesEmail,
                 QStringLiteral("Sales"));
        if (planned.empty())
            return;
        const int cap = m_settings.capPerHour;
        m_thread->run<int>(
            [planned = std::move(planned), cap](models::TicketStore &store) -> models::Result<int> {
                models::AlertStore alerts(store.db());
                int raised = 0;
                for (const Planned &p : planned) {
                    auto r = alerts.raise(p.alert, p.entry, cap, QDateTime::currentSecsSinceEpoch());
                    if (!r.ok())
                        return r.error();
                    raised += r.value() ? 1 : 0;
                }
                return raised;
            },
            this,
            [this](models::Result<int> r) {
                if (!r.ok()) {
                    qWarning("alerts: %s", qPrintable(r.error().message));
                    return;
                }
                if (r.value() == 0)
                    return;
                m_raised += r.value();
                if (m_wake)
                    m_wake();
                Q_EMIT alertsChanged();
            });
    });
}

void AlertService::recent(int limit, QObject *context, std::function<void(models::Result<std::vector<models::Alert>>)> done)
{
    m_thread->run<std::vector<models::Alert>>([limit](models::TicketStore &store) { return models::AlertStore(store.db()).recent(limit); },
                                              context, std::move(done));
}

} // namespace cosmicdesk::services
