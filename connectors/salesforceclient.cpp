#include "salesforceclient.h"

#include <models/isotime.h>

#include "auth.h"
#include "pagination.h"
#include <models/jsonread.h>

#include <QDateTime>
#include <QRegularExpression>

namespace cosmicdesk::connectors {

using nlohmann::json;
using namespace models::jsonread;

namespace {

models::CrmContact contactFrom(const json &r)
{
    return models::CrmContact{text(r, "Id"), text(r, "Name"), text(r, "Email"), text(r, "Phone"), text(r, "Title"), text(r, "AccountId")};
}

} // namespace

SalesforceClient::SalesforceClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, Config config, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(std::move(options), std::move(auth), this)), m_config(std::move(config))
{
    // "Sforce-Limit-Info: api-usage=18/15000; per-app-api-usage=…": keep the api-usage pair.
    m_rest->setResponseObserver([this](const RestResponse &r) {
        static const QRegularExpression usage(QStringLiteral("(?:^|[;\\s])api-usage=(\\d+)/(\\d+)"));
        const auto m = usage.match(QString::fromLatin1(r.header("sforce-limit-info")));
        if (m.hasMatch())
            m_usage = {m.captured(1).toLongLong(), m.captured(2).toLongLong()};
    });
}

SalesforceClient::~SalesforceClient() = default;

QString SalesforceClient::literal(const QString &value)
{
    // SOQL's escape sequences; a literal can then hold anything without ending early.
    QString out;
    out.reserve(value.size() + 2);
    out += u'\'';
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\'': out += QStringLiteral("\\'"); break;
        case '"': out += QStringLiteral("\\\""); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\b': out += QStringLiteral("\\b"); break;
        case '\f': out += QStringLiteral("\\f"); break;
        default: out += c; break;
        }
    }
    out += u'\'';
    return out;
}

QString SalesforceClient::externalIdLiteral(qint64 id) const
{
    // A Number field is compared with a bare number (Salesforce refuses a quoted one), a Text field with a string.
    return m_externalIdNumeric.value_or(false) ? QString::number(id) : literal(QString::number(id));
}

void SalesforceClient::whenExternalIdTypeKnown(std::function<void()> ready)
{
    if (m_config.contactExternalIdField.isEmpty() || m_externalIdNumeric) {
        ready();
        return;
    }
    m_waitingForDescribe.push_back(std::move(ready));
    if (m_waitingForDescribe.size() > 1)
        return; // one describe for everyone waiting
    m_rest->send(RestRequest::get(QStringLiteral("/services/data/%1/sobjects/Contact/describe").arg(m_config.apiVersion)), this,
                 [this](Result<RestResponse> r) {
                     static const QStringList numeric = {QStringLiteral("double"), QStringLiteral("int"), QStringLiteral("long"),
                                                         QStringLiteral("currency"), QStringLiteral("percent")};
                     if (r.ok()) {
                         const auto j = r.value().json();
                         const nlohmann::json body = j.ok() ? j.value() : nlohmann::json();
                         m_externalIdNumeric = false; // a field the describe does not list is compared as Text
                         for (const auto &f : array(body, "fields"))
                             if (text(f, "name").compare(m_config.contactExternalIdField, Qt::CaseInsensitive) == 0)
                                 m_externalIdNumeric = numeric.contains(text(f, "type"));
                     } else if (r.error().httpStatus > 0) {
                         m_externalIdNumeric = false; // no describe for this user: Text, and no asking on every call
                     }                                // unreachable: Text for now, asked again next time
                     auto waiting = std::exchange(m_waitingForDescribe, {});
                     for (auto &ready : waiting)
                         ready();
                 });
}

qint64 SalesforceClient::parseTime(const QString &value)
{
    return models::parseIsoTime(value); // 2024-05-02T08:20:11.000+0000
}

void SalesforceClient::query(const QString &soql, QObject *context, std::function<void(Result<std::vector<json>>)> done)
{
    auto records = std::make_shared<std::vector<json>>();
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(soql)));
    QPointer<SalesforceClient> self(this);
    auto *walker = new PageWalker(
        *m_rest, RestRequest::get(QStringLiteral("/services/data/%1/query").arg(m_config.apiVersion), q),
        [](const json &page, const RestRequest &) { return next_page::salesforce(page); },
        [records](const json &page) {
            for (const auto &r : array(page, "records"))
                records->push_back(r);
            return true;
        },
        this);
    connect(walker, &PageWalker::finished, context ? context : this,
            [self, walker, records, done = std::move(done)](const Result<void> &r) {
                walker->deleteLater();
                if (!r.ok())
                    done(r.error());
                else
                    done(std::move(*records));
            });
    walker->start();
}

