#include "queuedelegate.h"

#include "outboxline.h"
#include "theme.h"

#include <models/slapolicy.h>
#include <models/ticketqueuemodel.h>

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace cosmicdesk::ui {

using models::TicketQueueModel;

QueueDelegate::QueueDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QSize QueueDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), option.fontMetrics.height() + 6));
    return s;
}

void QueueDelegate::paintBadge(QPainter *p, const QStyleOptionViewItem &option, int priority, bool outlined) const
{
    const QString text = priority < 0 ? QStringLiteral("—") : QStringLiteral("P%1").arg(priority);
    if (priority < 0) {
        p->setPen(option.palette.color(QPalette::Disabled, QPalette::Text));
        p->drawText(option.rect, Qt::AlignCenter, text);
        return;
    }
    const QColor c = theme::priorityColor(priority);
    QFont f = option.font;
    f.setBold(true);
    const QFontMetrics fm(f);
    const int w = fm.horizontalAdvance(text) + 10, h = fm.height() + 2;
    const QRect badge(option.rect.center().x() - w / 2, option.rect.center().y() - h / 2, w, h);
    p->setRenderHint(QPainter::Antialiasing);
    p->setFont(f);
    if (outlined) {
        p->setPen(QPen(c, 1.4));
        p->setBrush(option.palette.color(QPalette::Base));
        p->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        p->setPen(c);
    } else {
        p->setPen(Qt::NoPen);
        p->setBrush(c);
        p->drawRoundedRect(badge, 4, 4);
        p->setPen(Qt::white);
    }
    p->drawText(badge, Qt::AlignCenter, text);
}

void QueueDelegate::setOutbox(const OutboxTracker *tracker)
{
    m_outbox = tracker;
}

QStringList QueueDelegate::outboxMarks(qint64 ticketId) const
{
    QStringList marks;
    if (!m_outbox)
        return marks;
    const models::TicketOutbox t = m_outbox->ticket(ticketId);
    if (t.needsAttention > 0)
        marks << QStringLiteral("!%1").arg(t.needsAttention);
    if (t.waiting > 0)
        marks << QStringLiteral("\u21BB%1").arg(t.waiting); // ↻
    return marks;
}

bool QueueDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::ToolTip && index.column() == TicketQueueModel::SubjectColumn && m_outbox) {
        const models::TicketOutbox t = m_outbox->ticket(index.data(TicketQueueModel::TicketIdRole).toLongLong());
        if (t.waiting > 0 || t.needsAttention > 0) {
            OutboxSituation s;
            s.waiting = t.waiting;
            s.needsAttention = t.needsAttention;
            QToolTip::showText(event->globalPos(), QStringLiteral("%1\n%2").arg(index.data().toString(), OutboxLinePresenter::text(s, 0)),
                               view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

void QueueDelegate::paintSubject(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index, const QStringList &marks) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString subject = opt.text;
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, p, widget);

    p->save();
    p->setClipRect(option.rect);
    QFont f = option.font;
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.85);
    const QFontMetrics fm(f);
    const int h = fm.height() + 2;
    int right = option.rect.right() - 4;
    p->setRenderHint(QPainter::Antialiasing);
    p->setFont(f);
    for (const QString &mark : marks) {
        const bool attention = mark.startsWith(QLatin1Char('!'));
        const int w = fm.horizontalAdvance(mark) + 10;
        const QRect pill(right - w, option.rect.center().y() - h / 2, w, h);
        p->setPen(Qt::NoPen);
        p->setBrush(attention ? theme::error() : theme::muted());
        p->drawRoundedRect(pill, h / 2.0, h / 2.0);
        p->setPen(Qt::white);
        p->drawText(pill, Qt::AlignCenter, mark);
        right = pill.left() - 4;
    }
    p->setFont(option.font);
    p->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                    : option.palette.color(QPalette::Text));
    const QRect textRect(option.rect.left() + 4, option.rect.top(), std::max(0, right - option.rect.left() - 6), option.rect.height());
    p->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, option.fontMetrics.elidedText(subject, Qt::ElideRight, textRect.width()));
    p->restore();
}

void QueueDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int column = index.column();
    if (column == TicketQueueModel::SubjectColumn && m_outbox) {
        const QStringList marks = outboxMarks(index.data(TicketQueueModel::TicketIdRole).toLongLong());
        if (!marks.isEmpty()) {
            paintSubject(painter, option, index, marks);
            return;
        }
    }
    if (column != TicketQueueModel::PriorityColumn && column != TicketQueueModel::SuggestedColumn &&
        column != TicketQueueModel::SlaColumn && column != TicketQueueModel::GuardianColumn &&
        column != TicketQueueModel::OpportunityColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background and selection as the style draws them, then our mark.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setClipRect(option.rect);
    switch (column) {
    case TicketQueueModel::PriorityColumn:
    case TicketQueueModel::SuggestedColumn:
        paintBadge(painter, option, index.data(TicketQueueModel::PriorityCodeRole).toInt(), column == TicketQueueModel::SuggestedColumn);
        break;
    case TicketQueueModel::SlaColumn: {
        const auto level = static_cast<models::SlaState::Level>(index.data(TicketQueueModel::SlaLevelRole).toInt());
        QFont f = option.font;
        QColor c =
            option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText) : option.palette.color(QPalette::Text);
        if (level == models::SlaState::Level::AtRisk) {
            c = theme::slaAtRisk();
            f.setBold(true);
        } else if (level == models::SlaState::Level::Breached) {
            c = theme::slaBreached();
            f.setBold(true);
        }
        painter->setFont(f);
        painter->setPen(c);
        painter->drawText(option.rect.adjusted(4, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter, index.data().toString());
        break;
    }
    case TicketQueueModel::GuardianColumn: {
        const int level = index.data(TicketQueueModel::RawValueRole).toInt();
        if (level <= 0)
            break;
        const QColor c = theme::guardianColor(level);
        const int h = option.fontMetrics.height() - 2;
        const QRectF shield(option.rect.left() + 6, option.rect.center().y() - h / 2.0, h * 0.8, h);
        QPainterPath path;
        path.moveTo(shield.center().x(), shield.top());
        path.lineTo(shield.right(), shield.top() + h * 0.18);
        path.cubicTo(shield.right(), shield.top() + h * 0.65, shield.center().x() + h * 0.1, shield.bottom() - h * 0.05,
                     shield.center().x(), shield.bottom());
        path.cubicTo(shield.center().x() - h * 0.1, shield.bottom() - h * 0.05, shield.left(), shield.top() + h * 0.65, shield.left(),
                     shield.top() + h * 0.18);
        path.closeSubpath();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(c);
        painter->drawPath(path);
        painter->setPen(c);
        painter->drawText(option.rect.adjusted(static_cast<int>(shield.width()) + 10, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          index.data().toString());
        break;
    }
    case TicketQueueModel::OpportunityColumn: {
        const int score = index.data(TicketQueueModel::RawValueRole).toInt();
        if (score <= 0)
            break;
        const QColor c = theme::opportunityColor();
        const int h = option.fontMetrics.height() - 4;
        const QPointF o(option.rect.left() + 6, option.rect.center().y() + h / 2.0);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(c, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->drawLine(o, o + QPointF(h, -h));
        painter->drawLine(o + QPointF(h, -h), o + QPointF(h * 0.45, -h));
        painter->drawLine(o + QPointF(h, -h), o + QPointF(h, -h * 0.45));
        painter->drawText(option.rect.adjusted(h + 12, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, index.data().toString());
        break;
    }
    default: break;
    }
    painter->restore();
}

} // namespace cosmicdesk::ui
