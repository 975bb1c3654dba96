#include "lakestore.h"

#include "customerjson.h"
#include "outbox.h"
#include "sqlconnection.h"
#include "ticket.h"

#include <triage/assessment.h>

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cosmicdesk::models {

namespace {

QString idList(const std::vector<qint64> &ids, std::size_t from, std::size_t to)
{
    QString out;
    out.reserve(int(to - from) * 8);
    for (std::size_t i = from; i < to; ++i) {
        if (i > from)
            out += u',';
        out += QString::number(ids[i]);
    }
    return out;
}

QVariant orNull(const QVariant &v)
{
    return v.isNull() ? QVariant() : v;
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

QVariant timeOrNull(qint64 t)
{
    return t > 0 ? QVariant(t) : QVariant();
}

template <typename T> std::optional<T> parseCached(const QByteArray &payload)
{
    const auto j = nlohmann::json::parse(payload.cbegin(), payload.cend(), nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    try {
        return j.get<T>();
    } catch (const nlohmann::json::exception &) {
        return std::nullopt; // an unreadable cache row is as good as none
    }
}

struct CustomerData
{
    std::optional<CrmOverview> crm;
    std::optional<std::vector<Charge>> charges;
    std::optional<std::vector<Order>> orders;
    std::optional<std::vector<Shipment>> shipments;
    qint64 oldestFetch = 0;
};

void addCustomer(ConsolidatedRecord &r, const CustomerData &c)
{
    if (c.crm) {
        if (c.crm->contact)
            r.set("sf_contact_id", textOrNull(c.crm->contact->id));
        if (c.crm->account && r.get("sf_account_id").isNull())
            r.set("sf_account_id", textOrNull(c.crm->account->id));
        r.set("sf_open_cases",
              qint64(std::count_if(c.crm->cases.begin(), c.crm->cases.end(), [](const CrmCase &k) { return !k.isClosed; })));
    }
    QString latestTracking;
    if (c.orders && !c.orders->empty()) {
        const Order &o =
            *std::max_element(c.orders->begin(), c.orders->end(), [](const Order &a, const Order &b) { return a.createdAt < b.createdAt; });
        r.set("order_id", o.id);
        r.set("order_status", textOrNull(o.status));
        r.set("order_total_cents", o.totalCents);
        r.set("order_currency", textOrNull(o.currency.toUpper()));
        r.set("order_created_at", timeOrNull(o.createdAt));
        latestTracking = o.trackingNumber;
    }
    if (c.charges && !c.charges->empty()) {
        const Charge &ch =
            *std::max_element(c.charges->begin(), c.charges->end(), [](const Charge &a, const Charge &b) { return a.created < b.created; });
        r.set("charge_id", textOrNull(ch.id));
        r.set("charge_status", textOrNull(ch.status));
        r.set("charge_amount", ch.amount);
        r.set("charge_currency", textOrNull(ch.currency.toUpper()));
        r.set("charge_refunded", ch.refunded || ch.amountRefunded > 0);
        r.set("charge_created_at", timeOrNull(ch.created));
        // The newest dispute of any charge.
        const Dispute *latest = nullptr;
        for (const Charge &any : *c.charges)
            for (const Dispute &d : any.disputes)
                if (!latest || d.created > latest->created)
                    latest = &d;
        if (latest) {
            r.set("dispute_id", textOrNull(latest->id));
            r.set("dispute_status", textOrNull(latest->status));
            r.set("dispute_reason", textOrNull(latest->reason));
        }
    }
    if (c.shipments && !c.shipments->empty()) {
        // The shipment of the latest order when the view tracked it, else the first one.
        const Shipment *s = &c.shipments->front();
        const QString tracking = latestTracking;
        for (const Shipment &any : *c.shipments)
            if (!tracking.isEmpty() && any.trackingNumber == tracking)
                s = &any;
        r.set("shipment_carrier", textOrNull(s->carrier));
        r.set("shipment_tracking", textOrNull(s->trackingNumber));
        r.set("shipment_status", shipmentStatusName(s->status));
    }
    r.set("customer_data_at", timeOrNull(c.oldestFetch));
}

} // namespace

Result<std::vector<ConsolidatedRecord>> LakeStore::build(const std::vector<qint64> &ids, qint64 now) const
{
    std::vector<ConsolidatedRecord> out;
    out.reserve(ids.size());
    constexpr std::size_t kChunk = 400;
    for (std::size_t from = 0; from < ids.size(); from += kChunk) {
        const std::size_t to = std::min(ids.size(), from + kChunk);
        const QString list = idList(ids, from, to);
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral(
                        "SELECT t.id, t.subject, t.status, t.channel, g.name, a.name, t.tags, t.language, t.created_at, t.updated_at,"
                        " t.first_reply_at, t.solved_at, t.priority, t.requester_id, u.name, u.email, t.organization_id, o.name, o.plan,"
                        " o.mrr_cents, o.kam_name, o.kam_email, o.sf_account_id, coalesce(o.stripe_customer_id, u.stripe_customer_id),"
                        " tr.engine, tr.priority, tr.team, tr.category, tr.sentiment, tr.guardian_score, tr.guardian_level,"
                        " tr.opportunity_score, tr.opportunity_alert, tr.opportunity_signals"
                        " FROM tickets t LEFT JOIN users u ON u.id = t.requester_id LEFT JOIN organizations o ON o.id = t.organization_id"
                        " LEFT JOIN groups g ON g.id = t.group_id LEFT JOIN users a ON a.id = t.assignee_id"
                        " LEFT JOIN triage tr ON tr.ticket_id = t.id WHERE t.id IN (%1)")
                        .arg(list)))
            return sqlError(QStringLiteral("reading tickets for their consolidated records"), q);
        QHash<qint64, ConsolidatedRecord> byId;
        QSet<qint64> requesters;
        while (q.next()) {
            ConsolidatedRecord r;
            const qint64 id = q.value(0).toLongLong();
            r.set("ticket_id", id);
            r.set("record_version", qint64(0));
            r.set("schema_version", qint64(kLakeSchemaVersion));
            r.set("built_at", now);
            r.set("subject", q.value(1).toString());
            r.set("status", statusName(static_cast<TicketStatus>(std::clamp(q.value(2).toInt(), 0, kTicketStatusCount - 1))));
            r.set("channel", channelName(static_cast<Channel>(std::clamp(q.value(3).toInt(), 0, kChannelCount - 1))));
            r.set("group_name", orNull(q.value(4)));
            r.set("assignee_name", orNull(q.value(5)));
            r.set("tags", textOrNull(q.value(6).toString()));
            r.set("language", textOrNull(q.value(7).toString()));
            r.set("created_at", q.value(8).toLongLong());
            r.set("updated_at", q.value(9).toLongLong());
            r.set("first_reply_at", timeOrNull(q.value(10).toLongLong()));
            r.set("solved_at", timeOrNull(q.value(11).toLongLong()));
            if (!q.value(12).isNull())
                r.set("final_priority", QString::fromLatin1(triage::priorityName(static_cast<triage::Priority>(std::clamp(
                                                                                     q.value(12).toInt(), 0, triage::kPriorityCount - 1)))
                                                                .data()));
            const qint64 requester = q.value(13).toLongLong();
            if (requester != 0) {
                r.set("requester_id", requester);
                requesters.insert(requester);
            }
            r.set("requester_name", orNull(q.value(14)));
            r.set("requester_email", textOrNull(q.value(15).toString()));
            if (q.value(16).toLongLong() != 0)
                r.set("organization_id", q.value(16).toLongLong());
            r.set("organization_name", orNull(q.value(17)));
            r.set("plan", textOrNull(q.value(18).toString()));
            if (!q.value(19).isNull())
                r.set("mrr_cents", q.value(19).toLongLong());
            r.set("kam_name", textOrNull(q.value(20).toString()));
            r.set("kam_email", textOrNull(q.value(21).toString()));
            r.set("sf_account_id", textOrNull(q.value(22).toString()));
            r.set("stripe_customer_id", textOrNull(q.value(23).toString()));
            if (!q.value(24).isNull()) {
                r.set("triage_engine", q.value(24).toString());
                r.set("suggested_priority",
                      QString::fromLatin1(triage::priorityName(
                                              static_cast<triage::Priority>(std::clamp(q.value(25).toInt(), 0, triage::kPriorityCount - 1)))
                                              .data()));
                r.set("suggested_team", textOrNull(q.value(26).toString()));
                r.set("suggested_category", textOrNull(q.value(27).toString()));
                r.set("sentiment", textOrNull(q.value(28).toString()));
                r.set("guardian_score", q.value(29).toLongLong());
                r.set("guardian_level",
                      QString::fromLatin1(
                          triage::guardianLevelName(static_cast<triage::GuardianLevel>(std::clamp(q.value(30).toInt(), 0, 3))).data()));
                r.set("opportunity_score", q.value(31).toLongLong());
                r.set("opportunity_alert", q.value(32).toInt() != 0);
                r.set("opportunity_signals", textOrNull(q.value(33).toString()));
            }
            byId.insert(id, std::move(r));
        }
        if (byId.isEmpty())
            continue;
        // The agents' final values: the latest decision per field (a priority decision is already the ticket's priority).
        QSqlQuery d(m_db);
        d.setForwardOnly(true);
        if (!d.exec(QStringLiteral("SELECT ticket_id, field, chosen FROM triage_decisions WHERE ticket_id IN (%1) ORDER BY decided_at, id")
                        .arg(list)))
            return sqlError(QStringLiteral("reading decisions for the consolidated records"), d);
        while (d.next()) {
            auto it = byId.find(d.value(0).toLongLong());
            if (it == byId.end())
                continue;
            const QString field = d.value(1).toString();
            const QString chosen = d.value(2).toString();
            if (field == u"team")
                it->set("final_team", textOrNull(chosen));
            else if (field == u"category")
                it->set("final_category", textOrNull(chosen));
            else if (field == u"guardian")
                it->set("final_guardian", textOrNull(chosen));
            else if (field == u"opportunity")
                it->set("final_opportunity", textOrNull(chosen));
        }
        // The customer view's cache of each requester.
        if (!requesters.isEmpty()) {
            QStringList subjects;
            for (qint64 r : requesters)
                subjects << QStringLiteral("'user:%1'").arg(r);
            QSqlQuery c(m_db);
            c.setForwardOnly(true);
            if (!c.exec(QStringLiteral("SELECT subject, section, fetched_at, payload FROM customer_cache WHERE subject IN (%1)")
                            .arg(subjects.join(u','))))
                return sqlError(QStringLiteral("reading the customer cache for the consolidated records"), c);
            QHash<qint64, CustomerData> customers;
            while (c.next()) {
                const qint64 requester = c.value(0).toString().mid(5).toLongLong();
                const QString section = c.value(1).toString();
                const qint64 fetched = c.value(2).toLongLong();
                const QByteArray payload = c.value(3).toByteArray();
                CustomerData &data = customers[requester];
                bool read = false;
                if (section == u"crm")
                    read = bool(data.crm = parseCached<CrmOverview>(payload));
                else if (section == u"payments")
                    read = bool(data.charges = parseCached<std::vector<Charge>>(payload));
                else if (section == u"orders")
                    read = bool(data.orders = parseCached<std::vector<Order>>(payload));
                else if (section == u"shipments")
                    read = bool(data.shipments = parseCached<std::vector<Shipment>>(payload));
                if (read && (data.oldestFetch == 0 || fetched < data.oldestFetch))
                    data.oldestFetch = fetched;
            }
            for (auto it = byId.begin(); it != byId.end(); ++it) {
                const auto c = customers.constFind(it->get("requester_id").toLongLong());
                if (c != customers.constEnd())
                    addCustomer(*it, *c);
            }
        }
        for (std::size_t i = from; i < to; ++i) {
            auto it = byId.find(ids[i]);
            if (it != byId.end())
                out.push_back(std::move(*it));
        }
    }
    return out;
}

Result<std::vector<qint64>> LakeStore::stale(const QStringList &destinations) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A valid record whose latest version a destination has not queued yet.
    QStringList notQueued;
    for (const QString &d : destinations)
        notQueued << QStringLiteral("NOT EXISTS (SELECT 1 FROM lake_loads ll WHERE ll.destination = '%1' AND ll.ticket_id = t.id"
                                    " AND ll.queued_version >= l.version)")
                         .arg(QString(d).remove(u'\''));
    const QString due =
        notQueued.isEmpty() ? QString() : QStringLiteral(" OR (l.invalid = '' AND (%1))").arg(notQueued.join(QStringLiteral(" OR ")));
    const QString sql = QStringLiteral(
        "SELECT t.id FROM tickets t LEFT JOIN lake_records l ON l.ticket_id = t.id LEFT JOIN triage tr ON tr.ticket_id = t.id"
        " WHERE l.ticket_id IS NULL OR t.updated_at >= l.built_at OR tr.triaged_at >= l.built_at"
        " OR EXISTS (SELECT 1 FROM triage_decisions d WHERE d.ticket_id = t.id AND d.decided_at >= l.built_at)"
        " OR EXISTS (SELECT 1 FROM customer_cache c WHERE c.subject = 'user:' || t.requester_id AND c.fetched_at >= l.built_at)"
        "%1 ORDER BY t.id");
    if (!q.exec(sql.arg(due)))
        return sqlError(QStringLiteral("finding the records to load"), q);
    std::vector<qint64> out;
    while (q.next())
        out.push_back(q.value(0).toLongLong());
    return out;
}