void SalesforceClient::contact(qint64 zendeskUserId, const QString &email, QObject *context,
                               std::function<void(Result<std::optional<models::CrmContact>>)> done)
{
    if (zendeskUserId > 0 && !m_config.contactExternalIdField.isEmpty() && !m_externalIdNumeric) {
        QPointer<QObject> ctx(context);
        whenExternalIdTypeKnown([this, zendeskUserId, email, ctx, hadContext = context != nullptr, done = std::move(done)]() mutable {
            if (!hadContext || ctx)
                contactOfKnownType(zendeskUserId, email, ctx, std::move(done));
        });
        return;
    }
    contactOfKnownType(zendeskUserId, email, context, std::move(done));
}

void SalesforceClient::contactOfKnownType(qint64 zendeskUserId, const QString &email, QObject *context,
                                          std::function<void(Result<std::optional<models::CrmContact>>)> done)
{
    const QString fields = QStringLiteral("SELECT Id, Name, Email, Phone, Title, AccountId FROM Contact WHERE ");
    QStringList where;
    if (!m_config.contactExternalIdField.isEmpty() && zendeskUserId > 0)
        where << m_config.contactExternalIdField + QStringLiteral(" = ") + externalIdLiteral(zendeskUserId);
    if (!email.isEmpty())
        where << QStringLiteral("Email = ") + literal(email);
    if (where.isEmpty()) {
        done(std::optional<models::CrmContact>());
        return;
    }
    // The external id wins over the e-mail when both match different contacts.
    const QString soql = fields + where.join(QStringLiteral(" OR ")) + QStringLiteral(" LIMIT 5");
    const QString field = m_config.contactExternalIdField;
    query(soql, context, [done = std::move(done), zendeskUserId, field](Result<std::vector<json>> r) {
        if (!r.ok()) {
            done(r.error());
            return;
        }
        const auto &records = r.value();
        if (records.empty()) {
            done(std::optional<models::CrmContact>());
            return;
        }
        for (const auto &rec : records)
            if (!field.isEmpty() && integer(rec, field.toStdString().c_str()) == zendeskUserId)
                return done(std::optional(contactFrom(rec)));
        done(std::optional(contactFrom(records.front())));
    });
}

void SalesforceClient::account(const QString &accountId, QObject *context,
                               std::function<void(Result<std::optional<models::CrmAccount>>)> done)
{
    if (accountId.isEmpty()) {
        done(std::optional<models::CrmAccount>());
        return;
    }
    query(QStringLiteral("SELECT Id, Name, Type, Industry, Phone, Website, BillingCountry, CreatedDate FROM Account WHERE Id = ") +
              literal(accountId),
          context, [done = std::move(done)](Result<std::vector<json>> r) {
              if (!r.ok())
                  return done(r.error());
              if (r.value().empty())
                  return done(std::optional<models::CrmAccount>());
              const json &a = r.value().front();
              done(std::optional(models::CrmAccount{text(a, "Id"), text(a, "Name"), text(a, "Type"), text(a, "Industry"), text(a, "Phone"),
                                                    text(a, "Website"), text(a, "BillingCountry"), parseTime(text(a, "CreatedDate"))}));
          });
}

void SalesforceClient::cases(const QString &contactId, const QString &email, int limit, QObject *context,
                             std::function<void(Result<std::vector<models::CrmCase>>)> done)
{
    QStringList where;
    if (!contactId.isEmpty())
        where << QStringLiteral("ContactId = ") + literal(contactId);
    if (!email.isEmpty())
        where << QStringLiteral("ContactEmail = ") + literal(email) + QStringLiteral(" OR SuppliedEmail = ") + literal(email);
    casesWhere(where, limit, context, std::move(done));
}

void SalesforceClient::casesWhere(const QStringList &where, int limit, QObject *context,
                                  std::function<void(Result<std::vector<models::CrmCase>>)> done)
{
    if (where.isEmpty()) {
        done(std::vector<models::CrmCase>());
        return;
    }
    // Concatenated, not arg()-chained: a "%1" inside an e-mail must not be taken for a placeholder.
    query(QStringLiteral("SELECT Id, CaseNumber, Subject, Status, Priority, Origin, IsClosed, CreatedDate, ClosedDate FROM Case WHERE ") +
              where.join(QStringLiteral(" OR ")) + QStringLiteral(" ORDER BY CreatedDate DESC LIMIT ") +
              QString::number(std::clamp(limit, 1, 200)),
          context, [done = std::move(done)](Result<std::vector<json>> r) {
              if (!r.ok())
                  return done(r.error());
              std::vector<models::CrmCase> out;
              for (const auto &c : r.value())
                  out.push_back(models::CrmCase{text(c, "Id"), text(c, "CaseNumber"), text(c, "Subject"), text(c, "Status"),
                                                text(c, "Priority"), text(c, "Origin"), flag(c, "IsClosed"),
                                                parseTime(text(c, "CreatedDate")), parseTime(text(c, "ClosedDate"))});
              done(std::move(out));
          });
}

} // namespace cosmicdesk::connectors

