#include "overviewtab.h"

#include "theme.h"

#include <models/overviewstats.h>
#include <models/slapolicy.h>
#include <services/overviewservice.h>

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cosmicdesk::ui {

namespace {

constexpr int kTopTeams = 8;
constexpr int kTableRows = 12;
const char *const kPriorityNames[] = {"P0", "P1", "P2", "P3", "None"};

QString money(double dollars)
{
    const QLocale l;
    if (dollars >= 10000)
        return QStringLiteral("$%1k").arg(l.toString(dollars / 1000.0, 'f', 0));
    return QStringLiteral("$%1").arg(l.toString(dollars, 'f', 0));
}

QString percent(double share) // 0-1
{
    return QStringLiteral("%1 %").arg(QLocale().toString(share * 100.0, 'f', share < 0.1 && share > 0 ? 1 : 0));
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont f = chart->titleFont();
    f.setBold(true);
    chart->setTitleFont(f);
    return chart;
}

QChartView *chartView(QChart *chart, int minHeight, const QString &name)
{
    auto *view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minHeight);
    view->setObjectName(name);
    return view;
}

QTableWidget *newTable(const QStringList &headers, const QString &name)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->setVisible(false);
    t->verticalHeader()->setDefaultSectionSize(22);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->setAlternatingRowColors(true);
    t->setMinimumHeight(22 * (kTableRows + 1) + 6);
    return t;
}

QTableWidgetItem *cell(const QString &text, const QVariant &key = {}, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, key);
    item->setTextAlignment(align);
    return item;
}

QTableWidgetItem *number(const QString &text, const QVariant &key = {})
{
    return cell(text, key, Qt::AlignRight | Qt::AlignVCenter);
}

QWidget *card(const QString &caption, QLabel **value, QLabel **detail, const QString &name)
{
    auto *box = new QFrame;
    box->setObjectName(name);
    box->setFrameShape(QFrame::StyledPanel);
    auto *l = new QVBoxLayout(box);
    l->setContentsMargins(10, 6, 10, 6);
    l->setSpacing(0);
    auto *c = new QLabel(caption);
    c->setStyleSheet(QStringLiteral("color: %1;").arg(theme::muted().name()));
    *value = new QLabel(QStringLiteral("–"));
    QFont f = (*value)->font();
    f.setPointSizeF(f.pointSizeF() * 1.8);
    f.setBold(true);
    (*value)->setFont(f);
    *detail = new QLabel;
    (*detail)->setStyleSheet(QStringLiteral("color: %1;").arg(theme::muted().name()));
    l->addWidget(c);
    l->addWidget(*value);
    l->addWidget(*detail);
    return box;
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
}

void valueAxis(QChart *chart, std::initializer_list<QAbstractSeries *> series, Qt::Alignment side, double max, const QString &format)
{
    auto *axis = new QValueAxis;
    axis->setRange(0, max);
    axis->setLabelFormat(format);
    chart->addAxis(axis, side);
    for (QAbstractSeries *s : series)
        s->attachAxis(axis);
}

void categoryAxis(QChart *chart, QAbstractSeries *series, const QStringList &categories, Qt::Alignment side, bool reverse)
{
    auto *axis = new QBarCategoryAxis;
    axis->append(categories);
    axis->setReverse(reverse);
    chart->addAxis(axis, side);
    series->attachAxis(axis);
}

quint8 activeMask()
{
    return models::QueueFilter::activeStatuses();
}

} // namespace

struct OverviewTab::Parts
{
    QScrollArea *scroll = nullptr;
    QWidget *content = nullptr;
    QLabel *updated = nullptr;
    QLabel *kpiValue[7]{};
    QLabel *kpiDetail[7]{};
    QChart *backlog = nullptr, *volume = nullptr, *staffing = nullptr, *mix = nullptr, *teams = nullptr, *agreement = nullptr,
           *drafts = nullptr;
    QTableWidget *sla = nullptr, *agents = nullptr, *guardian = nullptr, *opportunity = nullptr, *confusion = nullptr,
                 *teamAccuracy = nullptr;
    QLabel *forecastNote = nullptr, *qualityNote = nullptr;
};

OverviewTab::OverviewTab(services::OverviewService *service, QWidget *parent)
    : QWidget(parent), m_service(service), m_parts(std::make_unique<Parts>())
{
    build();
    if (m_service) {
        connect(m_service, &services::OverviewService::updated, this, &OverviewTab::showStats);
        if (auto s = m_service->latest())
            showStats(std::move(s));
    }
}

OverviewTab::~OverviewTab() = default;

