#pragma once

#include <connectors/zendeskaccount.h>
#include <models/automationconfig.h>
#include <models/customersystems.h>

#include "triagewriteback.h"

#include <QString>

#include <utility>
#include <vector>

namespace cosmicdesk::services {

// Where the non-secret settings are kept. The composition root hands the services an implementation
// (QSettings in the app, memory in tests); no service reads settings on its own.
class SettingsStore
{
public:
    virtual ~SettingsStore() = default;

    virtual connectors::ZendeskAccount zendeskAccount() const = 0;
    virtual void saveZendeskAccount(const connectors::ZendeskAccount &account) = 0;
    virtual void forgetZendeskAccount() = 0;

    virtual models::CustomerSystemsConfig customerSystems() const = 0;
    virtual void saveCustomerSystems(const models::CustomerSystemsConfig &config) = 0;

    // File → Automation settings…: the data lake's and the alerts' destinations (no secret).
    virtual models::AutomationConfig automation() const = 0;
    virtual void saveAutomation(const models::AutomationConfig &config) = 0;

    virtual TriageWriteBack triageWriteBack() const = 0;
    virtual void saveTriageWriteBack(const TriageWriteBack &config) = 0;

    // File → Open export…: the column map last used for a CSV header (the header's columns joined
    // by '\x1f'); empty when none.
    using ColumnMap = std::vector<std::pair<QString, QString>>;
    virtual ColumnMap columnMap(const QString &header) const = 0;
    virtual void saveColumnMap(const QString &header, const ColumnMap &map) = 0;
};

} // namespace cosmicdesk::services
