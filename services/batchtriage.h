#pragma once

#include <models/ticketimporter.h>
#include <triage/engine.h>

#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace cosmicdesk::services {

// The engine's view of an imported ticket; `textColumns` (default subject + description) are joined
// into the body when other columns hold the text.
triage::TicketText ticketText(const models::ImportedTicket &t, const QStringList &textColumns = {});

// A label column's value for a ticket: priorities normalised to P0-P3, booleans to "yes"/"no".
std::string labelValue(const models::ImportedTicket &t, const std::string &column);

// Runs work(0 … n-1) on every core (at most 16 threads); progress(done, n) every 1000 and at the end.
void parallelFor(std::size_t n, const std::function<void(std::size_t)> &work,
                 const std::function<void(std::size_t, std::size_t)> &progress = {});

// Triage of a whole export. An account's history is its earlier tickets in the same input (by
// timestamp, else by position), so the engine runs twice: a first pass for each ticket's category and
// tone, a second with the history. Both passes use every core.
std::vector<triage::Assessment> triageBatch(const triage::Engine &engine, const std::vector<models::ImportedTicket> &tickets,
                                            const QStringList &textColumns, bool drafts,
                                            const std::function<void(std::size_t, std::size_t)> &progress = {});

// Triage of an export too large to hold, read twice a batch at a time with a few bytes a ticket
// kept between the passes. The first (observe) judges each ticket quickly for what its account's
// later tickets need (time, category, tone) and resolves duplicate ids to the newer version; the
// second (assess, the same batches in the same order) judges in full with the account's history:
// its earlier tickets within triage::kHistoryDays by timestamp (a ticket whose time is unknown has
// no history and is nobody's). `triage` and `import` both use it: one rule for both.
class ExportTriage
{
public:
    ExportTriage(const triage::Engine &engine, QStringList textColumns);
    ~ExportTriage();
    ExportTriage(const ExportTriage &) = delete;
    ExportTriage &operator=(const ExportTriage &) = delete;

    // The judgements (no drafts) are handed out through `judged` when given. With `full`, each ticket
    // is judged once, with those options and the history among the tickets seen so far: for a file
    // in time order that is the final assessment, and the second pass is needed only for dirty()
    // tickets. Without, every ticket is judged without history (the first of two passes).
    void observe(const std::vector<models::ImportedTicket> &batch, std::vector<triage::Assessment> *judged = nullptr,
                 const triage::Engine::Options *full = nullptr);
    // Whether the ticket's judgement in observe() may lack history that only a later line of the file
    // revealed: its account's tickets came out of time order, or a copy it counted was replaced by a
    // newer version. Valid after finishObserving().
    bool dirty(std::size_t position) const;
    std::size_t dirtyCount() const;
    void finishObserving();

    std::size_t total() const;
    // false: an older copy of a ticket id whose newer version is elsewhere in the file.
    bool used(std::size_t position) const;
    std::size_t duplicates() const { return m_duplicates; }
    const QStringList &warnings() const { return m_warnings; }
    // The full assessments of the batch that starts at `position` (default-constructed for the
    // unused, and with `onlyRevised` for all but the tickets revised(): the first pass's judgement of
    // the others stands); fails when the file holds more tickets than the first pass saw.
    models::Result<std::vector<triage::Assessment>> assess(const std::vector<models::ImportedTicket> &batch, std::size_t position,
                                                           const triage::Engine::Options &options, bool onlyRevised = false);
    // A dirty ticket that has history: its judgement with `full` in observe() is to be redone.
    bool revised(std::size_t position) const { return dirty(position) && !history(position).empty(); }
    // The history the engine is given for the ticket at `position`.
    std::vector<triage::PastTicket> history(std::size_t position) const;
    // Time spent in the engine, both passes.
    double engineSeconds() const { return m_seconds; }

private:
    struct State;
    const triage::Engine &m_engine;
    QStringList m_columns;
    std::unique_ptr<State> m_state;
    std::size_t m_duplicates = 0;
    QStringList m_warnings;
    double m_seconds = 0;
};

} // namespace cosmicdesk::services
