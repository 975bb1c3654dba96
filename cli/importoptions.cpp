#include "importoptions.h"

#include <QCommandLineParser>

namespace cosmicdesk::cli {

models::Result<models::ImportOptions> ImportOptionFlags::read(const QCommandLineParser &parser) const
{
    models::ImportOptions options;
    options.textColumns = parser.value(textColumns).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(map)) {
        auto pairs = models::TicketImporter::parseColumnMap(parser.value(map));
        if (!pairs.ok())
            return models::Error::make(models::Error::Kind::Config, QStringLiteral("--map: %1").arg(pairs.error().message));
        options.columnMap = std::move(pairs.value());
    }
    const QString policy = parser.value(onError).trimmed().toLower();
    if (policy != QLatin1String("stop") && policy != QLatin1String("skip"))
        return models::Error::make(models::Error::Kind::Config,
                                   QStringLiteral("--on-error is stop or skip, not \"%1\".").arg(parser.value(onError)));
    options.skipMalformed = policy == QLatin1String("skip");
    return options;
}

} // namespace cosmicdesk::cli
