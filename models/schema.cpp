#include "schema.h"

#include "sqlconnection.h"

#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <vector>

namespace cosmicdesk::models::schema {

namespace {

// Never edit a migration that has shipped: add a new one.
const std::vector<QStringList> &migrations()
{
    static const std::vector<QStringList> steps{
        // 1: the mirrored helpdesk — organizations, users, groups, tickets, comments.
        {
            QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE organizations(id INTEGER PRIMARY KEY, name TEXT NOT NULL, plan TEXT,"
                           " mrr_cents INTEGER NOT NULL DEFAULT 0, kam_name TEXT, kam_email TEXT,"
                           " sf_account_id TEXT, stripe_customer_id TEXT, country TEXT, created_at INTEGER)"),
            QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT,"
                           " role INTEGER NOT NULL DEFAULT 0, organization_id INTEGER, external_id TEXT,"
                           " stripe_customer_id TEXT, locale TEXT, time_zone TEXT, default_group_id INTEGER,"
                           " created_at INTEGER)"),
            QStringLiteral("CREATE INDEX users_email ON users(email)"),
            QStringLiteral("CREATE TABLE groups(id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE tickets(id INTEGER PRIMARY KEY, subject TEXT NOT NULL,"
                           " description TEXT NOT NULL, status INTEGER NOT NULL, priority INTEGER,"
                           " channel INTEGER NOT NULL, requester_id INTEGER, organization_id INTEGER,"
                           " assignee_id INTEGER, group_id INTEGER, tags TEXT NOT NULL DEFAULT '', language TEXT,"
                           " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, first_reply_at INTEGER,"
                           " solved_at INTEGER)"),
            QStringLiteral("CREATE INDEX tickets_requester ON tickets(requester_id, created_at)"),
            QStringLiteral("CREATE INDEX tickets_organization ON tickets(organization_id, created_at)"),
            QStringLiteral("CREATE TABLE comments(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL"
                           " REFERENCES tickets(id) ON DELETE CASCADE, author_id INTEGER, body TEXT NOT NULL,"
                           " public INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX comments_ticket ON comments(ticket_id, created_at)"),
        },
        // 2: the triage engine's suggestions and the agents' decisions on them.
        {
            QStringLiteral("CREATE TABLE triage(ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id)"
                           " ON DELETE CASCADE, engine TEXT NOT NULL, priority INTEGER, confidence REAL,"
                           " team TEXT, category TEXT, sentiment TEXT, guardian_score INTEGER NOT NULL DEFAULT 0,"
                           " guardian_level INTEGER NOT NULL DEFAULT 0, opportunity_score INTEGER NOT NULL"
                           " DEFAULT 0, draft_mode TEXT, draft_confidence REAL, assessment TEXT NOT NULL,"
                           " triaged_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE triage_decisions(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL"
                           " REFERENCES tickets(id) ON DELETE CASCADE, field TEXT NOT NULL, suggested TEXT,"
                           " chosen TEXT, accepted INTEGER NOT NULL, agent TEXT, decided_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX triage_decisions_ticket ON triage_decisions(ticket_id, decided_at)"),
        },
        // 3: the queue's summary of a suggestion on the ticket row, so that opening the queue is one
        // table scan (the full assessment stays in triage).
        {
            QStringLiteral("ALTER TABLE tickets ADD COLUMN suggested_priority INTEGER"),
            QStringLiteral("ALTER TABLE tickets ADD COLUMN guardian_level INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE tickets ADD COLUMN opportunity_score INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE tickets SET suggested_priority = (SELECT priority FROM triage WHERE ticket_id = tickets.id),"
                           " guardian_level = coalesce((SELECT guardian_level FROM triage WHERE ticket_id = tickets.id), 0),"
                           " opportunity_score = coalesce((SELECT opportunity_score FROM triage WHERE ticket_id = tickets.id), 0)"
                           " WHERE id IN (SELECT ticket_id FROM triage)"),
        },
        // 4: the suggestion remembers the ticket version it judged (so a changed ticket is triaged
        // again) and keeps the whole assessment compressed. Suggestions are derived data: the old
        // rows are dropped and made again by the engine.
        {
            QStringLiteral("DROP TABLE triage"),
            QStringLiteral("CREATE TABLE triage(ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
                           " engine TEXT NOT NULL, ticket_updated_at INTEGER NOT NULL, triaged_at INTEGER NOT NULL,"
                           " priority INTEGER, confidence REAL, team TEXT, category TEXT, sentiment TEXT,"
                           " guardian_score INTEGER NOT NULL DEFAULT 0, guardian_level INTEGER NOT NULL DEFAULT 0,"
                           " opportunity_score INTEGER NOT NULL DEFAULT 0, draft_mode TEXT, draft_confidence REAL,"
                           " auto_resolved INTEGER NOT NULL DEFAULT 0, assessment BLOB NOT NULL)"),
            QStringLiteral("UPDATE tickets SET suggested_priority = NULL, guardian_level = 0, opportunity_score = 0"
                           " WHERE suggested_priority IS NOT NULL OR guardian_level <> 0 OR opportunity_score <> 0"),
        },
        // 5: the suggestion keeps its account and time, indexed, so that an account's history is one
        // index range; the evidence is no longer stored (the deterministic engine makes it again on
        // demand, in microseconds, where compressing it cost more than the triage itself).
        // Suggestions are derived data: the old rows are dropped and made again.
        {
            QStringLiteral("DROP TABLE triage"),
            QStringLiteral("CREATE TABLE triage(ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
                           " engine TEXT NOT NULL, ticket_updated_at INTEGER NOT NULL, triaged_at INTEGER NOT NULL,"
                           " account_key INTEGER NOT NULL, created_at INTEGER NOT NULL, priority INTEGER, confidence REAL,"
                           " team TEXT, category TEXT, sentiment TEXT, guardian_score INTEGER NOT NULL DEFAULT 0,"
                           " guardian_level INTEGER NOT NULL DEFAULT 0, opportunity_score INTEGER NOT NULL DEFAULT 0,"
                           " opportunity_alert INTEGER NOT NULL DEFAULT 0, draft_mode TEXT, draft_confidence REAL,"
                           " auto_resolved INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX triage_account ON triage(account_key, created_at, category, sentiment)"),
            QStringLiteral("UPDATE tickets SET suggested_priority = NULL, guardian_level = 0, opportunity_score = 0"
                           " WHERE suggested_priority IS NOT NULL OR guardian_level <> 0 OR opportunity_score <> 0"),
        },
        // 6: the customer view's last answers per requester and source, so it opens instantly offline.
        {
            QStringLiteral("CREATE TABLE customer_cache(subject TEXT NOT NULL, section TEXT NOT NULL, fetched_at INTEGER NOT NULL,"
                           " payload TEXT NOT NULL, PRIMARY KEY(subject, section)) WITHOUT ROWID"),
        },
        // 7: what the agent and the automation change: the outbox of outgoing changes (written in the
        // transaction of the local change), the audit log, the composer's drafts, the agent's saved
        // views, and a local comment's link to the change that sends it.
        {
            QStringLiteral("CREATE TABLE outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, kind TEXT NOT NULL,"
                           " ticket_id INTEGER NOT NULL DEFAULT 0, order_key TEXT NOT NULL, payload BLOB NOT NULL,"
                           " idempotency_key TEXT NOT NULL UNIQUE, summary TEXT NOT NULL DEFAULT '', actor TEXT NOT NULL DEFAULT '',"
                           " rule TEXT NOT NULL DEFAULT '', batch_key TEXT NOT NULL DEFAULT '', state INTEGER NOT NULL,"
                           " attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL DEFAULT 0,"
                           " finished_at INTEGER NOT NULL DEFAULT 0, maybe_sent INTEGER NOT NULL DEFAULT 0,"
                           " base_stamp INTEGER NOT NULL DEFAULT 0, last_status INTEGER NOT NULL DEFAULT 0,"
                           " last_error TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX outbox_waiting ON outbox(state, destination, id)"),
            QStringLiteral("CREATE INDEX outbox_ticket ON outbox(ticket_id, state)"),
            QStringLiteral("CREATE INDEX outbox_order ON outbox(order_key, state)"),
            QStringLiteral("CREATE TABLE audit_log(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, origin TEXT NOT NULL,"
                           " action TEXT NOT NULL, ticket_id INTEGER NOT NULL DEFAULT 0, rule TEXT NOT NULL DEFAULT '',"
                           " detail TEXT NOT NULL DEFAULT '', result TEXT NOT NULL DEFAULT '', outbox_id INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX audit_log_at ON audit_log(at)"),
            QStringLiteral("CREATE INDEX audit_log_ticket ON audit_log(ticket_id, at)"),
            QStringLiteral("CREATE TABLE drafts(ticket_id INTEGER PRIMARY KEY, body TEXT NOT NULL, public INTEGER NOT NULL DEFAULT 1,"
                           " submit_status TEXT NOT NULL DEFAULT '', assignee_id INTEGER NOT NULL DEFAULT 0,"
                           " group_id INTEGER NOT NULL DEFAULT 0, add_tags TEXT NOT NULL DEFAULT '', remove_tags TEXT NOT NULL DEFAULT '',"
                           " macro_id INTEGER NOT NULL DEFAULT 0, suggested_body TEXT NOT NULL DEFAULT '',"
                           " updated_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE saved_views(id INTEGER PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL,"
                           " filter TEXT NOT NULL)"),
            QStringLiteral("ALTER TABLE comments ADD COLUMN outbox_id INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX comments_outbox ON comments(outbox_id) WHERE outbox_id <> 0"),
        },
        // 8: synced text is capped (models/textlimits.h); a cut ticket or comment says so, and what an
        // earlier build stored beyond the caps is cut here (by characters, SQLite's measure of text).
        {
            QStringLiteral("ALTER TABLE tickets ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE comments ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral(
                "UPDATE tickets SET truncated = 1, subject = substr(subject, 1, 1024), description = substr(description, 1, 262144)"
                " WHERE length(subject) > 1024 OR length(description) > 262144"),
            QStringLiteral("UPDATE comments SET truncated = 1, body = substr(body, 1, 262144) WHERE length(body) > 262144"),
        },
        // 9: automation (docs/lake.md): each ticket's consolidated record (its version and digest), what each
        // destination has queued and loaded of it, rows that failed validation or were refused, and the
        // Guardian / Opportunity alerts (one per ticket, kind, level and channel).
        {
            QStringLiteral("ALTER TABLE triage ADD COLUMN opportunity_signals TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE TABLE lake_records(ticket_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, digest TEXT NOT NULL,"
                           " built_at INTEGER NOT NULL, invalid TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE lake_loads(destination TEXT NOT NULL, ticket_id INTEGER NOT NULL, queued_version INTEGER NOT NULL"
                           " DEFAULT 0, loaded_version INTEGER NOT NULL DEFAULT 0, loaded_at INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY(destination, ticket_id)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE lake_failures(id INTEGER PRIMARY KEY, destination TEXT NOT NULL, ticket_id INTEGER NOT NULL,"
                           " version INTEGER NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX lake_failures_ticket ON lake_failures(ticket_id, version)"),
            QStringLiteral(
                "CREATE TABLE alerts(id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, kind TEXT NOT NULL, level TEXT NOT NULL,"
                " channel TEXT NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL,"
                " reason TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, outbox_id INTEGER NOT NULL DEFAULT 0,"
                " UNIQUE(ticket_id, kind, level, channel))"),
            QStringLiteral("CREATE INDEX alerts_created ON alerts(created_at)"),
        },
        // 10: the supervisor overview's part of a suggestion (team, Guardian score) on the ticket row
        // too, so that the queue's load stays one table scan.
        {
            QStringLiteral("ALTER TABLE tickets ADD COLUMN suggested_team TEXT"),
            QStringLiteral("ALTER TABLE tickets ADD COLUMN guardian_score INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE tickets SET suggested_team = (SELECT team FROM triage WHERE ticket_id = tickets.id),"
                           " guardian_score = coalesce((SELECT guardian_score FROM triage WHERE ticket_id = tickets.id), 0)"
                           " WHERE id IN (SELECT ticket_id FROM triage)"),
        },
        // 11: offline review (docs/review.md): what an imported export said of each ticket — its own id, the
        // line it was read from and the labels it carried. A review's corrections are triage_decisions.
        {
            QStringLiteral("CREATE TABLE review_items(ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
                           " source_id TEXT NOT NULL, line INTEGER NOT NULL, customer TEXT NOT NULL DEFAULT '',"
                           " label_priority TEXT NOT NULL DEFAULT '', label_default INTEGER NOT NULL DEFAULT 0,"
                           " label_team TEXT NOT NULL DEFAULT '', label_category TEXT NOT NULL DEFAULT '',"
                           " label_guardian TEXT NOT NULL DEFAULT '', label_opportunity TEXT NOT NULL DEFAULT '',"
                           " label_sentiment TEXT NOT NULL DEFAULT '')"),
        },
    };
    return steps;
}

} // namespace