void OverviewTab::build()
{
    Parts &p = *m_parts;
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    p.updated = new QLabel(tr("Computing the overview…"));
    p.updated->setObjectName(QStringLiteral("overviewUpdated"));
    auto *png = new QPushButton(tr("Export PNG…"));
    png->setObjectName(QStringLiteral("exportPng"));
    auto *pdf = new QPushButton(tr("Export PDF…"));
    pdf->setObjectName(QStringLiteral("exportPdf"));
    auto *refresh = new QPushButton(tr("Refresh"));
    bar->addWidget(p.updated, 1);
    bar->addWidget(refresh);
    bar->addWidget(png);
    bar->addWidget(pdf);
    outer->addLayout(bar);
    connect(png, &QPushButton::clicked, this, [this] { exportAsked(false); });
    connect(pdf, &QPushButton::clicked, this, [this] { exportAsked(true); });
    connect(refresh, &QPushButton::clicked, this, [this] {
        if (m_service)
            m_service->refresh();
    });

    p.scroll = new QScrollArea(this);
    p.scroll->setWidgetResizable(true);
    p.scroll->setFrameShape(QFrame::NoFrame);
    p.content = new QWidget;
    p.content->setObjectName(QStringLiteral("overviewContent"));
    p.content->setAutoFillBackground(true);
    auto *grid = new QGridLayout(p.content);
    grid->setContentsMargins(8, 8, 8, 8);
    grid->setSpacing(8);

    // Row 0: the figures a supervisor looks at first.
    auto *kpis = new QHBoxLayout;
    const QString captions[7] = {tr("Open backlog"),      tr("SLA breached"),         tr("SLA at risk"),
                                 tr("Guardian: at risk"), tr("Opportunity pipeline"), tr("Triage agreement (14 days)"),
                                 tr("Next 24 h forecast")};
    for (int i = 0; i < 7; ++i)
        kpis->addWidget(card(captions[i], &p.kpiValue[i], &p.kpiDetail[i], QStringLiteral("kpi%1").arg(i)));
    grid->addLayout(kpis, 0, 0, 1, 3);

    p.backlog = newChart(tr("Backlog by priority and status"));
    p.volume = newChart(tr("Tickets per hour: last 14 days and the next 72 hours"));
    p.staffing = newChart(tr("Agents needed per hour (Erlang C)"));
    p.mix = newChart(tr("Priority mix against the calibration targets"));
    p.teams = newChart(tr("Open tickets per team"));
    p.agreement = newChart(tr("Suggested vs agents' priority, per day"));
    p.drafts = newChart(tr("Drafted replies"));

    grid->addWidget(chartView(p.volume, 260, QStringLiteral("volumeChart")), 1, 0, 1, 2);
    grid->addWidget(chartView(p.backlog, 260, QStringLiteral("backlogChart")), 1, 2);

    auto *forecastBox = new QWidget;
    auto *fl = new QVBoxLayout(forecastBox);
    fl->setContentsMargins(0, 0, 0, 0);
    fl->addWidget(chartView(p.staffing, 220, QStringLiteral("staffingChart")), 1);
    p.forecastNote = new QLabel;
    p.forecastNote->setObjectName(QStringLiteral("forecastNote"));
    p.forecastNote->setWordWrap(true);
    fl->addWidget(p.forecastNote);
    grid->addWidget(forecastBox, 2, 0);
    grid->addWidget(chartView(p.teams, 240, QStringLiteral("teamsChart")), 2, 1);
    grid->addWidget(chartView(p.mix, 240, QStringLiteral("mixChart")), 2, 2);

    const auto titled = [](const QString &title, QWidget *w) {
        auto *box = new QWidget;
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        auto *t = new QLabel(title);
        QFont f = t->font();
        f.setBold(true);
        t->setFont(f);
        l->addWidget(t);
        l->addWidget(w, 1);
        return box;
    };
    p.sla = newTable({tr("Ticket"), tr("Priority"), tr("Clock"), tr("Left"), tr("Due")}, QStringLiteral("slaTable"));
    p.agents = newTable({tr("Agent"), tr("Open"), tr("P0/P1"), tr("Breached")}, QStringLiteral("agentsTable"));
    p.guardian = newTable({tr("Account"), tr("Level"), tr("Risk"), tr("MRR"), tr("Ticket")}, QStringLiteral("guardianTable"));
    p.opportunity = newTable({tr("Account"), tr("Score"), tr("MRR"), tr("Ticket")}, QStringLiteral("opportunityTable"));
    grid->addWidget(titled(tr("SLA: breached and at risk, most urgent first"), p.sla), 3, 0);
    grid->addWidget(titled(tr("Guardian: churn risk × MRR"), p.guardian), 3, 1);
    grid->addWidget(titled(tr("Opportunity pipeline by MRR"), p.opportunity), 3, 2);

    p.confusion = newTable({QStringLiteral("P0"), QStringLiteral("P1"), QStringLiteral("P2"), QStringLiteral("P3")},
                           QStringLiteral("confusionTable"));
    p.confusion->verticalHeader()->setVisible(true);
    p.confusion->setVerticalHeaderLabels({});
    p.confusion->setSelectionBehavior(QAbstractItemView::SelectItems);
    p.confusion->setAlternatingRowColors(false);
    p.confusion->setMinimumHeight(22 * 5 + 8);
    p.confusion->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    p.teamAccuracy = newTable({tr("Team"), tr("Suggested team right"), tr("Tickets")}, QStringLiteral("teamAccuracyTable"));
    p.qualityNote = new QLabel;
    p.qualityNote->setWordWrap(true);
    auto *quality = new QWidget;
    auto *ql = new QVBoxLayout(quality);
    ql->setContentsMargins(0, 0, 0, 0);
    ql->addWidget(titled(tr("Confusion: agents' priority (rows) vs suggested (columns)"), p.confusion));
    ql->addWidget(p.qualityNote);
    ql->addWidget(titled(tr("Team accuracy"), p.teamAccuracy), 1);
    grid->addWidget(chartView(p.agreement, 240, QStringLiteral("agreementChart")), 4, 0);
    grid->addWidget(quality, 4, 1);
    auto *right = new QWidget;
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(titled(tr("Load per agent"), p.agents), 1);
    rl->addWidget(chartView(p.drafts, 200, QStringLiteral("draftsChart")));
    grid->addWidget(right, 4, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);

    p.scroll->setWidget(p.content);
    outer->addWidget(p.scroll, 1);

    // Rows open their ticket; agents and teams their queue.
    const auto ticketOf = [this](QTableWidget *t) {
        connect(t, &QTableWidget::cellActivated, this, [this, t](int row, int) {
            if (QTableWidgetItem *item = t->item(row, 0); item && item->data(Qt::UserRole).toLongLong() > 0)
                Q_EMIT openTicket(item->data(Qt::UserRole).toLongLong());
        });
        connect(t, &QTableWidget::cellDoubleClicked, this, [t](int row, int column) { Q_EMIT t->cellActivated(row, column); });
    };
    ticketOf(p.sla);
    ticketOf(p.guardian);
    ticketOf(p.opportunity);
    const auto queueOf = [this](QTableWidget *t, std::function<void(int row)> open) {
        connect(t, &QTableWidget::cellActivated, this, [open](int row, int) { open(row); });
        connect(t, &QTableWidget::cellDoubleClicked, this, [t](int row, int column) { Q_EMIT t->cellActivated(row, column); });
    };
    queueOf(p.agents, [this](int row) {
        QTableWidgetItem *item = m_parts->agents->item(row, 0);
        if (!item)
            return;
        models::QueueFilter f;
        f.statusMask = activeMask();
        if (const qint64 id = item->data(Qt::UserRole).toLongLong(); id > 0)
            f.assigneeId = id;
        else
            f.flags = models::QueueFilter::Unassigned;
        Q_EMIT openQueue(f, tr("Open tickets of %1").arg(item->text()));
    });
    queueOf(p.teamAccuracy, [this](int row) {
        QTableWidgetItem *item = m_parts->teamAccuracy->item(row, 0);
        if (!item)
            return;
        models::QueueFilter f;
        f.teams = {item->text()};
        if (m_stats && !m_stats->agreementByDay.empty())
            f.createdFrom = m_stats->agreementByDay.front().dayStart;
        Q_EMIT openQueue(f, tr("Tickets of %1 created in the last 14 days").arg(item->text()));
    });
    connect(p.confusion, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        models::QueueFilter f;
        f.agentPriorityMask = quint8(1u << row);
        f.suggestedMask = quint8(1u << column);
        if (m_stats && !m_stats->agreementByDay.empty())
            f.createdFrom = m_stats->agreementByDay.front().dayStart; // the matrix counts these days' tickets
        Q_EMIT openQueue(f, tr("Agents said P%1, the engine P%2").arg(row).arg(column));
    });
}

