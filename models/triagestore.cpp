#include "triagestore.h"

#include "sqlconnection.h"
#include "ticket.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

#include <unordered_set>

namespace cosmicdesk::models {

namespace {

constexpr std::size_t kIdsPerStatement = 500;

// "1,2,3": ids are integers, so they go into the statement as literals (no bind-variable limit).
QString idList(const std::vector<qint64> &ids, std::size_t from, std::size_t to)
{
    QString s;
    s.reserve(static_cast<qsizetype>((to - from) * 8));
    for (std::size_t i = from; i < to; ++i) {
        if (i > from)
            s += QLatin1Char(',');
        s += QString::number(ids[i]);
    }
    return s;
}

Error invalid(const QString &message)
{
    return Error::make(Error::Kind::BadPayload, message);
}

} // namespace

QString fieldName(TriageDecision::Field f)
{
    switch (f) {
    case TriageDecision::Field::Priority: return QStringLiteral("priority");
    case TriageDecision::Field::Team: return QStringLiteral("team");
    case TriageDecision::Field::Category: return QStringLiteral("category");
    case TriageDecision::Field::Draft: return QStringLiteral("draft");
    case TriageDecision::Field::Guardian: return QStringLiteral("guardian");
    case TriageDecision::Field::Opportunity: return QStringLiteral("opportunity");
    }
    return {};
}

std::optional<TriageDecision::Field> parseField(const QString &s)
{
    for (auto f : {TriageDecision::Field::Priority, TriageDecision::Field::Team, TriageDecision::Field::Category,
                   TriageDecision::Field::Draft, TriageDecision::Field::Guardian, TriageDecision::Field::Opportunity})
        if (fieldName(f) == s)
            return f;
    return std::nullopt;
}

TriageStore::TriageStore(QSqlDatabase db) : m_db(std::move(db)) {}

TriageStore::~TriageStore() = default;

Result<std::vector<qint64>> TriageStore::pending(const QString &engine) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT t.id FROM tickets t LEFT JOIN triage r ON r.ticket_id = t.id"
                             " WHERE r.ticket_id IS NULL OR r.engine <> ? OR r.ticket_updated_at <> t.updated_at"
                             " ORDER BY t.created_at, t.id"));
    q.addBindValue(engine);
    if (!q.exec())
        return sqlError(QStringLiteral("finding tickets to triage"), q);
    std::vector<qint64> ids;
    while (q.next())
        ids.push_back(q.value(0).toLongLong());
    return ids;
}

Result<std::vector<qint64>> TriageStore::pending(const QString &engine, const std::vector<qint64> &among) const
{
    std::unordered_set<qint64> due;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    for (std::size_t from = 0; from < among.size(); from += kIdsPerStatement) {
        const std::size_t to = std::min(among.size(), from + kIdsPerStatement);
        q.prepare(QStringLiteral("SELECT t.id FROM tickets t LEFT JOIN triage r ON r.ticket_id = t.id WHERE t.id IN (%1)"
                                 " AND (r.ticket_id IS NULL OR r.engine <> ? OR r.ticket_updated_at <> t.updated_at)")
                      .arg(idList(among, from, to)));
        q.addBindValue(engine);
        if (!q.exec())
            return sqlError(QStringLiteral("finding tickets to triage"), q);
        while (q.next())
            due.insert(q.value(0).toLongLong());
    }
    std::vector<qint64> out;
    for (qint64 id : among)
        if (due.erase(id) != 0)
            out.push_back(id);
    return out;
}

