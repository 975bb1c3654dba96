#include "cli.h"
#include "commands.h"
#include <services/batchtriage.h>
#include <services/triageloader.h>

#include <models/ticketimporter.h>
#include <triage/metrics.h>
#include <triage/trainer.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace cosmicdesk::cli {

using services::labelValue;
using services::parallelFor;
using services::ticketText;
using services::triageBatch;

namespace {

// The column a head reads by default, and the labels it predicts in order.
std::string defaultColumn(const std::string &label)
{
    if (label == "priority")
        return "actual_priority";
    return label;
}

} // namespace

int trainCommand(const QStringList &args)
{
    const QString synopsis = QStringLiteral(
        "Usage: cosmicdesk train --input FILE [--input FILE2 …] --label priority|team|category|NAME --out MODEL\n"
        "                        [--label-column C] [--text-columns a,b] [--profile P] [--epochs N] [--seed S] [--l2 X]\n"
        "                        [--calibrate-on FILE] [--json]\n"
        "A 'weight' column, where present, makes a ticket count as that many.\n"
        "Trains a linear model on labelled tickets (CSV or JSON lines with a text and a label column), with the\n"
        "profile's tokenizer and features. A tenth of the data is held out to report the validation accuracy,\n"
        "then the model is trained on everything. A priority model is also calibrated to the profile's target mix,\n"
        "on the training tickets or, with --calibrate-on, on tickets whose mix is that of the live queue (no labels needed).");
    QCommandLineParser parser;
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("Labelled tickets."), QStringLiteral("FILE"));
    const QCommandLineOption label(QStringLiteral("label"), QStringLiteral("What to predict."), QStringLiteral("NAME"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Model file to write."), QStringLiteral("MODEL"));
    const QCommandLineOption labelColumn(QStringLiteral("label-column"), QStringLiteral("Column with the label."), QStringLiteral("C"));
    const QCommandLineOption textColumns(QStringLiteral("text-columns"), QStringLiteral("Columns with the text."), QStringLiteral("a,b"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Triage profile (default: built in)."), QStringLiteral("P"));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Passes over the data (default 12)."), QStringLiteral("N"),
                                    QStringLiteral("12"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Shuffle seed (default 1)."), QStringLiteral("S"),
                                  QStringLiteral("1"));
    const QCommandLineOption l2(QStringLiteral("l2"), QStringLiteral("Weight decay (default 0.0003)."), QStringLiteral("X"),
                                QStringLiteral("0.0003"));
    const QCommandLineOption calibrateOn(QStringLiteral("calibrate-on"),
                                         QStringLiteral("Tickets to calibrate a priority model on (default: the training tickets)."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({input, label, out, labelColumn, textColumns, profile, epochs, seed, l2, calibrateOn, json});
    if (const int code = parseCommandLine(parser, args, synopsis); code >= 0)
        return code;
    if (!parser.isSet(input) || !parser.isSet(label) || !parser.isSet(out)) {
        printErr(QStringLiteral("cosmicdesk train: --input, --label and --out are required\n\n%1").arg(synopsis));
        return ExitUsage;
    }
    bool ok = false;
    triage::LinearModel::TrainOptions options;
    options.epochs = parser.value(epochs).toInt(&ok);
    if (!ok || options.epochs < 1 || options.epochs > 200) {
        printErr(QStringLiteral("cosmicdesk train: --epochs takes a number from 1 to 200"));
        return ExitUsage;
    }
    options.l2 = parser.value(l2).toDouble(&ok);
    if (!ok || !(options.l2 >= 0 && options.l2 <= 1)) { // NaN compares false: refused too
        printErr(QStringLiteral("cosmicdesk train: --l2 takes a number from 0 to 1"));
        return ExitUsage;
    }
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        printErr(QStringLiteral("cosmicdesk train: --seed takes a whole number"));
        return ExitUsage;
    }
    auto parts = services::loadEngineParts(parser.value(profile));
    if (!parts.ok()) {
        printErr(QStringLiteral("cosmicdesk train: %1").arg(parts.error().message));
        return ExitUsage;
    }
    const triage::Profile &prof = parts.value().profile;
    const std::string head = parser.value(label).toStdString();
    const std::string column = parser.isSet(labelColumn) ? parser.value(labelColumn).toLower().toStdString() : defaultColumn(head);
    std::vector<std::string> labels;
    if (head == "priority")
        for (triage::Priority p : triage::kAllPriorities)
            labels.emplace_back(triage::priorityName(p));
    else if (head == "team")
        labels = prof.teams;
    else if (head == "category")
        labels = prof.categories;

    const QStringList columns = parser.value(textColumns).split(QLatin1Char(','), Qt::SkipEmptyParts);
    models::ImportOptions importOptions;
    importOptions.textColumns = columns;
    std::vector<models::ImportedTicket> all;
    for (const QString &file : parser.values(input)) {
        auto imported = models::TicketImporter::importFile(file, models::TicketImporter::Format::Auto, importOptions);
        if (!imported.ok()) {
            printErr(QStringLiteral("cosmicdesk train: %1").arg(imported.error().message));
            return ExitUsage;
        }
        all.insert(all.end(), std::make_move_iterator(imported.value().tickets.begin()),
                   std::make_move_iterator(imported.value().tickets.end()));
    }
    std::vector<triage::LabelledTicket> examples;
    int unlabelled = 0, unknown = 0;
    for (const auto &t : all) {
        std::string value = labelValue(t, column);
        if (value.empty()) {
            ++unlabelled;
            continue;
        }
        if (!labels.empty() && std::find(labels.begin(), labels.end(), value) == labels.end()) {
            ++unknown;
            continue;
        }
        float weight = 1.0f;
        if (auto w = t.fields.find("weight"); w != t.fields.end() && !w->second.empty()) {
            bool okWeight = false;
            weight = QString::fromStdString(w->second).toFloat(&okWeight);
            if (!okWeight || weight <= 0 || weight > 1000) {
                printErr(QStringLiteral("cosmicdesk train: ticket %1 has a weight that is not a number from 0 to 1000")
                             .arg(QString::fromStdString(t.id)));
                return ExitUsage;
            }
        }
        examples.push_back({ticketText(t, columns), std::move(value), weight});
    }
    if (examples.size() < 10) {
        printErr(QStringLiteral("cosmicdesk train: only %1 tickets have a usable \"%2\" label (%3 empty, %4 not among the profile's "
                                "labels); at least 10 are needed")
                     .arg(examples.size())
                     .arg(QString::fromStdString(column))
                     .arg(unlabelled)
                     .arg(unknown));
        return ExitUsage;
    }

    QElapsedTimer clock;
    clock.start();
    // Validation on a held-out tenth (every tenth ticket), then the final model on everything.
    double validation = -1;
    if (examples.size() >= 200) {
        std::vector<triage::LabelledTicket> fit, held;
        for (std::size_t i = 0; i < examples.size(); ++i)
            (i % 10 == 9 ? held : fit).push_back(examples[i]);
        const auto model = triage::Trainer::train(fit, labels, prof.features, prof.maxTextBytes, options);
        const triage::FeatureExtractor extractor(prof.features);
        int right = 0;
        std::vector<float> scores(model.classCount());
        for (const auto &e : held) {
            model.scores(extractor.extract(triage::analyseTicket(e.ticket, prof.maxTextBytes)).buckets, scores.data());
            right += model.labels()[static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) - scores.begin())] == e.label;
        }
        validation = static_cast<double>(right) / static_cast<double>(held.size());
    }
    triage::LinearModel model = triage::Trainer::train(examples, labels, prof.features, prof.maxTextBytes, options);
    std::array<double, triage::kPriorityCount> shares{};
    if (head == "priority") {
        auto engine = triage::Engine::create(prof, std::move(parts.value().lexicon), std::move(parts.value().knowledgeBase), model, {}, {});
        std::vector<triage::TicketText> texts;
        if (parser.isSet(calibrateOn)) {
            auto imported =
                models::TicketImporter::importFile(parser.value(calibrateOn), models::TicketImporter::Format::Auto, importOptions);
            if (!imported.ok()) {
                printErr(QStringLiteral("cosmicdesk train: --calibrate-on: %1").arg(imported.error().message));
                return ExitUsage;
            }
            for (const auto &t : imported.value().tickets)
                texts.push_back(ticketText(t, columns));
            if (texts.size() < 100) {
                printErr(QStringLiteral("cosmicdesk train: --calibrate-on needs at least 100 tickets, %1 has %2")
                             .arg(parser.value(calibrateOn))
                             .arg(texts.size()));
                return ExitUsage;
            }
        } else {
            texts.reserve(examples.size());
            for (const auto &e : examples)
                texts.push_back(e.ticket);
        }
        const auto cal = triage::Trainer::calibratePriority(*engine, texts);
        for (std::size_t k = 0; k < triage::kPriorityCount; ++k)
            model.calibration()[k] = cal[k];
        engine->priorityModel().calibration() = model.calibration();
        std::vector<std::array<float, triage::kPriorityCount>> scores;
        for (const auto &t : texts)
            scores.push_back(engine->priorityScores(t));
        shares = triage::Trainer::priorityShares(scores, {}, prof.tieMargin);
    }
    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;

    nlohmann::json meta{{"label", head},
                        {"column", column},
                        {"examples", examples.size()},
                        {"input", parser.values(input).join(QLatin1Char(',')).toStdString()},
                        {"calibrated_on", parser.isSet(calibrateOn) ? parser.value(calibrateOn).toStdString() : std::string("input")},
                        {"trained_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()},
                        {"epochs", options.epochs},
                        {"seed", options.seed},
                        {"l2", options.l2},
                        {"hash_bits", prof.features.hashBits},
                        {"engine", triage::Engine::version()}};
    if (validation >= 0)
        meta["validation_accuracy"] = validation;
    const auto bytes = model.serialize(meta);
    QSaveFile f(parser.value(out));
    if (!f.open(QIODevice::WriteOnly) || f.write(reinterpret_cast<const char *>(bytes.data()), static_cast<qint64>(bytes.size())) < 0 ||
        !f.commit()) {
        printErr(QStringLiteral("cosmicdesk train: cannot write %1: %2").arg(parser.value(out), f.errorString()));
        return ExitFailure;
    }
    if (parser.isSet(json)) {
        nlohmann::json j = meta;
        j["seconds"] = seconds;
        j["labels"] = model.labels();
        j["model_bytes"] = bytes.size();
        if (head == "priority")
            j["priority_mix_percent"] = shares;
        printOut(QString::fromStdString(j.dump()));
    } else {
        QString text = QStringLiteral("Trained %1 on %2 tickets (%3 labels) in %4 s; wrote %5 (%6 KB)")
                           .arg(QString::fromStdString(head))
                           .arg(examples.size())
                           .arg(model.classCount())
                           .arg(seconds, 0, 'f', 1)
                           .arg(parser.value(out))
                           .arg(bytes.size() / 1024);
        if (validation >= 0)
            text += QStringLiteral("\n  held-out accuracy (model alone, 10%): %1%").arg(validation * 100, 0, 'f', 1);
        if (head == "priority")
            text += QStringLiteral("\n  calibrated mix on this data: P0 %1% P1 %2% P2 %3% P3 %4%")
                        .arg(shares[0], 0, 'f', 1)
                        .arg(shares[1], 0, 'f', 1)
                        .arg(shares[2], 0, 'f', 1)
                        .arg(shares[3], 0, 'f', 1);
        if (unlabelled || unknown)
            text +=
                QStringLiteral("\n  skipped: %1 without a label, %2 with a label the profile does not list").arg(unlabelled).arg(unknown);
        printOut(text);
    }
    return ExitOk;
}

} // namespace cosmicdesk::cli
