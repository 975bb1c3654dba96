#pragma once

#include <models/result.h>
#include <triage/engine.h>

#include <QString>

#include <memory>

namespace cosmicdesk::services {

// The built-in profile, compiled into the binary with its models, lexicon and knowledge base.
QString defaultProfilePath();

// Resources named by a profile are read relative to the profile's folder (on disk or in the
// binary's resources).
triage::Engine::Reader profileReader(const QString &profilePath);

models::Result<triage::Profile> loadTriageProfile(const QString &profilePath);
// identity, when given, receives what names this engine in stored suggestions: the profile's name,
// the engine's version and a fingerprint of the profile and every resource it read (models, lexicon,
// knowledge base). Another identity means the stored suggestions are due again.
models::Result<std::unique_ptr<triage::Engine>> loadTriageEngine(const QString &profilePath, QString *identity = nullptr);

// An engine with the identity its stored suggestions carry.
struct LoadedEngine
{
    std::unique_ptr<triage::Engine> engine;
    QString identity;
};
models::Result<LoadedEngine> loadEngine(const QString &profilePath);

// The parts of an engine other than its models, for training a profile whose models do not exist yet.
struct EngineParts
{
    triage::Profile profile;
    triage::Lexicon lexicon;
    triage::KnowledgeBase knowledgeBase;
};
models::Result<EngineParts> loadEngineParts(const QString &profilePath);

} // namespace cosmicdesk::services
