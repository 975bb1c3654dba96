#include "reviewstore.h"

#include "sqlconnection.h"
#include "ticket.h"

#include <triage/assessment.h>
#include <triage/priority.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::models {

namespace {

constexpr auto kSourceKey = "review.source";

// Every review column of a row, joined from the ticket, the export's labels, the suggestion and the
// reviewer's latest decision per field ("last" = the newest decision's id for the ticket and field).
const QString &rowSelect()
{
    static const QString sql = QStringLiteral(
        "SELECT r.ticket_id, r.source_id, r.line, r.customer, r.label_priority, r.label_default, r.label_team, r.label_category,"
        " r.label_guardian, r.label_opportunity, r.label_sentiment, t.subject, t.description, t.channel, t.status, t.created_at,"
        " coalesce(o.mrr_cents, 0), g.ticket_id IS NOT NULL, g.priority, g.confidence, g.team, g.category, g.sentiment,"
        " g.guardian_score, g.guardian_level, g.opportunity_score, g.opportunity_alert,"
        " (SELECT chosen FROM triage_decisions d WHERE d.ticket_id = r.ticket_id AND d.field = 'priority' ORDER BY decided_at DESC, id "
        "DESC LIMIT 1),"
        " (SELECT chosen FROM triage_decisions d WHERE d.ticket_id = r.ticket_id AND d.field = 'team' ORDER BY decided_at DESC, id DESC "
        "LIMIT 1),"
        " (SELECT chosen FROM triage_decisions d WHERE d.ticket_id = r.ticket_id AND d.field = 'guardian' ORDER BY decided_at DESC, id "
        "DESC LIMIT 1),"
        " (SELECT chosen FROM triage_decisions d WHERE d.ticket_id = r.ticket_id AND d.field = 'opportunity' ORDER BY decided_at DESC, id "
        "DESC LIMIT 1)"
        " FROM review_items r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN organizations o ON o.id = t.organization_id"
        " LEFT JOIN triage g ON g.ticket_id = r.ticket_id");
    return sql;
}

// A Guardian decision is a level name; the review speaks of yes (alert or critical) and no.
QString guardianYesNo(const QString &level)
{
    if (level.isEmpty())
        return {};
    const auto l = triage::parseGuardianLevel(level.toStdString());
    if (!l)
        return {};
    return *l >= triage::GuardianLevel::Alert ? QStringLiteral("yes") : QStringLiteral("no");
}

ReviewRow readRow(const QSqlQuery &q)
{
    ReviewRow r;
    ReviewItem &i = r.item;
    i.ticketId = q.value(0).toLongLong();
    i.sourceId = q.value(1).toString();
    i.line = q.value(2).toLongLong();
    i.customer = q.value(3).toString();
    i.labelPriority = q.value(4).toString();
    i.labelIsDefault = q.value(5).toInt() != 0;
    i.labelTeam = q.value(6).toString();
    i.labelCategory = q.value(7).toString();
    i.labelGuardian = q.value(8).toString();
    i.labelOpportunity = q.value(9).toString();
    i.labelSentiment = q.value(10).toString();
    r.subject = q.value(11).toString();
    r.description = q.value(12).toString();
    r.channel = channelName(static_cast<Channel>(std::clamp(q.value(13).toInt(), 0, kChannelCount - 1)));
    r.status = statusName(static_cast<TicketStatus>(std::clamp(q.value(14).toInt(), 0, kTicketStatusCount - 1)));
    r.createdAt = q.value(15).toLongLong();
    r.mrr = q.value(16).toDouble() / 100.0;
    r.triaged = q.value(17).toInt() != 0;
    if (r.triaged) {
        const int p = std::clamp(q.value(18).toInt(), 0, triage::kPriorityCount - 1);
        r.priority.suggested = QString::fromLatin1(triage::priorityName(static_cast<triage::Priority>(p)).data());
        r.confidence = q.value(19).toDouble();
        r.team.suggested = q.value(20).toString();
        r.category = q.value(21).toString();
        r.sentiment = q.value(22).toString();
        r.guardianScore = q.value(23).toInt();
        r.guardian.suggested = q.value(24).toInt() >= 2 ? QStringLiteral("yes") : QStringLiteral("no");
        r.opportunityScore = q.value(25).toInt();
        r.opportunity.suggested = q.value(26).toInt() != 0 ? QStringLiteral("yes") : QStringLiteral("no");
    }
    r.priority.label = i.labelIsDefault ? QString() : i.labelPriority;
    r.team.label = i.labelTeam;
    r.guardian.label = i.labelGuardian;
    r.opportunity.label = i.labelOpportunity;
    r.priority.corrected = q.value(27).toString();
    r.team.corrected = q.value(28).toString();
    r.guardian.corrected = guardianYesNo(q.value(29).toString());
    r.opportunity.corrected = q.value(30).toString();
    r.reviewed = !q.value(27).isNull() || !q.value(28).isNull() || !q.value(29).isNull() || !q.value(30).isNull();
    return r;
}

ReviewItem readItem(const QSqlQuery &q)
{
    ReviewItem i;
    i.ticketId = q.value(0).toLongLong();
    i.sourceId = q.value(1).toString();
    i.line = q.value(2).toLongLong();
    i.customer = q.value(3).toString();
    i.labelPriority = q.value(4).toString();
    i.labelIsDefault = q.value(5).toInt() != 0;
    i.labelTeam = q.value(6).toString();
    i.labelCategory = q.value(7).toString();
    i.labelGuardian = q.value(8).toString();
    i.labelOpportunity = q.value(9).toString();
    i.labelSentiment = q.value(10).toString();
    return i;
}

const QString kItemColumns = QStringLiteral("ticket_id, source_id, line, customer, label_priority, label_default, label_team,"
                                            " label_category, label_guardian, label_opportunity, label_sentiment");

} // namespace

