#include "queuedata.h"

#include "sqlconnection.h"
#include "textfold.h"

#include <triage/utf8.h>

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <thread>

namespace cosmicdesk::models {

void TextColumn::reserve(std::size_t rows, std::size_t bytes)
{
    m_start.reserve(rows);
    m_length.reserve(rows);
    m_bytes.reserve(bytes);
}

void TextColumn::append(std::string_view text)
{
    m_start.push_back(static_cast<quint32>(m_bytes.size()));
    m_length.push_back(static_cast<quint32>(text.size()));
    m_bytes.append(text);
}

void TextColumn::replace(std::size_t row, std::string_view text)
{
    if (text.size() <= m_length[row]) {
        std::copy(text.begin(), text.end(), m_bytes.begin() + m_start[row]);
    } else {
        m_start[row] = static_cast<quint32>(m_bytes.size());
        m_bytes.append(text);
    }
    m_length[row] = static_cast<quint32>(text.size());
}

void TextColumn::appendColumn(const TextColumn &other)
{
    const auto base = static_cast<quint32>(m_bytes.size());
    m_bytes.append(other.m_bytes);
    for (quint32 s : other.m_start)
        m_start.push_back(s + base);
    m_length.insert(m_length.end(), other.m_length.begin(), other.m_length.end());
}

std::optional<triage::Priority> QueueData::effectivePriority(std::size_t row) const
{
    quint8 p = priority[row] != kNoPriority ? priority[row] : suggested[row];
    if (p == kNoPriority)
        return std::nullopt;
    return static_cast<triage::Priority>(p);
}

qint64 QueueData::rowOf(qint64 ticketId) const
{
    const auto end = id.begin() + static_cast<std::ptrdiff_t>(sortedRows);
    const auto it = std::lower_bound(id.begin(), end, ticketId);
    if (it != end && *it == ticketId)
        return it - id.begin();
    const auto extra = unsortedRows.constFind(ticketId);
    return extra == unsortedRows.constEnd() ? -1 : static_cast<qint64>(*extra);
}

void QueueData::reserveRows(std::size_t rows)
{
    for (auto *v : {&priority, &suggested, &status, &channel, &guardian, &opportunity, &guardianScore})
        v->reserve(rows);
    solvedAt.reserve(rows);
    suggestedTeam.reserve(rows);
    for (auto *v : {&id, &createdAt, &updatedAt, &firstReplyAt})
        v->reserve(rows);
    team.reserve(rows);
    requester.reserve(rows);
    assignee.reserve(rows);
    subject.reserve(rows, rows * 40);
    foldedSubject.reserve(rows, rows * 40);
}

std::size_t QueueData::approximateBytes() const
{
    const std::size_t n = id.capacity();
    std::size_t b = n * (8 * 4 + 7 + 4 + 4 + 8) + subject.byteSize() + foldedSubject.byteSize();
    b += static_cast<std::size_t>(unsortedRows.capacity()) * 24;
    for (const Person &p : people)
        b += 64 + static_cast<std::size_t>(p.name.size() + p.email.size()) * 2 + p.folded.capacity();
    return b;
}

quint16 QueueData::teamByName(const QString &name)
{
    if (name.isEmpty())
        return 0;
    if (teams.empty())
        teams.push_back(QString());
    for (std::size_t i = 1; i < teams.size(); ++i)
        if (teams[i] == name)
            return static_cast<quint16>(i);
    teams.push_back(name);
    return static_cast<quint16>(teams.size() - 1);
}

namespace {

// Appends the subject as given (UTF-8) and its folded form.
void appendSubject(TextColumn &display, TextColumn &folded, std::string_view utf8, std::string &scratch)
{
    display.append(utf8);
    scratch.clear();
    triage::utf8::appendFolded(scratch, utf8);
    folded.append(scratch);
}

// The bulk reads of the queue step rows through the sqlite3 API on the Qt Sql connection's own
// handle (QSqlDriver::handle()): building a QVariant for each of fourteen million values costs four
// times the scan itself. The connection stays owned and configured by Qt Sql.
sqlite3 *nativeHandle(const QSqlDatabase &db)
{
    const QVariant v = db.driver()->handle();
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(v.constData());
    return nullptr;
}

class NativeStatement
{
public:
    NativeStatement(sqlite3 *db, const char *sql) : m_db(db)
    {
        if (db)
            m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr);
    }
    ~NativeStatement() { sqlite3_finalize(m_stmt); }
    NativeStatement(const NativeStatement &) = delete;
    NativeStatement &operator=(const NativeStatement &) = delete;

