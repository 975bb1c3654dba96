#pragma once

#include <QTableView>

#include <vector>

namespace cosmicdesk::models {
class QueueFilterModel;
}

namespace cosmicdesk::ui {

// The queue table. Keeps the current ticket across the proxy's resets, moves with j/k like a mail
// client, and says what to do when a view is empty.
class QueueView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueView)

public:
    explicit QueueView(QWidget *parent = nullptr);
    void setQueueModel(models::QueueFilterModel *proxy);

    qint64 currentTicket() const { return m_current; }
    // The selected rows' tickets, top to bottom (what a bulk action acts on).
    std::vector<qint64> selectedTickets() const;
    void selectTicket(qint64 id);
    void moveBy(int delta);
    void setEmptyText(const QString &text);

Q_SIGNALS:
    void currentTicketChanged(qint64 ticketId);
    void ticketActivated(qint64 ticketId);
    void populatedPaint();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    models::QueueFilterModel *m_proxy = nullptr;
    qint64 m_current = 0;
    qint64 m_restore = 0;
    QString m_emptyText;
    bool m_restoring = false;
};

} // namespace cosmicdesk::ui
