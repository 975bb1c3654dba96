// ZendeskSync against the Zendesk sandbox over real HTTP into a real workspace: full then
// incremental, cursor persisted with each page, a resumed sync after the process is killed mid-page
// loses and duplicates nothing, cancel, rate limits and wrong credentials.
#include <connectors/auth.h>
#include <models/sqlconnection.h>
#include <models/ticketstore.h>
#include <models/zendeskjson.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <services/zendesksync.h>

#include <support/clirunner.h>
#include <support/testworkspace.h>

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <unistd.h>

using namespace cosmicdesk;
using models::Error;
using services::ZendeskSync;

class ZendeskSyncTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    std::unique_ptr<QTemporaryDir> dir;

    QString workspace() const { return dir->filePath(QStringLiteral("ws.cosmicdesk")); }

    void makeWorld(qint64 tickets)
    {
        server = std::make_unique<sandbox::HttpSandbox>(17);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions o;
        o.incrementalPerMinute = 0;
        o.holdBackSecs = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, o);
        sandbox::DemoOptions w;
        w.tickets = tickets;
        w.seed = 23;
        w.now = QDateTime::currentSecsSinceEpoch() - 7200;
        zendesk->load(sandbox::DemoWorld(w));
    }

    ZendeskSync::Options options(int perPage, const QString &token = {}) const
    {
        ZendeskSync::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        const QString email = zendesk->options().agentEmail;
        const QString secret = token.isEmpty() ? zendesk->options().apiToken : token;
        o.auth = [email, secret] { return std::make_shared<connectors::ZendeskTokenAuth>(email, secret); };
        o.perPage = perPage;
        o.repeat = false;
        o.backoffBase = std::chrono::milliseconds(20);
        o.pageInterval = std::chrono::milliseconds(0);
        return o;
    }

    // A bare server whose incremental export answers what `page` makes of the request number (1, 2, …).
    void serveExport(std::function<nlohmann::json(int)> page)
    {
        server = std::make_unique<sandbox::HttpSandbox>(5);
        QVERIFY(server->start() != 0);
        auto calls = std::make_shared<int>(0);
        server->addRoute(QStringLiteral("lying.incremental"), "GET", QStringLiteral("/api/v2/incremental/tickets/cursor"),
                         [calls, page](const sandbox::SandboxRequest &) {
                             return sandbox::SandboxReply::json(200, QByteArray::fromStdString(page(++*calls).dump()));
                         });
    }

    static nlohmann::json exportTicket(qint64 id)
    {
        models::Ticket t;
        t.id = id;
        t.subject = QStringLiteral("Ticket %1").arg(id);
        t.description = QStringLiteral("Body");
        t.status = models::TicketStatus::Open;
        t.createdAt = t.updatedAt = 1714736427;
        auto j = models::zendesk::ticketJson(t, "https://acme.zendesk.com");
        j["generated_timestamp"] = t.updatedAt;
        return j;
    }

    // An export page that does not end the stream; no cursor when `cursor` is empty.
    static nlohmann::json exportPage(nlohmann::json tickets, const std::string &cursor)
    {
        nlohmann::json page{{"tickets", std::move(tickets)}, {"end_of_stream", false}};
        if (!cursor.empty()) {
            page["after_cursor"] = cursor;
            page["after_url"] = "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=" + cursor;
        }
        return page;
    }

    ZendeskSync::Options bareOptions() const
    {
        ZendeskSync::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.auth = [] { return std::make_shared<connectors::ZendeskTokenAuth>(QStringLiteral("a@b.c"), QStringLiteral("t")); };
        o.repeat = false;
        o.pageInterval = std::chrono::milliseconds(0);
        return o;
    }

    // Runs one sync to its end and returns its outcome.
    models::Result<void> runOnce(ZendeskSync &sync, bool first)
    {
        std::optional<models::Result<void>> outcome;
        auto c = connect(&sync, &ZendeskSync::runFinished, this, [&](const models::Result<void> &r) { outcome = r; });
        if (first)
            sync.start();
        else
            sync.syncNow();
        const bool finished = QTest::qWaitFor([&] { return outcome.has_value(); }, 60000);
        disconnect(c);
        if (!finished)
            return Error::make(Error::Kind::Timeout, QStringLiteral("the sync did not finish"));
        return *outcome;
    }

    // Every ticket of the fake is in the store, as the fake has it.
    void verifyMirror(models::TicketStore &store)
    {
        QCOMPARE(store.ticketCount().value(), zendesk->ticketCount());
        for (qint64 id = 10001; id < 10001 + zendesk->ticketCount(); id += 37) {
            const auto local = store.ticket(id).value();
            QVERIFY2(local.has_value(), qPrintable(QString::number(id)));
            QCOMPARE(local->subject, zendesk->ticket(id)->subject);
            QCOMPARE(local->status, zendesk->ticket(id)->status);
            QCOMPARE(local->updatedAt, zendesk->ticket(id)->updatedAt);
        }
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<QTemporaryDir>();
        QVERIFY(dir->isValid());
    }

    void fullThenIncremental()
    {
        makeWorld(1200);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        QSignalSpy changed(store.value().get(), &models::TicketStore::ticketsChanged);
        ZendeskSync sync(*store.value(), options(100));
        QSignalSpy progress(&sync, &ZendeskSync::progress);
        auto r = runOnce(sync, true);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY(sync.isFirstSync());
        QCOMPARE(sync.pagesThisRun(), 12);
        QCOMPARE(progress.size(), 12);
        QCOMPARE(progress.last().at(2).toDouble(), 1.0);
        QCOMPARE(changed.size(), 12); // one announcement per page
        verifyMirror(*store.value());
        const auto t = store.value()->ticket(10001).value();
        QVERIFY(store.value()->user(t->requesterId).value().has_value());            // side-loaded users
        QVERIFY(store.value()->organization(t->organizationId).value().has_value()); // and organizations
        const QString cursor = store.value()->meta(QString::fromLatin1(ZendeskSync::kCursorKey)).value();
        QVERIFY(!cursor.isEmpty());

        // A change and a new ticket: the next run asks from the cursor and gets just those.
        auto edited = *zendesk->ticket(10010);
        edited.subject = QStringLiteral("Still no refund after 10 days");
        edited.updatedAt = QDateTime::currentSecsSinceEpoch();
        zendesk->upsertTicket(edited);
        models::Ticket fresh = edited;
        fresh.id = 99999;
        fresh.subject = QStringLiteral("Brand new ticket");
        zendesk->upsertTicket(fresh);
        server->clearReceived();
        r = runOnce(sync, false);
        QVERIFY(r.ok());
        QVERIFY(!sync.isFirstSync());
        QCOMPARE(sync.ticketsThisRun(), qint64(2));
        const auto asked = server->received(QStringLiteral("zendesk.incremental"));
        QCOMPARE(asked.size(), std::size_t(1));
        QCOMPARE(asked[0].query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), cursor);
        QCOMPARE(store.value()->ticket(10010).value()->subject, edited.subject);
        QCOMPARE(store.value()->ticket(99999).value()->subject, fresh.subject);
    }

    void progressFollowsThePagesFromTheFirstTicket()
    {
        makeWorld(1200);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), options(100)); // start_time 0, as a first sync of a real account
        QSignalSpy progress(&sync, &ZendeskSync::progress);
        QVERIFY(runOnce(sync, true).ok());
        QCOMPARE(progress.size(), 12);
        // Not 99 % after the first of twelve pages: the fraction runs from the first page's oldest ticket.
        QVERIFY2(progress.first().at(2).toDouble() < 0.3, qPrintable(QString::number(progress.first().at(2).toDouble())));
        for (qsizetype i = 1; i < progress.size(); ++i)
            QVERIFY(progress.at(i).at(2).toDouble() >= progress.at(i - 1).at(2).toDouble());
        QVERIFY(progress.at(5).at(2).toDouble() > 0.2 && progress.at(5).at(2).toDouble() < 0.8);
        QCOMPARE(progress.last().at(2).toDouble(), 1.0);
    }

    void aCursorThatDoesNotAdvanceStopsTheSync()
    {
        // The same after_cursor and end_of_stream false, forever: the sync stops at the repeat.
        serveExport([](int) { return exportPage({exportTicket(1), exportTicket(2)}, "stuck"); });
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), bareOptions());
        auto r = runOnce(sync, true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QVERIFY2(r.error().message.contains(u"not advancing"), qPrintable(r.error().message));
        QCOMPARE(sync.state(), ZendeskSync::State::Failed);
        QCOMPARE(server->received().size(), std::size_t(2));
        QCOMPARE(sync.ticketsThisRun(), qint64(2)); // no ghost tickets
        QCOMPARE(store.value()->ticketCount().value(), qint64(2));
        // The next run starts from the stored cursor and stops at its first answer.
        server->clearReceived();
        r = runOnce(sync, false);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(server->received().size(), std::size_t(1));
    }

    void emptyPagesWithNewCursorsStopTheSync()
    {
        serveExport([](int n) { return exportPage(nlohmann::json::array(), "c" + std::to_string(n)); });
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), bareOptions());
        auto r = runOnce(sync, true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(server->received().size(), std::size_t(ZendeskSync::kMaxIdlePages));
        QCOMPARE(sync.ticketsThisRun(), qint64(0));
    }

    void aPageWithoutCursorStopsTheSync()
    {
        serveExport([](int) { return exportPage({exportTicket(1)}, ""); });
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), bareOptions());
        auto r = runOnce(sync, true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QCOMPARE(server->received().size(), std::size_t(1));
    }

    void pagesKeepToTheExportQuota()
    {
        QCOMPARE(ZendeskSync::Options().pageInterval, std::chrono::milliseconds(6000)); // 10 requests a minute
        makeWorld(300);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        auto o = options(100);
        o.pageInterval = std::chrono::milliseconds(400);
        ZendeskSync sync(*store.value(), o);
        QVERIFY(runOnce(sync, true).ok());
        auto asked = server->received(QStringLiteral("zendesk.incremental"));
        QCOMPARE(asked.size(), std::size_t(3));
        for (std::size_t i = 1; i < asked.size(); ++i)
            QVERIFY2(asked[i].receivedAtMs - asked[i - 1].receivedAtMs >= 350,
                     qPrintable(QString::number(asked[i].receivedAtMs - asked[i - 1].receivedAtMs)));
        // The pace holds across runs too: a run asked for at once waits for its turn. (Measured at
        // the server: on a loaded machine the first run may end late enough that no wait is due.)
        const qint64 lastOfFirstRun = asked.back().receivedAtMs;
        server->clearReceived();
        QVERIFY(runOnce(sync, false).ok());
        const auto again = server->received(QStringLiteral("zendesk.incremental"));
        QVERIFY(!again.empty());
        QVERIFY2(again.front().receivedAtMs - lastOfFirstRun >= 350,
                 qPrintable(QString::number(again.front().receivedAtMs - lastOfFirstRun)));
    }

    void resumedAfterKillMidPageLosesAndDuplicatesNothing()
    {
        makeWorld(600);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 150; // a page every ~150 ms: time to kill the process mid-sync
        server->setKnobs(QStringLiteral("zendesk.incremental"), slow);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("COSMICDESK_ZENDESK_TOKEN"), zendesk->options().apiToken);
        env.insert(QStringLiteral("HOME"), dir->path());
        const QStringList args = {QStringLiteral("sync"),
                                  QStringLiteral("--workspace"),
                                  workspace(),
                                  QStringLiteral("--url"),
                                  server->baseUrl(),
                                  QStringLiteral("--email"),
                                  zendesk->options().agentEmail,
                                  QStringLiteral("--per-page"),
                                  QStringLiteral("50"),
                                  QStringLiteral("--page-interval-ms"),
                                  QStringLiteral("0")};
        QProcess first;
        first.setProcessEnvironment(env);
        first.start(QStringLiteral(COSMICDESK_BINARY), args);
        QVERIFY(first.waitForStarted());
        // Kill it (SIGKILL: no clean-up) once a few pages have landed, while it waits for the next.
        QTRY_VERIFY_WITH_TIMEOUT(server->received(QStringLiteral("zendesk.incremental")).size() >= 4, 30000);
        first.kill();
        QVERIFY(first.waitForFinished());
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);

        qint64 afterKill = 0;
        QString cursorAfterKill;
        {
            auto store = models::TicketStore::open(workspace());
            QVERIFY(store.ok());
            afterKill = store.value()->ticketCount().value();
            cursorAfterKill = store.value()->meta(QString::fromLatin1(ZendeskSync::kCursorKey)).value();
        }
        QVERIFY(afterKill > 0 && afterKill < 600);
        QCOMPARE(afterKill % 50, qint64(0)); // whole pages only: a page is one transaction with its cursor
        QVERIFY(!cursorAfterKill.isEmpty());

        server->clearReceived();
        QProcess second;
        second.setProcessEnvironment(env);
        second.start(QStringLiteral(COSMICDESK_BINARY), args);
        QVERIFY(second.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 60000);
        QCOMPARE(second.exitCode(), 0);

        // The second run started exactly where the written pages end …
        const auto asked = server->received(QStringLiteral("zendesk.incremental"));
        QVERIFY(!asked.empty());
        QCOMPARE(asked.front().query.queryItemValue(QStringLiteral("cursor"), QUrl::FullyDecoded), cursorAfterKill);
        // … fetched only what was missing (12 pages in all, plus the one cut short) …
        QCOMPARE(qint64(asked.size()), (600 - afterKill) / 50);
        // … and the store mirrors Zendesk, every ticket once.
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        verifyMirror(*store.value());
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), count(DISTINCT id) FROM tickets")) && q.next());
        QCOMPARE(q.value(0).toLongLong(), 600);
        QCOMPARE(q.value(1).toLongLong(), 600);
    }

    void cancelStopsAfterThePageAndResumes()
    {
        makeWorld(500);
        sandbox::FaultKnobs slow;
        slow.latencyMs = 100;
        server->setKnobs(QStringLiteral("zendesk.incremental"), slow);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), options(50));
        std::optional<models::Result<void>> outcome;
        connect(&sync, &ZendeskSync::progress, &sync, [&sync](qint64, int pages, double) {
            if (pages == 2)
                sync.cancel();
        });
        connect(&sync, &ZendeskSync::runFinished, this, [&](const models::Result<void> &r) { outcome = r; });
        sync.start();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30000);
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->error().kind, Error::Kind::Cancelled);
        QCOMPARE(sync.state(), ZendeskSync::State::Idle);
        const qint64 partial = store.value()->ticketCount().value();
        QVERIFY(partial >= 100 && partial < 500);
        disconnect(&sync, &ZendeskSync::progress, nullptr, nullptr);
        auto r = runOnce(sync, false);
        QVERIFY(r.ok());
        verifyMirror(*store.value());
    }

    void rateLimitedPageWaitsAndGoesOn()
    {
        makeWorld(300);
        sandbox::FaultKnobs k;
        k.retryAfterSecs = 1;
        server->setKnobs(QStringLiteral("zendesk.incremental"), k);
        server->scriptFault(QStringLiteral("zendesk.incremental"), sandbox::Fault::RateLimited, 1);
        server->scriptFault(QStringLiteral("zendesk.incremental"), sandbox::Fault::None, 0);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), options(100));
        QElapsedTimer t;
        t.start();
        auto r = runOnce(sync, true);
        QVERIFY(r.ok());
        QVERIFY(t.elapsed() >= 1000);
        verifyMirror(*store.value());
        const auto asked = server->received(QStringLiteral("zendesk.incremental"));
        QCOMPARE(asked.size(), std::size_t(4)); // the refused first call and three pages
        QVERIFY(asked[1].receivedAtMs - asked[0].receivedAtMs >= 1000);
    }

    void wrongCredentialsFailAsAuthWithoutRetrying()
    {
        makeWorld(50);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        ZendeskSync sync(*store.value(), options(100, QStringLiteral("wrong")));
        auto r = runOnce(sync, true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Auth);
        QCOMPARE(sync.state(), ZendeskSync::State::Failed);
        QCOMPARE(server->received().size(), std::size_t(1));
        QCOMPARE(store.value()->ticketCount().value(), qint64(0));
    }

    void syncedTicketsAreTriagedAsTheyLand()
    {
        makeWorld(300);
        auto store = models::TicketStore::open(workspace());
        QVERIFY(store.ok());
        services::TriageService triage(*store.value(), QStringLiteral("Rosa Delgado"), [] { return services::loadEngine({}); });
        triage.start();
        QTRY_VERIFY_WITH_TIMEOUT(triage.state() == services::TriageService::State::Idle, 30000);
        ZendeskSync sync(*store.value(), options(100));
        QVERIFY(runOnce(sync, true).ok());
        QSqlQuery q(store.value()->db());
        // Every synced ticket gets its suggestion, without anyone asking.
        QTRY_VERIFY_WITH_TIMEOUT(q.exec(QStringLiteral("SELECT count(*) FROM tickets WHERE suggested_priority IS NULL")) && q.next() &&
                                     q.value(0).toInt() == 0,
                                 30000);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM triage")) && q.next());
        QCOMPARE(q.value(0).toInt(), 300);
    }

    void cliRefusesWhatIsNotAWorkspace_andLeavesItUnchanged()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("COSMICDESK_ZENDESK_TOKEN"), QStringLiteral("t"));
        env.insert(QStringLiteral("HOME"), dir->path());
        auto sync = [&](const QString &file, bool asAnotherUser) {
            QProcess p;
            p.setProcessEnvironment(env);
            QStringList args{QStringLiteral("sync"),  QStringLiteral("--workspace"),        file,
                             QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--email"),
                             QStringLiteral("a@b.c")};
            if (asAnotherUser) // root writes read-only files: run as nobody to meet one
                p.start(QStringLiteral("setpriv"), QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                                               QStringLiteral("--clear-groups"), QStringLiteral(COSMICDESK_BINARY)} +
                                                       args);
            else
                p.start(QStringLiteral(COSMICDESK_BINARY), args);
            p.waitForFinished(60000);
            return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardError())};
        };
        // Another program's database and an empty file: refused as bad input, byte for byte unchanged.
        const QString other = dir->filePath(QStringLiteral("other.sqlite"));
        {
            auto conn = models::SqlConnection::open(other);
            QVERIFY(conn.value().exec(QStringLiteral("CREATE TABLE notes(text TEXT)")).ok());
        }
        const QString empty = dir->filePath(QStringLiteral("empty.cosmicdesk"));
        QFile(empty).open(QIODevice::WriteOnly);
        for (const QString &file : {other, empty}) {
            const QByteArray before = testsupport::fileBytes(file);
            const auto [code, err] = sync(file, false);
            QCOMPARE(code, 2);
            QVERIFY2(err.contains(u"not a CosmicDesk workspace"), qPrintable(err));
            QCOMPARE(testsupport::fileBytes(file), before);
        }
        // A read-only workspace is called read-only.
        const QString readOnly = dir->filePath(QStringLiteral("ro.cosmicdesk"));
        QVERIFY(models::TicketStore::open(readOnly).ok());
        QFile::setPermissions(readOnly, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        QFile::setPermissions(dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                               QFileDevice::ReadOther | QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                               QFileDevice::ExeGroup);
        const QByteArray before = testsupport::fileBytes(readOnly);
        const auto [code, err] = sync(readOnly, ::geteuid() == 0);
        QCOMPARE(code, 1);
        QVERIFY2(err.contains(u"read-only"), qPrintable(err));
        QVERIFY(!err.contains(u"not a CosmicDesk workspace"));
        QCOMPARE(testsupport::fileBytes(readOnly), before);
    }

    void cliRefusesTokenOnTheCommandLineAndBadInput()
    {
        const QString home = dir->path();
        auto r = testsupport::runCli({QStringLiteral("sync"), QStringLiteral("--workspace"), workspace(), QStringLiteral("--url"),
                                      QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--email"), QStringLiteral("a@b.c")},
                                     home);
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"COSMICDESK_ZENDESK_TOKEN"));
        r = testsupport::runCli({QStringLiteral("sync"), QStringLiteral("--url"), QStringLiteral("ftp://x")}, home);
        QCOMPARE(r.code, 2);
        r = testsupport::runCli({QStringLiteral("sandbox"), QStringLiteral("--fault-rate"), QStringLiteral("2")}, home);
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(ZendeskSyncTest)
#include "zendesksync_test.moc"
