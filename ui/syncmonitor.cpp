#include "syncmonitor.h"

#include "outboxline.h"
#include "theme.h"

#include <models/isotime.h>
#include <services/outboxmonitor.h>
#include <services/outboxworker.h>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::OutboxEntry;
using models::OutboxState;

namespace {

enum DestinationColumn { DestName, DestState, DestQueued, DestInFlight, DestDone, DestDead, DestConflict, DestRate, DestError, DestCount };
enum EntryColumn { EntryId, EntryTicket, EntryChange, EntryBy, EntryState, EntryAttempts, EntryNext, EntryError, EntryCount };

QTableWidgetItem *item(const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *i = new QTableWidgetItem(text);
    i->setTextAlignment(align);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

QTableWidgetItem *number(qint64 n)
{
    return item(QLocale().toString(n), Qt::AlignRight | Qt::AlignVCenter);
}

QColor stateColour(OutboxState s)
{
    switch (s) {
    case OutboxState::Done: return theme::success();
    case OutboxState::Dead:
    case OutboxState::Conflict: return theme::error();
    case OutboxState::InFlight: return theme::attention();
    case OutboxState::Queued: return theme::neutral();
    case OutboxState::Dropped: return theme::muted();
    }
    return theme::neutral();
}

QTableWidget *table(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setShowGrid(false);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->horizontalHeader()->setHighlightSections(false);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

QString ago(qint64 ms, qint64 now)
{
    const qint64 s = std::max<qint64>(0, (now - ms) / 1000);
    if (s < 60)
        return QObject::tr("%1 s ago").arg(s);
    if (s < 3600)
        return QObject::tr("%1 min ago").arg(s / 60);
    return OutboxLinePresenter::clock(ms, now);
}

} // namespace

QString SyncMonitorDialog::stateLabel(OutboxState s)
{
    switch (s) {
    case OutboxState::Queued: return tr("Queued");
    case OutboxState::InFlight: return tr("Sending");
    case OutboxState::Done: return tr("Done");
    case OutboxState::Dead: return tr("Failed");
    case OutboxState::Conflict: return tr("Conflict");
    case OutboxState::Dropped: return tr("Dropped");
    }
    return {};
}

qint64 SyncMonitorDialog::remoteStamp(const OutboxEntry &e)
{
    const QJsonObject remote = QJsonDocument::fromJson(e.detail).object();
    return models::parseIsoTime(remote.value(QLatin1String("updated_at")).toString());
}

QString SyncMonitorDialog::errorInWords(const OutboxEntry &e)
{
    if (e.state == OutboxState::Done || (e.lastStatus >= 200 && e.lastStatus < 300))
        return {}; // it worked in the end
    const QString words = e.lastError.simplified();
    if (e.state == OutboxState::Conflict)
        return words.isEmpty() ? tr("The ticket changed in Zendesk after this change was made")
                               : tr("Changed in Zendesk meanwhile: %1").arg(words);
    if (e.lastStatus == 0)
        return words.isEmpty() ? QString() : tr("No answer: %1").arg(words);
    QString what;
    switch (e.lastStatus) {
    case 401:
    case 403: what = tr("Zendesk refused our credentials"); break;
    case 404: what = tr("The ticket is not in Zendesk"); break;
    case 409: what = tr("The ticket changed in Zendesk meanwhile"); break;
    case 422: what = tr("Zendesk refused the change"); break;
    case 429: what = tr("Zendesk asked us to slow down"); break;
    default: what = e.lastStatus >= 500 ? tr("Zendesk failed to answer") : tr("Zendesk refused the change"); break;
    }
    return words.isEmpty() ? tr("%1 (HTTP %2)").arg(what).arg(e.lastStatus) : tr("%1 (HTTP %2): %3").arg(what).arg(e.lastStatus).arg(words);
}

SyncMonitorDialog::SyncMonitorDialog(services::OutboxMonitor *monitor, services::OutboxWorker *worker, OutboxTracker *tracker,
                                     QWidget *parent)
    : QDialog(parent), m_monitor(monitor), m_worker(worker), m_tracker(tracker), m_summary(new QLabel(this)),
      m_destinations(table({tr("Destination"), tr("State"), tr("Queued"), tr("In flight"), tr("Done"), tr("Failed"), tr("Conflict"),
                            tr("Per second"), tr("Last error")},
                           this)),
      m_chart(new ThroughputChart(this)),
      m_table(
          table({tr("#"), tr("Ticket"), tr("Change"), tr("By"), tr("State"), tr("Attempts"), tr("Next attempt"), tr("Last error")}, this)),
      m_retry(new QPushButton(tr("&Retry now"), this)), m_drop(new QPushButton(tr("&Drop…"), this)),
      m_pause(new QPushButton(tr("&Pause delivery"), this)), m_timer(new QTimer(this)), m_soon(new QTimer(this))
{
    Q_ASSERT(monitor);
    setWindowTitle(tr("Sync monitor"));
    setObjectName(QStringLiteral("syncMonitor"));
    m_destinations->setObjectName(QStringLiteral("destinations"));
    m_table->setObjectName(QStringLiteral("entries"));
    m_retry->setObjectName(QStringLiteral("retry"));
    m_drop->setObjectName(QStringLiteral("drop"));
    m_pause->setObjectName(QStringLiteral("pause"));
    m_summary->setObjectName(QStringLiteral("summary"));

    auto *title = new QLabel(tr("Changes on their way to Zendesk"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    title->setFont(tf);
    m_summary->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));

    const int em = fontMetrics().averageCharWidth();
    m_destinations->setSelectionMode(QAbstractItemView::NoSelection);
    m_destinations->setFocusPolicy(Qt::NoFocus);
    m_destinations->setAlternatingRowColors(false);
    m_destinations->setColumnWidth(DestName, 16 * em);
    m_destinations->setColumnWidth(DestState, 22 * em);
    for (int c = DestQueued; c <= DestRate; ++c)
        m_destinations->setColumnWidth(c, 12 * em);
    m_destinations->horizontalHeader()->setStretchLastSection(true);
    m_destinations->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_destinations->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    for (int c = DestQueued; c <= DestRate; ++c)
        m_destinations->horizontalHeaderItem(c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_table->setColumnWidth(EntryId, 7 * em);
    m_table->setColumnWidth(EntryTicket, 10 * em);
    m_table->setColumnWidth(EntryChange, 40 * em);
    m_table->setColumnWidth(EntryBy, 16 * em);
    m_table->setColumnWidth(EntryState, 11 * em);
    m_table->setColumnWidth(EntryAttempts, 11 * em);
    m_table->setColumnWidth(EntryNext, 17 * em);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeaderItem(EntryId)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->horizontalHeaderItem(EntryAttempts)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *chartLabel = new QLabel(tr("Delivered per second"), this);
    chartLabel->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));

    auto *head = new QVBoxLayout;
    head->setSpacing(2);
    head->addWidget(title);
    head->addWidget(m_summary);
    auto *chartBox = new QVBoxLayout;
    chartBox->setSpacing(2);
    chartBox->addWidget(chartLabel);
    chartBox->addWidget(m_chart);
    auto *top = new QHBoxLayout;
    top->addLayout(head, 1);
    top->addLayout(chartBox);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_drop);
    buttons->addStretch(1);
    buttons->addWidget(m_pause);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);

    auto *recentLabel = new QLabel(tr("<b>Latest changes</b>"), this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(8);
    layout->addLayout(top);
    layout->addWidget(m_destinations);
    layout->addWidget(recentLabel);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    resize(1180, 640);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_retry, &QPushButton::clicked, this, &SyncMonitorDialog::retrySelected);
    connect(m_drop, &QPushButton::clicked, this, &SyncMonitorDialog::dropSelected);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (!workerRunning())
            return;
        bool anyRunning = false;
        for (const Row &r : m_rows)
            anyRunning = anyRunning || !r.paused;
        for (const Row &r : m_rows)
            m_worker->setPaused(r.name, anyRunning);
        m_soon->start();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &SyncMonitorDialog::updateButtons);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &SyncMonitorDialog::refresh);
    m_soon->setSingleShot(true);
    m_soon->setInterval(120);
    connect(m_soon, &QTimer::timeout, this, &SyncMonitorDialog::refresh);
    if (worker) {
        connect(worker, &services::OutboxWorker::ticketsChanged, m_soon, qOverload<>(&QTimer::start));
        connect(worker, &services::OutboxWorker::statusChanged, this, [this] {
            if (!m_soon->isActive() && isVisible())
                m_soon->start(400);
        });
    }
    if (tracker)
        connect(tracker, &OutboxTracker::changed, m_soon, qOverload<>(&QTimer::start));
    updateButtons();
    refresh();
}

