// ZendeskClient against the Zendesk sandbox over real HTTP: each call's mapping onto the domain
// types, the incremental export over several pages with side-loads, updates and bulk jobs.
#include <connectors/auth.h>
#include <connectors/zendeskclient.h>
#include <models/zendeskjson.h>
#include <sandbox/demoworld.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/zendeskfake.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <support/wait.h>

#include <QtTest>

using namespace cosmicdesk;
using connectors::ZendeskClient;
using models::Error;
using models::Result;

// Demo tickets are numbered from 10001.
static qint64 T(int i)
{
    return 10000 + i;
}

using testsupport::Wait;

class ZendeskClientTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<sandbox::HttpSandbox> server;
    std::unique_ptr<sandbox::ZendeskFake> zendesk;
    qint64 worldTickets = 0;

    std::unique_ptr<ZendeskClient> client(const QString &token = {})
    {
        connectors::RestClient::Options o;
        o.baseUrl = QUrl(server->baseUrl());
        o.maxAttempts = 3;
        o.backoffBase = std::chrono::milliseconds(10);
        return std::make_unique<ZendeskClient>(
            o, std::make_shared<connectors::ZendeskTokenAuth>(zendesk->options().agentEmail,
                                                              token.isEmpty() ? zendesk->options().apiToken : token));
    }

    // Demo tickets may be closed already; an update needs an open one.
    void reopen(qint64 id)
    {
        auto t = *zendesk->ticket(id);
        t.status = models::TicketStatus::Open;
        zendesk->upsertTicket(t);
    }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<sandbox::HttpSandbox>(9);
        QVERIFY(server->start() != 0);
        sandbox::ZendeskFakeOptions o;
        o.incrementalPerMinute = 0;
        zendesk = std::make_unique<sandbox::ZendeskFake>(*server, o);
        sandbox::DemoOptions w;
        w.tickets = 250;
        w.seed = 11;
        w.now = QDateTime::currentSecsSinceEpoch() - 3600;
        zendesk->load(sandbox::DemoWorld(w));
        worldTickets = zendesk->ticketCount();
    }

    void meTellsTheRole()
    {
        auto c = client();
        Wait<connectors::ZendeskMe> me;
        c->me(this, me.callback());
        QVERIFY(me.wait());
        QVERIFY(me.result->ok());
        QVERIFY(me.result->value().isAgent());
        QVERIFY(me.result->value().isAdmin());
        QCOMPARE(me.result->value().email, zendesk->options().agentEmail);

        auto opts = zendesk->options();
        opts.meRole = QStringLiteral("agent");
        zendesk->setOptions(opts);
        Wait<connectors::ZendeskMe> agent;
        c->me(this, agent.callback());
        QVERIFY(agent.wait());
        QVERIFY(agent.result->value().isAgent());
        QVERIFY(!agent.result->value().isAdmin());
    }

    void wrongTokenIsAuth()
    {
        auto c = client(QStringLiteral("nope"));
        Wait<connectors::ZendeskMe> me;
        c->me(this, me.callback());
        QVERIFY(me.wait());
        QVERIFY(!me.result->ok());
        QCOMPARE(me.result->error().kind, Error::Kind::Auth);
    }

    void ticketMapsEveryField()
    {
        auto expected = zendesk->ticket(T(1));
        QVERIFY(expected);
        auto c = client();
        Wait<models::Ticket> t;
        c->ticket(T(1), this, t.callback());
        QVERIFY(t.wait());
        QVERIFY(t.result->ok());
        const models::Ticket &got = t.result->value();
        QCOMPARE(got.id, expected->id);
        QCOMPARE(got.subject, expected->subject);
        QCOMPARE(got.description, expected->description);
        QCOMPARE(got.status, expected->status);
        QCOMPARE(got.priority, expected->priority);
        QCOMPARE(got.channel, expected->channel);
        QCOMPARE(got.requesterId, expected->requesterId);
        QCOMPARE(got.organizationId, expected->organizationId);
        QCOMPARE(got.assigneeId, expected->assigneeId);
        QCOMPARE(got.groupId, expected->groupId);
        QCOMPARE(got.tags, expected->tags);
        QCOMPARE(got.createdAt, expected->createdAt);
        QCOMPARE(got.updatedAt, expected->updatedAt);
    }

    void wireShapeIsZendesks()
    {
        // The sandbox's ticket and user answers carry the reference's keys and vocabulary.
        auto c = client();
        std::optional<Result<connectors::RestResponse>> raw;
        c->rest().send(connectors::RestRequest::get(QStringLiteral("/api/v2/tickets/10001")), this,
                       [&](Result<connectors::RestResponse> r) { raw = std::move(r); });
        QTRY_VERIFY(raw.has_value());
        const auto j = raw->value().json().value()["ticket"];
        for (const char *key :
             {"id", "url", "subject", "raw_subject", "description", "priority", "status", "requester_id", "submitter_id", "assignee_id",
              "organization_id", "group_id", "tags", "custom_fields", "via", "created_at", "updated_at", "is_public"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(QStringList({QStringLiteral("urgent"), QStringLiteral("high"), QStringLiteral("normal"), QStringLiteral("low")})
                    .contains(QString::fromStdString(j["priority"].get<std::string>())));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"))
                    .match(QString::fromStdString(j["created_at"].get<std::string>()))
                    .hasMatch());
        QVERIFY(j["via"].contains("channel"));
        QCOMPARE(raw->value().header("x-rate-limit-remaining").isEmpty(), false);
    }

    void commentsAcrossThreePages()
    {
        models::Ticket t = *zendesk->ticket(T(2));
        std::vector<models::Comment> many;
        for (int i = 0; i < 230; ++i)
            many.push_back(models::Comment{50000 + i, t.id, t.requesterId, QStringLiteral("part %1").arg(i), i % 3 != 0, t.createdAt + i});
        zendesk->upsertTicket(t, many);
        auto c = client();
        Wait<std::vector<models::Comment>> comments;
        c->comments(t.id, this, comments.callback());
        QVERIFY(comments.wait());
        QVERIFY(comments.result->ok());
        const auto &got = comments.result->value();
        QCOMPARE(got.size(), std::size_t(230));
        QCOMPARE(got.front().body, QStringLiteral("part 0"));
        QCOMPARE(got.back().body, QStringLiteral("part 229"));
        QCOMPARE(got[3].isPublic, false);
        QCOMPARE(server->received(QStringLiteral("zendesk.comments")).size(), std::size_t(3));
    }

    void incrementalExportPagesWithSideloads()
    {
        auto c = client();
        QString cursor;
        std::set<qint64> ids;
        std::size_t users = 0;
        int pages = 0;
        bool end = false;
        while (!end && pages < 20) {
            Wait<connectors::IncrementalPage> page;
            c->incrementalPage(cursor, 0, 100, this, page.callback());
            QVERIFY(page.wait());
            QVERIFY2(page.result->ok(), qPrintable(page.result->ok() ? QString() : page.result->error().message));
            const auto &p = page.result->value();
            for (const auto &t : p.tickets)
                QVERIFY2(ids.insert(t.id).second, "a ticket came twice");
            users += p.users.size();
            QVERIFY(!p.organizations.empty() || p.tickets.empty());
            QVERIFY(!p.afterCursor.isEmpty());
            cursor = p.afterCursor;
            end = p.endOfStream;
            ++pages;
        }
        QVERIFY(end);
        QCOMPARE(pages, 3);
        QCOMPARE(qint64(ids.size()), worldTickets);
        QVERIFY(users > 0);
        const auto first = server->received(QStringLiteral("zendesk.incremental")).front();
        QCOMPARE(first.query.queryItemValue(QStringLiteral("start_time")), QStringLiteral("0"));
        QCOMPARE(first.query.queryItemValue(QStringLiteral("include"), QUrl::FullyDecoded),
                 QStringLiteral("users,organizations,groups,metric_sets"));

        // From the last cursor: nothing new until something changes; then just that.
        Wait<connectors::IncrementalPage> empty;
        c->incrementalPage(cursor, 0, 100, this, empty.callback());
        QVERIFY(empty.wait());
        QVERIFY(empty.result->value().tickets.empty());
        QVERIFY(empty.result->value().endOfStream);
        auto changed = *zendesk->ticket(T(5));
        changed.subject = QStringLiteral("Changed subject");
        changed.updatedAt = QDateTime::currentSecsSinceEpoch() - 120;
        zendesk->upsertTicket(changed);
        auto opts = zendesk->options();
        opts.holdBackSecs = 0;
        zendesk->setOptions(opts);
        Wait<connectors::IncrementalPage> next;
        c->incrementalPage(cursor, 0, 100, this, next.callback());
        QVERIFY(next.wait());
        QCOMPARE(next.result->value().tickets.size(), std::size_t(1));
        QCOMPARE(next.result->value().tickets[0].subject, QStringLiteral("Changed subject"));
    }

    void incrementalRefusesTooRecentStart()
    {
        auto c = client();
        Wait<connectors::IncrementalPage> page;
        c->incrementalPage({}, QDateTime::currentSecsSinceEpoch(), 100, this, page.callback());
        QVERIFY(page.wait());
        QVERIFY(!page.result->ok());
        QCOMPARE(page.result->error().kind, Error::Kind::BadPayload);
        QCOMPARE(page.result->error().httpStatus, 400);
        QVERIFY(page.result->error().message.contains(u"start_time"));
    }

    void updateSendsOnlyWhatChangedAndAnswersTheTicket()
    {
        reopen(T(3));
        auto c = client();
        connectors::TicketUpdate u;
        u.priority = triage::Priority::P0;
        u.status = models::TicketStatus::Pending;
        u.additionalTags = {QStringLiteral("cosmicdesk_triaged")};
        u.commentBody = QStringLiteral("Internal: suggested P0 (Guardian alert)");
        u.commentPublic = false;
        Wait<models::Ticket> t;
        c->updateTicket(T(3), u, this, t.callback());
        QVERIFY(t.wait());
        QVERIFY2(t.result->ok(), qPrintable(t.result->ok() ? QString() : t.result->error().message));
        QCOMPARE(t.result->value().priority, std::optional(triage::Priority::P0));
        QCOMPARE(t.result->value().status, models::TicketStatus::Pending);
        QVERIFY(t.result->value().tags.contains(u"cosmicdesk_triaged"));
        const auto sent = nlohmann::json::parse(server->received(QStringLiteral("zendesk.update")).back().body.toStdString());
        QCOMPARE(sent["ticket"]["priority"].get<std::string>(), std::string("urgent"));
        QCOMPARE(sent["ticket"]["comment"]["public"].get<bool>(), false);
        QVERIFY(!sent["ticket"].contains("tags")); // never replaces the whole list
        QVERIFY(!sent["ticket"].contains("assignee_id"));
        QCOMPARE(zendesk->comments(T(3)).back().isPublic, false);
    }

    void staleSafeUpdateIsRefused()
    {
        reopen(T(4));
        auto c = client();
        connectors::TicketUpdate u;
        u.priority = triage::Priority::P3;
        u.safeUpdateStamp = zendesk->ticket(T(4))->updatedAt - 10;
        Wait<models::Ticket> t;
        c->updateTicket(T(4), u, this, t.callback());
        QVERIFY(t.wait());
        QVERIFY(!t.result->ok());
        QCOMPARE(t.result->error().httpStatus, 409);
        QCOMPARE(server->received(QStringLiteral("zendesk.update")).size(), std::size_t(1)); // 409 is not retried
    }

    void closedTicketUpdateIsRecordInvalid()
    {
        auto closed = *zendesk->ticket(T(6));
        closed.status = models::TicketStatus::Closed;
        zendesk->upsertTicket(closed);
        auto c = client();
        connectors::TicketUpdate u;
        u.status = models::TicketStatus::Open;
        Wait<models::Ticket> t;
        c->updateTicket(T(6), u, this, t.callback());
        QVERIFY(t.wait());
        QVERIFY(!t.result->ok());
        QCOMPARE(t.result->error().httpStatus, 422);
        QVERIFY2(t.result->error().message.contains(u"closed prevents ticket update"), qPrintable(t.result->error().message));
    }

    void updateManyQueuesAJobThatCompletes()
    {
        reopen(T(7));
        reopen(T(9));
        auto closed = *zendesk->ticket(T(8));
        closed.status = models::TicketStatus::Closed;
        zendesk->upsertTicket(closed);
        auto c = client();
        connectors::TicketUpdate u;
        u.additionalTags = {QStringLiteral("bulk")};
        Wait<connectors::JobStatus> queued;
        c->updateMany({T(7), T(8), T(9)}, u, this, queued.callback());
        QVERIFY(queued.wait());
        QVERIFY(queued.result->ok());
        QCOMPARE(queued.result->value().status, QStringLiteral("queued"));
        Wait<connectors::JobStatus> done;
        c->waitForJob(queued.result->value().id, std::chrono::milliseconds(20), this, done.callback());
        QVERIFY(done.wait());
        QVERIFY(done.result->ok());
        const auto &job = done.result->value();
        QCOMPARE(job.status, QStringLiteral("completed"));
        QCOMPARE(job.results.size(), std::size_t(3));
        QCOMPARE(job.results[0].success, true);
        QCOMPARE(job.results[1].success, false); // the closed one
        QVERIFY(job.results[1].errors.contains(u"closed"));
        QVERIFY(zendesk->ticket(T(9))->tags.contains(u"bulk"));
        QVERIFY(server->received(QStringLiteral("zendesk.job_status")).size() >= 2); // polled until done
        QCOMPARE(server->received(QStringLiteral("zendesk.update_many")).back().query.queryItemValue(QStringLiteral("ids")),
                 QStringLiteral("10007,10008,10009"));

        Wait<connectors::JobStatus> tooMany;
        QList<qint64> ids;
        for (int i = 1; i <= 101; ++i)
            ids << i;
        c->updateMany(ids, u, this, tooMany.callback());
        QVERIFY(tooMany.wait());
        QCOMPARE(tooMany.result->error().kind, Error::Kind::Config);
    }

    void activeMacrosAreListed()
    {
        auto c = client();
        Wait<std::vector<connectors::ZendeskMacro>> macros;
        c->activeMacros(this, macros.callback());
        QVERIFY(macros.wait());
        QVERIFY(macros.result->ok());
        QVERIFY(macros.result->value().size() >= 10);
        QVERIFY(!macros.result->value().front().title.isEmpty());
    }

    void activeMacrosArePagedByOffset()
    {
        // Zendesk's specification gives /macros/active offset pages (next_page), never a cursor.
        auto o = zendesk->options();
        o.extraMacros = 150;
        zendesk->setOptions(o);
        server->clearReceived();
        auto c = client();
        Wait<std::vector<connectors::ZendeskMacro>> macros;
        c->activeMacros(this, macros.callback());
        QVERIFY(macros.wait());
        QVERIFY2(macros.result->ok(), qPrintable(macros.result->ok() ? QString() : macros.result->error().message));
        QCOMPARE(macros.result->value().size(), std::size_t(162));
        const auto pages = server->received(QStringLiteral("zendesk.macros"));
        QCOMPARE(pages.size(), std::size_t(2));
        QCOMPARE(pages[0].query.queryItemValue(QStringLiteral("per_page")), QStringLiteral("100"));
        QCOMPARE(pages[1].query.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
        for (const auto &p : pages)
            QVERIFY(!p.query.hasQueryItem(QStringLiteral("page[size]")));
    }

    void aMacroAppliedShowsTheTicketAsItWouldBe_andChangesNothing()
    {
        reopen(T(3));
        const models::Ticket before = *zendesk->ticket(T(3));
        const std::size_t comments = zendesk->comments(T(3)).size();
        auto c = client();
        Wait<connectors::MacroResult> solved;
        c->applyMacro(T(3), 900012, this, solved.callback()); // "Close: solved"
        QVERIFY(solved.wait());
        QVERIFY2(solved.result->ok(), qPrintable(solved.result->ok() ? QString() : solved.result->error().message));
        const connectors::MacroResult &r = solved.result->value();
        QCOMPARE(r.ticket.id, T(3));
        QCOMPARE(r.ticket.status, models::TicketStatus::Solved);
        QVERIFY(r.ticket.tags.contains(QStringLiteral("closed_by_macro")));
        QVERIFY(r.comment && r.comment->contains(QStringLiteral("closing this ticket")));
        QVERIFY(r.commentPublic);
        // Only a preview: Zendesk's ticket is as it was.
        QCOMPARE(*zendesk->ticket(T(3)), before);
        QCOMPARE(zendesk->comments(T(3)).size(), comments);
        // A note-only macro leaves the status, and its comment is private.
        Wait<connectors::MacroResult> note;
        c->applyMacro(T(3), 900010, this, note.callback()); // "Upgrade quote"
        QVERIFY(note.wait());
        QVERIFY(note.result->ok());
        QCOMPARE(note.result->value().ticket.status, before.status);
        QVERIFY(!note.result->value().commentPublic);
        // An unknown macro is Zendesk's 404.
        Wait<connectors::MacroResult> unknown;
        c->applyMacro(T(3), 42, this, unknown.callback());
        QVERIFY(unknown.wait());
        QCOMPARE(unknown.result->error().kind, Error::Kind::NotFound);
    }

    void userMapsStripeIdAndRole()
    {
        auto c = client();
        const qint64 requester = zendesk->ticket(T(1))->requesterId;
        Wait<models::User> u;
        c->user(requester, this, u.callback());
        QVERIFY(u.wait());
        QVERIFY(u.result->ok());
        QCOMPARE(u.result->value().id, requester);
        QCOMPARE(u.result->value().role, models::User::Role::EndUser);
        QVERIFY(!u.result->value().email.isEmpty());
    }

    void isoTimesRoundTrip()
    {
        using nlohmann::json;
        QCOMPARE(models::zendesk::isoTime(1714637643), std::string("2024-05-02T08:14:03Z"));
        QCOMPARE(models::zendesk::parseIsoTime(json("2024-05-02T08:14:03Z")), qint64(1714637643));
        QCOMPARE(models::zendesk::parseIsoTime(json("2024-05-02T10:14:03+02:00")), qint64(1714637643));
        QCOMPARE(models::zendesk::parseIsoTime(json(nullptr)), qint64(0));
        QCOMPARE(models::zendesk::parseIsoTime(json("yesterday")), qint64(0));
        QVERIFY(!models::zendesk::ticketFromJson(json{{"subject", "no id"}}).ok());
        QVERIFY(models::zendesk::ticketFromJson(json{{"id", 5}, {"priority", nullptr}, {"tags", nullptr}, {"via", nullptr}}).ok());
    }
};

QTEST_GUILESS_MAIN(ZendeskClientTest)
#include "zendeskclient_test.moc"
