#pragma once

#include "cli.h"

#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace cosmicdesk::cli {

// Headless subcommands; `args` starts with the command name. Each returns an ExitCode.
int demoDataCommand(const QStringList &args);
int benchCommand(const QStringList &args);
int triageCommand(const QStringList &args);
int importCommand(const QStringList &args);
int benchImport(const QStringList &args);
int trainCommand(const QStringList &args);
int evalCommand(const QStringList &args);
int sandboxCommand(const QStringList &args);
int syncCommand(const QStringList &args);
int benchSync(const QStringList &args);
int benchCustomerView(const QStringList &args);
int benchOutbox(const QStringList &args);
int lakeCommand(const QStringList &args);
int benchLake(const QStringList &args);
int benchOverview(const QStringList &args);

// Parses with a uniform treatment of --help and errors. Returns -1 to go on, else the exit code.
int parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &synopsis);
// A whole-number option within [min, max]; otherwise says so as `command` ("cosmicdesk bench queue")
// and gives nothing.
std::optional<qint64> countOption(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max, const QString &command);

} // namespace cosmicdesk::cli
