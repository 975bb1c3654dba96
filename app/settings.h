#pragma once

#include <services/settingsstore.h>

namespace cosmicdesk::app {

// The settings kept by QSettings (the platform's configuration file): non-secret values only.
class QSettingsStore final : public services::SettingsStore
{
public:
    connectors::ZendeskAccount zendeskAccount() const override;
    void saveZendeskAccount(const connectors::ZendeskAccount &account) override;
    void forgetZendeskAccount() override;

    models::CustomerSystemsConfig customerSystems() const override;
    void saveCustomerSystems(const models::CustomerSystemsConfig &config) override;

    models::AutomationConfig automation() const override;
    void saveAutomation(const models::AutomationConfig &config) override;

    services::TriageWriteBack triageWriteBack() const override;
    void saveTriageWriteBack(const services::TriageWriteBack &config) override;

    ColumnMap columnMap(const QString &header) const override;
    void saveColumnMap(const QString &header, const ColumnMap &map) override;
};

} // namespace cosmicdesk::app
