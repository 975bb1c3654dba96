#pragma once

#include <models/result.h>
#include <models/savedviews.h>

#include <QObject>

#include <functional>
#include <vector>

namespace cosmicdesk::services {

class StoreThread;

// The agent's saved queue views (models/savedviews.h), read and written on a worker thread in the
// order asked. Every change answers with the whole list as it is afterwards, so that the queue and
// the menu show what the store holds.
class SavedViewService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedViewService)

public:
    using Views = std::vector<models::SavedView>;
    using Done = std::function<void(models::Result<Views>)>;

    explicit SavedViewService(const QString &workspacePath, QObject *parent = nullptr);
    ~SavedViewService() override;

    // The first list of a workspace writes `defaults` (the built-in views).
    void list(const Views &defaults, QObject *context, Done done);
    void add(const QString &name, const models::SavedFilter &filter, QObject *context, Done done);
    void rename(qint64 id, const QString &name, QObject *context, Done done);
    void remove(qint64 id, QObject *context, Done done);
    void reorder(const std::vector<qint64> &ids, QObject *context, Done done);

private:
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
