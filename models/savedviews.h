#pragma once

#include "queuefilter.h"
#include "result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace cosmicdesk::models {

// A queue filter as a saved view keeps it. `mine` stands for "assigned to the agent using the
// workstation", resolved when the view is applied (the agent's id is not known when it is saved).
struct SavedFilter
{
    QueueFilter filter; // assigneeId is not kept: `mine` says it
    bool mine = false;

    bool operator==(const SavedFilter &) const = default;
    QString toJson() const;
    static SavedFilter fromJson(const QString &json); // unknown or damaged keys fall back to "any"
};

// One of the agent's views, in the order the agent gave them (position ascending).
struct SavedView
{
    qint64 id = 0;
    QString name;
    int position = 0;
    SavedFilter filter;
};

// The saved_views table (schema 7). The list the queue shows is the agent's: the built-in views are
// written once, the first time the list is read (seed), and from then on are the agent's to rename,
// reorder or delete like any other.
class SavedViewStore
{
public:
    explicit SavedViewStore(QSqlDatabase db) : m_db(std::move(db)) {}

    // Every view in order. The first call on a workspace writes `defaults` (later calls, even after
    // the agent deleted every view, do not).
    Result<std::vector<SavedView>> list(const std::vector<SavedView> &defaults = {});
    Result<qint64> add(const QString &name, const SavedFilter &filter); // at the end
    Result<bool> rename(qint64 id, const QString &name);
    Result<bool> setFilter(qint64 id, const SavedFilter &filter);
    Result<bool> remove(qint64 id);
    // The given ids first, in this order; views not named keep their order after them.
    Result<void> reorder(const std::vector<qint64> &ids);

    static constexpr auto kSeededKey = "saved_views.seeded";

private:
    QSqlDatabase m_db;
};

} // namespace cosmicdesk::models
