#include "ticketimporter.h"

#include "isotime.h"
#include "ticket.h"

#include "csvreader.h"

#include <triage/priority.h>
#include <triage/textutil.h>
#include <triage/utf8.h>

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>

#include <sys/mman.h>
#include <unistd.h>

namespace cosmicdesk::models {

namespace {

constexpr qint64 kMaxFileBytes = qint64(2) << 30;

std::string trim(std::string s)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

std::string field(const std::map<std::string, std::string> &f, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        auto it = f.find(n);
        if (it != f.end() && !it->second.empty())
            return it->second;
    }
    return {};
}

// An amount of money as an export writes it: "12000", "12,000.50", "$1,200", "S$18,420", "€90", "1e6".
// nullopt when it is no number, not finite, negative or beyond kMaxMrr (nothing is clamped).
constexpr double kMaxMrr = 1e9;
std::optional<double> amount(std::string_view s)
{
    // A currency prefix (letters, "$", or any non-ASCII symbol) and thousands separators go.
    std::size_t start = 0;
    while (start < s.size() && (s[start] == '$' || static_cast<unsigned char>(s[start]) >= 0x80 || (s[start] >= 'A' && s[start] <= 'Z') ||
                                (s[start] >= 'a' && s[start] <= 'z')))
        ++start;
    std::string digits;
    for (char c : s.substr(start))
        if (c != ',' && c != ' ')
            digits.push_back(c);
    double v = 0;
    const char *end = digits.data() + digits.size();
    const auto [at, ec] = std::from_chars(digits.data(), end, v);
    if (digits.empty() || ec != std::errc() || at != end || !std::isfinite(v) || v < 0 || v > kMaxMrr)
        return std::nullopt;
    return v;
}

std::string normalisedPriority(const std::string &value)
{
    const auto p = triage::parsePriority(value);
    return p ? std::string(triage::priorityName(*p)) : std::string();
}

// The character references a ticket's text arrives with from channels that escape it (tweets,
// some web forms): "&amp;" reads as "&". Only the XML entities, &nbsp; and numeric references; a
// reference that names no valid character is left as written.
std::string decodeEntities(std::string s)
{
    if (s.find('&') == std::string::npos)
        return s;
    static const std::pair<std::string_view, char32_t> kNamed[] = {{"amp", U'&'},  {"lt", U'<'},    {"gt", U'>'},
                                                                   {"quot", U'"'}, {"apos", U'\''}, {"nbsp", U'\u00A0'}};
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const std::size_t semi = s[i] == '&' ? s.find(';', i + 1) : std::string::npos;
        if (semi == std::string::npos || semi - i > 10) {
            out.push_back(s[i]);
            continue;
        }
        const std::string_view name(s.data() + i + 1, semi - i - 1);
        char32_t cp = 0;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string_view digits = name.substr(hex ? 2 : 1);
            std::uint32_t v = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, hex ? 16 : 10);
            if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && v > 0 && v <= 0x10FFFF &&
                (v < 0xD800 || v > 0xDFFF))
                cp = v;
        } else {
            for (const auto &[n, c] : kNamed)
                if (name == n)
                    cp = c;
        }
        if (cp == 0) {
            out.push_back(s[i]);
            continue;
        }
        triage::utf8::append(out, cp);
        i = semi;
    }
    return out;
}

constexpr qsizetype kMaxWarnings = 100;

void warn(QStringList &warnings, const QString &w)
{
    if (warnings.size() < kMaxWarnings)
        warnings << w;
    else if (warnings.size() == kMaxWarnings)
        warnings << QStringLiteral("(more warnings left out)");
}

