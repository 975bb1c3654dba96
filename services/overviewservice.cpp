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

void OverviewService::setRemote(Remote remote, QString name)
{
    m_remote = std::move(remote);
    m_remoteName = std::move(name);
    schedule();
}

void OverviewService::publish(std::shared_ptr<models::OverviewStats> stats)
{
    m_running = false;
    if (stats) {
        m_queue.setBreachRisk(stats->riskTicketIds, stats->riskValues);
        m_latest = std::move(stats);
        Q_EMIT updated(m_latest);
    }
    if (m_again) {
        m_again = false;
        schedule();
    }
}

namespace {

models::DraftOutcomes readDrafts(const QString &path, qint64 now)
{
    models::DraftOutcomes drafts;
    if (path.isEmpty())
        return drafts;
    // Its own read-only connection, opened and closed on the calling thread.
    if (auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly); conn.ok())
        if (auto d = models::TriageStore(conn.value().db()).draftOutcomes(now - qint64(models::kOverviewDays) * 86400); d.ok())
            drafts = d.value();
    return drafts;
}

} // namespace

void OverviewService::runRemote(const models::OverviewConfig &cfg)
{
    auto remote = std::make_shared<std::optional<models::Result<models::OverviewStats>>>();
    auto drafts = std::make_shared<std::optional<models::DraftOutcomes>>();
    const auto both = [this, remote, drafts, cfg] {
        if (!remote->has_value() || !drafts->has_value())
            return;
        if (!remote->value().ok()) {
            // The local store's figures, saying why they are not the remote's.
            const QString why = remote->value().error().message;
            m_running = false;
            runLocal(cfg, why);
            return;
        }
        auto stats = std::make_shared<models::OverviewStats>(std::move(remote->value()).value());
        stats->drafts = **drafts;
        stats->source = m_remoteName;
        publish(std::move(stats));
    };
    m_remote(cfg, this, [remote, both](models::Result<models::OverviewStats> r) {
        remote->emplace(std::move(r));
        both();
    });
    auto *watcher = new QFutureWatcher<models::DraftOutcomes>(this);
    connect(watcher, &QFutureWatcher<models::DraftOutcomes>::finished, this, [watcher, drafts, both] {
        watcher->deleteLater();
        drafts->emplace(watcher->result());
        both();
    });
    watcher->setFuture(QtConcurrent::run([path = m_path, now = cfg.now] { return readDrafts(path, now); }));
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
    if (m_remote) {
        runRemote(cfg);
        return;
    }
    runLocal(cfg, {});
}

void OverviewService::runLocal(const models::OverviewConfig &cfg, const QString &remoteFailure)
{
    const std::shared_ptr<models::QueueData> data = m_queue.queueData();
    if (!data) {
        m_running = false;
        return;
    }
    m_running = true;
    const QString path = m_path;
    const QString source =
        remoteFailure.isEmpty() ? tr("the local store") : tr("the local store (%1 failed: %2)").arg(m_remoteName, remoteFailure);

    auto *watcher = new QFutureWatcher<Computed>(this);
    connect(watcher, &QFutureWatcher<Computed>::finished, this, [this, watcher, source] {
        watcher->deleteLater();
        Computed c = watcher->result();
        if (c.stats)
            c.stats->source = source;
        publish(std::move(c.stats));
    });
    watcher->setFuture(QtConcurrent::run([data, cfg, path] {
        Computed c;
        const models::DraftOutcomes drafts = readDrafts(path, cfg.now);
        QReadLocker lock(&data->lock);
        c.stats = std::make_shared<models::OverviewStats>(models::computeOverview(*data, cfg, drafts));
        return c;
    }));
}

} // namespace cosmicdesk::services