int latestVersion()
{
    return static_cast<int>(migrations().size());
}

Result<int> currentVersion(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return sqlError(QStringLiteral("reading the schema version"), q);
    return q.value(0).toInt();
}

Result<void> checkIdentity(QSqlDatabase &db, const QString &fileName)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA application_id")) || !q.next())
        return sqlError(QStringLiteral("reading the application id of %1").arg(fileName), q);
    const int applicationId = q.value(0).toInt();
    if (applicationId == kApplicationId)
        return {};
    auto version = currentVersion(db);
    if (!version.ok())
        return version.error();
    if (!q.exec(QStringLiteral("SELECT count(*), sum(name IN ('meta', 'tickets')) FROM sqlite_master WHERE type = 'table'")) || !q.next())
        return sqlError(QStringLiteral("reading the tables of %1").arg(fileName), q);
    const int tables = q.value(0).toInt();
    const int ours = q.value(1).toInt();
    if (applicationId == 0 && version.value() >= 1 && version.value() <= latestVersion() && ours == 2)
        return {}; // a workspace from before the application id
    if (applicationId == 0 && version.value() > latestVersion() && ours == 2)
        return {}; // a newer CosmicDesk's: migrate() says so
    return Error::make(Error::Kind::Config,
                       applicationId != 0
                           ? QStringLiteral("%1 is another program's database (SQLite application id %2), not a CosmicDesk workspace."
                                            " It was left unchanged.")
                                 .arg(fileName)
                                 .arg(applicationId)
                           : QStringLiteral("%1 is another program's database (%2 tables, none of a CosmicDesk workspace's), not a"
                                            " CosmicDesk workspace. It was left unchanged.")
                                 .arg(fileName)
                                 .arg(tables));
}

