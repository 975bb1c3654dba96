#include "batchtriage.h"

#include <triage/textutil.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
#include <thread>

namespace cosmicdesk::cli {

triage::TicketText ticketText(const models::ImportedTicket &t, const QStringList &textColumns)
{
    triage::TicketText out;
    out.id = t.id;
    out.channel = t.channel;
    out.mrr = t.mrr;
    if (textColumns.isEmpty()) {
        out.subject = t.subject;
        out.body = t.description;
    } else {
        // The first text column is the subject, the others make the body.
        for (qsizetype i = 0; i < textColumns.size(); ++i) {
            auto it = t.fields.find(textColumns[i].toLower().toStdString());
            if (it == t.fields.end())
                continue;
            if (i == 0)
                out.subject = it->second;
            else
                out.body += (out.body.empty() ? "" : "\n") + it->second;
        }
    }
    if (!t.customer.empty()) {
        out.context["company"] = t.customer;
        out.names.push_back(t.customer);
    }
    for (const char *column : {"requester_name", "requester", "name", "first_name"})
        if (auto it = t.fields.find(column); it != t.fields.end() && !it->second.empty())
            out.names.push_back(it->second);
    if (auto it = t.fields.find("first_name"); it != t.fields.end())
        out.context["first_name"] = it->second;
    if (auto it = t.fields.find("satisfaction"); it != t.fields.end() && !it->second.empty()) {
        try {
            out.satisfaction = std::stod(it->second);
        } catch (...) {
        }
    }
    return out;
}

std::string labelValue(const models::ImportedTicket &t, const std::string &column)
{
    if (column == "actual_priority" || column == "priority" || column == "final_priority") {
        auto it = t.fields.find(column);
        const auto p = it != t.fields.end() ? triage::parsePriority(it->second) : std::nullopt;
        return p ? std::string(triage::priorityName(*p)) : t.actualPriority;
    }
    auto it = t.fields.find(column);
    if (it == t.fields.end())
        return {};
    std::string v = it->second;
    const std::string low = triage::asciiLower(v);
    if (low == "true" || low == "yes" || low == "1" || low == "y")
        return "yes";
    if (low == "false" || low == "no" || low == "0" || low == "n")
        return "no";
    return v;
}

void parallelFor(std::size_t n, const std::function<void(std::size_t)> &work, const std::function<void(std::size_t, std::size_t)> &progress)
{
    const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 16));
    std::atomic<std::size_t> next{0}, done{0};
    auto run = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) {
            work(i);
            const std::size_t d = done.fetch_add(1) + 1;
            if (progress && (d % 1000 == 0 || d == n))
                progress(d, n);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < n; ++t)
        pool.emplace_back(run);
    run();
    for (auto &th : pool)
        th.join();
}

std::vector<triage::Assessment> triageBatch(const triage::Engine &engine, const std::vector<models::ImportedTicket> &tickets,
                                            const QStringList &textColumns, bool drafts,
                                            const std::function<void(std::size_t, std::size_t)> &progress)
{
    const std::size_t n = tickets.size();
    std::vector<triage::TicketText> texts(n);
    for (std::size_t i = 0; i < n; ++i)
        texts[i] = ticketText(tickets[i], textColumns);

    // Pass 1: category and tone of every ticket, for the history of later ones.
    std::vector<triage::Assessment> first(n);
    triage::Engine::Options quick;
    quick.drafts = false;
    parallelFor(n, [&](std::size_t i) { first[i] = engine.assess(texts[i], quick); }, {});

    // Earlier tickets of the same account, in time order (input order when there is no timestamp).
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    const bool timed = std::all_of(tickets.begin(), tickets.end(), [](const auto &t) { return t.createdAt > 0; });
    if (timed)
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return tickets[a].createdAt < tickets[b].createdAt; });
    std::map<std::string, std::vector<std::size_t>> seen;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = order[k];
        if (tickets[i].customer.empty())
            continue;
        auto &earlier = seen[tickets[i].customer];
        for (auto it = earlier.rbegin(); it != earlier.rend() && texts[i].history.size() < std::size_t(triage::kHistoryMaxTickets); ++it) {
            const std::size_t j = *it;
            double days = 0;
            if (tickets[i].createdAt && tickets[j].createdAt)
                days = static_cast<double>(tickets[i].createdAt - tickets[j].createdAt) / 86400.0;
            if (days > triage::kHistoryDays)
                break;
            texts[i].history.push_back({days, first[j].category.label, first[j].sentiment.label});
        }
        earlier.push_back(i);
    }

    // Pass 2: the full assessment with history and drafts.
    std::vector<triage::Assessment> out(n);
    triage::Engine::Options full;
    full.drafts = drafts;
    parallelFor(
        n, [&](std::size_t i) { out[i] = engine.assess(texts[i], full); }, progress);
    return out;
}

} // namespace cosmicdesk::cli
