#pragma once

#include <services/settingsstore.h>

#include <map>

namespace cosmicdesk::testsupport {

// Settings kept in memory, for tests of the services that read and save them.
class MemorySettings final : public services::SettingsStore
{
public:
    connectors::ZendeskAccount zendesk;
    models::CustomerSystemsConfig customers;
    models::AutomationConfig automationConfig;
    services::TriageWriteBack writeBack;
    int saves = 0;

    connectors::ZendeskAccount zendeskAccount() const override { return zendesk; }
    void saveZendeskAccount(const connectors::ZendeskAccount &account) override
    {
        zendesk = account;
        ++saves;
    }
    void forgetZendeskAccount() override { zendesk = {}; }
    models::CustomerSystemsConfig customerSystems() const override { return customers; }
    void saveCustomerSystems(const models::CustomerSystemsConfig &config) override
    {
        customers = config;
        ++saves;
    }
    models::AutomationConfig automation() const override { return automationConfig; }
    void saveAutomation(const models::AutomationConfig &config) override
    {
        automationConfig = config;
        ++saves;
    }
    std::map<QString, ColumnMap> columnMaps;
    ColumnMap columnMap(const QString &header) const override
    {
        const auto it = columnMaps.find(header);
        return it == columnMaps.end() ? ColumnMap{} : it->second;
    }
    void saveColumnMap(const QString &header, const ColumnMap &map) override { columnMaps[header] = map; }
    services::TriageWriteBack triageWriteBack() const override { return writeBack; }
    void saveTriageWriteBack(const services::TriageWriteBack &config) override
    {
        writeBack = config;
        ++saves;
    }
};

} // namespace cosmicdesk::testsupport
