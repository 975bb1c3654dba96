#include "outboxworker.h"

#include <models/sqlconnection.h>
#include <models/ticketstore.h>

#include <QDateTime>
#include <QLoggingCategory>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <random>
#include <set>
#include <unordered_map>

namespace cosmicdesk::services {

Q_LOGGING_CATEGORY(lcOutbox, "cosmicdesk.outbox")

using models::OutboxEntry;
using models::OutboxState;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

// Lives on the worker's thread and owns everything there: the store connection, the destinations
// and the in-memory lanes (one per order key: its waiting entries in id order).
class OutboxWorker::Engine final : public QObject
{
public:
    Engine(OutboxWorker *owner, QString path, Options options, std::vector<OutboxDestinationFactory> factories)
        : m_owner(owner), m_path(std::move(path)), m_options(options), m_factories(std::move(factories)),
          m_rng(options.jitterSeed ? options.jitterSeed : quint64(nowMs()))
    {
    }

    std::atomic_bool stopping{false};

    void init()
    {
        auto store = models::TicketStore::open(m_path);
        if (!store.ok()) {
            qCWarning(lcOutbox, "cannot open the workspace: %s", qPrintable(store.error().message));
            return;
        }
        m_store = std::move(store).value();
        for (const auto &factory : m_factories) {
            auto d = factory();
            if (!d)
                continue;
            d->attach(*m_store);
            const QString name = d->name();
            Destination &dest = m_dests[name];
            dest.destination = std::move(d);
            if (const QString why = dest.destination->unavailable(); !why.isEmpty()) {
                dest.paused = true;
                dest.pauseReason = why;
            }
        }
        models::OutboxStore outbox(m_store->db());
        if (auto r = outbox.recover(); r.ok() && r.value() > 0)
            qCInfo(lcOutbox, "%d change(s) were in flight when the app stopped: sending them again", r.value());
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { due(); });
        m_flushTimer.setSingleShot(true);
        m_flushTimer.setInterval(0);
        connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
        m_statusTimer.setInterval(int(m_options.statusInterval.count()));
        connect(&m_statusTimer, &QTimer::timeout, this, [this] {
            if (m_statusDirty)
                publishStatus();
        });
        m_statusTimer.start();
        wake();
        publishStatus();
    }

    void wake()
    {
        if (!m_store)
            return;
        auto fresh = models::OutboxStore(m_store->db()).entriesAfter(m_lastId);
        if (!fresh.ok()) {
            qCWarning(lcOutbox, "cannot read the outbox: %s", qPrintable(fresh.error().message));
            return;
        }
        std::set<QString> touched;
        for (OutboxEntry &e : fresh.value()) {
            m_lastId = std::max(m_lastId, e.id);
            if (!models::isWaiting(e.state))
                continue;
            const QString key = e.orderKey;
            m_lanes[key].entries.push_back(std::move(e));
            touched.insert(key);
        }
        for (const QString &key : touched)
            evaluate(key);
        if (!touched.empty())
            m_statusDirty = true;
        pump();
    }

    void setPaused(const QString &name, bool paused)
    {
        auto it = m_dests.find(name);
        if (it == m_dests.end())
            return;
        it->second.paused = paused;
        if (!paused)
            it->second.pauseReason.clear();
        m_statusDirty = true;
        publishStatus();
        pump();
    }

    void retryNow(qint64 id, qint64 stamp)
    {
        if (!m_store)
            return;
        models::OutboxStore outbox(m_store->db());
        auto e = outbox.entry(id);
        if (!e.ok() || !e.value())
            return;
        if (stamp > 0 && !outbox.setBaseStamp(id, stamp).ok())
            return;
        if (auto r = outbox.retryNow(id); !r.ok() || !r.value())
            return;
        if (OutboxEntry *mine = find(e.value()->orderKey, id)) {
            mine->state = OutboxState::Queued;
            mine->nextAttemptAt = 0;
            if (stamp > 0)
                mine->baseStamp = stamp;
            evaluate(mine->orderKey);
        }
        m_statusDirty = true;
        notifyTickets({e.value()->ticketId});
        pump();
    }

