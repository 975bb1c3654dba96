#include "testworkspace.h"

#include <sandbox/demoworld.h>
#include <sandbox/workspacewriter.h>

#include <QFile>

namespace cosmicdesk::testsupport {

TestWorkspace::TestWorkspace(qint64 tickets, std::uint64_t seed, qint64 now)
{
    m_path = m_dir.filePath(QStringLiteral("workspace.cosmicdesk"));
    sandbox::DemoOptions o;
    o.tickets = tickets;
    o.seed = seed;
    o.now = now;
    const sandbox::DemoWorld world(o);
    auto written = sandbox::WorkspaceWriter::write(world, m_path);
    m_ok = written.ok();
    if (!m_ok)
        m_error = written.error().message;
}

QString rowText(const QAbstractItemModel *model, int row, int role)
{
    QStringList cells;
    for (int c = 0; c < model->columnCount(); ++c)
        cells << model->index(row, c).data(role).toString();
    return cells.join(QStringLiteral(" | "));
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace cosmicdesk::testsupport
