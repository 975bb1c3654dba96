#include "workspacewriter.h"

#include <models/sqlconnection.h>
#include <models/ticketstore.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::sandbox {

using models::Error;
using models::Result;

Result<void> WorkspaceWriter::createWorldTables(const QSqlDatabase &db)
{
    static const char *const kStatements[] = {
        "CREATE TABLE IF NOT EXISTS demo_truth(ticket_id INTEGER PRIMARY KEY, category TEXT NOT NULL, team TEXT NOT NULL,"
        " priority TEXT NOT NULL, tone TEXT NOT NULL, churn INTEGER NOT NULL, opportunity INTEGER NOT NULL,"
        " upgrade_trap INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS shop_products(sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT,"
        " price_cents INTEGER NOT NULL, image_url TEXT)",
        "CREATE TABLE IF NOT EXISTS shop_orders(order_id INTEGER PRIMARY KEY, customer_email TEXT NOT NULL,"
        " zendesk_user_id INTEGER, organization_id INTEGER, status TEXT NOT NULL, total_cents INTEGER NOT NULL,"
        " currency TEXT NOT NULL, created_at INTEGER NOT NULL, carrier TEXT, tracking_number TEXT)",
        "CREATE INDEX IF NOT EXISTS shop_orders_email ON shop_orders(customer_email, created_at)",
        "CREATE INDEX IF NOT EXISTS shop_orders_user ON shop_orders(zendesk_user_id, created_at)",
        "CREATE TABLE IF NOT EXISTS shop_order_items(order_id INTEGER NOT NULL, line INTEGER NOT NULL, sku TEXT NOT NULL,"
        " name TEXT NOT NULL, quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL, PRIMARY KEY(order_id, line))",
    };
    QSqlQuery q(db);
    for (const char *sql : kStatements)
        if (!q.exec(QString::fromLatin1(sql)))
            return models::sqlError(QStringLiteral("creating the demo world tables"), q);
    return {};
}

namespace {

Result<void> writeShop(const DemoWorld &world, const QSqlDatabase &db)
{
    models::Transaction tx(db);
    QSqlQuery product(db), order(db), item(db);
    product.prepare(QStringLiteral("INSERT INTO shop_products VALUES(?,?,?,?,?)"));
    for (const auto &p : world.products()) {
        product.bindValue(0, QString::fromStdString(p.sku));
        product.bindValue(1, QString::fromStdString(p.name));
        product.bindValue(2, QString::fromStdString(p.category));
        product.bindValue(3, p.priceCents);
        product.bindValue(4, QString::fromStdString(p.imageUrl));
        if (!product.exec())
            return models::sqlError(QStringLiteral("writing products"), product);
    }
    order.prepare(QStringLiteral("INSERT INTO shop_orders VALUES(?,?,?,?,?,?,?,?,?,?)"));
    item.prepare(QStringLiteral("INSERT INTO shop_order_items VALUES(?,?,?,?,?,?)"));
    for (std::size_t a = 0; a < world.accounts().size(); ++a) {
        const DemoAccount &account = world.accounts()[a];
        const AccountWorld w = world.accountWorld(a);
        for (const DemoOrder &o : w.orders) {
            const DemoPerson &person = world.people()[o.person];
            order.bindValue(0, o.number);
            order.bindValue(1, QString::fromStdString(person.email));
            order.bindValue(2, person.id);
            order.bindValue(3, account.id);
            order.bindValue(4, QString::fromStdString(o.status));
            order.bindValue(5, o.totalCents);
            order.bindValue(6, QString::fromStdString(account.currency));
            order.bindValue(7, o.createdAt);
            order.bindValue(8, o.shipment.carrier.empty() ? QVariant() : QVariant(QString::fromStdString(o.shipment.carrier)));
            order.bindValue(9, o.shipment.carrier.empty() ? QVariant() : QVariant(QString::fromStdString(o.shipment.trackingNumber)));
            if (!order.exec())
                return models::sqlError(QStringLiteral("writing orders"), order);
            int line = 1;
            for (const DemoOrderItem &it : o.items) {
                item.bindValue(0, o.number);
                item.bindValue(1, line++);
                item.bindValue(2, QString::fromStdString(it.sku));
                item.bindValue(3, QString::fromStdString(it.name));
                item.bindValue(4, it.quantity);
                item.bindValue(5, it.unitCents);
                if (!item.exec())
                    return models::sqlError(QStringLiteral("writing order items"), item);
            }
        }
    }
    return tx.commit();
}

} // namespace