void OverviewTab::showStats(std::shared_ptr<const models::OverviewStats> stats)
{
    if (!stats)
        return;
    m_stats = std::move(stats);
    const models::OverviewStats &s = *m_stats;
    m_parts->updated->setText(tr("%1 tickets · from %2 · computed %3 in %4 ms · updates as the queue changes")
                                  .arg(QLocale().toString(s.tickets), s.source.isEmpty() ? tr("the local store") : s.source,
                                       QDateTime::fromSecsSinceEpoch(s.now).toString(QStringLiteral("HH:mm:ss")),
                                       QLocale().toString(s.computeMs, 'f', 0)));
    fillKpis(s);
    fillBacklog(s);
    fillVolume(s);
    fillStaffing(s);
    fillMix(s);
    fillLoad(s);
    fillLists(s);
    fillQuality(s);
}

void OverviewTab::fillKpis(const models::OverviewStats &s)
{
    Parts &p = *m_parts;
    const QLocale l;
    qint64 urgent = 0;
    for (int st = 0; st < models::kTicketStatusCount; ++st)
        urgent += s.byPriorityStatus[0][std::size_t(st)] + s.byPriorityStatus[1][std::size_t(st)];
    p.kpiValue[0]->setText(l.toString(s.active));
    p.kpiDetail[0]->setText(tr("%1 of them P0/P1").arg(l.toString(urgent)));
    p.kpiValue[1]->setText(l.toString(s.breachedTotal));
    p.kpiValue[1]->setStyleSheet(s.breachedTotal ? QStringLiteral("color: %1;").arg(theme::slaBreached().name()) : QString());
    p.kpiDetail[1]->setText(tr("P0 %1 · P1 %2 · P2 %3 · P3 %4")
                                .arg(s.breachedByPriority[0])
                                .arg(s.breachedByPriority[1])
                                .arg(s.breachedByPriority[2])
                                .arg(s.breachedByPriority[3]));
    p.kpiValue[2]->setText(l.toString(s.atRiskTotal));
    p.kpiValue[2]->setStyleSheet(s.atRiskTotal ? QStringLiteral("color: %1;").arg(theme::slaAtRisk().name()) : QString());
    p.kpiDetail[2]->setText(tr("%1 paused · %2 on track").arg(l.toString(s.pausedTotal), l.toString(s.onTrackTotal)));
    // Each account once, however many of its tickets are on the list.
    double riskMrr = 0;
    QSet<quint32> accounts;
    for (const auto &g : s.guardian)
        if (g.account != 0 && !accounts.contains(g.account)) {
            accounts.insert(g.account);
            riskMrr += double(g.mrrCents) / 100.0;
        }
    p.kpiValue[3]->setText(l.toString(s.guardianTotal));
    p.kpiDetail[3]->setText(tr("tickets · %n account(s), %1 MRR", nullptr, int(accounts.size())).arg(money(riskMrr)));
    p.kpiValue[4]->setText(money(s.opportunityMrr));
    p.kpiDetail[4]->setText(tr("%1 open tickets with a signal").arg(l.toString(s.opportunityTotal)));
    p.kpiValue[5]->setText(s.compared ? percent(double(s.agreeing) / double(s.compared)) : QStringLiteral("–"));
    p.kpiDetail[5]->setText(s.compared ? tr("of %1 tickets the agents set").arg(l.toString(s.compared)) : tr("no agent priorities yet"));
    double next24 = 0;
    for (std::size_t h = 0; h < std::min<std::size_t>(24, s.forecast.perHour.size()); ++h)
        next24 += s.forecast.perHour[h];
    p.kpiValue[6]->setText(s.forecast.perHour.empty() ? QStringLiteral("–") : l.toString(next24, 'f', 0));
    p.kpiDetail[6]->setText(s.forecast.backtestMape >= 0
                                ? tr("tickets · backtest MAPE %1 %").arg(l.toString(s.forecast.backtestMape, 'f', 1))
                                : tr("tickets · too little history for a backtest"));
}

