#include "triageloader.h"

#include <triage/boundedjson.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace cosmicdesk::services {

using models::Error;

QString defaultProfilePath()
{
    return QStringLiteral(":/cosmicdesk/profiles/default.json");
}

namespace {

std::optional<std::string> readBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    // One byte more than any resource may have: the engine's parsers refuse a larger file by name.
    const QByteArray b = f.read(static_cast<qint64>(triage::kMaxResourceBytes) + 1);
    return std::string(b.constData(), static_cast<std::size_t>(b.size()));
}

QString resolve(const QString &profilePath, const std::string &relative)
{
    const QString rel = QString::fromStdString(relative);
    if (QFileInfo(rel).isAbsolute() || rel.startsWith(QLatin1String(":/")))
        return rel;
    return QDir::cleanPath(QFileInfo(profilePath).absolutePath() + QLatin1Char('/') + rel);
}

Error configError(const QString &profilePath, const triage::ConfigError &e)
{
    return Error::make(Error::Kind::Config,
                       QStringLiteral("Profile %1: %2")
                           .arg(profilePath.startsWith(QLatin1String(":/")) ? QStringLiteral("(built in)") : profilePath,
                                QString::fromStdString(e.text())));
}

} // namespace

triage::Engine::Reader profileReader(const QString &profilePath)
{
    return [profilePath](const std::string &relative) { return readBytes(resolve(profilePath, relative)); };
}

models::Result<triage::Profile> loadTriageProfile(const QString &profilePath)
{
    const QString path = profilePath.isEmpty() ? defaultProfilePath() : profilePath;
    const auto text = readBytes(path);
    if (!text)
        return Error::make(Error::Kind::NotFound, QStringLiteral("Cannot read the profile %1.").arg(path));
    auto parsed = triage::Profile::parse(*text);
    if (auto *e = std::get_if<triage::ConfigError>(&parsed))
        return configError(path, *e);
    return std::get<triage::Profile>(std::move(parsed));
}

models::Result<std::unique_ptr<triage::Engine>> loadTriageEngine(const QString &profilePath, QString *identity)
{
    const QString path = profilePath.isEmpty() ? defaultProfilePath() : profilePath;
    auto profile = loadTriageProfile(path);
    if (!profile.ok())
        return profile.error();
    const std::string profileName = profile.value().name;
    QCryptographicHash fingerprint(QCryptographicHash::Sha256);
    if (const auto text = readBytes(path))
        fingerprint.addData(QByteArrayView(text->data(), static_cast<qsizetype>(text->size())));
    const auto read = profileReader(path);
    auto engine = triage::Engine::load(std::move(profile).value(), [&](const std::string &relative) {
        auto bytes = read(relative);
        fingerprint.addData(QByteArrayView(relative.data(), static_cast<qsizetype>(relative.size())));
        if (bytes)
            fingerprint.addData(QByteArrayView(bytes->data(), static_cast<qsizetype>(bytes->size())));
        return bytes;
    });
    if (auto *e = std::get_if<triage::ConfigError>(&engine))
        return configError(path, *e);
    if (identity)
        *identity = QStringLiteral("%1 %2 %3")
                        .arg(QString::fromStdString(profileName), QString::fromStdString(triage::Engine::version()),
                             QString::fromLatin1(fingerprint.result().toHex().left(16)));
    return std::get<std::unique_ptr<triage::Engine>>(std::move(engine));
}

models::Result<LoadedEngine> loadEngine(const QString &profilePath)
{
    LoadedEngine out;
    auto engine = loadTriageEngine(profilePath, &out.identity);
    if (!engine.ok())
        return engine.error();
    out.engine = std::move(engine).value();
    return out;
}

models::Result<EngineParts> loadEngineParts(const QString &profilePath)
{
    const QString path = profilePath.isEmpty() ? defaultProfilePath() : profilePath;
    auto profile = loadTriageProfile(path);
    if (!profile.ok())
        return profile.error();
    const auto read = profileReader(path);
    const auto lexText = read(profile.value().guardian.lexicon);
    if (!lexText)
        return configError(path, {"guardian.lexicon", "cannot read \"" + profile.value().guardian.lexicon + "\""});
    auto lexicon = triage::Lexicon::parse(*lexText);
    if (auto *e = std::get_if<triage::ConfigError>(&lexicon))
        return configError(path, *e);
    const auto kbText = read(profile.value().drafts.knowledgeBase);
    if (!kbText)
        return configError(path, {"drafts.knowledge_base", "cannot read \"" + profile.value().drafts.knowledgeBase + "\""});
    auto kb = triage::KnowledgeBase::parse(*kbText, profile.value().categories);
    if (auto *e = std::get_if<triage::ConfigError>(&kb))
        return configError(path, *e);
    return EngineParts{std::move(profile).value(), std::get<triage::Lexicon>(std::move(lexicon)),
                       std::get<triage::KnowledgeBase>(std::move(kb))};
}

} // namespace cosmicdesk::services
