#pragma once

#include <models/ticketimporter.h>
#include <triage/engine.h>

#include <QStringList>

#include <functional>
#include <vector>

namespace cosmicdesk::cli {

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

} // namespace cosmicdesk::cli
