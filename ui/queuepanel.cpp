#include "queuepanel.h"

#include "queueview.h"
#include "theme.h"

#include <models/queuefiltermodel.h>
#include <models/ticketqueuemodel.h>
#include <services/savedviewservice.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::QueueFilter;
using models::SavedFilter;
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

constexpr QueuePanel::SavedView kBuiltInOrder[] = {
    QueuePanel::SavedView::OpenQueue,      QueuePanel::SavedView::MyOpenUrgent,  QueuePanel::SavedView::MyPending,
    QueuePanel::SavedView::Unassigned,     QueuePanel::SavedView::UrgentOpen,    QueuePanel::SavedView::SlaAtRisk,
    QueuePanel::SavedView::GuardianAlerts, QueuePanel::SavedView::Opportunities, QueuePanel::SavedView::AllTickets,
};
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
    case SavedView::MyOpenUrgent: return tr("My open P0/P1");
    case SavedView::MyPending: return tr("My pending");
    }
    return {};
}

SavedFilter QueuePanel::savedViewFilter(SavedView view)
{
    SavedFilter f;
    f.filter.statusMask = QueueFilter::activeStatuses();
    switch (view) {
    case SavedView::OpenQueue: break;
    case SavedView::Unassigned: f.filter.flags = QueueFilter::Unassigned; break;
    case SavedView::MyOpenUrgent: f.mine = true; [[fallthrough]];
    case SavedView::UrgentOpen: f.filter.priorityMask = 0b11; break;
    case SavedView::SlaAtRisk: f.filter.flags = QueueFilter::SlaAtRisk; break;
    case SavedView::GuardianAlerts:
        f.filter.statusMask = 0;
        f.filter.flags = QueueFilter::GuardianAlert;
        break;
    case SavedView::Opportunities:
        f.filter.statusMask = 0;
        f.filter.flags = QueueFilter::Opportunity;
        break;
    case SavedView::AllTickets: f.filter.statusMask = 0; break;
    case SavedView::MyPending:
        f.mine = true;
        f.filter.statusMask = quint8(1u << int(TicketStatus::Pending));
        break;
    }
    return f;
}

std::vector<models::SavedView> QueuePanel::builtInViews()
{
    std::vector<models::SavedView> out;
    int position = 0;
    for (SavedView v : kBuiltInOrder)
        out.push_back({0, savedViewName(v), position++, savedViewFilter(v)});
    return out;
}

