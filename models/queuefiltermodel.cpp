#include "queuefiltermodel.h"

#include "ticketqueuemodel.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <thread>

namespace cosmicdesk::models {

struct QueueFilterModel::Job
{
    std::shared_ptr<QueueData> data;
    QueueFilter filter;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    SlaPolicy sla;
    qint64 now = 0;
    std::shared_ptr<const std::vector<quint32>> order;      // reusable sort, or null
    std::shared_ptr<const std::vector<quint32>> narrowFrom; // candidate rows, or null
    quint64 dataVersion = 0;
};

struct QueueFilterModel::Outcome
{
    std::shared_ptr<QueueData> data;
    QueueFilter filter;
    int sortColumn = -1;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    quint64 dataVersion = 0;
    std::shared_ptr<const std::vector<quint32>> order;
    std::shared_ptr<const std::vector<quint32>> matched; // null when every row matches
    std::vector<quint32> rows;
};

namespace {

// Matching rows in source order, scanning in parallel chunks.
std::vector<quint32> matchRows(const QueueMatcher &m, std::size_t n, const std::vector<quint32> *candidates)
{
    const std::size_t count = candidates ? candidates->size() : n;
    const unsigned threads = count < 100000 ? 1u : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    std::vector<std::vector<quint32>> parts(threads);
    auto work = [&](unsigned t) {
        const std::size_t from = count * t / threads, to = count * (t + 1) / threads;
        auto &out = parts[t];
        for (std::size_t i = from; i < to; ++i) {
            const std::size_t row = candidates ? (*candidates)[i] : i;
            if (m.matches(row))
                out.push_back(static_cast<quint32>(row));
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto &th : pool)
        th.join();
    std::vector<quint32> all;
    std::size_t total = 0;
    for (auto &p : parts)
        total += p.size();
    all.reserve(total);
    for (auto &p : parts)
        all.insert(all.end(), p.begin(), p.end());
    return all;
}

} // namespace

QueueFilterModel::QueueFilterModel(QObject *parent) : QAbstractProxyModel(parent), m_refreshTimer(new QTimer(this))
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(250);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] { request(false); });
}

QueueFilterModel::~QueueFilterModel()
{
    // Jobs hold their own shared data; their results are dropped once this object is gone.
}

void QueueFilterModel::setSourceModel(QAbstractItemModel *source)
{
    auto *queue = qobject_cast<TicketQueueModel *>(source);
    Q_ASSERT_X(source == nullptr || queue, "QueueFilterModel", "the source must be a TicketQueueModel");
    beginResetModel();
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(queue);
    m_source = queue;
    m_rows.clear();
    m_proxyOfSource.clear();
    m_order.reset();
    m_matched.reset();
    ++m_dataVersion;
    endResetModel();
    if (!m_source)
        return;
    connect(m_source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        beginResetModel();
        m_rows.clear();
        m_proxyOfSource.clear();
        m_order.reset();
        m_matched.reset();
        ++m_dataVersion;
    });
    connect(m_source, &QAbstractItemModel::modelReset, this, [this] {
        endResetModel();
        request(false);
    });
    connect(m_source, &QAbstractItemModel::dataChanged, this, &QueueFilterModel::onSourceDataChanged);
    connect(m_source, &QAbstractItemModel::rowsInserted, this, &QueueFilterModel::onSourceRowsInserted);
    connect(m_source, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    request(false);
}

QModelIndex QueueFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_source || !proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    const auto row = static_cast<std::size_t>(proxyIndex.row());
    if (row >= m_rows.size())
        return {};
    return m_source->index(static_cast<int>(m_rows[row]), proxyIndex.column());
}

QModelIndex QueueFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_source || !sourceIndex.isValid())
        return {};
    const auto row = static_cast<std::size_t>(sourceIndex.row());
    if (row >= m_proxyOfSource.size() || m_proxyOfSource[row] < 0)
        return {};
    return createIndex(m_proxyOfSource[row], sourceIndex.column());
}

QModelIndex QueueFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex QueueFilterModel::parent(const QModelIndex &) const
{
    return {};
}

int QueueFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int QueueFilterModel::columnCount(const QModelIndex &parent) const
{
    return (parent.isValid() || !m_source) ? 0 : m_source->columnCount();
}

void QueueFilterModel::sort(int column, Qt::SortOrder order)
{
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    m_order.reset();
    request(true);
}

void QueueFilterModel::setFilter(const QueueFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    request(false);
}

int QueueFilterModel::rowOfTicket(qint64 ticketId) const
{
    if (!m_source)
        return -1;
    const int s = m_source->rowOfTicket(ticketId);
    if (s < 0 || static_cast<std::size_t>(s) >= m_proxyOfSource.size())
        return -1;
    return m_proxyOfSource[static_cast<std::size_t>(s)];
}

qint64 QueueFilterModel::ticketIdAt(int row) const
{
    if (!m_source || row < 0 || static_cast<std::size_t>(row) >= m_rows.size())
        return 0;
    return m_source->ticketIdAt(static_cast<int>(m_rows[static_cast<std::size_t>(row)]));
}

void QueueFilterModel::request(bool sortChanged)
{
    if (!m_source)
        return;
    m_requestClock.start();
    m_pendingSort = m_pendingSort || sortChanged;
    if (m_running) {
        m_pending = true;
        return;
    }
    startJob();
}

