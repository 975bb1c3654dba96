#include <support/clirunner.h>

#include <support/testworkspace.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using cosmicdesk::testsupport::fileBytes;
using cosmicdesk::testsupport::Run;
using cosmicdesk::testsupport::runCli;

namespace {

QString evalSet()
{
    return qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/eval_tickets.csv");
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QList<QJsonObject> jsonLines(const QString &path)
{
    QList<QJsonObject> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    return out;
}

QJsonDocument jsonFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()) : QJsonDocument();
}

const QSet<QString> kTeams{QStringLiteral("Integrations & API"), QStringLiteral("Data & Analytics"),
                           QStringLiteral("Compliance & Operations")};
const QSet<QString> kCategories{QStringLiteral("charge_dispute"),
                                QStringLiteral("refund"),
                                QStringLiteral("payment_failure"),
                                QStringLiteral("shipping_delivery"),
                                QStringLiteral("order_change"),
                                QStringLiteral("account_access"),
                                QStringLiteral("integration_api"),
                                QStringLiteral("data_analytics"),
                                QStringLiteral("security_privacy"),
                                QStringLiteral("pricing_upgrade"),
                                QStringLiteral("how_to_faq"),
                                QStringLiteral("bug_report"),
                                QStringLiteral("outage")};

} // namespace

class TriageCliTest : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;

