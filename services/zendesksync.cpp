#include "zendesksync.h"

#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/ticketstore.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>

namespace cosmicdesk::services {

using models::Error;
using models::Result;

class ZendeskSync::Worker final : public QObject
{
public:
    Worker(ZendeskSync *service, QString workspace, Options options)
        : m_service(service), m_workspace(std::move(workspace)), m_options(std::move(options))
    {
    }

    std::atomic_bool cancelRequested{false};

    void init()
    {
        auto opened = models::TicketStore::open(m_workspace);
        if (!opened.ok()) {
            end(opened.error());
            return;
        }
        m_store = std::move(opened.value());
        connectors::RestClient::Options o;
        o.baseUrl = m_options.baseUrl;
        o.timeout = m_options.timeout;
        o.maxAttempts = m_options.maxAttempts;
        o.backoffBase = m_options.backoffBase;
        o.maxInFlightPerHost = 1; // one page at a time: the cursor is sequential
        m_client = std::make_unique<connectors::ZendeskClient>(o, m_options.auth ? m_options.auth() : nullptr, this);
        m_timer = new QTimer(this);
        m_timer->setInterval(std::max(m_options.interval, std::chrono::seconds(6)));
        connect(m_timer, &QTimer::timeout, this, &Worker::run);
        run();
        if (m_options.repeat)
            m_timer->start();
    }

    void run()
    {
        if (m_running || !m_store)
            return;
        auto cursor = m_store->meta(QString::fromLatin1(kCursorKey));
        if (!cursor.ok()) {
            end(cursor.error());
            return;
        }
        m_running = true;
        cancelRequested = false;
        m_cursor = cursor.value();
        m_first = m_cursor.isEmpty();
        m_runStart = QDateTime::currentSecsSinceEpoch();
        m_tickets = 0;
        m_pages = 0;
        m_idlePages = 0;
        m_fractionBase = 0;
        m_seenCursors.clear();
        m_seenTickets.clear();
        if (!m_cursor.isEmpty())
            m_seenCursors.insert(m_cursor);
        post([first = m_first](ZendeskSync *s) {
            s->m_firstSync = first;
            s->m_tickets = 0;
            s->m_pages = 0;
            s->m_fraction = 0;
            s->setState(first ? State::FullSync : State::Incremental);
        });
        requestPage();
    }

    void stopTimer()
    {
        if (m_timer)
            m_timer->stop();
    }

private:
    template <typename F> void post(F f)
    {
        QMetaObject::invokeMethod(
            m_service, [s = m_service, f = std::move(f)]() mutable { f(s); }, Qt::QueuedConnection);
    }

    // Keeps to the export's quota: the next request starts pageInterval after the previous one.
    void requestPage()
    {
        const auto wait = m_sinceRequest.isValid() ? m_options.pageInterval.count() - m_sinceRequest.elapsed() : 0;
        if (wait > 0)
            QTimer::singleShot(std::chrono::milliseconds(wait), this, &Worker::sendPage);
        else
            sendPage();
    }

    void sendPage()
    {
        if (cancelRequested) {
            end(Error::make(Error::Kind::Cancelled, QStringLiteral("Sync cancelled")));
            return;
        }
        m_sinceRequest.start();
        m_client->incrementalPage(m_cursor, m_options.startTime, m_options.perPage, this,
                                  [this](Result<connectors::IncrementalPage> page) { onPage(std::move(page)); });
    }

    void onPage(Result<connectors::IncrementalPage> result)
    {
        if (!result.ok()) {
            end(result.error());
            return;
        }
        auto &page = result.value();
        if (auto stalled = checkProgress(page); !stalled.ok()) {
            end(stalled);
            return;
        }
        models::StoreBatch batch;
        batch.tickets = std::move(page.tickets);
        batch.users = std::move(page.users);
        batch.organizations = std::move(page.organizations);
        batch.groups = std::move(page.groups);
        // The cursor goes in with its page: after a crash the next run starts right after it.
        if (!page.afterCursor.isEmpty())
            batch.meta.emplace_back(QString::fromLatin1(kCursorKey), page.afterCursor);
        batch.meta.emplace_back(QString::fromLatin1(kSyncedAtKey), QString::number(QDateTime::currentSecsSinceEpoch()));
        if (m_pages == 0) // where the ticket pane links to: once a run is enough
            batch.meta.emplace_back(QString::fromLatin1(models::TicketStore::kZendeskAddressKey),
                                    m_options.baseUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString());
        QList<qint64> ids;
        ids.reserve(qsizetype(batch.tickets.size()));
        for (const auto &t : batch.tickets)
            ids << t.id;
        if (auto written = m_store->write(batch); !written.ok()) {
            end(written.error());
            return;
        }
        if (!page.afterCursor.isEmpty())
            m_cursor = page.afterCursor;
        m_tickets = m_seenTickets.size();
        ++m_pages;
        double fraction = 1.0;
        if (!page.endOfStream)
            fraction = page.newestTimestamp > m_fractionBase && m_runStart > m_fractionBase
                           ? std::clamp(double(page.newestTimestamp - m_fractionBase) / double(m_runStart - m_fractionBase), 0.0, 0.99)
                           : 0.0;
        post([ids, tickets = m_tickets, pages = m_pages, fraction](ZendeskSync *s) {
            s->m_store.notifyTicketsChanged(ids);
            s->m_tickets = tickets;
            s->m_pages = pages;
            s->m_fraction = fraction;
            Q_EMIT s->progress(tickets, pages, fraction);
        });
        if (page.endOfStream)
            end({});
        else
            requestPage();
    }