namespace cosmicdesk::connectors {

void SalesforceClient::overview(qint64 zendeskUserId, const QString &email, int caseLimit, QObject *context,
                                std::function<void(Result<models::CrmOverview>)> done)
{
    if (zendeskUserId > 0 && !m_config.contactExternalIdField.isEmpty() && !m_externalIdNumeric) {
        // The first call learns the field's type (one describe per client); every later one goes straight on.
        QPointer<QObject> ctx(context);
        whenExternalIdTypeKnown(
            [this, zendeskUserId, email, caseLimit, ctx, hadContext = context != nullptr, done = std::move(done)]() mutable {
                if (!hadContext || ctx)
                    overviewOfKnownType(zendeskUserId, email, caseLimit, ctx, std::move(done));
            });
        return;
    }
    overviewOfKnownType(zendeskUserId, email, caseLimit, context, std::move(done));
}

void SalesforceClient::overviewOfKnownType(qint64 zendeskUserId, const QString &email, int caseLimit, QObject *context,
                                           std::function<void(Result<models::CrmOverview>)> done)
{
    const QString field = m_config.contactExternalIdField;
    QStringList contactWhere, caseWhere;
    if (!field.isEmpty() && zendeskUserId > 0) {
        contactWhere << field + QStringLiteral(" = ") + externalIdLiteral(zendeskUserId);
        caseWhere << QStringLiteral("Contact.") + field + QStringLiteral(" = ") + externalIdLiteral(zendeskUserId);
    }
    if (!email.isEmpty()) {
        contactWhere << QStringLiteral("Email = ") + literal(email);
        caseWhere << QStringLiteral("ContactEmail = ") + literal(email) + QStringLiteral(" OR SuppliedEmail = ") + literal(email);
    }
    if (contactWhere.isEmpty())
        return done(models::CrmOverview());
    struct State
    {
        models::CrmOverview view;
        int waiting = 2;
        std::optional<Error> error;
    };
    auto state = std::make_shared<State>();
    auto shared = std::make_shared<std::function<void(Result<models::CrmOverview>)>>(std::move(done));
    auto settle = [state, shared] {
        if (--state->waiting > 0)
            return;
        if (state->error)
            (*shared)(*state->error);
        else
            (*shared)(std::move(state->view));
    };
    QString select = QStringLiteral("SELECT Id, Name, Email, Phone, Title, AccountId, Account.Name, Account.Type, Account.Industry, "
                                    "Account.Phone, Account.Website, Account.BillingCountry, Account.CreatedDate");
    if (!field.isEmpty())
        select += QStringLiteral(", ") + field;
    query(select + QStringLiteral(" FROM Contact WHERE ") + contactWhere.join(QStringLiteral(" OR ")) + QStringLiteral(" LIMIT 5"), context,
          [state, settle, field, zendeskUserId](Result<std::vector<json>> r) {
              if (!r.ok()) {
                  state->error = r.error();
              } else if (!r.value().empty()) {
                  const json *best = &r.value().front(); // the external id wins over the e-mail
                  for (const auto &rec : r.value())
                      if (!field.isEmpty() && integer(rec, field.toStdString().c_str()) == zendeskUserId)
                          best = &rec;
                  state->view.contact = contactFrom(*best);
                  const json &a = object(*best, "Account");
                  if (!a.empty())
                      state->view.account = models::CrmAccount{
                          text(*best, "AccountId"), text(a, "Name"),    text(a, "Type"),           text(a, "Industry"),
                          text(a, "Phone"),         text(a, "Website"), text(a, "BillingCountry"), parseTime(text(a, "CreatedDate"))};
              }
              settle();
          });
    casesWhere(caseWhere, caseLimit, context, [state, settle](Result<std::vector<models::CrmCase>> r) {
        if (!r.ok())
            state->error = r.error();
        else
            state->view.cases = std::move(r.value());
        settle();
    });
}

} // namespace cosmicdesk::connectors
