#pragma once

#include <services/triageservice.h>

#include <QWidget>

#include <array>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace cosmicdesk::services {
class SettingsStore;
class TicketActions;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// The engine's suggestion for the selected ticket, beside the conversation: priority, team and
// category with their confidence, each to accept or override; the tone; why (the evidence); the
// Guardian risk and its reasons; the Opportunity signals; and the drafted reply, editable.
// Guardian's level and the Opportunity alert can be accepted or overridden too. Without write-back
// decisions are stored through the TriageService; with it (setWriteBack) each decision goes to
// Zendesk through TicketActions — priority, the team's group, the category's tag, the Guardian and
// Opportunity fields — stored with the change in one transaction, or, when the settings lack the
// group or field it needs, refused with the reason. Ticket text is always escaped.
class TriagePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriagePanel)

public:
    explicit TriagePanel(services::TriageService *service, QWidget *parent = nullptr);

    void showTicket(qint64 ticketId);
    qint64 ticketId() const { return m_ticketId; }
    // Accepts every suggestion not decided yet (priority, team, category), as one change to Zendesk
    // with write-back.
    void acceptAll();
    bool hasSuggestion() const { return m_shown.record.has_value(); }
    // Decisions also update Zendesk, mapped by the settings' triage write-back (both not owned).
    void setWriteBack(services::TicketActions *actions, services::SettingsStore *settings);

Q_SIGNALS:
    // The panel shows the stored state of a ticket (tests and screenshots wait for it).
    void shown(qint64 ticketId);

private:
    enum Row { PriorityRow, TeamRow, CategoryRow, GuardianRow, OpportunityRow, RowCount };
    struct SuggestionRow
    {
        QLabel *value = nullptr;
        QLabel *decision = nullptr;
        QPushButton *accept = nullptr;
        QComboBox *override = nullptr;
    };

    void refresh();
    void render(const services::TicketTriage &t);
    void showMessage(const QString &message);
    void setRowsEnabled(bool enabled);
    void decide(models::TriageDecision::Field field, const QString &suggested, const QString &chosen);
    void decideMany(std::vector<models::TriageDecision> decisions);
    QString opportunityIntent() const;
    QString suggestedValue(Row row) const;
    static models::TriageDecision::Field fieldOf(Row row);

    services::TriageService *m_service;
    services::TicketActions *m_actions = nullptr;
    services::SettingsStore *m_settings = nullptr;
    QString m_notice; // shown once with the next render: what an accept-all could not send
    qint64 m_ticketId = 0;
    quint64 m_request = 0; // answers to older requests are ignored
    services::TicketTriage m_shown;
    QLabel *m_status;
    std::array<SuggestionRow, RowCount> m_rows;
    QLabel *m_sentiment;
    QPushButton *m_acceptAll;
    QTabWidget *m_tabs;
    QTextBrowser *m_why;
    QTextBrowser *m_guardian;
    QTextBrowser *m_opportunity;
    QWidget *m_draftTab;
    QLabel *m_draftInfo;
    QPlainTextEdit *m_draft;
    QPushButton *m_useDraft;
    QPushButton *m_resetDraft;
};

} // namespace cosmicdesk::ui