// Fills the known fields of a ticket from its field map.
// A value that cannot be read is left unknown and named in `warnings`.
ImportedTicket fromFields(std::map<std::string, std::string> fields, std::size_t line, QStringList &warnings)
{
    ImportedTicket t;
    t.line = line;
    for (auto &[k, v] : fields)
        v = triage::utf8::sanitize(v);
    t.id = field(fields, {"ticket_id", "id", "external_id"});
    t.subject = decodeEntities(field(fields, {"subject", "raw_subject", "title"}));
    t.description = decodeEntities(field(fields, {"description", "body", "text", "message", "comment"}));
    t.customer = field(fields, {"customer_name", "customer", "organization", "organization_name", "requester", "requester_name",
                                "requester_email", "account", "organization_id", "requester_id"});
    // Zendesk's via.channel vocabulary ("voice", "web_form", "native_messaging"…) read as the app
    // reads it, so a phone call is a phone ticket in batch triage too.
    if (const std::string channel = trim(field(fields, {"channel", "via_channel", "source"})); !channel.empty())
        t.channel = channelName(parseChannel(QString::fromStdString(channel))).toStdString();
    t.timestamp = field(fields, {"timestamp", "created_at", "created", "date"});
    t.createdAt = TicketImporter::parseTimestamp(t.timestamp);
    if (const std::string mrr = trim(field(fields, {"mrr", "account_mrr", "monthly_revenue"})); !mrr.empty()) {
        if (const auto v = amount(mrr))
            t.mrr = *v;
        else
            warn(warnings, QStringLiteral("line %1: mrr \"%2\" is not an amount from 0 to 1,000,000,000; read as unknown")
                               .arg(line)
                               .arg(QString::fromStdString(triage::utf8::clip(mrr, 40))));
    }
    if (const std::string labelled = field(fields, {"actual_priority", "final_priority"}); !labelled.empty()) {
        t.actualPriority = normalisedPriority(labelled);
    } else if (const std::string priority = trim(field(fields, {"priority"})); !priority.empty()) {
        t.actualPriority = normalisedPriority(priority);
        // Zendesk gives every ticket `normal` until someone chooses: no one's decision.
        t.labelIsDefault = triage::asciiLower(priority) == "normal";
    }
    t.status = triage::asciiLower(trim(field(fields, {"status"})));
    t.updatedAt = TicketImporter::parseTimestamp(field(fields, {"updated_at", "updated", "last_modified"}));
    t.fields = std::move(fields);
    return t;
}

// Hands each ticket read to the sink; a sink error ends the reading.
using Sink = std::function<Result<void>(ImportedTicket &&)>;

Error missingColumn(const QString &name, const QString &column, const std::vector<std::string> &header)
{
    QStringList names;
    for (const auto &h : header)
        names << QString::fromStdString(triage::utf8::clip(h, 40));
    return Error::make(
        Error::Kind::BadPayload,
        QStringLiteral("%1 has no column \"%2\" (its columns: %3).").arg(name, column.trimmed(), names.join(QStringLiteral(", "))));
}

void malformed(ImportResult &result, const QString &why)
{
    ++result.malformed;
    if (result.malformedRows.size() < kMaxWarnings)
        result.malformedRows << why;
}

Result<void> readCsv(std::string_view text, const QString &name, const ImportOptions &options, const Sink &sink, ImportResult &result)
{
    QStringList &warnings = result.warnings;
    CsvReader reader(text);
    std::vector<std::string> header;
    if (!reader.next(header))
        return Error::make(Error::Kind::BadPayload, reader.error().empty()
                                                        ? QStringLiteral("%1 is empty.").arg(name)
                                                        : QStringLiteral("%1: %2").arg(name, QString::fromStdString(reader.error())));
    for (auto &h : header)
        h = triage::asciiLower(trim(triage::utf8::sanitize(h)));
    // The column map renames the file's columns to the fields they hold; a column that already has a
    // mapped field's name gives way ("subject (original)").
    for (const auto &[fieldName, column] : options.columnMap) {
        const std::string from = triage::asciiLower(trim(column.toStdString()));
        const std::string to = fieldName.toStdString();
        const auto it = std::find(header.begin(), header.end(), from);
        if (it == header.end())
            return missingColumn(name, column, header);
        for (auto &h : header)
            if (h == to && &h != &*it)
                h = to + " (original)";
        *it = to;
    }
    // Named text columns are checked first, by name: a misspelled one would triage every ticket on
    // empty text.
    for (const QString &column : options.textColumns) {
        const std::string wanted = triage::asciiLower(trim(column.toStdString()));
        if (std::find(header.begin(), header.end(), wanted) == header.end())
            return missingColumn(name, column, header);
    }
    const bool hasText = !options.textColumns.isEmpty() || std::any_of(header.begin(), header.end(), [](const std::string &h) {
        return h == "subject" || h == "description" || h == "body" || h == "text";
    });
    if (!hasText)
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("%1 has no subject or description column (the first line must name the columns, e.g. "
                                          "ticket_id,customer_name,subject,description,actual_priority,channel,timestamp,mrr; "
                                          "or name the text columns).")
                               .arg(name));
    std::vector<std::string> row;
    std::size_t count = 0;
    while (reader.next(row)) {
        if (row.size() == 1 && row[0].empty())
            continue;
        if (row.size() > header.size() && std::any_of(row.begin() + static_cast<std::ptrdiff_t>(header.size()), row.end(),
                                                      [](const std::string &c) { return !c.empty(); })) {
            // More cells than columns: a quote missing or a comma unescaped shifted the row.
            const QString why =
                QStringLiteral("line %1 has %2 cells where the header has %3 columns (a quote missing or an unquoted comma?)")
                    .arg(reader.line())
                    .arg(row.size())
                    .arg(header.size());
            if (!options.skipMalformed)
                return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: %2.").arg(name, why));
            malformed(result, why);
            continue;
        }
        if (row.size() < header.size())
            warn(warnings, QStringLiteral("line %1 has %2 of %3 columns; the missing ones are empty")
                               .arg(reader.line())
                               .arg(row.size())
                               .arg(header.size()));
        std::map<std::string, std::string> fields;
        for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
            fields[header[i]] = std::move(row[i]);
        ImportedTicket t = fromFields(std::move(fields), reader.line(), warnings);
        ++count;
        if (t.id.empty()) {
            t.id = std::to_string(count);
            t.positionalId = true;
        }
        result.bytesRead = reader.position();
        if (auto r = sink(std::move(t)); !r.ok())
            return r;
    }
    if (!reader.error().empty())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: %2").arg(name, QString::fromStdString(reader.error())));
    return {};
}

