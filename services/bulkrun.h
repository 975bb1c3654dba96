#pragma once

#include <models/result.h>
#include <models/ticketchange.h>
#include <models/triagestore.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <vector>

namespace cosmicdesk::services {

class StoreThread;
class TicketActions;

// One bulk action on any number of tickets. The tickets go 100 at a time (the size of one
// update_many the outbox sends): each hundred's changes are built, then made and queued through
// TicketActions in one transaction. Cancel stops what is not queued yet — a hundred already queued
// stays queued and is delivered. A hundred that cannot be queued whole (a closed ticket among them)
// is queued ticket by ticket, so that one refusal does not hold back the rest, and each ticket's
// result says why it failed.
class BulkRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkRun)

public:
    static constexpr int kChunk = 100;

    // What one ticket gets: the change, and the triage decisions it carries (accepted suggestions).
    struct Prepared
    {
        models::TicketChange change;
        std::vector<models::TriageDecision> decisions;
        QString note; // what of the action this ticket does not get, and why (its result says so)
    };
    using PreparedList = std::vector<std::pair<qint64, models::Result<Prepared>>>;
    // Builds the changes of one hundred tickets (in any order; a ticket left out fails as "not
    // prepared"). It may answer later (a macro asks Zendesk); it runs on the caller's thread and
    // reads the store through `store` (the run's own worker thread).
    using Builder =
        std::function<void(const std::vector<qint64> &ids, StoreThread &store, QObject *context, std::function<void(PreparedList)> done)>;

    enum class State { Waiting, Queued, Failed, Cancelled };
    struct Outcome
    {
        qint64 ticketId = 0;
        State state = State::Waiting;
        QString reason; // Failed: why; Queued: what was left out, if anything
        qint64 outboxId = 0;
    };

    // action and rule name the changes in the audit ("bulk" and e.g. "Set status: solved").
    BulkRun(TicketActions &actions, const QString &workspacePath, std::vector<qint64> tickets, QString action, QString rule,
            Builder builder, QObject *parent = nullptr);
    ~BulkRun() override;

    // The same change to every ticket.
    static Builder sameChange(const models::TicketChange &change);
    // Each ticket's stored suggestion (priority, team, category) accepted: decisions and their change.
    static Builder acceptSuggestions(std::function<models::Result<models::TicketChange>(const models::TriageDecision &)> mapping);

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    const std::vector<Outcome> &outcomes() const { return m_outcomes; }
    int count(State s) const;
    int handled() const { return m_next; } // tickets past the building step (queued, failed or cancelled)
    int total() const { return static_cast<int>(m_outcomes.size()); }
    // "120 queued · 3 failed · 77 not done (cancelled)"
    QString summary() const;

Q_SIGNALS:
    void progress(int handled, int total);
    void finished();

private:
    void nextChunk();
    void queueChunk(std::vector<std::pair<qint64, Prepared>> ready);
    void queueOneByOne(std::vector<std::pair<qint64, Prepared>> ready, std::size_t at);
    void record(qint64 ticketId, State state, const QString &reason, qint64 outboxId = 0);
    void finish();

    TicketActions &m_actions;
    StoreThread *m_thread;
    QString m_action, m_rule;
    Builder m_builder;
    std::vector<Outcome> m_outcomes;
    std::map<qint64, std::size_t> m_index;
    int m_next = 0; // the first ticket not yet handed to the builder
    bool m_started = false, m_cancelled = false, m_finished = false;
};

} // namespace cosmicdesk::services
