#pragma once

#include <triage/engine.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace cosmicdesk::testsupport {

// The source tree's resources folder (the tests run with COSMICDESK_SOURCE_DIR set by CMake).
inline std::string resourcesDir()
{
    const char *src = std::getenv("COSMICDESK_SOURCE_DIR");
    return std::string(src ? src : ".") + "/resources";
}

inline std::optional<std::string> readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Parses the shipped default profile with its models, lexicon and knowledge base, from disk; the
// error text when it fails.
inline std::variant<std::unique_ptr<triage::Engine>, triage::ConfigError> loadDefaultEngine()
{
    const std::string profileDir = resourcesDir() + "/profiles";
    const auto text = readFile(profileDir + "/default.json");
    if (!text)
        return triage::ConfigError{"", "cannot read " + profileDir + "/default.json"};
    auto profile = triage::Profile::parse(*text);
    if (auto *e = std::get_if<triage::ConfigError>(&profile))
        return *e;
    return triage::Engine::load(std::get<triage::Profile>(std::move(profile)),
                                [&](const std::string &relative) { return readFile(profileDir + "/" + relative); });
}

} // namespace cosmicdesk::testsupport
