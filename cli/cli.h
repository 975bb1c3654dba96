#pragma once

#include <QString>

namespace cosmicdesk::cli {

// Exit codes of every command (docs/architecture.md, "Executable").
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// `cosmicdesk <command>`: whether the first argument names a headless command.
bool isCommand(const QString &word);
// Runs the command named by argv[1] with the application object it needs (a GUI one for the
// benchmarks that paint the window, offscreen when there is no display).
int run(int argc, char **argv);

// The top-level --help, listing every command.
QString generalHelp();
// Qt picks a platform plugin at start-up: without a display, use offscreen so headless runs work.
void preferOffscreenWithoutDisplay();

void printOut(const QString &text);
void printErr(const QString &text);

} // namespace cosmicdesk::cli
