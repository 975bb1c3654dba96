#pragma once

#include <models/alertstore.h>
#include <models/lakestore.h>
#include <models/result.h>

#include <QColor>
#include <QDialog>
#include <QPointer>
#include <QString>

#include <map>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace cosmicdesk::services {
class AlertService;
class LakeService;
class OutboxWorker;
struct DestinationStatus;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// The automation at work (Views → Automation…): the Guardian and Opportunity alerts sent (or held
// back, and why), how far each data-lake destination is loaded and how its delivery stands (with
// Pause / Resume per destination, the alert channels too), and the records that could not be
// loaded, exportable as CSV. Everything is read through the services' asynchronous calls and
// refreshed every 2 s while shown. Any service may be missing: its tab says what is not set up.
class AutomationDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AutomationDialog)

public:
    AutomationDialog(services::AlertService *alerts, services::LakeService *lake, services::OutboxWorker *outbox,
                     QWidget *parent = nullptr);

    static constexpr int kAlertLimit = 500;
    static constexpr int kFailureLimit = 1000;
    static constexpr int kRefreshMs = 2000;

    enum Tab { AlertsTab, LakeTab, FailuresTab };
    void showTab(Tab tab);
    void refresh();
    // While shown, refresh() runs this often (kRefreshMs unless a test says otherwise).
    void setRefreshInterval(int ms);

    // What is shown (tests and the screenshot).
    const std::vector<models::Alert> &alerts() const { return m_alerts; }
    const std::vector<models::LakeFailure> &failures() const { return m_failures; }
    // The destinations of the data-lake tab, in their rows' order.
    QStringList lakeRows() const { return m_lakeRows; }
    void selectAlert(qint64 alertId);
    qint64 selectedAlert() const;

    // The shown failed rows, a header first. False with the reason when the file cannot be written.
    models::Result<void> exportFailuresCsv(const QString &path) const;

    // Presenters, pure.
    // "Sent", "Waiting to send", "Failed: <reason>", "Suppressed: <reason>".
    static QString alertStateText(const models::Alert &alert);
    static QColor alertStateColour(const models::Alert &alert);
    // "Guardian · Critical", "Opportunity · Signal".
    static QString alertKindText(const models::Alert &alert);
    static QColor alertKindColour(const models::Alert &alert);
    static QString alertChannelText(const QString &channel); // "E-mail", "Slack"
    // "RDS", "Snowflake", "SendGrid (alert e-mails)", "Slack (alerts)".
    static QString destinationText(const QString &destination);
    // The destination of a failed row: "Validation" when none was tried.
    static QString failureDestinationText(const QString &destination);
    // "just now", "40 s ago", "2 min ago", "3 h ago", a date; "never" for 0. Seconds.
    static QString agoText(qint64 at, qint64 now);
    // How delivery to a destination stands: "Up to date", "Sending", "Failing since 14:02",
    // "Paused", "Paused: <reason>", "Up to date · 1 failed for good" (dead letters); without a running worker "Not sending: delivery is not
    // running"; status null when the worker does not know the destination. nowMs for the clock.
    static QString lakeStateText(const services::DestinationStatus *status, bool workerRunning, qint64 nowMs);
    static QColor lakeStateColour(const services::DestinationStatus *status, bool workerRunning);

Q_SIGNALS:
    // Every part asked for by refresh() has answered.
    void refreshed();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildAlertsTab();
    QWidget *buildLakeTab();
    QWidget *buildFailuresTab();
    void showAlerts();
    void showAlertDetail();
    void showLake();
    void showFailures();
    void pauseClicked(const QString &destination);
    void exportAsked();
    bool workerRunning() const;

    QPointer<services::AlertService> m_alertService;
    QPointer<services::LakeService> m_lakeService;
    QPointer<services::OutboxWorker> m_outbox;

    QTabWidget *m_tabs = nullptr;
    QStackedWidget *m_alertPages = nullptr;
    QLabel *m_alertsEmpty = nullptr;
    QTableWidget *m_alertsTable = nullptr;
    QLabel *m_alertSubject = nullptr;
    QPlainTextEdit *m_alertBody = nullptr;
    QLabel *m_alertsStatus = nullptr;
    QLabel *m_lakeNote = nullptr;
    QTableWidget *m_lakeTable = nullptr;
    QLabel *m_failuresNote = nullptr;
    QTableWidget *m_failuresTable = nullptr;
    QPushButton *m_export = nullptr;
    QTimer *m_timer = nullptr;
    QTimer *m_soon = nullptr;

    std::vector<models::Alert> m_alerts;
    std::map<QString, models::LakeCounts> m_counts;
    bool m_countsRead = false;
    std::vector<models::LakeFailure> m_failures;
    QStringList m_lakeRows;
    std::map<QString, QPushButton *> m_pauseButtons;
    int m_pending = 0;
};

} // namespace cosmicdesk::ui