Result<LakeQueueResult> LakeStore::queue(const std::vector<qint64> &ids, const QStringList &destinations, qint64 now, int chunk)
{
    LakeQueueResult result;
    if (ids.empty())
        return result;
    chunk = std::max(1, chunk);
    Transaction tx(m_db);
    if (!tx.isActive())
        return sqlError(QStringLiteral("starting the lake queue"), m_db);
    auto built = build(ids, now);
    if (!built.ok())
        return built.error();
    std::vector<ConsolidatedRecord> &records = built.value();
    result.built = qint64(records.size());

    // What each ticket's record was last time.
    struct Known
    {
        qint64 version = 0;
        QString digest;
        QString invalid;
    };
    QHash<qint64, Known> known;
    QHash<QString, QHash<qint64, qint64>> queuedVersion; // destination → ticket → version
    {
        std::vector<qint64> present;
        present.reserve(records.size());
        for (const auto &r : records)
            present.push_back(r.ticketId());
        for (std::size_t from = 0; from < present.size(); from += 900) {
            const QString list = idList(present, from, std::min(present.size(), from + 900));
            QSqlQuery k(m_db);
            k.setForwardOnly(true);
            if (!k.exec(QStringLiteral("SELECT ticket_id, version, digest, invalid FROM lake_records WHERE ticket_id IN (%1)").arg(list)))
                return sqlError(QStringLiteral("reading the lake's records"), k);
            while (k.next())
                known.insert(k.value(0).toLongLong(), Known{k.value(1).toLongLong(), k.value(2).toString(), k.value(3).toString()});
            QSqlQuery l(m_db);
            l.setForwardOnly(true);
            if (!l.exec(QStringLiteral("SELECT destination, ticket_id, queued_version FROM lake_loads WHERE ticket_id IN (%1)").arg(list)))
                return sqlError(QStringLiteral("reading the lake's loads"), l);
            while (l.next())
                queuedVersion[l.value(0).toString()].insert(l.value(1).toLongLong(), l.value(2).toLongLong());
        }
    }

    QSqlQuery upsert(m_db), failure(m_db);
    if (!upsert.prepare(QStringLiteral("INSERT INTO lake_records(ticket_id, version, digest, built_at, invalid) VALUES(?, ?, ?, ?, ?)"
                                       " ON CONFLICT(ticket_id) DO UPDATE SET version = excluded.version, digest = excluded.digest,"
                                       " built_at = excluded.built_at, invalid = excluded.invalid")))
        return sqlError(QStringLiteral("preparing the lake's records"), upsert);
    if (!failure.prepare(QStringLiteral("INSERT INTO lake_failures(destination, ticket_id, version, reason, at) VALUES('', ?, ?, ?, ?)")))
        return sqlError(QStringLiteral("preparing the lake's failures"), failure);
    std::vector<const ConsolidatedRecord *> valid;
    for (ConsolidatedRecord &r : records) {
        const Known k = known.value(r.ticketId());
        const QString digest = QString::fromLatin1(r.digest());
        const bool changed = digest != k.digest;
        const qint64 version = changed ? k.version + 1 : k.version;
        r.set("record_version", version);
        const QString invalid = changed ? r.validationError() : k.invalid;
        if (changed)
            ++result.newVersions;
        upsert.addBindValue(r.ticketId());
        upsert.addBindValue(version);
        upsert.addBindValue(digest);
        upsert.addBindValue(now);
        upsert.addBindValue(invalid.isEmpty() ? QStringLiteral("") : invalid); // NOT NULL: '' when valid
        if (!upsert.exec())
            return sqlError(QStringLiteral("storing the record of ticket %1").arg(r.ticketId()), upsert);
        if (!invalid.isEmpty()) {
            ++result.invalid;
            if (changed) { // reported once per version
                failure.addBindValue(r.ticketId());
                failure.addBindValue(version);
                failure.addBindValue(invalid);
                failure.addBindValue(now);
                if (!failure.exec())
                    return sqlError(QStringLiteral("reporting the record of ticket %1").arg(r.ticketId()), failure);
            }
            continue;
        }
        valid.push_back(&r);
    }

    OutboxStore outbox(m_db);
    QSqlQuery mark(m_db);
    if (!mark.prepare(QStringLiteral("INSERT INTO lake_loads(destination, ticket_id, queued_version) VALUES(?, ?, ?)"
                                     " ON CONFLICT(destination, ticket_id) DO UPDATE SET queued_version = excluded.queued_version")))
        return sqlError(QStringLiteral("preparing the lake's loads"), mark);
    for (const QString &destination : destinations) {
        const auto &queued = queuedVersion[destination];
        std::vector<const ConsolidatedRecord *> due;
        for (const ConsolidatedRecord *r : valid)
            if (queued.value(r->ticketId(), 0) < r->version())
                due.push_back(r);
        for (std::size_t from = 0; from < due.size(); from += std::size_t(chunk)) {
            const std::vector<const ConsolidatedRecord *> part(due.begin() + qsizetype(from),
                                                               due.begin() + qsizetype(std::min(due.size(), from + std::size_t(chunk))));
            OutboxEntry e;
            e.destination = destination;
            e.kind = kLakeRecordKind;
            e.ticketId = part.size() == 1 ? part.front()->ticketId() : 0;
            e.payload = lakePayload(part);
            e.summary = part.size() == 1 ? QStringLiteral("Consolidated record v%1").arg(part.front()->version())
                                         : QStringLiteral("%1 consolidated records").arg(part.size());
            e.actor = QStringLiteral("automation");
            e.rule = QStringLiteral("lake");
            auto id = outbox.enqueue(e);
            if (!id.ok())
                return id.error();
            result.outboxIds.push_back(id.value());
            for (const ConsolidatedRecord *r : part) {
                mark.addBindValue(destination);
                mark.addBindValue(r->ticketId());
                mark.addBindValue(r->version());
                if (!mark.exec())
                    return sqlError(QStringLiteral("marking the record of ticket %1 queued").arg(r->ticketId()), mark);
            }
            result.queued[destination] += qint64(part.size());
        }
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return result;
}

Result<LakeQueueResult> LakeStore::queueInParts(const std::vector<qint64> &ids, const QStringList &destinations, int chunk)
{
    constexpr std::size_t kPerTransaction = 5000;
    LakeQueueResult total;
    for (std::size_t from = 0; from < ids.size(); from += kPerTransaction) {
        const std::vector<qint64> part(ids.begin() + qsizetype(from),
                                       ids.begin() + qsizetype(std::min(ids.size(), from + kPerTransaction)));
        auto r = queue(part, destinations, QDateTime::currentSecsSinceEpoch(), chunk);
        if (!r.ok())
            return r.error();
        total.built += r.value().built;
        total.newVersions += r.value().newVersions;
        total.invalid += r.value().invalid;
        for (const auto &[d, n] : r.value().queued)
            total.queued[d] += n;
        total.outboxIds.insert(total.outboxIds.end(), r.value().outboxIds.begin(), r.value().outboxIds.end());
    }
    return total;
}

Result<LakeQueueResult> LakeStore::queueStale(const QStringList &destinations, int chunk)
{
    auto ids = stale(destinations);
    if (!ids.ok())
        return ids.error();
    return queueInParts(ids.value(), destinations, chunk);
}

Result<void> LakeStore::markLoaded(const QString &destination, const std::vector<std::pair<qint64, qint64>> &ticketVersions, qint64 at)
{
    QSqlQuery q(m_db);
    if (!q.prepare(QStringLiteral("INSERT INTO lake_loads(destination, ticket_id, queued_version, loaded_version, loaded_at)"
                                  " VALUES(?, ?, ?, ?, ?) ON CONFLICT(destination, ticket_id) DO UPDATE SET"
                                  " loaded_version = max(loaded_version, excluded.loaded_version), loaded_at = excluded.loaded_at")))
        return sqlError(QStringLiteral("preparing the lake's loads"), q);
    for (const auto &[ticket, version] : ticketVersions) {
        q.addBindValue(destination);
        q.addBindValue(ticket);
        q.addBindValue(version);
        q.addBindValue(version);
        q.addBindValue(at);
        if (!q.exec())
            return sqlError(QStringLiteral("marking the record of ticket %1 loaded").arg(ticket), q);
    }
    return {};
}

Result<void> LakeStore::recordFailure(const LakeFailure &f)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO lake_failures(destination, ticket_id, version, reason, at) VALUES(?, ?, ?, ?, ?)"));
    q.addBindValue(f.destination.isEmpty() ? QStringLiteral("") : f.destination); // NOT NULL: '' for validation
    q.addBindValue(f.ticketId);
    q.addBindValue(f.version);
    q.addBindValue(f.reason.isEmpty() ? QStringLiteral("") : f.reason);
    q.addBindValue(f.at);
    if (!q.exec())
        return sqlError(QStringLiteral("reporting the record of ticket %1").arg(f.ticketId), q);
    return {};
}

