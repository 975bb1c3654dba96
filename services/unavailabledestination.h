#pragma once

#include "outboxdestination.h"

namespace cosmicdesk::services {

// A destination the settings name but that cannot send (a secret missing from the keychain, a key
// file that cannot be read): its entries wait, the worker shows it paused with the reason, and a
// person's Resume only brings the reason back. The next start with the settings fixed delivers them.
class UnavailableDestination final : public OutboxDestination
{
public:
    UnavailableDestination(QString name, QString reason);
    QString name() const override { return m_name; }
    QString unavailable() const override { return m_reason; }
    void send(const models::OutboxEntry &entry, QObject *context, std::function<void(SendOutcome)> done) override;

private:
    QString m_name;
    QString m_reason;
};

} // namespace cosmicdesk::services
