#include "automationdialog.h"

#include "outboxline.h"
#include "theme.h"

#include <models/csvwriter.h>
#include <services/alertservice.h>
#include <services/lakeservice.h>
#include <services/outboxworker.h>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::Alert;
using models::LakeFailure;

namespace {

enum AlertColumn { AlertWhen, AlertTicket, AlertKind, AlertChannel, AlertRecipient, AlertState, AlertColumns };
enum LakeColumn { LakeName, LakeLoaded, LakeWaiting, LakeFailed, LakeLastLoad, LakeDelivery, LakeAction, LakeColumns };
enum FailureColumn { FailureWhen, FailureDestination, FailureTicket, FailureVersion, FailureReason, FailureColumns };

const QString kSendgrid = QStringLiteral("sendgrid");
const QString kSlack = QStringLiteral("slack");

QTableWidgetItem *item(const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *i = new QTableWidgetItem(text);
    i->setTextAlignment(align);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

QTableWidgetItem *number(qint64 n)
{
    return item(QLocale().toString(n), Qt::AlignCenter);
}

QTableWidget *table(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 10);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setShowGrid(false);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->horizontalHeader()->setHighlightSections(false);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QString when(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QLabel *note(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText); // store errors and service words: never markup
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
    return l;
}

QString capitalised(const QString &s)
{
    if (s.isEmpty())
        return s;
    return s.left(1).toUpper() + s.mid(1);
}

} // namespace

// Presenters.

QString AutomationDialog::alertStateText(const Alert &a)
{
    const QString reason = a.reason.simplified();
    if (a.state == QLatin1String("sent"))
        return tr("Sent");
    if (a.state == QLatin1String("queued"))
        return tr("Waiting to send");
    if (a.state == QLatin1String("failed"))
        return reason.isEmpty() ? tr("Failed") : tr("Failed: %1").arg(reason);
    if (a.state == QLatin1String("suppressed"))
        return reason.isEmpty() ? tr("Suppressed") : tr("Suppressed: %1").arg(reason);
    return capitalised(a.state);
}

QColor AutomationDialog::alertStateColour(const Alert &a)
{
    if (a.state == QLatin1String("sent"))
        return theme::success();
    if (a.state == QLatin1String("queued"))
        return theme::attention();
    if (a.state == QLatin1String("failed"))
        return theme::error();
    if (a.state == QLatin1String("suppressed"))
        return theme::warning();
    return theme::neutral();
}

QString AutomationDialog::alertKindText(const Alert &a)
{
    QString level;
    if (a.level == QLatin1String("alert"))
        level = tr("Alert");
    else if (a.level == QLatin1String("critical"))
        level = tr("Critical");
    else if (a.level == QLatin1String("signal"))
        level = tr("Signal");
    else
        level = capitalised(a.level);
    QString kind;
    if (a.kind == QLatin1String("guardian"))
        kind = tr("Guardian");
    else if (a.kind == QLatin1String("opportunity"))
        kind = tr("Opportunity");
    else
        kind = capitalised(a.kind);
    return level.isEmpty() ? kind : tr("%1 · %2").arg(kind, level);
}

QColor AutomationDialog::alertKindColour(const Alert &a)
{
    if (a.kind == QLatin1String("opportunity"))
        return theme::opportunityColor();
    if (a.kind == QLatin1String("guardian"))
        return theme::guardianColor(a.level == QLatin1String("critical") ? 3 : 2);
    return theme::neutral();
}

QString AutomationDialog::alertChannelText(const QString &channel)
{
    if (channel == QLatin1String("email"))
        return tr("E-mail");
    if (channel == QLatin1String("slack"))
        return tr("Slack");
    return capitalised(channel);
}

QString AutomationDialog::destinationText(const QString &d)
{
    if (d == models::kLakeRds)
        return tr("RDS");
    if (d == models::kLakeSnowflake)
        return tr("Snowflake");
    if (d == kSendgrid)
        return tr("SendGrid (alert e-mails)");
    if (d == kSlack)
        return tr("Slack (alerts)");
    return capitalised(d);
}

QString AutomationDialog::failureDestinationText(const QString &d)
{
    return d.isEmpty() ? tr("Validation") : destinationText(d);
}

QString AutomationDialog::agoText(qint64 at, qint64 now)
{
    if (at <= 0)
        return tr("never");
    const qint64 s = std::max<qint64>(0, now - at);
    if (s < 5)
        return tr("just now");
    if (s < 60)
        return tr("%1 s ago").arg(s);
    if (s < 3600)
        return tr("%1 min ago").arg(s / 60);
    if (s < 24 * 3600)
        return tr("%1 h ago").arg(s / 3600);
    return QDateTime::fromSecsSinceEpoch(at).toString(QStringLiteral("d MMM yyyy"));
}

QString AutomationDialog::lakeStateText(const services::DestinationStatus *s, bool running, qint64 nowMs)
{
    if (!running)
        return tr("Not sending: delivery is not running");
    if (!s)
        return tr("Not sending: no such destination");
    if (s->paused)
        return s->pauseReason.isEmpty() ? tr("Paused") : tr("Paused: %1").arg(s->pauseReason.simplified());
    if (s->failingSince > 0)
        return tr("Failing since %1").arg(OutboxLinePresenter::clock(s->failingSince, nowMs));
    const QString state = s->queued + s->inFlight > 0 ? tr("Sending") : tr("Up to date");
    if (s->dead > 0) // delivered what it could, but these wait for a person in the sync monitor
        return s->dead == 1 ? tr("%1 · 1 failed for good").arg(state) : tr("%1 · %2 failed for good").arg(state).arg(s->dead);
    return state;
}

QColor AutomationDialog::lakeStateColour(const services::DestinationStatus *s, bool running)
{
    if (!running || !s || s->paused)
        return theme::warning();
    if (s->failingSince > 0 || s->dead > 0)
        return theme::error();
    if (s->queued + s->inFlight > 0)
        return theme::attention();
    return theme::success();
}

// The dialog.

AutomationDialog::AutomationDialog(services::AlertService *alerts, services::LakeService *lake, services::OutboxWorker *outbox,
                                   QWidget *parent)
    : QDialog(parent), m_alertService(alerts), m_lakeService(lake), m_outbox(outbox), m_tabs(new QTabWidget(this)),
      m_timer(new QTimer(this)), m_soon(new QTimer(this))
{
    setWindowTitle(tr("Automation"));
    setObjectName(QStringLiteral("automationDialog"));

    auto *title = new QLabel(tr("Automation"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    title->setFont(tf);
    auto *subtitle = new QLabel(tr("Alerts to account managers and sales, and the tickets' records on their way to the data lake."), this);
    subtitle->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));

    m_tabs->setObjectName(QStringLiteral("automationTabs"));
    m_tabs->addTab(buildAlertsTab(), tr("&Alerts"));
    m_tabs->addTab(buildLakeTab(), tr("&Data lake"));
    m_tabs->addTab(buildFailuresTab(), tr("&Failed rows"));

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(close);
    resize(1100, 640);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &AutomationDialog::refresh);
    m_soon->setSingleShot(true);
    m_soon->setInterval(300);
    connect(m_soon, &QTimer::timeout, this, &AutomationDialog::refresh);
    // News while hidden waits for the next show, which refreshes everything.
    const auto soon = [this] {
        if (isVisible())
            m_soon->start();
    };
    if (alerts)
        connect(alerts, &services::AlertService::alertsChanged, this, soon);
    if (lake)
        connect(lake, &services::LakeService::queued, this, soon);
    if (outbox)
        connect(outbox, &services::OutboxWorker::statusChanged, this, [this] {
            if (!isVisible())
                return;
            showLake(); // the worker's status is in memory: shown at once, the counts follow
            if (!m_soon->isActive())
                m_soon->start();
        });
    refresh();
}