void OverviewTab::fillBacklog(const models::OverviewStats &s)
{
    QChart *chart = m_parts->backlog;
    clearChart(chart);
    auto *series = new QHorizontalStackedBarSeries;
    const models::TicketStatus statuses[] = {models::TicketStatus::New, models::TicketStatus::Open, models::TicketStatus::Pending,
                                             models::TicketStatus::Hold};
    // Statuses in shades of one hue: the priorities' colours are for priorities.
    const QColor colors[] = {QColor(0x7f, 0xa7, 0xe8), QColor(0x2f, 0x5f, 0xb3), QColor(0xb4, 0xbc, 0xc6), QColor(0x6b, 0x76, 0x82)};
    qint64 top = 0;
    std::array<qint64, models::kPriorityRows> totals{};
    for (int i = 0; i < 4; ++i) {
        auto *set = new QBarSet(models::statusLabel(statuses[i]));
        set->setColor(colors[i]);
        set->setBorderColor(colors[i]);
        for (int pr = 0; pr < models::kPriorityRows; ++pr) {
            const qint64 n = s.byPriorityStatus[std::size_t(pr)][std::size_t(statuses[i])];
            *set << double(n);
            totals[std::size_t(pr)] += n;
        }
        series->append(set);
        const models::TicketStatus status = statuses[i];
        connect(set, &QBarSet::clicked, this, [this, status](int index) {
            models::QueueFilter f;
            f.priorityMask = quint8(1u << index);
            f.statusMask = quint8(1u << int(status));
            Q_EMIT openQueue(f, tr("%1 tickets, %2").arg(models::statusLabel(status), QString::fromLatin1(kPriorityNames[index])));
        });
    }
    for (qint64 t : totals)
        top = std::max(top, t);
    chart->addSeries(series);
    QStringList cats;
    for (int pr = 0; pr < models::kPriorityRows; ++pr)
        cats << QStringLiteral("%1 (%2)").arg(QString::fromLatin1(kPriorityNames[pr])).arg(totals[std::size_t(pr)]);
    categoryAxis(chart, series, cats, Qt::AlignLeft, true);
    valueAxis(chart, {series}, Qt::AlignBottom, double(std::max<qint64>(1, top)) * 1.05, QStringLiteral("%d"));
}

