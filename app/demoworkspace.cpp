#include "demoworkspace.h"

#include <models/sqlconnection.h>
#include <sandbox/demoworld.h>
#include <sandbox/workspacewriter.h>

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace cosmicdesk::app {

QString DemoWorkspace::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo-workspace.cosmicdesk"));
}

bool DemoWorkspace::isFresh(const QString &path, qint64 now)
{
    if (!QFileInfo::exists(path))
        return false;
    auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return false;
    QSqlQuery q(conn.value().db());
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'demo.now'")) || !q.next())
        return false;
    const qint64 generated = q.value(0).toLongLong();
    return now - generated < 24 * 3600 && generated <= now;
}

models::Result<QString> DemoWorkspace::ensure(const QString &path, qint64 now, const std::function<void(qint64, qint64)> &progress)
{
    if (isFresh(path, now))
        return path;
    sandbox::DemoOptions options;
    options.tickets = kDefaultTickets;
    options.seed = kDefaultSeed;
    options.now = now - now % 3600; // on the hour: the same hour gives the same world
    const sandbox::DemoWorld world(options);
    auto written = sandbox::WorkspaceWriter::write(world, path, progress);
    if (!written.ok())
        return written.error();
    return path;
}

} // namespace cosmicdesk::app
