#pragma once

#include <models/result.h>

#include <QString>

#include <functional>

namespace cosmicdesk::app {

// The embedded default workspace: a generated demo company in the user's data folder, made on
// first start and remade when it is more than a day old (its tickets are timed relative to the
// moment it was generated).
class DemoWorkspace
{
public:
    static QString defaultPath();
    static constexpr qint64 kDefaultTickets = 5000;
    static constexpr quint64 kDefaultSeed = 20261122;

    static bool isFresh(const QString &path, qint64 now);
    // Generates it if missing or stale; blocking, so call it off the UI thread.
    static models::Result<QString> ensure(const QString &path, qint64 now, const std::function<void(qint64, qint64)> &progress = {});
};

} // namespace cosmicdesk::app