QString ReviewSource::skippedText() const
{
    QStringList parts;
    if (deleted)
        parts << QStringLiteral("%1 deleted").arg(deleted);
    if (duplicates)
        parts << QStringLiteral("%1 older copies of a ticket id").arg(duplicates);
    if (otherRecords)
        parts << QStringLiteral("%1 records of other streams").arg(otherRecords);
    if (malformed)
        parts << QStringLiteral("%1 malformed rows").arg(malformed);
    return parts.join(QStringLiteral(", "));
}

ReviewStore::ReviewStore(QSqlDatabase db) : m_db(std::move(db)) {}

Result<std::optional<ReviewSource>> ReviewStore::source() const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(QString::fromLatin1(kSourceKey));
    if (!q.exec())
        return sqlError(QStringLiteral("reading the review's source"), q);
    if (!q.next())
        return std::optional<ReviewSource>{};
    const QJsonObject o = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    ReviewSource s;
    s.file = o.value(QLatin1String("file")).toString();
    s.format = o.value(QLatin1String("format")).toString();
    s.profile = o.value(QLatin1String("profile")).toString();
    s.importedAt = o.value(QLatin1String("imported_at")).toInteger();
    s.tickets = o.value(QLatin1String("tickets")).toInteger();
    s.deleted = o.value(QLatin1String("deleted")).toInteger();
    s.duplicates = o.value(QLatin1String("duplicates")).toInteger();
    s.otherRecords = o.value(QLatin1String("other_records")).toInteger();
    s.malformed = o.value(QLatin1String("malformed")).toInteger();
    s.closed = o.value(QLatin1String("closed")).toInteger();
    for (const auto &v : o.value(QLatin1String("skipped_rows")).toArray())
        s.skippedRows << v.toString();
    return std::optional<ReviewSource>(std::move(s));
}

Result<void> ReviewStore::setSource(const ReviewSource &s)
{
    QJsonObject o{{QStringLiteral("file"), s.file},
                  {QStringLiteral("format"), s.format},
                  {QStringLiteral("profile"), s.profile},
                  {QStringLiteral("imported_at"), s.importedAt},
                  {QStringLiteral("tickets"), s.tickets},
                  {QStringLiteral("deleted"), s.deleted},
                  {QStringLiteral("duplicates"), s.duplicates},
                  {QStringLiteral("other_records"), s.otherRecords},
                  {QStringLiteral("malformed"), s.malformed},
                  {QStringLiteral("closed"), s.closed},
                  {QStringLiteral("skipped_rows"), QJsonArray::fromStringList(s.skippedRows)}};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(QString::fromLatin1(kSourceKey));
    q.addBindValue(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return sqlError(QStringLiteral("storing the review's source"), q);
    return {};
}

Result<void> ReviewStore::write(const std::vector<ReviewItem> &items, bool ownTransaction)
{
    if (items.empty())
        return {};
    std::optional<Transaction> tx;
    if (ownTransaction)
        tx.emplace(m_db);
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("INSERT OR REPLACE INTO review_items(%1) VALUES(?,?,?,?,?,?,?,?,?,?,?)").arg(kItemColumns)))
        return sqlError(QStringLiteral("preparing the review's labels"), q);
    // NOT NULL text columns: an empty QString would bind NULL.
    auto text = [](const QString &s) { return s.isNull() ? QStringLiteral("") : s; };
    for (const ReviewItem &i : items) {
        q.addBindValue(i.ticketId);
        q.addBindValue(text(i.sourceId));
        q.addBindValue(i.line);
        q.addBindValue(text(i.customer));
        q.addBindValue(text(i.labelPriority));
        q.addBindValue(i.labelIsDefault ? 1 : 0);
        q.addBindValue(text(i.labelTeam));
        q.addBindValue(text(i.labelCategory));
        q.addBindValue(text(i.labelGuardian));
        q.addBindValue(text(i.labelOpportunity));
        q.addBindValue(text(i.labelSentiment));
        if (!q.exec())
            return sqlError(QStringLiteral("storing the labels of ticket %1").arg(i.ticketId), q);
    }
    if (tx)
        return tx->commit();
    return {};
}

