// TicketImporter::stream reads an export a batch at a time in bounded memory, and gives what a
// whole read gives; hostile JSON is refused with a message.
#include <models/ticketimporter.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace cosmicdesk::models;

namespace {

// A field of /proc/self/status in MB ("VmHWM", "VmRSS").
double statusMb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

} // namespace

class TicketImporterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stream_readsALargeJsonExport_inBoundedMemory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"tickets\":[");
            const std::string body(1000, 'x');
            for (int i = 1; i <= 30000; ++i) {
                const nlohmann::json t{{"id", i},
                                       {"subject", "Refund " + std::to_string(i)},
                                       {"description", body},
                                       {"tags", {"billing", "vip"}},
                                       {"via", {{"channel", "email"}}},
                                       {"created_at", "2024-05-02T08:14:03Z"}};
                f.write((i > 1 ? "," : "") + QByteArray::fromStdString(t.dump()));
            }
            f.write("],\"count\":30000}");
        }
        const double fileMb = double(QFile(path).size()) / (1024.0 * 1024.0);
        QVERIFY(fileMb > 30);
        // Reset the peak (Linux: clear_refs 5), so that the peak below is the reading's.
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        if (!clear.open(QIODevice::WriteOnly) || clear.write("5") != 1)
            QSKIP("this kernel cannot reset the peak RSS");
        clear.close();
        const double before = statusMb("VmRSS:");
        std::size_t tickets = 0, largest = 0;
        auto r = TicketImporter::stream(path, TicketImporter::Format::Auto, 256, [&](std::vector<ImportedTicket> &batch) -> Result<void> {
            tickets += batch.size();
            largest = std::max(largest, batch.size());
            return {};
        });
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(tickets, std::size_t(30000));
        QCOMPARE(largest, std::size_t(256));
        QCOMPARE(r.value().format, QStringLiteral("zendesk-json"));
        // The mapped file may all be resident once; a document built whole would be several times it.
        const double grown = statusMb("VmHWM:") - before;
        QVERIFY2(grown < fileMb + 20, qPrintable(QStringLiteral("%1 MB for a %2 MB file").arg(grown).arg(fileMb)));
    }

    void stream_givesWhatAWholeReadGives()
    {
        const QString path = qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/eval_tickets.csv");
        auto whole = TicketImporter::importFile(path);
        QVERIFY(whole.ok());
        std::vector<ImportedTicket> streamed;
        auto r = TicketImporter::stream(path, TicketImporter::Format::Auto, 7, [&](std::vector<ImportedTicket> &batch) -> Result<void> {
            for (auto &t : batch)
                streamed.push_back(std::move(t));
            return {};
        });
        QVERIFY(r.ok());
        QCOMPARE(streamed.size(), whole.value().tickets.size());
        for (std::size_t i = 0; i < streamed.size(); ++i) {
            QCOMPARE(streamed[i].id, whole.value().tickets[i].id);
            QCOMPARE(streamed[i].description, whole.value().tickets[i].description);
            QCOMPARE(streamed[i].line, whole.value().tickets[i].line);
        }
    }

    void stream_stopsAtTheFirstErrorOfTheCaller()
    {
        const QString path = qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/eval_tickets.csv");
        int batches = 0;
        auto r = TicketImporter::stream(path, TicketImporter::Format::Auto, 10, [&](std::vector<ImportedTicket> &) -> Result<void> {
            ++batches;
            return Error::make(Error::Kind::Storage, QStringLiteral("disk full"));
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("disk full"));
        QCOMPARE(batches, 1);
    }

    // Zendesk's channels are read as the app reads them: a call is a phone ticket.
    void zendeskChannels_mapOntoOurs()
    {
        const std::string text = R"({"tickets":[{"id":1,"subject":"a","via":{"channel":"voice"}},)"
                                 R"({"id":2,"subject":"b","via":{"channel":"native_messaging"}},)"
                                 R"({"id":3,"subject":"c","via":{"channel":"web_form"}},)"
                                 R"({"id":4,"subject":"d","via":{"channel":"twitter"}},)"
                                 R"({"id":5,"subject":"e","via":{"channel":"Email"}},)"
                                 R"({"id":6,"subject":"f"}]})";
        auto r = TicketImporter::importText(text, TicketImporter::Format::ZendeskJson, QStringLiteral("t.json"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        std::vector<std::string> channels;
        for (const auto &t : r.value().tickets)
            channels.push_back(t.channel);
        const std::vector<std::string> expected{"phone", "chat", "web", "other", "email", ""};
        QCOMPARE(channels, expected);
    }

    // Two export pages written one after the other lost all but two blank tickets. Every page is
    // read, pretty-printed or not, as a file (Auto) or as NDJSON with a page a line.
    void pagesBackToBack_areAllRead_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("format");
        // A brace and an escaped quote inside a string do not end a page.
        const QString page1 =
            QStringLiteral("{\"tickets\":[{\"id\":1,\"subject\":\"a\"},{\"id\":2,\"subject\":\"b, with } and \\\" in it\"}],"
                           "\"next_page\":\"https://x.zendesk.com/api/v2/incremental/tickets.json?start_time=2\",\"count\":2}");
        const QString page2 = QStringLiteral(R"({"tickets":[{"id":3,"subject":"c"}],"next_page":null,"end_of_stream":true,"count":1})");
        QTest::newRow("one line each") << page1 + QLatin1Char('\n') + page2 + QLatin1Char('\n') << int(TicketImporter::Format::Auto);
        QTest::newRow("no separator") << page1 + page2 << int(TicketImporter::Format::Auto);
        const QString pretty = QString::fromStdString(nlohmann::json::parse(page1.toStdString()).dump(2)) + QLatin1Char('\n') +
                               QString::fromStdString(nlohmann::json::parse(page2.toStdString()).dump(2));
        QTest::newRow("pretty") << pretty << int(TicketImporter::Format::Auto);
        QTest::newRow("ndjson pages") << page1 + QLatin1Char('\n') + page2 << int(TicketImporter::Format::Ndjson);
    }
    void pagesBackToBack_areAllRead()
    {
        QFETCH(QString, text);
        QFETCH(int, format);
        auto r = TicketImporter::importText(text.toStdString(), TicketImporter::Format(format), QStringLiteral("pages.json"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        std::vector<std::string> ids;
        for (const auto &t : r.value().tickets)
            ids.push_back(t.id);
        QCOMPARE(ids, (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(r.value().tickets[1].subject, std::string("b, with } and \" in it"));
        QCOMPARE(r.value().documents, std::size_t(2));
    }

    void secondDocumentBroken_isNamedByLine()
    {
        const std::string text = "{\"tickets\":[{\"id\":1,\"subject\":\"a\"}]}\n{\"tickets\":[{\"id\":2,,}]}\n";
        auto r = TicketImporter::importText(text, TicketImporter::Format::Auto, QStringLiteral("pages.json"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("line 2")), qPrintable(r.error().message));
    }

    // The record envelopes ETL tools write: the ticket inside is read; their metadata lines pass;
    // records of other streams are counted, not read as blank tickets.
    void etlEnvelopes_areUnwrapped()
    {
        const std::string text = R"({"type":"SCHEMA","stream":"tickets","schema":{},"key_properties":["id"]})"
                                 "\n"
                                 R"({"type":"RECORD","stream":"tickets","record":{"id":11,"subject":"singer"}})"
                                 "\n"
                                 R"({"type":"RECORD","record":{"stream":"tickets","data":{"id":12,"subject":"airbyte"},"emitted_at":1}})"
                                 "\n"
                                 R"({"stream":"tickets","data":{"id":13,"subject":"plain","type":"incident"}})"
                                 "\n"
                                 R"({"type":"RECORD","stream":"users","record":{"id":99,"name":"Ana"}})"
                                 "\n"
                                 R"({"stream":"ticket_comments","data":{"id":98,"body":"x"}})"
                                 "\n"
                                 R"({"type":"STATE","value":{"bookmarks":{}}})"
                                 "\n"
                                 R"({"id":14,"type":"question","description":"a ticket whose own type is a Zendesk type"})"
                                 "\n";
        auto r = TicketImporter::importText(text, TicketImporter::Format::Ndjson, QStringLiteral("etl.jsonl"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        std::vector<std::string> ids;
        for (const auto &t : r.value().tickets)
            ids.push_back(t.id);
        QCOMPARE(ids, (std::vector<std::string>{"11", "12", "13", "14"}));
        QCOMPARE(r.value().tickets[0].subject, std::string("singer"));
        QCOMPARE(r.value().otherRecords, std::size_t(2));
        QVERIFY(r.value().warnings.join(u'\n').contains(QStringLiteral("\"users\"")));
    }

    // Deleted tickets are skipped and counted; closed ones are read and known as closed; of two
    // copies of an id the newer version stays, whichever line it is on.
    void deletedClosedAndDuplicates()
    {
        const std::string text = R"({"tickets":[)"
                                 R"({"id":1,"subject":"new","status":"open","updated_at":"2026-11-02T10:00:00Z"},)"
                                 R"({"id":2,"subject":"gone","status":"deleted"},)"
                                 R"({"id":3,"subject":"done","status":"Closed"},)"
                                 R"({"id":1,"subject":"old","status":"new","updated_at":"2026-11-01T10:00:00Z"},)"
                                 R"({"id":4,"subject":"first"},)"
                                 R"({"id":4,"subject":"second"}]})";
        auto r = TicketImporter::importText(text, TicketImporter::Format::ZendeskJson, QStringLiteral("t.json"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        const auto &ts = r.value().tickets;
        QCOMPARE(ts.size(), std::size_t(3));
        QCOMPARE(ts[0].subject, std::string("new")); // updated later, though read first
        QVERIFY(ts[1].closed());
        QCOMPARE(ts[2].subject, std::string("second")); // no times: the later line
        QCOMPARE(r.value().deleted, std::size_t(1));
        QCOMPARE(r.value().duplicates, std::size_t(2));
        QVERIFY2(r.value().warnings.join(u'\n').contains(QStringLiteral("line 1 is used (updated later)")),
                 qPrintable(r.value().warnings.join(u'\n')));
    }

    // Zendesk's `priority: normal` is what every ticket has until someone chooses: marked, so it
    // is not counted as an agent's label; a labelled column is always a label.
    void zendeskDefaultPriority_isMarked()
    {
        auto r = TicketImporter::importText(R"([{"id":1,"subject":"a","priority":"normal"},{"id":2,"subject":"b","priority":"high"},)"
                                            R"({"id":3,"subject":"c","priority":null}])",
                                            TicketImporter::Format::ZendeskJson, QStringLiteral("t.json"));
        QVERIFY(r.ok());
        const auto &ts = r.value().tickets;
        QVERIFY(ts[0].labelIsDefault);
        QCOMPARE(ts[0].actualPriority, std::string("P2"));
        QVERIFY(!ts[1].labelIsDefault);
        QCOMPARE(ts[1].actualPriority, std::string("P1"));
        QVERIFY(ts[2].actualPriority.empty());
        auto csv = TicketImporter::importText("ticket_id,subject,actual_priority\n1,a,normal\n", TicketImporter::Format::Csv,
                                              QStringLiteral("t.csv"));
        QVERIFY(csv.ok() && !csv.value().tickets[0].labelIsDefault);
    }

    // A CSV with another header is read through the named text columns; a misspelled name is
    // refused by name, before anything is triaged on empty text.
    void textColumns_rescueAnotherHeader_andMisspellingsAreRefused()
    {
        const std::string csv = "Ticket ID,Ticket Subject,Ticket Description\n7,Refund,Please refund order 1\n";
        ImportOptions options;
        auto bare = TicketImporter::importText(csv, TicketImporter::Format::Csv, QStringLiteral("t.csv"));
        QVERIFY(!bare.ok());
        options.textColumns = {QStringLiteral("Ticket Subject"), QStringLiteral(" ticket description")};
        auto named = TicketImporter::importText(csv, TicketImporter::Format::Csv, QStringLiteral("t.csv"), options);
        QVERIFY2(named.ok(), named.ok() ? "" : qPrintable(named.error().message));
        QCOMPARE(named.value().tickets.at(0).fields.at("ticket description"), std::string("Please refund order 1"));
        options.textColumns = {QStringLiteral("Ticket Subjct")};
        auto wrong = TicketImporter::importText(csv, TicketImporter::Format::Csv, QStringLiteral("t.csv"), options);
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error().message.contains(QStringLiteral("no column \"Ticket Subjct\"")) &&
                     wrong.error().message.contains(QStringLiteral("ticket subject")),
                 qPrintable(wrong.error().message));
        auto json =
            TicketImporter::importText(R"([{"id":1,"title":"x"}])", TicketImporter::Format::ZendeskJson, QStringLiteral("t.json"), options);
        QVERIFY(!json.ok());
        QVERIFY2(json.error().message.contains(QStringLiteral("ticket subjct")), qPrintable(json.error().message));
    }

    // Tweets arrive with their text escaped: "&amp;" reads as "&"; what names no character stays.
    void characterReferences_inTheText_areDecoded()
    {
        auto r = TicketImporter::importText("[{\"id\":1,\"subject\":\"Fish &amp; chips &#x1F41F;\",\"description\":\"5 &lt; 6 &amp;&amp; "
                                            "&#0; &#xD800; &bogus; & &#9999999999;\"}]",
                                            TicketImporter::Format::ZendeskJson, QStringLiteral("t.json"));
        QVERIFY(r.ok());
        QCOMPARE(r.value().tickets[0].subject, std::string("Fish & chips \xF0\x9F\x90\x9F"));
        QCOMPARE(r.value().tickets[0].description, std::string("5 < 6 && &#0; &#xD800; &bogus; & &#9999999999;"));
    }

    // A number beyond a double's range made the JSON parser throw out_of_range, which nothing
    // caught: the import aborted (found by fuzz_ticketimport). It is refused with a message.
    void hugeNumber_isRefusedWithAMessage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("format");
        QTest::newRow("export") << QStringLiteral(R"({"tickets":[{"id":1,"subject":"a","x":1e400}]})")
                                << int(TicketImporter::Format::ZendeskJson);
        QTest::newRow("one ticket") << QStringLiteral(R"({"ticket":{"id":1,"subject":"a"},"n":-8e99999})")
                                    << int(TicketImporter::Format::ZendeskJson);
        QTest::newRow("ndjson line") << QStringLiteral("{\"id\":1,\"subject\":\"a\"}\n{\"id\":2,\"x\":1e400}\n")
                                     << int(TicketImporter::Format::Ndjson);
    }
    void hugeNumber_isRefusedWithAMessage()
    {
        QFETCH(QString, text);
        QFETCH(int, format);
        auto r = TicketImporter::importText(text.toStdString(), TicketImporter::Format(format), QStringLiteral("t.json"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadPayload);
        QVERIFY2(r.error().message.contains(QStringLiteral("number too large")), qPrintable(r.error().message));
    }
};

QTEST_APPLESS_MAIN(TicketImporterTest)
#include "ticketimporter_test.moc"
