#pragma once

#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace cosmicdesk::ui {
class MainWindow;
}

namespace cosmicdesk::app {

class Workstation;

// What `cosmicdesk --screenshot FILE.png --view NAME` pictures. A view gets the window once the queue
// is shown and the workspace has settled, prepares what it shows (opens a dialog, makes changes) and
// then calls `shoot` with the widget to save. Views are looked up by name; add one to the list in
// screenshotviews.cpp.
struct ScreenshotView
{
    QString name;
    QString description;
    std::function<void(Workstation &ctx, ui::MainWindow &window, std::function<void(QWidget *target)> shoot)> prepare;
};

const ScreenshotView *findScreenshotView(const QString &name);
QStringList screenshotViewNames();

} // namespace cosmicdesk::app