Result<std::vector<TriageInput>> TriageStore::inputs(const std::vector<qint64> &ids) const
{
    QHash<qint64, TriageInput> byId;
    byId.reserve(static_cast<qsizetype>(ids.size()));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    for (std::size_t from = 0; from < ids.size(); from += kIdsPerStatement) {
        const std::size_t to = std::min(ids.size(), from + kIdsPerStatement);
        const QString list = idList(ids, from, to);
        if (!q.exec(QStringLiteral("SELECT t.id, t.organization_id, t.requester_id, t.created_at, t.updated_at, t.subject,"
                                   " t.description, t.channel, o.mrr_cents, u.name, o.name, o.plan, o.kam_name"
                                   " FROM tickets t LEFT JOIN users u ON u.id = t.requester_id"
                                   " LEFT JOIN organizations o ON o.id = t.organization_id WHERE t.id IN (%1)")
                        .arg(list)))
            return sqlError(QStringLiteral("reading tickets to triage"), q);
        while (q.next()) {
            TriageInput in;
            in.ticketId = q.value(0).toLongLong();
            in.organizationId = q.value(1).toLongLong();
            in.requesterId = q.value(2).toLongLong();
            in.createdAt = q.value(3).toLongLong();
            in.updatedAt = q.value(4).toLongLong();
            in.subject = q.value(5).toString();
            in.body = q.value(6).toString();
            in.channel = channelName(static_cast<Channel>(std::clamp(q.value(7).toInt(), 0, kChannelCount - 1)));
            in.mrr = static_cast<double>(q.value(8).toLongLong()) / 100.0;
            in.requesterName = q.value(9).toString();
            in.organizationName = q.value(10).toString();
            in.plan = q.value(11).toString();
            in.kamName = q.value(12).toString();
            byId.insert(in.ticketId, std::move(in));
        }
        // The requester's later messages belong to the text: a follow-up is often where the tone
        // turns ("this is the last straw").
        if (!q.exec(QStringLiteral("SELECT c.ticket_id, c.body FROM comments c JOIN tickets t ON t.id = c.ticket_id"
                                   " WHERE c.ticket_id IN (%1) AND c.public = 1 AND c.author_id = t.requester_id"
                                   " ORDER BY c.ticket_id, c.created_at, c.id")
                        .arg(list)))
            return sqlError(QStringLiteral("reading the requesters' messages"), q);
        while (q.next()) {
            auto it = byId.find(q.value(0).toLongLong());
            if (it == byId.end())
                continue;
            const QString body = q.value(1).toString();
            if (body.trimmed() == it->body.trimmed())
                continue; // Zendesk's description is the first comment
            it->body += QStringLiteral("\n\n") + body;
        }
    }
    std::vector<TriageInput> out;
    out.reserve(static_cast<std::size_t>(byId.size()));
    for (qint64 id : ids) {
        auto it = byId.find(id);
        if (it != byId.end()) {
            out.push_back(std::move(*it));
            byId.erase(it);
        }
    }
    return out;
}

Result<std::vector<TriageHistoryEntry>> TriageStore::history(const TriageInput &ticket, qint64 since, int limit) const
{
    if (ticket.accountKey() == 0)
        return std::vector<TriageHistoryEntry>{};
    if (!m_history) {
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(QStringLiteral("SELECT ticket_id, created_at, category, sentiment FROM triage WHERE account_key = ?"
                                       " AND created_at < ? AND created_at >= ? AND ticket_id <> ? ORDER BY created_at DESC LIMIT ?")))
            return sqlError(QStringLiteral("preparing the history query"), *q);
        m_history = std::move(q);
    }
    QSqlQuery &q = *m_history;
    q.bindValue(0, ticket.accountKey());
    q.bindValue(1, ticket.createdAt);
    q.bindValue(2, since);
    q.bindValue(3, ticket.ticketId);
    q.bindValue(4, limit);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the account's earlier tickets"), q);
    std::vector<TriageHistoryEntry> out;
    while (q.next())
        out.push_back({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString().toStdString(),
                       triage::parseSentiment(q.value(3).toString().toStdString()).value_or(triage::Sentiment::Neutral)});
    q.finish(); // release the read snapshot until the next ticket
    return out;
}

