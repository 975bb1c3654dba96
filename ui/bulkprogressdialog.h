#pragma once

#include <models/outbox.h>

#include <QDialog>

#include <map>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace cosmicdesk::services {
class BulkRun;
class OutboxWorker;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// A bulk action while it runs — how far, and Cancel (which stops what is not queued yet) — and at
// the end a result per ticket: queued for Zendesk, failed with the reason, or not changed because
// it was cancelled. With the outbox at hand a queued ticket's row follows its delivery.
class BulkProgressDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkProgressDialog)

public:
    BulkProgressDialog(services::BulkRun *run, const QString &title, services::OutboxWorker *outbox, QWidget *parent = nullptr);

    QTableWidget *results() const { return m_results; }
    QString summaryText() const;
    // Escape or the window's close button while the run goes on: Cancel, not a dialog that vanishes
    // with its results.
    void reject() override;

private:
    void showResults();
    void showDelivery(int row, models::OutboxState state);

    services::BulkRun *m_run;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QTableWidget *m_results;
    QPushButton *m_cancel;
    QDialogButtonBox *m_buttons;
    std::map<qint64, int> m_rowOfEntry;                     // outbox id → result row
    std::map<qint64, models::OutboxState> m_deliveredEarly; // before the results were shown
};

} // namespace cosmicdesk::ui