QWidget *AutomationDialog::buildAlertsTab()
{
    auto *page = new QWidget(m_tabs);
    m_alertsStatus = note(page);
    m_alertsStatus->setObjectName(QStringLiteral("alertsStatus"));
    m_alertsEmpty = new QLabel(page);
    m_alertsEmpty->setObjectName(QStringLiteral("alertsEmpty"));
    m_alertsEmpty->setTextFormat(Qt::PlainText);
    m_alertsEmpty->setAlignment(Qt::AlignCenter);
    m_alertsEmpty->setWordWrap(true);
    m_alertsEmpty->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
    m_alertsEmpty->setText(m_alertService
                               ? tr("No alerts yet. Guardian alerts go to the account's key account manager, Opportunity alerts to sales.")
                               : tr("Alerts are not set up in this window: no alert service is running, so no alert is raised or "
                                    "shown."));

    m_alertsTable = table({tr("Time"), tr("Ticket"), tr("Kind"), tr("Channel"), tr("Recipient"), tr("State")}, page);
    m_alertsTable->setObjectName(QStringLiteral("alertsTable"));
    const QFontMetrics fm = m_alertsTable->fontMetrics();
    const QString samples[] = {QStringLiteral("2026-12-31 23:59:59"), QStringLiteral("#99999999"), QStringLiteral("Opportunity · Signal"),
                               QStringLiteral("E-mail"), QStringLiteral("alexandra.featherstone@example.com")};
    for (int c = 0; c < int(std::size(samples)); ++c)
        m_alertsTable->setColumnWidth(c, fm.horizontalAdvance(samples[c]) + 28);

    m_alertSubject = new QLabel(page);
    m_alertSubject->setObjectName(QStringLiteral("alertSubject"));
    m_alertSubject->setTextFormat(Qt::PlainText); // the ticket's subject is the customer's words
    m_alertSubject->setWordWrap(true);
    m_alertSubject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont sf = m_alertSubject->font();
    sf.setBold(true);
    m_alertSubject->setFont(sf);
    m_alertBody = new QPlainTextEdit(page);
    m_alertBody->setObjectName(QStringLiteral("alertBody"));
    m_alertBody->setReadOnly(true);
    m_alertBody->setPlaceholderText(tr("Select an alert to read what it said."));

    auto *detail = new QWidget(page);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 4, 0, 0);
    detailLayout->addWidget(m_alertSubject);
    detailLayout->addWidget(m_alertBody, 1);
    auto *split = new QSplitter(Qt::Vertical, page);
    split->addWidget(m_alertsTable);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    m_alertPages = new QStackedWidget(page);
    m_alertPages->addWidget(m_alertsEmpty);
    m_alertPages->addWidget(split);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_alertsStatus);
    layout->addWidget(m_alertPages, 1);
    m_alertsStatus->hide();
    connect(m_alertsTable, &QTableWidget::itemSelectionChanged, this, &AutomationDialog::showAlertDetail);
    return page;
}