Result<void> TriageStore::write(const std::vector<TriageRecord> &records)
{
    if (records.empty())
        return {};
    Transaction tx(m_db);
    QSqlQuery row(m_db), summary(m_db);
    if (!row.prepare(QStringLiteral(
            "INSERT INTO triage(ticket_id, engine, ticket_updated_at, triaged_at, account_key, created_at, priority, confidence,"
            " team, category, sentiment, guardian_score, guardian_level, opportunity_score, opportunity_alert, draft_mode,"
            " draft_confidence, auto_resolved, opportunity_signals) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(ticket_id) "
            "DO UPDATE SET"
            " engine=excluded.engine, ticket_updated_at=excluded.ticket_updated_at, triaged_at=excluded.triaged_at,"
            " account_key=excluded.account_key, created_at=excluded.created_at,"
            " priority=excluded.priority, confidence=excluded.confidence, team=excluded.team,"
            " category=excluded.category, sentiment=excluded.sentiment, guardian_score=excluded.guardian_score,"
            " guardian_level=excluded.guardian_level, opportunity_score=excluded.opportunity_score,"
            " opportunity_alert=excluded.opportunity_alert, draft_mode=excluded.draft_mode,"
            " draft_confidence=excluded.draft_confidence, auto_resolved=excluded.auto_resolved,"
            " opportunity_signals=excluded.opportunity_signals")))
        return sqlError(QStringLiteral("preparing the triage write"), row);
    if (!summary.prepare(QStringLiteral("UPDATE tickets SET suggested_priority = ?, guardian_level = ?,"
                                        " opportunity_score = ?, suggested_team = ?, guardian_score = ? WHERE id = ?")))
        return sqlError(QStringLiteral("preparing the queue summary write"), summary);
    for (const TriageRecord &r : records) {
        const triage::Assessment &a = r.assessment;
        const int level = static_cast<int>(a.guardian.level); // 0 none … 3 critical
        // The queue's Opportunity badge means an alert: a weak signal stays in the assessment only.
        const int opportunity = a.opportunity.alert ? std::clamp(a.opportunity.score, 1, 100) : 0;
        row.addBindValue(r.ticketId);
        row.addBindValue(r.engine);
        row.addBindValue(r.ticketUpdatedAt);
        row.addBindValue(r.triagedAt);
        row.addBindValue(r.accountKey);
        row.addBindValue(r.createdAt);
        row.addBindValue(static_cast<int>(a.priority.priority));
        row.addBindValue(a.priority.confidence);
        row.addBindValue(QString::fromStdString(a.team.label));
        row.addBindValue(QString::fromStdString(a.category.label));
        row.addBindValue(QString::fromUtf8(triage::sentimentName(a.sentiment.label)));
        row.addBindValue(a.guardian.score);
        row.addBindValue(level);
        row.addBindValue(std::clamp(a.opportunity.score, 0, 100));
        row.addBindValue(a.opportunity.alert ? 1 : 0);
        row.addBindValue(QString::fromUtf8(triage::draftModeName(a.draft.mode)));
        row.addBindValue(a.draft.confidence);
        row.addBindValue(a.autoResolved ? 1 : 0);
        QStringList signalNames; // what the lake's record and the alerts name
        for (const auto &sig : a.opportunity.signals)
            signalNames << QString::fromStdString(sig.name);
        row.addBindValue(signalNames.isEmpty() ? QStringLiteral("") : signalNames.join(u',')); // NOT NULL: '' for none
        if (!row.exec())
            return sqlError(QStringLiteral("storing the suggestion for ticket %1").arg(r.ticketId), row);
        summary.addBindValue(static_cast<int>(a.priority.priority));
        summary.addBindValue(level);
        summary.addBindValue(opportunity);
        summary.addBindValue(QString::fromStdString(a.team.label));
        summary.addBindValue(std::clamp(a.guardian.score, 0, 100));
        summary.addBindValue(r.ticketId);
        if (!summary.exec())
            return sqlError(QStringLiteral("updating the queue summary of ticket %1").arg(r.ticketId), summary);
    }
    return tx.commit();
}

Result<std::optional<TriageRecord>> TriageStore::record(qint64 ticketId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT engine, ticket_updated_at, triaged_at, account_key, created_at, priority, confidence, team,"
                             " category, sentiment, guardian_score, guardian_level, opportunity_score, opportunity_alert,"
                             " draft_mode, draft_confidence, auto_resolved FROM triage WHERE ticket_id = ?"));
    q.addBindValue(ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the suggestion for ticket %1").arg(ticketId), q);
    if (!q.next())
        return std::optional<TriageRecord>{};
    TriageRecord r;
    r.ticketId = ticketId;
    r.engine = q.value(0).toString();
    r.ticketUpdatedAt = q.value(1).toLongLong();
    r.triagedAt = q.value(2).toLongLong();
    r.accountKey = q.value(3).toLongLong();
    r.createdAt = q.value(4).toLongLong();
    triage::Assessment &a = r.assessment;
    a.ticketId = std::to_string(ticketId);
    a.priority.priority = static_cast<triage::Priority>(std::clamp(q.value(5).toInt(), 0, triage::kPriorityCount - 1));
    a.priority.confidence = q.value(6).toDouble();
    a.priority.probabilities[static_cast<std::size_t>(a.priority.priority)] = a.priority.confidence;
    a.team.label = q.value(7).toString().toStdString();
    a.category.label = q.value(8).toString().toStdString();
    a.sentiment.label = triage::parseSentiment(q.value(9).toString().toStdString()).value_or(triage::Sentiment::Neutral);
    a.guardian.score = q.value(10).toInt();
    const int level = std::clamp(q.value(11).toInt(), 0, 3);
    a.guardian.level = static_cast<triage::GuardianLevel>(level);
    a.guardian.alert = level >= 2;
    a.opportunity.score = q.value(12).toInt();
    a.opportunity.alert = q.value(13).toInt() != 0;
    a.draft.mode = triage::parseDraftMode(q.value(14).toString().toStdString()).value_or(triage::DraftMode::None);
    a.draft.confidence = q.value(15).toDouble();
    a.autoResolved = q.value(16).toInt() != 0;
    return std::optional<TriageRecord>(std::move(r));
}

