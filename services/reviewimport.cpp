#include "reviewimport.h"

#include "batchtriage.h"
#include "triageloader.h"

#include <models/sqlconnection.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>
#include <triage/engine.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace cosmicdesk::services {

namespace {

using models::Error;

Error configError(const QString &message)
{
    return Error::make(Error::Kind::Config, message);
}

// Whether the file at `path` is a review workspace (read without changing it).
models::Result<bool> isReviewWorkspace(const QString &path)
{
    auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return conn.error();
    QSqlQuery q(conn.value().db());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'review.source'")) || !q.next())
        return false; // not a CosmicDesk workspace at all
    return q.value(0).toInt() > 0;
}

void removeDatabase(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

// The file's statuses as the workspace keeps them (unknown: open).
models::TicketStatus statusOf(const models::ImportedTicket &t)
{
    return models::parseStatus(QString::fromStdString(t.status)).value_or(models::TicketStatus::Open);
}

QString label(const models::ImportedTicket &t, const char *column)
{
    return QString::fromStdString(labelValue(t, column));
}

// What one batch of the export becomes in the workspace: ticket rows, their accounts (one per
// customer name, also its requester), the groups of teams not seen before, and the labels.
class BatchWriter
{
public:
    BatchWriter(models::TicketStore &store, const triage::Engine &engine, QStringList textColumns)
        : m_store(store), m_review(store.db()), m_columns(std::move(textColumns))
    {
        for (const auto &team : engine.profile().teams)
            groupOf(QString::fromStdString(team));
    }

    models::Result<void> write(const std::vector<models::ImportedTicket> &batch, std::size_t position)
    {
        models::StoreBatch out;
        std::vector<models::ReviewItem> items;
        items.reserve(batch.size());
        out.tickets.reserve(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const models::ImportedTicket &t = batch[i];
            models::Ticket ticket;
            ticket.id = static_cast<qint64>(position + i + 1);
            // What the engine read: with named text columns, those columns.
            const triage::TicketText text = ticketText(t, m_columns);
            ticket.subject = QString::fromStdString(text.subject);
            ticket.description = QString::fromStdString(text.body);
            ticket.status = statusOf(t);
            if (!t.labelIsDefault)
                ticket.priority = triage::parsePriority(t.actualPriority);
            ticket.channel = models::parseChannel(QString::fromStdString(t.channel));
            ticket.createdAt = t.createdAt;
            ticket.updatedAt = t.updatedAt ? t.updatedAt : t.createdAt;
            models::ReviewItem item;
            item.ticketId = ticket.id;
            item.sourceId = t.positionalId ? QString() : QString::fromStdString(t.id);
            item.line = static_cast<qint64>(t.line);
            item.customer = QString::fromStdString(t.customer);
            item.labelPriority = QString::fromStdString(t.actualPriority);
            item.labelIsDefault = t.labelIsDefault;
            item.labelTeam = label(t, "team");
            item.labelCategory = label(t, "category");
            item.labelGuardian = label(t, "guardian");
            item.labelOpportunity = label(t, "opportunity");
            item.labelSentiment = label(t, "sentiment");
            if (!item.labelTeam.isEmpty())
                ticket.groupId = groupOf(item.labelTeam, &out);
            if (!t.customer.empty()) {
                const auto [it, fresh] = m_accounts.emplace(t.customer, static_cast<qint64>(m_accounts.size() + 1));
                ticket.organizationId = ticket.requesterId = it->second;
                if (fresh || t.mrr > 0) {
                    models::Account a;
                    a.id = it->second;
                    a.name = item.customer;
                    a.mrrCents = static_cast<qint64>(t.mrr * 100.0 + 0.5);
                    out.organizations.push_back(std::move(a));
                }
                if (fresh) {
                    models::User u;
                    u.id = it->second;
                    u.name = item.customer;
                    u.organizationId = it->second;
                    out.users.push_back(std::move(u));
                }
            }
            out.tickets.push_back(std::move(ticket));
            items.push_back(std::move(item));
        }
        for (const auto &g : m_newGroups)
            out.groups.push_back(g);
        m_newGroups.clear();
        if (auto r = m_store.write(out); !r.ok())
            return r;
        return m_review.write(items);
    }

private:
    qint64 groupOf(const QString &name, models::StoreBatch * = nullptr)
    {
        const auto [it, fresh] = m_groups.emplace(name.toStdString(), static_cast<qint64>(m_groups.size() + 1));
        if (fresh)
            m_newGroups.push_back({it->second, name});
        return it->second;
    }

    models::TicketStore &m_store;
    models::ReviewStore m_review;
    QStringList m_columns;
    std::unordered_map<std::string, qint64> m_accounts, m_groups;
    std::vector<models::Group> m_newGroups;
};

// The first pass's writes on a thread of their own with its own connection, so that reading and
// judging the next batches goes on while one is stored. At most a few batches wait (memory stays
// bounded); the first failure stops it, and every later submit returns it.
class WriterThread
{
public:
    struct Job
    {
        std::vector<models::ImportedTicket> batch;
        std::size_t position = 0;
        std::vector<models::TriageRecord> records;
    };

    WriterThread(QString path, const triage::Engine &engine, QStringList columns)
        : m_thread([this, path = std::move(path), &engine, columns = std::move(columns)] { run(path, engine, columns); })
    {
    }
    ~WriterThread() { static_cast<void>(finish()); } // a failure is the caller's to have asked for

    models::Result<void> submit(Job job)
    {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_jobs.size() < kMaxWaiting || m_failed || m_stopped; });
        if (m_failed)
            return *m_error;
        m_jobs.push_back(std::move(job));
        m_work.notify_one();
        return {};
    }
    // Waits for every job; the first failure, if any.
    models::Result<void> finish()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
            m_work.notify_one();
        }
        if (m_thread.joinable())
            m_thread.join();
        if (m_error)
            return *m_error;
        return {};
    }
    double busySeconds() const { return m_busy; }

