#pragma once

#include "demoworld.h"

#include <models/result.h>

#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <functional>

namespace cosmicdesk::sandbox {

struct WorkspaceStats
{
    qint64 tickets = 0, comments = 0, organizations = 0, users = 0, orders = 0;
    qint64 milliseconds = 0;
    qint64 bytes = 0;
};

// Writes a demo world as a workspace file: the store's tables filled as if fully synced, plus the
// world the sandbox serves (the shop's orders for the RDS stand-in, and what the generator knows
// about each ticket, for training and evaluation). The file appears only when complete: it is
// written beside the target and renamed over it.
class WorkspaceWriter
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;
    static models::Result<WorkspaceStats> write(const DemoWorld &world, const QString &path, const Progress &progress = {},
                                                const std::atomic_bool *cancelled = nullptr);

    // The world tables (idempotent); the sandbox and the RDS stand-in read them.
    static models::Result<void> createWorldTables(const QSqlDatabase &db);

private:
    static models::Result<WorkspaceStats> writeInto(const DemoWorld &world, const QString &partial, const Progress &progress,
                                                    const std::atomic_bool *cancelled);
};

} // namespace cosmicdesk::sandbox