    bool ok() const { return m_stmt && m_rc == SQLITE_OK; }
    void bind(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    // SQLITE_ROW: a row; SQLITE_DONE: the end; anything else: an error (see error()).
    int step() { return m_rc = sqlite3_step(m_stmt); }
    qint64 integer(int c) const { return sqlite3_column_int64(m_stmt, c); }
    bool isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
    std::string_view text(int c) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string_view();
    }
    QString qtext(int c) const
    {
        const std::string_view t = text(c);
        return QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size()));
    }
    Error error(const QString &what) const
    {
        return Error::make(Error::Kind::Storage,
                           QStringLiteral("Database error while %1: %2")
                               .arg(what, m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("no SQLite handle")));
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
};

quint8 priorityCode(const QVariant &v)
{
    if (v.isNull())
        return kNoPriority;
    const int p = v.toInt();
    return (p >= 0 && p <= 3) ? static_cast<quint8>(p) : kNoPriority;
}

const char *const kPartSelect =
    "SELECT id, subject, status, priority, channel, requester_id, assignee_id, group_id, created_at, updated_at,"
    " first_reply_at, suggested_priority, guardian_level, opportunity_score, solved_at, suggested_team, guardian_score"
    " FROM tickets WHERE id BETWEEN ? AND ? ORDER BY id";

// Team names of the suggestions, matched to the teams dictionary (Zendesk group names). A name no
// group has is kept per part and numbered from kUnknownTeam until the parts are merged.
constexpr quint16 kUnknownTeam = 0x8000;
class TeamNames
{
public:
    explicit TeamNames(const QueueData &dicts)
    {
        for (const QString &t : dicts.teams)
            m_known.push_back(t.toStdString());
    }
    quint16 index(std::string_view name)
    {
        if (name.empty())
            return 0;
        if (m_last != 0 && lookup(m_last) == name)
            return m_last;
        for (std::size_t i = 1; i < m_known.size(); ++i)
            if (m_known[i] == name)
                return m_last = static_cast<quint16>(i);
        for (std::size_t i = 0; i < unknown.size(); ++i)
            if (unknown[i] == name)
                return m_last = static_cast<quint16>(kUnknownTeam | i);
        unknown.emplace_back(name);
        return m_last = static_cast<quint16>(kUnknownTeam | (unknown.size() - 1));
    }
    std::vector<std::string> unknown;

private:
    std::string_view lookup(quint16 i) const { return (i & kUnknownTeam) ? unknown[i & ~kUnknownTeam] : m_known[i]; }
    std::vector<std::string> m_known;
    quint16 m_last = 0;
};

struct Part
{
    std::unique_ptr<QueueData> data = std::make_unique<QueueData>(); // columns only
    std::vector<std::string> unknownTeams;                           // TeamNames::unknown
    Error error;
    bool failed = false;
};

quint8 priorityCode(const NativeStatement &q, int c)
{
    if (q.isNull(c))
        return kNoPriority;
    const qint64 p = q.integer(c);
    return (p >= 0 && p <= 3) ? static_cast<quint8>(p) : kNoPriority;
}

void loadPart(const QString &path, qint64 fromId, qint64 toId, qint64 expectedRows, const QueueData &dicts, Part &part,
              std::atomic<qint64> &done, qint64 total, const QueueData::Progress &progress, const std::atomic_bool *cancelled,
              bool reportsProgress)
{
    auto fail = [&](Error e) {
        part.error = std::move(e);
        part.failed = true;
    };
    auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return fail(conn.error());
    NativeStatement q(nativeHandle(conn.value().db()), kPartSelect);
    if (!q.ok())
        return fail(q.error(QStringLiteral("reading the queue")));
    q.bind(1, fromId);
    q.bind(2, toId);
    TeamNames teamNames(dicts);
    QueueData &d = *part.data;
    d.reserveRows(static_cast<std::size_t>(expectedRows));
    std::string scratch;
    qint64 local = 0;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        d.id.push_back(q.integer(0));
        appendSubject(d.subject, d.foldedSubject, q.text(1), scratch);
        d.status.push_back(static_cast<quint8>(q.integer(2)));
        d.priority.push_back(priorityCode(q, 3));
        d.channel.push_back(static_cast<quint8>(q.integer(4)));
        d.requester.push_back(dicts.personIndex.value(q.integer(5), 0));
        d.assignee.push_back(dicts.personIndex.value(q.integer(6), 0));
        d.team.push_back(static_cast<quint16>(dicts.teamIndex.value(q.integer(7), 0)));
        d.createdAt.push_back(q.integer(8));
        d.updatedAt.push_back(q.integer(9));
        d.firstReplyAt.push_back(q.integer(10));
        d.suggested.push_back(priorityCode(q, 11));
        d.guardian.push_back(static_cast<quint8>(q.integer(12)));
        d.opportunity.push_back(static_cast<quint8>(q.integer(13)));
        d.solvedAt.push_back(static_cast<quint32>(std::max<qint64>(0, q.integer(14))));
        d.suggestedTeam.push_back(teamNames.index(q.text(15)));
        d.guardianScore.push_back(static_cast<quint8>(std::clamp<qint64>(q.integer(16), 0, 100)));
        if ((++local & 0x3FFF) == 0) {
            const qint64 now = done.fetch_add(0x4000) + 0x4000;
            if (reportsProgress && progress)
                progress(now, total);
            if (cancelled && cancelled->load())
                return fail(Error::make(Error::Kind::Cancelled, QStringLiteral("Loading was cancelled.")));
        }
    }
    if (rc != SQLITE_DONE)
        return fail(q.error(QStringLiteral("reading the queue")));
    part.unknownTeams = std::move(teamNames.unknown);
}

