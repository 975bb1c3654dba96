#include "bulkprogressdialog.h"

#include "theme.h"

#include <services/bulkrun.h>
#include <services/outboxworker.h>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using State = services::BulkRun::State;

BulkProgressDialog::BulkProgressDialog(services::BulkRun *run, const QString &title, services::OutboxWorker *outbox, QWidget *parent)
    : QDialog(parent), m_run(run), m_summary(new QLabel(this)), m_progress(new QProgressBar(this)), m_results(new QTableWidget(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("bulkProgress"));
    m_summary->setObjectName(QStringLiteral("bulkSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setText(tr("Changing %1 tickets…").arg(QLocale().toString(run->total())));
    m_progress->setRange(0, std::max(1, run->total()));
    m_progress->setValue(0);
    m_cancel->setObjectName(QStringLiteral("bulkCancel"));
    m_cancel->setToolTip(tr("Stop: tickets already queued stay queued and reach Zendesk; the rest are not changed"));
    m_results->setObjectName(QStringLiteral("bulkResults"));
    m_results->setColumnCount(3);
    m_results->setHorizontalHeaderLabels({tr("Ticket"), tr("Result"), tr("Reason")});
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->hide();
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(false);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_results, 1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_cancel);
    row->addStretch(1);
    row->addWidget(m_buttons);
    layout->addLayout(row);
    resize(560, 180);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_run->isFinished() || m_run->isCancelled())
            return;
        m_run->cancel();
        m_cancel->setEnabled(false);
        m_summary->setText(tr("Cancelling: the tickets being queued now finish, the rest are left as they are…"));
    });
    connect(run, &services::BulkRun::progress, this, [this](int handled, int total) {
        m_progress->setMaximum(std::max(1, total));
        m_progress->setValue(handled);
        if (!m_run->isCancelled())
            m_summary->setText(tr("%1 of %2 tickets handled…").arg(QLocale().toString(handled), QLocale().toString(total)));
    });
    connect(run, &services::BulkRun::finished, this, &BulkProgressDialog::showResults);
    if (outbox) {
        connect(outbox, &services::OutboxWorker::entryFinished, this, [this](qint64 entryId, qint64, models::OutboxState state) {
            const auto it = m_rowOfEntry.find(entryId);
            if (it == m_rowOfEntry.end()) {
                if (!m_run->isFinished())
                    m_deliveredEarly[entryId] = state;
                return;
            }
            showDelivery(it->second, state);
        });
    }
    if (run->isFinished())
        showResults();
}

void BulkProgressDialog::showDelivery(int row, models::OutboxState state)
{
    QTableWidgetItem *result = m_results->item(row, 1);
    if (state == models::OutboxState::Done) {
        result->setText(tr("in Zendesk"));
        result->setForeground(theme::success());
    } else {
        result->setText(tr("not applied in Zendesk (%1)").arg(models::outboxStateName(state)));
        result->setForeground(theme::error());
        m_results->item(row, 2)->setText(tr("The change waits in the outbox for a person: retry or drop it there."));
    }
}

void BulkProgressDialog::reject()
{
    if (!m_run->isFinished()) {
        m_cancel->click();
        return;
    }
    QDialog::reject();
}

QString BulkProgressDialog::summaryText() const
{
    return m_summary->text();
}

void BulkProgressDialog::showResults()
{
    m_cancel->hide();
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(true);
    m_progress->setValue(m_progress->maximum());
    QString text = m_run->summary();
    if (m_run->isCancelled())
        text +=
            u'\n' + tr("Cancelled: the tickets queued before the cancel are changed here and go to Zendesk; the others were not changed.");
    m_summary->setText(text);
    // Failures first, then what was not done, then what was queued.
    std::vector<const services::BulkRun::Outcome *> rows;
    for (const auto &o : m_run->outcomes())
        rows.push_back(&o);
    auto rank = [](State s) { return s == State::Failed ? 0 : s == State::Cancelled ? 1 : 2; };
    std::stable_sort(rows.begin(), rows.end(), [&](auto *a, auto *b) { return rank(a->state) < rank(b->state); });
    m_results->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const auto &o = *rows[static_cast<std::size_t>(r)];
        auto *ticket = new QTableWidgetItem(QStringLiteral("#%1").arg(o.ticketId));
        ticket->setData(Qt::UserRole, o.ticketId);
        QString result;
        QColor color;
        switch (o.state) {
        case State::Queued:
            result = tr("queued for Zendesk");
            color = theme::neutral();
            break;
        case State::Failed:
            result = tr("failed");
            color = theme::error();
            break;
        case State::Cancelled:
        case State::Waiting:
            result = tr("not changed (cancelled)");
            color = theme::warning();
            break;
        }
        auto *resultItem = new QTableWidgetItem(result);
        resultItem->setForeground(color);
        m_results->setItem(r, 0, ticket);
        m_results->setItem(r, 1, resultItem);
        m_results->setItem(r, 2, new QTableWidgetItem(o.reason)); // an item's text is plain: nothing to escape
        if (o.outboxId) {
            m_rowOfEntry[o.outboxId] = r;
            if (const auto early = m_deliveredEarly.find(o.outboxId); early != m_deliveredEarly.end())
                showDelivery(r, early->second);
        }
    }
    m_deliveredEarly.clear();
    m_results->resizeColumnToContents(0);
    m_results->resizeColumnToContents(1);
    m_results->show();
    resize(width(), 420);
}

} // namespace cosmicdesk::ui