    void drop(qint64 id)
    {
        if (!m_store)
            return;
        models::OutboxStore outbox(m_store->db());
        auto e = outbox.entry(id);
        if (!e.ok() || !e.value())
            return;
        if (auto r = outbox.drop(id); !r.ok() || !r.value())
            return;
        const QString key = e.value()->orderKey;
        auto lane = m_lanes.find(key);
        if (lane != m_lanes.end()) {
            auto &list = lane->second.entries;
            list.erase(std::remove_if(list.begin(), list.end(), [id](const OutboxEntry &x) { return x.id == id; }), list.end());
            evaluate(key);
        }
        if (auto d = m_dests.find(e.value()->destination); d != m_dests.end())
            d->second.destination->dropped(*e.value());
        m_statusDirty = true;
        notifyTickets({e.value()->ticketId});
        post([id, ticket = e.value()->ticketId](OutboxWorker *w) { Q_EMIT w->entryFinished(id, ticket, OutboxState::Dropped); });
        pump();
    }

private:
    struct Lane
    {
        std::deque<OutboxEntry> entries; // waiting, in id order; the front is the head
        bool busy = false;               // the head is in flight, or its outcome is not written yet
        qint64 readyId = 0;              // the head's place in m_ready (0: none)
        qint64 dueAt = 0;                // the head's place in m_timers (0: none)
    };
    struct Destination
    {
        std::unique_ptr<OutboxDestination> destination;
        int inFlight = 0;
        bool paused = false;
        QString pauseReason;
        qint64 failingSince = 0;
        QString lastError;
        qint64 lastErrorAt = 0;
        std::deque<qint64> delivered; // ms of recent deliveries, for the rate
    };
    struct Pending
    {
        OutboxEntry entry;
        models::OutboxStore::Outcome outcome;
        SendOutcome sent;
        bool releasesSlot = true;
    };

    template <typename F> void post(F f)
    {
        QMetaObject::invokeMethod(
            m_owner, [w = m_owner, f = std::move(f)] { f(w); }, Qt::QueuedConnection);
    }

    OutboxEntry *find(const QString &key, qint64 id)
    {
        auto lane = m_lanes.find(key);
        if (lane == m_lanes.end())
            return nullptr;
        for (OutboxEntry &e : lane->second.entries)
            if (e.id == id)
                return &e;
        return nullptr;
    }

    // Where a lane's head stands: ready to send, waiting for its time, or waiting for a person.
    void evaluate(const QString &key)
    {
        auto it = m_lanes.find(key);
        if (it == m_lanes.end())
            return;
        Lane &lane = it->second;
        if (lane.readyId) {
            m_ready.erase({lane.readyId, key});
            lane.readyId = 0;
        }
        if (lane.dueAt) {
            for (auto [b, e] = m_timers.equal_range(lane.dueAt); b != e; ++b)
                if (b->second == key) {
                    m_timers.erase(b);
                    break;
                }
            lane.dueAt = 0;
        }
        if (lane.entries.empty()) {
            if (!lane.busy)
                m_lanes.erase(it);
            return;
        }
        if (lane.busy)
            return;
        const OutboxEntry &head = lane.entries.front();
        if (head.state != OutboxState::Queued)
            return; // a conflict or a dead letter holds the lane until a person decides
        if (head.nextAttemptAt <= nowMs()) {
            lane.readyId = head.id;
            m_ready.insert({head.id, key});
        } else {
            lane.dueAt = head.nextAttemptAt;
            m_timers.insert({head.nextAttemptAt, key});
            armTimer();
        }
    }

    void armTimer()
    {
        if (m_timers.empty()) {
            m_timer.stop();
            return;
        }
        const qint64 wait = std::max<qint64>(0, m_timers.begin()->first - nowMs());
        if (!m_timer.isActive() || m_timer.remainingTime() > wait)
            m_timer.start(int(std::min<qint64>(wait, 24 * 3600 * 1000)));
    }

    void due()
    {
        const qint64 now = nowMs();
        std::vector<QString> keys;
        while (!m_timers.empty() && m_timers.begin()->first <= now) {
            keys.push_back(m_timers.begin()->second);
            m_lanes[keys.back()].dueAt = 0;
            m_timers.erase(m_timers.begin());
        }
        for (const QString &key : keys)
            evaluate(key);
        armTimer();
        pump();
    }