QWidget *AutomationDialog::buildLakeTab()
{
    auto *page = new QWidget(m_tabs);
    m_lakeNote = note(page);
    m_lakeNote->setObjectName(QStringLiteral("lakeNote"));
    m_lakeTable = table({tr("Destination"), tr("Loaded"), tr("Waiting"), tr("Failed"), tr("Last load"), tr("Delivery"), QString()}, page);
    m_lakeTable->setObjectName(QStringLiteral("lakeTable"));
    m_lakeTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_lakeTable->setAlternatingRowColors(false);
    m_lakeTable->horizontalHeader()->setStretchLastSection(false);
    m_lakeTable->verticalHeader()->setDefaultSectionSize(m_lakeTable->fontMetrics().height() + 18);
    const int em = fontMetrics().averageCharWidth();
    QFont bold = m_lakeTable->font();
    bold.setBold(true);
    m_lakeTable->setColumnWidth(LakeName, QFontMetrics(bold).horizontalAdvance(destinationText(kSendgrid)) + 3 * em);
    for (int c = LakeLoaded; c <= LakeFailed; ++c) {
        m_lakeTable->setColumnWidth(c, 11 * em);
        m_lakeTable->horizontalHeaderItem(c)->setTextAlignment(Qt::AlignCenter); // apart from the words around them
    }
    m_lakeTable->setColumnWidth(LakeLastLoad, 16 * em);
    m_lakeTable->horizontalHeader()->setSectionResizeMode(LakeDelivery, QHeaderView::Stretch);
    m_lakeTable->setColumnWidth(LakeAction, 12 * em);
    m_lakeTable->horizontalHeaderItem(LakeLoaded)
        ->setToolTip(tr("Tickets whose latest record the destination has; for alert delivery, the alerts delivered"));
    m_lakeTable->horizontalHeaderItem(LakeWaiting)
        ->setToolTip(tr("Tickets with a newer record on its way; for alert delivery, alerts queued"));
    m_lakeTable->horizontalHeaderItem(LakeFailed)
        ->setToolTip(tr("Records that could not be loaded; for alert delivery, alerts that failed"));

    QStringList notes;
    if (!m_lakeService)
        notes << tr("The data lake is not set up in this window: no records are loaded to RDS or Snowflake.");
    if (!m_outbox)
        notes << tr("Delivery is not running in this window: records and alerts wait in the workspace until it does.");
    m_lakeNote->setText(notes.join(QLatin1Char('\n')));
    m_lakeNote->setVisible(!notes.isEmpty());

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_lakeNote);
    layout->addWidget(m_lakeTable, 1);
    return page;
}

