#pragma once

#include <QSize>
#include <QString>

#include <memory>

class QWidget;

namespace cosmicdesk::models {
class QueueFilterModel;
}

namespace cosmicdesk::app {

class AppContext;

// The graphical front end, as app sees it. app never includes ui: the ui library implements this
// port and main.cpp hands app the factory, so the layers stay one-way (ARCHITECTURE.md).
class Frontend
{
public:
    virtual ~Frontend() = default;

    // The main window over a context; the caller shows it and owns it.
    virtual std::unique_ptr<QWidget> createMainWindow(AppContext &context) = 0;
    // The filter/sort proxy behind the window's queue (for benchmarks and screenshots).
    virtual models::QueueFilterModel *queueFilterModel(QWidget *mainWindow) = 0;
};

using FrontendFactory = std::unique_ptr<Frontend> (*)();

// Defined by the ui library.
std::unique_ptr<Frontend> createFrontend();

} // namespace cosmicdesk::app
