#include "queuedata.h"

#include "sqlconnection.h"
#include "textfold.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

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

std::size_t QueueData::approximateBytes() const
{
    const std::size_t n = id.capacity();
    std::size_t b = n * (8 * 4 + 6 + 2 + 8) + subject.byteSize() + foldedSubject.byteSize();
    b += static_cast<std::size_t>(rowOfId.capacity()) * 24;
    for (const Person &p : people)
        b += 64 + static_cast<std::size_t>(p.name.size() + p.email.size()) * 2 + p.folded.capacity();
    return b;
}

namespace {

// Appends the subject as UTF-8 and its folded form; pure-ASCII subjects (the common case) take a
// path with no allocation.
void appendSubject(TextColumn &display, TextColumn &folded, const QString &s, std::string &scratch)
{
    scratch.clear();
    bool ascii = true;
    for (QChar c : s) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
        scratch.push_back(static_cast<char>(c.unicode()));
    }
    if (!ascii) {
        const QByteArray utf8 = s.toUtf8();
        scratch.assign(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    }
    display.append(scratch);
    scratch.clear();
    appendFolded(scratch, s);
    folded.append(scratch);
}

quint8 priorityCode(const QVariant &v)
{
    if (v.isNull())
        return kNoPriority;
    const int p = v.toInt();
    return (p >= 0 && p <= 3) ? static_cast<quint8>(p) : kNoPriority;
}

const QString kRowSelect = QStringLiteral(
    "SELECT t.id, t.subject, t.status, t.priority, t.channel, t.requester_id, t.assignee_id, t.group_id,"
    " t.created_at, t.updated_at, t.first_reply_at, tr.priority, tr.guardian_level, tr.opportunity_score"
    " FROM tickets t LEFT JOIN triage tr ON tr.ticket_id = t.id");

struct Part
{
    std::unique_ptr<QueueData> data = std::make_unique<QueueData>(); // columns only
    Error error;
    bool failed = false;
};

void loadPart(const QString &path, qint64 fromId, qint64 toId, const QueueData &dicts, Part &part,
              std::atomic<qint64> &done, qint64 total, const QueueData::Progress &progress,
              const std::atomic_bool *cancelled, bool reportsProgress)
{
    auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
    if (!conn.ok()) {
        part.error = conn.error();
        part.failed = true;
        return;
    }
    QSqlQuery q(conn.value().db());
    q.setForwardOnly(true);
    q.prepare(kRowSelect + QStringLiteral(" WHERE t.id BETWEEN ? AND ? ORDER BY t.id"));
    q.bindValue(0, fromId);
    q.bindValue(1, toId);
    if (!q.exec()) {
        part.error = sqlError(QStringLiteral("reading the queue"), q);
        part.failed = true;
        return;
    }
    QueueData &d = *part.data;
    std::string scratch;
    qint64 local = 0;
    while (q.next()) {
        d.id.push_back(q.value(0).toLongLong());
        appendSubject(d.subject, d.foldedSubject, q.value(1).toString(), scratch);
        d.status.push_back(static_cast<quint8>(q.value(2).toInt()));
        d.priority.push_back(priorityCode(q.value(3)));
        d.channel.push_back(static_cast<quint8>(q.value(4).toInt()));
        d.requester.push_back(dicts.personIndex.value(q.value(5).toLongLong(), 0));
        d.assignee.push_back(dicts.personIndex.value(q.value(6).toLongLong(), 0));
        d.team.push_back(static_cast<quint16>(dicts.teamIndex.value(q.value(7).toLongLong(), 0)));
        d.createdAt.push_back(q.value(8).toLongLong());
        d.updatedAt.push_back(q.value(9).toLongLong());
        d.firstReplyAt.push_back(q.value(10).toLongLong());
        d.suggested.push_back(priorityCode(q.value(11)));
        d.guardian.push_back(static_cast<quint8>(q.value(12).toInt()));
        d.opportunity.push_back(static_cast<quint8>(q.value(13).toInt()));
        if ((++local & 0x3FFF) == 0) {
            const qint64 now = done.fetch_add(0x4000) + 0x4000;
            if (reportsProgress && progress)
                progress(now, total);
            if (cancelled && cancelled->load()) {
                part.error = Error::make(Error::Kind::Cancelled, QStringLiteral("Loading was cancelled."));
                part.failed = true;
                return;
            }
        }
    }
    if (q.lastError().isValid() && q.lastError().type() != QSqlError::NoError) {
        part.error = sqlError(QStringLiteral("reading the queue"), q);
        part.failed = true;
    }
}

void appendColumns(QueueData &into, const QueueData &from)
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
    into.subject.appendColumn(from.subject);
    into.foldedSubject.appendColumn(from.foldedSubject);
}

