#include "ticketqueuemodel.h"

#include "ticketstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::models {

namespace {
QString fromUtf8(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString moneyText(qint64 cents)
{
    if (cents <= 0)
        return QString();
    const double dollars = static_cast<double>(cents) / 100.0;
    if (dollars >= 1000.0)
        return QStringLiteral("$%1k").arg(dollars / 1000.0, 0, 'f', dollars >= 10000.0 ? 0 : 1);
    return QStringLiteral("$%1").arg(dollars, 0, 'f', 0);
}

const char *const kGuardianLevels[] = {"", "Watch", "Alert", "Critical"};
} // namespace

TicketQueueModel::TicketQueueModel(TicketStore *store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store), m_data(std::make_shared<QueueData>()), m_now(QDateTime::currentSecsSinceEpoch())
{
    if (m_store)
        connect(m_store, &TicketStore::ticketsChanged, this, &TicketQueueModel::onTicketsChanged);
}

TicketQueueModel::~TicketQueueModel()
{
    // A running load stops at its next batch; it owns its connections and shares nothing with us.
    if (m_cancelLoad)
        m_cancelLoad->store(true);
}

int TicketQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_data->rowCount());
}

int TicketQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

SlaState TicketQueueModel::slaState(int row) const
{
    const auto r = static_cast<std::size_t>(row);
    return m_sla.evaluate(m_data->effectivePriority(r), static_cast<TicketStatus>(m_data->status[r]), m_data->createdAt[r],
                          m_data->firstReplyAt[r], m_data->solvedAt[r], m_data->updatedAt[r], m_now);
}

QVariant TicketQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueData &d = *m_data;
    const auto r = static_cast<std::size_t>(index.row());

    if (role == TicketIdRole)
        return d.id[r];
    if (role == PriorityCodeRole) {
        const quint8 p = index.column() == SuggestedColumn ? d.suggested[r] : d.priority[r];
        return p == kNoPriority ? -1 : int(p);
    }
    if (role == SlaLevelRole)
        return static_cast<int>(slaState(index.row()).level);
    if (role == SecondsRole) {
        if (index.column() == AgeColumn)
            return m_now - d.createdAt[r];
        if (index.column() == SlaColumn) {
            const SlaState s = slaState(index.row());
            return s.level == SlaState::Level::None ? QVariant() : QVariant(s.remaining(m_now));
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case IdColumn:
        case MrrColumn:
        case AgeColumn:
        case SlaColumn:
        case BreachRiskColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    }
    if (role != Qt::DisplayRole && role != RawValueRole && role != Qt::ToolTipRole)
        return {};
    const bool raw = role == RawValueRole;

    switch (index.column()) {
    case IdColumn: return raw ? QVariant(d.id[r]) : QVariant(QString::number(d.id[r]));
    case PriorityColumn:
    case SuggestedColumn: {
        const quint8 p = index.column() == SuggestedColumn ? d.suggested[r] : d.priority[r];
        if (raw)
            return p == kNoPriority ? 99 : int(p);
        return priorityText(p == kNoPriority ? std::nullopt : std::optional(static_cast<triage::Priority>(p)));
    }
    case SubjectColumn: return raw ? fromUtf8(d.foldedSubject.at(r)) : fromUtf8(d.subject.at(r));
    case RequesterColumn: {
        const auto &p = d.people[d.requester[r]];
        if (role == Qt::ToolTipRole)
            return p.email.isEmpty() ? p.name : p.name + QStringLiteral(" <") + p.email + QLatin1Char('>');
        return p.name;
    }
    case MrrColumn: return raw ? QVariant(d.mrrCents(r)) : QVariant(moneyText(d.mrrCents(r)));
    case ChannelColumn: return channelLabel(static_cast<Channel>(d.channel[r]));
    case StatusColumn: return raw ? QVariant(int(d.status[r])) : QVariant(statusLabel(static_cast<TicketStatus>(d.status[r])));
    case TeamColumn: return d.teams[d.team[r]];
    case AssigneeColumn: return d.people[d.assignee[r]].name;
    case AgeColumn: {
        const qint64 age = m_now - d.createdAt[r];
        if (raw)
            return age;
        if (role == Qt::ToolTipRole)
            return QLocale().toString(QDateTime::fromSecsSinceEpoch(d.createdAt[r]), QLocale::ShortFormat);
        return formatDuration(age);
    }
    case SlaColumn: {
        const SlaState s = slaState(index.row());
        if (s.level == SlaState::Level::None)
            return raw ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(QString());
        if (raw)
            return s.remaining(m_now);
        if (role == Qt::ToolTipRole)
            return (s.firstResponse ? tr("First response due %1") : tr("Resolution due %1"))
                .arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(s.dueAt), QLocale::ShortFormat));
        return formatDuration(s.remaining(m_now));
    }
    case GuardianColumn: {
        const quint8 g = d.guardian[r];
        if (raw)
            return int(g);
        return g == 0 ? QString() : QString::fromLatin1(kGuardianLevels[std::min<int>(g, 3)]);
    }
    case OpportunityColumn: {
        const quint8 o = d.opportunity[r];
        if (raw)
            return int(o);
        return o == 0 ? QString() : QString::number(o);
    }
    case BreachRiskColumn: {
        const double risk = breachRisk(index.row());
        if (raw)
            return risk < 0 ? -1 : qRound(risk * 10000);
        // Tickets without a running clock have nothing to miss.
        if (risk < 0 || slaState(index.row()).level == SlaState::Level::None)
            return QString();
        if (role == Qt::ToolTipRole)
            return tr("%1 % chance of missing the SLA with the tickets due before it and the agents on shift").arg(qRound(risk * 100));
        return risk > 0 && risk < 0.005 ? QStringLiteral("<1 %") : QStringLiteral("%1 %").arg(qRound(risk * 100));
    }
    default: return {};
    }
}

