// The child of outboxcrash_test: queues N replies (each exactly once, whatever happened to an earlier
// run of this process: the keys say which are queued) while its outbox worker delivers them, and
// exits 0 when none is waiting any more. The parent kills it with SIGKILL and starts it again.
// Usage: outboxload_child WORKSPACE URL EMAIL TOKEN CHANGES
#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>
#include <services/outboxworker.h>
#include <services/zendeskdestination.h>

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTimer>

#include <cstdio>

using namespace cosmicdesk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: outboxload_child WORKSPACE URL EMAIL TOKEN CHANGES\n");
        return 2;
    }
    const QString path = args[1], url = args[2], email = args[3], token = args[4];
    const int total = args[5].toInt();
    auto opened = models::TicketStore::open(path);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto store = std::move(opened).value();
    std::vector<qint64> tickets;
    {
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT id FROM tickets WHERE status < 4 ORDER BY id LIMIT 200"));
        while (q.next())
            tickets.push_back(q.value(0).toLongLong());
    }
    int queued = 0;
    {
        QSqlQuery q(store->db());
        q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE idempotency_key LIKE 'load-%'"));
        if (q.next())
            queued = q.value(0).toInt();
    }

    services::OutboxWorker::Options o;
    o.backoffBase = std::chrono::milliseconds(50);
    o.backoffCap = std::chrono::milliseconds(1000);
    o.unreachableBackoffCap = std::chrono::milliseconds(500);
    o.statusInterval = std::chrono::milliseconds(100);
    services::OutboxWorker worker(path, o);
    worker.addDestination([url, email, token] {
        connectors::RestClient::Options ro;
        ro.baseUrl = QUrl(url);
        ro.maxAttempts = 1;
        ro.timeout = std::chrono::milliseconds(1500);
        ro.maxInFlightPerHost = 16;
        return std::make_unique<services::ZendeskDestination>(
            std::make_unique<connectors::ZendeskClient>(ro, std::make_shared<connectors::ZendeskTokenAuth>(email, token)), 16);
    });
    worker.start();

    // Queue in small batches while the worker sends, so that a kill can land anywhere.
    QTimer producer;
    producer.setInterval(2);
    QObject::connect(&producer, &QTimer::timeout, [&] {
        if (queued >= total) {
            producer.stop();
            return;
        }
        std::vector<std::pair<qint64, models::TicketChange>> changes;
        std::vector<QString> keys;
        for (int i = 0; i < 25 && queued + i < total; ++i) {
            const int n = queued + i;
            models::TicketChange c;
            c.comment = QStringLiteral("load change %1").arg(n);
            c.commentPublic = n % 3 != 0;
            changes.emplace_back(tickets[std::size_t(n) % tickets.size()], c);
            keys.push_back(QStringLiteral("load-%1").arg(n));
        }
        auto r = models::queueTicketChanges(*store, changes, {QStringLiteral("load")}, keys);
        if (!r.ok()) {
            std::fprintf(stderr, "queueing failed: %s\n", qPrintable(r.error().message));
            QCoreApplication::exit(1);
            return;
        }
        queued += int(changes.size());
        worker.wake();
    });
    producer.start();

    QTimer check;
    check.setInterval(200);
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (queued < total)
            return;
        auto counts = models::OutboxStore(store->db()).counts();
        if (!counts.ok())
            return;
        const auto it = counts.value().find(QStringLiteral("zendesk"));
        if (it == counts.value().end())
            return;
        const auto &c = it->second;
        if (c.queued + c.inFlight == 0) {
            std::printf("done %lld dead %lld conflict %lld\n", c.done, c.dead, c.conflict);
            std::fflush(stdout);
            QCoreApplication::exit(c.dead + c.conflict == 0 ? 0 : 1);
        }
    });
    check.start();
    return app.exec();
}
