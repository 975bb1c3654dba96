#include "triageservice.h"

#include <models/draftfacts.h>
#include <models/ticketstore.h>
#include <triage/engine.h>

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <deque>
#include <unordered_set>

namespace cosmicdesk::services {

using models::Error;
using models::Result;

namespace {

constexpr std::size_t kBatch = 400; // tickets per transaction; requests wait at most one batch
constexpr qint64 kHistorySeconds = qint64(triage::kHistoryDays) * 86400;
constexpr int kHistoryLimit = triage::kHistoryMaxTickets;

Error notRunning()
{
    return Error::make(Error::Kind::Config, QStringLiteral("The triage engine is not running."));
}

QString firstName(const QString &fullName)
{
    const QString n = fullName.trimmed();
    const qsizetype space = n.indexOf(QLatin1Char(' '));
    return space > 0 ? n.left(space) : n;
}

} // namespace

// Lives on the service's thread; everything it touches is its own.
class TriageService::Worker final : public QObject
{
public:
    Worker(TriageService *service, QString workspace, QString agent, EngineLoader loader)
        : m_service(service), m_workspace(std::move(workspace)), m_agent(std::move(agent)), m_loader(std::move(loader))
    {
    }

    std::atomic_bool stopping{false};

    void init()
    {
        auto store = models::TicketStore::open(m_workspace);
        if (!store.ok()) {
            fail(store.error().message);
            return;
        }
        m_db = std::move(store).value();
        m_triage.emplace(m_db->db());
        auto engine = m_loader();
        if (!engine.ok()) {
            fail(engine.error().message);
            return;
        }
        m_engine = std::move(engine.value().engine);
        m_identity = engine.value().identity;
        const QString identity = m_identity;
        QStringList teams;
        for (const std::string &t : m_engine->profile().teams)
            teams << QString::fromStdString(t);
        const triage::SlaTable sla = m_engine->profile().sla;
        const auto calibration = m_engine->profile().calibrationTargets;
        auto pending = m_triage->pending(m_identity);
        if (!pending.ok()) {
            fail(pending.error().message);
            return;
        }
        m_total = static_cast<qint64>(pending.value().size());
        for (qint64 id : pending.value())
            m_queue.push_back(id);
        const bool nothingToDo = m_queue.empty();
        post([identity, teams, nothingToDo, sla, calibration](TriageService *s) {
            s->m_identity = identity;
            s->m_teams = teams;
            s->m_sla = sla;
            s->m_calibration = calibration;
            Q_EMIT s->profileLoaded();
            s->setState(nothingToDo ? State::Idle : State::Triaging);
        });
        if (!nothingToDo)
            scheduleStep();
    }

    // Tickets the store reports as new or changed: triaged when their suggestion is not current.
    void enqueue(const QList<qint64> &ids)
    {
        if (!m_engine)
            return; // the first pass will find them
        std::vector<qint64> list(ids.begin(), ids.end());
        auto pending = m_triage->pending(m_identity, list);
        if (!pending.ok() || pending.value().empty())
            return;
        const bool wasIdle = m_queue.empty();
        if (wasIdle) {
            m_total = 0;
            m_done = 0;
        }
        for (qint64 id : pending.value())
            m_queue.push_back(id);
        m_total += static_cast<qint64>(pending.value().size());
        if (wasIdle) {
            post([](TriageService *s) { s->setState(State::Triaging); });
            scheduleStep();
        }
    }

    void fetch(qint64 ticketId, const std::function<void(Result<TicketTriage>)> &deliver)
    {
        if (!m_triage)
            return deliver(notRunning());
        TicketTriage out;
        out.ticketId = ticketId;
        auto record = m_triage->record(ticketId);
        if (!record.ok()) {
            deliver(record.error());
            return;
        }
        out.record = std::move(record).value();
        if (out.record && m_engine) {
            // The evidence is not stored: the same engine on the same ticket makes it again.
            auto inputs = m_triage->inputs({ticketId});
            if (inputs.ok() && !inputs.value().empty()) {
                const models::TriageInput &in = inputs.value().front();
                auto history = m_triage->history(in, in.createdAt - kHistorySeconds, kHistoryLimit);
                // The drafted reply for the agent is filled with what the customer view knows.
                const auto facts = models::cachedDraftFacts(m_db->db(), in.requesterId, in.subject + u'\n' + in.body, in.createdAt);
                out.record->assessment = assess(in, history.ok() ? history.value() : std::vector<models::TriageHistoryEntry>{}, facts);
            }
        }
        auto decisions = m_triage->decisions(ticketId);
        if (!decisions.ok()) {
            deliver(decisions.error());
            return;
        }
        out.decisions = std::move(decisions).value();
        if (out.record) {
            auto due = m_triage->pending(m_identity, {ticketId});
            out.current = due.ok() && due.value().empty();
        }
        deliver(std::move(out));
    }

