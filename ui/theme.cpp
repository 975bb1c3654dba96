#include "theme.h"

namespace cosmicdesk::ui::theme {

QColor priorityColor(int priority)
{
    switch (priority) {
    case 0: return QColor(0xd3, 0x2f, 0x2f); // red
    case 1: return QColor(0xef, 0x6c, 0x00); // orange
    case 2: return QColor(0x1e, 0x88, 0xe5); // blue
    case 3: return QColor(0x8a, 0x8a, 0x8a); // grey
    default: return QColor();
    }
}

QColor slaAtRisk()
{
    return QColor(0xd9, 0x8e, 0x04);
}

QColor slaBreached()
{
    return QColor(0xd3, 0x2f, 0x2f);
}

QColor guardianColor(int level)
{
    switch (level) {
    case 1: return QColor(0xc9, 0xa2, 0x27);
    case 2: return QColor(0xef, 0x6c, 0x00);
    case 3: return QColor(0xd3, 0x2f, 0x2f);
    default: return QColor();
    }
}

QColor opportunityColor()
{
    return QColor(0x2e, 0x7d, 0x32);
}

QColor internalNoteBackground()
{
    return QColor(0xff, 0xf8, 0xe1);
}

QColor staffMessageBackground()
{
    return QColor(0xf3, 0xf6, 0xfa);
}

QColor requesterMessageBackground()
{
    return QColor(0xff, 0xff, 0xff);
}

QColor warning()
{
    return QColor(0xb2, 0x6a, 0x00);
}

QColor error()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor success()
{
    return QColor(0x2e, 0x7d, 0x32);
}

QColor attention()
{
    return QColor(0xef, 0x6c, 0x00);
}

QColor neutral()
{
    return QColor(0x37, 0x47, 0x4f);
}

QColor muted()
{
    return QColor(0x5a, 0x6b, 0x80);
}

QColor skeleton()
{
    return QColor(0xe4, 0xe7, 0xeb);
}

QColor highlight()
{
    return QColor(0xff, 0xf4, 0xcc);
}

} // namespace cosmicdesk::ui::theme