void OverviewTab::fillVolume(const models::OverviewStats &s)
{
    QChart *chart = m_parts->volume;
    clearChart(chart);
    auto *created = new QLineSeries;
    created->setName(tr("Created"));
    auto *solved = new QLineSeries;
    solved->setName(tr("Solved"));
    auto *forecast = new QLineSeries;
    forecast->setName(tr("Forecast"));
    double top = 1;
    for (std::size_t h = 0; h < s.createdPerHour.size(); ++h) {
        const double at = double(s.hourStart + qint64(h) * 3600) * 1000.0;
        created->append(at, s.createdPerHour[h]);
        if (h < s.solvedPerHour.size())
            solved->append(at, s.solvedPerHour[h]);
        top = std::max(top, double(s.createdPerHour[h]));
    }
    for (std::size_t h = 0; h < s.forecast.perHour.size(); ++h) {
        forecast->append(double(s.forecast.startAt + qint64(h) * 3600) * 1000.0, s.forecast.perHour[h]);
        top = std::max(top, s.forecast.perHour[h]);
    }
    created->setColor(theme::priorityColor(2));
    solved->setColor(theme::success());
    QPen dashed(theme::priorityColor(1));
    dashed.setStyle(Qt::DashLine);
    dashed.setWidthF(2);
    forecast->setPen(dashed);
    for (QLineSeries *line : {created, solved, forecast})
        chart->addSeries(line);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("ddd d"));
    x->setTickCount(9);
    const qint64 end = s.forecast.perHour.empty() ? s.hourStart + qint64(s.createdPerHour.size()) * 3600
                                                  : s.forecast.startAt + qint64(s.forecast.perHour.size()) * 3600;
    x->setRange(QDateTime::fromSecsSinceEpoch(s.hourStart), QDateTime::fromSecsSinceEpoch(end));
    chart->addAxis(x, Qt::AlignBottom);
    for (QLineSeries *line : {created, solved, forecast})
        line->attachAxis(x);
    valueAxis(chart, {created, solved, forecast}, Qt::AlignLeft, std::ceil(top * 1.1), QStringLiteral("%d"));
    // A point on the created line opens that hour's tickets.
    connect(created, &QLineSeries::clicked, this, [this](const QPointF &point) {
        const qint64 hour = qint64(point.x() / 1000.0) / 3600 * 3600;
        models::QueueFilter f;
        f.createdFrom = hour;
        f.createdTo = hour + 3600;
        Q_EMIT openQueue(f, tr("Created %1").arg(QDateTime::fromSecsSinceEpoch(hour).toString(QStringLiteral("ddd d MMM HH:00"))));
    });
}

void OverviewTab::fillStaffing(const models::OverviewStats &s)
{
    QChart *chart = m_parts->staffing;
    clearChart(chart);
    auto *needed = new QLineSeries;
    needed->setName(tr("Needed"));
    auto *onShift = new QLineSeries;
    onShift->setName(tr("On shift now (%1)").arg(s.agentsOnShift));
    int top = std::max(1, s.agentsOnShift);
    for (std::size_t h = 0; h < s.forecast.agentsNeeded.size(); ++h) {
        const double from = double(s.forecast.startAt + qint64(h) * 3600) * 1000.0;
        const int n = s.forecast.agentsNeeded[h];
        needed->append(from, n); // steps: level over the hour
        needed->append(from + 3599000.0, n);
        onShift->append(from, s.agentsOnShift);
        onShift->append(from + 3599000.0, s.agentsOnShift);
        top = std::max(top, n);
    }
    needed->setColor(theme::priorityColor(1));
    QPen shift(theme::muted());
    shift.setStyle(Qt::DotLine);
    shift.setWidthF(2);
    onShift->setPen(shift);
    chart->addSeries(needed);
    chart->addSeries(onShift);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("ddd HH"));
    x->setTickCount(7);
    if (!s.forecast.agentsNeeded.empty())
        x->setRange(QDateTime::fromSecsSinceEpoch(s.forecast.startAt),
                    QDateTime::fromSecsSinceEpoch(s.forecast.startAt + qint64(s.forecast.agentsNeeded.size()) * 3600));
    chart->addAxis(x, Qt::AlignBottom);
    needed->attachAxis(x);
    onShift->attachAxis(x);
    valueAxis(chart, {needed, onShift}, Qt::AlignLeft, top + 1, QStringLiteral("%d"));
    const QLocale l;
    QStringList peaks;
    for (int i : s.forecast.peakHours)
        if (i >= 0 && std::size_t(i) < s.forecast.perHour.size())
            peaks << tr("%1 (%2/h)")
                         .arg(QDateTime::fromSecsSinceEpoch(s.forecast.startAt + qint64(i) * 3600).toString(QStringLiteral("ddd HH:00")),
                              l.toString(s.forecast.perHour[std::size_t(i)], 'f', 0));
    const int maxNeeded =
        s.forecast.agentsNeeded.empty() ? 0 : *std::max_element(s.forecast.agentsNeeded.begin(), s.forecast.agentsNeeded.end());
    m_parts->forecastNote->setText(
        tr("Peaks: %1. At most %2 agents needed to answer %3 within %4 (handling time %5 min, %6; %7 agents on shift, %8). "
           "Forecast: hour-of-week seasonality with trend, backtest MAPE %9 over the last 7 days.")
            .arg(peaks.isEmpty() ? tr("none") : peaks.join(QStringLiteral(", ")))
            .arg(maxNeeded)
            .arg(percent(s.serviceLevelTarget), models::formatDuration(s.answerTargetSecs), l.toString(s.handlingSecs / 60.0, 'f', 1),
                 s.handlingMeasured ? tr("measured") : tr("the default"))
            .arg(s.agentsOnShift)
            .arg(s.agentsMeasured ? tr("counted from recent assignments") : tr("as configured"),
                 s.forecast.backtestMape >= 0 ? QStringLiteral("%1 %").arg(l.toString(s.forecast.backtestMape, 'f', 1)) : tr("n/a")));
}

