#pragma once

namespace cosmicdesk::app {

// `cosmicdesk [--workspace FILE] [--screenshot FILE.png [--size WxH]]`: the window on the configured
// Zendesk account's workspace, a workspace file, or the demo (generated off the UI thread when
// missing or stale). Returns the exit code.
int runGui(int argc, char **argv);

} // namespace cosmicdesk::app
