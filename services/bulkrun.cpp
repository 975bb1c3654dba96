#include "bulkrun.h"

#include "storethread.h"
#include "ticketactions.h"

#include <models/ticketstore.h>
#include <triage/priority.h>

#include <QCoreApplication>
#include <QTimer>

#include <map>

namespace cosmicdesk::services {

using models::Error;
using models::Result;
using models::TriageDecision;

BulkRun::BulkRun(TicketActions &actions, const QString &workspacePath, std::vector<qint64> tickets, QString action, QString rule,
                 Builder builder, QObject *parent)
    : QObject(parent), m_actions(actions), m_thread(new StoreThread(workspacePath, QStringLiteral("bulk"), this)),
      m_action(std::move(action)), m_rule(std::move(rule)), m_builder(std::move(builder))
{
    for (qint64 id : tickets) {
        if (m_index.count(id))
            continue; // a ticket once
        m_index[id] = m_outcomes.size();
        m_outcomes.push_back({id, State::Waiting, {}, 0});
    }
}

BulkRun::~BulkRun() = default;

BulkRun::Builder BulkRun::sameChange(const models::TicketChange &change)
{
    return [change](const std::vector<qint64> &ids, StoreThread &, QObject *, std::function<void(PreparedList)> done) {
        PreparedList out;
        for (qint64 id : ids)
            out.emplace_back(id, Prepared{change, {}});
        done(std::move(out));
    };
}

BulkRun::Builder BulkRun::acceptSuggestions(std::function<Result<models::TicketChange>(const TriageDecision &)> mapping)
{
    return [mapping](const std::vector<qint64> &ids, StoreThread &store, QObject *context, std::function<void(PreparedList)> done) {
        using Records = std::vector<std::pair<qint64, std::optional<models::TriageRecord>>>;
        store.run<Records>(
            [ids](models::TicketStore &s) -> Result<Records> {
                models::TriageStore triage(s.db());
                Records out;
                for (qint64 id : ids) {
                    auto r = triage.record(id);
                    if (!r.ok())
                        return r.error();
                    out.emplace_back(id, std::move(r).value());
                }
                return out;
            },
            context,
            [ids, mapping, done](Result<Records> records) {
                PreparedList out;
                if (!records.ok()) {
                    for (qint64 id : ids)
                        out.emplace_back(id, records.error());
                    return done(std::move(out));
                }
                for (const auto &[id, record] : records.value()) {
                    if (!record) {
                        out.emplace_back(id, Error::make(Error::Kind::NotFound, tr("The ticket has no suggestion yet.")));
                        continue;
                    }
                    const triage::Assessment &a = record->assessment;
                    Prepared p;
                    QStringList missing;
                    const std::pair<TriageDecision::Field, QString> suggested[] = {
                        {TriageDecision::Field::Priority, QString::fromLatin1(triage::priorityName(a.priority.priority).data())},
                        {TriageDecision::Field::Team, QString::fromStdString(a.team.label)},
                        {TriageDecision::Field::Category, QString::fromStdString(a.category.label)}};
                    for (const auto &[field, value] : suggested) {
                        if (value.isEmpty())
                            continue;
                        TriageDecision d;
                        d.ticketId = id;
                        d.field = field;
                        d.suggested = d.chosen = value;
                        auto change = mapping(d);
                        if (!change.ok()) {
                            missing << change.error().message;
                            continue;
                        }
                        const models::TicketChange &c = change.value();
                        if (c.priority)
                            p.change.priority = c.priority;
                        if (c.groupId)
                            p.change.groupId = c.groupId;
                        p.change.addTags << c.addTags;
                        p.change.removeTags << c.removeTags;
                        p.decisions.push_back(std::move(d));
                    }
                    if (p.decisions.empty())
                        out.emplace_back(id, Error::make(Error::Kind::Config, missing.join(u' ')));
                    else {
                        p.note = missing.join(u' '); // what could not be sent is left undecided
                        out.emplace_back(id, std::move(p));
                    }
                }
                done(std::move(out));
            });
    };
}

void BulkRun::start()
{
    if (m_started)
        return;
    m_started = true;
    QTimer::singleShot(0, this, &BulkRun::nextChunk);
}

void BulkRun::cancel()
{
    m_cancelled = true;
}

int BulkRun::count(State s) const
{
    return static_cast<int>(std::count_if(m_outcomes.begin(), m_outcomes.end(), [s](const Outcome &o) { return o.state == s; }));
}

QString BulkRun::summary() const
{
    QStringList parts;
    parts << tr("%1 queued for Zendesk").arg(count(State::Queued));
    if (const int n = count(State::Failed))
        parts << tr("%1 failed").arg(n);
    if (const int n = count(State::Cancelled) + (m_finished ? 0 : count(State::Waiting)))
        parts << tr("%1 not changed (cancelled)").arg(n);
    return parts.join(QStringLiteral(" · "));
}

void BulkRun::record(qint64 ticketId, State state, const QString &reason, qint64 outboxId)
{
    const auto it = m_index.find(ticketId);
    if (it == m_index.end())
        return;
    Outcome &o = m_outcomes[it->second];
    o.state = state;
    o.reason = reason;
    o.outboxId = outboxId;
}

void BulkRun::nextChunk()
{
    if (m_cancelled || m_next >= total())
        return finish();
    std::vector<qint64> ids;
    for (int i = m_next; i < total() && int(ids.size()) < kChunk; ++i)
        ids.push_back(m_outcomes[static_cast<std::size_t>(i)].ticketId);
    m_next += static_cast<int>(ids.size());
    m_builder(ids, *m_thread, this, [this, ids](PreparedList prepared) {
        std::map<qint64, Result<Prepared> *> byId;
        for (auto &[id, p] : prepared)
            byId.emplace(id, &p);
        std::vector<std::pair<qint64, Prepared>> ready;
        for (qint64 id : ids) {
            const auto it = byId.find(id);
            if (it == byId.end())
                record(id, State::Failed, tr("The change could not be prepared."));
            else if (!it->second->ok())
                record(id, State::Failed, it->second->error().message);
            else if (it->second->value().change.isEmpty())
                record(id, State::Failed, tr("Nothing to change on this ticket."));
            else
                ready.emplace_back(id, std::move(*it->second).value());
        }
        if (m_cancelled) {
            // Built but not queued: nothing of it was written.
            for (const auto &[id, p] : ready)
                record(id, State::Cancelled, {});
            return finish();
        }
        queueChunk(std::move(ready));
    });
}

void BulkRun::queueChunk(std::vector<std::pair<qint64, Prepared>> ready)
{
    if (ready.empty()) {
        Q_EMIT progress(m_next, total());
        return nextChunk();
    }
    std::vector<std::pair<qint64, models::TicketChange>> changes;
    std::vector<TriageDecision> decisions;
    for (const auto &[id, p] : ready) {
        changes.emplace_back(id, p.change);
        decisions.insert(decisions.end(), p.decisions.begin(), p.decisions.end());
    }
    auto done = [this, ready](Result<std::vector<qint64>> r) mutable {
        if (!r.ok()) {
            if (ready.size() == 1) {
                record(ready.front().first, State::Failed, r.error().message);
            } else {
                // One of them is refused: find which, ticket by ticket.
                return queueOneByOne(std::move(ready), 0);
            }
        } else {
            for (std::size_t i = 0; i < ready.size(); ++i)
                record(ready[i].first, State::Queued, ready[i].second.note, i < r.value().size() ? r.value()[i] : 0);
        }
        Q_EMIT progress(m_next, total());
        nextChunk();
    };
    if (decisions.empty())
        m_actions.changeMany(std::move(changes), m_action, m_rule, this, std::move(done));
    else
        m_actions.decide(std::move(changes), std::move(decisions), m_rule, this, std::move(done));
}

void BulkRun::queueOneByOne(std::vector<std::pair<qint64, Prepared>> ready, std::size_t at)
{
    if (at >= ready.size()) {
        Q_EMIT progress(m_next, total());
        return nextChunk();
    }
    if (m_cancelled) {
        for (std::size_t i = at; i < ready.size(); ++i)
            record(ready[i].first, State::Cancelled, {});
        return finish();
    }
    const auto &[id, p] = ready[at];
    auto done = [this, ready, at, id = id, note = p.note](Result<std::vector<qint64>> r) mutable {
        if (r.ok())
            record(id, State::Queued, note, r.value().empty() ? 0 : r.value().front());
        else
            record(id, State::Failed, r.error().message);
        queueOneByOne(std::move(ready), at + 1);
    };
    if (p.decisions.empty())
        m_actions.changeMany({{id, p.change}}, m_action, m_rule, this, std::move(done));
    else
        m_actions.decide({{id, p.change}}, p.decisions, m_rule, this, std::move(done));
}

void BulkRun::finish()
{
    if (m_finished)
        return;
    for (Outcome &o : m_outcomes)
        if (o.state == State::Waiting)
            o.state = State::Cancelled;
    m_finished = true;
    Q_EMIT progress(m_next, total());
    Q_EMIT finished();
}

} // namespace cosmicdesk::services