void OverviewTab::fillMix(const models::OverviewStats &s)
{
    QChart *chart = m_parts->mix;
    clearChart(chart);
    auto *series = new QBarSeries;
    auto *now = new QBarSet(tr("Open tickets now"));
    now->setColor(theme::priorityColor(2));
    auto *low = new QBarSet(tr("Target from"));
    low->setColor(theme::muted().lighter(150));
    auto *high = new QBarSet(tr("Target to"));
    high->setColor(theme::muted());
    QStringList cats;
    double top = 10;
    for (int pr = 0; pr < triage::kPriorityCount; ++pr) {
        *now << s.mixPercent[std::size_t(pr)];
        *low << s.mixTarget[std::size_t(pr)].first;
        *high << s.mixTarget[std::size_t(pr)].second;
        top = std::max({top, s.mixPercent[std::size_t(pr)], s.mixTarget[std::size_t(pr)].second});
        const bool inside = s.mixPercent[std::size_t(pr)] >= s.mixTarget[std::size_t(pr)].first - 0.5 &&
                            s.mixPercent[std::size_t(pr)] <= s.mixTarget[std::size_t(pr)].second + 0.5;
        cats << QStringLiteral("P%1 %2").arg(pr).arg(inside ? QStringLiteral("✓") : QStringLiteral("!"));
    }
    series->append(now);
    series->append(low);
    series->append(high);
    chart->addSeries(series);
    categoryAxis(chart, series, cats, Qt::AlignBottom, false);
    valueAxis(chart, {series}, Qt::AlignLeft, std::ceil(top * 1.1), QStringLiteral("%d %%"));
    connect(series, &QBarSeries::clicked, this, [this](int index, QBarSet *) {
        models::QueueFilter f;
        f.priorityMask = quint8(1u << index);
        f.statusMask = activeMask();
        Q_EMIT openQueue(f, tr("Open P%1 tickets").arg(index));
    });
}

void OverviewTab::fillLoad(const models::OverviewStats &s)
{
    QChart *chart = m_parts->teams;
    clearChart(chart);
    auto *series = new QHorizontalStackedBarSeries;
    QBarSet *byPriority[models::kPriorityRows];
    for (int pr = 0; pr < models::kPriorityRows; ++pr) {
        byPriority[pr] = new QBarSet(QString::fromLatin1(kPriorityNames[pr]));
        const QColor c = pr < triage::kPriorityCount ? theme::priorityColor(pr) : theme::muted();
        byPriority[pr]->setColor(c);
        byPriority[pr]->setBorderColor(c);
    }
    QStringList cats;
    auto names = std::make_shared<QStringList>();
    qint64 top = 1;
    const int teams = std::min<int>(kTopTeams, int(s.teams.size()));
    for (int i = 0; i < teams; ++i) {
        const models::LoadEntry &e = s.teams[std::size_t(i)];
        const QString name = e.key == 0 || e.name.isEmpty() ? tr("No team") : e.name;
        cats << QStringLiteral("%1 (%2)").arg(name).arg(e.active);
        *names << (e.key == 0 ? QString() : e.name);
        for (int pr = 0; pr < models::kPriorityRows; ++pr)
            *byPriority[pr] << double(e.byPriority[std::size_t(pr)]);
        top = std::max(top, e.active);
    }
    for (QBarSet *set : byPriority)
        series->append(set);
    chart->addSeries(series);
    categoryAxis(chart, series, cats, Qt::AlignLeft, true);
    valueAxis(chart, {series}, Qt::AlignBottom, double(top) * 1.05, QStringLiteral("%d"));
    connect(series, &QHorizontalStackedBarSeries::clicked, this, [this, names, series](int index, QBarSet *set) {
        if (index < 0 || index >= names->size())
            return;
        models::QueueFilter f;
        f.statusMask = activeMask();
        const QString team = names->at(index);
        if (!team.isEmpty())
            f.teams = {team};
        if (const auto pr = series->barSets().indexOf(set); pr >= 0)
            f.priorityMask = quint8(1u << pr);
        Q_EMIT openQueue(f, tr("Open tickets of %1").arg(team.isEmpty() ? tr("no team") : team));
    });

    QTableWidget *t = m_parts->agents;
    t->setRowCount(0);
    const QLocale l;
    for (const models::LoadEntry &e : s.agents) {
        if (t->rowCount() >= 50)
            break;
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, cell(e.key == 0 ? tr("Unassigned") : e.name, e.key == 0 ? QVariant(0) : QVariant(e.id)));
        t->setItem(r, 1, number(l.toString(e.active)));
        t->setItem(r, 2, number(l.toString(e.byPriority[0] + e.byPriority[1])));
        auto *b = number(l.toString(e.breached));
        if (e.breached)
            b->setForeground(theme::slaBreached());
        t->setItem(r, 3, b);
    }
}