Result<std::vector<ReviewItem>> ReviewStore::items(const std::vector<qint64> &ticketIds) const
{
    std::vector<ReviewItem> out;
    out.reserve(ticketIds.size());
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM review_items WHERE ticket_id = ?").arg(kItemColumns)))
        return sqlError(QStringLiteral("preparing the review's labels"), q);
    for (qint64 id : ticketIds) {
        q.addBindValue(id);
        if (!q.exec())
            return sqlError(QStringLiteral("reading the labels of ticket %1").arg(id), q);
        if (q.next())
            out.push_back(readItem(q));
        q.finish();
    }
    return out;
}

Result<std::optional<ReviewItem>> ReviewStore::item(qint64 ticketId) const
{
    auto found = items({ticketId});
    if (!found.ok())
        return found.error();
    if (found.value().empty())
        return std::optional<ReviewItem>{};
    return std::optional<ReviewItem>(std::move(found.value().front()));
}

Result<void> ReviewStore::forEachRow(const std::function<bool(const ReviewRow &)> &onRow, int batch) const
{
    // Keyset pages: each page starts after the last id of the one before, so no statement stays open
    // while the caller works.
    qint64 after = 0;
    for (;;) {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(rowSelect() + QStringLiteral(" WHERE r.ticket_id > ? ORDER BY r.ticket_id LIMIT ?"));
        q.addBindValue(after);
        q.addBindValue(std::max(1, batch));
        if (!q.exec())
            return sqlError(QStringLiteral("reading the review"), q);
        std::vector<ReviewRow> rows;
        while (q.next())
            rows.push_back(readRow(q));
        q.finish();
        if (rows.empty())
            return {};
        for (const ReviewRow &r : rows)
            if (!onRow(r))
                return {};
        after = rows.back().item.ticketId;
    }
}

Result<std::optional<ReviewRow>> ReviewStore::row(qint64 ticketId) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(rowSelect() + QStringLiteral(" WHERE r.ticket_id = ?"));
    q.addBindValue(ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading ticket %1 of the review").arg(ticketId), q);
    if (!q.next())
        return std::optional<ReviewRow>{};
    return std::optional<ReviewRow>(readRow(q));
}

Result<ReviewProgress> ReviewStore::progress() const
{
    // In SQL, so that a review of a million tickets answers in a moment: the ticket row's priority is
    // the label that counts (the file's, or the reviewer's correction), its group the team.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT count(*), coalesce(sum(t.priority IS NOT NULL), 0),"
            " coalesce(sum((t.priority IS NOT NULL AND t.suggested_priority IS NOT NULL AND t.priority <> t.suggested_priority) OR"
            " (g.name IS NOT NULL AND coalesce(t.suggested_team, '') <> '' AND g.name <> t.suggested_team)), 0),"
            " (SELECT count(DISTINCT d.ticket_id) FROM triage_decisions d JOIN review_items i ON i.ticket_id = d.ticket_id"
            " WHERE d.field IN ('priority', 'team', 'guardian', 'opportunity'))"
            " FROM review_items r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN groups g ON g.id = t.group_id")) ||
        !q.next())
        return sqlError(QStringLiteral("counting the review"), q);
    ReviewProgress p;
    p.tickets = q.value(0).toLongLong();
    p.labelled = q.value(1).toLongLong();
    p.disagreements = q.value(2).toLongLong();
    p.reviewed = q.value(3).toLongLong();
    return p;
}

} // namespace cosmicdesk::models
