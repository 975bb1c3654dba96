#pragma once

#include <nlohmann/json.hpp>

#include <QFile>
#include <QString>

namespace cosmicdesk::testsupport {

// One of the vendors' published examples in tests/data/vendor ("stripe/charge.json"), or a
// discarded value when it is missing or not JSON. The tests get the source folder from CMake.
inline nlohmann::json vendorExample(const QString &name)
{
    QFile f(qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/vendor/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return nlohmann::json(nlohmann::json::value_t::discarded);
    const QByteArray bytes = f.readAll();
    return nlohmann::json::parse(bytes.cbegin(), bytes.cend(), nullptr, false);
}

} // namespace cosmicdesk::testsupport