QueuePanel::QueuePanel(models::TicketQueueModel *queue, QWidget *parent)
    : QWidget(parent), m_queue(queue), m_proxy(new models::QueueFilterModel(this)), m_view(new QueueView(this))
{
    m_views = new QComboBox(this);
    m_views->setObjectName(QStringLiteral("views"));
    m_views->setToolTip(tr("Your views (Alt+1…9); Views → Save the current filter as a view…"));
    m_views->setSizeAdjustPolicy(QComboBox::AdjustToContents);

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
    m_status->setObjectName(QStringLiteral("status"));
    m_status->addItem(tr("Active"), QVariant(int(QueueFilter::activeStatuses())));
    m_status->addItem(tr("Any status"), QVariant(0));
    for (int s = 0; s <= static_cast<int>(TicketStatus::Closed); ++s)
        m_status->addItem(models::statusLabel(static_cast<TicketStatus>(s)), QVariant(1 << s));
    m_team = new QComboBox(this);
    m_team->addItem(tr("All teams"));
    m_mine = toggle(tr("Mine"), tr("Only tickets assigned to you"), this);
    m_mine->setObjectName(QStringLiteral("mine"));
    m_unassigned = toggle(tr("Unassigned"), tr("Only tickets without an assignee"), this);
    m_slaRisk = toggle(tr("SLA risk"), tr("Only tickets at risk of breaching, or breached"), this);
    m_guardian = toggle(tr("Guardian"), tr("Only Guardian churn alerts"), this);
    m_opportunity = toggle(tr("Opportunity"), tr("Only tickets with a revenue signal"), this);
    m_disagree = toggle(tr("Disagreements"), tr("Only tickets whose label differs from the engine's suggestion (priority or team)"), this);
    m_disagree->setObjectName(QStringLiteral("disagreements"));
    m_disagree->hide(); // a review's

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(6);
    bar->addWidget(m_views);
    bar->addWidget(m_search, 1);
    for (auto *b : m_priority)
        bar->addWidget(b);
    bar->addWidget(m_status);
    bar->addWidget(m_team);
    bar->addWidget(m_mine);
    bar->addWidget(m_unassigned);
    bar->addWidget(m_slaRisk);
    bar->addWidget(m_guardian);
    bar->addWidget(m_opportunity);
    bar->addWidget(m_disagree);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    m_drill = new QLabel(this);
    m_drill->setObjectName(QStringLiteral("drillDown"));
    m_drill->setContentsMargins(6, 3, 6, 3);
    m_drill->setTextFormat(Qt::RichText);
    m_drill->hide();
    connect(m_drill, &QLabel::linkActivated, this, [this] {
        m_drill->hide();
        applyControls();
    });
    layout->addWidget(m_drill);
    layout->addWidget(m_view, 1);

    m_proxy->setSourceModel(m_queue);
    m_view->setQueueModel(m_proxy);
    m_view->sortByColumn(models::TicketQueueModel::SlaColumn, Qt::AscendingOrder);

    connect(m_views, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < int(m_list.size()))
            applyView(index);
    });
    connect(m_search, &QLineEdit::textChanged, this, &QueuePanel::applyControls);
    for (auto *b : m_priority)
        connect(b, &QToolButton::toggled, this, &QueuePanel::applyControls);
    for (auto *b : {m_mine, m_unassigned, m_slaRisk, m_guardian, m_opportunity, m_disagree})
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
    m_list = builtInViews();
    showViews();
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
    if (!current.isEmpty() && m_team->findText(current) < 0)
        m_team->addItem(current); // a saved view's team the workspace does not have (yet)
    m_team->setCurrentIndex(std::max(0, m_team->findText(current)));
}

void QueuePanel::setAgentId(qint64 agentId)
{
    if (agentId == m_agentId)
        return;
    m_agentId = agentId;
    m_mine->setToolTip(agentId ? tr("Only tickets assigned to you")
                               : tr("Only tickets assigned to you (not known yet: connect an account)"));
    if (m_mine->isChecked())
        applyControls();
}

void QueuePanel::applySavedView(SavedView view)
{
    applyFilter(savedViewFilter(view));
}

void QueuePanel::applyView(int index)
{
    if (index < 0 || index >= int(m_list.size()))
        return;
    applyFilter(m_list[std::size_t(index)].filter);
    m_views->setCurrentIndex(index); // two views with the same filter: the one asked for
}

void QueuePanel::applyFilter(const SavedFilter &saved)
{
    const QueueFilter &f = saved.filter;
    m_applying = true;
    m_search->setText(f.text);
    for (int p = 0; p < 4; ++p)
        m_priority[p]->setChecked(f.priorityMask & (1u << p));
    const int status = m_status->findData(int(f.statusMask));
    m_status->setCurrentIndex(status >= 0 ? status : 1);
    if (f.teams.isEmpty()) {
        m_team->setCurrentIndex(0);
    } else {
        if (m_team->findText(f.teams.first()) < 0)
            m_team->addItem(f.teams.first());
        m_team->setCurrentIndex(m_team->findText(f.teams.first()));
    }
    m_mine->setChecked(saved.mine);
    m_unassigned->setChecked(f.flags & QueueFilter::Unassigned);
    m_slaRisk->setChecked(f.flags & QueueFilter::SlaAtRisk);
    m_guardian->setChecked(f.flags & QueueFilter::GuardianAlert);
    m_opportunity->setChecked(f.flags & QueueFilter::Opportunity);
    m_disagree->setChecked(f.flags & QueueFilter::Disagreement);
    m_applying = false;
    applyControls();
}

SavedFilter QueuePanel::currentFilter() const
{
    SavedFilter s;
    QueueFilter &f = s.filter;
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
    if (m_disagree->isChecked())
        f.flags |= QueueFilter::Disagreement;
    s.mine = m_mine->isChecked();
    return s;
}

