#pragma once

#include <models/overviewstats.h>

#include <QObject>
#include <QString>

#include <chrono>
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
    bool isComputing() const { return m_running; }

Q_SIGNALS:
    void updated(std::shared_ptr<const models::OverviewStats> stats);

private:
    void schedule();
    void run();

    models::TicketQueueModel &m_queue;
    QString m_path;
    Options m_options;
    std::shared_ptr<const models::OverviewStats> m_latest;
    QTimer *m_debounce;
    QTimer *m_clock;
    bool m_running = false;
    bool m_again = false;
    bool m_started = false;
};

} // namespace cosmicdesk::services
