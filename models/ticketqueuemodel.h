#pragma once

#include "queuedata.h"
#include "slapolicy.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

#include <memory>

namespace cosmicdesk::models {

class TicketStore;

// The ticket queue as a table over QueueData. Strings are made in data() for the rows a view asks
// for, nothing per row is cached. Follows the store: a full reload reads the queue off the UI thread,
// ticketsChanged() updates or appends just those rows.
class TicketQueueModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketQueueModel)

public:
    enum Column {
        IdColumn,
        PriorityColumn,
        SuggestedColumn,
        SubjectColumn,
        RequesterColumn,
        MrrColumn,
        ChannelColumn,
        StatusColumn,
        TeamColumn,
        AssigneeColumn,
        AgeColumn,
        SlaColumn,
        GuardianColumn,
        OpportunityColumn,
        BreachRiskColumn, // the overview's breach risk; raw value in basis points
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole, // a sortable value (number or folded text)
        TicketIdRole,
        PriorityCodeRole, // 0-3 or -1, for the badge of the priority columns
        SlaLevelRole,     // SlaState::Level as int
        SecondsRole,      // signed seconds for the age and SLA columns
    };

    explicit TicketQueueModel(TicketStore *store, QObject *parent = nullptr);
    ~TicketQueueModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Starts a full reload from the store (off the UI thread); loadingChanged and loaded() follow.
    void reload();
    bool isLoading() const { return m_loading; }
    // Replaces the data synchronously (tests, and the loader's result).
    void setQueueData(std::shared_ptr<QueueData> data);
    const std::shared_ptr<QueueData> &queueData() const { return m_data; }

    // The clock used for ages and SLA countdowns; the view advances it.
    void setReferenceTime(qint64 now);
    qint64 referenceTime() const { return m_now; }
    const SlaPolicy &slaPolicy() const { return m_sla; }
    void setSlaPolicy(const SlaPolicy &policy);
    SlaState slaState(int row) const;

    int rowOfTicket(qint64 ticketId) const;
    qint64 ticketIdAt(int row) const;

    // The overview's breach risk (0-1) of these tickets, for BreachRiskColumn; ids not in the queue
    // are skipped. Applied at once, or as soon as no background reader holds the data.
    void setBreachRisk(std::vector<qint64> ids, std::vector<float> risk);
    // Breach risk as a number 0-1, or -1 when there is none.
    double breachRisk(int row) const;

    // Upserts rows read from the store; applied at once, or as soon as no background reader holds
    // the data.
    void applyRows(std::vector<QueueData::Row> rows);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loadProgress(qint64 done, qint64 total);
    void loaded(qint64 milliseconds);
    void loadFailed(const QString &message);

private:
    void onTicketsChanged(const QList<qint64> &ids);
    void flushPending();
    void flushBreachRisk();

    TicketStore *m_store;
    std::shared_ptr<QueueData> m_data;
    SlaPolicy m_sla;
    qint64 m_now = 0;
    bool m_loading = false;
    std::vector<QueueData::Row> m_pending;
    std::vector<qint64> m_riskIds;
    std::vector<float> m_risk;
    QFutureWatcher<Result<std::shared_ptr<QueueData>>> *m_watcher = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancelLoad;
};

} // namespace cosmicdesk::models