namespace {

// The decision as it is stored: the chosen value checked against its field and spelled one way.
Result<TriageDecision> normalised(TriageDecision d)
{
    // An empty draft is how a discarded draft is recorded; every other field needs a value.
    if (d.chosen.trimmed().isEmpty() && d.field != TriageDecision::Field::Draft)
        return invalid(QStringLiteral("The chosen %1 is empty; nothing was saved.").arg(fieldName(d.field)));
    switch (d.field) {
    case TriageDecision::Field::Priority: {
        const auto priority = triage::parsePriority(d.chosen.toStdString());
        if (!priority)
            return invalid(QStringLiteral("\"%1\" is not a priority (P0–P3).").arg(d.chosen));
        d.chosen = QString::fromLatin1(triage::priorityName(*priority).data());
        break;
    }
    case TriageDecision::Field::Guardian: {
        const auto level = triage::parseGuardianLevel(d.chosen.trimmed().toLower().toStdString());
        if (!level)
            return invalid(QStringLiteral("\"%1\" is not a Guardian level (none, watch, alert, critical).").arg(d.chosen));
        d.chosen = QString::fromLatin1(triage::guardianLevelName(*level).data());
        break;
    }
    case TriageDecision::Field::Opportunity: {
        const QString v = d.chosen.trimmed().toLower();
        if (v != u"yes" && v != u"no")
            return invalid(QStringLiteral("\"%1\" is not an Opportunity decision (yes or no).").arg(d.chosen));
        d.chosen = v;
        break;
    }
    default: break;
    }
    if (d.decidedAt == 0)
        d.decidedAt = QDateTime::currentSecsSinceEpoch();
    return d;
}

} // namespace

Result<TriageDecision> TriageStore::recordDecision(TriageDecision decision)
{
    auto checked = normalised(std::move(decision));
    if (!checked.ok())
        return checked.error();
    TriageDecision d = std::move(checked).value();
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO triage_decisions(ticket_id, field, suggested, chosen, accepted, agent, decided_at)"
                             " VALUES(?,?,?,?,?,?,?)"));
    q.addBindValue(d.ticketId);
    q.addBindValue(fieldName(d.field));
    q.addBindValue(d.suggested);
    q.addBindValue(d.chosen);
    q.addBindValue(d.accepted() ? 1 : 0);
    q.addBindValue(d.agent);
    q.addBindValue(d.decidedAt);
    if (!q.exec())
        return sqlError(QStringLiteral("recording the decision on ticket %1").arg(d.ticketId), q);
    d.id = q.lastInsertId().toLongLong();
    return d;
}

TriageDecision draftDecision(qint64 ticketId, const QString &drafted, const QString &posted)
{
    TriageDecision d;
    d.ticketId = ticketId;
    d.field = TriageDecision::Field::Draft;
    d.suggested = drafted.trimmed();
    const QString kept = posted.trimmed();
    if (kept == d.suggested) {
        d.chosen = d.suggested;
        return d;
    }
    // How much of the draft survived: its words (as a multiset) found in what was posted.
    static const QRegularExpression nonWord(QStringLiteral("\\W+"), QRegularExpression::UseUnicodePropertiesOption);
    const QStringList draftWords = d.suggested.toLower().split(nonWord, Qt::SkipEmptyParts);
    QHash<QString, int> postedWords;
    for (const QString &w : kept.toLower().split(nonWord, Qt::SkipEmptyParts))
        ++postedWords[w];
    qsizetype found = 0;
    for (const QString &w : draftWords)
        if (auto it = postedWords.find(w); it != postedWords.end() && *it > 0) {
            --*it;
            ++found;
        }
    d.chosen = (kept.isEmpty() || found * 2 < draftWords.size()) ? QString() : kept;
    return d;
}

