#include "overviewservice.h"

#include <models/sqlconnection.h>
#include <models/ticketqueuemodel.h>
#include <models/triagestore.h>

#include <QDateTime>
#include <QFutureWatcher>
#include <QReadLocker>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace cosmicdesk::services {

namespace {

struct Computed
{
    std::shared_ptr<models::OverviewStats> stats;
};

} // namespace

OverviewService::OverviewService(models::TicketQueueModel &queue, QString workspacePath, Options options, QObject *parent)
    : QObject(parent), m_queue(queue), m_path(std::move(workspacePath)), m_options(std::move(options)), m_debounce(new QTimer(this)),
      m_clock(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(m_options.debounce);
    connect(m_debounce, &QTimer::timeout, this, &OverviewService::run);
    m_clock->setInterval(m_options.refresh);
    connect(m_clock, &QTimer::timeout, this, &OverviewService::schedule);
}

OverviewService::~OverviewService() = default;

void OverviewService::start()
{
    if (m_started)
        return;
    m_started = true;
    const auto changed = [this] { schedule(); };
    connect(&m_queue, &QAbstractItemModel::modelReset, this, changed);
    connect(&m_queue, &QAbstractItemModel::rowsInserted, this, changed);
    connect(&m_queue, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        // The breach risk column changing is this service's own answer, not a change of the queue.
        if (from.column() == models::TicketQueueModel::BreachRiskColumn && to.column() == models::TicketQueueModel::BreachRiskColumn)
            return;
        schedule();
    });
    connect(&m_queue, &models::TicketQueueModel::loaded, this, changed);
    m_clock->start();
    run();
}

void OverviewService::refresh()
{
    schedule();
}

void OverviewService::setConfig(const models::OverviewConfig &config)
{
    m_options.config = config;
    schedule();
}

void OverviewService::schedule()
{
    if (!m_started)
        return;
    if (m_running) {
        m_again = true;
        return;
    }
    if (!m_debounce->isActive())
        m_debounce->start();
}

void OverviewService::run()
{
    if (m_running) {
        m_again = true;
        return;
    }
    const std::shared_ptr<models::QueueData> data = m_queue.queueData();
    if (!data || m_queue.isLoading())
        return; // the reload's loaded() asks again
    m_running = true;
    models::OverviewConfig cfg = m_options.config;
    cfg.sla = m_queue.slaPolicy().table();
    if (cfg.now <= 0)
        cfg.now = QDateTime::currentSecsSinceEpoch();
    const QString path = m_path;

    auto *watcher = new QFutureWatcher<Computed>(this);
    connect(watcher, &QFutureWatcher<Computed>::finished, this, [this, watcher] {
        watcher->deleteLater();
        Computed c = watcher->result();
        m_running = false;
        if (c.stats) {
            m_queue.setBreachRisk(c.stats->riskTicketIds, c.stats->riskValues);
            m_latest = std::move(c.stats);
            Q_EMIT updated(m_latest);
        }
        if (m_again) {
            m_again = false;
            schedule();
        }
    });
    watcher->setFuture(QtConcurrent::run([data, cfg, path] {
        Computed c;
        models::DraftOutcomes drafts;
        if (!path.isEmpty()) {
            // Its own read-only connection, opened and closed on this thread.
            if (auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly); conn.ok()) {
                const qint64 since = cfg.now - qint64(models::kOverviewDays) * 86400;
                if (auto d = models::TriageStore(conn.value().db()).draftOutcomes(since); d.ok())
                    drafts = d.value();
            }
        }
        QReadLocker lock(&data->lock);
        c.stats = std::make_shared<models::OverviewStats>(models::computeOverview(*data, cfg, drafts));
        return c;
    }));
}

} // namespace cosmicdesk::services
