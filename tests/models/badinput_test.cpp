// Broken and hostile exports (tests/data/badinput, plus a few too large to keep, written at run time):
// each ends in tickets or in a message that says what is wrong and where, and importFile and stream
// agree on it. A row marked with a known bug states the wanted outcome and is expected to fail.
#include <models/ticketimporter.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk::models;
using Format = TicketImporter::Format;

namespace {

// What an import ended in, flattened so that a row is judged by one check.
struct Outcome
{
    bool ok = false;
    QString message;
    Error::Kind kind = Error::Kind::BadPayload;
    QString format;
    std::size_t tickets = 0, deleted = 0, duplicates = 0, otherRecords = 0;
    QStringList warnings;
    QString first; // "id|subject" of the first ticket

    QString describe() const
    {
        if (!ok)
            return QStringLiteral("error \"%1\"").arg(message);
        return QStringLiteral("%1: %2 tickets, %3 deleted, %4 duplicates, %5 other records, first \"%6\", warnings [%7]")
            .arg(format)
            .arg(tickets)
            .arg(deleted)
            .arg(duplicates)
            .arg(otherRecords)
            .arg(first, warnings.join(QStringLiteral(" / ")));
    }
};

QString firstOf(const std::vector<ImportedTicket> &tickets)
{
    if (tickets.empty())
        return {};
    return QString::fromStdString(tickets.front().id + "|" + tickets.front().subject);
}

Outcome throughImportFile(const QString &path, Format format)
{
    Outcome o;
    auto r = TicketImporter::importFile(path, format);
    o.ok = r.ok();
    if (!r.ok()) {
        o.message = r.error().message;
        o.kind = r.error().kind;
        return o;
    }
    const ImportResult &v = r.value();
    o.format = v.format;
    o.tickets = v.tickets.size();
    o.deleted = v.deleted;
    o.duplicates = v.duplicates;
    o.otherRecords = v.otherRecords;
    o.warnings = v.warnings;
    o.first = firstOf(v.tickets);
    return o;
}

// stream hands duplicates on (the caller decides), so it sees each copy and gives no warning for them.
Outcome throughStream(const QString &path, Format format)
{
    Outcome o;
    std::vector<ImportedTicket> all;
    auto r = TicketImporter::stream(path, format, 2, [&](std::vector<ImportedTicket> &batch) -> Result<void> {
        for (auto &t : batch)
            all.push_back(std::move(t));
        return {};
    });
    o.ok = r.ok();
    if (!r.ok()) {
        o.message = r.error().message;
        o.kind = r.error().kind;
        return o;
    }
    o.format = r.value().format;
    o.tickets = all.size();
    o.deleted = r.value().deleted;
    o.otherRecords = r.value().otherRecords;
    o.warnings = r.value().warnings;
    o.first = firstOf(all);
    return o;
}

// Each fragment must be in `text`; one starting with '!' must not be.
QString missingFragments(const QString &text, const QStringList &fragments)
{
    QStringList missing;
    for (const QString &f : fragments) {
        const bool negated = f.startsWith(QLatin1Char('!'));
        const QString what = negated ? f.mid(1) : f;
        if (text.contains(what) == negated)
            missing << f;
    }
    return missing.join(QStringLiteral(", "));
}

Format formatNamed(const QString &name)
{
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("json"))
        return Format::ZendeskJson;
    if (name == QLatin1String("ndjson"))
        return Format::Ndjson;
    return Format::Auto;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace

class BadInputTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_generated;

    // Rows: file (in tests/data/badinput, or "gen:NAME" for one written at run time), format
    // ("auto", "csv", "json", "ndjson"), error fragments (empty: success expected), then for a
    // success the counts, the first ticket and fragments the warnings hold; bug: why the row fails today.
    using Fragments = std::initializer_list<const char *>;
    static QStringList strings(Fragments fragments)
    {
        QStringList out;
        for (const char *f : fragments)
            out << QString::fromUtf8(f);
        return out;
    }
    static void error(const char *tag, const char *file, const char *format, Fragments fragments, const char *bug = "")
    {
        QTest::newRow(tag) << QString::fromUtf8(file) << QString::fromUtf8(format) << strings(fragments) << 0 << 0 << 0 << 0 << 0
                           << QString() << QStringList() << QString::fromUtf8(bug);
    }
    // first: nullptr when any first ticket will do.
    static void success(const char *tag, const char *file, const char *format, int tickets, int warnings, int deleted, int duplicates,
                        int other, const char *first, Fragments warningFragments = {}, const char *bug = "")
    {
        QTest::newRow(tag) << QString::fromUtf8(file) << QString::fromUtf8(format) << QStringList() << tickets << warnings << deleted
                           << duplicates << other << (first ? QString::fromUtf8(first) : QString()) << strings(warningFragments)
                           << QString::fromUtf8(bug);
    }

