#pragma once

#include <models/result.h>

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace cosmicdesk::services {

// Per system: ok, or why not (the answers of a settings dialog's "Test").
using ProbeResults = QMap<QString, models::Result<void>>;

// One "Test" of a settings dialog: owns the clients it calls until every system has answered, then
// answers the context (unless it is gone) and goes with the event loop, never inside a client's own
// callback. Each call started counts one more `waiting`; the caller releases its own one last.
template <typename Clients> class Probe final : public QObject
{
public:
    Probe(QObject *context, std::function<void(ProbeResults)> done) : m_context(context), m_done(std::move(done)) {}

    Clients clients;
    ProbeResults results;
    int waiting = 1;

    void settle(const QString &system, models::Result<void> result)
    {
        if (!system.isEmpty())
            results.insert(system, std::move(result));
        if (--waiting > 0)
            return;
        if (m_context)
            m_done(results);
        deleteLater();
    }

private:
    QPointer<QObject> m_context;
    std::function<void(ProbeResults)> m_done;
};

// A call's outcome without its value.
template <typename T> models::Result<void> outcome(const models::Result<T> &r)
{
    if (r.ok())
        return {};
    return r.error();
}

} // namespace cosmicdesk::services