Result<std::vector<LakeFailure>> LakeStore::failures(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, destination, ticket_id, version, reason, at FROM lake_failures ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the lake's failures"), q);
    std::vector<LakeFailure> out;
    while (q.next())
        out.push_back(LakeFailure{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                                  q.value(4).toString(), q.value(5).toLongLong()});
    return out;
}

Result<std::map<QString, LakeCounts>> LakeStore::counts(const QStringList &destinations) const
{
    std::map<QString, LakeCounts> out;
    for (const QString &d : destinations) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT count(CASE WHEN ll.loaded_version >= l.version THEN 1 END),"
                                 " count(CASE WHEN ll.queued_version > ll.loaded_version THEN 1 END), max(ll.loaded_at)"
                                 " FROM lake_loads ll JOIN lake_records l ON l.ticket_id = ll.ticket_id WHERE ll.destination = ?"));
        q.addBindValue(d);
        if (!q.exec() || !q.next())
            return sqlError(QStringLiteral("counting the lake's loads"), q);
        LakeCounts c;
        c.loaded = q.value(0).toLongLong();
        c.queued = q.value(1).toLongLong();
        c.loadedAt = q.value(2).toLongLong();
        QSqlQuery f(m_db);
        f.prepare(QStringLiteral("SELECT count(*) FROM lake_failures WHERE destination = ? OR destination = ''"));
        f.addBindValue(d);
        if (!f.exec() || !f.next())
            return sqlError(QStringLiteral("counting the lake's failures"), f);
        c.failed = f.value(0).toLongLong();
        out[d] = c;
    }
    return out;
}

