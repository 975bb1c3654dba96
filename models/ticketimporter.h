#pragma once

#include "result.h"

#include <QFile>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
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
    // The label is the source system's default (Zendesk's `priority: normal`, what a ticket has when
    // nobody chose one): shown, but not counted as an agent's decision.
    bool labelIsDefault = false;
    std::string status;   // lower case: "new", "open", "pending", "hold", "solved", "closed"; empty when unknown
    qint64 updatedAt = 0; // Unix seconds, 0 when unknown: which of two copies of a ticket is newer
    std::map<std::string, std::string> fields;
    std::size_t line = 0;      // where it started in the file
    bool positionalId = false; // the export had no id: `id` is the ticket's position, no Zendesk id

    // Zendesk refuses updates to a closed ticket (422): it is read and judged, never given an update.
    bool closed() const { return status == "closed"; }
};

struct ImportResult
{
    std::vector<ImportedTicket> tickets;
    QString format; // "csv", "zendesk-json", "ndjson"
    QStringList warnings;
    std::size_t deleted = 0;      // tickets with status "deleted" (incremental exports carry them): skipped
    std::size_t duplicates = 0;   // copies of a ticket id dropped for its newer version (importText)
    std::size_t otherRecords = 0; // ETL records of another stream (users, comments…): skipped
    std::size_t documents = 0;    // JSON documents or pages read (several pages may be saved back to back)
    std::size_t malformed = 0;    // rows or lines skipped under ImportOptions::skipMalformed
    QStringList malformedRows;    // why, the first 100: "line 12: …"
    std::size_t bytesRead = 0;    // how far the reading got (for progress)
};

// What the caller knows about the file beyond its bytes.
struct ImportOptions
{
    // The columns that hold the ticket's text when the header names them otherwise (first: subject).
    // Every name must be a column of a CSV file; a JSON export must have each in some ticket.
    QStringList textColumns;
    // A CSV's own column names for the fields the importer knows (field → column: "subject" → "Ticket
    // Subject"); every column must be in the header and every field one of knownFields().
    std::vector<std::pair<QString, QString>> columnMap;
    // A malformed row (a CSV row with more cells than the header, an NDJSON line that is not a JSON
    // object or not a ticket) is skipped and reported in ImportResult::malformedRows; by default it
    // stops the import with a message naming its line.
    bool skipMalformed = false;
    // stream(): after each batch, the bytes read so far and the file's size.
    std::function<void(std::size_t bytesRead, std::size_t bytesTotal)> onProgress;
};

// Reads ticket exports: CSV in the seed format (ticket_id, customer_name, subject, description,
// actual_priority, channel, timestamp, mrr; RFC 4180; extra columns kept), a Zendesk JSON export
// ({"tickets": […]} list and incremental pages, several saved back to back, an array, or one ticket),
// and newline-delimited exports: one ticket, one page or one ETL record a line ({"stream":"tickets",
// "data":{…}}, Singer's {"type":"RECORD","record":{…}}, Airbyte's {"type":"RECORD","record":{"stream":
// …,"data":{…}}}; their SCHEMA and STATE lines pass, records of other streams are counted and skipped).
// Deleted tickets are skipped and counted. A file that cannot be read gives a BadPayload error naming
// the line (and for JSON the column); UTF-16 is named as such; nothing is partially returned. A
// ticket id given twice keeps its newer version (the later updated_at, else the later line), with a
// warning naming both.
class TicketImporter
{
public:
    enum class Format { Auto, Csv, ZendeskJson, Ndjson };

    static Result<ImportResult> importFile(const QString &path, Format format = Format::Auto, const ImportOptions &options = {});
    static Result<ImportResult> importText(const std::string &text, Format format, const QString &name, const ImportOptions &options = {});

    // A CSV file's column names as its first line gives them (the importer's spelling: trimmed,
    // lower case); an error when the file cannot be read or is not CSV.
    static Result<QStringList> csvHeader(const QString &path);
    // The fields a column map may name, in the seed format's order first.
    static QStringList knownFields();
    // "subject=Ticket Subject,description=Body" → pairs; a pair without '=' or a field not known is
    // refused by name.
    static Result<std::vector<std::pair<QString, QString>>> parseColumnMap(const QString &text);

    // Parses the timestamps exports use: ISO 8601 (with or without zone), "2025-11-14 09:23", Unix seconds.
    static qint64 parseTimestamp(const std::string &text);

    // Reads an export in batches of up to batchSize tickets, handing each batch to onBatch (which may
    // move the tickets out); the file is mapped, not copied, and a JSON export is never built whole,
    // so memory stays bounded by the batch. Stops at the first error of the file or of onBatch.
    // Duplicate ids are passed on: the caller decides (see duplicateWarning). The result has the
    // format and the warnings, no tickets.
    static Result<ImportResult> stream(const QString &path, Format format, std::size_t batchSize,
                                       const std::function<Result<void>(std::vector<ImportedTicket> &)> &onBatch,
                                       const ImportOptions &options = {});

    // Of two copies of a ticket, whether `later` (read after `earlier`) is the newer version: the
    // later updated_at when both have one, else the later line.
    static bool isNewer(const ImportedTicket &later, const ImportedTicket &earlier);
    static bool isNewer(qint64 laterUpdatedAt, qint64 earlierUpdatedAt);
    // "ticket id X appears on lines A and B; line B is used"
    static QString duplicateWarning(const std::string &id, std::size_t earlier, std::size_t later, std::size_t used);

private:
    struct MappedFile
    {
        std::unique_ptr<QFile> file;
        std::string copy;     // when the file cannot be mapped
        std::string_view map; // the mapped bytes
        QString name;
        std::string_view text() const { return copy.empty() ? map : std::string_view(copy); }
    };
    static Result<MappedFile> mapFile(const QString &path, Format &format);
    static Result<QString> readAll(std::string_view text, Format format, const QString &name, const ImportOptions &options,
                                   ImportResult &result, const std::function<Result<void>(ImportedTicket &&)> &sink);
};

} // namespace cosmicdesk::models