QVariant TicketQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case IdColumn: return tr("ID");
        case PriorityColumn: return tr("Pri");
        case SuggestedColumn: return tr("Sugg.");
        case SubjectColumn: return tr("Subject");
        case RequesterColumn: return tr("Requester");
        case MrrColumn: return tr("MRR");
        case ChannelColumn: return tr("Channel");
        case StatusColumn: return tr("Status");
        case TeamColumn: return tr("Team");
        case AssigneeColumn: return tr("Assignee");
        case AgeColumn: return tr("Age");
        case SlaColumn: return tr("SLA");
        case GuardianColumn: return tr("Guardian");
        case OpportunityColumn: return tr("Opp.");
        case BreachRiskColumn: return tr("Breach risk");
        default: break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case PriorityColumn: return tr("Priority set by the agent (Zendesk)");
        case SuggestedColumn: return tr("Priority suggested by the triage engine");
        case MrrColumn: return tr("Monthly recurring revenue of the requester's account");
        case SlaColumn: return tr("Time left before the SLA target; negative when breached");
        case GuardianColumn: return tr("Guardian churn-risk level");
        case OpportunityColumn: return tr("Opportunity (revenue signal) score");
        case BreachRiskColumn: return tr("Chance of missing the SLA, given the tickets due before it and the agents on shift");
        default: break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void TicketQueueModel::reload()
{
    if (!m_store || m_loading)
        return;
    m_loading = true;
    Q_EMIT loadingChanged(true);
    m_cancelLoad = std::make_shared<std::atomic_bool>(false);
    auto cancel = m_cancelLoad;
    const QString path = m_store->path();
    QPointer<TicketQueueModel> self(this);
    auto progress = [self](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, done, total] {
                if (self)
                    Q_EMIT self->loadProgress(done, total);
            },
            Qt::QueuedConnection);
    };
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_watcher = new QFutureWatcher<Result<std::shared_ptr<QueueData>>>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, [this, timer] {
        auto result = m_watcher->result();
        m_watcher->deleteLater();
        m_watcher = nullptr;
        m_loading = false;
        if (result.ok()) {
            setQueueData(std::move(result).value());
            Q_EMIT loadingChanged(false);
            Q_EMIT loaded(timer->elapsed());
        } else {
            Q_EMIT loadingChanged(false);
            Q_EMIT loadFailed(result.error().message);
        }
    });
    m_watcher->setFuture(QtConcurrent::run([path, progress, cancel] { return QueueData::load(path, progress, cancel.get()); }));
}

void TicketQueueModel::setQueueData(std::shared_ptr<QueueData> data)
{
    beginResetModel();
    m_data = data ? std::move(data) : std::make_shared<QueueData>();
    m_pending.clear();
    endResetModel();
}

