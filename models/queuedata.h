#pragma once

#include "result.h"
#include "ticket.h"

#include <triage/flathash.h>

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class QSqlDatabase;

namespace cosmicdesk::models {

inline constexpr quint8 kNoPriority = 0xFF;
inline constexpr quint16 kNoBreachRisk = 0xFFFF;

// A column of short texts kept as UTF-8 in one arena: no per-row allocation. Rows may be replaced;
// a replaced text is appended and the old bytes are left unused.
class TextColumn
{
public:
    void reserve(std::size_t rows, std::size_t bytes);
    void append(std::string_view text);
    void replace(std::size_t row, std::string_view text);
    std::string_view at(std::size_t row) const { return std::string_view(m_bytes.data() + m_start[row], m_length[row]); }
    std::size_t size() const { return m_start.size(); }
    std::size_t byteSize() const { return m_bytes.capacity() + m_start.capacity() * 4 + m_length.capacity() * 4; }
    void appendColumn(const TextColumn &other);

private:
    std::string m_bytes;
    std::vector<quint32> m_start;
    std::vector<quint32> m_length;
};

// Maps ids (users, teams, accounts) to dictionary indexes in the engine's flat hash map: a lookup is
// usually one cache line. The queue's bulk load makes two lookups per row; QHash's two-level spans
// cost it a third of the load time.
class IdIndex
{
public:
    void insert(qint64 id, quint32 index) { m_map.insert(static_cast<std::uint64_t>(id), index); } // adds or replaces
    std::optional<quint32> find(qint64 id) const
    {
        const quint32 *v = m_map.find(static_cast<std::uint64_t>(id));
        return v ? std::optional<quint32>(*v) : std::nullopt;
    }
    quint32 value(qint64 id, quint32 fallback = 0) const { return find(id).value_or(fallback); }
    std::size_t size() const { return m_map.size(); }

private:
    triage::FlatHashMap<quint32> m_map;
};

// The queue's compact columnar cache: one vector per column, dictionaries for people, accounts and
// teams, and strings only where a row is shown. Built off the UI thread by load(); afterwards the
// owning model is the only writer and takes `lock` for writing, readers on other threads (filter and
// sort jobs) take it for reading.
struct QueueData
{
    struct Person
    {
        QString name;
        QString email;
        qint64 id = 0;       // the user's id (0 for entry 0, "none")
        quint32 account = 0; // index into accounts
        std::string folded;  // name and e-mail folded for search
    };
    struct AccountInfo
    {
        QString name;
        qint64 mrrCents = 0;
    };

    // Dictionaries; entry 0 of each is "none".
    std::vector<Person> people;
    std::vector<AccountInfo> accounts;
    std::vector<QString> teams;
    IdIndex personIndex;
    IdIndex accountIndex;
    IdIndex teamIndex;

    // Columns.
    std::vector<qint64> id;
    std::vector<quint8> priority;  // agent's, kNoPriority when unset
    std::vector<quint8> suggested; // triage engine's, kNoPriority until triaged
    std::vector<quint8> status;
    std::vector<quint8> channel;
    std::vector<quint8> guardian;    // alert level 0 none, 1 watch, 2 alert, 3 critical
    std::vector<quint8> opportunity; // score 0-100, 0 = none
    std::vector<quint16> team;
    std::vector<quint32> requester;
    std::vector<quint32> assignee;
    std::vector<qint64> createdAt;
    std::vector<qint64> updatedAt;
    std::vector<qint64> firstReplyAt;
    std::vector<quint32> solvedAt;      // Unix seconds (fits until 2106), 0 = never solved
    std::vector<quint16> suggestedTeam; // the engine's team, an index into teams (matched by name), 0 = none
    std::vector<quint8> guardianScore;  // 0-100
    // The overview's chance of missing the SLA, in basis points (0-10000); empty until it first ran,
    // kNoBreachRisk for rows it has not seen.
    std::vector<quint16> breachRisk;
    TextColumn subject;       // as written
    TextColumn foldedSubject; // for search (textfold.h)

    mutable QReadWriteLock lock;

    std::size_t rowCount() const { return id.size(); }
    // The row of a ticket id, or -1. Rows are loaded in id order, so most lookups are a binary search;
    // rows appended out of order are kept in a small hash.
    qint64 rowOf(qint64 ticketId) const;
    std::optional<triage::Priority> effectivePriority(std::size_t row) const; // agent's, else suggested
    qint64 mrrCents(std::size_t row) const { return accounts[people[requester[row]].account].mrrCents; }
    std::size_t approximateBytes() const;
    // The index of the team of this name (the engine names teams as Zendesk names groups), adding a
    // dictionary entry without a group when there is none. Caller holds the write lock.
    quint16 teamByName(const QString &name);
    void reserveRows(std::size_t rows);

    // One ticket row as read from the store, for live updates.
    struct Row
    {
        qint64 id = 0;
        QString subject;
        quint8 priority = kNoPriority, suggested = kNoPriority, status = 0, channel = 0, guardian = 0, opportunity = 0;
        qint64 requesterId = 0, assigneeId = 0, groupId = 0;
        qint64 createdAt = 0, updatedAt = 0, firstReplyAt = 0, solvedAt = 0;
        quint8 guardianScore = 0;
        QString suggestedTeam; // the engine's team name
        // What the dictionaries need when the row names someone new.
        QString requesterName, requesterEmail, assigneeName, groupName, organizationName;
        qint64 organizationId = 0, organizationMrrCents = 0;
    };
    // Writes a row (new rows are appended); returns its index. Caller holds the write lock.
    std::size_t upsert(const Row &row);

    using Progress = std::function<void(qint64 done, qint64 total)>;
    // Reads the whole queue from the store at `path`, in parallel by id range, each part on its own
    // connection. `cancelled` is polled between batches.
    static Result<std::shared_ptr<QueueData>> load(const QString &path, const Progress &progress = {},
                                                   const std::atomic_bool *cancelled = nullptr);
    // Reads a few rows with what they name (people, account, team), for upsert().
    static Result<std::vector<Row>> readRows(const QSqlDatabase &db, const QList<qint64> &ids);

    std::size_t sortedRows = 0;          // rows [0, sortedRows) have strictly ascending ids
    QHash<qint64, quint32> unsortedRows; // the rest, by id
};

} // namespace cosmicdesk::models
