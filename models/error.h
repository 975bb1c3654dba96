#pragma once

#include <QString>

#include <chrono>

namespace cosmicdesk::models {

// One structured error for every layer above triage (docs/architecture.md, "Errors").
struct Error
{
    enum class Kind {
        Network,     // connection refused, reset, DNS, TLS
        Timeout,     // no answer in time
        Auth,        // wrong or expired credentials
        RateLimited, // 429 or a vendor's quota error
        NotFound,    // 404 or no such record
        Conflict,    // 409: someone changed the record since we read it
        Server,      // 5xx
        BadPayload,  // unparsable or invalid data (wire or file)
        Config,      // missing or invalid configuration
        Storage,     // the local database failed
        Cancelled,   // the user or the app cancelled the job
    };

    Kind kind = Kind::Server;
    int httpStatus = 0;
    QString message;
    std::chrono::seconds retryAfter{0};

    static Error make(Kind k, QString msg, int status = 0) { return Error{k, status, std::move(msg), {}}; }
};

QString errorKindName(Error::Kind kind);

} // namespace cosmicdesk::models