void QueuePanel::showFiltered(const QueueFilter &filter, const QString &what)
{
    SavedFilter shown;
    shown.filter = filter;
    applyFilter(shown); // the controls, as far as they go
    m_drill->setText(tr("From the overview: <b>%1</b> · <a href=\"clear\">Show the whole queue filter</a>").arg(what.toHtmlEscaped()));
    m_drill->show();
    m_proxy->setFilter(filter); // every term of it
}

void QueuePanel::setReviewMode(bool review)
{
    m_disagree->setVisible(review);
    if (!review)
        m_disagree->setChecked(false);
}

bool QueuePanel::isDrilledDown() const
{
    return m_drill->isVisible();
}

void QueuePanel::applyControls()
{
    if (m_applying)
        return;
    m_drill->hide(); // a control changed: the controls say what is shown again
    const SavedFilter saved = currentFilter();
    QueueFilter f = saved.filter;
    if (saved.mine)
        f.assigneeId = m_agentId ? m_agentId : -1; // not known yet: nobody's tickets
    syncViewCombo();
    m_proxy->setFilter(f);
}

int QueuePanel::currentViewIndex() const
{
    const SavedFilter now = currentFilter();
    const int shown = m_views->currentIndex();
    if (shown >= 0 && shown < int(m_list.size()) && m_list[std::size_t(shown)].filter == now)
        return shown;
    for (std::size_t i = 0; i < m_list.size(); ++i)
        if (m_list[i].filter == now)
            return int(i);
    return -1;
}

void QueuePanel::syncViewCombo()
{
    const int index = currentViewIndex();
    m_views->setCurrentIndex(index >= 0 ? index : m_views->count() - 1); // "Custom" when none matches
}

void QueuePanel::showViews()
{
    const QSignalBlocker block(m_views);
    m_views->clear();
    for (std::size_t i = 0; i < m_list.size(); ++i) {
        m_views->addItem(m_list[i].name, m_list[i].id);
        if (i < 9)
            m_views->setItemData(int(i), tr("Alt+%1").arg(i + 1), Qt::ToolTipRole);
    }
    m_views->addItem(tr("Custom"));
    syncViewCombo();
}

void QueuePanel::setViews(std::vector<models::SavedView> views)
{
    m_list = std::move(views);
    showViews();
    Q_EMIT viewsChanged();
}

std::function<void(models::Result<std::vector<models::SavedView>>)> QueuePanel::answer()
{
    return [this](models::Result<std::vector<models::SavedView>> r) {
        if (!r.ok()) {
            Q_EMIT viewsFailed(r.error().message);
            return;
        }
        setViews(std::move(r).value());
    };
}

void QueuePanel::setViewService(services::SavedViewService *service)
{
    m_service = service;
    if (service)
        service->list(builtInViews(), this, answer());
}

void QueuePanel::saveCurrentAs(const QString &name)
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return;
    if (m_service) {
        m_service->add(n, currentFilter(), this, answer());
        return;
    }
    auto list = m_list;
    list.push_back({0, n, int(list.size()), currentFilter()});
    setViews(std::move(list));
}

void QueuePanel::renameView(qint64 id, const QString &name)
{
    const QString n = name.trimmed();
    if (n.isEmpty() || !m_service)
        return;
    m_service->rename(id, n, this, answer());
}

void QueuePanel::removeView(qint64 id)
{
    if (m_service)
        m_service->remove(id, this, answer());
}

void QueuePanel::moveView(qint64 id, int delta)
{
    if (!m_service)
        return;
    std::vector<qint64> ids;
    for (const auto &v : m_list)
        ids.push_back(v.id);
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end())
        return;
    const auto from = std::distance(ids.begin(), it);
    const auto to = std::clamp<std::ptrdiff_t>(from + delta, 0, std::ptrdiff_t(ids.size()) - 1);
    if (from == to)
        return;
    const qint64 moved = ids[std::size_t(from)];
    ids.erase(ids.begin() + from);
    ids.insert(ids.begin() + to, moved);
    m_service->reorder(ids, this, answer());
}

} // namespace cosmicdesk::ui
