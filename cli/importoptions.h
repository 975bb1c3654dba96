#pragma once

#include <models/result.h>
#include <models/ticketimporter.h>

#include <QCommandLineOption>
#include <QList>

class QCommandLineParser;

namespace cosmicdesk::cli {

// The options `import` and `triage` share for reading an export: --text-columns, --map, --on-error.
struct ImportOptionFlags
{
    QCommandLineOption textColumns{QStringLiteral("text-columns"), QStringLiteral("Columns holding the text (first: the subject)."),
                                   QStringLiteral("a,b")};
    QCommandLineOption map{QStringLiteral("map"),
                           QStringLiteral("A CSV's own names for the fields: FIELD=COLUMN,… (fields: %1).")
                               .arg(models::TicketImporter::knownFields().join(QStringLiteral(", "))),
                           QStringLiteral("FIELD=COLUMN,…")};
    QCommandLineOption onError{QStringLiteral("on-error"),
                               QStringLiteral("A malformed row or line: stop (default; exit 2 naming the line) or skip (and report it)."),
                               QStringLiteral("stop|skip"), QStringLiteral("stop")};

    QList<QCommandLineOption> all() const { return {textColumns, map, onError}; }
    // The importer's options from the parsed command line; a bad --map or --on-error is refused by name.
    models::Result<models::ImportOptions> read(const QCommandLineParser &parser) const;
};

} // namespace cosmicdesk::cli
