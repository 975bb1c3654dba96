#include "unavailabledestination.h"

namespace cosmicdesk::services {

UnavailableDestination::UnavailableDestination(QString name, QString reason) : m_name(std::move(name)), m_reason(std::move(reason)) {}

void UnavailableDestination::send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done)
{
    Q_UNUSED(entry)
    Q_UNUSED(context)
    SendOutcome o;
    o.kind = SendOutcome::Kind::Paused;
    o.error = m_reason;
    done(o);
}

} // namespace cosmicdesk::services
