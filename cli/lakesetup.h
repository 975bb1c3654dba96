#pragma once

#include <connectors/rdslake.h>
#include <connectors/snowflakeclient.h>

#include <QString>
#include <QStringList>

#include <map>
#include <optional>

class QCommandLineParser;

namespace cosmicdesk::services {
class OutboxWorker;
}

namespace cosmicdesk::cli {

// Where the consolidated records go: the RDS database and/or Snowflake, as the command line (or the
// demo) configures them. Secrets come from the environment (headless) or the keychain (the app).
struct LakeTargets
{
    std::optional<connectors::RdsLakeWriter::Config> rds;
    struct Snowflake
    {
        connectors::SnowflakeClient::Config client;
        connectors::SnowflakeJwtAuth::Config auth;
        QString table = QStringLiteral("CONSOLIDATED_TICKETS");
        int maxInFlight = 8;
    };
    std::optional<Snowflake> snowflake;
    QStringList destinations() const;
};

// The lake destinations of the outbox worker, their clients made on its thread.
void addLakeDestinations(services::OutboxWorker &worker, const LakeTargets &targets);

// Creates the RDS table and the Snowflake table when missing; empty on success, else why not.
// Spins an event loop until both answered (headless commands only).
QString initLakeSchema(const LakeTargets &targets);

struct LakeRun
{
    std::map<QString, qint64> loaded;  // rows per destination in this run
    std::map<QString, qint64> refused; // rows the destination refused (reported in lake_failures)
    std::map<QString, qint64> waiting; // rows still queued when the run ended
    qint64 invalid = 0;                // records that failed validation (reported, not queued)
    QString error;                     // why the run stopped early (a paused destination, a timeout)
};
// Queues every record not yet loaded and delivers it through the outbox; returns when nothing of
// the lake waits any more, a destination pauses, or the time is up. Spins an event loop.
LakeRun runLake(const QString &workspacePath, const LakeTargets &targets, std::chrono::seconds timeout, int recordsPerEntry = 2000);

} // namespace cosmicdesk::cli
