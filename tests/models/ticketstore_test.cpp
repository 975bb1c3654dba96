#include <models/schema.h>
#include <models/sqlconnection.h>
#include <models/ticketstore.h>
#include <support/testworkspace.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace cosmicdesk::models;

namespace {
Ticket sampleTicket(qint64 id)
{
    Ticket t;
    t.id = id;
    t.subject = QStringLiteral("Refund not received — commande n°%1").arg(id);
    t.description = QStringLiteral("Hi,\n<script>alert(1)</script> I was charged twice.");
    t.status = TicketStatus::Open;
    t.priority = cosmicdesk::triage::Priority::P1;
    t.channel = Channel::Chat;
    t.requesterId = 501;
    t.organizationId = 77;
    t.assigneeId = 9001;
    t.groupId = 3;
    t.tags = {QStringLiteral("billing"), QStringLiteral("vip")};
    t.language = QStringLiteral("fr");
    t.createdAt = 1714000000;
    t.updatedAt = 1714003600;
    t.firstReplyAt = 1714001000;
    return t;
}
} // namespace

class TicketStoreTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void open_createsLatestSchema()
    {
        QTemporaryDir dir;
        auto store = TicketStore::open(dir.filePath(QStringLiteral("s.db")));
        QVERIFY2(store.ok(), qPrintable(store ? QString() : store.error().message));
        QSqlDatabase db = store.value()->db();
        QCOMPARE(schema::currentVersion(db).value(), schema::latestVersion());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    }

    void migrate_fromVersion1_keepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.db"));
        {
            auto conn = SqlConnection::open(path);
            QVERIFY(conn.ok());
            QSqlDatabase db = conn.value().db();
            QCOMPARE(schema::migrate(db, 1).value(), 1);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO tickets(id, subject, description, status, channel, created_at,"
                                          " updated_at) VALUES(42, 'Old ticket', 'body', 1, 0, 1, 2)")));
        }
        auto store = TicketStore::open(path);
        QVERIFY(store.ok());
        QSqlDatabase db = store.value()->db();
        QCOMPARE(schema::currentVersion(db).value(), schema::latestVersion());
        auto t = store.value()->ticket(42);
        QVERIFY(t.ok() && t.value().has_value());
        QCOMPARE(t.value()->subject, QStringLiteral("Old ticket"));
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("SELECT count(*) FROM triage")), "migration 2 adds the triage table");
        QVERIFY2(q.exec(QStringLiteral("SELECT suggested_priority, guardian_level FROM tickets")), "migration 3 adds the summary");
    }

    void migrate_fromVersion2_carriesSuggestionsOntoTickets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v2.db"));
        {
            auto conn = SqlConnection::open(path);
            QSqlDatabase db = conn.value().db();
            QCOMPARE(schema::migrate(db, 2).value(), 2);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("INSERT INTO tickets(id, subject, description, status, channel, created_at, updated_at)"
                                          " VALUES(1, 's', 'd', 1, 0, 1, 2), (2, 't', 'e', 1, 0, 1, 2)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO triage(ticket_id, engine, priority, guardian_level, opportunity_score,"
                                          " assessment, triaged_at) VALUES(1, 'x', 1, 3, 60, '{}', 5)")));
            QCOMPARE(schema::migrate(db, 3).value(), 3);
            QVERIFY(q.exec(QStringLiteral("SELECT id, suggested_priority, guardian_level, opportunity_score FROM tickets ORDER BY id")));
            QVERIFY(q.next());
            QCOMPARE(q.value(1).toInt(), 1);
            QCOMPARE(q.value(2).toInt(), 3);
            QCOMPARE(q.value(3).toInt(), 60);
            QVERIFY(q.next());
            QVERIFY(q.value(1).isNull());
            QCOMPARE(q.value(2).toInt(), 0);
        }
        // Migration 4 drops the old-format suggestions (derived data, made again by the engine) and
        // with them the summaries they put on the tickets; the tickets themselves stay.
        auto store = TicketStore::open(path);
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM triage")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(q.exec(QStringLiteral(
                    "SELECT count(*), count(suggested_priority), sum(guardian_level), sum(opportunity_score) FROM tickets")) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QCOMPARE(q.value(1).toInt(), 0);
        QCOMPARE(q.value(2).toInt(), 0);
        QCOMPARE(q.value(3).toInt(), 0);
        QVERIFY2(q.exec(QStringLiteral("SELECT ticket_updated_at, account_key, created_at, opportunity_alert FROM triage")),
                 "migration 5's columns");
    }

    void write_ticketWithoutTags_roundTrips()
    {
        QTemporaryDir dir;
        auto store = TicketStore::open(dir.filePath(QStringLiteral("notags.db")));
        QVERIFY(store.ok());
        Ticket t = sampleTicket(5);
        t.tags.clear();
        StoreBatch b;
        b.tickets = {t};
        auto w = store.value()->write(b);
        QVERIFY2(w.ok(), qPrintable(w ? QString() : w.error().message));
        auto back = store.value()->ticket(5);
        QVERIFY(back.ok() && back.value().has_value());
        QVERIFY(back.value()->tags.isEmpty());
        QCOMPARE(*back.value(), t);
    }

    void open_refusesNewerSchema_andLeavesFileUnchanged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.db"));
        {
            auto conn = SqlConnection::open(path);
            QVERIFY(conn.ok());
            QSqlDatabase db = conn.value().db();
            QVERIFY(schema::migrate(db).ok());
            QVERIFY(conn.value().exec(QStringLiteral("PRAGMA user_version = 999")).ok());
            QVERIFY(conn.value().exec(QStringLiteral("PRAGMA journal_mode = DELETE")).ok());
        }
        const QByteArray before = cosmicdesk::testsupport::fileBytes(path);
        auto store = TicketStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, Error::Kind::Config);
        QVERIFY(store.error().message.contains(QStringLiteral("newer")));
        QCOMPARE(cosmicdesk::testsupport::fileBytes(path), before);
    }

    void open_refusesAFileThatIsNotAWorkspace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("these are my notes, not a database\n").repeated(200));
        f.close();
        const QByteArray before = cosmicdesk::testsupport::fileBytes(path);
        auto store = TicketStore::open(path);
        QVERIFY(!store.ok());
        QVERIFY2(store.error().message.contains(QStringLiteral("not a CosmicDesk workspace")), qPrintable(store.error().message));
        QCOMPARE(cosmicdesk::testsupport::fileBytes(path), before);
    }

    void open_marksANewWorkspaceWithTheApplicationId()
    {
        QTemporaryDir dir;
        auto store = TicketStore::open(dir.filePath(QStringLiteral("new.cosmicdesk")));
        QVERIFY(store.ok());
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
        QCOMPARE(q.value(0).toInt(), schema::kApplicationId);
    }

    void open_refusesAnEmptyFile_andLeavesItEmpty()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.cosmicdesk"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto store = TicketStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, Error::Kind::Config);
        QVERIFY2(store.error().message.contains(QStringLiteral("empty file")), qPrintable(store.error().message));
        QCOMPARE(QFileInfo(path).size(), qint64(0));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("empty.cosmicdesk")});
    }

    void open_refusesAnotherProgramsDatabase_byteForByte_data()
    {
        QTest::addColumn<int>("applicationId");
        QTest::newRow("no application id") << 0;
        QTest::newRow("another application's id") << 0x0F055112; // Fossil's
    }

    void open_refusesAnotherProgramsDatabase_byteForByte()
    {
        QFETCH(int, applicationId);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.sqlite"));
        {
            auto conn = SqlConnection::open(path);
            QVERIFY(conn.ok());
            QVERIFY(conn.value().exec(QStringLiteral("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)")).ok());
            QVERIFY(conn.value().exec(QStringLiteral("INSERT INTO notes(text) VALUES('keep me')")).ok());
            QVERIFY(conn.value().exec(QStringLiteral("PRAGMA application_id = %1").arg(applicationId)).ok());
        }
        const QByteArray before = cosmicdesk::testsupport::fileBytes(path);
        auto store = TicketStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, Error::Kind::Config);
        QVERIFY2(store.error().message.contains(QStringLiteral("not a CosmicDesk workspace")), qPrintable(store.error().message));
        QCOMPARE(cosmicdesk::testsupport::fileBytes(path), before); // no tables added, not switched to WAL
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void migrate_thatFails_leavesTheFileByteIdentical()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v3.cosmicdesk"));
        {
            auto conn = SqlConnection::open(path);
            QVERIFY(conn.ok());
            QSqlDatabase db = conn.value().db();
            QCOMPARE(schema::migrate(db, 3).value(), 3);
            QVERIFY(conn.value()
                        .exec(QStringLiteral("INSERT INTO tickets(id, subject, description, status, channel, created_at,"
                                             " updated_at) VALUES(42, 'Old ticket', 'body', 1, 0, 1, 2)"))
                        .ok());
            // Migrations 4 and 5 would succeed; 6 meets a table of its name and fails.
            QVERIFY(conn.value().exec(QStringLiteral("CREATE TABLE customer_cache(x)")).ok());
        }
        const QByteArray before = cosmicdesk::testsupport::fileBytes(path);
        auto store = TicketStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, Error::Kind::Storage);
        QVERIFY2(store.error().message.contains(QStringLiteral("schema 6")), qPrintable(store.error().message));
        QCOMPARE(QCryptographicHash::hash(cosmicdesk::testsupport::fileBytes(path), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(before, QCryptographicHash::Sha256));
        auto conn = SqlConnection::open(path, SqlConnection::Mode::ReadOnly);
        QSqlDatabase db = conn.value().db();
        QCOMPARE(schema::currentVersion(db).value(), 3);
    }

    void migration10_copiesTheSuggestionsTeamAndGuardianScoreToTheTicketRow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v9.cosmicdesk"));
        {
            auto conn = SqlConnection::open(path);
            QVERIFY(conn.ok());
            QSqlDatabase db = conn.value().db();
            QCOMPARE(schema::migrate(db, 9).value(), 9);
            QVERIFY(conn.value()
                        .exec(QStringLiteral("INSERT INTO tickets(id, subject, description, status, channel, created_at, updated_at)"
                                             " VALUES(1, 'a', 'b', 1, 0, 1, 2), (2, 'c', 'd', 1, 0, 1, 2)"))
                        .ok());
            QVERIFY(conn.value()
                        .exec(QStringLiteral("INSERT INTO triage(ticket_id, engine, ticket_updated_at, triaged_at, account_key,"
                                             " created_at, team, guardian_score) VALUES(1, 'e', 2, 3, 0, 1, 'Data & Analytics', 72)"))
                        .ok());
        }
        auto store = TicketStore::open(path);
        QVERIFY2(store.ok(), qPrintable(store ? QString() : store.error().message));
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT id, suggested_team, guardian_score FROM tickets ORDER BY id")));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toString(), QStringLiteral("Data & Analytics"));
        QCOMPARE(q.value(2).toInt(), 72);
        QVERIFY(q.next());
        QVERIFY(q.value(1).isNull()); // never triaged
        QCOMPARE(q.value(2).toInt(), 0);
    }

    void truncatedTicket_roundTrips_andDetailsLinkToZendesk()
    {
        QTemporaryDir dir;
        auto store = TicketStore::open(dir.filePath(QStringLiteral("t.cosmicdesk")));
        QVERIFY(store.ok());
        Ticket t = sampleTicket(77);
        t.truncated = true;
        StoreBatch b;
        b.tickets = {t, sampleTicket(78)};
        Comment c{5, 78, 501, QStringLiteral("long"), true, 1714000000};
        c.truncated = true;
        b.comments = {c};
        b.meta = {{QString::fromLatin1(TicketStore::kZendeskAddressKey), QStringLiteral("https://acme.zendesk.com")}};
        QVERIFY(store.value()->write(b).ok());
        QCOMPARE(store.value()->ticket(77).value().value(), t);
        QCOMPARE(store.value()->comments(78).value().front(), c);
        const auto d77 = store.value()->details(77).value();
        QVERIFY(d77->truncated);
        QCOMPARE(d77->agentUrl, QUrl(QStringLiteral("https://acme.zendesk.com/agent/tickets/77")));
        QVERIFY(store.value()->details(78).value()->truncated); // through its comment
        QVERIFY(!store.value()->ticket(78).value()->truncated);
    }

    void migrate_cutsWhatAnEarlierBuildStoredBeyondTheLimits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v6.cosmicdesk"));
        {
            auto conn = SqlConnection::open(path);
            QSqlDatabase db = conn.value().db();
            QCOMPARE(schema::migrate(db, 6).value(), 6);
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO tickets(id, subject, description, status, channel, created_at, updated_at)"
                                     " VALUES(1, 'short', ?, 1, 0, 1, 2), (2, 's', 'd', 1, 0, 1, 2)"));
            q.bindValue(0, QString(300000, QLatin1Char('x')));
            QVERIFY(q.exec());
        }
        auto store = TicketStore::open(path);
        QVERIFY(store.ok());
        const auto big = store.value()->ticket(1).value().value();
        QVERIFY(big.truncated);
        QCOMPARE(big.description.size(), qsizetype(262144));
        QVERIFY(!store.value()->ticket(2).value()->truncated);
    }

    void write_thenRead_roundTripsEveryField()
    {
        QTemporaryDir dir;
        auto opened = TicketStore::open(dir.filePath(QStringLiteral("s.db")));
        QVERIFY(opened.ok());
        TicketStore &store = *opened.value();
        StoreBatch b;
        b.organizations.push_back(Account{77, QStringLiteral("Acme Pte Ltd"), QStringLiteral("Pro"), 420000, QStringLiteral("Grace Tan"),
                                          QStringLiteral("grace@x.example"), QStringLiteral("001ABC"), QStringLiteral("cus_1"),
                                          QStringLiteral("SG"), 1600000000});
        User u;
        u.id = 501;
        u.name = QStringLiteral("Zoë Ng");
        u.email = QStringLiteral("zoe@acme.example");
        u.organizationId = 77;
        u.stripeCustomerId = QStringLiteral("cus_1");
        b.users.push_back(u);
        b.groups.push_back(Group{3, QStringLiteral("Compliance & Operations")});
        b.tickets.push_back(sampleTicket(1001));
        b.comments.push_back(Comment{5, 1001, 501, QStringLiteral("first"), true, 1714000000});
        b.comments.push_back(Comment{6, 1001, 9001, QStringLiteral("note"), false, 1714001000});
        QSignalSpy changed(&store, &TicketStore::ticketsChanged);
        QVERIFY(store.write(b).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().value<QList<qint64>>(), QList<qint64>{1001});

        QCOMPARE(store.ticket(1001).value().value(), sampleTicket(1001));
        QCOMPARE(store.user(501).value().value(), u);
        QCOMPARE(store.organization(77).value().value(), b.organizations.front());
        const auto comments = store.comments(1001).value();
        QCOMPARE(comments.size(), std::size_t(2));
        QCOMPARE(comments[1], b.comments[1]);
        const auto details = store.details(1001).value().value();
        QCOMPARE(details.groupName, QStringLiteral("Compliance & Operations"));
        QCOMPARE(details.conversation.size(), std::size_t(2));
        QCOMPARE(details.requesterOpenTickets, 1);
    }

    void upsert_keepsTheConversation()
    {
        QTemporaryDir dir;
        auto opened = TicketStore::open(dir.filePath(QStringLiteral("s.db")));
        TicketStore &store = *opened.value();
        StoreBatch b;
        b.tickets.push_back(sampleTicket(7));
        b.comments.push_back(Comment{1, 7, 0, QStringLiteral("hello"), true, 1});
        QVERIFY(store.write(b).ok());
        StoreBatch update;
        Ticket t = sampleTicket(7);
        t.status = TicketStatus::Solved;
        update.tickets.push_back(t);
        QVERIFY(store.write(update).ok());
        QCOMPARE(store.ticket(7).value()->status, TicketStatus::Solved);
        QCOMPARE(store.comments(7).value().size(), std::size_t(1));
    }

    void write_failingRow_writesNothing()
    {
        QTemporaryDir dir;
        auto opened = TicketStore::open(dir.filePath(QStringLiteral("s.db")));
        TicketStore &store = *opened.value();
        StoreBatch b;
        b.tickets.push_back(sampleTicket(1));
        b.tickets.push_back(sampleTicket(2));
        b.comments.push_back(Comment{1, 999, 0, QStringLiteral("orphan"), true, 1}); // no ticket 999: foreign key fails
        QSignalSpy changed(&store, &TicketStore::ticketsChanged);
        auto r = store.write(b);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Storage);
        QCOMPARE(store.ticketCount().value(), qint64(0));
        QCOMPARE(changed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TicketStoreTest)
#include "ticketstore_test.moc"
