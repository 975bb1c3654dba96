#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace cosmicdesk::models {

// A ticket read from an export. Text is valid UTF-8 (invalid bytes replaced); `fields` keeps every
// column (CSV) or top-level value (JSON) by lower-case name, for label columns and extra data.
struct ImportedTicket
{
    std::string id;
    std::string subject;
    std::string description;
    std::string customer;
    std::string channel;
    std::string timestamp;
    qint64 createdAt = 0; // Unix seconds when the timestamp could be read, else 0
    double mrr = 0;
    std::string actualPriority; // P0-P3 when the export has one (Zendesk's urgent/high/normal/low mapped)
    std::map<std::string, std::string> fields;
    std::size_t line = 0;      // where it started in the file
    bool positionalId = false; // the export had no id: `id` is the ticket's position, no Zendesk id
};

struct ImportResult
{
    std::vector<ImportedTicket> tickets;
    QString format; // "csv", "zendesk-json", "ndjson"
    QStringList warnings;
};

// Reads ticket exports: CSV in the seed format (ticket_id, customer_name, subject, description,
// actual_priority, channel, timestamp, mrr; RFC 4180; extra columns kept), a Zendesk JSON export
// ({"tickets": […]}, an array, or one ticket), and newline-delimited Zendesk exports. A file that
// cannot be read gives a BadPayload error naming the line; nothing is partially returned.
class TicketImporter
{
public:
    enum class Format { Auto, Csv, ZendeskJson, Ndjson };

    static Result<ImportResult> importFile(const QString &path, Format format = Format::Auto);
    static Result<ImportResult> importText(const std::string &text, Format format, const QString &name);

    // Parses the timestamps exports use: ISO 8601 (with or without zone), "2025-11-14 09:23", Unix seconds.
    static qint64 parseTimestamp(const std::string &text);
};

} // namespace cosmicdesk::models