    void decide(models::TriageDecision d, const std::function<void(Result<models::TriageDecision>)> &deliver)
    {
        if (!m_triage)
            return deliver(notRunning());
        if (d.agent.isEmpty())
            d.agent = m_agent;
        deliver(m_triage->decide(std::move(d)));
    }

private:
    template <typename F> void post(F f)
    {
        QMetaObject::invokeMethod(
            m_service, [s = m_service, f = std::move(f)] { f(s); }, Qt::QueuedConnection);
    }

    void fail(const QString &message)
    {
        post([message](TriageService *s) { s->setState(State::Failed, message); });
    }

    void scheduleStep()
    {
        QMetaObject::invokeMethod(
            this, [this] { step(); }, Qt::QueuedConnection);
    }

    // What the engine reads of a stored ticket, and its judgement.
    triage::Assessment assess(const models::TriageInput &in, const std::vector<models::TriageHistoryEntry> &history,
                              const std::map<std::string, std::string> &facts = {}) const
    {
        triage::TicketText text;
        text.id = std::to_string(in.ticketId);
        text.subject = in.subject.toStdString();
        text.body = in.body.toStdString();
        text.channel = in.channel.toStdString();
        text.mrr = in.mrr;
        for (const auto &h : history)
            text.history.push_back({static_cast<double>(in.createdAt - h.createdAt) / 86400.0, h.category, h.sentiment});
        for (const QString &name : {in.requesterName, in.organizationName})
            if (!name.isEmpty())
                text.names.push_back(name.toStdString());
        if (const QString first = firstName(in.requesterName); !first.isEmpty())
            text.context["first_name"] = first.toStdString();
        if (!in.organizationName.isEmpty())
            text.context["company"] = in.organizationName.toStdString();
        if (!in.plan.isEmpty())
            text.context["plan"] = in.plan.toStdString();
        if (!m_agent.isEmpty())
            text.context["agent_name"] = m_agent.toStdString();
        text.context["ticket_id"] = text.id;
        for (const auto &[key, value] : facts)
            text.context[key] = value;
        triage::Engine::Options options;
        options.kam = in.kamName.toStdString();
        return m_engine->assess(text, options);
    }

    // One batch, then back to the event loop so that fetch and decide are answered in between.
    void step()
    {
        if (stopping || m_queue.empty())
            return;
        std::vector<qint64> ids;
        std::unordered_set<qint64> seen;
        while (!m_queue.empty() && ids.size() < kBatch) {
            const qint64 id = m_queue.front();
            m_queue.pop_front();
            if (seen.insert(id).second)
                ids.push_back(id);
        }
        auto inputs = m_triage->inputs(ids);
        if (!inputs.ok()) {
            fail(inputs.error().message);
            m_queue.clear();
            return;
        }
        std::vector<models::TriageRecord> records;
        records.reserve(inputs.value().size());
        // This batch's own suggestions are history for its later tickets before they are stored.
        QHash<qint64, std::vector<models::TriageHistoryEntry>> local;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (const models::TriageInput &in : inputs.value()) {
            if (stopping)
                return;
            const qint64 accountKey = in.accountKey();
            auto past = m_triage->history(in, in.createdAt - kHistorySeconds, kHistoryLimit);
            std::vector<models::TriageHistoryEntry> history =
                past.ok() ? std::move(past).value() : std::vector<models::TriageHistoryEntry>{};
            const auto mine = local.constFind(accountKey);
            for (const auto &e : mine == local.constEnd() ? std::vector<models::TriageHistoryEntry>{} : *mine) {
                if (e.createdAt >= in.createdAt || e.createdAt < in.createdAt - kHistorySeconds)
                    continue;
                auto same = std::find_if(history.begin(), history.end(), [&](const auto &h) { return h.ticketId == e.ticketId; });
                if (same != history.end())
                    *same = e;
                else
                    history.push_back(e);
            }
            models::TriageRecord r;
            r.ticketId = in.ticketId;
            r.engine = m_identity;
            r.ticketUpdatedAt = in.updatedAt;
            r.triagedAt = now;
            r.accountKey = accountKey;
            r.createdAt = in.createdAt;
            r.assessment = assess(in, history);
            local[accountKey].push_back({in.ticketId, in.createdAt, r.assessment.category.label, r.assessment.sentiment.label});
            records.push_back(std::move(r));
        }
        if (auto w = m_triage->write(records); !w.ok()) {
            fail(w.error().message);
            m_queue.clear();
            return;
        }
        m_done += static_cast<qint64>(ids.size());
        QList<qint64> written;
        written.reserve(static_cast<qsizetype>(records.size()));
        for (const auto &r : records)
            written.push_back(r.ticketId);
        const qint64 done = m_done, total = std::max(m_total, m_done);
        const bool finished = m_queue.empty();
        post([written, done, total, finished](TriageService *s) {
            s->m_done = done;
            s->m_total = total;
            s->notifyStore(written);
            Q_EMIT s->triaged(written);
            Q_EMIT s->progress(done, total);
            if (finished)
                s->setState(State::Idle);
        });
        if (!finished)
            scheduleStep();
    }