private:
    static constexpr std::size_t kMaxWaiting = 3;

    void run(const QString &path, const triage::Engine &engine, const QStringList &columns)
    {
        auto opened = models::TicketStore::open(path);
        if (opened.ok()) {
            QSqlQuery(opened.value()->db()).exec(QStringLiteral("PRAGMA synchronous = OFF"));
        } else {
            fail(opened.error());
        }
        {
            std::optional<BatchWriter> writer;
            std::optional<models::TriageStore> suggestions;
            if (opened.ok()) {
                writer.emplace(*opened.value(), engine, columns);
                suggestions.emplace(opened.value()->db());
            }
            QElapsedTimer clock;
            for (;;) {
                Job job;
                {
                    std::unique_lock lock(m_mutex);
                    m_work.wait(lock, [&] { return !m_jobs.empty() || m_closing; });
                    if (m_jobs.empty())
                        break;
                    job = std::move(m_jobs.front());
                    m_jobs.pop_front();
                    m_space.notify_one();
                    if (m_failed)
                        continue;
                }
                clock.start();
                auto r = writer->write(job.batch, job.position);
                if (r.ok())
                    r = suggestions->write(job.records);
                m_busy += static_cast<double>(clock.nsecsElapsed()) / 1e9;
                if (!r.ok())
                    fail(r.error());
            }
        }
        opened = models::Error{}; // the connection closes on this thread
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_space.notify_all();
    }
    void fail(const models::Error &e)
    {
        std::lock_guard lock(m_mutex);
        if (!m_failed)
            m_error = e;
        m_failed = true;
        m_space.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_work, m_space;
    std::deque<Job> m_jobs;
    std::optional<models::Error> m_error;
    bool m_failed = false, m_closing = false, m_stopped = false;
    double m_busy = 0;
    std::thread m_thread; // last: starts once the rest is built
};

models::Result<void> exec(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return models::sqlError(QStringLiteral("preparing the review workspace"), q);
    return {};
}

