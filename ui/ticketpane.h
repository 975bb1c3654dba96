#pragma once

#include <QWidget>

#include <memory>
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

class Composer;
class TriagePanel;

// The selected ticket: its header and the conversation, requester and agents, internal notes
// marked; beside it the triage panel. Ticket text is shown as text, never interpreted as markup.
// Layout runs on the UI thread, so the conversation is shown kConversationPageChars characters at a
// time, with "show more" for the next; a ticket cut to the workspace's limits says so and links to
// its full text in Zendesk.
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
    // The composer goes under the conversation and follows the ticket shown (not owned before).
    void attachComposer(Composer *composer);
    Composer *composer() const { return m_composer; }

    static constexpr qsizetype kConversationPageChars = 20000;
    static constexpr qsizetype kSubjectChars = 500;
    static constexpr auto kShowMoreLink = "cosmicdesk:show-more";

Q_SIGNALS:
    void detailsLoaded(const models::TicketDetails &details);

private:
    void showEmpty(const QString &message);
    void render(const models::TicketDetails &details);
    void renderConversation();

    services::TicketDetailsService *m_details;
    qint64 m_ticketId = 0;
    quint64 m_request = 0; // answers to older requests are ignored
    QLabel *m_subject;
    QLabel *m_meta;
    QTextBrowser *m_conversation;
    QSplitter *m_split;
    QSplitter *m_thread; // the conversation over the composer
    Composer *m_composer = nullptr;
    TriagePanel *m_triage;
    std::shared_ptr<const models::TicketDetails> m_shown; // what the conversation pages through
    qsizetype m_budget = kConversationPageChars;          // characters of it on screen
};

} // namespace cosmicdesk::ui