    QString pathOf(const QString &file) const
    {
        if (file.startsWith(QLatin1String("gen:")))
            return m_generated.filePath(file.mid(4));
        return qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/badinput/") + file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_generated.isValid());
        const QByteArray header = "ticket_id,customer_name,subject,description,actual_priority,channel,timestamp,mrr\n";
        const QByteArray tenMb(10 << 20, 'x');
        // A 10 MB cell: beyond the CSV reader's 8 MB field limit; a JSON string has no such limit.
        writeFile(m_generated.filePath(QStringLiteral("ten-mb-cell.csv")),
                  header + "T1,Acme,Refund,\"" + tenMb + "\",P2,email,2025-11-14 09:23,1200\nT2,Globex,Login,x,P1,web,,\n");
        writeFile(m_generated.filePath(QStringLiteral("ten-mb-cell.json")),
                  "{\"tickets\":[{\"id\":1,\"subject\":\"big\",\"description\":\"" + tenMb + "\"}]}");
        // One huge line and no newline at the end.
        writeFile(m_generated.filePath(QStringLiteral("huge-line.csv")), header + "T1,Acme,Refund," + QByteArray(12 << 20, 'y'));
        writeFile(m_generated.filePath(QStringLiteral("huge-line.ndjson")),
                  "{\"id\":1,\"subject\":\"big\",\"description\":\"" + QByteArray(12 << 20, 'z') + "\"}");
        writeFile(m_generated.filePath(QStringLiteral("huge-line-no-newline.csv")), QByteArray(12 << 20, 'w'));
        // Deep nesting: a recursive parser or a recursive destructor would overflow the stack.
        const QByteArray open(100000, '['), close(100000, ']');
        writeFile(m_generated.filePath(QStringLiteral("deep-open.json")), open);
        writeFile(m_generated.filePath(QStringLiteral("deep-closed.json")), open + close);
        writeFile(m_generated.filePath(QStringLiteral("deep-objects.json")),
                  "{\"tickets\":[{\"id\":1,\"subject\":\"deep\",\"x\":" + QByteArray("{\"a\":").repeated(100000) + "1" +
                      QByteArray(100000, '}') + "}]}");
        writeFile(m_generated.filePath(QStringLiteral("deep-line.ndjson")), "{\"id\":1,\"subject\":\"a\"}\n" + open + "\n");
        writeFile(m_generated.filePath(QStringLiteral("deep-closed-line.ndjson")), "{\"id\":1,\"subject\":\"a\"}\n" + open + close + "\n");
    }

    void importsAsExpected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("errorFragments");
        QTest::addColumn<int>("tickets");
        QTest::addColumn<int>("warnings");
        QTest::addColumn<int>("deleted");
        QTest::addColumn<int>("duplicates");
        QTest::addColumn<int>("otherRecords");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QStringList>("warningFragments");
        QTest::addColumn<QString>("bug");

