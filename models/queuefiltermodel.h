#pragma once

#include "queuefilter.h"

#include <QAbstractProxyModel>
#include <QElapsedTimer>

#include <memory>
#include <vector>

class QTimer;

namespace cosmicdesk::models {

class TicketQueueModel;

// Filters and sorts a TicketQueueModel. The work runs on the thread pool over the columnar cache
// (QueueMatcher, sortedRows) and the result is swapped in when ready, so typing in the filter never
// stalls the UI even at a million rows. A sort-only change is a layout change; a change of which
// rows are shown is a reset (a view keeps its current ticket by id, see QueueView). Requests that
// arrive while a job runs are coalesced into the next one.
class QueueFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueFilterModel)

public:
    explicit QueueFilterModel(QObject *parent = nullptr);
    ~QueueFilterModel() override;

    void setSourceModel(QAbstractItemModel *source) override; // a TicketQueueModel
    TicketQueueModel *queueModel() const { return m_source; }

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const QueueFilter &filter);
    const QueueFilter &filter() const { return m_filter; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    bool isBusy() const { return m_running; }

    int rowOfTicket(qint64 ticketId) const; // -1 when filtered out
    qint64 ticketIdAt(int row) const;

Q_SIGNALS:
    void busyChanged(bool busy);
    // Emitted when a requested filter or sort has been applied; `microseconds` runs from the
    // request to the swap.
    void refreshed(qint64 microseconds);

private:
    struct Job;
    struct Outcome;

    void request(bool sortChanged);
    void startJob();
    void applyOutcome(std::shared_ptr<Outcome> outcome);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onSourceRowsInserted();

    TicketQueueModel *m_source = nullptr;
    QueueFilter m_filter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    std::vector<quint32> m_rows;         // proxy row → source row
    std::vector<qint32> m_proxyOfSource; // source row → proxy row or -1
    // Caches that make the next job cheaper.
    std::shared_ptr<const std::vector<quint32>> m_order;   // all rows in sort order
    std::shared_ptr<const std::vector<quint32>> m_matched; // rows matching m_appliedFilter, source order
    QueueFilter m_appliedFilter;
    quint64 m_appliedVersion = 0;

    bool m_running = false;
    bool m_pending = false;
    bool m_pendingSort = false;
    quint64 m_dataVersion = 1; // bumped whenever the source's rows change
    QElapsedTimer m_requestClock;
    QTimer *m_refreshTimer;
};

} // namespace cosmicdesk::models