// Fills the workspace at `partial`; returns what the import read.
models::Result<ReviewImportSummary> fill(const QString &file, const QString &partial, const triage::Engine &engine,
                                         const ReviewImportOptions &options,
                                         const std::function<void(ReviewImportPhase, std::size_t, std::size_t)> &progress,
                                         const std::atomic_bool *cancel)
{
    auto opened = models::TicketStore::open(partial);
    if (!opened.ok())
        return opened.error();
    models::TicketStore &store = *opened.value();
    // The file is not the workspace until it is renamed: a crash loses only the .partial, so the
    // writes need not wait for the disk.
    if (auto r = exec(store.db(), QStringLiteral("PRAGMA synchronous = OFF")); !r.ok())
        return r.error();
    const auto cancelled = [&]() -> models::Result<void> {
        if (cancel && cancel->load())
            return Error::make(Error::Kind::Cancelled, QStringLiteral("The import was cancelled; nothing was imported."));
        return {};
    };
    const auto say = [&](ReviewImportPhase phase, std::size_t done, std::size_t total) {
        if (progress)
            progress(phase, done, total);
    };

    ExportTriage judge(engine, options.import.textColumns);
    triage::Engine::Options full;
    full.drafts = false; // drafted when a ticket is opened: the engine is deterministic
    models::TriageStore suggestions(store.db());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // The engine's suggestions as stored; the account key is set at the end, from the ticket rows.
    const auto records = [&](const std::vector<models::ImportedTicket> &batch, std::size_t position,
                             std::vector<triage::Assessment> &judged, const std::function<bool(std::size_t)> &keep) {
        std::vector<models::TriageRecord> out;
        out.reserve(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!keep(position + i))
                continue;
            const models::ImportedTicket &t = batch[i];
            models::TriageRecord r;
            r.ticketId = static_cast<qint64>(position + i + 1);
            r.engine = options.engineIdentity;
            r.ticketUpdatedAt = t.updatedAt ? t.updatedAt : t.createdAt;
            r.triagedAt = now;
            r.createdAt = t.createdAt;
            r.assessment = std::move(judged[i]);
            out.push_back(std::move(r));
        }
        return out;
    };
    std::size_t position = 0;
    double storeSeconds = 0;
    QElapsedTimer storeClock;
    auto writer = std::make_unique<WriterThread>(partial, engine, options.import.textColumns);
    // While reading, the number of tickets is estimated from how much of the file is read.
    double readFraction = 0;
    models::ImportOptions firstPass = options.import;
    firstPass.onProgress = [&](std::size_t done, std::size_t size) { readFraction = size ? double(done) / double(size) : 0; };
    auto read = models::TicketImporter::stream(
        file, options.format, options.batchSize,
        [&](std::vector<models::ImportedTicket> &batch) -> models::Result<void> {
            if (auto c = cancelled(); !c.ok())
                return c;
            // The first pass's judgement (drafts off, as stored) is final for a ticket without history.
            std::vector<triage::Assessment> judged;
            judge.observe(batch, &judged, &full);
            auto stored = records(batch, position, judged, [](std::size_t) { return true; });
            const std::size_t size = batch.size();
            if (auto r = writer->submit({std::move(batch), position, std::move(stored)}); !r.ok())
                return r;
            position += size;
            const auto estimate = readFraction > 0.001 ? static_cast<std::size_t>(double(position) / readFraction) : 0;
            say(ReviewImportPhase::Reading, position, std::max(estimate, position));
            return {};
        },
        firstPass);
    const auto written = writer->finish();
    storeSeconds += writer->busySeconds();
    writer.reset();
    if (!read.ok())
        return read.error();
    if (!written.ok())
        return written.error();
    judge.finishObserving();
    const std::size_t total = judge.total();

    // Older copies of a ticket id: read, then dropped for the newer version.
    {
        models::Transaction tx(store.db());
        QSqlQuery drop(store.db()), dropItem(store.db()), dropSuggestion(store.db());
        drop.prepare(QStringLiteral("DELETE FROM tickets WHERE id = ?"));
        dropItem.prepare(QStringLiteral("DELETE FROM review_items WHERE ticket_id = ?"));
        dropSuggestion.prepare(QStringLiteral("DELETE FROM triage WHERE ticket_id = ?"));
        for (std::size_t p = 0; p < total; ++p) {
            if (judge.used(p))
                continue;
            for (QSqlQuery *q : {&dropItem, &dropSuggestion, &drop}) {
                q->addBindValue(static_cast<qint64>(p + 1));
                if (!q->exec())
                    return models::sqlError(QStringLiteral("dropping an older copy of a ticket"), *q);
            }
        }
        if (auto r = tx.commit(); !r.ok())
            return r.error();
    }

    // A file in time order is judged in that one pass. Otherwise a second pass judges again the tickets
    // whose history only later lines revealed.
    if (judge.dirtyCount() > 0) {
        position = 0;
        auto second = models::TicketImporter::stream(
            file, options.format, options.batchSize,
            [&](std::vector<models::ImportedTicket> &batch) -> models::Result<void> {
                if (auto c = cancelled(); !c.ok())
                    return c;
                auto judged = judge.assess(batch, position, full, true);
                if (!judged.ok())
                    return judged.error();
                const auto again = records(batch, position, judged.value(), [&](std::size_t p) { return judge.revised(p); });
                storeClock.start();
                if (auto w = suggestions.write(again); !w.ok())
                    return w;
                storeSeconds += static_cast<double>(storeClock.nsecsElapsed()) / 1e9;
                position += batch.size();
                say(ReviewImportPhase::Triaging, position, total);
                return {};
            },
            options.import);
        if (!second.ok())
            return second.error();
    }
    // The account key the live queue uses (the organization), set in one statement.
    if (auto r = exec(store.db(), QStringLiteral("UPDATE triage SET account_key = coalesce((SELECT CASE WHEN organization_id IS NOT NULL"
                                                 " AND organization_id <> 0 THEN organization_id ELSE -coalesce(requester_id, 0) END"
                                                 " FROM tickets WHERE tickets.id = triage.ticket_id), 0)"));
        !r.ok())
        return r.error();

    say(ReviewImportPhase::Finishing, total, total);
    ReviewImportSummary summary;
    models::ReviewSource &s = summary.source;
    s.file = QFileInfo(file).fileName();
    s.format = read.value().format;
    s.profile = options.profileName;
    s.importedAt = now;
    s.tickets = static_cast<qint64>(total - judge.duplicates());
    s.deleted = static_cast<qint64>(read.value().deleted);
    s.duplicates = static_cast<qint64>(judge.duplicates());
    s.otherRecords = static_cast<qint64>(read.value().otherRecords);
    s.malformed = static_cast<qint64>(read.value().malformed);
    {
        QSqlQuery q(store.db());
        if (!q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE status = %1").arg(static_cast<int>(models::TicketStatus::Closed))) ||
            !q.next())
            return models::sqlError(QStringLiteral("counting the closed tickets"), q);
        s.closed = q.value(0).toLongLong();
    }
    s.skippedRows = read.value().malformedRows;
    summary.warnings = read.value().warnings + judge.warnings();
    summary.engineSeconds = judge.engineSeconds();
    summary.storeSeconds = storeSeconds;
    if (auto r = models::ReviewStore(store.db()).setSource(s); !r.ok())
        return r.error();
    if (auto r = exec(store.db(), QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r.ok())
        return r.error();
    return summary;
}

} // namespace