void QueueFilterModel::startJob()
{
    auto job = std::make_shared<Job>();
    job->data = m_source->queueData();
    job->filter = m_filter;
    job->sortColumn = m_sortColumn;
    job->sortOrder = m_sortOrder;
    job->sla = m_source->slaPolicy();
    job->now = m_source->referenceTime();
    job->dataVersion = m_dataVersion;
    const bool sameData = m_appliedVersion == m_dataVersion;
    if (sameData)
        job->order = m_order;
    if (sameData && m_matched && !m_filter.hasTimeDependentTerms() && QueueMatcher::refines(m_filter, m_appliedFilter))
        job->narrowFrom = m_matched;
    m_pending = false;
    m_running = true;
    Q_EMIT busyChanged(true);

    QPointer<QueueFilterModel> self(this);
    auto run = [job]() {
        auto out = std::make_shared<Outcome>();
        out->data = job->data;
        out->filter = job->filter;
        out->sortColumn = job->sortColumn;
        out->sortOrder = job->sortOrder;
        out->dataVersion = job->dataVersion;
        QReadLocker lock(&job->data->lock);
        const QueueData &d = *job->data;
        const std::size_t n = d.rowCount();
        if (job->order && job->order->size() == n) {
            out->order = job->order;
        } else if (job->sortColumn >= 0) {
            out->order = std::make_shared<const std::vector<quint32>>(sortedRows(d, job->sortColumn, job->sortOrder, job->sla, job->now));
        }
        const QueueMatcher matcher(d, job->filter, job->sla, job->now);
        if (!matcher.isTrivial())
            out->matched =
                std::make_shared<const std::vector<quint32>>(matchRows(matcher, n, job->narrowFrom ? job->narrowFrom.get() : nullptr));
        // Rows in display order: the sort order restricted to the matching rows.
        if (out->order) {
            if (out->matched) {
                std::vector<quint8> keep(n, 0);
                for (quint32 r : *out->matched)
                    keep[r] = 1;
                out->rows.reserve(out->matched->size());
                for (quint32 r : *out->order)
                    if (keep[r])
                        out->rows.push_back(r);
            } else {
                out->rows = *out->order;
            }
        } else if (out->matched) {
            out->rows = *out->matched;
        } else {
            out->rows.resize(n);
            for (std::size_t i = 0; i < n; ++i)
                out->rows[i] = static_cast<quint32>(i);
        }
        return out;
    };
    // A watcher this model owns, not QFuture::then(this, …): in Qt 6.4 a continuation whose context
    // is destroyed while the job runs asserts (closing the window mid-filter aborted the app). A
    // watcher that goes with the model simply never reports.
    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        std::shared_ptr<Outcome> outcome = watcher->result();
        watcher->deleteLater();
        applyOutcome(std::move(outcome));
    });
    watcher->setFuture(QtConcurrent::run(QThreadPool::globalInstance(), run));
}

void QueueFilterModel::applyOutcome(std::shared_ptr<Outcome> out)
{
    m_running = false;
    if (m_pending && !(out->filter == m_filter)) {
        // Another filter was asked for meanwhile: showing this one would only flash (and select a
        // ticket the agent never sees in the list).
        startJob();
        return;
    }
    const bool sortOnly =
        m_pendingSort && out->filter == m_appliedFilter && out->dataVersion == m_appliedVersion && out->rows.size() == m_rows.size();
    const bool current = m_source && out->data == m_source->queueData() && out->dataVersion == m_dataVersion;
    if (current) {
        m_appliedFilter = out->filter;
        m_appliedVersion = out->dataVersion;
        m_order = out->order;
        m_matched = out->matched;
        const std::size_t n = out->data->rowCount();
        if (sortOnly) {
            Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
            const QModelIndexList persistent = persistentIndexList();
            QList<int> sourceRows;
            sourceRows.reserve(persistent.size());
            for (const QModelIndex &i : persistent)
                sourceRows << static_cast<int>(m_rows[static_cast<std::size_t>(i.row())]);
            m_rows = std::move(out->rows);
            m_proxyOfSource.assign(n, -1);
            for (std::size_t i = 0; i < m_rows.size(); ++i)
                m_proxyOfSource[m_rows[i]] = static_cast<qint32>(i);
            for (qsizetype k = 0; k < persistent.size(); ++k) {
                const qint32 row = m_proxyOfSource[static_cast<std::size_t>(sourceRows[k])];
                changePersistentIndex(persistent[k], row < 0 ? QModelIndex() : createIndex(row, persistent[k].column()));
            }
            Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        } else {
            beginResetModel();
            m_rows = std::move(out->rows);
            m_proxyOfSource.assign(n, -1);
            for (std::size_t i = 0; i < m_rows.size(); ++i)
                m_proxyOfSource[m_rows[i]] = static_cast<qint32>(i);
            endResetModel();
        }
        m_pendingSort = false;
    }
    if (m_pending || !current) {
        startJob();
        return;
    }
    Q_EMIT busyChanged(false);
    Q_EMIT refreshed(m_requestClock.nsecsElapsed() / 1000);
}

void QueueFilterModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    const bool clockTick = topLeft.column() >= TicketQueueModel::AgeColumn && bottomRight.column() <= TicketQueueModel::SlaColumn &&
                           bottomRight.row() - topLeft.row() + 1 == m_source->rowCount();
    if (clockTick) {
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, topLeft.column()), index(rowCount() - 1, bottomRight.column()), roles);
        if (m_filter.hasTimeDependentTerms())
            m_refreshTimer->start();
        return;
    }
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        const auto s = static_cast<std::size_t>(r);
        if (s < m_proxyOfSource.size() && m_proxyOfSource[s] >= 0)
            Q_EMIT dataChanged(index(m_proxyOfSource[s], topLeft.column()), index(m_proxyOfSource[s], bottomRight.column()), roles);
    }
    // A changed row may now sort or filter differently.
    ++m_dataVersion;
    m_refreshTimer->start();
}

void QueueFilterModel::onSourceRowsInserted()
{
    ++m_dataVersion;
    m_refreshTimer->start();
}

} // namespace cosmicdesk::models
