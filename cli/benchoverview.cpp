#include "benchstats.h"
#include "cli.h"
#include "commands.h"

#include <models/overviewstats.h>
#include <models/queuedata.h>

#include <nlohmann/json.hpp>

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace cosmicdesk::cli {

namespace {

// A queue shaped like a busy support desk: ten teams, 200 agents, accounts with MRR, tickets created
// over 60 days with a daily and weekly rhythm and a gentle rise, most older ones solved.
std::shared_ptr<models::QueueData> syntheticQueue(qint64 n, qint64 now)
{
    using models::kNoPriority;
    auto d = std::make_shared<models::QueueData>();
    std::mt19937_64 rng(20261204);
    auto uniform = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
    auto pick = [&](std::initializer_list<double> weights) {
        double u = uniform(), sum = 0;
        int i = 0;
        for (double w : weights) {
            sum += w;
            if (u < sum)
                return i;
            ++i;
        }
        return i - 1;
    };

    const int accounts = static_cast<int>(std::clamp<qint64>(n / 50, 10, 20000));
    const int requesters = static_cast<int>(std::clamp<qint64>(n / 10, 20, 100000));
    constexpr int kAgents = 200, kTeams = 10;
    d->accounts.push_back({});
    for (int a = 1; a <= accounts; ++a) {
        // MRR from $50 to ~$50k, long-tailed.
        const auto cents = static_cast<qint64>(5000 * std::exp(uniform() * std::log(1000.0)));
        d->accounts.push_back({QStringLiteral("Account %1").arg(a), cents});
    }
    d->people.push_back({});
    for (int p = 1; p <= kAgents; ++p)
        d->people.push_back({QStringLiteral("Agent %1").arg(p), QStringLiteral("agent%1@example.com").arg(p), 0, {}});
    for (int p = 1; p <= requesters; ++p)
        d->people.push_back({QStringLiteral("Customer %1").arg(p), QString(), static_cast<quint32>(1 + p % accounts), {}});
    d->teams.push_back(QString());
    for (int t = 1; t <= kTeams; ++t)
        d->teams.push_back(QStringLiteral("Team %1").arg(t));

    d->reserveRows(static_cast<std::size_t>(n));
    const qint64 span = 60 * 86400;
    auto rhythm = [](qint64 t) {
        const qint64 hourOfWeek = (t / 3600 + 72) % 168;
        const qint64 day = hourOfWeek / 24, hour = hourOfWeek % 24;
        const double daily = hour >= 8 && hour < 18 ? 1.0 : (hour >= 6 && hour < 22 ? 0.5 : 0.12);
        return daily * (day >= 5 ? 0.45 : 1.0);
    };
    std::vector<qint64> created(static_cast<std::size_t>(n));
    for (qint64 &c : created) {
        for (;;) {
            const qint64 t = now - span + static_cast<qint64>(uniform() * static_cast<double>(span));
            const double rise = 0.8 + 0.2 * static_cast<double>(t - (now - span)) / static_cast<double>(span);
            if (uniform() < rhythm(t) * rise) {
                c = t;
                break;
            }
        }
    }
    std::sort(created.begin(), created.end());
    for (qint64 i = 0; i < n; ++i) {
        const qint64 c = created[static_cast<std::size_t>(i)];
        const double ageDays = static_cast<double>(now - c) / 86400;
        const bool active = uniform() < (ageDays < 2 ? 0.7 : ageDays < 7 ? 0.25 : 0.03);
        const int status = active ? pick({0.15, 0.55, 0.2, 0.1}) : (ageDays > 20 && uniform() < 0.6 ? 5 : 4);
        const int pr = pick({0.06, 0.27, 0.45, 0.20, 0.02});
        const quint8 priority = pr == 4 ? kNoPriority : static_cast<quint8>(pr);
        quint8 suggested = priority;
        if (priority == kNoPriority || uniform() < 0.15)
            suggested = static_cast<quint8>(pick({0.06, 0.27, 0.45, 0.22}));
        const quint16 team = static_cast<quint16>(1 + static_cast<int>(uniform() * kTeams) % kTeams);
        const quint16 suggestedTeam = uniform() < 0.82 ? team : static_cast<quint16>(1 + static_cast<int>(uniform() * kTeams) % kTeams);
        const bool assigned = !active || uniform() < 0.88;
        const qint64 replyDelay = static_cast<qint64>(uniform() * 12 * 3600);
        const qint64 firstReply = (status >= 1 && (!active || uniform() < 0.6) && c + replyDelay < now) ? c + replyDelay : 0;
        qint64 solved = 0;
        if (status >= 4)
            solved = std::min(now, c + 1800 + static_cast<qint64>(uniform() * 4 * 86400));
        else if (uniform() < 0.03)
            solved = std::min(now, c + static_cast<qint64>(uniform() * 86400)); // reopened
        const qint64 updated = std::min(now, std::max({c, firstReply, solved}) + static_cast<qint64>(uniform() * 6 * 3600));
        const bool guardian = uniform() < 0.03;
        d->id.push_back(1000 + i);
        d->priority.push_back(priority);
        d->suggested.push_back(suggested);
        d->status.push_back(static_cast<quint8>(status));
        d->channel.push_back(static_cast<quint8>(pick({0.5, 0.25, 0.15, 0.05, 0.05})));
        d->guardian.push_back(guardian ? static_cast<quint8>(1 + pick({0.6, 0.3, 0.1})) : 0);
        d->guardianScore.push_back(guardian ? static_cast<quint8>(30 + uniform() * 70) : static_cast<quint8>(uniform() * 30));
        d->opportunity.push_back(uniform() < 0.04 ? static_cast<quint8>(20 + uniform() * 80) : 0);
        d->team.push_back(team);
        d->suggestedTeam.push_back(suggestedTeam);
        d->requester.push_back(static_cast<quint32>(kAgents + 1 + static_cast<int>(uniform() * requesters) % requesters));
        d->assignee.push_back(assigned ? static_cast<quint32>(1 + static_cast<int>(uniform() * kAgents) % kAgents) : 0);
        d->createdAt.push_back(c);
        d->updatedAt.push_back(updated);
        d->firstReplyAt.push_back(firstReply);
        d->solvedAt.push_back(static_cast<quint32>(solved));
        d->subject.append("Synthetic ticket");
        d->foldedSubject.append("synthetic ticket");
    }
    d->sortedRows = d->id.size();
    return d;
}

} // namespace

int benchOverview(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk bench overview [--tickets N | --workspace FILE] [--runs R] [--clock business|calendar]\n"
                       "                                 [--threads T] [--json]\n"
                       "Builds N synthetic tickets in memory (10 teams, 200 agents, 60 days with a daily and weekly rhythm), or loads\n"
                       "the queue of a workspace (timing the load too), and times the supervisor overview's full recompute R times\n"
                       "(median and range). Target: <= 300 ms at 1,000,000.");
    QCommandLineParser parser;
    const QCommandLineOption tickets(QStringLiteral("tickets"), QStringLiteral("Tickets (default 1000000)."), QStringLiteral("N"),
                                     QStringLiteral("1000000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Recomputes timed (default 7)."), QStringLiteral("R"),
                                  QStringLiteral("7"));
    const QCommandLineOption clock(QStringLiteral("clock"), QStringLiteral("SLA clock (default business)."), QStringLiteral("CLOCK"),
                                   QStringLiteral("business"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Threads (default: one per core)."), QStringLiteral("T"),
                                     QStringLiteral("0"));
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Load this workspace's queue instead."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({tickets, runs, clock, threads, workspace, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    bool ok1 = false, ok2 = false, ok3 = false;
    const qint64 n = parser.value(tickets).toLongLong(&ok1);
    const int r = parser.value(runs).toInt(&ok2);
    const int t = parser.value(threads).toInt(&ok3);
    const QString clockName = parser.value(clock);
    if (!ok1 || !ok2 || !ok3 || n < 1 || n > 20'000'000 || r < 1 || r > 100 || t < 0 || t > 64 ||
        (clockName != QLatin1String("business") && clockName != QLatin1String("calendar"))) {
        printErr(QStringLiteral("cosmicdesk bench overview: --tickets 1-20000000, --runs 1-100, --threads 0-64, "
                                "--clock business|calendar\n\n%1")
                     .arg(synopsis));
        return ExitUsage;
    }

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QElapsedTimer build;
    build.start();
    std::shared_ptr<models::QueueData> data;
    std::vector<double> loadMs;
    if (parser.isSet(workspace)) {
        // The queue's own bulk load, R times: the read the queue model makes on opening.
        for (int i = 0; i < r; ++i) {
            QElapsedTimer timer;
            timer.start();
            auto loaded = models::QueueData::load(parser.value(workspace));
            if (!loaded.ok()) {
                printErr(QStringLiteral("cosmicdesk bench overview: %1").arg(loaded.error().message));
                return ExitFailure;
            }
            loadMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            data = std::move(loaded).value();
        }
    } else {
        data = syntheticQueue(n, now);
    }
    const qint64 buildMs = build.elapsed();
    const auto rows = static_cast<qint64>(data->rowCount());

    models::OverviewConfig cfg;
    cfg.now = now;
    cfg.threads = t;
    if (clockName == QLatin1String("business")) {
        cfg.sla.clock = triage::SlaTable::Clock::Business;
        cfg.sla.businessHours.timezone = "Europe/Berlin";
    }
    std::vector<double> ms;
    models::OverviewStats last;
    for (int i = 0; i < r; ++i) {
        QElapsedTimer timer;
        timer.start();
        last = models::computeOverview(*data, cfg, {});
        ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    const double median = percentile(ms, 0.5);
    const double lo = *std::min_element(ms.begin(), ms.end()), hi = *std::max_element(ms.begin(), ms.end());
    if (parser.isSet(json)) {
        nlohmann::json o{{"tickets", rows},
                         {"recompute_ms", median},
                         {"recompute_min_ms", lo},
                         {"recompute_max_ms", hi},
                         {"runs", r},
                         {"clock", clockName.toStdString()},
                         {"threads", t > 0 ? t : static_cast<int>(std::thread::hardware_concurrency())},
                         {"build_ms", buildMs},
                         {"active", last.active},
                         {"breached", last.breachedTotal},
                         {"backtest_mape", last.forecast.backtestMape}};
        if (!loadMs.empty()) {
            o["load_ms"] = percentile(loadMs, 0.5);
            o["load_min_ms"] = *std::min_element(loadMs.begin(), loadMs.end());
            o["load_max_ms"] = *std::max_element(loadMs.begin(), loadMs.end());
        }
        printJson(o);
        return ExitOk;
    }
    printOut(QStringLiteral("overview recompute over %1 tickets (%2 active, %3 breached, %4 at risk; %5 clock)\n"
                            "  median %6 ms, range %7-%8 ms over %9 runs   (target <= 300)\n"
                            "  queue built or loaded in %10 ms; forecast backtest MAPE %11 %")
                 .arg(rows)
                 .arg(last.active)
                 .arg(last.breachedTotal)
                 .arg(last.atRiskTotal)
                 .arg(clockName)
                 .arg(median, 0, 'f', 1)
                 .arg(lo, 0, 'f', 1)
                 .arg(hi, 0, 'f', 1)
                 .arg(r)
                 .arg(buildMs)
                 .arg(last.forecast.backtestMape, 0, 'f', 1));
    if (!loadMs.empty())
        printOut(QStringLiteral("  queue load from the workspace: median %1 ms, range %2-%3 ms")
                     .arg(percentile(loadMs, 0.5), 0, 'f', 1)
                     .arg(*std::min_element(loadMs.begin(), loadMs.end()), 0, 'f', 1)
                     .arg(*std::max_element(loadMs.begin(), loadMs.end()), 0, 'f', 1));
    return ExitOk;
}

} // namespace cosmicdesk::cli