bool SyncMonitorDialog::workerRunning() const
{
    return m_worker && m_worker->isRunning();
}

void SyncMonitorDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_timer->start();
    refresh();
}

void SyncMonitorDialog::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    QDialog::hideEvent(event);
}

void SyncMonitorDialog::refresh()
{
    if (m_pending > 0)
        return; // the answers on their way will show the news
    m_pending = 2;
    auto finished = [this] {
        if (--m_pending == 0)
            Q_EMIT refreshed();
    };
    if (workerRunning()) {
        std::vector<Row> rows;
        for (const auto &[name, d] : m_worker->status()) {
            Row r;
            r.name = name;
            r.paused = d.paused;
            r.pauseReason = d.pauseReason;
            r.counts.queued = d.queued;
            r.counts.inFlight = d.inFlight;
            r.counts.done = d.done;
            r.counts.dead = d.dead;
            r.counts.conflict = d.conflict;
            r.counts.oldestWaitingAt = d.oldestWaitingAt;
            r.counts.lastError = d.lastError;
            r.counts.lastErrorAt = d.lastErrorAt;
            r.perSecond = d.perSecond;
            r.failingSince = d.failingSince;
            rows.push_back(r);
        }
        double total = 0;
        for (const Row &r : rows)
            total += r.perSecond;
        m_chart->addSample(total);
        showDestinations(rows);
        finished();
    } else {
        m_monitor->counts(this, [this, finished](models::Result<std::map<QString, models::OutboxCounts>> r) {
            if (r.ok()) {
                std::vector<Row> rows;
                for (const auto &[name, c] : r.value()) {
                    Row row;
                    row.name = name;
                    row.counts = c;
                    rows.push_back(row);
                }
                m_chart->addSample(0);
                showDestinations(rows);
            }
            finished();
        });
    }
    m_monitor->recent(kRecentEntries, {}, this, [this, finished](models::Result<std::vector<OutboxEntry>> r) {
        if (r.ok()) {
            m_entries = std::move(r).value();
            showEntries();
        } else {
            m_summary->setText(tr("The outbox could not be read: %1").arg(r.error().message));
        }
        finished();
    });
}

