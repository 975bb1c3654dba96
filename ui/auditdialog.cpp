#include "auditdialog.h"

#include "theme.h"

#include <models/csvwriter.h>
#include <services/outboxmonitor.h>

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::AuditEntry;

namespace {

enum Column { When, Actor, Origin, Action, Ticket, Rule, Detail, Outcome, ColumnCount };

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

AuditDialog::AuditDialog(services::OutboxMonitor *monitor, QWidget *parent)
    : QDialog(parent), m_monitor(monitor), m_ticket(new QLineEdit(this)), m_actor(new QComboBox(this)), m_action(new QComboBox(this)),
      m_period(new QComboBox(this)), m_count(new QLabel(this)), m_table(new QTableWidget(0, ColumnCount, this)),
      m_export(new QPushButton(tr("&Export CSV…"), this))
{
    Q_ASSERT(monitor);
    setWindowTitle(tr("Audit log"));
    setObjectName(QStringLiteral("auditLog"));
    m_ticket->setObjectName(QStringLiteral("ticket"));
    m_ticket->setPlaceholderText(tr("Ticket #"));
    m_ticket->setValidator(new QIntValidator(1, std::numeric_limits<int>::max(), m_ticket));
    m_ticket->setClearButtonEnabled(true);
    m_ticket->setMaximumWidth(120);
    m_actor->setObjectName(QStringLiteral("actor"));
    m_actor->setEditable(true);
    m_actor->addItem(QString());
    m_actor->lineEdit()->setPlaceholderText(tr("Any agent"));
    m_actor->setMinimumWidth(180);
    m_action->setObjectName(QStringLiteral("action"));
    m_action->addItem(tr("Any action"), QString());
    static const char *const actions[] = {"reply", "note",       "status", "assign", "tags",     "macro",
                                          "bulk",  "suggestion", "sent",   "failed", "conflict", "dropped"};
    for (const char *a : actions)
        m_action->addItem(QString::fromLatin1(a), QString::fromLatin1(a));
    m_period->setObjectName(QStringLiteral("period"));
    m_period->addItem(tr("Last hour"), int(Period::Hour));
    m_period->addItem(tr("Last 24 hours"), int(Period::Day));
    m_period->addItem(tr("Last 7 days"), int(Period::Week));
    m_period->addItem(tr("Last 30 days"), int(Period::Month));
    m_period->addItem(tr("All kept"), int(Period::All));
    m_period->setCurrentIndex(2);
    m_count->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
    m_export->setObjectName(QStringLiteral("export"));

    m_table->setObjectName(QStringLiteral("entries"));
    m_table->setHorizontalHeaderLabels(
        {tr("When"), tr("Who"), tr("Origin"), tr("Action"), tr("Ticket"), tr("Rule"), tr("What"), tr("Result")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Widths from what the columns hold, never from measuring thousands of rows.
    const QFontMetrics fm = m_table->fontMetrics();
    const QString samples[] = {QStringLiteral("2026-12-31 23:59:59"), QStringLiteral("Alexandra Featherstone"),
                               QStringLiteral("automation"),          QStringLiteral("suggestion"),
                               QStringLiteral("#99999999"),           QStringLiteral("bulk: reassign"),
                               QString(48, QLatin1Char('m'))};
    for (int c = 0; c < int(std::size(samples)); ++c)
        m_table->setColumnWidth(c, fm.horizontalAdvance(samples[c]) / (c == Detail ? 2 : 1) + 24);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *title = new QLabel(tr("Audit log"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    title->setFont(tf);
    auto *subtitle = new QLabel(tr("Every action of an agent or of the automation, newest first; kept for 30 days."), this);
    subtitle->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Ticket"), this));
    filters->addWidget(m_ticket);
    filters->addWidget(new QLabel(tr("Agent"), this));
    filters->addWidget(m_actor);
    filters->addWidget(new QLabel(tr("Action"), this));
    filters->addWidget(m_action);
    filters->addWidget(new QLabel(tr("Time"), this));
    filters->addWidget(m_period);
    filters->addStretch(1);
    filters->addWidget(m_count);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    resize(1180, 620);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &AuditDialog::exportAsked);
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(debounce, &QTimer::timeout, this, &AuditDialog::reload);
    connect(m_ticket, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_actor, &QComboBox::currentTextChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditDialog::reload);
    connect(m_period, &QComboBox::currentIndexChanged, this, &AuditDialog::reload);
    reload();
}

models::AuditQuery AuditDialog::query(qint64 nowMs) const
{
    models::AuditQuery q;
    q.ticketId = m_ticket->text().trimmed().toLongLong();
    q.actor = m_actor->currentText().trimmed();
    q.action = m_action->currentData().toString();
    constexpr qint64 hour = 3600 * 1000;
    switch (static_cast<Period>(m_period->currentData().toInt())) {
    case Period::Hour: q.since = nowMs - hour; break;
    case Period::Day: q.since = nowMs - 24 * hour; break;
    case Period::Week: q.since = nowMs - 7 * 24 * hour; break;
    case Period::Month: q.since = nowMs - 30 * 24 * hour; break;
    case Period::All: q.since = 0; break;
    }
    q.limit = kLimit;
    return q;
}

void AuditDialog::setTicketFilter(qint64 ticketId)
{
    m_ticket->setText(ticketId > 0 ? QString::number(ticketId) : QString());
    reload();
}

void AuditDialog::setActorFilter(const QString &actor)
{
    m_actor->setCurrentText(actor);
    reload();
}

void AuditDialog::setActionFilter(const QString &action)
{
    m_action->setCurrentIndex(std::max(0, m_action->findData(action)));
}

void AuditDialog::setPeriod(Period period)
{
    m_period->setCurrentIndex(std::max(0, m_period->findData(int(period))));
}

void AuditDialog::reload()
{
    const quint64 request = ++m_request;
    m_count->setText(tr("Reading…"));
    m_monitor->audit(query(QDateTime::currentMSecsSinceEpoch()), this, [this, request](models::Result<std::vector<AuditEntry>> r) {
        if (request != m_request)
            return; // a newer filter is on its way
        if (!r.ok()) {
            m_count->setText(tr("The audit log could not be read: %1").arg(r.error().message));
            return;
        }
        showEntries(std::move(r).value());
        Q_EMIT reloaded();
    });
}

void AuditDialog::showEntries(std::vector<AuditEntry> entries)
{
    m_entries = std::move(entries);
    m_table->setRowCount(int(m_entries.size()));
    QSet<QString> actors;
    for (int i = 0; i < int(m_entries.size()); ++i) {
        const AuditEntry &e = m_entries[std::size_t(i)];
        actors.insert(e.actor);
        const QString cells[] = {when(e.at), e.actor,  e.origin, e.action, e.ticketId ? QStringLiteral("#%1").arg(e.ticketId) : QString(),
                                 e.rule,     e.detail, e.result};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setToolTip(c == Detail || c == Outcome ? cells[c] : QString());
            if (c == Outcome && (e.result.startsWith(QLatin1String("failed")) || e.action == QLatin1String("conflict")))
                item->setForeground(theme::error());
            else if (c == When || c == Ticket)
                item->setForeground(theme::muted());
            m_table->setItem(i, c, item);
        }
    }
    // The agents seen so far, to pick from.
    for (const QString &a : actors)
        if (!a.isEmpty() && m_actor->findText(a) < 0)
            m_actor->addItem(a);
    m_count->setText(m_entries.size() >= std::size_t(kLimit) ? tr("the latest %1 entries").arg(QLocale().toString(kLimit))
                     : m_entries.size() == 1                 ? tr("1 entry")
                                                             : tr("%1 entries").arg(QLocale().toString(qint64(m_entries.size()))));
    m_export->setEnabled(!m_entries.empty());
}

models::Result<void> AuditDialog::exportCsv(const QString &path) const
{
    std::string out = models::CsvWriter::row({"time", "actor", "origin", "action", "ticket_id", "rule", "detail", "result", "outbox_id"});
    for (const AuditEntry &e : m_entries) {
        out += models::CsvWriter::row(
            {QDateTime::fromMSecsSinceEpoch(e.at, Qt::UTC).toString(Qt::ISODate).toStdString(), e.actor.toStdString(),
             e.origin.toStdString(), e.action.toStdString(), e.ticketId ? std::to_string(e.ticketId) : std::string(), e.rule.toStdString(),
             e.detail.toStdString(), e.result.toStdString(), e.outboxId ? std::to_string(e.outboxId) : std::string()});
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out.data(), qint64(out.size())) != qint64(out.size()) || !file.commit())
        return models::Error::make(models::Error::Kind::Storage, tr("%1 could not be written: %2").arg(path, file.errorString()));
    return {};
}

void AuditDialog::exportAsked()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the audit log"), QStringLiteral("audit-log.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto r = exportCsv(path); !r.ok())
        QMessageBox::warning(this, tr("Export failed"), r.error().message);
}

} // namespace cosmicdesk::ui
