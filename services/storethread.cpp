#include "storethread.h"

#include <models/ticketstore.h>

#include <QThread>

#include <atomic>

namespace cosmicdesk::services {

// Lives on the thread; opens the workspace on first use, so the connection belongs to that thread.
class StoreThread::Worker final : public QObject
{
public:
    explicit Worker(QString path) : m_path(std::move(path)) {}

    std::atomic_bool stopping{false};

    void execute(const Job &job)
    {
        if (stopping)
            return;
        if (!m_store && !m_openError) {
            auto store = models::TicketStore::open(m_path);
            if (store.ok())
                m_store = std::move(store).value();
            else
                m_openError = store.error();
        }
        job(m_store.get(), m_openError ? &*m_openError : nullptr);
    }

private:
    QString m_path;
    std::unique_ptr<models::TicketStore> m_store;
    std::optional<models::Error> m_openError;
};

StoreThread::StoreThread(QString workspacePath, const QString &threadName, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new Worker(std::move(workspacePath)))
{
    m_thread->setObjectName(threadName);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

StoreThread::~StoreThread()
{
    m_worker->stopping = true;
    m_thread->quit();
    m_thread->wait(); // the worker is deleted on its thread as it finishes
}

void StoreThread::post(Job job)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, job = std::move(job)] { w->execute(job); }, Qt::QueuedConnection);
}

} // namespace cosmicdesk::services
