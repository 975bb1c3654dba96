#include "queuepanel.h"

#include "queueview.h"
#include "theme.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::QueueFilter;
using models::TicketStatus;

namespace {
QToolButton *toggle(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(true);
    b->setAutoRaise(true);
    return b;
}
} // namespace

QString QueuePanel::savedViewName(SavedView view)
{
    switch (view) {
    case SavedView::OpenQueue: return tr("Open queue");
    case SavedView::Unassigned: return tr("Unassigned");
    case SavedView::UrgentOpen: return tr("Open P0/P1");
    case SavedView::SlaAtRisk: return tr("SLA at risk or breached");
    case SavedView::GuardianAlerts: return tr("Guardian alerts");
    case SavedView::Opportunities: return tr("Opportunities");
    case SavedView::AllTickets: return tr("All tickets");
    }
    return {};
}

QueuePanel::QueuePanel(models::TicketQueueModel *queue, QWidget *parent)
    : QWidget(parent), m_queue(queue), m_proxy(new models::QueueFilterModel(this)), m_view(new QueueView(this))
{
    m_views = new QComboBox(this);
    for (int v = 0; v <= static_cast<int>(SavedView::AllTickets); ++v)
        m_views->addItem(savedViewName(static_cast<SavedView>(v)));
    m_views->addItem(tr("Custom"));
    m_views->setToolTip(tr("Saved views"));

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search subject, requester, e-mail or #id   ( / )"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);

    for (int p = 0; p < 4; ++p) {
        m_priority[p] = toggle(QStringLiteral("P%1").arg(p), tr("Show P%1 tickets (agent's priority, else the suggestion)").arg(p), this);
        QPalette pal = m_priority[p]->palette();
        pal.setColor(QPalette::ButtonText, theme::priorityColor(p));
        m_priority[p]->setPalette(pal);
        QFont f = m_priority[p]->font();
        f.setBold(true);
        m_priority[p]->setFont(f);
    }
    m_status = new QComboBox(this);
    m_status->addItem(tr("Active"), QVariant(int(QueueFilter::activeStatuses())));
    m_status->addItem(tr("Any status"), QVariant(0));
    for (int s = 0; s <= static_cast<int>(TicketStatus::Closed); ++s)
        m_status->addItem(models::statusLabel(static_cast<TicketStatus>(s)), QVariant(1 << s));
    m_team = new QComboBox(this);
    m_team->addItem(tr("All teams"));
    m_unassigned = toggle(tr("Unassigned"), tr("Only tickets without an assignee"), this);
    m_slaRisk = toggle(tr("SLA risk"), tr("Only tickets at risk of breaching, or breached"), this);
    m_guardian = toggle(tr("Guardian"), tr("Only Guardian churn alerts"), this);
    m_opportunity = toggle(tr("Opportunity"), tr("Only tickets with a revenue signal"), this);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(6);
    bar->addWidget(m_views);
    bar->addWidget(m_search, 1);
    for (auto *b : m_priority)
        bar->addWidget(b);
    bar->addWidget(m_status);
    bar->addWidget(m_team);
    bar->addWidget(m_unassigned);
    bar->addWidget(m_slaRisk);
    bar->addWidget(m_guardian);
    bar->addWidget(m_opportunity);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_proxy->setSourceModel(m_queue);
    m_view->setQueueModel(m_proxy);
    m_view->sortByColumn(models::TicketQueueModel::SlaColumn, Qt::AscendingOrder);

    connect(m_views, &QComboBox::activated, this, [this](int index) {
        if (index <= static_cast<int>(SavedView::AllTickets))
            applySavedView(static_cast<SavedView>(index));
    });
    connect(m_search, &QLineEdit::textChanged, this, &QueuePanel::applyControls);
    for (auto *b : m_priority)
        connect(b, &QToolButton::toggled, this, &QueuePanel::applyControls);
    for (auto *b : {m_unassigned, m_slaRisk, m_guardian, m_opportunity})
        connect(b, &QToolButton::toggled, this, &QueuePanel::applyControls);
    connect(m_status, &QComboBox::currentIndexChanged, this, &QueuePanel::applyControls);
    connect(m_team, &QComboBox::currentIndexChanged, this, &QueuePanel::applyControls);
    connect(m_queue, &QAbstractItemModel::modelReset, this, &QueuePanel::refreshTeams);
    connect(m_queue, &models::TicketQueueModel::loadingChanged, this, [this](bool loading) {
        m_view->setEmptyText(loading ? tr("Loading tickets…") : tr("No tickets match this view. Clear the search or pick another view."));
    });
    connect(m_queue, &models::TicketQueueModel::loadProgress, this, [this](qint64 done, qint64 total) {
        m_view->setEmptyText(tr("Loading tickets… %1 of %2").arg(QLocale().toString(done), QLocale().toString(total)));
    });
    connect(m_proxy, &models::QueueFilterModel::refreshed, this,
            [this] { Q_EMIT countsChanged(m_proxy->rowCount(), m_queue->rowCount()); });
    applySavedView(SavedView::OpenQueue);
}

void QueuePanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void QueuePanel::refreshTeams()
{
    const QString current = m_team->currentIndex() > 0 ? m_team->currentText() : QString();
    const QSignalBlocker block(m_team);
    m_team->clear();
    m_team->addItem(tr("All teams"));
    for (std::size_t i = 1; i < m_queue->queueData()->teams.size(); ++i)
        m_team->addItem(m_queue->queueData()->teams[i]);
    m_team->setCurrentIndex(std::max(0, m_team->findText(current)));
}

void QueuePanel::applySavedView(SavedView view)
{
    m_applying = true;
    m_search->clear();
    for (auto *b : m_priority)
        b->setChecked(false);
    for (auto *b : {m_unassigned, m_slaRisk, m_guardian, m_opportunity})
        b->setChecked(false);
    m_team->setCurrentIndex(0);
    m_status->setCurrentIndex(view == SavedView::AllTickets || view == SavedView::GuardianAlerts || view == SavedView::Opportunities ? 1
                                                                                                                                     : 0);
    switch (view) {
    case SavedView::Unassigned: m_unassigned->setChecked(true); break;
    case SavedView::UrgentOpen:
        m_priority[0]->setChecked(true);
        m_priority[1]->setChecked(true);
        break;
    case SavedView::SlaAtRisk: m_slaRisk->setChecked(true); break;
    case SavedView::GuardianAlerts: m_guardian->setChecked(true); break;
    case SavedView::Opportunities: m_opportunity->setChecked(true); break;
    default: break;
    }
    m_applying = false;
    m_views->setCurrentIndex(static_cast<int>(view));
    applyControls();
    m_views->setCurrentIndex(static_cast<int>(view));
}

void QueuePanel::applyControls()
{
    if (m_applying)
        return;
    QueueFilter f;
    f.text = m_search->text();
    for (int p = 0; p < 4; ++p)
        if (m_priority[p]->isChecked())
            f.priorityMask |= static_cast<quint8>(1 << p);
    f.statusMask = static_cast<quint8>(m_status->currentData().toInt());
    if (m_team->currentIndex() > 0)
        f.teams << m_team->currentText();
    if (m_unassigned->isChecked())
        f.flags |= QueueFilter::Unassigned;
    if (m_slaRisk->isChecked())
        f.flags |= QueueFilter::SlaAtRisk;
    if (m_guardian->isChecked())
        f.flags |= QueueFilter::GuardianAlert;
    if (m_opportunity->isChecked())
        f.flags |= QueueFilter::Opportunity;
    m_views->setCurrentIndex(m_views->count() - 1); // "Custom" unless a saved view set it
    m_proxy->setFilter(f);
}

} // namespace cosmicdesk::ui