    TriageService *m_service;
    QString m_workspace;
    QString m_agent;
    EngineLoader m_loader;
    std::unique_ptr<models::TicketStore> m_db;
    std::optional<models::TriageStore> m_triage;
    std::unique_ptr<triage::Engine> m_engine;
    QString m_identity;
    std::deque<qint64> m_queue;
    qint64 m_done = 0;
    qint64 m_total = 0;
};

TriageService::TriageService(models::TicketStore &store, QString agentName, EngineLoader loader, QObject *parent)
    : QObject(parent), m_store(store), m_agent(std::move(agentName)), m_thread(new QThread(this)),
      m_worker(new Worker(this, store.path(), m_agent, std::move(loader)))
{
    m_thread->setObjectName(QStringLiteral("triage"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(&m_store, &models::TicketStore::ticketsChanged, this, &TriageService::onStoreChanged);
}

TriageService::~TriageService()
{
    m_worker->stopping = true;
    if (m_thread->isRunning()) {
        m_thread->quit();
        m_thread->wait(); // the worker is deleted on its thread as it finishes
    } else {
        delete m_worker; // never started: nothing runs on that thread
    }
}

void TriageService::start()
{
    if (m_state != State::Stopped)
        return;
    setState(State::Loading);
    m_thread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->init(); }, Qt::QueuedConnection);
}

void TriageService::fetch(qint64 ticketId, QObject *context, std::function<void(Result<TicketTriage>)> callback)
{
    QPointer<QObject> ctx(context);
    auto deliver = [this, ctx, callback = std::move(callback)](Result<TicketTriage> r) {
        QMetaObject::invokeMethod(
            this,
            [ctx, callback, r = std::move(r)]() mutable {
                if (ctx)
                    callback(std::move(r));
            },
            Qt::QueuedConnection);
    };
    if (m_state == State::Stopped)
        return deliver(notRunning());
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ticketId, deliver] { w->fetch(ticketId, deliver); }, Qt::QueuedConnection);
}

void TriageService::decide(models::TriageDecision decision, QObject *context, std::function<void(Result<models::TriageDecision>)> callback)
{
    QPointer<QObject> ctx(context);
    const qint64 ticketId = decision.ticketId;
    auto deliver = [this, ctx, ticketId, callback = std::move(callback)](Result<models::TriageDecision> r) {
        QMetaObject::invokeMethod(
            this,
            [this, ctx, ticketId, callback, r = std::move(r)]() mutable {
                if (r.ok()) {
                    notifyStore({ticketId});
                    Q_EMIT decided(ticketId);
                }
                if (ctx)
                    callback(std::move(r));
            },
            Qt::QueuedConnection);
    };
    if (m_state == State::Stopped)
        return deliver(notRunning());
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, decision = std::move(decision), deliver]() mutable { w->decide(std::move(decision), deliver); },
        Qt::QueuedConnection);
}

void TriageService::setState(State s, const QString &error)
{
    m_error = error;
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void TriageService::onStoreChanged(const QList<qint64> &ids)
{
    if (m_notifying || m_state == State::Stopped || m_state == State::Failed)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ids] { w->enqueue(ids); }, Qt::QueuedConnection);
}

void TriageService::notifyStore(const QList<qint64> &ids)
{
    m_notifying = true; // our own writes are not news to us
    m_store.notifyTicketsChanged(ids);
    m_notifying = false;
}

} // namespace cosmicdesk::services