std::string scalarText(const nlohmann::json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_unsigned())
        return std::to_string(v.get<unsigned long long>());
    if (v.is_number_integer())
        return std::to_string(v.get<long long>());
    if (v.is_number())
        return v.dump();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false";
    return {};
}

// One Zendesk ticket object (API shape or export line) to fields.
std::map<std::string, std::string> zendeskFields(const nlohmann::json &t)
{
    std::map<std::string, std::string> f;
    for (auto it = t.begin(); it != t.end(); ++it)
        if (it.value().is_primitive() && !it.value().is_null())
            f[triage::asciiLower(it.key())] = scalarText(it.value());
    if (auto via = t.find("via"); via != t.end() && via->is_object())
        if (auto ch = via->find("channel"); ch != via->end() && ch->is_string())
            f["via_channel"] = ch->get<std::string>();
    // The description is the first comment; exports may only carry the comments.
    if (f["description"].empty()) {
        if (auto comments = t.find("comments"); comments != t.end() && comments->is_array() && !comments->empty()) {
            const auto &c = comments->front();
            for (const char *k : {"plain_body", "body", "html_body"})
                if (auto b = c.find(k); b != c.end() && b->is_string()) {
                    f["description"] = b->get<std::string>();
                    break;
                }
        }
    }
    if (auto tags = t.find("tags"); tags != t.end() && tags->is_array()) {
        std::string joined;
        for (const auto &tag : *tags)
            if (tag.is_string())
                joined += (joined.empty() ? "" : " ") + tag.get<std::string>();
        f["tags"] = joined;
    }
    if (auto req = t.find("requester"); req != t.end() && req->is_object()) {
        f["requester_name"] = scalarText(req->value("name", nlohmann::json()));
        f["requester_email"] = scalarText(req->value("email", nlohmann::json()));
    }
    return f;
}

// Where byte `offset` of the text is, as "line L, column C" (columns count bytes, from 1).
QString position(std::string_view text, std::size_t offset, std::size_t firstLine = 1)
{
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + firstLine;
    const std::size_t lineStart = before.rfind('\n');
    const std::size_t column = offset - (lineStart == std::string_view::npos ? 0 : lineStart + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// What the JSON parser refused, in words: a syntax error names its line and column; a number
// beyond a double's range (1e400) comes as out_of_range, not parse_error.
// `base`: where the parsed document starts in `text`.
Error parseFailure(const nlohmann::json::exception &e, std::string_view text, const QString &where, std::size_t firstLine,
                   std::size_t base = 0)
{
    if (const auto *syntax = dynamic_cast<const nlohmann::json::parse_error *>(&e)) {
        // nlohmann counts the byte it stopped at from 1.
        const std::size_t at = base + (syntax->byte > 0 ? syntax->byte - 1 : 0);
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("%1 is not valid JSON at %2 (byte %3).").arg(where, position(text, at, firstLine)).arg(at));
    }
    if (dynamic_cast<const nlohmann::json::out_of_range *>(&e))
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 holds a number too large to read.").arg(where));
    return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 cannot be read: %2").arg(where, QString::fromUtf8(e.what())));
}

// Parses one JSON document.
Result<nlohmann::json> parseJson(std::string_view text, const QString &where, std::size_t firstLine = 1)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        return parseFailure(e, text, where, firstLine);
    }
}