void TicketQueueModel::setReferenceTime(qint64 now)
{
    if (now == m_now)
        return;
    m_now = now;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, AgeColumn), index(rowCount() - 1, SlaColumn),
                           {Qt::DisplayRole, RawValueRole, SlaLevelRole, SecondsRole, Qt::ToolTipRole});
}

void TicketQueueModel::setSlaPolicy(const SlaPolicy &policy)
{
    m_sla = policy;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, SlaColumn), index(rowCount() - 1, SlaColumn));
}

double TicketQueueModel::breachRisk(int row) const
{
    const auto r = static_cast<std::size_t>(row);
    if (row < 0 || r >= m_data->breachRisk.size() || m_data->breachRisk[r] == kNoBreachRisk)
        return -1;
    return m_data->breachRisk[r] / 10000.0;
}

void TicketQueueModel::setBreachRisk(std::vector<qint64> ids, std::vector<float> risk)
{
    Q_ASSERT(ids.size() == risk.size());
    m_riskIds = std::move(ids);
    m_risk = std::move(risk);
    flushBreachRisk();
}

void TicketQueueModel::flushBreachRisk()
{
    if (m_riskIds.empty())
        return;
    if (!m_data->lock.tryLockForWrite()) { // a sort or filter job reads: never block the UI thread
        QTimer::singleShot(20, this, &TicketQueueModel::flushBreachRisk);
        return;
    }
    QueueData &d = *m_data;
    d.breachRisk.assign(d.rowCount(), kNoBreachRisk);
    const std::size_t n = std::min(m_riskIds.size(), m_risk.size());
    std::size_t next = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // The overview names rows in order: most ids are in the row after the last one.
        const qint64 id = m_riskIds[i];
        const qint64 row = next < d.rowCount() && d.id[next] == id ? static_cast<qint64>(next) : d.rowOf(id);
        if (row < 0)
            continue;
        d.breachRisk[static_cast<std::size_t>(row)] = static_cast<quint16>(std::lround(std::clamp(m_risk[i], 0.0f, 1.0f) * 10000.0f));
        next = static_cast<std::size_t>(row) + 1;
    }
    d.lock.unlock();
    m_riskIds.clear();
    m_risk.clear();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, BreachRiskColumn), index(rowCount() - 1, BreachRiskColumn),
                           {Qt::DisplayRole, RawValueRole, Qt::ToolTipRole});
}

int TicketQueueModel::rowOfTicket(qint64 ticketId) const
{
    return static_cast<int>(m_data->rowOf(ticketId));
}

qint64 TicketQueueModel::ticketIdAt(int row) const
{
    return (row >= 0 && row < rowCount()) ? m_data->id[static_cast<std::size_t>(row)] : 0;
}

void TicketQueueModel::onTicketsChanged(const QList<qint64> &ids)
{
    if (m_loading) // the running full reload will see them
        return;
    auto rows = QueueData::readRows(m_store->db(), ids);
    if (!rows.ok()) {
        Q_EMIT loadFailed(rows.error().message);
        return;
    }
    applyRows(std::move(rows).value());
}

void TicketQueueModel::applyRows(std::vector<QueueData::Row> rows)
{
    m_pending.insert(m_pending.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    flushPending();
}

void TicketQueueModel::flushPending()
{
    if (m_pending.empty())
        return;
    // A filter or sort job may be reading on another thread: never block the UI thread on it.
    if (!m_data->lock.tryLockForWrite()) {
        QTimer::singleShot(20, this, &TicketQueueModel::flushPending);
        return;
    }
    std::vector<QueueData::Row> pending;
    pending.swap(m_pending);
    QSet<qint64> newIds;
    for (const auto &row : pending)
        if (m_data->rowOf(row.id) < 0)
            newIds.insert(row.id);
    const int first = rowCount();
    if (!newIds.isEmpty())
        beginInsertRows({}, first, first + static_cast<int>(newIds.size()) - 1);
    std::vector<int> changed;
    for (const auto &row : pending) {
        const auto r = static_cast<int>(m_data->upsert(row));
        if (r < first)
            changed.push_back(r);
    }
    if (!newIds.isEmpty())
        endInsertRows();
    m_data->lock.unlock();
    for (int r : changed)
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
}

} // namespace cosmicdesk::models
