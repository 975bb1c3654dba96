#pragma once

#include <models/auditlog.h>
#include <models/result.h>

#include <QDialog>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace cosmicdesk::services {
class OutboxMonitor;
}

namespace cosmicdesk::ui {

// The audit log (View → Audit log…): every action of an agent or of the automation — who, what,
// which ticket, by which rule, when, how it ended — filtered by ticket, agent, action and time, and
// exported as CSV exactly as filtered.
class AuditDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditDialog)

public:
    explicit AuditDialog(services::OutboxMonitor *monitor, QWidget *parent = nullptr);

    static constexpr int kLimit = 5000;
    enum class Period { Hour, Day, Week, Month, All };

    // The filter as the controls say it; `now` in ms.
    models::AuditQuery query(qint64 nowMs) const;
    void setTicketFilter(qint64 ticketId);
    void setActorFilter(const QString &actor);
    void setActionFilter(const QString &action);
    void setPeriod(Period period);
    void reload();
    const std::vector<models::AuditEntry> &entries() const { return m_entries; }

    // The shown rows, a header first. False with the reason when the file cannot be written.
    models::Result<void> exportCsv(const QString &path) const;

Q_SIGNALS:
    void reloaded();

private:
    void showEntries(std::vector<models::AuditEntry> entries);
    void exportAsked();

    services::OutboxMonitor *m_monitor;
    QLineEdit *m_ticket;
    QComboBox *m_actor;
    QComboBox *m_action;
    QComboBox *m_period;
    QLabel *m_count;
    QTableWidget *m_table;
    QPushButton *m_export;
    std::vector<models::AuditEntry> m_entries;
    quint64 m_request = 0;
};

} // namespace cosmicdesk::ui
