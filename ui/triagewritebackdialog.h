#pragma once

#include <services/triagewriteback.h>

#include <QDialog>

class QLineEdit;
class QTableWidget;

namespace cosmicdesk::services {
class DirectoryService;
class SettingsStore;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// File → Triage write-back…: which Zendesk group each of the triage profile's teams is, and the
// ids of the custom fields for the Guardian risk and the Opportunity intent. A team left "not
// sent" keeps its decisions out of Zendesk (the triage panel says so); nothing is guessed.
class TriageWriteBackDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriageWriteBackDialog)

public:
    // teams: the profile's; groups from the directory (none: the ids already set are kept).
    TriageWriteBackDialog(services::SettingsStore &settings, const QStringList &teams, const services::DirectoryService *directory,
                          QWidget *parent = nullptr);

    services::TriageWriteBack chosen() const;

private:
    void save();

    services::SettingsStore &m_settings;
    QTableWidget *m_teams;
    QLineEdit *m_guardian;
    QLineEdit *m_opportunity;
};

} // namespace cosmicdesk::ui
