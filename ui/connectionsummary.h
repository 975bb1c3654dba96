#pragma once

#include <services/connection.h>

#include <QString>

namespace cosmicdesk::ui {

// The status bar's sentence: where the tickets come from and how fresh they are.
QString connectionSummary(const services::ConnectionStatus &status);

} // namespace cosmicdesk::ui