models::Result<ReviewImportSummary> importReview(const QString &file, const QString &target, const triage::Engine &engine,
                                                 const ReviewImportOptions &options,
                                                 const std::function<void(ReviewImportPhase, std::size_t, std::size_t)> &progress,
                                                 const std::atomic_bool *cancel)
{
    QElapsedTimer clock;
    clock.start();
    const QFileInfo info(target);
    if (target.isEmpty())
        return configError(QStringLiteral("Name the review workspace to write."));
    if (info.isDir())
        return configError(QStringLiteral("%1 is a folder; name a workspace file.").arg(target));
    if (!QFileInfo(info.absolutePath()).isDir())
        return configError(QStringLiteral("The folder %1 does not exist.").arg(info.absolutePath()));
    if (info.exists()) {
        if (!options.replace)
            return configError(QStringLiteral("%1 exists; choose another name, or replace it.").arg(target));
        auto review = isReviewWorkspace(target);
        if (!review.ok() || !review.value())
            return configError(QStringLiteral("%1 is not a review workspace; it is not replaced.").arg(target));
        if (QFileInfo(target + QStringLiteral("-wal")).size() > 0)
            return configError(QStringLiteral("%1 is open in CosmicDesk, or was not closed cleanly; close it first.").arg(target));
    }
    const QString partial = target + QStringLiteral(".partial");
    removeDatabase(partial); // what a crashed import left
    auto summary = fill(file, partial, engine, options, progress, cancel);
    if (!summary.ok()) {
        removeDatabase(partial);
        return summary.error();
    }
    QFile::remove(partial + QStringLiteral("-shm"));
    QFile::remove(partial + QStringLiteral("-wal"));
    std::error_code ec;
    // rename(2) replaces the target in one step: whoever opens it sees the old workspace or the new.
    std::filesystem::rename(partial.toStdString(), target.toStdString(), ec);
    if (ec) {
        removeDatabase(partial);
        return Error::make(Error::Kind::Storage,
                           QStringLiteral("Could not move the review into %1: %2.").arg(target, QString::fromStdString(ec.message())));
    }
    QFile::remove(target + QStringLiteral("-shm"));
    summary.value().workspace = target;
    summary.value().seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    return summary;
}

