#include "procstats.h"

#include <QFile>

namespace cosmicdesk::cli {

namespace {
double statusField(const char *name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray key(name);
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key)) {
            const QByteArray value = line.mid(key.size()).trimmed(); // "123456 kB"
            return value.split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return 0;
}
} // namespace

double peakRssMb()
{
    return statusField("VmHWM:");
}

double currentRssMb()
{
    return statusField("VmRSS:");
}

bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace cosmicdesk::cli
