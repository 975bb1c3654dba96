#pragma once

#include <models/result.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QThread;

namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

// A worker thread with its own connection to a workspace, for reads and writes that must not block
// the UI thread. Jobs run in the order given; each answer comes back on the thread that made this
// object (the UI thread) and is dropped when its context object is gone.
class StoreThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreThread)

public:
    StoreThread(QString workspacePath, const QString &threadName, QObject *parent = nullptr);
    ~StoreThread() override; // finishes the running job, drops the others

    template <typename T>
    void run(std::function<models::Result<T>(models::TicketStore &)> job, QObject *context, std::function<void(models::Result<T>)> done)
    {
        QPointer<QObject> ctx(context);
        post([this, job = std::move(job), ctx, done = std::move(done)](models::TicketStore *store, const models::Error *openError) mutable {
            models::Result<T> r = store ? job(*store) : models::Result<T>(*openError);
            QMetaObject::invokeMethod(
                this,
                [ctx, done = std::move(done), r = std::move(r)]() mutable {
                    if (ctx)
                        done(std::move(r));
                },
                Qt::QueuedConnection);
        });
    }

private:
    class Worker;
    using Job = std::function<void(models::TicketStore *, const models::Error *)>;
    void post(Job job);

    QThread *m_thread;
    Worker *m_worker;
};

} // namespace cosmicdesk::services