        // Quoting.
        error("unterminated quote", "unterminated-quote.csv", "auto", {"unterminated-quote.csv", "quoted field is not closed", "line 2"});
        success("quote inside an unquoted field is kept", "quote-mid-field.csv", "auto", 2, 0, 0, 0, 0, "T1|Refund \"asap\" please");
        error("unquoted comma shifts the row", "unquoted-comma.csv", "auto", {"line 2 has 9 cells where the header has 8 columns"});
        error("a shifted row after a cell of three lines", "multiline-then-shifted.csv", "auto", {"line 5 has 9 cells"});
        success("text after a closing quote joins the field", "text-after-closing-quote.csv", "auto", 1, 0, 0, 0, 0, "T1|Refund please");
        // Encodings.
        for (const char *f : {"utf16le-bom.csv", "utf16be-bom.csv", "utf16le-nobom.csv", "utf16be-nobom.csv", "utf16le-bom.json"})
            error(f, f, "auto", {"is UTF-16 text; save it as UTF-8"});
        success("latin-1 bytes replaced, with a warning", "latin1.csv", "auto", 1, 1, 0, 0, 0, "T1|Probl\uFFFDme de facture",
                {"line 2", "UTF-8"}, "Latin-1 text (é as 0xE9) becomes U+FFFD without a word: the user is not told the file is not UTF-8");
        success("utf-8 bom csv", "utf8-bom.csv", "auto", 2, 0, 0, 0, 0, "T1|Refund please");
        success("utf-8 bom json", "utf8-bom.json", "auto", 2, 0, 0, 0, 0, "1|a");
        success("utf-8 bom ndjson", "utf8-bom.ndjson", "auto", 2, 0, 0, 0, 0, "1|a");
        success("crlf", "crlf.csv", "auto", 2, 0, 0, 0, 0, "T1|Refund please");
        success("crlf with a newline in a quoted cell", "crlf-quoted-newline.csv", "auto", 2, 0, 0, 0, 0, "T1|Refund");
        // Size.
        error("10 MB cell in a csv", "gen:ten-mb-cell.csv", "auto", {"a field is larger than 8 MB", "line 2"});
        success("10 MB string in json", "gen:ten-mb-cell.json", "auto", 1, 0, 0, 0, 0, "1|big");
        error("12 MB line without newline", "gen:huge-line.csv", "auto", {"a field is larger than 8 MB", "line 2"});
        success("12 MB ndjson line without newline", "gen:huge-line.ndjson", "auto", 1, 0, 0, 0, 0, "1|big");
        error("12 MB of one cell, nothing else", "gen:huge-line-no-newline.csv", "auto", {"a field is larger than 8 MB", "line 1"});
        error("600 columns", "wide-header.csv", "auto", {"more than 512 columns", "line 1"});
        // Columns.
        error("no subject or description column", "no-text-columns.csv", "auto", {"has no subject or description column"});
        success("rows shorter than the header", "short-rows.csv", "auto", 2, 1, 0, 0, 0, "T1|Refund please",
                {"line 2 has 3 of 8 columns; the missing ones are empty"});
        success("header only", "header-only.csv", "auto", 0, 0, 0, 0, 0, "");
        success("description only", "only-description.csv", "auto", 2, 0, 0, 0, 0, "1|");
        success("no id column: positional ids", "no-id-column.csv", "auto", 2, 0, 0, 0, 0, "1|Refund");
        success("the header again in the middle (two files joined)", "repeated-header.csv", "auto", 2, 1, 0, 0, 0, "T1|Refund please",
                {"line 3", "header"},
                "the repeated header becomes a ticket with the id \"ticket_id\"; the one warning says mrr \"mrr\" is not an amount");
        success("a column named twice: the later wins", "duplicate-columns.csv", "auto", 1, 0, 0, 0, 0, "T1|Second");
        success("a line of spaces is no ticket", "spaces-line.csv", "auto", 2, 0, 0, 0, 0, "T1|Refund", {},
                "a line of spaces between rows becomes a ticket with the id \" \" (and a short-row warning)");
        // Duplicates: the later updated_at wins, wherever it is.
        success("duplicate ids csv", "duplicate-ids.csv", "auto", 2, 1, 0, 1, 0, "T1|Old subject",
                {"ticket id T1 appears on lines 2 and 4; line 2 is used (updated later)"});
        success("duplicate ids json", "duplicate-ids.json", "auto", 2, 1, 0, 1, 0, "7|new", {"ticket id 7", "!lines 1 and 3"},
                "the warning calls the tickets' positions in the list (1 and 3) \"lines\"; both are on line 1");
        // Pages and envelopes.
        success("two pages back to back", "two-pages.json", "auto", 3, 0, 1, 0, 0, "1|a");
        error("second page truncated", "second-page-truncated.json", "auto", {"is not valid JSON at line 3, column 44"});
        error("pretty-printed json in a .jsonl file", "pretty.jsonl", "auto", {"pretty.jsonl is not valid JSON at line 1, column 2"});
        success("json warnings name the ticket's line", "mrr-bad-pretty.json", "auto", 2, 1, 0, 0, 0, "1|a", {"line 11", "mrr \"lots\""},
                "the warning says \"line 2\": the ticket's position in the list, not its line (11)");
        success("etl record that is not an object", "etl-record-not-object.ndjson", "auto", 1, 1, 0, 0, 0, "1|a", {"line 2"},
                "{\"type\":\"RECORD\",\"record\":5} becomes a ticket with no id and no text, without a word");
        success("two pages with nothing between", "two-pages-no-newline.json", "auto", 2, 0, 0, 0, 0, "1|a");
        success("etl envelopes mixed with other streams", "etl-mixed.ndjson", "auto", 3, 2, 0, 0, 3, "1|a",
                {"line 3: records of stream \"users\" are not tickets; skipped", "stream \"ticket_comments\""});
        // The wrong shape of JSON.
        error("a number", "number.json", "auto", {"number.json holds no tickets"},
              "a .json file holding 42 is read as CSV: \"has no subject or description column (the first line must name the columns…\"");
        error("a string", "string.json", "auto", {"string.json holds no tickets"},
              "a .json file holding a string is read as CSV: \"has no subject or description column…\"");
        error("tickets is a number", "tickets-number.json", "auto", {"holds no tickets"});
        error("tickets of numbers", "tickets-of-numbers.json", "auto", {"ticket 1 is not an object"});
        error("an array of arrays", "array-of-arrays.json", "auto", {"ticket 1 is not an object"});
        error("truncated json", "truncated.json", "auto", {"is not valid JSON at line 1, column 49"});
        error("truncated ndjson line", "truncated-second-line.ndjson", "auto", {"line 2"});
        error("ndjson line not an object", "ndjson-not-object.ndjson", "auto", {"line 2: not a JSON object"});
        error("ndjson tickets not a list", "tickets-object.ndjson", "auto", {"line 1: \"tickets\" is not a list"});
        success("a page of users after a page of tickets", "page-then-users.json", "auto", 1, 1, 0, 0, 0, "1|a", {"line 2"},
                "read as NDJSON (one page a line), and the page {\"users\":[…]} becomes a ticket with no id and no text, without a word");
        success("ndjson: a page of users is no ticket", "ndjson-users-page.ndjson", "auto", 1, 1, 0, 0, 0, "1|a", {"line 2"},
                "a line {\"users\":[…]} is read as one ticket with no id and no text, without a word");
        success("ndjson: an empty object is no ticket", "ndjson-empty-object.ndjson", "auto", 1, 1, 0, 0, 0, "1|a", {"line 2"},
                "a line {} is read as one ticket with no id and no text, without a word");
        // Nothing, or nothing but whitespace.
        error("empty csv", "empty.csv", "auto", {"empty.csv is empty"});
        error("empty json", "empty.json", "auto", {"empty.json is empty"});
        error("empty json, format given", "empty.json", "json", {"empty.json is empty"},
              "with the format given an empty file is read as 0 tickets, without a word");
        error("empty ndjson", "empty.ndjson", "auto", {"empty.ndjson is empty"},
              "an empty .ndjson file is read as 0 tickets, without a word (an empty .csv is refused)");
        error("whitespace csv", "whitespace.csv", "auto", {"whitespace.csv is empty"},
              "a .csv of blank lines is said to have no subject or description column");
        error("whitespace json", "whitespace.json", "auto", {"whitespace.json is empty"});
        // NUL bytes.
        success("nul bytes in csv cells", "nul-bytes.csv", "auto", 1, 0, 0, 0, 0, "T1|Ref\uFFFDund");
        error("nul byte in a json string", "nul-bytes.json", "auto", {"is not valid JSON at line 1, column 33"});
        error("only nul bytes", "nul-only.json", "auto", {"!UTF-16"}, "64 NUL bytes are said to be UTF-16 text");
        // Numbers.
        error("number too large", "number-too-large.json", "auto", {"number too large", "line 1"},
              "the message does not say where the number is");
        success("id too large for an integer", "id-too-large.json", "auto", 1, 1, 0, 0, 0, "123456789012345678901234567890|a", {"id"},
                "the id becomes \"1.2345678901234568e+29\" without a word");
        // Deep nesting must not overflow the stack.
        error("100,000 [", "gen:deep-open.json", "auto", {"is not valid JSON at line 1, column 100001"});
        error("100,000 [ closed", "gen:deep-closed.json", "auto", {"ticket 1 is not an object"});
        success("a ticket 100,000 objects deep", "gen:deep-objects.json", "auto", 1, 0, 0, 0, 0, "1|deep");
        error("100,000 [ on an ndjson line", "gen:deep-line.ndjson", "auto", {"line 2"});
        error("100,000 [ closed on an ndjson line", "gen:deep-closed-line.ndjson", "auto", {"line 2: not a JSON object"});
        // Ids that are no id.
        success("ticket id an object", "id-object.json", "auto", 2, 2, 0, 0, 0, "|object id", {"ticket 1", "ticket 2"},
                "an id that is an object or an array is dropped without a word: the ticket has no id");
        success("ticket id an object, ndjson", "id-object.ndjson", "auto", 2, 1, 0, 0, 0, "|object id", {"line 1"},
                "an id that is an object is dropped without a word: the ticket has no id");
    }

    void importsAsExpected()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(QStringList, errorFragments);
        QFETCH(int, tickets);
        QFETCH(int, warnings);
        QFETCH(int, deleted);
        QFETCH(int, duplicates);
        QFETCH(int, otherRecords);
        QFETCH(QString, first);
        QFETCH(QStringList, warningFragments);
        QFETCH(QString, bug);

        const QString path = pathOf(file);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        const Outcome whole = throughImportFile(path, formatNamed(format));
        const Outcome streamed = throughStream(path, formatNamed(format));
        if (qEnvironmentVariableIsSet("BADINPUT_PRINT"))
            qInfo().noquote() << file << "→" << whole.describe();

        // Both ways agree (stream passes duplicates on, without their warnings).
        QCOMPARE(streamed.ok, whole.ok);
        QCOMPARE(streamed.message, whole.message);
        if (whole.ok) {
            QCOMPARE(streamed.format, whole.format);
            QCOMPARE(streamed.tickets, whole.tickets + whole.duplicates);
            QCOMPARE(streamed.deleted, whole.deleted);
            QCOMPARE(streamed.otherRecords, whole.otherRecords);
            QCOMPARE(streamed.warnings.size() + qsizetype(whole.duplicates), whole.warnings.size());
            if (whole.duplicates == 0) // else importFile keeps the newer copy in the earlier one's place
                QCOMPARE(streamed.first, whole.first);
        }

        QString mismatch;
        if (!errorFragments.isEmpty()) {
            if (whole.ok)
                mismatch = QStringLiteral("expected an error, got ") + whole.describe();
            else if (whole.kind != Error::Kind::BadPayload)
                mismatch = QStringLiteral("expected a BadPayload error: ") + whole.describe();
            else if (const QString missing = missingFragments(whole.message, errorFragments); !missing.isEmpty())
                mismatch = QStringLiteral("the message misses %1: %2").arg(missing, whole.describe());
        } else if (!whole.ok) {
            mismatch = QStringLiteral("expected tickets, got ") + whole.describe();
        } else if (whole.tickets != std::size_t(tickets) || whole.warnings.size() != warnings || whole.deleted != std::size_t(deleted) ||
                   whole.duplicates != std::size_t(duplicates) || whole.otherRecords != std::size_t(otherRecords) ||
                   (!first.isNull() && whole.first != first)) {
            mismatch = QStringLiteral("expected %1 tickets, %2 warnings, %3 deleted, %4 duplicates, %5 other, first \"%6\"; got %7")
                           .arg(tickets)
                           .arg(warnings)
                           .arg(deleted)
                           .arg(duplicates)
                           .arg(otherRecords)
                           .arg(first, whole.describe());
        } else if (const QString missing = missingFragments(whole.warnings.join(QLatin1Char('\n')), warningFragments); !missing.isEmpty()) {
            mismatch = QStringLiteral("the warnings miss %1: %2").arg(missing, whole.describe());
        }
        const QByteArray why = bug.toUtf8();
        if (!bug.isEmpty())
            QEXPECT_FAIL("", why.constData(), Continue);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    // The corpus holds only small files: the large ones are written by initTestCase.
    void corpusFilesAreSmall()
    {
        const QDir dir(qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/badinput"));
        const QFileInfoList files = dir.entryInfoList(QDir::Files);
        QVERIFY(files.size() >= 40);
        for (const QFileInfo &f : files)
            QVERIFY2(f.size() <= 4096, qPrintable(f.fileName()));
    }
};

QTEST_GUILESS_MAIN(BadInputTest)
#include "badinput_test.moc"
