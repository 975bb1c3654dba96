#include "batchtriage.h"

#include <triage/textutil.h>

#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <thread>
#include <unordered_map>

namespace cosmicdesk::services {

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

struct ExportTriage::State
{
    struct Seen
    {
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
        std::int32_t account = -1; // index into accounts, -1: no customer
        std::uint16_t category = 0, sentiment = 0;
        std::uint32_t line = 0;
        bool used = true; // false: a later line has the same id
    };
    std::vector<Seen> seen;
    std::unordered_map<std::string, std::uint32_t> accountIndex, lastById;
    std::vector<std::string> labels; // categories and tones, interned
    std::unordered_map<std::string, std::uint16_t> labelIndex;
    std::vector<std::vector<std::uint32_t>> accounts; // each account's tickets in time order
    std::vector<std::uint32_t> rank;                  // where each ticket stands among its account's
    // While observing: each account's timed tickets as they came, the latest time among them, and
    // whether its history as seen so far can be trusted (they came in time order, no copy replaced).
    std::vector<std::vector<std::uint32_t>> arrived;
    std::vector<qint64> latest;
    std::vector<std::uint8_t> untrusted;

    void distrust(std::int32_t account)
    {
        if (account >= 0)
            untrusted[static_cast<std::size_t>(account)] = 1;
    }

    std::uint16_t intern(const std::string &l)
    {
        const auto [it, fresh] = labelIndex.emplace(l, static_cast<std::uint16_t>(labels.size()));
        if (fresh)
            labels.push_back(l);
        return it->second;
    }
};

ExportTriage::ExportTriage(const triage::Engine &engine, QStringList textColumns)
    : m_engine(engine), m_columns(std::move(textColumns)), m_state(std::make_unique<State>())
{
}

ExportTriage::~ExportTriage() = default;

void ExportTriage::observe(const std::vector<models::ImportedTicket> &batch, std::vector<triage::Assessment> *handOut,
                           const triage::Engine::Options *full)
{
    State &st = *m_state;
    triage::Engine::Options quick;
    quick.drafts = false;
    const triage::Engine::Options &options = full ? *full : quick;
    const std::size_t first = st.seen.size();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto &t = batch[i];
        State::Seen s;
        s.createdAt = t.createdAt;
        s.updatedAt = t.updatedAt;
        if (!t.customer.empty()) {
            s.account = static_cast<std::int32_t>(
                st.accountIndex.emplace(t.customer, static_cast<std::uint32_t>(st.accountIndex.size())).first->second);
            if (st.arrived.size() < st.accountIndex.size()) {
                st.arrived.resize(st.accountIndex.size());
                st.latest.resize(st.accountIndex.size(), 0);
                st.untrusted.resize(st.accountIndex.size(), 0);
            }
        }
        s.line = static_cast<std::uint32_t>(t.line);
        const auto position = static_cast<std::uint32_t>(st.seen.size());
        if (!t.positionalId && !t.id.empty()) {
            // Of two copies of a ticket, the newer version is triaged; the other is neither triaged
            // nor counted as its account's history.
            const auto [it, fresh] = st.lastById.emplace(t.id, position);
            if (!fresh) {
                ++m_duplicates;
                State::Seen &earlier = st.seen[it->second];
                const bool newer = models::TicketImporter::isNewer(s.updatedAt, earlier.updatedAt);
                if (m_warnings.size() < 100)
                    m_warnings << models::TicketImporter::duplicateWarning(t.id, earlier.line, t.line, newer ? t.line : earlier.line);
                if (newer) {
                    earlier.used = false;
                    it->second = position;
                    // Later tickets may have counted the replaced copy as history.
                    st.distrust(earlier.account);
                    st.distrust(s.account);
                } else {
                    s.used = false;
                }
            }
        }
        if (s.used && s.account >= 0 && s.createdAt > 0) {
            const auto a = static_cast<std::size_t>(s.account);
            if (s.createdAt < st.latest[a])
                st.untrusted[a] = 1; // an earlier ticket after later ones: their history lacked it
            st.latest[a] = std::max(st.latest[a], s.createdAt);
            st.arrived[a].push_back(position);
        }
        st.seen.push_back(s);
    }