struct ReviewImportJob::Shared
{
    std::atomic_bool cancel{false};
    std::atomic<int> phase{0};
    std::atomic<std::size_t> done{0}, total{0};
};

ReviewImportJob::ReviewImportJob(QString file, QString target, QString profilePath, ReviewImportOptions options, QObject *parent)
    : QObject(parent), m_file(std::move(file)), m_target(std::move(target)), m_profilePath(std::move(profilePath)),
      m_options(std::move(options)), m_shared(std::make_shared<Shared>())
{
    // The worker only writes counters; the job reads them on its own thread.
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &ReviewImportJob::report);
}

ReviewImportJob::~ReviewImportJob()
{
    m_shared->cancel.store(true); // a job that dies stops its import at the next batch
}

void ReviewImportJob::report()
{
    const auto phase = static_cast<ReviewImportPhase>(m_shared->phase.load());
    const std::size_t done = m_shared->done.load(), total = m_shared->total.load();
    const int percent = total ? static_cast<int>(done * 100 / total) : -1;
    const QString text = phase == ReviewImportPhase::Reading ? tr("Reading and triaging: %L1 tickets").arg(done)
                         : phase == ReviewImportPhase::Triaging
                             ? tr("Triaging again what came out of time order: %L1 of %L2 tickets").arg(done).arg(total)
                             : tr("Finishing…");
    Q_EMIT progress(percent, text);
}

void ReviewImportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_poll.start();
    auto *watcher = new QFutureWatcher<models::Result<ReviewImportSummary>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_running = false;
        m_poll.stop();
        const auto result = watcher->result();
        watcher->deleteLater();
        Q_EMIT finished(result);
    });
    watcher->setFuture(QtConcurrent::run([file = m_file, target = m_target, profile = m_profilePath, options = m_options,
                                          shared = m_shared]() -> models::Result<ReviewImportSummary> {
        auto engine = loadEngine(profile);
        if (!engine.ok())
            return engine.error();
        ReviewImportOptions o = options;
        o.engineIdentity = engine.value().identity;
        o.profileName = QString::fromStdString(engine.value().engine->profile().name);
        auto onProgress = [shared](ReviewImportPhase phase, std::size_t done, std::size_t total) {
            shared->phase.store(static_cast<int>(phase));
            shared->done.store(done);
            shared->total.store(total);
        };
        return importReview(file, target, *engine.value().engine, o, onProgress, &shared->cancel);
    }));
}

void ReviewImportJob::cancel()
{
    m_shared->cancel.store(true);
}

} // namespace cosmicdesk::services