Result<void> loadDictionaries(const QString &path, QueueData &d)
{
    auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return conn.error();
    QSqlQuery q(conn.value().db());
    q.setForwardOnly(true);
    d.accounts.push_back({});
    d.people.push_back({});
    d.teams.push_back(QString());
    if (!q.exec(QStringLiteral("SELECT id, name, mrr_cents FROM organizations")))
        return sqlError(QStringLiteral("reading organizations"), q);
    while (q.next()) {
        d.accountIndex.insert(q.value(0).toLongLong(), static_cast<quint32>(d.accounts.size()));
        d.accounts.push_back({q.value(1).toString(), q.value(2).toLongLong()});
    }
    if (!q.exec(QStringLiteral("SELECT id, name FROM groups ORDER BY id")))
        return sqlError(QStringLiteral("reading groups"), q);
    while (q.next()) {
        d.teamIndex.insert(q.value(0).toLongLong(), static_cast<quint32>(d.teams.size()));
        d.teams.push_back(q.value(1).toString());
    }
    if (!q.exec(QStringLiteral("SELECT id, name, email, organization_id FROM users")))
        return sqlError(QStringLiteral("reading users"), q);
    while (q.next()) {
        QueueData::Person p;
        p.name = q.value(1).toString();
        p.email = q.value(2).toString();
        p.account = d.accountIndex.value(q.value(3).toLongLong(), 0);
        appendFolded(p.folded, p.name);
        p.folded.push_back('\n');
        appendFolded(p.folded, p.email);
        d.personIndex.insert(q.value(0).toLongLong(), static_cast<quint32>(d.people.size()));
        d.people.push_back(std::move(p));
    }
    return {};
}

} // namespace

Result<std::shared_ptr<QueueData>> QueueData::load(const QString &path, const Progress &progress,
                                                   const std::atomic_bool *cancelled)
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
            loadPart(path, from, to, *data, results[static_cast<std::size_t>(i)], done, total, progress,
                     cancelled, i == 0);
        };
        if (i == parts - 1)
            work();
        else
            threads.emplace_back(work);
    }
    for (auto &t : threads)
        t.join();

    std::size_t rows = 0, bytes = 0;
    for (Part &p : results) {
        if (p.failed)
            return p.error;
        rows += p.data->id.size();
    }
    bytes = rows * 48;
    data->id.reserve(rows);
    data->subject.reserve(rows, bytes);
    data->foldedSubject.reserve(rows, bytes);
    for (Part &p : results) {
        appendColumns(*data, *p.data);
        p.data.reset(); // free each part as soon as it is merged
    }
    data->rowOfId.reserve(static_cast<qsizetype>(rows));
    for (std::size_t r = 0; r < rows; ++r)
        data->rowOfId.insert(data->id[r], static_cast<quint32>(r));
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
    q.prepare(QStringLiteral(
        "SELECT t.id, t.subject, t.status, t.priority, t.channel, t.requester_id, t.assignee_id, t.group_id,"
        " t.created_at, t.updated_at, t.first_reply_at, tr.priority, tr.guardian_level, tr.opportunity_score,"
        " r.name, r.email, a.name, g.name, o.id, o.name, o.mrr_cents"
        " FROM tickets t LEFT JOIN triage tr ON tr.ticket_id = t.id"
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
        auto it = accountIndex.find(r.organizationId);
        if (it == accountIndex.end()) {
            it = accountIndex.insert(r.organizationId, static_cast<quint32>(accounts.size()));
            accounts.push_back({r.organizationName, r.organizationMrrCents});
        } else {
            accounts[*it] = {r.organizationName, r.organizationMrrCents};
        }
        account = *it;
    }
    auto person = [&](qint64 userId, const QString &name, const QString &email) -> quint32 {
        if (userId == 0)
            return 0;
        auto it = personIndex.find(userId);
        if (it == personIndex.end()) {
            it = personIndex.insert(userId, static_cast<quint32>(people.size()));
            people.push_back({});
        }
        Person &p = people[*it];
        if (p.name != name || (!email.isEmpty() && p.email != email)) {
            p.name = name;
            if (!email.isEmpty())
                p.email = email;
            p.folded.clear();
            appendFolded(p.folded, p.name);
            p.folded.push_back('\n');
            appendFolded(p.folded, p.email);
        }
        return *it;
    };
    const quint32 requesterIdx = person(r.requesterId, r.requesterName, r.requesterEmail);
    if (requesterIdx != 0 && account != 0)
        people[requesterIdx].account = account;
    const quint32 assigneeIdx = person(r.assigneeId, r.assigneeName, QString());
    quint16 teamIdx = 0;
    if (r.groupId != 0) {
        auto it = teamIndex.find(r.groupId);
        if (it == teamIndex.end()) {
            it = teamIndex.insert(r.groupId, static_cast<quint32>(teams.size()));
            teams.push_back(r.groupName);
        }
        teamIdx = static_cast<quint16>(*it);
    }

    std::string display = r.subject.toStdString();
    std::string folded = foldText(r.subject);
    std::size_t row;
    auto existing = rowOfId.constFind(r.id);
    if (existing != rowOfId.constEnd()) {
        row = *existing;
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
        rowOfId.insert(r.id, static_cast<quint32>(row));
    }
    return row;
}

} // namespace cosmicdesk::models
