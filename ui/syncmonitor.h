#pragma once

#include <models/outbox.h>

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>

#include <deque>
#include <map>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace cosmicdesk::services {
class OutboxMonitor;
class OutboxWorker;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

class OutboxTracker;
class ThroughputChart;

// The sync monitor (View → Sync monitor…): per destination what is queued, in flight, done, dead or
// in conflict, how fast changes leave and the last error; the latest changes with their state,
// attempts, next attempt and the remote system's last words; Retry now and Drop (after a
// confirmation) on a dead or conflicting change, Pause / Resume per destination. Refreshes itself
// while shown. With a running outbox worker the decisions go through it; without one (an offline
// workspace) they are written to the store.
class SyncMonitorDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncMonitorDialog)

public:
    // worker and tracker may be null.
    SyncMonitorDialog(services::OutboxMonitor *monitor, services::OutboxWorker *worker, OutboxTracker *tracker, QWidget *parent = nullptr);

    static constexpr int kRecentEntries = 200;

    void refresh();
    // The shown entries, newest first (tests and the screenshot).
    const std::vector<models::OutboxEntry> &entries() const { return m_entries; }
    int rowOfEntry(qint64 entryId) const;
    void selectEntry(qint64 entryId);
    qint64 selectedEntry() const;
    void retrySelected();
    void dropSelected(); // asks first unless confirmations are off
    void setConfirmDrops(bool confirm) { m_confirmDrops = confirm; }

    // "HTTP 422 — Status: closed prevents ticket update", "No answer: connection refused"; empty
    // when the change never failed.
    static QString errorInWords(const models::OutboxEntry &entry);
    static QString stateLabel(models::OutboxState state);
    // A conflict's remote version (Zendesk's updated_at, s) from its detail: what a re-apply is sent
    // against. 0 when the detail does not say.
    static qint64 remoteStamp(const models::OutboxEntry &entry);

Q_SIGNALS:
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Row
    {
        QString name;
        bool paused = false;
        QString pauseReason;
        models::OutboxCounts counts;
        double perSecond = 0;
        qint64 failingSince = 0;
    };
    void showDestinations(const std::vector<Row> &rows);
    void showEntries();
    void updateButtons();
    void afterDecision();
    bool workerRunning() const;

    services::OutboxMonitor *m_monitor;
    QPointer<services::OutboxWorker> m_worker;
    QPointer<OutboxTracker> m_tracker;
    QLabel *m_summary;
    QTableWidget *m_destinations;
    ThroughputChart *m_chart;
    QTableWidget *m_table;
    QPushButton *m_retry, *m_drop, *m_pause;
    QTimer *m_timer, *m_soon;
    std::vector<models::OutboxEntry> m_entries;
    std::vector<Row> m_rows;
    bool m_confirmDrops = true;
    int m_pending = 0;
};

// Changes delivered per second over the last minutes, as a small area chart.
class ThroughputChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThroughputChart)

public:
    explicit ThroughputChart(QWidget *parent = nullptr);
    void addSample(double perSecond);
    QSize sizeHint() const override { return {360, 70}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<double> m_samples;
    QElapsedTimer m_clock;
};

} // namespace cosmicdesk::ui
