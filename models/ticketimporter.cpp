#include "ticketimporter.h"

#include "csvreader.h"

#include <triage/priority.h>
#include <triage/utf8.h>

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace cosmicdesk::models {

namespace {

constexpr qint64 kMaxFileBytes = qint64(2) << 30;

std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

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

double number(const std::string &s)
{
    std::string digits;
    for (char c : s)
        if ((c >= '0' && c <= '9') || c == '.' || c == '-')
            digits.push_back(c);
    try {
        return digits.empty() ? 0.0 : std::stod(digits);
    } catch (...) {
        return 0.0;
    }
}

std::string normalisedPriority(const std::string &value)
{
    const auto p = triage::parsePriority(value);
    return p ? std::string(triage::priorityName(*p)) : std::string();
}

// Fills the known fields of a ticket from its field map.
ImportedTicket fromFields(std::map<std::string, std::string> fields, std::size_t line)
{
    ImportedTicket t;
    t.line = line;
    for (auto &[k, v] : fields)
        v = triage::utf8::sanitize(v);
    t.id = field(fields, {"ticket_id", "id", "external_id"});
    t.subject = field(fields, {"subject", "raw_subject", "title"});
    t.description = field(fields, {"description", "body", "text", "message", "comment"});
    t.customer = field(fields, {"customer_name", "customer", "organization", "organization_name", "requester", "requester_name",
                                "requester_email", "account", "organization_id", "requester_id"});
    t.channel = lower(field(fields, {"channel", "via_channel", "source"}));
    t.timestamp = field(fields, {"timestamp", "created_at", "created", "date"});
    t.createdAt = TicketImporter::parseTimestamp(t.timestamp);
    t.mrr = number(field(fields, {"mrr", "account_mrr", "monthly_revenue"}));
    t.actualPriority = normalisedPriority(field(fields, {"actual_priority", "final_priority", "priority"}));
    t.fields = std::move(fields);
    return t;
}

Result<ImportResult> readCsv(const std::string &text, const QString &name)
{
    CsvReader reader(text);
    std::vector<std::string> header;
    if (!reader.next(header))
        return Error::make(Error::Kind::BadPayload, reader.error().empty()
                                                        ? QStringLiteral("%1 is empty.").arg(name)
                                                        : QStringLiteral("%1: %2").arg(name, QString::fromStdString(reader.error())));
    for (auto &h : header)
        h = lower(trim(triage::utf8::sanitize(h)));
    const bool hasText = std::any_of(header.begin(), header.end(), [](const std::string &h) {
        return h == "subject" || h == "description" || h == "body" || h == "text";
    });
    if (!hasText)
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("%1 has no subject or description column (the first line must name the columns, e.g. "
                                          "ticket_id,customer_name,subject,description,actual_priority,channel,timestamp,mrr).")
                               .arg(name));
    ImportResult out;
    out.format = QStringLiteral("csv");
    std::vector<std::string> row;
    while (reader.next(row)) {
        if (row.size() == 1 && row[0].empty())
            continue;
        if (row.size() < header.size())
            out.warnings << QStringLiteral("line %1 has %2 of %3 columns; the missing ones are empty")
                                .arg(reader.line())
                                .arg(row.size())
                                .arg(header.size());
        std::map<std::string, std::string> fields;
        for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
            fields[header[i]] = std::move(row[i]);
        out.tickets.push_back(fromFields(std::move(fields), reader.line()));
        if (out.tickets.back().id.empty()) {
            out.tickets.back().id = std::to_string(out.tickets.size());
            out.tickets.back().positionalId = true;
        }
    }
    if (!reader.error().empty())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: %2").arg(name, QString::fromStdString(reader.error())));
    return out;
}

std::string scalarText(const nlohmann::json &v)
{
    if (v.is_string())
        return v.get<std::string>();
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
            f[lower(it.key())] = scalarText(it.value());
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

Result<ImportResult> readJson(const std::string &text, const QString &name)
{
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is not valid JSON.").arg(name));
    const nlohmann::json *list = nullptr;
    nlohmann::json single = nlohmann::json::array();
    if (j.is_array()) {
        list = &j;
    } else if (j.is_object() && j.contains("tickets") && j["tickets"].is_array()) {
        list = &j["tickets"];
    } else if (j.is_object() && j.contains("ticket") && j["ticket"].is_object()) {
        single.push_back(j["ticket"]);
        list = &single;
    } else if (j.is_object() && (j.contains("subject") || j.contains("description"))) {
        single.push_back(j);
        list = &single;
    } else {
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("%1 holds no tickets (expected {\"tickets\": [...]}, an array or a ticket).").arg(name));
    }
    ImportResult out;
    out.format = QStringLiteral("zendesk-json");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto &t = (*list)[i];
        if (!t.is_object())
            return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: ticket %2 is not an object.").arg(name).arg(i + 1));
        out.tickets.push_back(fromFields(zendeskFields(t), i + 1));
    }
    return out;
}