void SyncMonitorDialog::showDestinations(const std::vector<Row> &rows)
{
    m_rows = rows;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_destinations->setRowCount(int(rows.size()));
    qint64 waiting = 0, attention = 0;
    bool anyRunning = false;
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row &r = rows[std::size_t(i)];
        const models::OutboxCounts &c = r.counts;
        waiting += c.queued + c.inFlight;
        attention += c.dead + c.conflict;
        anyRunning = anyRunning || !r.paused;
        QString state;
        QColor colour = theme::success();
        if (!workerRunning()) {
            state = tr("Offline: not sending");
            colour = theme::warning();
        } else if (r.paused) {
            state = r.pauseReason.isEmpty() ? tr("Paused") : tr("Paused: %1").arg(r.pauseReason);
            colour = theme::warning();
        } else if (r.failingSince > 0) {
            state = tr("Failing since %1").arg(OutboxLinePresenter::clock(r.failingSince, now));
            colour = theme::error();
        } else {
            state = c.queued + c.inFlight > 0 ? tr("Sending") : tr("Up to date");
        }
        QString name = r.name;
        if (!name.isEmpty())
            name[0] = name[0].toUpper();
        auto *nameItem = item(name);
        QFont bold = nameItem->font();
        bold.setBold(true);
        nameItem->setFont(bold);
        m_destinations->setItem(i, DestName, nameItem);
        auto *stateItem = item(state);
        stateItem->setForeground(colour);
        stateItem->setToolTip(r.pauseReason);
        m_destinations->setItem(i, DestState, stateItem);
        m_destinations->setItem(i, DestQueued, number(c.queued));
        m_destinations->setItem(i, DestInFlight, number(c.inFlight));
        m_destinations->setItem(i, DestDone, number(c.done));
        auto *dead = number(c.dead);
        auto *conflict = number(c.conflict);
        if (c.dead > 0)
            dead->setForeground(theme::error());
        if (c.conflict > 0)
            conflict->setForeground(theme::error());
        m_destinations->setItem(i, DestDead, dead);
        m_destinations->setItem(i, DestConflict, conflict);
        m_destinations->setItem(i, DestRate, item(QLocale().toString(r.perSecond, 'f', 1), Qt::AlignRight | Qt::AlignVCenter));
        const QString lastError = c.lastError.isEmpty() ? QStringLiteral("—")
                                  : c.lastErrorAt > 0   ? tr("%1 · %2").arg(c.lastError.simplified(), ago(c.lastErrorAt, now))
                                                        : c.lastError.simplified();
        auto *errorItem = item(lastError);
        errorItem->setToolTip(c.lastError);
        m_destinations->setItem(i, DestError, errorItem);
    }
    const int rowsHeight = m_destinations->verticalHeader()->defaultSectionSize() * std::max<int>(1, int(rows.size()));
    m_destinations->setFixedHeight(m_destinations->horizontalHeader()->sizeHint().height() + rowsHeight + 4);
    qint64 done = 0;
    for (const Row &r : rows)
        done += r.counts.done;
    QStringList summary;
    if (attention > 0)
        summary << tr("%1 need you: retry or drop them below").arg(attention);
    if (waiting > 0)
        summary << tr("%1 waiting").arg(waiting);
    if (done > 0)
        summary << tr("%1 delivered").arg(done);
    if (!workerRunning() && waiting > 0)
        summary << tr("offline: sent once an account is connected");
    else if (!anyRunning && !rows.empty())
        summary << tr("delivery paused");
    m_summary->setText(rows.empty()                     ? tr("Nothing has been sent from this workspace yet.")
                       : attention == 0 && waiting == 0 ? tr("Everything made here is in Zendesk · %1 delivered").arg(done)
                                                        : summary.join(QStringLiteral(" · ")));
    m_pause->setEnabled(workerRunning() && !rows.empty());
    m_pause->setText(anyRunning || rows.empty() ? tr("&Pause delivery") : tr("&Resume delivery"));
}

