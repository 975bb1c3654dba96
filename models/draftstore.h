#pragma once

#include "result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace cosmicdesk::models {

// What the agent is writing on one ticket, kept as they type so that a crash or a restart keeps it.
struct Draft
{
    qint64 ticketId = 0;
    QString body;
    bool isPublic = true;
    QString submitStatus;               // "open", "pending", "solved"; empty: unchanged
    qint64 assigneeId = 0, groupId = 0; // 0: unchanged
    QStringList addTags, removeTags;
    qint64 macroId = 0;    // the macro applied, if any
    QString suggestedBody; // the triage draft as it was inserted: tells used unchanged / edited / discarded
    qint64 updatedAt = 0;  // ms

    bool isEmpty() const
    {
        return body.trimmed().isEmpty() && submitStatus.isEmpty() && assigneeId == 0 && groupId == 0 && addTags.isEmpty() &&
               removeTags.isEmpty();
    }
};

class DraftStore
{
public:
    explicit DraftStore(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<std::optional<Draft>> draft(qint64 ticketId) const;
    // An empty draft removes the row.
    Result<void> save(const Draft &draft);
    Result<void> remove(qint64 ticketId);

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
