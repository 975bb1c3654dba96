#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <utility>

namespace cosmicdesk::connectors {

// The connectors' worker-thread call: `work` runs on the thread of `worker` (a blocking SQL
// connection lives there), and its result reaches `done` on the context's thread — `owner`'s when no
// context is given — and is dropped when the context died meanwhile.
template <typename R, typename Work>
void postToWorker(QObject *worker, QObject *owner, QObject *context, std::function<void(R)> done, Work work)
{
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    QObject *target = context ? context : owner;
    QMetaObject::invokeMethod(
        worker,
        [ctx, hasContext, target, done = std::move(done), work = std::move(work)]() mutable {
            R result = work();
            if (hasContext && !ctx)
                return;
            QMetaObject::invokeMethod(
                target,
                [ctx, hasContext, done = std::move(done), result = std::move(result)]() mutable {
                    if (hasContext && !ctx)
                        return;
                    done(std::move(result));
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace cosmicdesk::connectors
