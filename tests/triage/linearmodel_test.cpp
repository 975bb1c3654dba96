#include <triage/boundedjson.h>
#include <triage/linearmodel.h>
#include <triage/packedheads.h>

#include <nlohmann/json.hpp>

#include <QTest>

#include <cstring>
#include <limits>
#include <random>

using namespace cosmicdesk::triage;

namespace {

// Three classes, each with its own "word" buckets plus shared noise buckets.
void toyData(std::vector<std::vector<std::uint32_t>> &x, std::vector<int> &y, int n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (int i = 0; i < n; ++i) {
        const int cls = i % 3;
        std::vector<std::uint32_t> f{static_cast<std::uint32_t>(10 + cls * 10 + static_cast<int>(rng() % 5))};
        f.push_back(static_cast<std::uint32_t>(200 + rng() % 40)); // noise
        std::sort(f.begin(), f.end());
        x.push_back(f);
        y.push_back(cls);
    }
}

int argmax(const LinearModel &m, const std::vector<std::uint32_t> &f)
{
    std::vector<float> s(m.classCount());
    m.scores(f, s.data());
    return static_cast<int>(std::max_element(s.begin(), s.end()) - s.begin());
}

} // namespace

class LinearModelTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void train_learnsASeparableProblem()
    {
        std::vector<std::vector<std::uint32_t>> x;
        std::vector<int> y;
        toyData(x, y, 600, 1);
        const auto m = LinearModel::train(x, y, {"a", "b", "c"}, 10, {});
        std::vector<std::vector<std::uint32_t>> tx;
        std::vector<int> ty;
        toyData(tx, ty, 90, 2);
        int right = 0;
        for (std::size_t i = 0; i < tx.size(); ++i)
            right += argmax(m, tx[i]) == ty[i];
        QCOMPARE(right, 90);
        QCOMPARE(m.labelIndex("b"), 1);
        QCOMPARE(m.labelIndex("zzz"), -1);
        const PackedHeads packed({&m});
        QVERIFY(packed.lift(10, 0, 0) > 0);
        QVERIFY(packed.lift(10, 0, 1) < 0);
    }

    void packedHeads_scoreLikeTheFloatModels()
    {
        // Two heads of different widths side by side: the packed sums match each float model's
        // weights to within the fixed point's step, and lifts match weight minus row mean.
        std::vector<std::vector<std::uint32_t>> x;
        std::vector<int> y;
        toyData(x, y, 600, 5);
        const auto three = LinearModel::train(x, y, {"a", "b", "c"}, 10, {});
        std::vector<int> y2;
        for (int v : y)
            y2.push_back(v == 2 ? 1 : 0);
        const auto two = LinearModel::train(x, y2, {"x", "y"}, 10, {});
        const PackedHeads packed({&three, &two});
        QCOMPARE(packed.headCount(), std::size_t(2));
        // Rows only for the buckets the training saw (about 60 of 1,024), plus the zero row.
        QVERIFY2(packed.rowCount() > 10 && packed.rowCount() < 200, qPrintable(QString::number(packed.rowCount())));
        std::vector<std::uint32_t> buckets;
        for (std::uint32_t b = 0; b < 1024; b += 3)
            buckets.push_back(b);
        float a[3] = {0, 0, 0}, b[2] = {0, 0};
        float *const out[2] = {a, b};
        const float scale[2] = {1.0f, 0.5f};
        packed.addWeights(buckets, scale, out);
        for (std::size_t c = 0; c < 3; ++c) {
            double expect = 0;
            for (std::uint32_t bucket : buckets)
                expect += three.weight(bucket, c);
            QVERIFY2(std::abs(a[c] - expect) < 1e-3 * (1 + std::abs(expect)),
                     qPrintable(QString::number(a[c]) + QStringLiteral(" vs ") + QString::number(expect)));
        }
        for (std::size_t c = 0; c < 2; ++c) {
            double expect = 0;
            for (std::uint32_t bucket : buckets)
                expect += 0.5 * two.weight(bucket, c);
            QVERIFY(std::abs(b[c] - expect) < 1e-3 * (1 + std::abs(expect)));
        }
        const double mean = (three.weight(20, 0) + three.weight(20, 1) + three.weight(20, 2)) / 3;
        QVERIFY(std::abs(packed.lift(20, 0, 1) - (three.weight(20, 1) - mean)) < 1e-3);
        QVERIFY(packed.lift(20, 0, 1) > 0.05); // bucket 20 is a word of class "b"
    }

    void train_isDeterministicForASeed()
    {
        std::vector<std::vector<std::uint32_t>> x;
        std::vector<int> y;
        toyData(x, y, 300, 3);
        LinearModel::TrainOptions o;
        o.seed = 42;
        const auto a = LinearModel::train(x, y, {"a", "b", "c"}, 10, o);
        const auto b = LinearModel::train(x, y, {"a", "b", "c"}, 10, o);
        QVERIFY(a.serialize({}) == b.serialize({}));
    }

    void exampleWeights_countAsCopies()
    {
        // One bucket, two contradicting examples: the heavier one wins.
        std::vector<std::vector<std::uint32_t>> x{{5}, {5}};
        std::vector<int> y{0, 1};
        LinearModel::TrainOptions o;
        o.balanceClasses = false;
        const auto m = LinearModel::train(x, y, {"a", "b"}, 8, o, {1.0f, 9.0f});
        QCOMPARE(argmax(m, {5}), 1);
    }

    void serialize_roundTripsScoresAndMetadata()
    {
        std::vector<std::vector<std::uint32_t>> x;
        std::vector<int> y;
        toyData(x, y, 300, 4);
        auto m = LinearModel::train(x, y, {"a", "b", "c"}, 10, {});
        m.calibration() = {0.5f, -0.25f, 0.0f};
        const auto bytes = m.serialize({{"trained_on", "toy"}});
        std::string error;
        nlohmann::json meta;
        const auto back = LinearModel::deserialize(bytes, &error, &meta);
        QVERIFY2(back.has_value(), error.c_str());
        QCOMPARE(meta.value("trained_on", std::string()), std::string("toy"));
        QCOMPARE(back->labels(), m.labels());
        for (const auto &f : x) {
            std::vector<float> s1(3), s2(3);
            m.scores(f, s1.data());
            back->scores(f, s2.data());
            QCOMPARE(s1, s2);
        }
    }

    void deserialize_refusesGarbage()
    {
        std::string error;
        QVERIFY(!LinearModel::deserialize({}, &error).has_value());
        QVERIFY(!error.empty());
        error.clear();
        QVERIFY(!LinearModel::deserialize({0xa1, 0x61, 0x78, 0x01}, &error).has_value());
        QVERIFY(!error.empty());
        // A truncated real model.
        std::vector<std::vector<std::uint32_t>> x{{1}, {2}};
        auto bytes = LinearModel::train(x, {0, 1}, {"a", "b"}, 8, {}).serialize({});
        bytes.resize(bytes.size() / 2);
        QVERIFY(!LinearModel::deserialize(bytes, &error).has_value());
    }

    void deserialize_refusesDeepNesting_withoutRecursing()
    {
        // 200,000 nested one-element arrays: nlohmann's CBOR reader recursed once per level and
        // overflowed the stack.
        const std::vector<std::uint8_t> deep(200000, 0x81);
        std::string error;
        QVERIFY(!LinearModel::deserialize(deep, &error).has_value());
        QVERIFY2(error.find("deeper than") != std::string::npos, error.c_str());
    }

    void deserialize_refusesADeclaredShapeBeforeAllocating()
    {
        // A small file declaring 5,000 labels over 2^24 buckets: 335 GB of weights (bad_alloc).
        nlohmann::json labels = nlohmann::json::array();
        for (int i = 0; i < 5000; ++i)
            labels.push_back("l" + std::to_string(i));
        nlohmann::json j{{"format", "cosmicdesk-linear-model"},
                         {"version", 1},
                         {"labels", labels},
                         {"hash_bits", 24},
                         {"bias", std::vector<float>(5000, 0.0f)},
                         {"calibration", std::vector<float>(5000, 0.0f)},
                         {"buckets", nlohmann::json::binary({})},
                         {"weights", nlohmann::json::binary({})}};
        std::string error;
        QVERIFY(!LinearModel::deserialize(nlohmann::json::to_cbor(j), &error).has_value());
        QVERIFY2(error.find("labels") != std::string::npos, error.c_str());
        j["labels"] = nlohmann::json::array({"a", "b", "c", "d", "e", "f", "g", "h", "i", "j",  "k",  "l",  "m",  "n",  "o",  "p", "q",
                                             "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "ab", "ac", "ad", "ae", "af", "ag"});
        j["bias"] = std::vector<float>(33, 0.0f);
        j["calibration"] = std::vector<float>(33, 0.0f);
        QVERIFY(!LinearModel::deserialize(nlohmann::json::to_cbor(j), &error).has_value());
        QVERIFY2(error.find("MB of weights") != std::string::npos, error.c_str());
        j["hash_bits"] = 60;
        QVERIFY(!LinearModel::deserialize(nlohmann::json::to_cbor(j), &error).has_value());
        QVERIFY2(error.find("hash_bits") != std::string::npos, error.c_str());
    }

    void deserialize_refusesNonFiniteNumbers_andOversizedFiles()
    {
        std::vector<std::vector<std::uint32_t>> x{{1}, {2}};
        const auto good = LinearModel::train(x, {0, 1}, {"a", "b"}, 10, {}).serialize({});
        std::string error;
        QVERIFY(LinearModel::deserialize(good, &error).has_value());
        for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), 1e30f}) {
            nlohmann::json j = nlohmann::json::from_cbor(good);
            auto weights = j["weights"].get_binary();
            QVERIFY(weights.size() >= sizeof(float));
            std::memcpy(weights.data(), &bad, sizeof(float));
            j["weights"] = nlohmann::json::binary(std::vector<std::uint8_t>(weights.begin(), weights.end()));
            QVERIFY(!LinearModel::deserialize(nlohmann::json::to_cbor(j), &error).has_value());
            QVERIFY2(error.find("finite") != std::string::npos, error.c_str());
            j = nlohmann::json::from_cbor(good);
            j["calibration"][1] = bad;
            QVERIFY(!LinearModel::deserialize(nlohmann::json::to_cbor(j), &error).has_value());
            QVERIFY2(error.find("finite") != std::string::npos, error.c_str());
        }
        std::vector<std::uint8_t> huge(good);
        huge.resize(kMaxModelBytes + 1, 0);
        QVERIFY(!LinearModel::deserialize(huge, &error).has_value());
        QVERIFY2(error.find("larger than") != std::string::npos, error.c_str());
    }

    void softmax_givesProbabilities()
    {
        float v[4] = {1000.0f, 0.0f, -1000.0f, 999.0f};
        softmax(v, 4);
        float sum = 0;
        for (float p : v) {
            QVERIFY(p >= 0 && p <= 1);
            sum += p;
        }
        QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
        QVERIFY(v[0] > v[3] && v[3] > v[1]);
    }
};

QTEST_APPLESS_MAIN(LinearModelTest)
#include "linearmodel_test.moc"