// Where the JSON object or array starting at `start` ends (one past its closing bracket), by bracket
// depth outside strings; npos when it does not end. Only finds the boundary between documents saved
// back to back: the parser judges each document.
std::size_t documentEnd(std::string_view text, std::size_t start)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth <= 0) {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// One JSON document of an export ({"tickets": […]} page, an array of tickets, {"ticket": {…}} or one
// ticket), read with a parser callback that hands each ticket of a list on and drops it from the
// document, so a large page never stands in memory as a whole. `index` counts tickets across
// documents.
Result<void> readJsonDocument(std::string_view text, std::size_t begin, std::size_t end, const QString &name, const Sink &sink,
                              ImportResult &result, std::size_t &index)
{
    struct Abort
    {
    };
    using Event = nlohmann::json::parse_event_t;
    bool rootIsArray = false, inTickets = false;
    std::string rootKey;
    Result<void> failure;
    auto emit = [&](const nlohmann::json &t) {
        ++index;
        if (auto r = sink(fromFields(zendeskFields(t), index, result.warnings)); !r.ok()) {
            failure = r;
            throw Abort{};
        }
    };
    const nlohmann::json::parser_callback_t callback = [&](int depth, Event event, nlohmann::json &parsed) -> bool {
        if (depth == 0 && event == Event::array_start)
            rootIsArray = true;
        if (depth == 1 && event == Event::key && !rootIsArray)
            rootKey = parsed.get<std::string>();
        if (depth == 1 && !rootIsArray && rootKey == "tickets" && (event == Event::array_start || event == Event::array_end))
            inTickets = event == Event::array_start;
        const bool listItem = (rootIsArray && depth == 1) || (inTickets && depth == 2);
        if (!listItem)
            return true;
        if (event == Event::object_end) {
            emit(parsed);
            return false; // handed on: not kept in the document
        }
        if (event == Event::value || event == Event::array_end) {
            failure = Error::make(Error::Kind::BadPayload, QStringLiteral("%1: ticket %2 is not an object.").arg(name).arg(index + 1));
            throw Abort{};
        }
        return true;
    };
    const std::string_view document = text.substr(begin, end - begin);
    nlohmann::json rest;
    try {
        rest = nlohmann::json::parse(document, callback);
    } catch (const Abort &) {
        return failure;
    } catch (const nlohmann::json::exception &e) {
        return parseFailure(e, text, name, 1, begin);
    }
    ++result.documents;
    try {
        if (rootIsArray || (rest.is_object() && rest.contains("tickets") && rest["tickets"].is_array()))
            return {};
        if (rest.is_object() && rest.contains("ticket") && rest["ticket"].is_object()) {
            emit(rest["ticket"]);
            return {};
        }
        if (rest.is_object() && (rest.contains("subject") || rest.contains("description"))) {
            emit(rest);
            return {};
        }
    } catch (const Abort &) {
        return failure;
    }
    const QString which =
        result.documents > 1 ? QStringLiteral("%1, document %2 (%3),").arg(name).arg(result.documents).arg(position(text, begin)) : name;
    return Error::make(Error::Kind::BadPayload,
                       QStringLiteral("%1 holds no tickets (expected {\"tickets\": [...]}, an array or a ticket).").arg(which));
}

// A Zendesk JSON export: one document, or several saved back to back (pages of a list or an
// incremental export written one after the other).
Result<void> readJson(std::string_view text, const QString &name, const Sink &sink, ImportResult &result)
{
    std::size_t index = 0;
    std::size_t begin = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    while (begin != std::string_view::npos) {
        std::size_t end = text.size();
        if (text[begin] == '{' || text[begin] == '[')
            if (const std::size_t e = documentEnd(text, begin); e != std::string_view::npos)
                end = e;
        if (auto r = readJsonDocument(text, begin, end, name, sink, result, index); !r.ok())
            return r;
        result.bytesRead = end;
        begin = end < text.size() ? text.find_first_not_of(" \t\r\n", end) : std::string_view::npos;
    }
    return {};
}

// The ticket an ETL record carries, unwrapped: {"stream":"tickets","data":{…}}, Singer's
// {"type":"RECORD","stream":"tickets","record":{…}}, Airbyte's {"type":"RECORD","record":{"stream":
// "tickets","data":{…}}}. Returns the object to read, or null for a line to pass over (a SCHEMA or
// STATE message, a record of another stream); `stream` names the stream when the line has one.
const nlohmann::json *unwrapRecord(const nlohmann::json &line, std::string &stream, bool &metadata)
{
    metadata = false;
    const nlohmann::json *obj = &line;
    // Singer's and Airbyte's message types (a Zendesk ticket's own "type" is problem, incident,
    // question or task).
    static const std::set<std::string> kMessageTypes{"record",  "schema", "state",   "activate_version", "batch", "log", "trace",
                                                     "control", "spec",   "catalog", "connection_status"};
    if (auto type = line.find("type");
        type != line.end() && type->is_string() && kMessageTypes.count(triage::asciiLower(type->get<std::string>()))) {
        const std::string kind = triage::asciiLower(type->get<std::string>());
        auto record = line.find("record");
        if (kind != "record" || record == line.end() || !record->is_object()) {
            metadata = kind != "record";
            return metadata ? nullptr : obj;
        }
        obj = &*record;
        if (auto s = line.find("stream"); s != line.end() && s->is_string())
            stream = s->get<std::string>();
    }
    if (auto data = obj->find("data"); data != obj->end() && data->is_object()) {
        if (auto s = obj->find("stream"); s != obj->end() && s->is_string())
            stream = s->get<std::string>();
        if (!stream.empty() || obj->contains("emitted_at"))
            obj = &*data;
    }
    return obj;
}

// Whether an ETL stream holds tickets: "tickets", "zendesk_tickets", "support.tickets"…
bool isTicketStream(const std::string &stream)
{
    const std::string s = triage::asciiLower(stream);
    return s.empty() || s == "ticket" || (s.size() >= 7 && s.compare(s.size() - 7, 7, "tickets") == 0);
}

Result<void> readNdjson(std::string_view text, const QString &name, const ImportOptions &options, const Sink &sink, ImportResult &result)
{
    // A line that is not a ticket stops the import, or is skipped and reported.
    std::size_t line = 0, pos = 0;
    const auto bad = [&](const Error &e) -> std::optional<Result<void>> {
        if (!options.skipMalformed)
            return Result<void>(e);
        QString why = e.message;
        const QString prefix = QStringLiteral("%1, line %2: ").arg(name).arg(line);
        if (why.startsWith(prefix))
            why = why.mid(prefix.size());
        malformed(result, QStringLiteral("line %1: %2").arg(line).arg(why));
        return std::nullopt;
    };
    std::set<std::string> otherStreams;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        ++line;
        const std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        result.bytesRead = std::min(pos, text.size());
        if (l.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        auto parsed = parseJson(l, name, line);
        if (!parsed.ok()) {
            if (auto stop = bad(parsed.error()))
                return *stop;
            continue;
        }
        const nlohmann::json &value = parsed.value();
        if (!value.is_object()) {
            if (auto stop =
                    bad(Error::make(Error::Kind::BadPayload, QStringLiteral("%1, line %2: not a JSON object.").arg(name).arg(line))))
                return *stop;
            continue;
        }
        std::string stream;
        bool metadata = false;
        const nlohmann::json *t = unwrapRecord(value, stream, metadata);
        if (!t)
            continue;
        if (!isTicketStream(stream)) {
            ++result.otherRecords;
            if (otherStreams.insert(stream).second)
                warn(result.warnings, QStringLiteral("line %1: records of stream \"%2\" are not tickets; skipped")
                                          .arg(line)
                                          .arg(QString::fromStdString(triage::utf8::clip(triage::utf8::sanitize(stream), 40))));
            continue;
        }
        // A whole page on one line ({"tickets": […], "next_page": …}) or one ticket.
        if (auto page = t->find("tickets"); page != t->end()) {
            if (!page->is_array()) {
                if (auto stop = bad(Error::make(Error::Kind::BadPayload,
                                                QStringLiteral("%1, line %2: \"tickets\" is not a list.").arg(name).arg(line))))
                    return *stop;
                continue;
            }
            ++result.documents;
            for (const auto &item : *page) {
                if (!item.is_object()) {
                    if (auto stop =
                            bad(Error::make(Error::Kind::BadPayload,
                                            QStringLiteral("%1, line %2: a ticket of the page is not an object.").arg(name).arg(line))))
                        return *stop;
                    continue;
                }
                if (auto r = sink(fromFields(zendeskFields(item), line, result.warnings)); !r.ok())
                    return r;
            }
            continue;
        }
        if (auto one = t->find("ticket"); one != t->end() && one->is_object())
            t = &*one;
        if (auto r = sink(fromFields(zendeskFields(*t), line, result.warnings)); !r.ok())
            return r;
    }
    return {};
}

} // namespace

