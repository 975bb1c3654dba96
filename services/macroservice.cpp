#include "macroservice.h"

#include <models/textfold.h>

#include <algorithm>

namespace cosmicdesk::services {

MacroService::MacroService(QObject *parent) : QObject(parent) {}

void MacroService::setClient(connectors::ZendeskClient *client)
{
    m_client = client;
    if (client)
        refresh();
}

void MacroService::refresh()
{
    if (!m_client)
        return;
    m_client->activeMacros(this, [this](models::Result<std::vector<connectors::ZendeskMacro>> r) {
        if (!r.ok())
            return;
        m_macros = std::move(r.value());
        std::sort(m_macros.begin(), m_macros.end(), [](const auto &a, const auto &b) { return a.title < b.title; });
        Q_EMIT macrosChanged();
    });
}

std::vector<connectors::ZendeskMacro> MacroService::search(const QString &query) const
{
    const QStringList words = QString::fromStdString(models::foldText(query)).split(u' ', Qt::SkipEmptyParts);
    std::vector<connectors::ZendeskMacro> out;
    for (const auto &m : m_macros) {
        const QString hay = QString::fromStdString(models::foldText(m.title + u' ' + m.description));
        if (std::all_of(words.begin(), words.end(), [&](const QString &w) { return hay.contains(w); }))
            out.push_back(m);
    }
    return out;
}

models::TicketChange MacroService::changeFrom(const connectors::MacroResult &result, const models::Ticket &current)
{
    models::TicketChange c;
    const models::Ticket &t = result.ticket;
    if (t.status != current.status)
        c.status = t.status;
    if (t.priority != current.priority && t.priority)
        c.priority = t.priority;
    if (t.assigneeId != current.assigneeId)
        c.assigneeId = t.assigneeId;
    if (t.groupId != current.groupId)
        c.groupId = t.groupId;
    for (const QString &tag : t.tags)
        if (!current.tags.contains(tag))
            c.addTags << tag;
    for (const QString &tag : current.tags)
        if (!t.tags.contains(tag))
            c.removeTags << tag;
    c.comment = result.comment;
    c.commentPublic = result.commentPublic;
    return c;
}

void MacroService::apply(qint64 ticketId, qint64 macroId, const models::Ticket &current, QObject *context,
                         std::function<void(models::Result<models::TicketChange>)> done)
{
    if (!m_client)
        return done(models::Error::make(models::Error::Kind::Config, tr("Macros need a connection to Zendesk.")));
    m_client->applyMacro(ticketId, macroId, context, [current, done = std::move(done)](models::Result<connectors::MacroResult> r) {
        if (!r.ok())
            return done(r.error());
        done(changeFrom(r.value(), current));
    });
}

} // namespace cosmicdesk::services
