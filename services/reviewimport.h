#pragma once

#include <models/result.h>
#include <models/reviewstore.h>
#include <models/ticketimporter.h>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace cosmicdesk::triage {
class Engine;
}

namespace cosmicdesk::services {

struct ReviewImportOptions
{
    models::ImportOptions import; // text columns, column map, malformed-row policy
    models::TicketImporter::Format format = models::TicketImporter::Format::Auto;
    QString engineIdentity; // what names the engine in stored suggestions (services::loadEngine)
    QString profileName;
    bool replace = false; // an existing review workspace at the target may be replaced
    std::size_t batchSize = 2000;
};

struct ReviewImportSummary
{
    models::ReviewSource source;
    QStringList warnings;
    QString workspace; // where it is now
    double seconds = 0;
    // Where the time went: the engine (wall time of its parallel runs) and the workspace's writes (the
    // first pass's on a thread of their own, overlapping the reading and judging).
    double engineSeconds = 0, storeSeconds = 0;
};

enum class ReviewImportPhase { Reading, Triaging, Finishing };

// Imports a ticket export into a new review workspace: every ticket the file holds (deleted ones
// skipped and counted, the newer copy of a duplicated id kept), the labels it carries, and the
// engine's suggestion for each, judged with the account's history within the file (ExportTriage, the
// rule `cosmicdesk triage` uses). The workspace is written beside the target as TARGET.partial and
// renamed over it only when complete, so a cancel, a malformed row under the stop policy, a failure or
// a crash leave any workspace at the target as it was and no half import. An existing target is
// replaced only with `replace` and only when it is a review workspace itself (never an account's).
// Runs on the caller's thread; progress(phase, done, total) — while reading, total is estimated from
// the share of the file read (0 while nothing is known).
// Memory is bounded by a batch plus a few bytes a ticket, whatever the file's size.
models::Result<ReviewImportSummary> importReview(const QString &file, const QString &target, const triage::Engine &engine,
                                                 const ReviewImportOptions &options,
                                                 const std::function<void(ReviewImportPhase, std::size_t, std::size_t)> &progress = {},
                                                 const std::atomic_bool *cancel = nullptr);

// The import as a job for a window: loads the engine of `profilePath` (empty: the built-in one) and
// imports on a worker thread, reports progress, can be cancelled (a cancelled import leaves nothing).
class ReviewImportJob final : public QObject
{
    Q_OBJECT

public:
    ReviewImportJob(QString file, QString target, QString profilePath, ReviewImportOptions options, QObject *parent = nullptr);
    ~ReviewImportJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // percent is -1 while the number of tickets is not known yet (reading).
    void progress(int percent, const QString &text);
    void finished(const cosmicdesk::models::Result<cosmicdesk::services::ReviewImportSummary> &result);

private:
    struct Shared;
    void report();

    QString m_file, m_target, m_profilePath;
    ReviewImportOptions m_options;
    std::shared_ptr<Shared> m_shared;
    QTimer m_poll;
    bool m_running = false;
};

} // namespace cosmicdesk::services