QStringList TicketImporter::knownFields()
{
    return {QStringLiteral("ticket_id"),
            QStringLiteral("customer_name"),
            QStringLiteral("subject"),
            QStringLiteral("description"),
            QStringLiteral("actual_priority"),
            QStringLiteral("channel"),
            QStringLiteral("timestamp"),
            QStringLiteral("mrr"),
            QStringLiteral("team"),
            QStringLiteral("category"),
            QStringLiteral("guardian"),
            QStringLiteral("opportunity"),
            QStringLiteral("sentiment"),
            QStringLiteral("status"),
            QStringLiteral("updated_at")};
}

Result<std::vector<std::pair<QString, QString>>> TicketImporter::parseColumnMap(const QString &text)
{
    std::vector<std::pair<QString, QString>> out;
    const QStringList known = knownFields();
    for (const QString &pair : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq <= 0 || pair.mid(eq + 1).trimmed().isEmpty())
            return Error::make(Error::Kind::BadPayload, QStringLiteral("\"%1\" is not FIELD=COLUMN.").arg(pair.trimmed()));
        const QString field = pair.left(eq).trimmed().toLower();
        if (!known.contains(field))
            return Error::make(
                Error::Kind::BadPayload,
                QStringLiteral("\"%1\" is not a field (fields: %2).").arg(pair.left(eq).trimmed(), known.join(QStringLiteral(", "))));
        for (const auto &[f, c] : out)
            if (f == field)
                return Error::make(Error::Kind::BadPayload, QStringLiteral("The field \"%1\" is mapped twice.").arg(field));
        out.emplace_back(field, pair.mid(eq + 1).trimmed());
    }
    return out;
}