QWidget *AutomationDialog::buildFailuresTab()
{
    auto *page = new QWidget(m_tabs);
    m_failuresNote = note(page);
    m_failuresNote->setObjectName(QStringLiteral("failuresNote"));
    m_failuresTable = table({tr("Time"), tr("Destination"), tr("Ticket"), tr("Version"), tr("Reason")}, page);
    m_failuresTable->setObjectName(QStringLiteral("failuresTable"));
    const QFontMetrics fm = m_failuresTable->fontMetrics();
    const QString samples[] = {QStringLiteral("2026-12-31 23:59:59"), QStringLiteral("SendGrid (alert e-mails)"),
                               QStringLiteral("#99999999"), QStringLiteral("Version")};
    for (int c = 0; c < int(std::size(samples)); ++c)
        m_failuresTable->setColumnWidth(c, fm.horizontalAdvance(samples[c]) + 28);
    m_failuresTable->horizontalHeaderItem(FailureVersion)->setTextAlignment(Qt::AlignCenter);
    m_export = new QPushButton(tr("&Export CSV…"), page);
    m_export->setObjectName(QStringLiteral("exportFailures"));
    m_export->setEnabled(false);
    connect(m_export, &QPushButton::clicked, this, &AutomationDialog::exportAsked);
    m_failuresNote->setText(m_lakeService ? tr("Reading…") : tr("The data lake is not set up in this window: there are no failed rows."));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_failuresNote, 1);
    bottom->addWidget(m_export);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_failuresTable, 1);
    layout->addLayout(bottom);
    return page;
}

void AutomationDialog::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void AutomationDialog::setRefreshInterval(int ms)
{
    m_timer->setInterval(ms);
}

bool AutomationDialog::workerRunning() const
{
    return m_outbox && m_outbox->isRunning();
}

void AutomationDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    m_timer->start();
    refresh();
}

void AutomationDialog::hideEvent(QHideEvent *event)
{
    m_timer->stop();
    m_soon->stop();
    QDialog::hideEvent(event);
}

void AutomationDialog::refresh()
{
    if (m_pending > 0)
        return;    // the answers on their way will show the news
    m_pending = 1; // held until every call below was made
    auto finished = [this] {
        if (--m_pending == 0)
            Q_EMIT refreshed();
    };
    if (m_alertService) {
        ++m_pending;
        m_alertService->recent(kAlertLimit, this, [this, finished](models::Result<std::vector<Alert>> r) {
            if (r.ok()) {
                m_alerts = std::move(r).value();
                m_alertsStatus->hide();
                showAlerts();
            } else {
                m_alertsStatus->setText(tr("The alerts could not be read: %1").arg(r.error().message));
                m_alertsStatus->show();
            }
            finished();
        });
    } else {
        showAlerts();
    }
    if (m_lakeService) {
        ++m_pending;
        m_lakeService->counts(this, [this, finished](models::Result<std::map<QString, models::LakeCounts>> r) {
            if (r.ok()) {
                m_counts = std::move(r).value();
                m_countsRead = true;
            }
            showLake();
            if (!r.ok()) {
                m_lakeNote->setText(tr("The data lake's counts could not be read: %1").arg(r.error().message));
                m_lakeNote->show();
            }
            finished();
        });
        ++m_pending;
        m_lakeService->failures(kFailureLimit, this, [this, finished](models::Result<std::vector<LakeFailure>> r) {
            if (r.ok()) {
                m_failures = std::move(r).value();
                showFailures();
            } else {
                m_failuresNote->setText(tr("The failed rows could not be read: %1").arg(r.error().message));
            }
            finished();
        });
    } else {
        showLake();
    }
    finished();
}

