#include "error.h"

namespace cosmicdesk::models {

QString errorKindName(Error::Kind kind)
{
    switch (kind) {
    case Error::Kind::Network: return QStringLiteral("Network");
    case Error::Kind::Timeout: return QStringLiteral("Timeout");
    case Error::Kind::Auth: return QStringLiteral("Auth");
    case Error::Kind::RateLimited: return QStringLiteral("RateLimited");
    case Error::Kind::NotFound: return QStringLiteral("NotFound");
    case Error::Kind::Conflict: return QStringLiteral("Conflict");
    case Error::Kind::Server: return QStringLiteral("Server");
    case Error::Kind::BadPayload: return QStringLiteral("BadPayload");
    case Error::Kind::Config: return QStringLiteral("Config");
    case Error::Kind::Storage: return QStringLiteral("Storage");
    case Error::Kind::Cancelled: return QStringLiteral("Cancelled");
    }
    return QStringLiteral("Unknown");
}

} // namespace cosmicdesk::models
