// The overview's aggregates in Snowflake against the local path on the same workspace: its
// consolidated records go through the outbox into the SQL API stand-in (real HTTP, JWT, SQLite),
// some tickets change and load a second version, and then computeOverview over the store's
// QueueData and SnowflakeOverviewSource over the table must give the same figures.
#include <connectors/snowflakeclient.h>
#include <models/consolidatedrecord.h>
#include <models/lakestore.h>
#include <models/overviewstats.h>
#include <models/queuedata.h>
#include <models/ticketstore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/snowflakefake.h>
#include <services/lakedestinations.h>
#include <services/outboxworker.h>
#include <services/overviewsnowflake.h>
#include <support/rsakeypair.h>
#include <support/testworkspace.h>

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <numeric>
#include <tuple>

using namespace cosmicdesk;

namespace {

constexpr int kTickets = 800;
constexpr int kChanged = 40;
const QString kTable = QStringLiteral("CONSOLIDATED_TICKETS");

bool exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return false;
}

// Suggestions, Guardian and Opportunity for the generated tickets, worked out from the id: some
// agree with the agent and some not, some name a team no group has, some have no suggestion; the
// accounts share a few MRR values so that the lists' ties are broken by score and id.
bool addSuggestions(QSqlDatabase db, qint64 now)
{
    const QStringList teams = {QStringLiteral("Integrations & API"), QStringLiteral("Data & Analytics"),
                               QStringLiteral("Billing & Payments"), QStringLiteral("Compliance & Operations")};
    QSqlQuery ids(db);
    if (!ids.exec(QStringLiteral("SELECT t.id, coalesce(g.name, ''), coalesce(t.priority, -1) FROM tickets t"
                                 " LEFT JOIN groups g ON g.id = t.group_id ORDER BY t.id")))
        return false;
    struct Suggestion
    {
        qint64 id;
        QString group;
        int priority;
    };
    std::vector<Suggestion> all;
    while (ids.next())
        all.push_back({ids.value(0).toLongLong(), ids.value(1).toString(), ids.value(2).toInt()});
    ids.finish();
    // Reopen a fifth of the solved and closed tickets (their solve stays in the volume), so that the
    // backlog is large enough to cut the lists.
    if (!exec(db, QStringLiteral("UPDATE tickets SET status = id % 4 WHERE status IN (4, 5) AND id % 5 = 0")) ||
        !exec(db, QStringLiteral("UPDATE organizations SET mrr_cents = (id % 4) * 50000")) ||
        !exec(db, QStringLiteral("UPDATE tickets SET organization_id = (SELECT organization_id FROM users u WHERE u.id = requester_id)")))
        return false;
    QSqlQuery t(db), s(db), agent(db);
    t.prepare(QStringLiteral("INSERT INTO triage(ticket_id, engine, ticket_updated_at, triaged_at, account_key, created_at, priority,"
                             " team, guardian_score, guardian_level, opportunity_score) VALUES(?, 'test', 0, ?, 0, 0, ?, ?, ?, ?, ?)"));
    // The queue's summary of the suggestion on the ticket row, as TriageStore::write keeps it.
    s.prepare(QStringLiteral("UPDATE tickets SET suggested_priority = ?, guardian_level = ?, opportunity_score = ?, suggested_team = ?,"
                             " guardian_score = ? WHERE id = ?"));
    agent.prepare(QStringLiteral("UPDATE tickets SET priority = NULL WHERE id = ?"));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Suggestion &x = all[i];
        if (i % 11 == 3 || i % 9 == 4) {
            agent.addBindValue(x.id);
            if (!agent.exec())
                return false;
        }
        if (i % 9 == 4 && i % 2 == 0)
            continue; // no priority at all: not triaged, none set by an agent
        const int priority = i % 3 == 0 ? int((i * 7) % 4) : (x.priority >= 0 ? x.priority : 2);
        const QString team = i % 4 == 0 ? teams[qsizetype(i % 4)] : i % 13 == 1 ? QString() : x.group;
        const int level = i % 3 == 0 ? int((i / 3) % 4) : 0;
        const int score = int((i * 37) % 101);
        const int opportunity = i % 4 == 1 ? int((i * 13) % 100 + 1) : 0;
        t.addBindValue(x.id);
        t.addBindValue(now);
        t.addBindValue(priority);
        t.addBindValue(team.isEmpty() ? QVariant() : QVariant(team));
        t.addBindValue(score);
        t.addBindValue(level);
        t.addBindValue(opportunity);
        s.addBindValue(priority);
        s.addBindValue(level);
        s.addBindValue(opportunity);
        s.addBindValue(team.isEmpty() ? QVariant() : QVariant(team));
        s.addBindValue(score);
        s.addBindValue(x.id);
        if (!t.exec() || !s.exec()) {
            qWarning("%s %s", qPrintable(t.lastError().text()), qPrintable(s.lastError().text()));
            return false;
        }
    }
    return true;
}