void OverviewTab::fillLists(const models::OverviewStats &s)
{
    const QLocale l;
    QTableWidget *t = m_parts->sla;
    t->setRowCount(0);
    const auto addSla = [&](const models::SlaEntry &e, bool breached) {
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, cell(QStringLiteral("#%1").arg(e.ticketId), e.ticketId));
        auto *p = cell(QStringLiteral("P%1").arg(e.priority));
        p->setForeground(theme::priorityColor(e.priority));
        t->setItem(r, 1, p);
        t->setItem(r, 2, cell(e.firstResponse ? tr("first reply") : tr("resolution")));
        auto *left =
            number(breached ? tr("%1 over").arg(models::formatDuration(-e.remainingSecs)) : models::formatDuration(e.remainingSecs));
        left->setForeground(breached ? theme::slaBreached() : theme::slaAtRisk());
        t->setItem(r, 3, left);
        t->setItem(r, 4, cell(QDateTime::fromSecsSinceEpoch(e.dueAt).toString(QStringLiteral("ddd HH:mm"))));
    };
    for (const auto &e : s.breached)
        addSla(e, true);
    for (const auto &e : s.atRisk)
        addSla(e, false);

    t = m_parts->guardian;
    t->setRowCount(0);
    const QString levels[] = {QString(), tr("watch"), tr("alert"), tr("critical")};
    for (const auto &g : s.guardian) {
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, cell(g.accountName.isEmpty() ? tr("(no account)") : g.accountName, g.ticketId));
        auto *level = cell(levels[std::min<int>(g.level, 3)]);
        level->setForeground(theme::guardianColor(g.level));
        t->setItem(r, 1, level);
        t->setItem(r, 2, number(QString::number(g.score)));
        t->setItem(r, 3, number(money(double(g.mrrCents) / 100.0)));
        t->setItem(r, 4, cell(QStringLiteral("#%1").arg(g.ticketId)));
    }
    t = m_parts->opportunity;
    t->setRowCount(0);
    for (const auto &o : s.opportunity) {
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, cell(o.accountName.isEmpty() ? tr("(no account)") : o.accountName, o.ticketId));
        t->setItem(r, 1, number(QString::number(o.score)));
        t->setItem(r, 2, number(money(double(o.mrrCents) / 100.0)));
        t->setItem(r, 3, cell(QStringLiteral("#%1").arg(o.ticketId)));
    }
}