    // A page that does not move the export on ends the run: Zendesk (or something in between) that
    // answers the same cursor, or empty pages with ever new cursors, would otherwise be asked forever.
    Result<void> checkProgress(const connectors::IncrementalPage &page)
    {
        const int number = m_pages + 1;
        if (!page.endOfStream) {
            if (page.afterCursor.isEmpty())
                return Error::make(Error::Kind::BadPayload, QStringLiteral("Zendesk's incremental export sent page %1 without a cursor"
                                                                           " and without end_of_stream; the sync stopped there.")
                                                                .arg(number));
            if (m_seenCursors.contains(page.afterCursor))
                return Error::make(Error::Kind::BadPayload,
                                   QStringLiteral("Zendesk's incremental export is not advancing: page %1 points back to a cursor"
                                                  " this sync already read, without end_of_stream. The sync stopped there; the"
                                                  " pages before it are kept.")
                                       .arg(number));
            m_seenCursors.insert(page.afterCursor);
        }
        bool advanced = false;
        for (const auto &t : page.tickets) {
            auto seen = m_seenTickets.find(t.id);
            if (seen == m_seenTickets.end()) {
                m_seenTickets.insert(t.id, t.updatedAt);
                advanced = true;
            } else if (t.updatedAt > *seen) {
                *seen = t.updatedAt;
                advanced = true;
            }
        }
        if (m_pages == 0) {
            for (const auto &t : page.tickets)
                if (t.updatedAt > 0 && (m_fractionBase == 0 || t.updatedAt < m_fractionBase))
                    m_fractionBase = t.updatedAt;
            if (m_fractionBase == 0)
                m_fractionBase = page.newestTimestamp;
        }
        m_idlePages = advanced ? 0 : m_idlePages + 1;
        if (!page.endOfStream && m_idlePages >= kMaxIdlePages)
            return Error::make(Error::Kind::BadPayload, QStringLiteral("Zendesk's incremental export is not advancing: %1 pages in a row"
                                                                       " brought no new or changed ticket, without end_of_stream."
                                                                       " The sync stopped there; the pages before it are kept.")
                                                            .arg(m_idlePages));
        return {};
    }

    void end(Result<void> result)
    {
        m_running = false;
        if (!result.ok() && result.error().kind == Error::Kind::Auth)
            stopTimer(); // wrong credentials do not get better by asking again
        post([result](ZendeskSync *s) {
            if (result.ok()) {
                s->m_error = {};
                s->m_lastSyncedAt = QDateTime::currentSecsSinceEpoch();
                s->m_fraction = 1.0;
                s->setState(State::Idle);
            } else {
                s->m_error = result.error();
                s->setState(result.error().kind == Error::Kind::Cancelled ? State::Idle : State::Failed);
            }
            Q_EMIT s->runFinished(result);
        });
    }

    ZendeskSync *m_service;
    QString m_workspace;
    Options m_options;
    std::unique_ptr<models::TicketStore> m_store;
    std::unique_ptr<connectors::ZendeskClient> m_client;
    QTimer *m_timer = nullptr;
    QString m_cursor;
    bool m_running = false;
    bool m_first = false;
    qint64 m_runStart = 0;
    qint64 m_tickets = 0;
    int m_pages = 0;
    int m_idlePages = 0;
    qint64 m_fractionBase = 0;
    QSet<QString> m_seenCursors;
    QHash<qint64, qint64> m_seenTickets; // id → updated_at, this run
    QElapsedTimer m_sinceRequest;
};

ZendeskSync::ZendeskSync(models::TicketStore &store, Options options, QObject *parent)
    : QObject(parent), m_store(store), m_thread(new QThread(this)), m_worker(new Worker(this, store.path(), std::move(options)))
{
    m_thread->setObjectName(QStringLiteral("zendesk-sync"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

ZendeskSync::~ZendeskSync()
{
    m_worker->cancelRequested = true;
    if (m_thread->isRunning()) {
        m_thread->quit();
        m_thread->wait();
    } else {
        delete m_worker;
    }
}

void ZendeskSync::start()
{
    if (m_thread->isRunning())
        return;
    m_thread->start();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->init(); }, Qt::QueuedConnection);
}

void ZendeskSync::syncNow()
{
    if (!m_thread->isRunning()) {
        start();
        return;
    }
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->run(); }, Qt::QueuedConnection);
}

void ZendeskSync::cancel()
{
    m_worker->cancelRequested = true;
}

void ZendeskSync::stop()
{
    cancel();
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker] { w->stopTimer(); }, Qt::QueuedConnection);
}

void ZendeskSync::setState(State s)
{
    if (s == m_state)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

} // namespace cosmicdesk::services
