#pragma once

#include <models/alertstore.h>
#include <models/result.h>

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

namespace cosmicdesk::triage {
struct Assessment;
}

namespace cosmicdesk::services {

class StoreThread;
class TriageService;

// Where alerts go and how many (the settings; the SendGrid key and the Slack webhook URL are in the keychain).
struct AlertSettings
{
    bool email = true; // by SendGrid: Guardian to the account's key account manager, Opportunity to sales
    bool slack = false;
    bool guardian = true;    // Guardian alerts to the key account manager
    bool opportunity = true; // Opportunity alerts to sales
    QString fromEmail = QStringLiteral("alerts@cosmicdesk.example");
    QString fromName = QStringLiteral("CosmicDesk");
    QString guardianFallbackEmail; // an account without a key account manager's address
    QString salesEmail;
    QString slackChannel = QStringLiteral("#cs-alerts"); // for people: the webhook fixes the channel
    int capPerHour = 30;                                 // alerts sent per hour, beyond it suppressed (kept, listed)
    int guardianMinimumLevel = 2;                        // 2 alert, 3 critical
    qint64 recentSecs = 24 * 3600;                       // only tickets changed this recently: a first triage of old tickets alerts nobody
};

// What an alert says about its ticket and account.
struct AlertContext
{
    qint64 ticketId = 0;
    QString subject, requesterName, requesterEmail, organizationName, plan, kamName, kamEmail, priority, team;
    qint64 mrrCents = 0;
    qint64 createdAt = 0;
};

// The text of an alert: readable in a mail client and in Slack, the evidence and the account's context.
struct AlertText
{
    QString subject, text, html, slackMrkdwn;
};
AlertText guardianAlertText(const AlertContext &c, const triage::Assessment &a);
AlertText opportunityAlertText(const AlertContext &c, const triage::Assessment &a);

// Guardian and Opportunity alerts from the triage results: a ticket whose Guardian level reaches
// the settings' minimum alerts the account's key account manager, an Opportunity alert tells
// sales — by e-mail and/or Slack, through the outbox ("sendgrid", "slack" destinations).
// Deduplicated per ticket, kind, level and channel; capped per hour (AlertStore).
class AlertService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertService)

public:
    AlertService(QString workspacePath, TriageService &triage, AlertSettings settings, QObject *parent = nullptr);
    ~AlertService() override;

    // New outbox entries were queued (the composition root wakes the outbox worker).
    void setOutboxWake(std::function<void()> wake) { m_wake = std::move(wake); }
    // Tickets whose suggestion is new: alert where it says so.
    void consider(const QList<qint64> &ticketIds);
    void recent(int limit, QObject *context, std::function<void(models::Result<std::vector<models::Alert>>)> done);
    qint64 raised() const { return m_raised; }

Q_SIGNALS:
    void alertsChanged();

private:
    struct Candidate;
    void compose(const Candidate &c);

    TriageService &m_triage;
    AlertSettings m_settings;
    std::unique_ptr<StoreThread> m_thread;
    std::function<void()> m_wake;
    QSet<qint64> m_inFlight;
    qint64 m_raised = 0;
};

} // namespace cosmicdesk::services
