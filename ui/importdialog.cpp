#include "importdialog.h"

#include <models/ticketimporter.h>
#include <services/reviewimport.h>
#include <services/settingsstore.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

namespace {

const QString kHeaderSeparator = QStringLiteral("\x1f");

// The fields the seed format names itself: a header with them needs no map.
bool isSeedFormat(const QStringList &header)
{
    return header.contains(QLatin1String("subject")) || header.contains(QLatin1String("description"));
}

QString defaultTarget(const QString &exportPath)
{
    const QFileInfo info(exportPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".review.cosmicdesk"));
}

} // namespace

ImportDialog::ImportDialog(services::SettingsStore *settings, QString profilePath, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_profilePath(std::move(profilePath)), m_file(new QLineEdit(this)),
      m_target(new QLineEdit(this)), m_policy(new QComboBox(this)), m_mapBox(new QGroupBox(tr("Columns"), this)),
      m_mapForm(new QFormLayout), m_message(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_import(new QPushButton(tr("&Import"), this)), m_cancel(new QPushButton(tr("Cancel import"), this)),
      m_open(new QPushButton(tr("&Open the review"), this))
{
    setWindowTitle(tr("Open an export for review"));
    setObjectName(QStringLiteral("importDialog"));
    m_file->setObjectName(QStringLiteral("exportFile"));
    m_target->setObjectName(QStringLiteral("reviewTarget"));
    m_message->setObjectName(QStringLiteral("importMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_policy->addItem(tr("Stop at the first malformed row, naming its line"));
    m_policy->addItem(tr("Skip malformed rows and report them"));
    auto *browseFile = new QPushButton(tr("Browse…"), this);
    auto *browseTarget = new QPushButton(tr("Browse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browseFile);
    auto *targetRow = new QHBoxLayout;
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(browseTarget);
    auto *form = new QFormLayout;
    form->addRow(tr("Export:"), fileRow);
    form->addRow(tr("Review workspace:"), targetRow);
    form->addRow(tr("Malformed rows:"), m_policy);
    m_mapBox->setLayout(m_mapForm);
    m_mapBox->hide();
    m_progress->hide();
    m_cancel->hide();
    m_open->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_import, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_open, QDialogButtonBox::AcceptRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_mapBox);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(browseFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an export"), QFileInfo(m_file->text()).path(),
                                                          tr("Ticket exports (*.csv *.json *.ndjson *.jsonl);;All files (*)"));
        if (!path.isEmpty())
            setExport(path);
    });
    connect(browseTarget, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Review workspace"), m_target->text(), tr("CosmicDesk workspaces (*.cosmicdesk)"));
        if (!path.isEmpty())
            setTarget(path);
    });
    connect(m_file, &QLineEdit::editingFinished, this, &ImportDialog::readHeader);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        Q_EMIT openReview(m_done);
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, sizeHint().height());
}

ImportDialog::~ImportDialog()
{
    if (m_job)
        m_job->cancel(); // nothing half imported stays
}

void ImportDialog::setExport(const QString &path)
{
    m_file->setText(path);
    if (m_target->text().isEmpty() || m_target->property("derived").toBool()) {
        m_target->setText(defaultTarget(path));
        m_target->setProperty("derived", true);
    }
    readHeader();
}

void ImportDialog::setTarget(const QString &path)
{
    m_target->setText(path);
    m_target->setProperty("derived", false);
}

void ImportDialog::setSkipMalformed(bool skip)
{
    m_policy->setCurrentIndex(skip ? 1 : 0);
}

bool ImportDialog::mapColumn(const QString &field, const QString &column)
{
    for (auto &[f, combo] : m_map)
        if (f == field) {
            const int index = column.isEmpty() ? 0 : combo->findText(column.trimmed().toLower());
            if (index < 0)
                return false;
            combo->setCurrentIndex(index);
            return true;
        }
    return false;
}

void ImportDialog::readHeader()
{
    // Only a CSV has a header to map; JSON exports name Zendesk's fields.
    while (m_mapForm->rowCount() > 0)
        m_mapForm->removeRow(0);
    m_map.clear();
    m_header.clear();
    m_mapBox->hide();
    const QString path = m_file->text().trimmed();
    if (path.isEmpty() || !QFileInfo(path).isFile())
        return;
    auto header = models::TicketImporter::csvHeader(path);
    if (!header.ok())
        return; // JSON, or unreadable: the import says which
    m_header = header.value();
    if (isSeedFormat(m_header))
        return;
    const services::SettingsStore::ColumnMap remembered =
        m_settings ? m_settings->columnMap(m_header.join(kHeaderSeparator)) : services::SettingsStore::ColumnMap{};
    for (const QString &field : models::TicketImporter::knownFields()) {
        auto *combo = new QComboBox(m_mapBox);
        combo->setObjectName(QStringLiteral("map_%1").arg(field));
        combo->addItem(tr("(none)"));
        combo->addItems(m_header);
        QString chosen = m_header.contains(field) ? field : QString();
        for (const auto &[f, column] : remembered)
            if (f == field)
                chosen = column;
        if (const int index = combo->findText(chosen); !chosen.isEmpty() && index > 0)
            combo->setCurrentIndex(index);
        m_mapForm->addRow(field, combo);
        m_map.emplace_back(field, combo);
    }
    m_message->setText(tr("This CSV is not in the seed format. Say which of its columns holds what; the map is remembered for "
                          "files with this header."));
    m_mapBox->show();
}

void ImportDialog::startImport()
{
    if (m_job)
        return;
    const QString file = m_file->text().trimmed(), target = m_target->text().trimmed();
    if (file.isEmpty() || target.isEmpty()) {
        m_message->setText(tr("Choose the export and the review workspace to write."));
        return;
    }
    services::ReviewImportOptions options;
    options.import.skipMalformed = m_policy->currentIndex() == 1;
    services::SettingsStore::ColumnMap map;
    QStringList used;
    for (const auto &[field, combo] : m_map) {
        if (combo->currentIndex() <= 0)
            continue;
        const QString column = combo->currentText();
        if (used.contains(column)) {
            m_message->setText(tr("The column \"%1\" is chosen for two fields; choose one for each.").arg(column));
            return;
        }
        used << column;
        map.emplace_back(field, column);
    }
    if (!m_map.empty()) {
        const bool hasText = std::any_of(map.begin(), map.end(), [](const auto &p) {
            return p.first == QLatin1String("subject") || p.first == QLatin1String("description");
        });
        if (!hasText) {
            m_message->setText(tr("Choose the column of the subject or of the description: without text there is nothing to triage."));
            return;
        }
        options.import.columnMap = map;
        if (m_settings)
            m_settings->saveColumnMap(m_header.join(kHeaderSeparator), map);
    }
    options.replace = QFileInfo::exists(target); // only ever a review workspace: importReview refuses the rest
    m_job = new services::ReviewImportJob(file, target, m_profilePath, options, this);
    connect(m_job, &services::ReviewImportJob::progress, this, [this](int percent, const QString &text) {
        m_progress->setRange(0, percent < 0 ? 0 : 100); // busy until the number of tickets is known
        if (percent >= 0)
            m_progress->setValue(percent);
        m_message->setText(text);
    });
    connect(m_job, &services::ReviewImportJob::finished, this, [this, target](const models::Result<services::ReviewImportSummary> &r) {
        m_job->deleteLater();
        m_job = nullptr;
        if (!r.ok()) {
            finish(false, r.error().message, {});
            return;
        }
        const auto &s = r.value().source;
        const QLocale locale;
        QString text = tr("Imported %1 tickets into %2 in %3 s.")
                           .arg(locale.toString(s.tickets), QFileInfo(target).fileName(), locale.toString(r.value().seconds, 'f', 1));
        if (const QString skipped = s.skippedText(); !skipped.isEmpty())
            text += QLatin1Char(' ') + tr("Skipped: %1.").arg(skipped);
        if (!s.skippedRows.isEmpty())
            text += QLatin1Char(' ') + tr("First malformed row: %1").arg(s.skippedRows.first());
        if (s.closed)
            text += QLatin1Char(' ') + tr("%1 closed tickets are read and judged, never updated.").arg(locale.toString(s.closed));
        finish(true, text, target);
    });
    m_import->setEnabled(false);
    m_cancel->show();
    m_open->hide();
    m_progress->setRange(0, 0);
    m_progress->show();
    m_message->setText(tr("Importing…"));
    m_job->start();
}

void ImportDialog::finish(bool ok, const QString &text, const QString &workspace)
{
    m_import->setEnabled(true);
    m_cancel->hide();
    m_progress->hide();
    m_message->setText(text);
    m_done = workspace;
    m_open->setVisible(ok);
    if (ok)
        Q_EMIT imported(workspace);
}

QString ImportDialog::message() const
{
    return m_message->text();
}

bool ImportDialog::isImporting() const
{
    return m_job != nullptr;
}

} // namespace cosmicdesk::ui