Result<DraftOutcomes> TriageStore::draftOutcomes(qint64 since) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // 0 used as drafted, 1 edited, 2 discarded (kept empty), by each ticket's latest draft decision.
    q.prepare(QStringLiteral("SELECT ticket_id, CASE WHEN accepted = 1 THEN 0 WHEN trim(coalesce(chosen, '')) <> '' THEN 1 ELSE 2 END"
                             " FROM triage_decisions d WHERE field = 'draft' AND decided_at >= ?"
                             " AND id = (SELECT max(id) FROM triage_decisions l WHERE l.ticket_id = d.ticket_id AND l.field = 'draft')"
                             " ORDER BY decided_at DESC, id DESC"));
    q.addBindValue(since);
    if (!q.exec())
        return sqlError(QStringLiteral("counting the drafts' outcomes"), q);
    DraftOutcomes out;
    while (q.next()) {
        const qint64 ticket = q.value(0).toLongLong();
        const int kind = q.value(1).toInt();
        qint64 &count = kind == 0 ? out.unchanged : kind == 1 ? out.edited : out.discarded;
        std::vector<qint64> &ids = kind == 0 ? out.unchangedIds : kind == 1 ? out.editedIds : out.discardedIds;
        ++count;
        if (ids.size() < kDraftOutcomeIds)
            ids.push_back(ticket);
    }
    return out;
}

Result<TriageDecision> TriageStore::decide(TriageDecision decision)
{
    auto checked = normalised(std::move(decision));
    if (!checked.ok())
        return checked.error();
    TriageDecision d = std::move(checked).value();

    Transaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM tickets WHERE id = ?"));
    q.addBindValue(d.ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading ticket %1").arg(d.ticketId), q);
    if (!q.next())
        return Error::make(Error::Kind::NotFound, QStringLiteral("Ticket %1 is no longer in this workspace.").arg(d.ticketId));
    q.finish();

    if (d.field == TriageDecision::Field::Priority) {
        q.prepare(QStringLiteral("UPDATE tickets SET priority = ? WHERE id = ?"));
        q.addBindValue(static_cast<int>(*triage::parsePriority(d.chosen.toStdString())));
        q.addBindValue(d.ticketId);
        if (!q.exec())
            return sqlError(QStringLiteral("setting the priority of ticket %1").arg(d.ticketId), q);
    } else if (d.field == TriageDecision::Field::Team) {
        q.prepare(QStringLiteral("UPDATE tickets SET group_id = (SELECT id FROM groups WHERE name = ?)"
                                 " WHERE id = ? AND EXISTS (SELECT 1 FROM groups WHERE name = ?)"));
        q.addBindValue(d.chosen);
        q.addBindValue(d.ticketId);
        q.addBindValue(d.chosen);
        if (!q.exec())
            return sqlError(QStringLiteral("setting the team of ticket %1").arg(d.ticketId), q);
    }
    auto recorded = recordDecision(std::move(d));
    if (!recorded.ok())
        return recorded.error();
    if (auto r = tx.commit(); !r.ok())
        return r.error();
    return recorded;
}

Result<std::vector<TriageDecision>> TriageStore::decisions(qint64 ticketId) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, field, suggested, chosen, agent, decided_at FROM triage_decisions"
                             " WHERE ticket_id = ? ORDER BY decided_at DESC, id DESC"));
    q.addBindValue(ticketId);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the decisions on ticket %1").arg(ticketId), q);
    std::vector<TriageDecision> out;
    while (q.next()) {
        const auto field = parseField(q.value(1).toString());
        if (!field)
            continue; // written by a newer build
        TriageDecision d;
        d.id = q.value(0).toLongLong();
        d.ticketId = ticketId;
        d.field = *field;
        d.suggested = q.value(2).toString();
        d.chosen = q.value(3).toString();
        d.agent = q.value(4).toString();
        d.decidedAt = q.value(5).toLongLong();
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace cosmicdesk::models