Result<int> migrate(QSqlDatabase &db, int target)
{
    if (target < 0)
        target = latestVersion();
    auto current = currentVersion(db);
    if (!current.ok())
        return current.error();
    int version = current.value();
    if (version > latestVersion())
        return Error::make(Error::Kind::Config, QStringLiteral("This workspace was written by a newer CosmicDesk (schema %1; this build"
                                                               " knows up to %2). It was left unchanged.")
                                                    .arg(version)
                                                    .arg(latestVersion()));
    if (version >= target)
        return version;
    // One transaction for every step and the stamp: a step that fails rolls back the ones before it,
    // so a file is never left half-migrated (SQLite's schema changes and pragmas on the header are
    // transactional).
    Transaction tx(db);
    if (!tx.isActive())
        return sqlError(QStringLiteral("starting the migration"), db);
    QSqlQuery q(db);
    for (int step = version; step < target; ++step) {
        for (const QString &sql : migrations()[static_cast<std::size_t>(step)]) {
            if (!q.exec(sql))
                return sqlError(QStringLiteral("migrating to schema %1 (the file was left at schema %2)").arg(step + 1).arg(version), q);
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(target)) ||
        !q.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId)))
        return sqlError(QStringLiteral("recording schema %1").arg(target), q);
    if (auto r = tx.commit(); !r.ok())
        return r.error();
    return target;
}

} // namespace cosmicdesk::models::schema
