// forecastFromHistory against the forecast computeOverview makes from the same tickets: a young
// workspace (the fit starts at its first ticket), a full eight weeks, and no tickets at all.
#include <models/overviewstats.h>
#include <models/queuedata.h>
#include <models/staffingforecast.h>

#include <QDateTime>
#include <QTest>

#include <cmath>
#include <memory>

using namespace cosmicdesk::models;

namespace {

const qint64 kNow = QDateTime(QDate(2026, 12, 2), QTime(12, 30), Qt::UTC).toSecsSinceEpoch();
constexpr int kHistory = 8 * 7 * 24;

// Tickets over the last `days` days with a daily rhythm (busy afternoons) and a slow weekend.
std::unique_ptr<QueueData> world(int days, std::vector<double> &history)
{
    auto data = std::make_unique<QueueData>();
    QueueData &d = *data;
    history.assign(kHistory, 0.0);
    const qint64 currentHour = kNow / 3600;
    qint64 id = 1;
    for (qint64 hour = currentHour - qint64(days) * 24; hour <= currentHour; ++hour) {
        const int hourOfDay = int(hour % 24), weekday = int((hour / 24 + 3) % 7); // 0 = Monday
        const int n = int(std::lround((weekday >= 5 ? 1.0 : 3.0) * (1.5 + std::sin((hourOfDay - 8) * 3.14159 / 12))));
        for (int i = 0; i < n; ++i) {
            QueueData::Row r;
            r.id = id++;
            r.status = 4;
            r.createdAt = hour * 3600 + i * 60;
            r.updatedAt = r.createdAt;
            d.upsert(r);
        }
        if (hour < currentHour && hour >= currentHour - kHistory)
            history[std::size_t(hour - (currentHour - kHistory))] += n;
    }
    return data;
}

void compare(const VolumeForecast &a, const VolumeForecast &b)
{
    QCOMPARE(a.startAt, b.startAt);
    QCOMPARE(a.historyHours, b.historyHours);
    QCOMPARE(a.perHour, b.perHour);
    QCOMPARE(a.backtestMape, b.backtestMape);
    QCOMPARE(a.backtestHours, b.backtestHours);
    QCOMPARE(a.peakHours, b.peakHours);
    QCOMPARE(a.agentsNeeded, b.agentsNeeded);
}

} // namespace

class StaffingForecastTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameForecastAsTheOverview_data()
    {
        QTest::addColumn<int>("days");
        QTest::newRow("ten days: fitted from the first ticket") << 10;
        QTest::newRow("three weeks") << 21;
        QTest::newRow("more than the eight weeks kept") << 70;
    }
    void sameForecastAsTheOverview()
    {
        QFETCH(int, days);
        std::vector<double> history;
        const auto data = world(days, history);
        const QueueData &d = *data;
        OverviewConfig cfg;
        cfg.now = kNow;
        cfg.handlingSecs = 420;
        const OverviewStats s = computeOverview(d, cfg);
        const VolumeForecast f = forecastFromHistory(history, kNow / 3600 - kHistory, d.createdAt.front(), s.handlingSecs,
                                                     s.serviceLevelTarget, double(s.answerTargetSecs));
        QCOMPARE(f.historyHours, std::min(days * 24, kHistory));
        QVERIFY(f.perHour.size() == 72 && f.peakHours[0] >= 0);
        QVERIFY(*std::max_element(f.agentsNeeded.begin(), f.agentsNeeded.end()) > 0);
        compare(f, s.forecast);
    }
    void noTickets_noForecast()
    {
        const std::vector<double> history(kHistory, 0.0);
        const VolumeForecast f = forecastFromHistory(history, kNow / 3600 - kHistory, 0, 600, 0.8, 8 * 3600);
        QCOMPARE(f.startAt, kNow / 3600 * 3600);
        QCOMPARE(f.historyHours, 0);
        QVERIFY(f.perHour.empty() && f.agentsNeeded.empty());
        OverviewConfig cfg;
        cfg.now = kNow;
        compare(f, computeOverview(QueueData(), cfg).forecast);
    }
};

QTEST_APPLESS_MAIN(StaffingForecastTest)
#include "staffingforecast_test.moc"
