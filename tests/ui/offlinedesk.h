#pragma once

#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <services/connection.h>
#include <services/ticketdetailsservice.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <ui/windowservices.h>

#include <memory>

namespace cosmicdesk::testsupport {

// What the main window needs over an offline workspace file, composed for a widget test (the app's
// composition root builds the same for a workspace opened with --workspace).
struct OfflineDesk
{
    std::unique_ptr<models::TicketStore> store;
    std::unique_ptr<models::TicketQueueModel> queue;
    std::unique_ptr<services::TriageService> triage;
    std::unique_ptr<services::TicketDetailsService> details;
    std::unique_ptr<services::Connection> connection;

    static std::unique_ptr<OfflineDesk> open(const QString &path)
    {
        auto opened = models::TicketStore::open(path);
        if (!opened.ok())
            return nullptr;
        auto d = std::make_unique<OfflineDesk>();
        d->store = std::move(opened).value();
        d->queue = std::make_unique<models::TicketQueueModel>(d->store.get());
        d->triage =
            std::make_unique<services::TriageService>(*d->store, QStringLiteral("Rosa Delgado"), [] { return services::loadEngine({}); });
        d->details = std::make_unique<services::TicketDetailsService>(path);
        d->connection = std::make_unique<services::Connection>(services::Connection::Mode::Offline);
        return d;
    }

    ui::WindowServices services() const
    {
        ui::WindowServices s;
        s.workspacePath = store->path();
        s.queue = queue.get();
        s.triage = triage.get();
        s.details = details.get();
        s.connection = connection.get();
        return s;
    }
};

} // namespace cosmicdesk::testsupport