void AutomationDialog::showAlerts()
{
    const qint64 selected = selectedAlert();
    m_alertPages->setCurrentIndex(m_alerts.empty() ? 0 : 1);
    const QSignalBlocker block(m_alertsTable);
    m_alertsTable->setRowCount(int(m_alerts.size()));
    for (int i = 0; i < int(m_alerts.size()); ++i) {
        const Alert &a = m_alerts[std::size_t(i)];
        auto *at = item(when(a.createdAt));
        at->setData(Qt::UserRole, a.id);
        at->setForeground(theme::muted());
        m_alertsTable->setItem(i, AlertWhen, at);
        m_alertsTable->setItem(i, AlertTicket, item(a.ticketId ? QStringLiteral("#%1").arg(a.ticketId) : QStringLiteral("—")));
        auto *kind = item(alertKindText(a));
        kind->setForeground(alertKindColour(a));
        m_alertsTable->setItem(i, AlertKind, kind);
        m_alertsTable->setItem(i, AlertChannel, item(alertChannelText(a.channel)));
        m_alertsTable->setItem(i, AlertRecipient, item(a.recipient));
        const QString stateText = alertStateText(a);
        auto *state = item(stateText);
        state->setForeground(alertStateColour(a));
        state->setToolTip(stateText);
        m_alertsTable->setItem(i, AlertState, state);
    }
    m_alertsTable->clearSelection();
    if (selected)
        selectAlert(selected);
    showAlertDetail();
}

void AutomationDialog::selectAlert(qint64 alertId)
{
    for (std::size_t i = 0; i < m_alerts.size(); ++i)
        if (m_alerts[i].id == alertId) {
            m_alertsTable->selectRow(int(i));
            return;
        }
}

qint64 AutomationDialog::selectedAlert() const
{
    const auto rows = m_alertsTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    const QTableWidgetItem *i = m_alertsTable->item(rows.first().row(), AlertWhen);
    return i ? i->data(Qt::UserRole).toLongLong() : 0;
}

void AutomationDialog::showAlertDetail()
{
    const qint64 id = selectedAlert();
    const auto it = std::find_if(m_alerts.begin(), m_alerts.end(), [id](const Alert &a) { return a.id == id; });
    if (id == 0 || it == m_alerts.end()) {
        m_alertSubject->clear();
        m_alertBody->clear();
        return;
    }
    m_alertSubject->setText(it->subject);
    if (m_alertBody->toPlainText() != it->body)
        m_alertBody->setPlainText(it->body); // plain text: nothing in it is markup
}

void AutomationDialog::showLake()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const bool running = workerRunning();
    const std::map<QString, services::DestinationStatus> none;
    const auto &status = m_outbox ? m_outbox->status() : none;

    QStringList rows;
    for (const auto &[name, c] : m_counts)
        rows << name;
    for (const QString &alertDestination : {kSendgrid, kSlack})
        if (status.count(alertDestination) && !rows.contains(alertDestination))
            rows << alertDestination;

    if (rows != m_lakeRows) {
        m_lakeTable->setRowCount(0); // the buttons go with their rows
        m_pauseButtons.clear();
        m_lakeRows = rows;
        m_lakeTable->setRowCount(int(rows.size()));
        for (int i = 0; i < int(rows.size()); ++i) {
            const QString name = rows[i];
            auto *button = new QPushButton(m_lakeTable);
            button->setObjectName(QStringLiteral("pause-%1").arg(name));
            connect(button, &QPushButton::clicked, this, [this, name] { pauseClicked(name); });
            m_lakeTable->setCellWidget(i, LakeAction, button);
            m_pauseButtons[name] = button;
        }
    }

    for (int i = 0; i < int(rows.size()); ++i) {
        const QString &name = rows[i];
        const auto st = status.find(name);
        const services::DestinationStatus *s = st == status.end() ? nullptr : &st->second;
        const auto ct = m_counts.find(name);
        auto *nameItem = item(destinationText(name));
        QFont bold = nameItem->font();
        bold.setBold(true);
        nameItem->setFont(bold);
        m_lakeTable->setItem(i, LakeName, nameItem);
        if (ct != m_counts.end()) {
            const models::LakeCounts &c = ct->second;
            m_lakeTable->setItem(i, LakeLoaded, number(c.loaded));
            m_lakeTable->setItem(i, LakeWaiting, number(c.queued));
            auto *failed = number(c.failed);
            if (c.failed > 0)
                failed->setForeground(theme::error());
            m_lakeTable->setItem(i, LakeFailed, failed);
            auto *last = item(agoText(c.loadedAt, nowMs / 1000));
            last->setToolTip(c.loadedAt > 0 ? when(c.loadedAt) : QString());
            m_lakeTable->setItem(i, LakeLastLoad, last);
        } else {
            // An alert channel: its outbox entries.
            m_lakeTable->setItem(i, LakeLoaded, number(s ? s->done : 0));
            m_lakeTable->setItem(i, LakeWaiting, number(s ? s->queued + s->inFlight : 0));
            auto *failed = number(s ? s->dead : 0);
            if (s && s->dead > 0)
                failed->setForeground(theme::error());
            m_lakeTable->setItem(i, LakeFailed, failed);
            m_lakeTable->setItem(i, LakeLastLoad, item(QStringLiteral("—")));
        }
        auto *state = item(lakeStateText(s, running, nowMs));
        state->setForeground(lakeStateColour(s, running));
        state->setToolTip(s && !s->lastError.isEmpty() ? tr("Last error: %1").arg(s->lastError) : QString());
        m_lakeTable->setItem(i, LakeDelivery, state);
        QPushButton *button = m_pauseButtons[name];
        const bool paused = s && s->paused;
        button->setText(paused ? tr("Resume") : tr("Pause"));
        button->setToolTip(paused ? tr("Send to %1 again").arg(destinationText(name))
                                  : tr("Hold what goes to %1").arg(destinationText(name)));
        button->setEnabled(running && s);
    }
    if (m_lakeService && m_countsRead && rows.isEmpty()) {
        m_lakeNote->setText(tr("No data-lake destination is set up."));
        m_lakeNote->show();
    }
}

