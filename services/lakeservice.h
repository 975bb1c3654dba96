#pragma once

#include <models/lakestore.h>
#include <models/result.h>

#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>

class QTimer;

namespace cosmicdesk::services {

class StoreThread;

// Keeps the data lake current: the consolidated record of each new or changed ticket (its triage,
// an agent's decision) is built and queued for each destination a moment after it changed (changes
// in a burst make one queue), and a scheduled scan catches what changed without a signal (the
// customer view's cache, tickets changed while the app was closed). All of it on a store thread;
// what is queued travels through the outbox like every other change.
class LakeService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LakeService)

public:
    struct Options
    {
        QStringList destinations = {models::kLakeRds, models::kLakeSnowflake};
        std::chrono::milliseconds debounce{1500};
        std::chrono::milliseconds scanInterval{std::chrono::minutes(10)};
        int recordsPerEntry = 2000;
    };

    LakeService(QString workspacePath, Options options, QObject *parent = nullptr);
    ~LakeService() override;

    void setOutboxWake(std::function<void()> wake) { m_wake = std::move(wake); }
    // Starts the scheduled scans (the first one at once).
    void start();
    // These tickets changed: queue their records soon.
    void noteChanged(const QList<qint64> &ticketIds);
    void scanNow();
    void counts(QObject *context, std::function<void(models::Result<std::map<QString, models::LakeCounts>>)> done);
    void failures(int limit, QObject *context, std::function<void(models::Result<std::vector<models::LakeFailure>>)> done);

Q_SIGNALS:
    // Records were queued (rows per destination) or failed validation.
    void queued(const cosmicdesk::models::LakeQueueResult &result);
    void failed(const QString &message);

private:
    void flush();
    void queueIds(std::vector<qint64> ids);

    Options m_options;
    std::unique_ptr<StoreThread> m_thread;
    QTimer *m_debounce;
    QTimer *m_scan;
    QSet<qint64> m_changed;
    std::function<void()> m_wake;
};

} // namespace cosmicdesk::services
