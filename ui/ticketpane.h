#pragma once

#include <QWidget>

#include <optional>

class QLabel;
class QTextBrowser;

namespace cosmicdesk::models {
class TicketStore;
struct TicketDetails;
} // namespace cosmicdesk::models

namespace cosmicdesk::ui {

// The selected ticket: its header and the conversation, requester and agents, internal notes
// marked. Ticket text is shown as text, never interpreted as markup.
class TicketPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketPane)

public:
    explicit TicketPane(models::TicketStore *store, QWidget *parent = nullptr);

    void showTicket(qint64 ticketId);
    qint64 ticketId() const { return m_ticketId; }
    void focusConversation();

Q_SIGNALS:
    void detailsLoaded(const models::TicketDetails &details);

private:
    void showEmpty(const QString &message);

    models::TicketStore *m_store;
    qint64 m_ticketId = 0;
    QLabel *m_subject;
    QLabel *m_meta;
    QTextBrowser *m_conversation;
};

} // namespace cosmicdesk::ui
