#include "queueview.h"

#include "queuedelegate.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>

#include <QHeaderView>
#include <QKeyEvent>
#include <QPainter>

namespace cosmicdesk::ui {

using models::TicketQueueModel;

QueueView::QueueView(QWidget *parent) : QTableView(parent)
{
    setItemDelegate(new QueueDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setShowGrid(false);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setCornerButtonEnabled(false);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setSortIndicatorShown(true);
    horizontalHeader()->setStretchLastSection(false);
    setSortingEnabled(true);
    m_emptyText = tr("No tickets match this view. Clear the search or pick another view.");
}

void QueueView::setQueueModel(models::QueueFilterModel *proxy)
{
    m_proxy = proxy;
    setModel(proxy);
    // Fixed widths: nothing here may ever measure a million rows.
    const int em = fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {TicketQueueModel::IdColumn, 8},         {TicketQueueModel::PriorityColumn, 6}, {TicketQueueModel::SuggestedColumn, 7},
        {TicketQueueModel::RequesterColumn, 20}, {TicketQueueModel::MrrColumn, 8},      {TicketQueueModel::ChannelColumn, 8},
        {TicketQueueModel::StatusColumn, 9},     {TicketQueueModel::TeamColumn, 22},    {TicketQueueModel::AssigneeColumn, 15},
        {TicketQueueModel::AgeColumn, 8},        {TicketQueueModel::SlaColumn, 9},      {TicketQueueModel::GuardianColumn, 11},
        {TicketQueueModel::OpportunityColumn, 7}};
    for (const auto &[column, chars] : widths)
        setColumnWidth(column, chars * em + 16);
    horizontalHeader()->setSectionResizeMode(TicketQueueModel::SubjectColumn, QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(4 * em);

    connect(proxy, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_restore = m_current;
        m_restoring = true;
    });
    connect(proxy, &QAbstractItemModel::modelReset, this, [this] {
        m_restoring = false;
        const int row = m_restore ? m_proxy->rowOfTicket(m_restore) : -1;
        if (row >= 0) {
            setCurrentIndex(m_proxy->index(row, TicketQueueModel::SubjectColumn));
            scrollTo(currentIndex(), QAbstractItemView::EnsureVisible);
        } else if (m_current == 0 && m_proxy->rowCount() > 0) {
            setCurrentIndex(m_proxy->index(0, TicketQueueModel::SubjectColumn));
        }
    });
}

void QueueView::selectTicket(qint64 id)
{
    if (!m_proxy)
        return;
    const int row = m_proxy->rowOfTicket(id);
    if (row >= 0) {
        setCurrentIndex(m_proxy->index(row, TicketQueueModel::SubjectColumn));
        scrollTo(currentIndex());
    }
}

std::vector<qint64> QueueView::selectedTickets() const
{
    std::vector<qint64> out;
    if (!m_proxy || !selectionModel())
        return out;
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (const QModelIndex &r : rows)
        if (const qint64 id = m_proxy->ticketIdAt(r.row()))
            out.push_back(id);
    return out;
}

void QueueView::moveBy(int delta)
{
    if (!m_proxy || m_proxy->rowCount() == 0)
        return;
    const int row = std::clamp(currentIndex().isValid() ? currentIndex().row() + delta : 0, 0, m_proxy->rowCount() - 1);
    setCurrentIndex(m_proxy->index(row, std::max(0, currentIndex().column())));
    scrollTo(currentIndex());
}

void QueueView::setEmptyText(const QString &text)
{
    m_emptyText = text;
    viewport()->update();
}

void QueueView::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() == Qt::NoModifier) {
        switch (event->key()) {
        case Qt::Key_J: moveBy(1); return;
        case Qt::Key_K: moveBy(-1); return;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (m_current)
                Q_EMIT ticketActivated(m_current);
            return;
        default: break;
        }
    }
    QTableView::keyPressEvent(event);
}

void QueueView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!model() || model()->rowCount() > 0) {
        if (model() && model()->rowCount() > 0)
            Q_EMIT populatedPaint();
        return;
    }
    QPainter p(viewport());
    p.setPen(palette().color(QPalette::Disabled, QPalette::Text));
    p.drawText(viewport()->rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
}

void QueueView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (m_restoring || !m_proxy)
        return;
    const qint64 id = current.isValid() ? m_proxy->ticketIdAt(current.row()) : 0;
    if (id != 0 && id != m_current) {
        m_current = id;
        Q_EMIT currentTicketChanged(id);
    }
}

} // namespace cosmicdesk::ui
