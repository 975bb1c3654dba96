#pragma once

#include <models/draftstore.h>
#include <models/result.h>

#include <QObject>

#include <functional>
#include <optional>

namespace cosmicdesk::services {

class StoreThread;

// The composer's drafts, read and written on a worker thread: what the agent types survives a crash
// or a restart.
class DraftService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftService)

public:
    explicit DraftService(const QString &workspacePath, QObject *parent = nullptr);
    ~DraftService() override;

    void draft(qint64 ticketId, QObject *context, std::function<void(models::Result<std::optional<models::Draft>>)> done);
    // An empty draft removes the saved one. Saves are applied in the order made.
    void save(const models::Draft &draft, QObject *context = nullptr, std::function<void(models::Result<void>)> done = {});

private:
    StoreThread *m_thread;
};

} // namespace cosmicdesk::services