void OverviewTab::fillQuality(const models::OverviewStats &s)
{
    const QLocale l;
    QChart *chart = m_parts->agreement;
    clearChart(chart);
    auto *line = new QLineSeries;
    line->setName(tr("Agreement %"));
    line->setPointsVisible(true);
    line->setColor(theme::priorityColor(2));
    for (const auto &d : s.agreementByDay)
        if (d.compared > 0)
            line->append(double(d.dayStart) * 1000.0 + 43200000.0, 100.0 * double(d.agreeing) / double(d.compared));
    chart->addSeries(line);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("d MMM"));
    x->setTickCount(8);
    if (!s.agreementByDay.empty())
        x->setRange(QDateTime::fromSecsSinceEpoch(s.agreementByDay.front().dayStart),
                    QDateTime::fromSecsSinceEpoch(s.agreementByDay.back().dayStart + 86400));
    chart->addAxis(x, Qt::AlignBottom);
    line->attachAxis(x);
    valueAxis(chart, {line}, Qt::AlignLeft, 100, QStringLiteral("%d %%"));
    connect(line, &QLineSeries::clicked, this, [this](const QPointF &point) {
        const qint64 day = qint64(point.x() / 1000.0) / 86400 * 86400;
        models::QueueFilter f;
        f.createdFrom = day;
        f.createdTo = day + 86400;
        Q_EMIT openQueue(f, tr("Created on %1").arg(QDateTime::fromSecsSinceEpoch(day, Qt::UTC).toString(QStringLiteral("d MMM"))));
    });

    QTableWidget *t = m_parts->confusion;
    t->setRowCount(triage::kPriorityCount);
    t->setVerticalHeaderLabels({tr("agent P0"), tr("agent P1"), tr("agent P2"), tr("agent P3")});
    qint64 biggest = 1;
    for (const auto &row : s.confusion)
        for (qint64 n : row)
            biggest = std::max(biggest, n);
    for (int a = 0; a < triage::kPriorityCount; ++a)
        for (int g = 0; g < triage::kPriorityCount; ++g) {
            const qint64 n = s.confusion[std::size_t(a)][std::size_t(g)];
            auto *item = number(l.toString(n));
            QColor shade = a == g ? theme::success() : theme::slaAtRisk();
            shade.setAlphaF(0.12 + 0.6 * double(n) / double(biggest));
            item->setBackground(shade);
            item->setTextAlignment(Qt::AlignCenter);
            t->setItem(a, g, item);
        }
    const qint64 total = s.drafts.total();
    m_parts->qualityNote->setText(
        tr("Priority agreement %1 of %2 · team %3 of %4 · drafts used as drafted %5, edited %6, discarded %7. Double-click a cell to see "
           "its tickets.")
            .arg(s.compared ? percent(double(s.agreeing) / double(s.compared)) : QStringLiteral("–"), l.toString(s.compared),
                 s.teamCompared ? percent(double(s.teamAgreeing) / double(s.teamCompared)) : QStringLiteral("–"),
                 l.toString(s.teamCompared), total ? percent(double(s.drafts.unchanged) / double(total)) : QStringLiteral("–"),
                 total ? percent(double(s.drafts.edited) / double(total)) : QStringLiteral("–"),
                 total ? percent(double(s.drafts.discarded) / double(total)) : QStringLiteral("–")));

    t = m_parts->teamAccuracy;
    t->setRowCount(0);
    for (const auto &a : s.teamAccuracy) {
        if (a.compared == 0)
            continue;
        const int r = t->rowCount();
        t->insertRow(r);
        t->setItem(r, 0, cell(a.name));
        t->setItem(r, 1, number(percent(double(a.agreeing) / double(a.compared))));
        t->setItem(r, 2, number(l.toString(a.compared)));
    }

    chart = m_parts->drafts;
    clearChart(chart);
    auto *pie = new QPieSeries;
    pie->setHoleSize(0.45);
    const std::pair<QString, qint64> parts[] = {
        {tr("As drafted"), s.drafts.unchanged}, {tr("Edited"), s.drafts.edited}, {tr("Discarded"), s.drafts.discarded}};
    const QColor colors[] = {theme::success(), theme::attention(), theme::muted()};
    const std::vector<qint64> *ids[] = {&s.drafts.unchangedIds, &s.drafts.editedIds, &s.drafts.discardedIds};
    for (int i = 0; i < 3; ++i) {
        QPieSlice *slice = pie->append(QStringLiteral("%1 %2").arg(parts[i].first).arg(parts[i].second), double(parts[i].second));
        slice->setColor(colors[i]);
        // A slice opens its tickets (those still in the queue).
        const QList<qint64> tickets(ids[i]->begin(), ids[i]->end());
        const QString what = tr("Drafts %1").arg(parts[i].first.toLower());
        connect(slice, &QPieSlice::clicked, this, [this, tickets, what] {
            if (tickets.isEmpty())
                return;
            models::QueueFilter f;
            f.ticketIds = tickets;
            Q_EMIT openQueue(f, what);
        });
    }
    if (total == 0)
        chart->setTitle(tr("Drafted replies: none decided yet"));
    else
        chart->setTitle(tr("Drafted replies (%1, 14 days)").arg(l.toString(total)));
    chart->addSeries(pie);
    chart->legend()->setAlignment(Qt::AlignRight);
}

QImage OverviewTab::render() const
{
    QWidget *content = m_parts->content;
    const QSize size = content->sizeHint().expandedTo(content->size());
    QImage image(size * 1, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().window().color());
    QPainter painter(&image);
    content->render(&painter);
    return image;
}

bool OverviewTab::exportPng(const QString &path, QString *error) const
{
    const QImage image = render();
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("Could not write %1.").arg(path);
        return false;
    }
    return true;
}

bool OverviewTab::exportPdf(const QString &path, QString *error) const
{
    QPdfWriter pdf(path);
    pdf.setPageOrientation(QPageLayout::Landscape);
    pdf.setPageSize(QPageSize(QPageSize::A3));
    pdf.setTitle(tr("CosmicDesk — supervisor overview"));
    pdf.setCreator(QStringLiteral("CosmicDesk"));
    QPainter painter;
    if (!painter.begin(&pdf)) {
        if (error)
            *error = tr("Could not write %1.").arg(path);
        return false;
    }
    // Vector output: the widgets paint straight into the PDF, scaled to the page.
    QWidget *content = m_parts->content;
    const QRect page = painter.viewport();
    const double scale = std::min(double(page.width()) / content->width(), double(page.height()) / content->height());
    painter.scale(scale, scale);
    content->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    return true;
}

void OverviewTab::exportAsked(bool pdf)
{
    const QString path = QFileDialog::getSaveFileName(this, pdf ? tr("Export the overview as PDF") : tr("Export the overview as PNG"),
                                                      pdf ? QStringLiteral("overview.pdf") : QStringLiteral("overview.png"),
                                                      pdf ? tr("PDF (*.pdf)") : tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!(pdf ? exportPdf(path, &error) : exportPng(path, &error)))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace cosmicdesk::ui
