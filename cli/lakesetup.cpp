#include "lakesetup.h"

#include <models/consolidatedrecord.h>
#include <models/lakestore.h>
#include <models/outbox.h>
#include <models/ticketstore.h>
#include <services/lakedestinations.h>
#include <services/outboxworker.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTimer>

#include <optional>

namespace cosmicdesk::cli {

QStringList LakeTargets::destinations() const
{
    QStringList out;
    if (rds)
        out << models::kLakeRds;
    if (snowflake)
        out << models::kLakeSnowflake;
    return out;
}

void addLakeDestinations(services::OutboxWorker &worker, const LakeTargets &targets)
{
    if (targets.rds)
        worker.addDestination([config = *targets.rds] {
            return std::make_unique<services::RdsLakeDestination>(std::make_unique<connectors::RdsLakeWriter>(config));
        });
    if (targets.snowflake)
        worker.addDestination([sf = *targets.snowflake] {
            auto auth = std::make_shared<connectors::SnowflakeJwtAuth>(sf.auth);
            return std::make_unique<services::SnowflakeLakeDestination>(std::make_unique<connectors::SnowflakeClient>(sf.client, auth),
                                                                        sf.table, sf.maxInFlight);
        });
}

namespace {

template <typename T> std::optional<T> waitFor(std::function<void(QObject *, std::function<void(T)>)> call, int timeoutMs)
{
    QEventLoop loop;
    std::optional<T> out;
    QObject context;
    call(&context, [&](T r) {
        out = std::move(r);
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!out)
        loop.exec();
    return out;
}

} // namespace

QString initLakeSchema(const LakeTargets &targets)
{
    QStringList problems;
    if (targets.rds) {
        connectors::RdsLakeWriter writer(*targets.rds);
        auto r = waitFor<models::Result<void>>([&](QObject *c, auto done) { writer.initSchema(c, done); }, 120000);
        if (!r)
            problems << QStringLiteral("rds: no answer in 120 s");
        else if (!r->ok())
            problems << QStringLiteral("rds: %1").arg(r->error().message);
    }
    if (targets.snowflake) {
        connectors::SnowflakeClient client(targets.snowflake->client,
                                           std::make_shared<connectors::SnowflakeJwtAuth>(targets.snowflake->auth));
        connectors::SnowflakeStatement s;
        s.sql = models::snowflakeCreateTable(targets.snowflake->table);
        auto r = waitFor<models::Result<connectors::SnowflakeResult>>([&](QObject *c, auto done) { client.execute(s, c, done); }, 120000);
        if (!r)
            problems << QStringLiteral("snowflake: no answer in 120 s");
        else if (!r->ok())
            problems << QStringLiteral("snowflake: %1").arg(r->error().message);
    }
    return problems.join(u'\n');
}

LakeRun runLake(const QString &workspacePath, const LakeTargets &targets, std::chrono::seconds timeout, int recordsPerEntry)
{
    LakeRun run;
    const QStringList destinations = targets.destinations();
    auto opened = models::TicketStore::open(workspacePath);
    if (!opened.ok()) {
        run.error = opened.error().message;
        return run;
    }
    auto store = std::move(opened).value();
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    {
        auto q = models::LakeStore(store->db()).queueStale(destinations, recordsPerEntry);
        if (!q.ok()) {
            run.error = q.error().message;
            return run;
        }
        run.invalid = q.value().invalid;
    }

    services::OutboxWorker::Options o;
    o.backoffBase = std::chrono::milliseconds(200);
    o.backoffCap = std::chrono::seconds(10);
    o.unreachableBackoffCap = std::chrono::seconds(5);
    o.statusInterval = std::chrono::milliseconds(200);
    services::OutboxWorker worker(workspacePath, o);
    addLakeDestinations(worker, targets);
    worker.start();

    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QElapsedTimer clock;
    clock.start();
    const auto waitingRows = [&](const QString &d) -> qint64 {
        QSqlQuery q(store->db());
        q.prepare(QStringLiteral("SELECT coalesce(sum(json_array_length(CAST(payload AS TEXT), '$.rows')), 0) FROM outbox"
                                 " WHERE destination = ? AND kind = ? AND state IN (0, 1)"));
        q.addBindValue(d);
        q.addBindValue(models::kLakeRecordKind);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    };
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        bool busy = false;
        for (const QString &d : destinations) {
            const auto st = worker.status().find(d);
            if (st != worker.status().end() && st->second.paused) {
                run.error = QStringLiteral("%1 paused: %2")
                                .arg(d, st->second.pauseReason.isEmpty() ? st->second.lastError : st->second.pauseReason);
                loop.quit();
                return;
            }
            if (waitingRows(d) != 0)
                busy = true;
        }
        if (!busy) {
            loop.quit();
            return;
        }
        if (clock.elapsed() > std::chrono::milliseconds(timeout).count()) {
            run.error = QStringLiteral("still waiting after %1 s").arg(timeout.count());
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    poll.stop();

    for (const QString &d : destinations) {
        QSqlQuery q(store->db());
        q.prepare(QStringLiteral("SELECT coalesce(sum(json_array_length(CAST(payload AS TEXT), '$.rows')), 0) FROM outbox"
                                 " WHERE destination = ? AND kind = ? AND state = 2 AND finished_at >= ?"));
        q.addBindValue(d);
        q.addBindValue(models::kLakeRecordKind);
        q.addBindValue(startMs);
        const qint64 done = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
        QSqlQuery f(store->db());
        f.prepare(QStringLiteral("SELECT count(*) FROM lake_failures WHERE destination = ? AND at >= ?"));
        f.addBindValue(d);
        f.addBindValue(startMs / 1000);
        const qint64 refused = f.exec() && f.next() ? f.value(0).toLongLong() : 0;
        run.refused[d] = refused;
        run.loaded[d] = std::max<qint64>(0, done - refused);
        run.waiting[d] = std::max<qint64>(0, waitingRows(d));
        // Entries refused for good (a dead letter) are not waiting, but not loaded either: say so.
        QSqlQuery dead(store->db());
        dead.prepare(QStringLiteral("SELECT count(*), max(last_error) FROM outbox WHERE destination = ? AND kind = ? AND state IN (3, 4)"));
        dead.addBindValue(d);
        dead.addBindValue(models::kLakeRecordKind);
        if (dead.exec() && dead.next() && dead.value(0).toLongLong() > 0 && run.error.isEmpty())
            run.error = QStringLiteral("%1: %2 batch(es) refused for good (see the sync monitor): %3")
                            .arg(d)
                            .arg(dead.value(0).toLongLong())
                            .arg(dead.value(1).toString());
    }
    return run;
}

} // namespace cosmicdesk::cli
