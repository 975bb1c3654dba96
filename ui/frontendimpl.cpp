#include "mainwindow.h"
#include "queuepanel.h"

#include <app/frontend.h>

namespace cosmicdesk::ui {
namespace {

class WidgetsFrontend final : public app::Frontend
{
public:
    std::unique_ptr<QWidget> createMainWindow(app::AppContext &context) override
    {
        return std::make_unique<MainWindow>(context);
    }
    models::QueueFilterModel *queueFilterModel(QWidget *mainWindow) override
    {
        auto *w = qobject_cast<MainWindow *>(mainWindow);
        return w ? w->queuePanel()->proxy() : nullptr;
    }
};

} // namespace
} // namespace cosmicdesk::ui

std::unique_ptr<cosmicdesk::app::Frontend> cosmicdesk::app::createFrontend()
{
    return std::make_unique<cosmicdesk::ui::WidgetsFrontend>();
}
