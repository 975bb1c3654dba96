#pragma once

#include <models/reviewstore.h>
#include <models/triagestore.h>

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cosmicdesk::services {
class ReviewService;
}

namespace cosmicdesk::ui {

class QueueView;

// Review mode's bar above the queue: where the review came from, how far it has got, the selected
// ticket's labels from the file beside the engine's suggestion and the reviewer's correction (a
// label that is only the source system's default is marked as such), and the keys. With the queue
// focused: 0–3 label the priority and move on to the next ticket, the letters shown label the team,
// g and o toggle Guardian and Opportunity.
class ReviewBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewBar)

public:
    ReviewBar(services::ReviewService *review, QueueView *view, QWidget *parent = nullptr);

    void showTicket(qint64 ticketId);
    // Review keys typed into the queue (the same as a key press there): for tests and scripted use.
    bool handleKey(int key, const QString &text);
    const std::optional<models::ReviewRow> &shownRow() const { return m_row; }

Q_SIGNALS:
    void reportRequested();
    void retrainRequested();
    // The bar shows this ticket's row (tests and screenshots wait for it).
    void rowShown(qint64 ticketId);
    // A label was refused or failed.
    void failed(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showProgress();
    void showKeys();
    void label(models::TriageDecision::Field field, const QString &value, bool advance);
    bool isReviewKey(int key, const QString &text) const;

    services::ReviewService *m_review;
    QPointer<QueueView> m_view;
    QLabel *m_source;
    QLabel *m_counts;
    QProgressBar *m_progress;
    QLabel *m_ticket;
    QLabel *m_keys;
    QPushButton *m_report;
    QPushButton *m_retrain;
    std::optional<models::ReviewRow> m_row;
    qint64 m_ticketId = 0;
    quint64 m_request = 0;
};

} // namespace cosmicdesk::ui