void SyncMonitorDialog::showEntries()
{
    const qint64 selected = selectedEntry();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_table->setRowCount(int(m_entries.size()));
    for (int i = 0; i < int(m_entries.size()); ++i) {
        const OutboxEntry &e = m_entries[std::size_t(i)];
        auto *id = item(QString::number(e.id), Qt::AlignRight | Qt::AlignVCenter);
        id->setData(Qt::UserRole, e.id);
        id->setForeground(theme::muted());
        m_table->setItem(i, EntryId, id);
        m_table->setItem(i, EntryTicket, item(e.ticketId ? QStringLiteral("#%1").arg(e.ticketId) : QStringLiteral("—")));
        auto *change = item(e.summary.isEmpty() ? e.kind : e.summary);
        change->setToolTip(e.rule.isEmpty() ? QString() : tr("Rule: %1").arg(e.rule));
        m_table->setItem(i, EntryChange, change);
        m_table->setItem(i, EntryBy, item(e.actor));
        auto *state = item(stateLabel(e.state));
        state->setForeground(stateColour(e.state));
        QFont f = state->font();
        f.setBold(e.state == OutboxState::Dead || e.state == OutboxState::Conflict);
        state->setFont(f);
        m_table->setItem(i, EntryState, state);
        m_table->setItem(i, EntryAttempts, item(QString::number(e.attempts), Qt::AlignRight | Qt::AlignVCenter));
        QString next = QStringLiteral("—");
        const bool paused = std::any_of(m_rows.begin(), m_rows.end(), [&e](const Row &r) { return r.name == e.destination && r.paused; });
        if (e.state == OutboxState::Queued && paused)
            next = tr("when resumed");
        else if (e.state == OutboxState::Queued && !workerRunning())
            next = tr("when online");
        else if (e.state == OutboxState::Queued)
            next = e.nextAttemptAt > now ? tr("in %1 s").arg((e.nextAttemptAt - now + 999) / 1000) : tr("now");
        else if (e.state == OutboxState::Dead || e.state == OutboxState::Conflict)
            next = tr("waits for you");
        m_table->setItem(i, EntryNext, item(next));
        const QString error = errorInWords(e);
        auto *errorItem = item(error);
        errorItem->setToolTip(error);
        if (e.state == OutboxState::Dead || e.state == OutboxState::Conflict)
            errorItem->setForeground(theme::error());
        m_table->setItem(i, EntryError, errorItem);
    }
    if (selected)
        selectEntry(selected);
    updateButtons();
}

int SyncMonitorDialog::rowOfEntry(qint64 entryId) const
{
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].id == entryId)
            return int(i);
    return -1;
}

void SyncMonitorDialog::selectEntry(qint64 entryId)
{
    const int row = rowOfEntry(entryId);
    if (row >= 0)
        m_table->selectRow(row);
}

qint64 SyncMonitorDialog::selectedEntry() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    const QTableWidgetItem *i = m_table->item(rows.first().row(), EntryId);
    return i ? i->data(Qt::UserRole).toLongLong() : 0;
}

