#pragma once

#include <connectors/zendeskclient.h>
#include <models/result.h>
#include <models/ticketchange.h>

#include <QObject>

#include <functional>
#include <vector>

namespace cosmicdesk::services {

// The account's active macros, searchable, and what applying one to a ticket would do — Zendesk's
// own preview ("show ticket after changes"), turned into a change the composer shows before submit.
class MacroService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MacroService)

public:
    explicit MacroService(QObject *parent = nullptr);

    void setClient(connectors::ZendeskClient *client); // not owned; none offline
    bool isAvailable() const { return m_client != nullptr; }
    const std::vector<connectors::ZendeskMacro> &macros() const { return m_macros; }
    // Titles and descriptions containing every word of the query (case- and accent-blind).
    std::vector<connectors::ZendeskMacro> search(const QString &query) const;
    void refresh();

    // The macro's effect on the ticket as the change to submit (fields that differ from `current`,
    // tags added and removed, the comment).
    void apply(qint64 ticketId, qint64 macroId, const models::Ticket &current, QObject *context,
               std::function<void(models::Result<models::TicketChange>)> done);
    static models::TicketChange changeFrom(const connectors::MacroResult &result, const models::Ticket &current);

Q_SIGNALS:
    void macrosChanged();

private:
    connectors::ZendeskClient *m_client = nullptr;
    std::vector<connectors::ZendeskMacro> m_macros;
};

} // namespace cosmicdesk::services