    // Starts every ready head its destination has room for, oldest first.
    void pump()
    {
        if (stopping || !m_store || m_ready.empty())
            return;
        // Each request is one entry, or a batch of a bulk action's entries that may travel together.
        std::vector<std::vector<std::pair<qint64, QString>>> requests;
        std::set<qint64> taken;
        for (auto it = m_ready.begin(); it != m_ready.end(); ++it) {
            const auto &[id, key] = *it;
            if (taken.count(id))
                continue;
            const OutboxEntry &head = m_lanes[key].entries.front();
            auto d = m_dests.find(head.destination);
            if (d == m_dests.end() || d->second.paused)
                continue;
            OutboxDestination &dest = *d->second.destination;
            if (d->second.inFlight >= dest.maxInFlight())
                continue;
            ++d->second.inFlight;
            std::vector<std::pair<qint64, QString>> request{{id, key}};
            taken.insert(id);
            if (!head.batchKey.isEmpty() && dest.maxBatch() > 1 && dest.canBatch(head)) {
                for (auto more = std::next(it); more != m_ready.end() && int(request.size()) < dest.maxBatch(); ++more) {
                    const OutboxEntry &other = m_lanes[more->second].entries.front();
                    if (other.batchKey == head.batchKey && other.destination == head.destination && dest.canBatch(other)) {
                        request.push_back(*more);
                        taken.insert(more->first);
                    }
                }
            }
            requests.push_back(std::move(request));
        }
        if (requests.empty())
            return;
        std::vector<std::pair<qint64, QString>> start;
        for (const auto &r : requests)
            start.insert(start.end(), r.begin(), r.end());
        std::vector<qint64> ids;
        for (const auto &[id, key] : start)
            ids.push_back(id);
        if (auto r = models::OutboxStore(m_store->db()).markInFlight(ids); !r.ok()) {
            qCWarning(lcOutbox, "cannot mark changes in flight: %s", qPrintable(r.error().message));
            for (const auto &r : requests)
                --m_dests[m_lanes[r.front().second].entries.front().destination].inFlight;
            QTimer::singleShot(1000, this, [this] { pump(); });
            return;
        }
        for (const auto &request : requests) {
            std::vector<OutboxEntry> sending;
            for (const auto &[id, key] : request) {
                Lane &lane = m_lanes[key];
                m_ready.erase({id, key});
                lane.readyId = 0;
                lane.busy = true;
                OutboxEntry &head = lane.entries.front();
                head.state = OutboxState::InFlight;
                ++head.attempts;
                sending.push_back(head);
            }
            OutboxDestination &dest = *m_dests[sending.front().destination].destination;
            if (sending.size() == 1) {
                dest.send(sending.front(), this, [this, e = sending.front()](SendOutcome o) { settle(e, std::move(o)); });
            } else {
                // A batch is one request: its first outcome gives the destination's slot back.
                dest.sendBatch(sending, this, [this, sending](std::vector<SendOutcome> outcomes) {
                    for (std::size_t i = 0; i < sending.size(); ++i) {
                        SendOutcome o;
                        if (i < outcomes.size())
                            o = std::move(outcomes[i]);
                        else
                            o.error = QStringLiteral("the destination gave no outcome for this entry");
                        settle(sending[i], std::move(o), i == 0);
                    }
                });
            }
        }
        m_statusDirty = true;
    }

    std::chrono::milliseconds backoff(int attempts, bool unreachable)
    {
        const double cap = double(unreachable ? m_options.unreachableBackoffCap.count() : m_options.backoffCap.count());
        const double ceiling = std::min(cap, double(m_options.backoffBase.count()) * std::pow(2.0, std::max(0, attempts - 1)));
        std::uniform_real_distribution<double> jitter(0.0, ceiling); // full jitter
        return std::chrono::milliseconds(qint64(jitter(m_rng)));
    }

    void settle(const OutboxEntry &entry, SendOutcome sent, bool releasesSlot = true)
    {
        Destination &d = m_dests[entry.destination];
        models::OutboxStore::Outcome o;
        o.id = entry.id;
        o.attempts = entry.attempts;
        o.httpStatus = sent.httpStatus;
        o.error = sent.error;
        o.maybeSent = entry.maybeSent;
        const qint64 now = nowMs();
        switch (sent.kind) {
        case SendOutcome::Kind::Applied:
            o.state = OutboxState::Done;
            o.error.clear();
            if (d.failingSince != 0)
                m_reachableAgain.insert(entry.destination);
            d.failingSince = 0;
            d.delivered.push_back(now);
            break;
        case SendOutcome::Kind::Retry: {
            o.maybeSent = entry.maybeSent || sent.maybeSent;
            const bool rateLimited = sent.retryAfter.count() > 0 || sent.httpStatus == 429;
            const bool unreachable = sent.httpStatus == 0; // no answer at all: the network, not the change
            if (unreachable || rateLimited)
                o.attempts = std::max(0, entry.attempts - 1); // neither is a failure of the change
            if (!rateLimited && !unreachable && entry.attempts >= m_options.maxAttempts) {
                o.state = OutboxState::Dead;
                o.error = QStringLiteral("gave up after %1 attempts: %2").arg(entry.attempts).arg(sent.error);
            } else {
                o.state = OutboxState::Queued;
                if (unreachable)
                    ++m_unreachableStreak[entry.orderKey];
                const int step = unreachable ? m_unreachableStreak[entry.orderKey] : entry.attempts;
                const auto wait = std::max<std::chrono::milliseconds>(backoff(step, unreachable), sent.retryAfter);
                o.nextAttemptAt = now + wait.count();
            }
            if (d.failingSince == 0)
                d.failingSince = now;
            break;
        }
        case SendOutcome::Kind::Conflict:
            o.state = OutboxState::Conflict;
            o.detail = sent.detail;
            break;
        case SendOutcome::Kind::Rejected: o.state = OutboxState::Dead; break;
        case SendOutcome::Kind::Paused:
            o.state = OutboxState::Queued;
            o.attempts = std::max(0, entry.attempts - 1);
            d.paused = true;
            d.pauseReason = sent.error;
            break;
        }
        if (sent.kind != SendOutcome::Kind::Applied) {
            d.lastError = sent.error;
            d.lastErrorAt = now;
        }
        m_pending.push_back({entry, o, std::move(sent), releasesSlot});
        if (!m_flushTimer.isActive())
            m_flushTimer.start();
    }