void appendColumns(QueueData &into, const QueueData &from, const std::vector<std::string> &unknownTeams)
{
    auto cat = [](auto &a, const auto &b) { a.insert(a.end(), b.begin(), b.end()); };
    cat(into.id, from.id);
    cat(into.priority, from.priority);
    cat(into.suggested, from.suggested);
    cat(into.status, from.status);
    cat(into.channel, from.channel);
    cat(into.guardian, from.guardian);
    cat(into.opportunity, from.opportunity);
    cat(into.team, from.team);
    cat(into.requester, from.requester);
    cat(into.assignee, from.assignee);
    cat(into.createdAt, from.createdAt);
    cat(into.updatedAt, from.updatedAt);
    cat(into.firstReplyAt, from.firstReplyAt);
    cat(into.solvedAt, from.solvedAt);
    cat(into.guardianScore, from.guardianScore);
    const std::size_t start = into.suggestedTeam.size();
    cat(into.suggestedTeam, from.suggestedTeam);
    if (!unknownTeams.empty()) {
        // Names no group has become dictionary entries of their own.
        std::vector<quint16> mapped;
        for (const std::string &name : unknownTeams)
            mapped.push_back(into.teamByName(QString::fromStdString(name)));
        for (std::size_t r = start; r < into.suggestedTeam.size(); ++r)
            if (into.suggestedTeam[r] & kUnknownTeam)
                into.suggestedTeam[r] = mapped[into.suggestedTeam[r] & ~kUnknownTeam];
    }
    into.subject.appendColumn(from.subject);
    into.foldedSubject.appendColumn(from.foldedSubject);
}

Result<void> loadDictionaries(const QString &path, QueueData &d)
{
    auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return conn.error();
    sqlite3 *db = nativeHandle(conn.value().db());
    d.accounts.push_back({});
    d.people.push_back({});
    d.teams.push_back(QString());
    {
        NativeStatement q(db, "SELECT id, name, mrr_cents FROM organizations");
        if (!q.ok())
            return q.error(QStringLiteral("reading organizations"));
        while (q.step() == SQLITE_ROW) {
            d.accountIndex.insert(q.integer(0), static_cast<quint32>(d.accounts.size()));
            d.accounts.push_back({q.qtext(1), q.integer(2)});
        }
    }
    {
        NativeStatement q(db, "SELECT id, name FROM groups ORDER BY id");
        if (!q.ok())
            return q.error(QStringLiteral("reading groups"));
        while (q.step() == SQLITE_ROW) {
            d.teamIndex.insert(q.integer(0), static_cast<quint32>(d.teams.size()));
            d.teams.push_back(q.qtext(1));
        }
    }
    NativeStatement q(db, "SELECT id, name, email, organization_id FROM users");
    if (!q.ok())
        return q.error(QStringLiteral("reading users"));
    std::string scratch;
    while (q.step() == SQLITE_ROW) {
        QueueData::Person p;
        p.id = q.integer(0);
        p.name = q.qtext(1);
        p.email = q.qtext(2);
        p.account = d.accountIndex.value(q.integer(3), 0);
        appendFolded(p.folded, p.name);
        p.folded.push_back('\n');
        appendFolded(p.folded, p.email);
        d.personIndex.insert(q.integer(0), static_cast<quint32>(d.people.size()));
        d.people.push_back(std::move(p));
    }
    return {};
}

} // namespace