    // With `full`: each ticket's history as seen so far, the account's earlier tickets that came
    // before it, newest first (none for an account judged again in the second pass). Whether a
    // ticket has history is known from the times alone; what its history says (category, tone) is
    // the earlier tickets' judgement, which history does not change. So each ticket is judged once,
    // as soon as the tickets of this batch it looks back on are.
    std::vector<std::vector<std::pair<std::uint32_t, double>>> looksBack(batch.size());
    if (full) {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const State::Seen &s = st.seen[first + i];
            if (!s.used || s.account < 0 || s.createdAt <= 0 || st.untrusted[static_cast<std::size_t>(s.account)])
                continue;
            const auto &mine = st.arrived[static_cast<std::size_t>(s.account)];
            for (auto it = mine.rbegin(); it != mine.rend() && looksBack[i].size() < std::size_t(triage::kHistoryMaxTickets); ++it) {
                if (*it >= first + i)
                    continue; // itself, or after it in the file
                const double days = static_cast<double>(s.createdAt - st.seen[*it].createdAt) / 86400.0;
                if (days > triage::kHistoryDays)
                    break;
                looksBack[i].emplace_back(*it, days);
            }
        }
    }
    std::vector<triage::Assessment> judged(batch.size());
    std::vector<std::uint8_t> done(batch.size(), 0);
    std::size_t remaining = batch.size();
    QElapsedTimer clock;
    while (remaining > 0) {
        // The earliest ticket not judged yet is always ready: it looks back only on earlier ones.
        std::vector<std::size_t> ready;
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (!done[i] && std::all_of(looksBack[i].begin(), looksBack[i].end(),
                                        [&](const auto &e) { return e.first < first || done[e.first - first]; }))
                ready.push_back(i);
        std::vector<triage::TicketText> texts(ready.size());
        for (std::size_t k = 0; k < ready.size(); ++k) {
            texts[k] = ticketText(batch[ready[k]], m_columns);
            for (const auto &[p, days] : looksBack[ready[k]])
                texts[k].history.push_back({days, st.labels[st.seen[p].category],
                                            triage::parseSentiment(st.labels[st.seen[p].sentiment]).value_or(triage::Sentiment::Neutral)});
        }
        clock.start();
        parallelFor(ready.size(), [&](std::size_t k) { judged[ready[k]] = m_engine.assess(texts[k], options); });
        m_seconds += static_cast<double>(clock.nsecsElapsed()) / 1e9;
        for (std::size_t i : ready) {
            State::Seen &s = st.seen[first + i];
            s.category = st.intern(judged[i].category.label);
            s.sentiment = st.intern(std::string(triage::sentimentName(judged[i].sentiment.label)));
            done[i] = 1;
            --remaining;
        }
    }
    if (handOut)
        *handOut = std::move(judged);
}

bool ExportTriage::dirty(std::size_t p) const
{
    const State &st = *m_state;
    if (!used(p) || st.seen[p].account < 0 || st.seen[p].createdAt <= 0)
        return false;
    return st.untrusted[static_cast<std::size_t>(st.seen[p].account)] != 0;
}

std::size_t ExportTriage::dirtyCount() const
{
    std::size_t n = 0;
    for (std::size_t p = 0; p < total(); ++p)
        n += dirty(p) ? 1 : 0;
    return n;
}

void ExportTriage::finishObserving()
{
    State &st = *m_state;
    st.lastById = {};
    st.arrived = {};
    st.latest = {};
    const std::size_t n = st.seen.size();
    st.accounts.assign(st.accountIndex.size(), {});
    st.accountIndex = {};
    for (std::uint32_t p = 0; p < n; ++p)
        if (st.seen[p].used && st.seen[p].account >= 0)
            st.accounts[static_cast<std::size_t>(st.seen[p].account)].push_back(p);
    st.rank.assign(n, 0);
    for (auto &a : st.accounts) {
        // Those without a time go last.
        const auto when = [&](std::uint32_t x) {
            return st.seen[x].createdAt > 0 ? st.seen[x].createdAt : std::numeric_limits<qint64>::max();
        };
        std::stable_sort(a.begin(), a.end(), [&](std::uint32_t x, std::uint32_t y) { return when(x) < when(y); });
        for (std::uint32_t k = 0; k < a.size(); ++k)
            st.rank[a[k]] = k;
    }
}

std::size_t ExportTriage::total() const
{
    return m_state->seen.size();
}

bool ExportTriage::used(std::size_t position) const
{
    return position < m_state->seen.size() && m_state->seen[position].used;
}

std::vector<triage::PastTicket> ExportTriage::history(std::size_t p) const
{
    const State &st = *m_state;
    std::vector<triage::PastTicket> out;
    if (p >= st.seen.size() || !st.seen[p].used || st.seen[p].account < 0 || st.seen[p].createdAt <= 0)
        return out;
    const auto &mine = st.accounts[static_cast<std::size_t>(st.seen[p].account)];
    for (std::uint32_t k = st.rank[p]; k-- > 0 && out.size() < std::size_t(triage::kHistoryMaxTickets);) {
        const State::Seen &earlier = st.seen[mine[k]];
        if (earlier.createdAt <= 0)
            continue; // when it was is unknown: not within any window
        const double days = static_cast<double>(st.seen[p].createdAt - earlier.createdAt) / 86400.0;
        if (days > triage::kHistoryDays)
            break;
        out.push_back(
            {days, st.labels[earlier.category], triage::parseSentiment(st.labels[earlier.sentiment]).value_or(triage::Sentiment::Neutral)});
    }
    return out;
}

models::Result<std::vector<triage::Assessment>> ExportTriage::assess(const std::vector<models::ImportedTicket> &batch, std::size_t position,
                                                                     const triage::Engine::Options &options, bool onlyRevised)
{
    if (position + batch.size() > total())
        return models::Error::make(models::Error::Kind::BadPayload, QStringLiteral("The file changed while it was read."));
    std::vector<triage::TicketText> texts(batch.size());
    std::vector<std::uint8_t> wanted(batch.size(), 0);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!used(position + i) || (onlyRevised && !dirty(position + i)))
            continue;
        texts[i] = ticketText(batch[i], m_columns);
        texts[i].history = history(position + i);
        wanted[i] = !onlyRevised || !texts[i].history.empty();
    }
    std::vector<triage::Assessment> judged(batch.size());
    QElapsedTimer clock;
    clock.start();
    parallelFor(batch.size(), [&](std::size_t i) {
        if (wanted[i])
            judged[i] = m_engine.assess(texts[i], options);
    });
    m_seconds += static_cast<double>(clock.nsecsElapsed()) / 1e9;
    return judged;
}

} // namespace cosmicdesk::services