qint64 TicketImporter::parseTimestamp(const std::string &text)
{
    const QString s = QString::fromStdString(trim(text));
    if (s.isEmpty())
        return 0;
    bool ok = false;
    const qint64 seconds = s.toLongLong(&ok);
    if (ok && seconds > 0)
        return seconds > 100000000000LL ? seconds / 1000 : seconds; // milliseconds too
    return parseIsoTime(s);                                         // exports without a zone are read as UTC
}

namespace {

// UTF-16 (with a byte-order mark, or without: ASCII text with every other byte NUL) reads as
// garbage to every parser here; say what it is instead.
bool looksLikeUtf16(std::string_view text)
{
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
        return true;
    const std::size_t n = std::min<std::size_t>(text.size(), 512) & ~std::size_t(1);
    if (n < 4)
        return false;
    std::size_t evenNul = 0, oddNul = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        evenNul += text[i] == '\0';
        oddNul += text[i + 1] == '\0';
    }
    const std::size_t pairs = n / 2;
    return evenNul * 10 >= pairs * 9 || oddNul * 10 >= pairs * 9;
}

} // namespace

Result<QStringList> TicketImporter::csvHeader(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::NotFound, QStringLiteral("Cannot open %1: %2.").arg(path, f.errorString()));
    const QByteArray head = f.read(1 << 20); // a header longer than a megabyte is no header
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    const QString name = QFileInfo(path).fileName();
    if (looksLikeUtf16(text))
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is UTF-16 text; save it as UTF-8 and try again.").arg(name));
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string_view::npos)
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is empty.").arg(name));
    if (text[first] == '{' || text[first] == '[')
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is JSON, not CSV.").arg(name));
    CsvReader reader(text);
    std::vector<std::string> header;
    if (!reader.next(header))
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: %2").arg(name, QString::fromStdString(reader.error())));
    QStringList out;
    for (auto &h : header)
        out << QString::fromStdString(triage::asciiLower(trim(triage::utf8::sanitize(h))));
    return out;
}

