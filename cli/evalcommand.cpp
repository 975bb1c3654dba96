#include "cli.h"
#include "commands.h"
#include <services/batchtriage.h>
#include <services/triageloader.h>

#include <models/ticketimporter.h>
#include <triage/boundedjson.h>
#include <triage/metrics.h>
#include <triage/trainer.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>

#include <nlohmann/json.hpp>

namespace cosmicdesk::cli {

using services::labelValue;
using services::parallelFor;
using services::ticketText;
using services::triageBatch;

namespace {

struct Head
{
    std::string name, column;
    std::vector<std::string> labels;
    std::function<std::string(const triage::Assessment &)> predicted;
};

// A model file, read no further than a model may be long; nullopt after printing why.
std::optional<triage::LinearModel> readModel(const QString &path, nlohmann::json &meta)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        printErr(QStringLiteral("cosmicdesk eval: cannot read %1").arg(path));
        return std::nullopt;
    }
    const QByteArray bytes = f.read(static_cast<qint64>(triage::kMaxModelBytes) + 1);
    std::string why;
    auto model = triage::LinearModel::deserialize(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), &why, &meta);
    if (!model)
        printErr(QStringLiteral("cosmicdesk eval: %1: %2").arg(path, QString::fromStdString(why)));
    return model;
}

// A text of the model's metadata, which the file may have written in any shape.
std::string metaText(const nlohmann::json &meta, const char *key, const std::string &fallback)
{
    if (!meta.is_object())
        return fallback;
    const auto it = meta.find(key);
    return it != meta.end() && it->is_string() ? it->get<std::string>() : fallback;
}

} // namespace