QByteArray lakePayload(const std::vector<const ConsolidatedRecord *> &records)
{
    nlohmann::json columns = nlohmann::json::array();
    for (const LakeColumn &c : lakeColumns())
        columns.push_back(c.name);
    nlohmann::json rows = nlohmann::json::array();
    for (const ConsolidatedRecord *r : records)
        rows.push_back(r->toJson());
    const nlohmann::json j = {{"schema", kLakeSchemaVersion}, {"columns", std::move(columns)}, {"rows", std::move(rows)}};
    return QByteArray::fromStdString(j.dump());
}

Result<std::vector<ConsolidatedRecord>> parseLakePayload(const QByteArray &payload)
{
    const auto bad = [](const QString &why) { return Error::make(Error::Kind::BadPayload, why); };
    const auto j = nlohmann::json::parse(payload.cbegin(), payload.cend(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return bad(QStringLiteral("The queued records are not JSON."));
    if (j.value("schema", 0) != kLakeSchemaVersion)
        return bad(QStringLiteral("The queued records are of schema %1; this CosmicDesk writes schema %2.")
                       .arg(j.value("schema", 0))
                       .arg(kLakeSchemaVersion));
    const auto &columns = j.value("columns", nlohmann::json::array());
    if (!columns.is_array() || columns.size() != lakeColumns().size())
        return bad(QStringLiteral("The queued records have other columns than schema %1's.").arg(kLakeSchemaVersion));
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (!columns[i].is_string() || columns[i].get<std::string>() != lakeColumns()[i].name)
            return bad(QStringLiteral("The queued records have other columns than schema %1's.").arg(kLakeSchemaVersion));
    std::vector<ConsolidatedRecord> out;
    const auto rows = j.find("rows");
    if (rows == j.end() || !rows->is_array())
        return bad(QStringLiteral("The queued records have no rows."));
    out.reserve(rows->size());
    for (const auto &row : *rows) {
        auto r = ConsolidatedRecord::fromJson(row);
        if (!r)
            return bad(QStringLiteral("A queued record is not a row of schema %1.").arg(kLakeSchemaVersion));
        out.push_back(std::move(*r));
    }
    return out;
}

} // namespace cosmicdesk::models