Result<std::shared_ptr<QueueData>> QueueData::load(const QString &path, const Progress &progress, const std::atomic_bool *cancelled)
{
    auto data = std::make_shared<QueueData>();
    if (auto r = loadDictionaries(path, *data); !r.ok())
        return r.error();

    qint64 minId = 0, maxId = -1, total = 0;
    {
        auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
        if (!conn.ok())
            return conn.error();
        QSqlQuery q(conn.value().db());
        if (!q.exec(QStringLiteral("SELECT min(id), max(id), count(*) FROM tickets")) || !q.next())
            return sqlError(QStringLiteral("sizing the queue"), q);
        minId = q.value(0).toLongLong();
        maxId = q.value(1).toLongLong();
        total = q.value(2).toLongLong();
    }
    if (total == 0)
        return data;

    // Readers in WAL mode do not block each other: split the id range across the cores.
    const int parts = total < 20000 ? 1 : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
    std::vector<Part> results(static_cast<std::size_t>(parts));
    std::atomic<qint64> done{0};
    const qint64 span = (maxId - minId) / parts + 1;
    std::vector<std::thread> threads;
    for (int i = 0; i < parts; ++i) {
        const qint64 from = minId + i * span;
        const qint64 to = (i == parts - 1) ? maxId : from + span - 1;
        auto work = [&, i, from, to] {
            loadPart(path, from, to, total / parts + 1024, *data, results[static_cast<std::size_t>(i)], done, total, progress, cancelled,
                     i == 0);
        };
        if (i == parts - 1)
            work();
        else
            threads.emplace_back(work);
    }
    for (auto &t : threads)
        t.join();

    std::size_t rows = 0;
    for (Part &p : results) {
        if (p.failed)
            return p.error;
        rows += p.data->id.size();
    }
    data->reserveRows(rows);
    for (Part &p : results) {
        appendColumns(*data, *p.data, p.unknownTeams);
        p.data.reset(); // free each part as soon as it is merged
    }
    data->sortedRows = rows; // each part is in id order and the parts are in id order
    if (progress)
        progress(total, total);
    return data;
}

Result<std::vector<QueueData::Row>> QueueData::readRows(const QSqlDatabase &db, const QList<qint64> &ids)
{
    std::vector<Row> out;
    if (ids.isEmpty())
        return out;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t.id, t.subject, t.status, t.priority, t.channel, t.requester_id, t.assignee_id, t.group_id,"
                             " t.created_at, t.updated_at, t.first_reply_at, t.suggested_priority, t.guardian_level, t.opportunity_score,"
                             " r.name, r.email, a.name, g.name, o.id, o.name, o.mrr_cents, t.solved_at, t.suggested_team, t.guardian_score"
                             " FROM tickets t"
                             " LEFT JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id"
                             " LEFT JOIN groups g ON g.id = t.group_id LEFT JOIN organizations o ON o.id = r.organization_id"
                             " WHERE t.id = ?"));
    out.reserve(static_cast<std::size_t>(ids.size()));
    for (qint64 id : ids) {
        q.bindValue(0, id);
        if (!q.exec())
            return sqlError(QStringLiteral("reading ticket %1").arg(id), q);
        if (!q.next())
            continue;
        Row r;
        r.id = q.value(0).toLongLong();
        r.subject = q.value(1).toString();
        r.status = static_cast<quint8>(q.value(2).toInt());
        r.priority = priorityCode(q.value(3));
        r.channel = static_cast<quint8>(q.value(4).toInt());
        r.requesterId = q.value(5).toLongLong();
        r.assigneeId = q.value(6).toLongLong();
        r.groupId = q.value(7).toLongLong();
        r.createdAt = q.value(8).toLongLong();
        r.updatedAt = q.value(9).toLongLong();
        r.firstReplyAt = q.value(10).toLongLong();
        r.suggested = priorityCode(q.value(11));
        r.guardian = static_cast<quint8>(q.value(12).toInt());
        r.opportunity = static_cast<quint8>(q.value(13).toInt());
        r.requesterName = q.value(14).toString();
        r.requesterEmail = q.value(15).toString();
        r.assigneeName = q.value(16).toString();
        r.groupName = q.value(17).toString();
        r.organizationId = q.value(18).toLongLong();
        r.organizationName = q.value(19).toString();
        r.organizationMrrCents = q.value(20).toLongLong();
        r.solvedAt = q.value(21).toLongLong();
        r.suggestedTeam = q.value(22).toString();
        r.guardianScore = static_cast<quint8>(std::clamp(q.value(23).toInt(), 0, 100));
        out.push_back(std::move(r));
        q.finish();
    }
    return out;
}

