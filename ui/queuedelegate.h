#pragma once

#include <QPointer>
#include <QStyledItemDelegate>

namespace cosmicdesk::ui {

class OutboxTracker;

// Paints the queue's meaningful marks: priority badges (the agent's filled, the suggestion outlined),
// SLA countdowns turning amber then red, the Guardian shield and the Opportunity arrow; and, after
// the subject, a ticket's changes still on their way to Zendesk (grey) or needing the agent (red).
class QueueDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueDelegate)

public:
    explicit QueueDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index) override;

    // The outbox marks come from here; none: no marks.
    void setOutbox(const OutboxTracker *tracker);
    // The marks of a ticket as painted: "2" waiting, "!1" needing the agent (empty: none).
    QStringList outboxMarks(qint64 ticketId) const;

private:
    void paintSubject(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index, const QStringList &marks) const;
    QPointer<const OutboxTracker> m_outbox;
    void paintBadge(QPainter *p, const QStyleOptionViewItem &option, int priority, bool outlined) const;
};

} // namespace cosmicdesk::ui
