#include "queuefilter.h"

#include "textfold.h"
#include "ticketqueuemodel.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <thread>

namespace cosmicdesk::models {

bool QueueFilter::nonTextEquals(const QueueFilter &o) const
{
    return priorityMask == o.priorityMask && statusMask == o.statusMask && teams == o.teams && flags == o.flags &&
           assigneeId == o.assigneeId && createdFrom == o.createdFrom && createdTo == o.createdTo &&
           agentPriorityMask == o.agentPriorityMask && suggestedMask == o.suggestedMask && ticketIds == o.ticketIds;
}

quint8 QueueFilter::activeStatuses()
{
    return static_cast<quint8>((1 << int(TicketStatus::New)) | (1 << int(TicketStatus::Open)) | (1 << int(TicketStatus::Pending)) |
                               (1 << int(TicketStatus::Hold)));
}

std::vector<std::string> splitTerms(const QString &text)
{
    std::vector<std::string> terms;
    const std::string folded = foldText(text);
    std::size_t i = 0;
    while (i < folded.size()) {
        while (i < folded.size() && (folded[i] == ' ' || folded[i] == '\t'))
            ++i;
        std::size_t j = i;
        while (j < folded.size() && folded[j] != ' ' && folded[j] != '\t')
            ++j;
        if (j > i) {
            std::string t = folded.substr(i, j - i);
            if (t.size() > 1 && t[0] == '#') // "#10023" means the ticket id
                t.erase(0, 1);
            terms.push_back(std::move(t));
        }
        i = j;
    }
    return terms;
}

QueueMatcher::QueueMatcher(const QueueData &data, const QueueFilter &filter, const SlaPolicy &sla, qint64 now)
    : m_data(data), m_sla(sla), m_filter(filter), m_now(now), m_terms(splitTerms(filter.text))
{
    m_ids = QSet<qint64>(filter.ticketIds.cbegin(), filter.ticketIds.cend());
    m_personHits.reserve(m_terms.size());
    for (const std::string &term : m_terms) {
        std::vector<bool> hits(data.people.size(), false);
        for (std::size_t p = 1; p < data.people.size(); ++p)
            hits[p] = data.people[p].folded.find(term) != std::string::npos;
        m_personHits.push_back(std::move(hits));
    }
    if (!filter.teams.isEmpty()) {
        m_teamAllowed.assign(data.teams.size(), false);
        for (std::size_t t = 0; t < data.teams.size(); ++t)
            m_teamAllowed[t] = filter.teams.contains(data.teams[t]);
    }
    if (filter.assigneeId != 0) {
        const auto known = data.personIndex.find(filter.assigneeId);
        m_assigneeKnown = known.has_value();
        m_assignee = known.value_or(0);
    }
    m_trivial = m_terms.empty() && filter.priorityMask == 0 && filter.statusMask == 0 && filter.teams.isEmpty() && filter.flags == 0 &&
                filter.assigneeId == 0 && filter.createdFrom == 0 && filter.createdTo == 0 && filter.agentPriorityMask == 0 &&
                filter.suggestedMask == 0 && filter.ticketIds.isEmpty();
}

bool QueueMatcher::matchesFields(std::size_t row) const
{
    const QueueData &d = m_data;
    if (m_filter.statusMask && !(m_filter.statusMask & (1u << d.status[row])))
        return false;
    if (m_filter.priorityMask) {
        const quint8 p = d.priority[row] != kNoPriority ? d.priority[row] : d.suggested[row];
        const unsigned bit = p == kNoPriority ? 4u : p;
        if (!(m_filter.priorityMask & (1u << bit)))
            return false;
    }
    if (!m_filter.ticketIds.isEmpty() && !m_ids.contains(d.id[row]))
        return false;
    if (m_filter.createdFrom && d.createdAt[row] < m_filter.createdFrom)
        return false;
    if (m_filter.createdTo && d.createdAt[row] >= m_filter.createdTo)
        return false;
    const auto bitOf = [](quint8 p) { return 1u << (p == kNoPriority ? 4u : p); };
    if (m_filter.agentPriorityMask && !(m_filter.agentPriorityMask & bitOf(d.priority[row])))
        return false;
    if (m_filter.suggestedMask && !(m_filter.suggestedMask & bitOf(d.suggested[row])))
        return false;
    if (!m_teamAllowed.empty() && !m_teamAllowed[d.team[row]])
        return false;
    if (m_filter.assigneeId != 0 && (!m_assigneeKnown || d.assignee[row] != m_assignee))
        return false;
    const quint32 f = m_filter.flags;
    if (f) {
        if ((f & QueueFilter::Unassigned) && d.assignee[row] != 0)
            return false;
        if ((f & QueueFilter::GuardianAlert) && d.guardian[row] < 2)
            return false;
        if ((f & QueueFilter::Opportunity) && d.opportunity[row] == 0)
            return false;
        if (f & QueueFilter::Disagreement) {
            const bool priority = d.priority[row] != kNoPriority && d.suggested[row] != kNoPriority && d.priority[row] != d.suggested[row];
            const bool team = d.team[row] != 0 && d.suggestedTeam[row] != 0 && d.team[row] != d.suggestedTeam[row];
            if (!priority && !team)
                return false;
        }
        if (f & (QueueFilter::SlaAtRisk | QueueFilter::SlaBreached)) {
            const SlaState s = m_sla.evaluate(d.effectivePriority(row), static_cast<TicketStatus>(d.status[row]), d.createdAt[row],
                                              d.firstReplyAt[row], d.solvedAt[row], d.updatedAt[row], m_now);
            if ((f & QueueFilter::SlaBreached) && s.level != SlaState::Level::Breached)
                return false;
            if ((f & QueueFilter::SlaAtRisk) && s.level != SlaState::Level::AtRisk && s.level != SlaState::Level::Breached)
                return false;
        }
    }
    return true;
}

bool QueueMatcher::matchesText(std::size_t row) const
{
    if (m_terms.empty())
        return true;
    const std::string_view subject = m_data.foldedSubject.at(row);
    for (std::size_t t = 0; t < m_terms.size(); ++t) {
        const std::string &term = m_terms[t];
        if (subject.find(term) != std::string_view::npos)
            continue;
        if (m_personHits[t][m_data.requester[row]])
            continue;
        if (term[0] >= '0' && term[0] <= '9') {
            char buf[24];
            auto res = std::to_chars(buf, buf + sizeof buf, m_data.id[row]);
            if (std::string_view(buf, static_cast<std::size_t>(res.ptr - buf)).find(term) != std::string_view::npos)
                continue;
        }
        return false;
    }
    return true;
}

bool QueueMatcher::refines(const QueueFilter &narrower, const QueueFilter &wider)
{
    if (!narrower.nonTextEquals(wider))
        return false;
    const auto a = splitTerms(narrower.text);
    const auto b = splitTerms(wider.text);
    if (a.size() < b.size())
        return false;
    for (std::size_t i = 0; i < b.size(); ++i)
        if (a[i].find(b[i]) == std::string::npos)
            return false;
    return true;
}

namespace {

struct Keyed
{
    quint64 key;
    quint32 row;
};

quint64 orderedBits(qint64 v)
{
    return static_cast<quint64>(v) ^ (quint64(1) << 63);
}

// Sorts in two halves on two threads and merges: comparators on strings are costly at 1M rows.
template <typename T, typename Less> void parallelSort(std::vector<T> &v, Less less)
{
    const std::size_t n = v.size();
    if (n < 50000 || std::thread::hardware_concurrency() < 2) {
        std::sort(v.begin(), v.end(), less);
        return;
    }
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::thread other([&] { std::sort(v.begin(), mid, less); });
    std::sort(mid, v.end(), less);
    other.join();
    std::inplace_merge(v.begin(), mid, v.end(), less);
}

// Rank of each dictionary entry by folded text, so text columns sort by integer keys.
template <typename Text> std::vector<quint32> ranks(std::size_t n, Text text)
{
    std::vector<quint32> idx(n);
    for (std::size_t i = 0; i < n; ++i)
        idx[i] = static_cast<quint32>(i);
    std::vector<std::string> keys(n);
    for (std::size_t i = 0; i < n; ++i)
        keys[i] = text(i);
    std::stable_sort(idx.begin(), idx.end(), [&](quint32 a, quint32 b) { return keys[a] < keys[b]; });
    std::vector<quint32> rank(n);
    for (std::size_t i = 0; i < n; ++i)
        rank[idx[i]] = static_cast<quint32>(i);
    return rank;
}

quint64 prefixKey(std::string_view s)
{
    quint64 k = 0;
    for (std::size_t i = 0; i < 8; ++i)
        k = (k << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
    return k;
}

} // namespace

std::vector<quint32> sortedRows(const QueueData &d, int column, Qt::SortOrder order, const SlaPolicy &sla, qint64 now)
{
    const std::size_t n = d.rowCount();
    std::vector<Keyed> v(n);
    const bool desc = order == Qt::DescendingOrder;
    constexpr quint64 kLast = ~quint64(0);
    // Empty values (no priority, no SLA, unassigned) go last in either direction.
    auto put = [&](std::size_t r, quint64 key, bool empty) {
        v[r].row = static_cast<quint32>(r);
        v[r].key = empty ? kLast : (desc ? (kLast - 1 - key) : key);
    };

    using C = TicketQueueModel::Column;
    switch (column) {
    case C::SubjectColumn: {
        // The first 32 bytes of each folded subject as four integers: most subjects are shorter, so
        // most comparisons never touch the text arena (whose random reads miss the cache).
        constexpr std::size_t kWords = 4, kPrefix = kWords * 8;
        struct TextKeyed
        {
            std::array<quint64, kWords> k;
            quint32 row;
        };
        std::vector<TextKeyed> t(n);
        for (std::size_t r = 0; r < n; ++r) {
            const std::string_view s = d.foldedSubject.at(r);
            for (std::size_t w = 0; w < kWords; ++w)
                t[r].k[w] = prefixKey(s.size() > w * 8 ? s.substr(w * 8) : std::string_view());
            t[r].row = static_cast<quint32>(r);
        }
        auto less = [&](const TextKeyed &a, const TextKeyed &b) {
            for (std::size_t w = 0; w < kWords; ++w)
                if (a.k[w] != b.k[w])
                    return desc ? a.k[w] > b.k[w] : a.k[w] < b.k[w];
            const std::string_view sa = d.foldedSubject.at(a.row), sb = d.foldedSubject.at(b.row);
            if (sa.size() > kPrefix || sb.size() > kPrefix) {
                const int c = sa.substr(std::min(kPrefix, sa.size())).compare(sb.substr(std::min(kPrefix, sb.size())));
                if (c != 0)
                    return desc ? c > 0 : c < 0;
            }
            return a.row < b.row;
        };
        parallelSort(t, less);
        std::vector<quint32> rows(n);
        for (std::size_t i = 0; i < n; ++i)
            rows[i] = t[i].row;
        return rows;
    }
    default: {
        std::vector<quint32> personRank, teamRank;
        if (column == C::RequesterColumn || column == C::AssigneeColumn)
            personRank = ranks(d.people.size(), [&](std::size_t i) { return foldText(d.people[i].name); });
        if (column == C::TeamColumn)
            teamRank = ranks(d.teams.size(), [&](std::size_t i) { return foldText(d.teams[i]); });
        for (std::size_t r = 0; r < n; ++r) {
            switch (column) {
            case C::IdColumn: put(r, orderedBits(d.id[r]), false); break;
            case C::PriorityColumn: put(r, d.priority[r], d.priority[r] == kNoPriority); break;
            case C::SuggestedColumn: put(r, d.suggested[r], d.suggested[r] == kNoPriority); break;
            case C::RequesterColumn: put(r, personRank[d.requester[r]], d.requester[r] == 0); break;
            case C::MrrColumn: put(r, orderedBits(d.mrrCents(r)), false); break;
            case C::ChannelColumn: put(r, d.channel[r], false); break;
            case C::StatusColumn: put(r, d.status[r], false); break;
            case C::TeamColumn: put(r, teamRank[d.team[r]], d.team[r] == 0); break;
            case C::AssigneeColumn: put(r, personRank[d.assignee[r]], d.assignee[r] == 0); break;
            // A younger ticket has a smaller age: ascending age is descending creation time.
            case C::AgeColumn: put(r, kLast - 1 - orderedBits(d.createdAt[r]), false); break;
            case C::SlaColumn: {
                const SlaState s = sla.evaluate(d.effectivePriority(r), static_cast<TicketStatus>(d.status[r]), d.createdAt[r],
                                                d.firstReplyAt[r], d.solvedAt[r], d.updatedAt[r], now);
                put(r, orderedBits(s.dueAt), s.level == SlaState::Level::None);
                break;
            }
            case C::BreachRiskColumn: {
                const quint16 risk = r < d.breachRisk.size() ? d.breachRisk[r] : kNoBreachRisk;
                put(r, risk, risk == kNoBreachRisk);
                break;
            }
            case C::GuardianColumn: put(r, d.guardian[r], false); break;
            case C::OpportunityColumn: put(r, d.opportunity[r], false); break;
            default: put(r, r, false); break;
            }
        }
        parallelSort(v, [](const Keyed &a, const Keyed &b) { return a.key != b.key ? a.key < b.key : a.row < b.row; });
        break;
    }
    }
    std::vector<quint32> rows(n);
    for (std::size_t i = 0; i < n; ++i)
        rows[i] = v[i].row;
    return rows;
}

} // namespace cosmicdesk::models
