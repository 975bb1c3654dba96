#pragma once

#include <QWidget>

#include <optional>

class QLabel;
class QSplitter;
class QTextBrowser;

namespace cosmicdesk::services {
class TicketDetailsService;
class TriageService;
} // namespace cosmicdesk::services

namespace cosmicdesk::models {
struct TicketDetails;
} // namespace cosmicdesk::models

namespace cosmicdesk::ui {

class TriagePanel;

// The selected ticket: its header and the conversation, requester and agents, internal notes
// marked; beside it the triage panel. Ticket text is shown as text, never interpreted as markup.
class TicketPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketPane)

public:
    TicketPane(services::TicketDetailsService *details, services::TriageService *triage, QWidget *parent = nullptr);

    // Asks for the ticket's details; they show when they arrive (detailsLoaded).
    void showTicket(qint64 ticketId);
    qint64 ticketId() const { return m_ticketId; }
    void focusConversation();
    TriagePanel *triagePanel() const { return m_triage; }

Q_SIGNALS:
    void detailsLoaded(const models::TicketDetails &details);

private:
    void showEmpty(const QString &message);
    void render(const models::TicketDetails &details);

    services::TicketDetailsService *m_details;
    qint64 m_ticketId = 0;
    quint64 m_request = 0; // answers to older requests are ignored
    QLabel *m_subject;
    QLabel *m_meta;
    QTextBrowser *m_conversation;
    QSplitter *m_split;
    TriagePanel *m_triage;
};

} // namespace cosmicdesk::ui