QString TicketImporter::duplicateWarning(const std::string &id, std::size_t earlier, std::size_t later, std::size_t used)
{
    return QStringLiteral("ticket id %1 appears on lines %2 and %3; line %4 is used%5")
        .arg(QString::fromStdString(triage::utf8::clip(id, 60)))
        .arg(earlier)
        .arg(later)
        .arg(used)
        .arg(used == earlier ? QStringLiteral(" (updated later)") : QString());
}

bool TicketImporter::isNewer(qint64 laterUpdatedAt, qint64 earlierUpdatedAt)
{
    return laterUpdatedAt == 0 || earlierUpdatedAt == 0 || laterUpdatedAt >= earlierUpdatedAt;
}

bool TicketImporter::isNewer(const ImportedTicket &later, const ImportedTicket &earlier)
{
    return isNewer(later.updatedAt, earlier.updatedAt);
}

namespace {

// A ticket id that appears twice: its newer version (the later updated_at, else the later line)
// stays, in the earlier one's place, and a warning says so.
void dropDuplicateIds(ImportResult &result)
{
    std::map<std::string, std::size_t> first;
    std::vector<ImportedTicket> kept;
    kept.reserve(result.tickets.size());
    for (auto &t : result.tickets) {
        if (t.positionalId || t.id.empty()) {
            kept.push_back(std::move(t));
            continue;
        }
        const auto [at, fresh] = first.emplace(t.id, kept.size());
        if (fresh) {
            kept.push_back(std::move(t));
            continue;
        }
        ImportedTicket &earlier = kept[at->second];
        ++result.duplicates;
        const bool newer = TicketImporter::isNewer(t, earlier);
        warn(result.warnings, TicketImporter::duplicateWarning(t.id, earlier.line, t.line, newer ? t.line : earlier.line));
        if (newer)
            earlier = std::move(t);
    }
    result.tickets = std::move(kept);
}

} // namespace

Result<ImportResult> TicketImporter::importText(const std::string &text, Format format, const QString &name, const ImportOptions &options)
{
    ImportResult result;
    std::vector<ImportedTicket> tickets;
    auto read = readAll(text, format, name, options, result, [&tickets](ImportedTicket &&t) -> Result<void> {
        tickets.push_back(std::move(t));
        return {};
    });
    if (!read.ok())
        return read.error();
    result.tickets = std::move(tickets);
    result.format = read.value();
    dropDuplicateIds(result);
    return result;
}

Result<QString> TicketImporter::readAll(std::string_view text, Format format, const QString &name, const ImportOptions &options,
                                        ImportResult &result, const std::function<Result<void>(ImportedTicket &&)> &deliver)
{
    // Deleted tickets (an incremental export lists them with status "deleted") are counted, not read;
    // the named text columns must each be found in some ticket.
    std::set<std::string> wantedColumns;
    for (const QString &c : options.textColumns)
        wantedColumns.insert(triage::asciiLower(c.trimmed().toStdString()));
    std::set<std::string> missingColumns = wantedColumns;
    const Sink sink = [&](ImportedTicket &&t) -> Result<void> {
        if (t.status == "deleted") {
            ++result.deleted;
            return {};
        }
        for (auto it = missingColumns.begin(); it != missingColumns.end();)
            it = t.fields.count(*it) ? missingColumns.erase(it) : std::next(it);
        return deliver(std::move(t));
    };
    if (looksLikeUtf16(text))
        return Error::make(
            Error::Kind::BadPayload,
            QStringLiteral("%1 is UTF-16 text; save it as UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet) and try again.").arg(name));
    if (format == Format::Auto) {
        const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        if (first == std::string_view::npos)
            return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is empty.").arg(name));
        if (text[first] == '[') {
            format = Format::ZendeskJson;
        } else if (text[first] == '{') {
            // One JSON document, or one object per line? A first line that is a whole object with
            // more after it is NDJSON (asked without building anything).
            const auto eol = text.find('\n', first);
            const std::string_view firstLine = text.substr(first, eol == std::string_view::npos ? std::string_view::npos : eol - first);
            const bool more = eol != std::string_view::npos && text.find_first_not_of(" \t\r\n", eol) != std::string_view::npos;
            format = more && nlohmann::json::accept(firstLine) ? Format::Ndjson : Format::ZendeskJson;
        } else {
            format = Format::Csv;
        }
    }
    if (!options.columnMap.empty() && format != Format::Csv)
        return Error::make(
            Error::Kind::BadPayload,
            QStringLiteral("%1: a column map applies to CSV files; this is a JSON export, whose fields are Zendesk's.").arg(name));
    Result<void> r;
    QString formatName;
    switch (format) {
    case Format::Csv:
        r = readCsv(text, name, options, sink, result);
        formatName = QStringLiteral("csv");
        break;
    case Format::ZendeskJson:
        r = readJson(text, name, sink, result);
        formatName = QStringLiteral("zendesk-json");
        break;
    case Format::Ndjson:
        r = readNdjson(text, name, options, sink, result);
        formatName = QStringLiteral("ndjson");
        break;
    case Format::Auto: return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: unknown format.").arg(name));
    }
    if (!r.ok())
        return r.error();
    if (!missingColumns.empty() && format != Format::Csv) { // a CSV's header was checked by name
        QStringList names;
        for (const auto &c : missingColumns)
            names << QString::fromStdString(triage::utf8::clip(c, 40));
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("%1: no ticket has the field %2.").arg(name, names.join(QStringLiteral(", "))));
    }
    return formatName;
}

