#include "overviewservice.h"

#include <models/auditlog.h>
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

// Fewer gaps than this between the agents' actions, and the handling time is the default.
constexpr qint64 kHandlingSamples = 20;

// What the overview reads from the workspace itself: the drafts' outcomes, and the agents' handling
// time measured from the audit log (into cfg, unless the settings fix one).
struct WorkspaceFigures
{
    models::DraftOutcomes drafts;
    models::OverviewConfig cfg;
};

WorkspaceFigures readWorkspace(const QString &path, models::OverviewConfig cfg)
{
    WorkspaceFigures w;
    if (!path.isEmpty()) {
        // Its own read-only connection, opened and closed on the calling thread.
        if (auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly); conn.ok()) {
            const qint64 since = cfg.now - qint64(models::kOverviewDays) * 86400;
            if (auto d = models::TriageStore(conn.value().db()).draftOutcomes(since); d.ok())
                w.drafts = d.value();
            if (cfg.handlingSecs <= 0)
                if (auto h = models::AuditLog(conn.value().db()).handlingTime(since * 1000);
                    h.ok() && h.value().samples >= kHandlingSamples) {
                    cfg.handlingSecs = h.value().medianSecs;
                    cfg.handlingMeasured = true;
                }
        }
    }
    w.cfg = std::move(cfg);
    return w;
}

} // namespace

void OverviewService::runRemote(const models::OverviewConfig &cfg)
{
    // The workspace's own figures first (the handling time goes into the remote's staffing too).
    auto *watcher = new QFutureWatcher<WorkspaceFigures>(this);
    connect(watcher, &QFutureWatcher<WorkspaceFigures>::finished, this, [this, watcher, cfg] {
        watcher->deleteLater();
        const WorkspaceFigures w = watcher->result();
        m_remote(w.cfg, this, [this, w, cfg](models::Result<models::OverviewStats> r) {
            if (!r.ok()) {
                // The local store's figures, saying why they are not the remote's.
                m_running = false;
                runLocal(cfg, r.error().message);
                return;
            }
            auto stats = std::make_shared<models::OverviewStats>(std::move(r).value());
            stats->drafts = w.drafts;
            stats->source = m_remoteName;
            publish(std::move(stats));
        });
    });
    watcher->setFuture(QtConcurrent::run([path = m_path, cfg] { return readWorkspace(path, cfg); }));
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
        const WorkspaceFigures w = readWorkspace(path, cfg);
        QReadLocker lock(&data->lock);
        c.stats = std::make_shared<models::OverviewStats>(models::computeOverview(*data, w.cfg, w.drafts));
        return c;
    }));
}

} // namespace cosmicdesk::services