int evalCommand(const QStringList &args)
{
    const QString synopsis =
        QStringLiteral("Usage: cosmicdesk eval --input FILE [--model MODEL | --profile P] [--label "
                       "priority|team|category|guardian|opportunity|sentiment|all]\n"
                       "                       [--label-column C] [--text-columns a,b] [--json]\n"
                       "Compares predictions with the labels of a file and prints accuracy, macro-F1 and the confusion matrix.\n"
                       "With --model: that model alone on its label column. Otherwise the whole engine of the profile (rules,\n"
                       "calibration, history), by default on every label column the file has: actual_priority, team, category,\n"
                       "guardian (yes/no), opportunity (yes/no), sentiment. --json prints one JSON object (with --label all, one\n"
                       "per head): accuracy, macro_f1, n, labels, confusion, docs_per_s.");
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("Labelled tickets."), QStringLiteral("FILE"));
    const QCommandLineOption modelOpt(QStringLiteral("model"), QStringLiteral("A model file to evaluate alone."), QStringLiteral("MODEL"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Triage profile (default: built in)."), QStringLiteral("P"));
    const QCommandLineOption label(QStringLiteral("label"), QStringLiteral("Which head."), QStringLiteral("NAME"), QStringLiteral("all"));
    const QCommandLineOption labelColumn(QStringLiteral("label-column"), QStringLiteral("Column with the label."), QStringLiteral("C"));
    const QCommandLineOption textColumns(QStringLiteral("text-columns"), QStringLiteral("Columns with the text."), QStringLiteral("a,b"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption errors(QStringLiteral("show-errors"), QStringLiteral("List the disagreements."));
    const QCommandLineOption describe(QStringLiteral("describe"), QStringLiteral("With --model: print what the model file holds."));
    parser.addOptions({input, modelOpt, profile, label, labelColumn, textColumns, json, errors, describe});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    if (parser.isSet(describe) && parser.isSet(modelOpt)) {
        nlohmann::json meta;
        auto model = readModel(parser.value(modelOpt), meta);
        if (!model)
            return ExitUsage;
        nlohmann::json d{{"labels", model->labels()},
                         {"hash_bits", model->hashBits()},
                         {"bias", model->bias()},
                         {"calibration", model->calibration()},
                         {"metadata", meta}};
        printOut(QString::fromStdString(d.dump(2)));
        return ExitOk;
    }
    if (!parser.isSet(input)) {
        printErr(QStringLiteral("cosmicdesk eval: --input FILE is required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    const QStringList columns = parser.value(textColumns).split(QLatin1Char(','), Qt::SkipEmptyParts);
    models::ImportOptions importOptions;
    importOptions.textColumns = columns;
    auto imported = models::TicketImporter::importFile(parser.value(input), models::TicketImporter::Format::Auto, importOptions);
    if (!imported.ok()) {
        printErr(QStringLiteral("cosmicdesk eval: %1").arg(imported.error().message));
        return ExitUsage;
    }
    const auto &tickets = imported.value().tickets;
    const std::string which = parser.value(label).toStdString();

    std::vector<std::pair<Head, triage::Evaluation>> results;
    std::vector<std::string> mistakes;
    double docsPerSecond = 0;

    if (parser.isSet(modelOpt)) {
        nlohmann::json meta;
        auto model = readModel(parser.value(modelOpt), meta);
        if (!model)
            return ExitUsage;
        auto prof = services::loadTriageProfile(parser.value(profile));
        if (!prof.ok()) {
            printErr(QStringLiteral("cosmicdesk eval: %1").arg(prof.error().message));
            return ExitUsage;
        }
        triage::FeatureOptions features = prof.value().features;
        features.hashBits = model->hashBits();
        const triage::FeatureExtractor extractor(features);
        const std::string column =
            parser.isSet(labelColumn) ? parser.value(labelColumn).toLower().toStdString() : metaText(meta, "column", "actual_priority");
        Head h{metaText(meta, "label", column), column, model->labels(), {}};
        triage::Evaluation ev(model->labels());
        std::vector<float> scores(model->classCount());
        QElapsedTimer clock;
        clock.start();
        int predictions = 0;
        for (const auto &t : tickets) {
            const std::string expected = labelValue(t, column);
            const auto text = ticketText(t, columns);
            model->scores(extractor.extract(triage::analyseTicket(text, prof.value().maxTextBytes)).buckets, scores.data());
            ++predictions;
            const int got = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
            const int want = model->labelIndex(expected);
            if (want >= 0)
                ev.add(want, got);
        }
        docsPerSecond = predictions / std::max(1e-9, static_cast<double>(clock.nsecsElapsed()) / 1e9);
        results.emplace_back(std::move(h), std::move(ev));
    } else {
        auto engine = services::loadTriageEngine(parser.value(profile));
        if (!engine.ok()) {
            printErr(QStringLiteral("cosmicdesk eval: %1").arg(engine.error().message));
            return ExitUsage;
        }
        const triage::Profile &p = engine.value()->profile();
        QElapsedTimer clock;
        clock.start();
        const auto assessments = triageBatch(*engine.value(), tickets, columns, true);
        docsPerSecond = static_cast<double>(tickets.size()) / std::max(1e-9, static_cast<double>(clock.nsecsElapsed()) / 1e9);
        std::vector<std::string> priorities;
        for (triage::Priority pr : triage::kAllPriorities)
            priorities.emplace_back(triage::priorityName(pr));
        std::vector<Head> heads{
            {"priority", "actual_priority", priorities,
             [](const triage::Assessment &a) { return std::string(triage::priorityName(a.priority.priority)); }},
            {"team", "team", p.teams, [](const triage::Assessment &a) { return a.team.label; }},
            {"category", "category", p.categories, [](const triage::Assessment &a) { return a.category.label; }},
            {"guardian",
             "guardian",
             {"no", "yes"},
             [](const triage::Assessment &a) { return std::string(a.guardian.alert ? "yes" : "no"); }},
            {"opportunity",
             "opportunity",
             {"no", "yes"},
             [](const triage::Assessment &a) { return std::string(a.opportunity.alert ? "yes" : "no"); }},
            {"sentiment",
             "sentiment",
             {"positive", "neutral", "frustrated", "aggressive"},
             [](const triage::Assessment &a) { return std::string(triage::sentimentName(a.sentiment.label)); }},
        };
        for (Head &h : heads) {
            if (which != "all" && which != h.name)
                continue;
            if (parser.isSet(labelColumn) && which != "all")
                h.column = parser.value(labelColumn).toLower().toStdString();
            triage::Evaluation ev(h.labels);
            for (std::size_t i = 0; i < tickets.size(); ++i) {
                const std::string expected = labelValue(tickets[i], h.column);
                const auto want = std::find(h.labels.begin(), h.labels.end(), expected);
                if (want == h.labels.end())
                    continue;
                const std::string got = h.predicted(assessments[i]);
                const auto gotAt = std::find(h.labels.begin(), h.labels.end(), got);
                ev.add(static_cast<int>(want - h.labels.begin()), static_cast<int>(gotAt - h.labels.begin()));
                if (got != expected && parser.isSet(errors))
                    mistakes.push_back(h.name + "\t" + tickets[i].id + "\texpected " + expected + ", got " + got + "\t" +
                                       (h.name == "priority" ? assessments[i].priority.why : tickets[i].subject));
            }
            if (ev.n > 0)
                results.emplace_back(std::move(h), std::move(ev));
        }
    }
    if (results.empty()) {
        printErr(QStringLiteral("cosmicdesk eval: no ticket of %1 has the label column(s) to compare with").arg(parser.value(input)));
        return ExitUsage;
    }

    if (parser.isSet(json)) {
        auto one = [&](const triage::Evaluation &ev) {
            nlohmann::json j = ev.toJson();
            j["docs_per_s"] = std::round(docsPerSecond);
            return j;
        };
        if (results.size() == 1 && (which != "all" || parser.isSet(modelOpt))) { // one head: the object itself
            printOut(QString::fromStdString(one(results.front().second).dump()));
        } else {
            nlohmann::json all = nlohmann::json::object();
            for (const auto &[h, ev] : results) {
                nlohmann::json j = one(ev);
                if (h.labels.size() == 2 && h.labels[1] == "yes") {
                    j["precision"] = ev.precision(1);
                    j["recall"] = ev.recall(1);
                }
                all[h.name] = j;
            }
            printOut(QString::fromStdString(all.dump()));
        }
        return ExitOk;
    }
    QString text;
    for (const auto &[h, ev] : results) {
        text += QStringLiteral("%1 (column %2): accuracy %3%, macro-F1 %4, n = %5")
                    .arg(QString::fromStdString(h.name), QString::fromStdString(h.column))
                    .arg(ev.accuracy() * 100, 0, 'f', 1)
                    .arg(ev.macroF1(), 0, 'f', 3)
                    .arg(ev.n);
        if (h.labels.size() == 2 && h.labels[1] == "yes")
            text += QStringLiteral(", precision %1, recall %2").arg(ev.precision(1), 0, 'f', 3).arg(ev.recall(1), 0, 'f', 3);
        text += QLatin1Char('\n') + QString::fromStdString(ev.table()) + QLatin1Char('\n');
    }
    text += QStringLiteral("%1 tickets/s").arg(std::round(docsPerSecond));
    printOut(text);
    for (const auto &m : mistakes)
        printOut(QString::fromStdString(m));
    return ExitOk;
}

} // namespace cosmicdesk::cli