void SyncMonitorDialog::updateButtons()
{
    const int row = rowOfEntry(selectedEntry());
    const OutboxEntry *e = row >= 0 ? &m_entries[std::size_t(row)] : nullptr;
    const bool decides = e && (e->state == OutboxState::Dead || e->state == OutboxState::Conflict);
    const bool backoff = e && e->state == OutboxState::Queued && e->attempts > 0;
    m_retry->setEnabled(decides || (backoff && workerRunning()));
    m_drop->setEnabled(decides);
    m_retry->setText(e && e->state == OutboxState::Conflict ? tr("&Re-apply") : tr("&Retry now"));
    m_retry->setToolTip(e && e->state == OutboxState::Conflict ? tr("Send the change again over the ticket as Zendesk has it now")
                                                               : tr("Send the change again now"));
}

void SyncMonitorDialog::afterDecision()
{
    if (m_tracker)
        m_tracker->refresh();
    m_soon->start();
}

void SyncMonitorDialog::retrySelected()
{
    const qint64 id = selectedEntry();
    if (!id || !m_retry->isEnabled())
        return;
    if (workerRunning()) {
        // Over a conflict the agent re-applies the change to the ticket as Zendesk has it now.
        const int row = rowOfEntry(id);
        const OutboxEntry &e = m_entries[std::size_t(row)];
        m_worker->retryNow(id, e.state == OutboxState::Conflict ? remoteStamp(e) : 0);
        afterDecision();
        return;
    }
    m_monitor->retryNow(id, this, [this](models::Result<bool>) { afterDecision(); });
}

void SyncMonitorDialog::dropSelected()
{
    const qint64 id = selectedEntry();
    const int row = rowOfEntry(id);
    if (!id || row < 0 || !m_drop->isEnabled())
        return;
    if (m_confirmDrops) {
        const OutboxEntry &e = m_entries[std::size_t(row)];
        const auto answer = QMessageBox::question(
            this, tr("Drop this change?"),
            tr("“%1” on ticket #%2 will not be sent to Zendesk. This cannot be undone.").arg(e.summary.toHtmlEscaped()).arg(e.ticketId),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return;
    }
    if (workerRunning()) {
        m_worker->drop(id);
        afterDecision();
        return;
    }
    m_monitor->drop(id, this, [this](models::Result<bool>) { afterDecision(); });
}

ThroughputChart::ThroughputChart(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(280, 60);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ThroughputChart::addSample(double perSecond)
{
    if (m_clock.isValid() && m_clock.elapsed() < 900)
        return; // one sample a second, whatever asks for a refresh
    m_clock.start();
    m_samples.push_back(std::max(0.0, perSecond));
    while (m_samples.size() > 120)
        m_samples.pop_front();
    update();
}

void ThroughputChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(theme::skeleton(), 1));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(r, 4, 4);
    double seen = 0;
    for (double v : m_samples)
        seen = std::max(seen, v);
    const double peak = std::max(1.0, seen);
    const QRectF plot = r.adjusted(6, 18, -6, -14);
    p.setPen(QPen(theme::skeleton(), 1));
    p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    if (m_samples.size() >= 2) {
        QPainterPath line;
        const double step = plot.width() / 119.0;
        const double x0 = plot.right() - step * double(m_samples.size() - 1);
        for (std::size_t i = 0; i < m_samples.size(); ++i) {
            const QPointF pt(x0 + step * double(i), plot.bottom() - plot.height() * m_samples[i] / peak);
            if (i == 0)
                line.moveTo(pt);
            else
                line.lineTo(pt);
        }
        QPainterPath area = line;
        area.lineTo(plot.right(), plot.bottom());
        area.lineTo(x0, plot.bottom());
        area.closeSubpath();
        QColor fill = theme::success();
        fill.setAlpha(40);
        p.fillPath(area, fill);
        p.setPen(QPen(theme::success(), 1.5));
        p.drawPath(line);
    }
    p.setPen(theme::muted());
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    const double last = m_samples.empty() ? 0 : m_samples.back();
    p.drawText(r.adjusted(6, 2, -6, 0), Qt::AlignLeft | Qt::AlignTop, tr("now %1/s · peak %2/s").arg(last, 0, 'f', 1).arg(seen, 0, 'f', 1));
    p.drawText(r.adjusted(6, 0, -6, -1), Qt::AlignLeft | Qt::AlignBottom, tr("2 min ago"));
    p.drawText(r.adjusted(6, 0, -6, -1), Qt::AlignRight | Qt::AlignBottom, tr("now"));
}

} // namespace cosmicdesk::ui