Result<ImportResult> readNdjson(const std::string &text, const QString &name)
{
    ImportResult out;
    out.format = QStringLiteral("ndjson");
    std::size_t line = 0, pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        ++line;
        const std::string_view l = std::string_view(text).substr(pos, end - pos);
        pos = end + 1;
        if (l.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        const nlohmann::json t = nlohmann::json::parse(l, nullptr, false);
        if (t.is_discarded() || !t.is_object())
            return Error::make(Error::Kind::BadPayload, QStringLiteral("%1, line %2: not a JSON object.").arg(name).arg(line));
        out.tickets.push_back(fromFields(zendeskFields(t.contains("ticket") && t["ticket"].is_object() ? t["ticket"] : t), line));
    }
    return out;
}

} // namespace

qint64 TicketImporter::parseTimestamp(const std::string &text)
{
    const QString s = QString::fromStdString(trim(text));
    if (s.isEmpty())
        return 0;
    bool ok = false;
    const qint64 seconds = s.toLongLong(&ok);
    if (ok && seconds > 0)
        return seconds > 100000000000LL ? seconds / 1000 : seconds; // milliseconds too
    QDateTime t = QDateTime::fromString(s, Qt::ISODate);
    if (!t.isValid())
        t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!t.isValid())
        t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!t.isValid())
        t = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd"));
    if (!t.isValid())
        return 0;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC); // exports without a zone are read as UTC
    return t.toSecsSinceEpoch();
}

Result<ImportResult> TicketImporter::importText(const std::string &text, Format format, const QString &name)
{
    if (format == Format::Auto) {
        const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        if (first == std::string::npos)
            return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is empty.").arg(name));
        if (text[first] == '[') {
            format = Format::ZendeskJson;
        } else if (text[first] == '{') {
            // One JSON document, or one object per line?
            const nlohmann::json whole = nlohmann::json::parse(text, nullptr, false);
            format = whole.is_discarded() ? Format::Ndjson : Format::ZendeskJson;
        } else {
            format = Format::Csv;
        }
    }
    switch (format) {
    case Format::Csv: return readCsv(text, name);
    case Format::ZendeskJson: return readJson(text, name);
    case Format::Ndjson: return readNdjson(text, name);
    case Format::Auto: break;
    }
    return Error::make(Error::Kind::BadPayload, QStringLiteral("%1: unknown format.").arg(name));
}

Result<ImportResult> TicketImporter::importFile(const QString &path, Format format)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(Error::Kind::NotFound, QStringLiteral("Cannot open %1: %2.").arg(path, f.errorString()));
    if (f.size() > kMaxFileBytes)
        return Error::make(Error::Kind::BadPayload, QStringLiteral("%1 is larger than 2 GB.").arg(path));
    const QByteArray bytes = f.readAll();
    const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    const QString name = QFileInfo(path).fileName();
    if (format == Format::Auto) {
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == QLatin1String("csv"))
            format = Format::Csv;
        else if (suffix == QLatin1String("ndjson") || suffix == QLatin1String("jsonl"))
            format = Format::Ndjson;
    }
    return importText(text, format, name);
}

} // namespace cosmicdesk::models
