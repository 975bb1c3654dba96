#pragma once

#include <models/overviewstats.h>
#include <models/result.h>

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class QTimer;

namespace cosmicdesk::models {
class TicketQueueModel;
}

namespace cosmicdesk::services {

// The supervisor overview's figures, kept live: recomputed off the UI thread (from the queue's own
// columnar data, under its read lock) a moment after the queue changes, and every `refresh` for the
// clocks; the breach risk of each ticket is handed to the queue for its column. At most one
// computation runs; a change during one asks for one more.
class OverviewService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewService)

public:
    struct Options
    {
        models::OverviewConfig config; // SLA and the clock come from the queue model's policy
        std::chrono::milliseconds debounce{800};
        std::chrono::milliseconds refresh{30000}; // countdowns and "at risk" move with time
    };

    OverviewService(models::TicketQueueModel &queue, QString workspacePath, Options options, QObject *parent = nullptr);
    ~OverviewService() override;

    // The newest figures, or null before the first computation finished.
    std::shared_ptr<const models::OverviewStats> latest() const { return m_latest; }
    const Options &options() const { return m_options; }
    // Computes again soon (a person asked, or a setting changed).
    void refresh();
    void setConfig(const models::OverviewConfig &config);
    // Starts following the queue and computes the first figures.
    void start();

    // At org scale the figures come from elsewhere (Snowflake's consolidated table, through
    // SnowflakeOverviewSource): `remote` computes them, `name` says where in the tab. The drafts'
    // outcomes still come from the workspace. When the remote fails, the local store's figures are
    // shown with the reason. None: the local store (the default).
    using Remote = std::function<void(const models::OverviewConfig &, QObject *context,
                                      std::function<void(models::Result<models::OverviewStats>)> done)>;
    void setRemote(Remote remote, QString name);
    bool isRemote() const { return static_cast<bool>(m_remote); }
    bool isComputing() const { return m_running; }

Q_SIGNALS:
    void updated(std::shared_ptr<const models::OverviewStats> stats);

private:
    void schedule();
    void run();
    void runRemote(const models::OverviewConfig &cfg);
    void runLocal(const models::OverviewConfig &cfg, const QString &remoteFailure);
    void publish(std::shared_ptr<models::OverviewStats> stats);

    models::TicketQueueModel &m_queue;
    QString m_path;
    Options m_options;
    std::shared_ptr<const models::OverviewStats> m_latest;
    QTimer *m_debounce;
    QTimer *m_clock;
    bool m_running = false;
    bool m_again = false;
    bool m_started = false;
    Remote m_remote;
    QString m_remoteName;
};

} // namespace cosmicdesk::services
