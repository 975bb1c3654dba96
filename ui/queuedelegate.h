#pragma once

#include <QStyledItemDelegate>

namespace cosmicdesk::ui {

// Paints the queue's meaningful marks: priority badges (the agent's filled, the suggestion outlined),
// SLA countdowns turning amber then red, the Guardian shield and the Opportunity arrow.
class QueueDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueDelegate)

public:
    explicit QueueDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintBadge(QPainter *p, const QStyleOptionViewItem &option, int priority, bool outlined) const;
};

} // namespace cosmicdesk::ui
