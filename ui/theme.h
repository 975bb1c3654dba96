#pragma once

#include <QColor>

namespace cosmicdesk::ui::theme {

// Colour only where it means something (PRODUCT.md, "Look and feel").
QColor priorityColor(int priority); // 0-3; invalid for none
QColor slaAtRisk();
QColor slaBreached();
QColor guardianColor(int level); // 1 watch, 2 alert, 3 critical
QColor opportunityColor();
QColor internalNoteBackground();

} // namespace cosmicdesk::ui::theme