void AutomationDialog::pauseClicked(const QString &destination)
{
    if (!workerRunning())
        return;
    const auto &status = m_outbox->status();
    const auto it = status.find(destination);
    if (it == status.end())
        return;
    m_outbox->setPaused(destination, !it->second.paused);
    // statusChanged() brings the new state.
}

void AutomationDialog::showFailures()
{
    m_failuresTable->setRowCount(int(m_failures.size()));
    for (int i = 0; i < int(m_failures.size()); ++i) {
        const LakeFailure &f = m_failures[std::size_t(i)];
        auto *at = item(when(f.at));
        at->setForeground(theme::muted());
        m_failuresTable->setItem(i, FailureWhen, at);
        m_failuresTable->setItem(i, FailureDestination, item(failureDestinationText(f.destination)));
        m_failuresTable->setItem(i, FailureTicket, item(f.ticketId ? QStringLiteral("#%1").arg(f.ticketId) : QStringLiteral("—")));
        m_failuresTable->setItem(i, FailureVersion, item(QString::number(f.version), Qt::AlignCenter));
        auto *reason = item(f.reason.simplified());
        reason->setToolTip(f.reason);
        reason->setForeground(theme::error());
        m_failuresTable->setItem(i, FailureReason, reason);
    }
    m_failuresNote->setText(m_failures.empty()                                ? tr("No failed rows: every record was valid and loaded.")
                            : m_failures.size() >= std::size_t(kFailureLimit) ? tr("the latest %1 failed rows").arg(kFailureLimit)
                            : m_failures.size() == 1                          ? tr("1 failed row")
                                                     : tr("%1 failed rows").arg(QLocale().toString(qint64(m_failures.size()))));
    m_export->setEnabled(!m_failures.empty());
}

models::Result<void> AutomationDialog::exportFailuresCsv(const QString &path) const
{
    std::string out = models::CsvWriter::row({"time", "destination", "ticket_id", "version", "reason"});
    for (const LakeFailure &f : m_failures)
        out += models::CsvWriter::row({QDateTime::fromSecsSinceEpoch(f.at, Qt::UTC).toString(Qt::ISODate).toStdString(),
                                       f.destination.isEmpty() ? std::string("validation") : f.destination.toStdString(),
                                       f.ticketId ? std::to_string(f.ticketId) : std::string(), std::to_string(f.version),
                                       f.reason.toStdString()});
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out.data(), qint64(out.size())) != qint64(out.size()) || !file.commit())
        return models::Error::make(models::Error::Kind::Storage, tr("%1 could not be written: %2").arg(path, file.errorString()));
    return {};
}

void AutomationDialog::exportAsked()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the failed rows"), QStringLiteral("lake-failures.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto r = exportFailuresCsv(path); !r.ok())
        QMessageBox::warning(this, tr("Export failed"), r.error().message.toHtmlEscaped());
}

} // namespace cosmicdesk::ui