// Active, by priority and breached per team or agent name.
using Load = std::tuple<qint64, std::array<qint64, models::kPriorityRows>, qint64>;
std::map<QString, Load> loads(const std::vector<models::LoadEntry> &v, const std::vector<QString> &names, bool teams)
{
    std::map<QString, Load> out;
    for (const auto &e : v)
        out[teams ? names.at(e.key) : e.name] = {e.active, e.byPriority, e.breached};
    return out;
}

std::map<QString, std::pair<qint64, qint64>> accuracy(const models::OverviewStats &s)
{
    std::map<QString, std::pair<qint64, qint64>> out;
    for (const auto &t : s.teamAccuracy) {
        auto &a = out[t.name];
        a.first += t.agreeing;
        a.second += t.compared;
    }
    return out;
}

std::map<QString, qint64> activeByTeamName(const models::OverviewStats &s)
{
    std::map<QString, qint64> out;
    for (std::size_t t = 0; t < s.activeByTeam.size(); ++t)
        if (s.activeByTeam[t] != 0)
            out[t == 0 ? QString() : s.teamNames[t]] += s.activeByTeam[t];
    return out;
}

// Each entry as f makes it (a tuple of its fields), for whole-list comparisons.
template <typename E, typename F> auto mapped(const std::vector<E> &v, F f)
{
    std::vector<decltype(f(v.front()))> out;
    for (const auto &e : v)
        out.push_back(f(e));
    return out;
}

template <typename E> QList<qint64> ticketIds(const std::vector<E> &v)
{
    QList<qint64> out;
    for (const auto &e : v)
        out.append(e.ticketId);
    return out;
}

} // namespace

class OverviewSnowflakeTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_keys;
    QByteArray m_privatePem, m_publicPem;

    connectors::SnowflakeClient::Config clientConfig(const QString &baseUrl) const
    {
        connectors::SnowflakeClient::Config c;
        c.rest.baseUrl = QUrl(baseUrl);
        c.rest.timeout = std::chrono::seconds(20);
        c.rest.maxInFlightPerHost = 8;
        c.pollStart = std::chrono::milliseconds(20);
        c.pollCap = std::chrono::milliseconds(200);
        c.maxSubmitAttempts = 2;
        return c;
    }
    std::shared_ptr<connectors::SnowflakeJwtAuth> auth() const
    {
        connectors::SnowflakeJwtAuth::Config a;
        a.account = QStringLiteral("demo-account");
        a.user = QStringLiteral("cosmicdesk");
        a.privateKeyPem = m_privatePem;
        return std::make_shared<connectors::SnowflakeJwtAuth>(a);
    }

    static qint64 waiting(models::TicketStore &store)
    {
        QSqlQuery q(store.db());
        q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE destination = ? AND state IN (0, 1)"));
        q.addBindValue(models::kLakeSnowflake);
        return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto keys = testsupport::makeRsaKeyPair(m_keys.path());
        QVERIFY2(keys.ok(), qPrintable(keys.error));
        m_privatePem = keys.privatePem;
        m_publicPem = keys.publicPem;
    }

    void sameFiguresAsTheLocalPath_fromTheNewestVersionOfEachTicket()
    {
        const qint64 now = testsupport::kTestNow;
        testsupport::TestWorkspace ws(kTickets, 21, now);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto opened = models::TicketStore::open(ws.path());
        QVERIFY(opened.ok());
        models::TicketStore &store = *opened.value();
        QVERIFY(addSuggestions(store.db(), now));

        sandbox::HttpSandbox server(9);
        sandbox::SnowflakeFakeOptions o;
        o.publicKeyPem = m_publicPem;
        o.partitionRows = 50; // the lists and groups span several partitions
        sandbox::SnowflakeFake fake(server, o);
        QVERIFY(server.start() != 0);
        fake.query(models::snowflakeCreateTable(kTable));

        // Version 1 of every record, through the outbox.
        std::vector<qint64> all;
        {
            QSqlQuery q(store.db());
            QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets ORDER BY id")));
            while (q.next())
                all.push_back(q.value(0).toLongLong());
        }
        QCOMPARE(qint64(all.size()), qint64(kTickets));
        models::LakeStore lake(store.db());
        auto queued = lake.queue(all, {models::kLakeSnowflake}, now, 200);
        QVERIFY(queued.ok());
        QCOMPARE(queued.value().newVersions, qint64(kTickets));
        services::OutboxWorker::Options wo;
        wo.backoffBase = std::chrono::milliseconds(50);
        wo.backoffCap = std::chrono::milliseconds(500);
        wo.statusInterval = std::chrono::milliseconds(50);
        wo.jitterSeed = 5;
        services::OutboxWorker worker(ws.path(), wo);
        const QString baseUrl = server.baseUrl();
        worker.addDestination([this, baseUrl] {
            return std::make_unique<services::SnowflakeLakeDestination>(
                std::make_unique<connectors::SnowflakeClient>(clientConfig(baseUrl), auth()), kTable);
        });
        worker.start();
        QVERIFY2(QTest::qWaitFor([&] { return waiting(store) == 0; }, 120000), "version 1 was not loaded");

        // Version 2 of some: active ones solved (leave the backlog), others change priority, group and
        // assignee. Counted twice or from the old version, every figure would differ.
        std::vector<qint64> changed;
        {
            QSqlQuery q(store.db());
            QVERIFY(q.exec(QStringLiteral("SELECT id FROM tickets WHERE status IN (0, 1, 2, 3) ORDER BY id LIMIT %1").arg(kChanged)));
            while (q.next())
                changed.push_back(q.value(0).toLongLong());
        }
        QCOMPARE(int(changed.size()), kChanged);
        for (std::size_t i = 0; i < changed.size(); ++i) {
            const QString sql = i % 2 == 0 ? QStringLiteral("UPDATE tickets SET status = 4, solved_at = %1, updated_at = %1 WHERE id = %2")
                                                 .arg(now - 3600 * qint64(i + 1))
                                                 .arg(changed[i])
                                           : QStringLiteral("UPDATE tickets SET priority = %1, group_id = (SELECT max(id) FROM groups),"
                                                            " assignee_id = NULL, updated_at = %2 WHERE id = %3")
                                                 .arg(int(i % 4))
                                                 .arg(now - 60)
                                                 .arg(changed[i]);
            QVERIFY(exec(store.db(), sql));
        }
        auto second = lake.queue(changed, {models::kLakeSnowflake}, now + 60, 200);
        QVERIFY(second.ok());
        QCOMPARE(second.value().newVersions, qint64(kChanged));
        worker.wake();
        QVERIFY2(QTest::qWaitFor([&] { return waiting(store) == 0; }, 60000), "version 2 was not loaded");
        const auto counted =
            fake.query(QStringLiteral("SELECT count(*), count(DISTINCT TICKET_ID), max(RECORD_VERSION) FROM %1").arg(kTable));
        QCOMPARE(counted.front().at(0), QString::number(kTickets + kChanged));
        QCOMPARE(counted.front().at(1), QString::number(kTickets));
        QCOMPARE(counted.front().at(2), QStringLiteral("2"));

        // The local path over the store as it is now, and Snowflake: with the default calendar clock,
        // then business hours in Berlin with hold paused too.
        auto data = models::QueueData::load(ws.path());
        QVERIFY(data.ok());
        connectors::SnowflakeClient client(clientConfig(baseUrl), auth());
        services::SnowflakeOverviewSource source(client, kTable);
        std::array<models::OverviewConfig, 2> configs;
        configs[0].now = now;
        configs[0].listLimit = 25;
        configs[1] = configs[0];
        configs[1].sla.clock = triage::SlaTable::Clock::Business;
        configs[1].sla.businessHours.timezone = "Europe/Berlin";
        configs[1].sla.pausedStatuses = {"pending", "hold"};
        std::optional<models::Result<models::OverviewStats>> answer;
        for (std::size_t c = 0; c < configs.size(); ++c) {
            const models::OverviewConfig &cfg = configs[c];
            const models::OverviewStats local = models::computeOverview(*data.value(), cfg);
            answer.reset();
            source.compute(cfg, this, [&](models::Result<models::OverviewStats> r) { answer = std::move(r); });
            QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, 60000));
            QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().message));
            const models::OverviewStats &sf = answer->value();
            qInfo("Snowflake stand-in: %.1f ms for the figures, local: %.1f ms", sf.computeMs, local.computeMs);

            // The fixture exercises every figure.
            qInfo("tickets %lld active %lld guardian %lld opportunity %lld agreement %lld/%lld teams %lld/%lld agents %d"
                  " breached %lld at risk %lld paused %lld on track %lld",
                  local.tickets, local.active, local.guardianTotal, local.opportunityTotal, local.agreeing, local.compared,
                  local.teamAgreeing, local.teamCompared, int(local.agents.size()), local.breachedTotal, local.atRiskTotal,
                  local.pausedTotal, local.onTrackTotal);
            QVERIFY(local.active > 50 && local.active < kTickets);
            QVERIFY(local.guardianTotal > cfg.listLimit && local.opportunityTotal > cfg.listLimit);
            QVERIFY(local.compared > 20 && local.agreeing > 0 && local.agreeing < local.compared);
            QVERIFY(local.teamCompared > 20 && local.teamAgreeing < local.teamCompared);
            QVERIFY(std::accumulate(local.byPriorityStatus[models::kPriorityRows - 1].begin(),
                                    local.byPriorityStatus[models::kPriorityRows - 1].end(), qint64(0)) > 0);

            // Backlog.
            QCOMPARE(sf.tickets, local.tickets);
            QCOMPARE(sf.active, local.active);
            QCOMPARE(sf.byStatus, local.byStatus);
            QCOMPARE(sf.byPriorityStatus, local.byPriorityStatus);
            QCOMPARE(activeByTeamName(sf), activeByTeamName(local));
            QCOMPARE(loads(sf.teams, sf.teamNames, true), loads(local.teams, local.teamNames, true));
            for (std::size_t i = 1; i < sf.teams.size(); ++i)
                QVERIFY(sf.teams[i - 1].active >= sf.teams[i].active);
            // Volume.
            QCOMPARE(sf.hourStart, local.hourStart);
            QCOMPARE(sf.createdPerHour, local.createdPerHour);
            QCOMPARE(sf.solvedPerHour, local.solvedPerHour);
            QVERIFY(std::accumulate(local.createdPerHour.begin(), local.createdPerHour.end(), 0u) > 50);
            QVERIFY(std::accumulate(local.solvedPerHour.begin(), local.solvedPerHour.end(), 0u) > kChanged / 2);
            // Load per agent (the local path's agents by name; the generated agents' names are distinct).
            QCOMPARE(loads(sf.agents, sf.teamNames, false), loads(local.agents, local.teamNames, false));
            QCOMPARE(sf.agents.size(), local.agents.size()); // no two agents of one name
            QVERIFY(sf.agents.size() > 2);
            for (std::size_t i = 1; i < sf.agents.size(); ++i)
                QVERIFY(sf.agents[i - 1].active >= sf.agents[i].active);
            // Guardian and Opportunity: the same tickets in the same order.
            QCOMPARE(sf.guardianTotal, local.guardianTotal);
            QCOMPARE(sf.opportunityTotal, local.opportunityTotal);
            QCOMPARE(ticketIds(sf.guardian), ticketIds(local.guardian));
            QCOMPARE(ticketIds(sf.opportunity), ticketIds(local.opportunity));
            const auto guardianRow = [](const models::GuardianEntry &g) {
                return std::tuple(g.ticketId, g.riskMrr, g.level, g.score, g.mrrCents, g.accountName);
            };
            QCOMPARE(mapped(sf.guardian, guardianRow), mapped(local.guardian, guardianRow));
            const auto opportunityRow = [](const models::OpportunityEntry &o) {
                return std::tuple(o.ticketId, o.score, o.mrrCents, o.accountName);
            };
            QCOMPARE(mapped(sf.opportunity, opportunityRow), mapped(local.opportunity, opportunityRow));
            QCOMPARE(sf.opportunityMrr, local.opportunityMrr);
            // Mix and triage quality.
            QCOMPARE(sf.mixCount, local.mixCount);
            QCOMPARE(sf.mixPercent, local.mixPercent);
            QCOMPARE(sf.agreeing, local.agreeing);
            QCOMPARE(sf.compared, local.compared);
            QCOMPARE(sf.agreementByDay.size(), local.agreementByDay.size());
            for (std::size_t i = 0; i < sf.agreementByDay.size(); ++i) {
                QCOMPARE(sf.agreementByDay[i].dayStart, local.agreementByDay[i].dayStart);
                QCOMPARE(sf.agreementByDay[i].agreeing, local.agreementByDay[i].agreeing);
                QCOMPARE(sf.agreementByDay[i].compared, local.agreementByDay[i].compared);
            }
            QCOMPARE(sf.confusion, local.confusion);
            QCOMPARE(accuracy(sf), accuracy(local));
            QCOMPARE(sf.teamAgreeing, local.teamAgreeing);
            QCOMPARE(sf.teamCompared, local.teamCompared);
            QCOMPARE(sf.agentsOnShift, local.agentsOnShift);
            // SLA clocks and the breach risk.
            QVERIFY(local.breachedTotal > (c == 0 ? cfg.listLimit : 0) && local.atRiskTotal > 0 && local.pausedTotal > 0 &&
                    local.onTrackTotal > 0);
            QCOMPARE(sf.breachedTotal, local.breachedTotal);
            QCOMPARE(sf.atRiskTotal, local.atRiskTotal);
            QCOMPARE(sf.pausedTotal, local.pausedTotal);
            QCOMPARE(sf.onTrackTotal, local.onTrackTotal);
            QCOMPARE(sf.breachedByPriority, local.breachedByPriority);
            QCOMPARE(ticketIds(sf.breached), ticketIds(local.breached));
            QCOMPARE(ticketIds(sf.atRisk), ticketIds(local.atRisk));
            const auto slaRow = [](const models::SlaEntry &e) {
                return std::tuple(e.ticketId, e.priority, e.firstResponse, e.dueAt, e.remainingSecs);
            };
            QCOMPARE(mapped(sf.breached, slaRow), mapped(local.breached, slaRow));
            QCOMPARE(mapped(sf.atRisk, slaRow), mapped(local.atRisk, slaRow));
            QCOMPARE(sf.riskTicketIds, local.riskTicketIds);
            QCOMPARE(sf.riskValues, local.riskValues);
            // The forecast from the same hours.
            QCOMPARE(local.forecast.perHour.size(), std::size_t(models::kForecastHours));
            QVERIFY(local.forecast.historyHours > 2 * 168 && local.forecast.backtestMape > 0);
            QCOMPARE(sf.forecast.startAt, local.forecast.startAt);
            QCOMPARE(sf.forecast.historyHours, local.forecast.historyHours);
            QCOMPARE(sf.forecast.perHour, local.forecast.perHour);
            QCOMPARE(sf.forecast.backtestMape, local.forecast.backtestMape);
            QCOMPARE(sf.forecast.backtestHours, local.forecast.backtestHours);
            QCOMPARE(sf.forecast.peakHours, local.forecast.peakHours);
            QCOMPARE(sf.forecast.agentsNeeded, local.forecast.agentsNeeded);
        }

        // An old version arriving late (a batch resent after the new one, or duplicated) changes
        // nothing: the newest version wins whatever the load order.
        fake.query(QStringLiteral("INSERT INTO %1 SELECT * FROM %1 WHERE RECORD_VERSION = 1 AND TICKET_ID IN (%2, %3)")
                       .arg(kTable)
                       .arg(changed[0])
                       .arg(changed[1]));
        QCOMPARE(fake.query(QStringLiteral("SELECT count(*) FROM %1").arg(kTable)).front().at(0), QString::number(kTickets + kChanged + 2));
        const models::OverviewStats local = models::computeOverview(*data.value(), configs[0]);
        answer.reset();
        source.compute(configs[0], this, [&](models::Result<models::OverviewStats> r) { answer = std::move(r); });
        QVERIFY(QTest::qWaitFor([&] { return answer.has_value(); }, 60000));
        QVERIFY(answer->ok());
        QCOMPARE(answer->value().tickets, local.tickets);
        QCOMPARE(answer->value().byPriorityStatus, local.byPriorityStatus);
        QCOMPARE(answer->value().byStatus, local.byStatus);
        QCOMPARE(answer->value().solvedPerHour, local.solvedPerHour);
        QCOMPARE(answer->value().confusion, local.confusion);
    }

    void aBadTableName_isAConfigError_nothingSent()
    {
        connectors::SnowflakeClient client(clientConfig(QStringLiteral("http://127.0.0.1:9")), auth());
        services::SnowflakeOverviewSource source(client, QStringLiteral("T; DROP TABLE X"));
        std::optional<models::Result<models::OverviewStats>> answer;
        source.compute({}, this, [&](models::Result<models::OverviewStats> r) { answer = std::move(r); });
        QVERIFY(answer.has_value() && !answer->ok());
        QCOMPARE(answer->error().kind, models::Error::Kind::Config);
    }
};

QTEST_GUILESS_MAIN(OverviewSnowflakeTest)
#include "overviewsnowflake_test.moc"