std::size_t QueueData::upsert(const Row &r)
{
    if (people.empty())
        people.push_back({});
    if (accounts.empty())
        accounts.push_back({});
    if (teams.empty())
        teams.push_back(QString());

    quint32 account = 0;
    if (r.organizationId != 0) {
        auto known = accountIndex.find(r.organizationId);
        if (!known) {
            known = static_cast<quint32>(accounts.size());
            accountIndex.insert(r.organizationId, *known);
            accounts.push_back({r.organizationName, r.organizationMrrCents});
        } else {
            accounts[*known] = {r.organizationName, r.organizationMrrCents};
        }
        account = *known;
    }
    auto person = [&](qint64 userId, const QString &name, const QString &email) -> quint32 {
        if (userId == 0)
            return 0;
        auto known = personIndex.find(userId);
        if (!known) {
            known = static_cast<quint32>(people.size());
            personIndex.insert(userId, *known);
            people.push_back({});
            people.back().id = userId;
        }
        Person &p = people[*known];
        if (p.name != name || (!email.isEmpty() && p.email != email)) {
            p.name = name;
            if (!email.isEmpty())
                p.email = email;
            p.folded.clear();
            appendFolded(p.folded, p.name);
            p.folded.push_back('\n');
            appendFolded(p.folded, p.email);
        }
        return *known;
    };
    const quint32 requesterIdx = person(r.requesterId, r.requesterName, r.requesterEmail);
    if (requesterIdx != 0 && account != 0)
        people[requesterIdx].account = account;
    const quint32 assigneeIdx = person(r.assigneeId, r.assigneeName, QString());
    quint16 teamIdx = 0;
    if (r.groupId != 0) {
        auto known = teamIndex.find(r.groupId);
        if (!known) {
            known = static_cast<quint32>(teams.size());
            teamIndex.insert(r.groupId, *known);
            teams.push_back(r.groupName);
        }
        teamIdx = static_cast<quint16>(*known);
    }

    const quint16 suggestedTeamIdx = teamByName(r.suggestedTeam);
    const auto solved = static_cast<quint32>(std::max<qint64>(0, r.solvedAt));

    std::string display = r.subject.toStdString();
    std::string folded = foldText(r.subject);
    std::size_t row;
    const qint64 existing = rowOf(r.id);
    if (existing >= 0) {
        row = static_cast<std::size_t>(existing);
        subject.replace(row, display);
        foldedSubject.replace(row, folded);
        priority[row] = r.priority;
        suggested[row] = r.suggested;
        status[row] = r.status;
        channel[row] = r.channel;
        guardian[row] = r.guardian;
        opportunity[row] = r.opportunity;
        team[row] = teamIdx;
        requester[row] = requesterIdx;
        assignee[row] = assigneeIdx;
        createdAt[row] = r.createdAt;
        updatedAt[row] = r.updatedAt;
        firstReplyAt[row] = r.firstReplyAt;
        solvedAt[row] = solved;
        suggestedTeam[row] = suggestedTeamIdx;
        guardianScore[row] = r.guardianScore;
    } else {
        row = id.size();
        id.push_back(r.id);
        subject.append(display);
        foldedSubject.append(folded);
        priority.push_back(r.priority);
        suggested.push_back(r.suggested);
        status.push_back(r.status);
        channel.push_back(r.channel);
        guardian.push_back(r.guardian);
        opportunity.push_back(r.opportunity);
        team.push_back(teamIdx);
        requester.push_back(requesterIdx);
        assignee.push_back(assigneeIdx);
        createdAt.push_back(r.createdAt);
        updatedAt.push_back(r.updatedAt);
        firstReplyAt.push_back(r.firstReplyAt);
        solvedAt.push_back(solved);
        suggestedTeam.push_back(suggestedTeamIdx);
        guardianScore.push_back(r.guardianScore);
        if (!breachRisk.empty())
            breachRisk.push_back(kNoBreachRisk);
        if (sortedRows == row && (row == 0 || id[row - 1] < r.id))
            sortedRows = row + 1; // still in id order
        else
            unsortedRows.insert(r.id, static_cast<quint32>(row));
    }
    return row;
}

} // namespace cosmicdesk::models
