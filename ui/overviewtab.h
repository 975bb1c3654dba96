#pragma once

#include <models/queuefilter.h>

#include <QString>
#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QGridLayout;
class QLabel;
class QScrollArea;
class QTableWidget;

namespace cosmicdesk::models {
struct OverviewStats;
}
namespace cosmicdesk::services {
class OverviewService;
}

namespace cosmicdesk::ui {

// The supervisor's overview (docs/overview.md): the queue's health at a glance — backlog, SLA,
// load, Guardian and Opportunity, volume with its 72-hour forecast and the agents each hour needs,
// and how the triage engine agrees with the agents. Live: it shows each new computation of the
// OverviewService. Bars, slices and rows open the queue filtered to their tickets (or the ticket).
class OverviewTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewTab)

public:
    explicit OverviewTab(services::OverviewService *service, QWidget *parent = nullptr);
    ~OverviewTab() override;

    void showStats(std::shared_ptr<const models::OverviewStats> stats);
    const models::OverviewStats *stats() const { return m_stats.get(); }

    // The whole overview (not only what the scroll area shows) as an image or a one-page PDF.
    QImage render() const;
    bool exportPng(const QString &path, QString *error) const;
    bool exportPdf(const QString &path, QString *error) const;

Q_SIGNALS:
    void openQueue(const cosmicdesk::models::QueueFilter &filter, const QString &what);
    void openTicket(qint64 ticketId);

private:
    struct Parts;
    void build();
    void exportAsked(bool pdf);
    void fillKpis(const models::OverviewStats &s);
    void fillBacklog(const models::OverviewStats &s);
    void fillVolume(const models::OverviewStats &s);
    void fillStaffing(const models::OverviewStats &s);
    void fillMix(const models::OverviewStats &s);
    void fillLoad(const models::OverviewStats &s);
    void fillLists(const models::OverviewStats &s);
    void fillQuality(const models::OverviewStats &s);

    services::OverviewService *m_service;
    std::shared_ptr<const models::OverviewStats> m_stats;
    std::unique_ptr<Parts> m_parts;
};

} // namespace cosmicdesk::ui