Result<TicketImporter::MappedFile> TicketImporter::mapFile(const QString &path, Format &format)
{
    MappedFile m;
    m.file = std::make_unique<QFile>(path);
    if (!m.file->open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::NotFound, QStringLiteral("Cannot open %1: %2.").arg(path, m.file->errorString()));
    if (m.file->size() > kMaxFileBytes)
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is larger than 2 GB.").arg(path));
    if (m.file->size() > 0) {
        // Mapped, not copied: the text costs the page cache, not the heap.
        const uchar *bytes = m.file->map(0, m.file->size());
        if (bytes) {
            m.map = std::string_view(reinterpret_cast<const char *>(bytes), static_cast<std::size_t>(m.file->size()));
        } else {
            m.copy = m.file->readAll().toStdString();
        }
    }
    m.name = QFileInfo(path).fileName();
    if (format == Format::Auto) {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == QLatin1String("csv"))
            format = Format::Csv;
        else if (suffix == QLatin1String("ndjson") || suffix == QLatin1String("jsonl"))
            format = Format::Ndjson;
    }
    return m;
}

Result<ImportResult> TicketImporter::importFile(const QString &path, Format format, const ImportOptions &options)
{
    auto mapped = mapFile(path, format);
    if (!mapped.ok())
        return mapped.error();
    return importText(std::string(mapped.value().text()), format, mapped.value().name, options);
}

Result<ImportResult> TicketImporter::stream(const QString &path, Format format, std::size_t batchSize,
                                            const std::function<Result<void>(std::vector<ImportedTicket> &)> &onBatch,
                                            const ImportOptions &options)
{
    auto mapped = mapFile(path, format);
    if (!mapped.ok())
        return mapped.error();
    ImportResult result;
    std::vector<ImportedTicket> batch;
    batch.reserve(batchSize);
    const std::string_view text = mapped.value().text();
    std::size_t released = 0;
    // What has been read of a mapped file is handed back to the kernel as the reading goes on: its
    // pages would otherwise count to the process's memory, and a 2 GB export would hold 2 GB.
    const auto release = [&] {
        if (mapped.value().map.empty() || result.bytesRead < released + (std::size_t(64) << 20))
            return;
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t upTo = (result.bytesRead - (std::size_t(1) << 20)) / page * page; // a margin behind the reader
        const auto base = reinterpret_cast<std::uintptr_t>(text.data());
        const std::uintptr_t from = (base + released + page - 1) / page * page, to = (base + upTo) / page * page;
        if (to > from)
            ::madvise(reinterpret_cast<void *>(from), to - from, MADV_DONTNEED);
        released = upTo;
    };
    auto read = readAll(text, format, mapped.value().name, options, result, [&](ImportedTicket &&t) -> Result<void> {
        batch.push_back(std::move(t));
        if (batch.size() < batchSize)
            return {};
        auto r = onBatch(batch);
        batch.clear();
        if (options.onProgress)
            options.onProgress(result.bytesRead, text.size());
        release();
        return r;
    });
    if (!read.ok())
        return read.error();
    if (!batch.empty())
        if (auto r = onBatch(batch); !r.ok())
            return r.error();
    result.format = read.value();
    return result;
}

} // namespace cosmicdesk::models