private Q_SLOTS:
    void triage_writesTheSeedsOutputs_withTheAgreedKeysAndVocabulary()
    {
        QTemporaryDir out;
        const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), evalSet(), QStringLiteral("--out"), out.path(),
                              QStringLiteral("--demo-mode"), QStringLiteral("--quiet")},
                             m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto results = jsonLines(out.filePath(QStringLiteral("triage_results.jsonl")));
        QCOMPARE(results.size(), 256);
        const QStringList keys{QStringLiteral("auto_resolved"),
                               QStringLiteral("category"),
                               QStringLiteral("draft"),
                               QStringLiteral("guardian"),
                               QStringLiteral("opportunity"),
                               QStringLiteral("priority"),
                               QStringLiteral("priority_probabilities"),
                               QStringLiteral("sentiment"),
                               QStringLiteral("team"),
                               QStringLiteral("ticket_id")};
        QSet<QString> ids;
        for (const QJsonObject &o : results) {
            QStringList k = o.keys();
            k.sort();
            QCOMPARE(k, keys);
            ids.insert(o.value(QStringLiteral("ticket_id")).toString());
            QVERIFY(QRegularExpression(QStringLiteral("^P[0-3]$")).match(o.value(QStringLiteral("priority")).toString()).hasMatch());
            QVERIFY2(kTeams.contains(o.value(QStringLiteral("team")).toString()), qPrintable(o.value(QStringLiteral("team")).toString()));
            QVERIFY(kCategories.contains(o.value(QStringLiteral("category")).toString()));
            QVERIFY(QSet<QString>(
                        {QStringLiteral("positive"), QStringLiteral("neutral"), QStringLiteral("frustrated"), QStringLiteral("aggressive")})
                        .contains(o.value(QStringLiteral("sentiment")).toString()));
            const QJsonObject probs = o.value(QStringLiteral("priority_probabilities")).toObject();
            QCOMPARE(probs.keys(), (QStringList{QStringLiteral("P0"), QStringLiteral("P1"), QStringLiteral("P2"), QStringLiteral("P3")}));
            const QJsonObject g = o.value(QStringLiteral("guardian")).toObject();
            for (const char *key : {"score", "level", "alert", "reasons"})
                QVERIFY2(g.contains(QLatin1String(key)), key);
            const QJsonObject op = o.value(QStringLiteral("opportunity")).toObject();
            for (const char *key : {"alert", "score", "signals", "evidence"})
                QVERIFY2(op.contains(QLatin1String(key)), key);
            const QJsonObject d = o.value(QStringLiteral("draft")).toObject();
            for (const char *key : {"mode", "confidence", "kb_article", "text"})
                QVERIFY2(d.contains(QLatin1String(key)), key);
        }
        QVERIFY(ids.contains(QStringLiteral("E001")));
        QCOMPARE(ids.size(), 256);
        // "E001" is no Zendesk id: no update is prepared for any of them.
        QCOMPARE(jsonFile(out.filePath(QStringLiteral("zendesk_api_calls.json"))).array().size(), 0);

        // The Zendesk update payloads, for the same tickets under Zendesk ids: what
        // PUT /api/v2/tickets/{id}.json accepts.
        QFile eval(evalSet());
        QVERIFY(eval.open(QIODevice::ReadOnly));
        QByteArray numbered = eval.readAll();
        numbered.replace("\nE", "\n4"); // E001 → 4001
        QTemporaryDir numberedDir;
        writeFile(numberedDir.filePath(QStringLiteral("numbered.csv")), numbered);
        const Run again = runCli({QStringLiteral("triage"), QStringLiteral("--input"), numberedDir.filePath(QStringLiteral("numbered.csv")),
                                  QStringLiteral("--out"), numberedDir.filePath(QStringLiteral("out")), QStringLiteral("--quiet")},
                                 m_home.path());
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const QJsonDocument calls = jsonFile(numberedDir.filePath(QStringLiteral("out/zendesk_api_calls.json")));
        QVERIFY(calls.isArray());
        const QJsonArray list = calls.array();
        QCOMPARE(list.size(), 256);
        QCOMPARE(list.first().toObject().value(QStringLiteral("path")).toString(), QStringLiteral("/api/v2/tickets/4001.json"));
        const QJsonObject first = list.first().toObject();
        QVERIFY2(first.value(QStringLiteral("method")).toString() == QStringLiteral("PUT"), QJsonDocument(first).toJson().constData());
        QVERIFY(first.value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/api/v2/tickets/")));
        const QJsonObject ticket = first.value(QStringLiteral("body")).toObject().value(QStringLiteral("ticket")).toObject();
        QVERIFY(QSet<QString>({QStringLiteral("urgent"), QStringLiteral("high"), QStringLiteral("normal"), QStringLiteral("low")})
                    .contains(ticket.value(QStringLiteral("priority")).toString()));
        // Tags are added, never replaced: `tags` would wipe the agent's own (docs/wire-formats.md).
        QVERIFY(ticket.value(QStringLiteral("additional_tags")).isArray());
        QVERIFY(!ticket.contains(QStringLiteral("tags")));
        QVERIFY(ticket.value(QStringLiteral("custom_fields")).isArray());
        if (ticket.contains(QStringLiteral("comment")))
            QCOMPARE(ticket.value(QStringLiteral("comment")).toObject().value(QStringLiteral("public")).toBool(true), false);

        // Metrics with agreement and a confusion matrix, because the input has actual_priority.
        const QJsonObject metrics = jsonFile(out.filePath(QStringLiteral("metrics_summary.json"))).object();
        QCOMPARE(metrics.value(QStringLiteral("total_tickets")).toInt(metrics.value(QStringLiteral("tickets")).toInt()), 256);
        QVERIFY2(QJsonDocument(metrics).toJson().contains("confusion"), "metrics carry a confusion matrix");
        for (const char *file : {"guardian_alerts_log.json", "opportunity_alerts_log.json"})
            QVERIFY2(!jsonFile(out.filePath(QLatin1String(file))).isNull(), file);
        const QByteArray html = fileBytes(out.filePath(QStringLiteral("triage_report.html")));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(!html.contains("<script>alert"));
    }

    void triage_readsRfc4180_zendeskJson_andNdjson()
    {
        QTemporaryDir dir;
        // Quoted newlines, quotes and commas inside fields; columns in another order; an extra column.
        writeFile(dir.filePath(QStringLiteral("t.csv")),
                  "extra,ticket_id,customer_name,subject,description,actual_priority,channel,timestamp,mrr\r\n"
                  "x,A1,\"Acme, Inc.\",\"Checkout down\",\"Line one\r\nline \"\"two\"\": every payment fails, error "
                  "500\",P0,email,2026-11-01 09:00,12000\r\n"
                  "y,A2,Bo,How do I export orders?,\"Where is the CSV export button?\",P3,web,2026-11-01 10:00,49\r\n");
        writeFile(dir.filePath(QStringLiteral("t.json")),
                  "{\"tickets\": [{\"id\": 501, \"subject\": \"Refund\", \"description\": \"Please refund order #88120\","
                  " \"priority\": \"normal\", \"via\": {\"channel\": \"email\"}, \"created_at\": \"2026-11-01T09:00:00Z\"},"
                  " {\"id\": 502, \"subject\": \"Cancel\", \"description\": \"We will cancel our contract\", \"priority\": \"high\","
                  " \"via\": {\"channel\": \"web\"}, \"created_at\": \"2026-11-02T09:00:00Z\"}]}");
        writeFile(
            dir.filePath(QStringLiteral("t.ndjson")),
            "{\"id\": 601, \"subject\": \"Sync\", \"description\": \"Shopify sync stopped\", \"created_at\": \"2026-11-01T09:00:00Z\"}\n"
            "{\"id\": 602, \"subject\": \"Quote\", \"description\": \"A quote for 30 seats please\", \"created_at\": "
            "\"2026-11-01T10:00:00Z\"}\n");
        const QMap<QString, QStringList> expected{{QStringLiteral("t.csv"), {QStringLiteral("A1"), QStringLiteral("A2")}},
                                                  {QStringLiteral("t.json"), {QStringLiteral("501"), QStringLiteral("502")}},
                                                  {QStringLiteral("t.ndjson"), {QStringLiteral("601"), QStringLiteral("602")}}};
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const QString out = dir.filePath(it.key() + QStringLiteral(".out"));
            const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(it.key()), QStringLiteral("--out"), out,
                                  QStringLiteral("--quiet")},
                                 m_home.path());
            QVERIFY2(r.code == 0, qPrintable(it.key() + QStringLiteral(": ") + r.err));
            const auto results = jsonLines(out + QStringLiteral("/triage_results.jsonl"));
            QCOMPARE(results.size(), 2);
            QCOMPARE(results[0].value(QStringLiteral("ticket_id")).toString(), it.value()[0]);
            QCOMPARE(results[1].value(QStringLiteral("ticket_id")).toString(), it.value()[1]);
        }
        const auto csv = jsonLines(dir.filePath(QStringLiteral("t.csv.out/triage_results.jsonl")));
        QVERIFY(csv[0].value(QStringLiteral("priority")).toString() <= QStringLiteral("P1"));
    }

    void triage_badInput_exitsTwo_andWritesNothing()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("bad.json")), "{\"tickets\": [ {\"id\": 1, ");
        const QString out = dir.filePath(QStringLiteral("out"));
        Run r = runCli(
            {QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("bad.json")), QStringLiteral("--out"), out},
            m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.trimmed().isEmpty());
        QVERIFY(!QFile::exists(out + QStringLiteral("/triage_results.jsonl")));
        r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("missing.csv")),
                    QStringLiteral("--out"), out},
                   m_home.path());
        QCOMPARE(r.code, 2);
        r = runCli({QStringLiteral("triage"), QStringLiteral("--out"), out}, m_home.path());
        QCOMPARE(r.code, 2);
        writeFile(dir.filePath(QStringLiteral("profile.json")), "{\"name\": \"x\"}");
        r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), evalSet(), QStringLiteral("--out"), out,
                    QStringLiteral("--profile"), dir.filePath(QStringLiteral("profile.json"))},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("teams")), qPrintable(r.err));
    }

    void triage_onlyZendeskIdsGetAnUpdate_andNoIdFormsAnotherPath()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("ids.csv"));
        writeFile(input, "ticket_id,subject,description\n"
                         "T-77,Refund,Where is my refund\n"
                         "77,Refund,Where is my refund\n"
                         "../../users/me,Login,Cannot log in\n"
                         "0,Login,Cannot log in\n"
                         "077,Login,Cannot log in\n"
                         ",Login,Cannot log in\n"
                         "12%2F..,Login,Cannot log in\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), out}, m_home.path());
        QCOMPARE(r.code, 0);
        const QJsonArray calls = jsonFile(out + QStringLiteral("/zendesk_api_calls.json")).array();
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls[0].toObject()[QStringLiteral("path")].toString(), QStringLiteral("/api/v2/tickets/77.json"));
        const QJsonObject metrics = jsonFile(out + QStringLiteral("/metrics_summary.json")).object();
        QCOMPARE(metrics[QStringLiteral("tickets")].toInt(), 7);
        QCOMPARE(metrics[QStringLiteral("zendesk_updates")].toInt(), 1);
        QCOMPARE(metrics[QStringLiteral("tickets_without_zendesk_id")].toInt(), 6);
        const QByteArray html = fileBytes(out + QStringLiteral("/triage_report.html"));
        QVERIFY(html.contains("6 tickets have no Zendesk id"));
        QVERIFY(html.contains("T-77"));
        QVERIFY(html.contains("../../users/me"));
    }

    void triage_utf16Input_isNamedAsSuch()
    {
        QTemporaryDir dir;
        const QString text = QStringLiteral("ticket_id,subject,description\n1,Refund,Where is my refund\n");
        QByteArray withBom("\xFF\xFE");
        withBom += QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
        const QByteArray bigEndianNoBom = [&] {
            QByteArray b;
            for (QChar c : text)
                b.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xFF));
            return b;
        }();
        for (const auto &[name, bytes] :
             {std::pair{QStringLiteral("le.csv"), withBom}, std::pair{QStringLiteral("be.csv"), bigEndianNoBom}}) {
            writeFile(dir.filePath(name), bytes);
            const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(name), QStringLiteral("--out"),
                                  dir.filePath(QStringLiteral("out"))},
                                 m_home.path());
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QStringLiteral("UTF-16")) && r.err.contains(QStringLiteral("UTF-8")), qPrintable(r.err));
            QVERIFY(!r.err.contains(QStringLiteral("no subject or description column")));
        }
    }

    void triage_jsonSyntaxError_namesLineAndColumn()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("bad.json")),
                  "{\"tickets\": [\n  {\"id\": 1, \"subject\": \"x\"},\n  {\"id\": 2 \"subject\": \"y\"}\n]}\n");
        Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("bad.json")),
                        QStringLiteral("--out"), dir.filePath(QStringLiteral("out"))},
                       m_home.path());
        QCOMPARE(r.code, 2);
        // Where the parser stopped: the end of the token that cannot follow (the "subject" after 2).
        QVERIFY2(r.err.contains(QStringLiteral("line 3, column 20")), qPrintable(r.err));
        writeFile(dir.filePath(QStringLiteral("bad.ndjson")), "{\"id\": 1, \"subject\": \"x\"}\n{\"id\": 2, \"subject\": }\n");
        r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("bad.ndjson")),
                    QStringLiteral("--out"), dir.filePath(QStringLiteral("out"))},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("line 2, column 22")), qPrintable(r.err));
    }

    void triage_duplicateIds_warn_andTheLaterLineWins()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("dup.csv")), "ticket_id,subject,description\n"
                                                           "5,First version,Where is my refund\n"
                                                           "6,Login,Cannot log in\n"
                                                           "5,Second version,Where is my refund now\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = runCli(
            {QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("dup.csv")), QStringLiteral("--out"), out},
            m_home.path());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("ticket id 5 appears on lines 2 and 4; line 4 is used")), qPrintable(r.err));
        QCOMPARE(jsonLines(out + QStringLiteral("/triage_results.jsonl")).size(), 2);
        const QByteArray html = fileBytes(out + QStringLiteral("/triage_report.html"));
        QVERIFY(html.contains("Second version"));
        QVERIFY(!html.contains("First version"));
    }

    // What real exports hold: incremental pages saved back to back, deleted tickets, closed ones,
    // two versions of a ticket, and Zendesk's default priority. Each is read for what it is.
    void triage_realExportShapes()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("export.json"));
        writeFile(input, "{\n  \"tickets\": [\n"
                         "    {\"id\": 101, \"subject\": \"Refund\", \"description\": \"Where is my refund\", \"status\": \"open\","
                         " \"priority\": \"high\", \"updated_at\": \"2026-11-03T10:00:00Z\"},\n"
                         "    {\"id\": 102, \"subject\": \"Spam\", \"description\": \"x\", \"status\": \"deleted\"},\n"
                         "    {\"id\": 103, \"subject\": \"Login\", \"description\": \"Cannot log in\", \"status\": \"closed\","
                         " \"priority\": \"normal\"}\n"
                         "  ],\n  \"next_page\": \"https://x.zendesk.com/api/v2/incremental/tickets.json?start_time=9\",\n"
                         "  \"end_of_stream\": false\n}\n"
                         "{\n  \"tickets\": [\n"
                         "    {\"id\": 101, \"subject\": \"Refund (older copy)\", \"description\": \"Where is my refund\","
                         " \"status\": \"new\", \"updated_at\": \"2026-11-01T10:00:00Z\"},\n"
                         "    {\"id\": 104, \"subject\": \"Tracking\", \"description\": \"Where is my parcel\", \"status\": \"pending\","
                         " \"priority\": \"normal\"}\n"
                         "  ],\n  \"next_page\": null,\n  \"end_of_stream\": true\n}\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), out}, m_home.path());
        QCOMPARE(r.code, 0);
        QStringList ids;
        for (const QJsonObject &o : jsonLines(out + QStringLiteral("/triage_results.jsonl")))
            ids << o[QStringLiteral("ticket_id")].toString();
        QCOMPARE(ids, (QStringList{QStringLiteral("101"), QStringLiteral("103"), QStringLiteral("104")}));
        QStringList paths;
        for (const auto &c : jsonFile(out + QStringLiteral("/zendesk_api_calls.json")).array())
            paths << c.toObject()[QStringLiteral("path")].toString();
        QCOMPARE(paths, (QStringList{QStringLiteral("/api/v2/tickets/101.json"), QStringLiteral("/api/v2/tickets/104.json")}));
        const QJsonObject metrics = jsonFile(out + QStringLiteral("/metrics_summary.json")).object();
        QCOMPARE(metrics[QStringLiteral("closed_tickets_not_updated")].toInt(), 1);
        QCOMPARE(metrics[QStringLiteral("default_priority_labels_not_counted")].toInt(), 2);
        QCOMPARE(metrics[QStringLiteral("priority_agreement")].toObject()[QStringLiteral("n")].toInt(), 1);
        QVERIFY2(r.out.contains(QStringLiteral("skipped: 1 deleted, 1 older copies of a ticket id")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("ticket id 101 appears on lines 1 and 4; line 1 is used (updated later)")),
                 qPrintable(r.err));
        QVERIFY(!fileBytes(out + QStringLiteral("/triage_report.html")).contains("older copy"));
    }

    // A CSV with another header is triaged on the named columns; a misspelled name is refused by
    // name (it used to be accepted, and every ticket judged on empty text).
    void triage_textColumns_rescueAHeader_andMisspellingsExitTwo()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("other.csv"));
        writeFile(input, "Ticket ID,Ticket Subject,Ticket Description\n"
                         "1,Checkout down for everyone,All customers get an error at checkout since 9:00 and we lose every sale\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), out,
                        QStringLiteral("--text-columns"), QStringLiteral("Ticket Subject,Ticket Description")},
                       m_home.path());
        QCOMPARE(r.code, 0);
        const auto results = jsonLines(out + QStringLiteral("/triage_results.jsonl"));
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0][QStringLiteral("priority")].toString() != QStringLiteral("P3"), qPrintable(r.out));
        r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), dir.filePath(QStringLiteral("o2")),
                    QStringLiteral("--text-columns"), QStringLiteral("Ticket Subjct,Ticket Description")},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no column \"Ticket Subjct\"")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("o2"))));
    }

    // The repeated-issue rule counts the same problem again, not any ticket of a busy account; a
    // ticket whose time is unknown has no 7-day window.
    void triage_repeatedIssue_isTheSameProblemAgain()
    {
        QTemporaryDir dir;
        const QString input = dir.filePath(QStringLiteral("acct.csv"));
        writeFile(input, "ticket_id,customer_name,subject,description,timestamp\n"
                         "1,Acme,Refund,Still no refund for order 1001,2026-11-01T09:00:00Z\n"
                         "2,Acme,Login,Still cannot log in to my account,2026-11-01T10:00:00Z\n"
                         "3,Acme,Invoice,How do I download an invoice,2026-11-01T11:00:00Z\n"
                         "4,Acme,Refund again,Still no refund for order 1001,2026-11-02T09:00:00Z\n"
                         "5,Acme,Login again,Still cannot log in to my account,2026-11-02T10:00:00Z\n"
                         "6,Acme,Refund,Still no refund for order 1001,2026-11-03T09:00:00Z\n"
                         "7,Acme,Refund,Still no refund for order 1001,\n");
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r =
            runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), out, QStringLiteral("--full")},
                   m_home.path());
        QCOMPARE(r.code, 0);
        QMap<QString, QByteArray> lines;
        for (const QByteArray &line : fileBytes(out + QStringLiteral("/triage_full.jsonl")).split('\n'))
            if (!line.isEmpty())
                lines[QJsonDocument::fromJson(line).object()[QStringLiteral("ticket_id")].toString()] = line;
        QCOMPARE(lines.size(), 7);
        QVERIFY2(lines[QStringLiteral("6")].contains("3rd ticket about refund in 7 days"), lines[QStringLiteral("6")].constData());
        // The fifth ticket of the account is only the second about logging in.
        QVERIFY2(!lines[QStringLiteral("5")].contains("ticket in 7 days") && !lines[QStringLiteral("5")].contains("ticket about"),
                 lines[QStringLiteral("5")].constData());
        QVERIFY2(!lines[QStringLiteral("7")].contains("in 7 days"), lines[QStringLiteral("7")].constData());
    }

    void triage_outNamingAFile_exitsTwo_andLeavesIt()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("report.txt"));
        writeFile(file, "mine");
        const Run r =
            runCli({QStringLiteral("triage"), QStringLiteral("--input"), evalSet(), QStringLiteral("--out"), file}, m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("is a file")), qPrintable(r.err));
        QCOMPARE(fileBytes(file), QByteArray("mine"));
    }

    void triage_reportIsReplacedWhole_orNotAtAll()
    {
        QTemporaryDir dir;
        QFile eval(evalSet());
        QVERIFY(eval.open(QIODevice::ReadOnly));
        const QByteArray text = eval.readAll();
        QByteArray first = text, second = text;
        first.replace("\nE", "\n4");
        second.replace("\nE", "\n5");
        writeFile(dir.filePath(QStringLiteral("first.csv")), first);
        writeFile(dir.filePath(QStringLiteral("second.csv")), second);
        const QString out = dir.filePath(QStringLiteral("out"));
        auto triage = [&](const QString &input, const QString &folder) {
            return runCli({QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(input), QStringLiteral("--out"), folder,
                           QStringLiteral("--quiet")},
                          m_home.path());
        };
        QCOMPARE(triage(QStringLiteral("first.csv"), out).code, 0);
        QMap<QString, QByteArray> before;
        for (const QString &name : QDir(out).entryList(QDir::Files))
            before[name] = fileBytes(QDir(out).filePath(name));
        QCOMPARE(before.size(), 6);

        // A run that dies while writing (here: a file-size limit, as a full disk would) leaves the old report whole.
        QProcess limited;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        limited.setProcessEnvironment(env);
        limited.start(QStringLiteral("prlimit"),
                      {QStringLiteral("--fsize=200000"), QStringLiteral(COSMICDESK_BINARY), QStringLiteral("triage"),
                       QStringLiteral("--input"), dir.filePath(QStringLiteral("second.csv")), QStringLiteral("--out"), out,
                       QStringLiteral("--quiet")});
        QVERIFY(limited.waitForFinished(120000));
        QVERIFY(limited.exitStatus() != QProcess::NormalExit || limited.exitCode() != 0);
        QMap<QString, QByteArray> after;
        for (const QString &name : QDir(out).entryList(QDir::Files))
            after[name] = fileBytes(QDir(out).filePath(name));
        QCOMPARE(after.keys(), before.keys());
        for (const QString &name : before.keys())
            QVERIFY2(after[name] == before[name], qPrintable(name + QStringLiteral(" changed")));

        // A run that succeeds replaces every file, and leaves nothing of its own beside the folder.
        for (const QString &leftover : QDir(dir.path()).entryList({QStringLiteral(".out.tmp-*")}, QDir::Dirs | QDir::Hidden))
            QDir(dir.filePath(leftover)).removeRecursively(); // what the killed run could not clean up
        QCOMPARE(triage(QStringLiteral("second.csv"), out).code, 0);
        QVERIFY(fileBytes(out + QStringLiteral("/zendesk_api_calls.json")).contains("/api/v2/tickets/5001.json"));
        QVERIFY(fileBytes(out + QStringLiteral("/triage_results.jsonl")).contains("\"5001\""));
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral(".out*")}, QDir::AllEntries | QDir::Hidden), QStringList());

        // A folder that holds other files too keeps them.
        const QString shared = dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(shared));
        writeFile(shared + QStringLiteral("/notes.txt"), "keep");
        QCOMPARE(triage(QStringLiteral("first.csv"), shared).code, 0);
        QCOMPARE(fileBytes(shared + QStringLiteral("/notes.txt")), QByteArray("keep"));
        QCOMPARE(QDir(shared).entryList(QDir::Files).size(), 7);
    }

    void train_thenEval_onAnyCsv()
    {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("team.model"));
        Run r = runCli({QStringLiteral("train"), QStringLiteral("--input"), evalSet(), QStringLiteral("--label"), QStringLiteral("team"),
                        QStringLiteral("--out"), model},
                       m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFileInfo(model).size() > 0);
        r = runCli(
            {QStringLiteral("eval"), QStringLiteral("--input"), evalSet(), QStringLiteral("--model"), model, QStringLiteral("--json")},
            m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        for (const char *key : {"accuracy", "macro_f1", "n", "labels", "confusion", "docs_per_s"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("n")).toInt(), 256);
        // Trained and evaluated on the same tickets: it must have learnt them.
        QVERIFY2(o.value(QStringLiteral("accuracy")).toDouble() > 0.9, qPrintable(r.out));
        const QJsonArray confusion = o.value(QStringLiteral("confusion")).toArray();
        QCOMPARE(confusion.size(), o.value(QStringLiteral("labels")).toArray().size());

        // Other columns: a text column and a label column by name.
        // An organisation's own history: its own text column and its own labels.
        QByteArray own = "body,queue\n";
        for (int i = 0; i < 8; ++i) {
            own += "\"the invoice shows the wrong VAT amount, case " + QByteArray::number(i) + "\",billing\n";
            own += "\"cannot log in after the password reset, case " + QByteArray::number(i) + "\",access\n";
        }
        writeFile(dir.filePath(QStringLiteral("own.csv")), own);
        r = runCli({QStringLiteral("train"), QStringLiteral("--input"), dir.filePath(QStringLiteral("own.csv")), QStringLiteral("--label"),
                    QStringLiteral("queue"), QStringLiteral("--text-columns"), QStringLiteral("body"), QStringLiteral("--out"),
                    dir.filePath(QStringLiteral("own.model"))},
                   m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({QStringLiteral("eval"), QStringLiteral("--input"), dir.filePath(QStringLiteral("own.csv")), QStringLiteral("--model"),
                    dir.filePath(QStringLiteral("own.model")), QStringLiteral("--text-columns"), QStringLiteral("body"),
                    QStringLiteral("--label-column"), QStringLiteral("queue"), QStringLiteral("--json")},
                   m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject ownEval = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        QCOMPARE(ownEval.value(QStringLiteral("n")).toInt(), 16);
        QCOMPARE(ownEval.value(QStringLiteral("accuracy")).toDouble(), 1.0);
        QVERIFY2(r.code == 0, qPrintable(r.err));

        // A priority model calibrated on other tickets than it learns from: the mix it reports is the
        // one of the calibration tickets under the profile's targets, and a file too small is refused.
        r = runCli({QStringLiteral("train"), QStringLiteral("--input"), evalSet(), QStringLiteral("--label"), QStringLiteral("priority"),
                    QStringLiteral("--calibrate-on"), evalSet(), QStringLiteral("--out"), dir.filePath(QStringLiteral("p.model")),
                    QStringLiteral("--json")},
                   m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({QStringLiteral("train"), QStringLiteral("--input"), evalSet(), QStringLiteral("--label"), QStringLiteral("priority"),
                    QStringLiteral("--calibrate-on"), dir.filePath(QStringLiteral("own.csv")), QStringLiteral("--out"),
                    dir.filePath(QStringLiteral("p2.model"))},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("at least 100 tickets")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("p2.model"))));

        // Bad usage: exit 2 and a message.
        r = runCli({QStringLiteral("train"), QStringLiteral("--input"), evalSet(), QStringLiteral("--label"), QStringLiteral("colour"),
                    QStringLiteral("--out"), model},
                   m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
        r = runCli({QStringLiteral("eval"), QStringLiteral("--input"), evalSet(), QStringLiteral("--model"), evalSet()}, m_home.path());
        QCOMPARE(r.code, 2);
    }

    void hostileFiles_exitTwoWithAMessage_neverCrash()
    {
        // A copy of the shipped resources whose priority model is 200,000 nested CBOR arrays (the
        // recursive reader overflowed the stack), then one declaring 5,000 labels over 2^24 buckets.
        QTemporaryDir dir;
        const QString src = qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/resources/");
        for (const char *sub : {"profiles", "lexicons", "kb", "models"})
            QVERIFY(QDir(dir.path()).mkpath(QLatin1String(sub)));
        for (const char *file :
             {"profiles/default.json", "lexicons/sentiment.json", "kb/articles.json", "models/team.model", "models/category.model"})
            QVERIFY(QFile::copy(src + QLatin1String(file), dir.filePath(QLatin1String(file))));
        const QString model = dir.filePath(QStringLiteral("models/priority.model"));
        const QString profile = dir.filePath(QStringLiteral("profiles/default.json"));
        QByteArray wide = "\xa8" // a map of 8 pairs, 5,000 label names inside
                          "\x66"
                          "format"
                          "\x77"
                          "cosmicdesk-linear-model"
                          "\x67"
                          "version"
                          "\x01"
                          "\x69"
                          "hash_bits"
                          "\x18\x18";
        wide += "\x66"
                "labels"
                "\x99\x13\x88"; // an array of 5,000
        for (int i = 0; i < 5000; ++i)
            wide += "\x61"
                    "a";
        for (const char *list : {"\x64"
                                 "bias",
                                 "\x6b"
                                 "calibration"}) {
            wide += list;
            wide += "\x99\x13\x88";
            wide += QByteArray(5000, '\0');
        }
        wide += "\x67"
                "buckets"
                "\x40"
                "\x67"
                "weights"
                "\x40";
        for (const QByteArray &bytes : {QByteArray(200000, '\x81'), wide}) {
            writeFile(model, bytes);
            for (const QStringList &args :
                 {QStringList{QStringLiteral("eval"), QStringLiteral("--input"), evalSet(), QStringLiteral("--model"), model},
                  QStringList{QStringLiteral("eval"), QStringLiteral("--describe"), QStringLiteral("--model"), model},
                  QStringList{QStringLiteral("triage"), QStringLiteral("--input"), evalSet(), QStringLiteral("--out"),
                              dir.filePath(QStringLiteral("out")), QStringLiteral("--profile"), profile}}) {
                const Run r = runCli(args, m_home.path());
                QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
                QVERIFY2(r.err.contains(QStringLiteral("deeper than")) || r.err.contains(QStringLiteral("labels")), qPrintable(r.err));
            }
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out/triage_results.jsonl"))));
        // A profile nested too deep.
        writeFile(profile, QByteArray(100000, '[') + QByteArray(100000, ']'));
        const Run r = runCli({QStringLiteral("triage"), QStringLiteral("--input"), evalSet(), QStringLiteral("--out"),
                              dir.filePath(QStringLiteral("out")), QStringLiteral("--profile"), profile},
                             m_home.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("deeper than")), qPrintable(r.err));
    }

    void train_refusesNonFiniteOrNegativeNumbers()
    {
        QTemporaryDir dir;
        for (const char *l2 : {"nan", "inf", "-1", "1e400"}) {
            const Run r =
                runCli({QStringLiteral("train"), QStringLiteral("--input"), evalSet(), QStringLiteral("--label"), QStringLiteral("team"),
                        QStringLiteral("--l2"), QLatin1String(l2), QStringLiteral("--out"), dir.filePath(QStringLiteral("m.model"))},
                       m_home.path());
            QVERIFY2(r.code == 2, l2);
            QVERIFY2(r.err.contains(QStringLiteral("--l2")), qPrintable(r.err));
            QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("m.model"))));
        }
    }

    void mrr_isReadAsWritten_orRefusedWithAWarning()
    {
        QTemporaryDir dir;
        // The same ticket at five MRRs: "1e6" is a million (it read as 16), "$1,000,000" too.
        QByteArray csv = "ticket_id,subject,description,mrr\n";
        int id = 0;
        for (const char *mrr : {"1e6", "1000000", "\"$1,000,000\"", "16", "nan", "-5"})
            csv += QByteArray::number(++id) + ",Export question,How do I export invoices?," + mrr + "\n";
        writeFile(dir.filePath(QStringLiteral("mrr.csv")), csv);
        const QString out = dir.filePath(QStringLiteral("out"));
        Run r = runCli(
            {QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("mrr.csv")), QStringLiteral("--out"), out},
            m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QJsonObject> results = jsonLines(out + QStringLiteral("/triage_results.jsonl"));
        QCOMPARE(results.size(), 6);
        auto probabilities = [&](int i) { return results[i].value(QStringLiteral("priority_probabilities")).toObject(); };
        QCOMPARE(probabilities(0), probabilities(1));
        QCOMPARE(probabilities(2), probabilities(1));
        QVERIFY(probabilities(3) != probabilities(1));
        QVERIFY2(r.err.contains(QStringLiteral("\"nan\"")) && r.err.contains(QStringLiteral("\"-5\"")), qPrintable(r.err));
        // A JSON number beyond 64 signed bits turned negative on the way in.
        writeFile(dir.filePath(QStringLiteral("mrr.ndjson")), "{\"id\": 7, \"subject\": \"Export question\", \"description\": "
                                                              "\"How do I export invoices?\", \"mrr\": 18000000000000000000}\n");
        r = runCli(
            {QStringLiteral("triage"), QStringLiteral("--input"), dir.filePath(QStringLiteral("mrr.ndjson")), QStringLiteral("--out"), out},
            m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("18000000000000000000")), qPrintable(r.err));
    }

    void eval_meetsTheFiguresDocsTriageMdStates()
    {
        // The floor is the "all 256" column of docs/triage.md's quality table: a change that costs
        // agreement fails here until the documentation says so. No slack beyond the doc's rounding.
        QFile doc(qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/docs/triage.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        // The numbers of the third cell of the table row that starts with `head`.
        auto documented = [&](const QString &head) {
            QList<QString> numbers;
            for (const QString &line : text.split(QLatin1Char('\n'))) {
                const QStringList cells = line.split(QLatin1Char('|'));
                if (cells.size() > 4 && cells[1].trimmed() == head) {
                    static const QRegularExpression number(QStringLiteral("\\d+\\.\\d+"));
                    for (auto it = number.globalMatch(cells[3]); it.hasNext();)
                        numbers << it.next().captured();
                    break;
                }
            }
            return numbers;
        };
        const Run r = runCli({QStringLiteral("eval"), QStringLiteral("--input"), evalSet(), QStringLiteral("--json")}, m_home.path());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject heads = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        // measured, rounded as the documented figure is (its decimals; percent when it is one), at least it.
        auto atLeast = [](double measured, const QString &figure, bool percent) {
            const int decimals = static_cast<int>(figure.size() - figure.indexOf(QLatin1Char('.')) - 1);
            const double scale = std::pow(10.0, decimals);
            const double shown = std::round((percent ? 100 * measured : measured) * scale) / scale;
            return shown >= figure.toDouble() - 1e-9;
        };
        const struct
        {
            const char *row, *head, *key;
            int index;
            bool percent;
        } floors[] = {
            {"priority agreement", "priority", "accuracy", 0, true},
            {"team accuracy", "team", "accuracy", 0, true},
            {"Guardian precision / recall", "guardian", "precision", 0, false},
            {"Guardian precision / recall", "guardian", "recall", 1, false},
            {"Opportunity precision / recall", "opportunity", "precision", 0, false},
            {"Opportunity precision / recall", "opportunity", "recall", 1, false},
        };
        for (const auto &f : floors) {
            const QList<QString> figures = documented(QLatin1String(f.row));
            QVERIFY2(figures.size() > f.index, f.row);
            const double measured = heads.value(QLatin1String(f.head)).toObject().value(QLatin1String(f.key)).toDouble(-1);
            QVERIFY2(atLeast(measured, figures[f.index], f.percent), qPrintable(QStringLiteral("%1 %2: %3 measured, docs/triage.md says %4")
                                                                                    .arg(QLatin1String(f.head), QLatin1String(f.key))
                                                                                    .arg(measured)
                                                                                    .arg(figures[f.index])));
        }
    }

    void benchTriage_json_hasTheAgreedKeys()
    {
        const Run r = runCli({QStringLiteral("bench"), QStringLiteral("triage"), QStringLiteral("--tickets"), QStringLiteral("2000"),
                              QStringLiteral("--json")},
                             m_home.path(), 300000);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        for (const char *key : {"tickets_per_s", "tickets_per_s_drafts", "tickets_per_s_all_threads", "rss_mb"})
            QVERIFY2(o.value(QLatin1String(key)).toDouble() > 0, key);
    }
};

QTEST_GUILESS_MAIN(TriageCliTest)
#include "triagecli_test.moc"