Result<WorkspaceStats> WorkspaceWriter::write(const DemoWorld &world, const QString &path, const Progress &progress,
                                              const std::atomic_bool *cancelled)
{
    QElapsedTimer clock;
    clock.start();
    const QFileInfo target(path);
    if (!target.absoluteDir().exists() && !QDir().mkpath(target.absolutePath()))
        return Error::make(Error::Kind::Config, QStringLiteral("Cannot create the folder %1.").arg(target.absolutePath()));
    const QString partial = target.absoluteFilePath() + QStringLiteral(".partial");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(partial + suffix);

    auto written = writeInto(world, partial, progress, cancelled);
    if (!written.ok()) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(partial + suffix);
        return written.error();
    }
    WorkspaceStats stats = written.value();
    // Every connection is closed: the file is complete. Replace the target in one step.
    QFile::remove(partial + QStringLiteral("-wal"));
    QFile::remove(partial + QStringLiteral("-shm"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(target.absoluteFilePath() + suffix);
    if (!QFile::rename(partial, target.absoluteFilePath()))
        return Error::make(Error::Kind::Storage, QStringLiteral("Cannot move the new workspace into place at %1.").arg(path));
    stats.milliseconds = clock.elapsed();
    stats.bytes = QFileInfo(target.absoluteFilePath()).size();
    return stats;
}

Result<WorkspaceStats> WorkspaceWriter::writeInto(const DemoWorld &world, const QString &partial, const Progress &progress,
                                                  const std::atomic_bool *cancelled)
{
    WorkspaceStats stats;
    {
        auto opened = models::TicketStore::open(partial);
        if (!opened.ok())
            return opened.error();
        models::TicketStore &store = *opened.value();
        QSqlDatabase db = store.db();
        QSqlQuery(db).exec(QStringLiteral("PRAGMA synchronous=OFF")); // a new file: on failure it is deleted anyway
        if (auto r = createWorldTables(db); !r.ok())
            return r.error();

        models::StoreBatch base;
        base.organizations = world.organizations();
        base.users = world.users();
        base.groups = world.groups();
        stats.organizations = static_cast<qint64>(base.organizations.size());
        stats.users = static_cast<qint64>(base.users.size());
        if (auto r = store.write(base); !r.ok())
            return r.error();

        Error failure;
        bool failed = false;
        QSqlQuery truth(db);
        truth.prepare(QStringLiteral("INSERT INTO demo_truth VALUES(?,?,?,?,?,?,?,?)"));
        world.generateTickets(
            [&](std::vector<GeneratedTicket> &&batch) {
                if (cancelled && cancelled->load()) {
                    failure = Error::make(Error::Kind::Cancelled, QStringLiteral("Generation was cancelled."));
                    failed = true;
                    return false;
                }
                models::StoreBatch b;
                b.tickets.reserve(batch.size());
                for (auto &g : batch) {
                    stats.comments += static_cast<qint64>(g.comments.size());
                    b.comments.insert(b.comments.end(), std::make_move_iterator(g.comments.begin()),
                                      std::make_move_iterator(g.comments.end()));
                    b.tickets.push_back(std::move(g.ticket));
                }
                if (auto r = store.write(b); !r.ok()) {
                    failure = r.error();
                    failed = true;
                    return false;
                }
                models::Transaction tx(db);
                for (const auto &g : batch) {
                    const TicketTruth &t = g.truth;
                    truth.bindValue(0, g.ticket.id);
                    truth.bindValue(1, QString::fromLatin1(categoryName(t.category).data()));
                    truth.bindValue(2, QString::fromLatin1(kTeams[static_cast<std::size_t>(t.team)].data()));
                    truth.bindValue(3, QString::fromLatin1(triage::priorityName(t.priority).data(), 2));
                    truth.bindValue(4, QString::fromLatin1(toneName(t.tone).data()));
                    truth.bindValue(5, t.churn ? 1 : 0);
                    truth.bindValue(6, t.opportunity ? 1 : 0);
                    truth.bindValue(7, t.upgradeTrap ? 1 : 0);
                    if (!truth.exec()) {
                        failure = models::sqlError(QStringLiteral("writing demo labels"), truth);
                        failed = true;
                        return false;
                    }
                }
                if (auto r = tx.commit(); !r.ok()) {
                    failure = r.error();
                    failed = true;
                    return false;
                }
                stats.tickets += static_cast<qint64>(batch.size());
                return true;
            },
            2000, progress);
        if (failed) {
            truth.finish();
            return failure;
        }
        truth.finish();
        if (auto r = writeShop(world, db); !r.ok())
            return r.error();
        {
            QSqlQuery count(db);
            if (count.exec(QStringLiteral("SELECT count(*) FROM shop_orders")) && count.next())
                stats.orders = count.value(0).toLongLong();
        }
        const auto &o = world.options();
        for (const auto &[k, v] :
             std::initializer_list<std::pair<QString, QString>>{{QStringLiteral("workspace.kind"), QStringLiteral("demo")},
                                                                {QStringLiteral("demo.generator"), QStringLiteral("1")},
                                                                {QStringLiteral("demo.seed"), QString::number(o.seed)},
                                                                {QStringLiteral("demo.tickets"), QString::number(o.tickets)},
                                                                {QStringLiteral("demo.now"), QString::number(o.now)},
                                                                {QStringLiteral("demo.weeks"), QString::number(o.weeks)}}) {
            if (auto r = store.setMeta(k, v); !r.ok())
                return r.error();
        }
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    return stats;
}

} // namespace cosmicdesk::sandbox
