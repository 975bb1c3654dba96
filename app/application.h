#pragma once

#include "frontend.h"

namespace cosmicdesk::app {

// Exit codes of every command (ARCHITECTURE.md, "Executable").
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// The whole program: `cosmicdesk` opens the window, `cosmicdesk <command>` runs headless.
int run(int argc, char **argv, FrontendFactory frontend);

} // namespace cosmicdesk::app
