#pragma once

#include "httpsandbox.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace cosmicdesk::sandbox {

struct SnowflakeFakeOptions
{
    QString account = QStringLiteral("DEMO-ACCOUNT"); // what iss/sub must say (uppercase JWT account)
    QString user = QStringLiteral("COSMICDESK");
    QByteArray publicKeyPem;  // the configured RSA public key; JWT signature and fingerprint checked against it
    int partitionRows = 1000; // result rows per partition
    int asyncRunMs = 0;       // async=true statements answer 202 and finish after this long
};

// Snowflake's SQL API v2 (docs/wire-formats.md §5) on an HttpSandbox, statements run one at a time
// on a private in-memory SQLite: key-pair JWT checked against the configured public key, jsonv2
// results in partitions (gzip when asked), async statements and their 202s, cancel, requestId
// dedup with retry=true, and Snowflake's error shapes and codes. Routes "snowflake.submit",
// "snowflake.status", "snowflake.cancel"; fault replies for "snowflake" (429 and 503 with Retry-After).
// SQLite underneath means PRIMARY KEY/UNIQUE are enforced where Snowflake enforces only NOT NULL;
// VARCHAR(n) lengths and NUMBER columns are checked as Snowflake checks them.
class SnowflakeFake final
{
public:
    SnowflakeFake(HttpSandbox &server, SnowflakeFakeOptions options);
    ~SnowflakeFake();
    SnowflakeFake(const SnowflakeFake &) = delete;
    SnowflakeFake &operator=(const SnowflakeFake &) = delete;

    // Runs SQL on the embedded SQLite directly (tests and the bench count rows): rows as strings. Thread-safe.
    std::vector<std::vector<QString>> query(const QString &sql) const;
    qint64 statementsExecuted() const; // statements actually run (a requestId retry answered from memory does not count)
    qint64 requestIdReplays() const;

    // The next `count` submissions run, and then their answer is lost (the connection is reset).
    void loseAnswersAfterRunning(int count);
    qint64 gzippedReplies() const; // partitions sent gzip-encoded
    const SnowflakeFakeOptions &options() const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace cosmicdesk::sandbox