    // Writes the outcomes (and what the local store learns from them) in one transaction, then
    // moves the lanes on.
    void flush()
    {
        if (m_pending.empty())
            return;
        std::vector<Pending> batch;
        batch.swap(m_pending);
        QSqlDatabase db = m_store->db();
        {
            models::Transaction tx(db);
            models::OutboxStore outbox(db);
            std::vector<models::OutboxStore::Outcome> outcomes;
            for (const Pending &p : batch)
                outcomes.push_back(p.outcome);
            auto r = outbox.record(outcomes);
            for (Pending &p : batch) {
                if (!r.ok())
                    break;
                if (p.outcome.state != OutboxState::Done)
                    continue;
                if (p.sent.remoteVersion > 0 && p.entry.baseStamp > 0)
                    r = outbox.rebaseStamp(p.entry.orderKey, p.entry.baseStamp, p.sent.remoteVersion);
                if (r.ok() && p.sent.effects)
                    r = p.sent.effects(*m_store, p.entry);
            }
            if (r.ok())
                r = tx.commit();
            if (!r.ok()) {
                qCWarning(lcOutbox, "cannot record outcomes: %s", qPrintable(r.error().message));
                // Keep them and try again: the entries stay in flight meanwhile.
                m_pending.insert(m_pending.begin(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
                QTimer::singleShot(1000, this, [this] { flush(); });
                return;
            }
        }
        std::set<QString> keys;
        QList<qint64> tickets;
        for (const Pending &p : batch) {
            const QString &key = p.entry.orderKey;
            Lane &lane = m_lanes[key];
            lane.busy = false;
            if (p.releasesSlot)
                --m_dests[p.entry.destination].inFlight;
            if (!lane.entries.empty() && lane.entries.front().id == p.entry.id) {
                OutboxEntry &head = lane.entries.front();
                if (p.outcome.state == OutboxState::Done) {
                    lane.entries.pop_front();
                    if (p.sent.remoteVersion > 0 && p.entry.baseStamp > 0)
                        for (OutboxEntry &next : lane.entries)
                            if (next.baseStamp == p.entry.baseStamp)
                                next.baseStamp = p.sent.remoteVersion;
                } else {
                    head.state = p.outcome.state;
                    head.attempts = p.outcome.attempts;
                    head.nextAttemptAt = p.outcome.nextAttemptAt;
                    head.maybeSent = p.outcome.maybeSent;
                    head.lastError = p.outcome.error;
                    head.lastStatus = p.outcome.httpStatus;
                    head.detail = p.outcome.detail;
                }
            }
            keys.insert(key);
            if (p.outcome.state != OutboxState::Queued) {
                tickets.push_back(p.entry.ticketId);
                post([id = p.entry.id, ticket = p.entry.ticketId, state = p.outcome.state](OutboxWorker *w) {
                    Q_EMIT w->entryFinished(id, ticket, state);
                });
            }
        }
        for (const Pending &p : batch)
            if (p.outcome.state == OutboxState::Done)
                m_unreachableStreak.erase(p.entry.orderKey);
        for (const QString &key : keys)
            evaluate(key);
        releaseBackoffs();
        m_statusDirty = true;
        notifyTickets(tickets);
        pump();
    }

    // A destination answers again after failing: what waits for its backoff goes now.
    void releaseBackoffs()
    {
        if (m_reachableAgain.empty())
            return;
        std::vector<QString> keys;
        for (const auto &[due, key] : m_timers) {
            const OutboxEntry &head = m_lanes[key].entries.front();
            if (m_reachableAgain.count(head.destination) && head.lastStatus == 0)
                keys.push_back(key);
        }
        m_reachableAgain.clear();
        for (const QString &key : keys) {
            m_lanes[key].entries.front().nextAttemptAt = 0;
            evaluate(key);
        }
    }

    void notifyTickets(QList<qint64> ids)
    {
        ids.removeAll(0);
        if (ids.isEmpty())
            return;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        post([ids](OutboxWorker *w) { Q_EMIT w->ticketsChanged(ids); });
    }

    void publishStatus()
    {
        m_statusDirty = false;
        if (!m_store)
            return;
        auto counts = models::OutboxStore(m_store->db()).counts();
        std::map<QString, DestinationStatus> out;
        const qint64 now = nowMs();
        for (auto &[name, d] : m_dests) {
            DestinationStatus &s = out[name];
            s.name = name;
            s.paused = d.paused;
            s.pauseReason = d.pauseReason;
            s.failingSince = d.failingSince;
            s.lastError = d.lastError;
            s.lastErrorAt = d.lastErrorAt;
            while (!d.delivered.empty() && d.delivered.front() < now - 10000)
                d.delivered.pop_front();
            s.perSecond = double(d.delivered.size()) / 10.0;
        }
        if (counts.ok())
            for (const auto &[name, c] : counts.value()) {
                DestinationStatus &s = out[name];
                s.name = name;
                s.queued = c.queued;
                s.inFlight = c.inFlight;
                s.done = c.done;
                s.dead = c.dead;
                s.conflict = c.conflict;
                s.oldestWaitingAt = c.oldestWaitingAt;
                if (s.lastError.isEmpty())
                    s.lastError = c.lastError;
            }
        post([out = std::move(out)](OutboxWorker *w) {
            w->m_status = out;
            Q_EMIT w->statusChanged();
        });
    }

    OutboxWorker *m_owner;
    QString m_path;
    Options m_options;
    std::vector<OutboxDestinationFactory> m_factories;
    std::mt19937_64 m_rng;
    std::unique_ptr<models::TicketStore> m_store;
    std::map<QString, Destination> m_dests;
    std::unordered_map<QString, Lane> m_lanes;
    std::set<std::pair<qint64, QString>> m_ready;         // heads to send: (id, key), oldest first
    std::multimap<qint64, QString> m_timers;              // heads in backoff: due ms → key
    std::vector<Pending> m_pending;                       // outcomes not written yet
    std::unordered_map<QString, int> m_unreachableStreak; // failed attempts in a row without an answer
    std::set<QString> m_reachableAgain;                   // destinations that answered after failing
    qint64 m_lastId = 0;
    bool m_statusDirty = true;
    QTimer m_timer{this};
    QTimer m_flushTimer{this};
    QTimer m_statusTimer{this};
};

OutboxWorker::OutboxWorker(QString workspacePath, Options options, QObject *parent)
    : QObject(parent), m_path(std::move(workspacePath)), m_options(options), m_thread(new QThread(this))
{
    m_thread->setObjectName(QStringLiteral("outbox"));
}

OutboxWorker::~OutboxWorker()
{
    if (m_engine)
        m_engine->stopping = true;
    if (m_thread->isRunning()) {
        m_thread->quit();
        m_thread->wait(); // the engine is deleted on its thread as it finishes
    }
}

void OutboxWorker::addDestination(OutboxDestinationFactory factory)
{
    Q_ASSERT(!m_started);
    m_factories.push_back(std::move(factory));
}

void OutboxWorker::start()
{
    if (m_started)
        return;
    m_started = true;
    m_engine = new Engine(this, m_path, m_options, m_factories);
    m_engine->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_engine, [e = m_engine] { e->init(); }, Qt::QueuedConnection);
}

void OutboxWorker::wake()
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine] { e->wake(); }, Qt::QueuedConnection);
}

void OutboxWorker::setPaused(const QString &destination, bool paused)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, destination, paused] { e->setPaused(destination, paused); }, Qt::QueuedConnection);
}

void OutboxWorker::retryNow(qint64 entryId, qint64 rebaseStamp)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, entryId, rebaseStamp] { e->retryNow(entryId, rebaseStamp); }, Qt::QueuedConnection);
}

void OutboxWorker::drop(qint64 entryId)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, entryId] { e->drop(entryId); }, Qt::QueuedConnection);
}

} // namespace cosmicdesk::services
