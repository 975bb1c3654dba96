#pragma once

#include <QDialog>
#include <QPointer>
#include <QStringList>

#include <vector>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace cosmicdesk::services {
class ReviewImportJob;
class SettingsStore;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// File → Open export…: an export (CSV, Zendesk JSON, NDJSON) into a new review workspace. A CSV
// whose header is not the seed format's gets a column map — each field the importer knows, the
// file's column that holds it — remembered for that header. The import runs as a job with a
// progress bar and Cancel; a cancelled or failed import leaves nothing. When it is done the dialog
// offers to open the review (openReview).
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)

public:
    // settings may be null (nothing is remembered); profilePath empty: the built-in profile.
    ImportDialog(services::SettingsStore *settings, QString profilePath, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // Chooses the export (as Browse… does), reading a CSV's header for the column map.
    void setExport(const QString &path);
    void setTarget(const QString &path);
    // Picks `column` for `field` in the column map ("" for none); false when either is unknown.
    bool mapColumn(const QString &field, const QString &column);
    void setSkipMalformed(bool skip);
    void startImport();
    QString message() const;
    bool isImporting() const;

Q_SIGNALS:
    void imported(const QString &workspace);
    void openReview(const QString &workspace);

private:
    void readHeader();
    void finish(bool ok, const QString &text, const QString &workspace);

    services::SettingsStore *m_settings;
    QString m_profilePath;
    QLineEdit *m_file;
    QLineEdit *m_target;
    QComboBox *m_policy;
    QGroupBox *m_mapBox;
    QFormLayout *m_mapForm;
    std::vector<std::pair<QString, QComboBox *>> m_map; // field → the column chosen for it
    QStringList m_header;
    QLabel *m_message;
    QProgressBar *m_progress;
    QPushButton *m_import;
    QPushButton *m_cancel;
    QPushButton *m_open;
    QPointer<services::ReviewImportJob> m_job;
    QString m_done; // the workspace imported last
};

} // namespace cosmicdesk::ui
