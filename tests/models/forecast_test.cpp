#include <models/forecast.h>

#include <QTest>

#include <cmath>
#include <random>

using namespace cosmicdesk::models;

namespace {

// Hour-of-week shape: busy weekday working hours, a quieter evening, a slow weekend.
double shape(int hourOfWeek)
{
    const int day = hourOfWeek / 24, hour = hourOfWeek % 24;
    const double daily = hour >= 9 && hour < 18 ? 2.0 : (hour >= 6 && hour < 22 ? 1.0 : 0.3);
    return daily * (day >= 5 ? 0.5 : 1.2);
}

std::array<double, 168> normalisedShape()
{
    std::array<double, 168> s{};
    double sum = 0;
    for (int w = 0; w < 168; ++w)
        sum += s[static_cast<std::size_t>(w)] = shape(w);
    for (double &v : s)
        v *= 168 / sum;
    return s;
}

} // namespace

class ForecastTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noiselessSeasonalTrend_isRecovered()
    {
        // Six weeks of (20 + 0.01·t) × season, starting on a Wednesday 05:00 (hour-of-week 53).
        const auto s = normalisedShape();
        const int start = 53, n = 6 * 168;
        std::vector<double> h(n);
        for (int t = 0; t < n; ++t)
            h[static_cast<std::size_t>(t)] = (20 + 0.01 * t) * s[static_cast<std::size_t>((start + t) % 168)];
        const SeasonalTrendModel m = fitSeasonalTrend(h, start);
        QVERIFY(std::abs(m.slope - 0.01) < 1e-6);
        QVERIFY(std::abs(m.level - (20 + 0.01 * (n - 1))) < 1e-4);
        for (int w = 0; w < 168; ++w)
            QVERIFY(std::abs(m.seasonal[static_cast<std::size_t>(w)] - s[static_cast<std::size_t>(w)]) < 1e-6);
        for (int k = 1; k <= 72; ++k) {
            const double truth = (20 + 0.01 * (n - 1 + k)) * s[static_cast<std::size_t>((start + n - 1 + k) % 168)];
            QVERIFY(std::abs(m.predict(k) - truth) < 1e-4);
        }
        const auto [mape, hours] = backtestMape(h, start);
        QVERIFY2(mape >= 0 && mape < 1e-4, qPrintable(QString::number(mape))); // per cent
        QCOMPARE(hours, 168);
    }
    void noisySeries_seasonWithinTolerance()
    {
        // Poisson counts around 200 × season with a 0.1/h trend over eight weeks: each hour-of-week
        // index rests on eight observations, about 210 tickets at the quietest hour (standard error
        // 7 %), so every index is within 25 % (3.5 standard errors there, far more at busy hours) and
        // the mean error is a few per cent; the backtest error stays near the noise level.
        const auto s = normalisedShape();
        std::mt19937 rng(7);
        const int n = 8 * 168;
        std::vector<double> h(n);
        for (int t = 0; t < n; ++t) {
            std::poisson_distribution<int> p((200 + 0.1 * t) * s[static_cast<std::size_t>(t % 168)]);
            h[static_cast<std::size_t>(t)] = p(rng);
        }
        const SeasonalTrendModel m = fitSeasonalTrend(h, 0);
        QVERIFY2(std::abs(m.slope - 0.1) < 0.03, qPrintable(QString::number(m.slope)));
        double worst = 0, mean = 0;
        for (int w = 0; w < 168; ++w) {
            const double e = std::abs(m.seasonal[static_cast<std::size_t>(w)] / s[static_cast<std::size_t>(w)] - 1);
            worst = std::max(worst, e);
            mean += e / 168;
        }
        QVERIFY2(worst < 0.25, qPrintable(QString::number(worst)));
        QVERIFY2(mean < 0.05, qPrintable(QString::number(mean)));
        const auto [mape, hours] = backtestMape(h, 0);
        QVERIFY2(mape > 0 && mape < 20, qPrintable(QString::number(mape)));
        QVERIFY(hours > 150);
    }
    void shortHistory_usesTheDailyShapeOrNone()
    {
        std::vector<double> h(72);
        for (int t = 0; t < 72; ++t)
            h[static_cast<std::size_t>(t)] = t % 24 == 12 ? 10 : 1; // a noon peak
        const SeasonalTrendModel m = fitSeasonalTrend(h, 0);
        QVERIFY(m.predict(13) > 5 * m.predict(1)); // hour 72 + 12 = noon
        QCOMPARE(backtestMape(h, 0).first, -1.0);  // less than a week to fit on
        const SeasonalTrendModel flat = fitSeasonalTrend(std::vector<double>{3, 3, 3}, 0);
        QVERIFY(std::abs(flat.predict(5) - 3) < 1e-9);
        QCOMPARE(fitSeasonalTrend({}, 0).predict(1), 0.0);
    }
    void quietHours_areLeftOutOfTheMape()
    {
        std::vector<double> h(3 * 168, 0.0);
        for (int t = 0; t < 3 * 168; ++t)
            if (t % 24 == 10)
                h[static_cast<std::size_t>(t)] = 5;
        const auto [mape, hours] = backtestMape(h, 0);
        QCOMPARE(hours, 7);                                       // one busy hour a day over the held-out week
        QVERIFY2(mape < 1e-3, qPrintable(QString::number(mape))); // per cent
    }
};

QTEST_APPLESS_MAIN(ForecastTest)
#include "forecast_test.moc"
