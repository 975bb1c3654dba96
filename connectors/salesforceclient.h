#pragma once

#include "restclient.h"

#include <models/customer.h>

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cosmicdesk::connectors {

class AuthProvider;

struct SalesforceConfig
{
    QString apiVersion = QStringLiteral("v62.0");
    QString contactExternalIdField = QStringLiteral("Zendesk_User_Id__c"); // empty: by e-mail only
};

// Salesforce REST (docs/wire-formats.md §2) over RestClient: SOQL with nextRecordsUrl, the
// contact of a Zendesk requester by a configurable external-id field (or by e-mail), its account and
// cases. Reads Sforce-Limit-Info. baseUrl is the org's instance (My Domain) URL.
class SalesforceClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SalesforceClient)

public:
    using Config = SalesforceConfig;
    SalesforceClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, Config config = {}, QObject *parent = nullptr);
    ~SalesforceClient() override;

    // Every record of a SOQL query, across pages.
    void query(const QString &soql, QObject *context, std::function<void(Result<std::vector<nlohmann::json>>)> done);
    void contact(qint64 zendeskUserId, const QString &email, QObject *context,
                 std::function<void(Result<std::optional<models::CrmContact>>)> done);
    void account(const QString &accountId, QObject *context, std::function<void(Result<std::optional<models::CrmAccount>>)> done);
    // The newest cases of a contact (and those sent from the e-mail), newest first.
    void cases(const QString &contactId, const QString &email, int limit, QObject *context,
               std::function<void(Result<std::vector<models::CrmCase>>)> done);

    // From the last Sforce-Limit-Info header: API calls used and allowed in the rolling 24 h.
    std::pair<qint64, qint64> apiUsage() const { return m_usage; }

    // Contact with its account (one query, parent fields) and cases (a second query, by the contact's
    // external id or e-mail), both at once: one round trip for the whole Salesforce section.
    void overview(qint64 zendeskUserId, const QString &email, int caseLimit, QObject *context,
                  std::function<void(Result<models::CrmOverview>)> done);

    // A SOQL string literal: quotes, backslashes and control characters escaped.
    static QString literal(const QString &value);
    static qint64 parseTime(const QString &value); // 2024-05-02T08:20:11.000+0000

private:
    // The external-id field is compared as a number or as a string by its type in Salesforce,
    // learnt once per client from the Contact describe (Text when that fails; asked again next time).
    void whenExternalIdTypeKnown(std::function<void()> ready);
    QString externalIdLiteral(qint64 id) const;
    void contactOfKnownType(qint64 zendeskUserId, const QString &email, QObject *context,
                            std::function<void(Result<std::optional<models::CrmContact>>)> done);
    void overviewOfKnownType(qint64 zendeskUserId, const QString &email, int caseLimit, QObject *context,
                             std::function<void(Result<models::CrmOverview>)> done);
    void casesWhere(const QStringList &where, int limit, QObject *context, std::function<void(Result<std::vector<models::CrmCase>>)> done);
    std::unique_ptr<RestClient> m_rest;
    Config m_config;
    std::pair<qint64, qint64> m_usage{0, 0};
    std::optional<bool> m_externalIdNumeric;
    std::vector<std::function<void()>> m_waitingForDescribe;
};

} // namespace cosmicdesk::connectors
