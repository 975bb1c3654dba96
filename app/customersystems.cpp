#include "customersystems.h"

#include <connectors/auth.h>
#include <connectors/carriers.h>
#include <connectors/credentialstore.h>
#include <connectors/orderssource.h>
#include <connectors/productclient.h>
#include <connectors/salesforceclient.h>
#include <connectors/stripeclient.h>

#include <QPointer>
#include <QSettings>

namespace cosmicdesk::app {

using models::Error;

namespace {

QString secretKey(const QString &name)
{
    return QStringLiteral("customer:") + name;
}

connectors::RestClient::Options rest(const QString &url)
{
    connectors::RestClient::Options o;
    o.baseUrl = QUrl(url);
    o.timeout = std::chrono::seconds(15);
    o.maxAttempts = 3;
    o.maxInFlightPerHost = 6;
    return o;
}

QString sentence(const Error &e)
{
    switch (e.kind) {
    case Error::Kind::Auth: return QStringLiteral("✘ the credentials were refused (%1)").arg(e.message);
    case Error::Kind::Network: return QStringLiteral("✘ not reachable (%1)").arg(e.message);
    case Error::Kind::Timeout: return QStringLiteral("✘ no answer in time");
    case Error::Kind::Config: return QStringLiteral("✘ %1").arg(e.message);
    default: return QStringLiteral("✘ %1").arg(e.message);
    }
}

} // namespace

const QStringList &CustomerSystemsSettings::secretNames()
{
    static const QStringList names = {QStringLiteral("salesforce_client_secret"), QStringLiteral("salesforce_refresh_token"),
                                      QStringLiteral("stripe_key"),               QStringLiteral("dhl_key"),
                                      QStringLiteral("ninjavan_client_secret"),   QStringLiteral("singpost_key"),
                                      QStringLiteral("products_key"),             QStringLiteral("orders_password")};
    return names;
}

CustomerSystemsSettings CustomerSystemsSettings::load()
{
    QSettings s;
    s.beginGroup(QStringLiteral("customer_view"));
    CustomerSystemsSettings c;
    auto text = [&s](const char *key, QString &target) { target = s.value(QLatin1String(key), target).toString(); };
    text("salesforce_url", c.salesforceUrl);
    text("salesforce_client_id", c.salesforceClientId);
    text("salesforce_external_id_field", c.salesforceExternalIdField);
    text("stripe_url", c.stripeUrl);
    text("dhl_url", c.dhlUrl);
    text("ninjavan_url", c.ninjaVanUrl);
    text("ninjavan_country", c.ninjaVanCountry);
    text("ninjavan_client_id", c.ninjaVanClientId);
    text("singpost_url", c.singPostUrl);
    text("products_url", c.productsUrl);
    text("orders_driver", c.ordersDriver);
    text("orders_host", c.ordersHost);
    text("orders_database", c.ordersDatabase);
    text("orders_user", c.ordersUser);
    text("orders_connect_options", c.ordersConnectOptions);
    text("orders_query", c.ordersQuery);
    text("items_query", c.itemsQuery);
    c.ordersPort = s.value(QStringLiteral("orders_port"), c.ordersPort).toInt();
    c.ordersRequireTls = s.value(QStringLiteral("orders_require_tls"), c.ordersRequireTls).toBool();
    return c;
}

void CustomerSystemsSettings::save() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("customer_view"));
    const std::pair<const char *, QString> values[] = {
        {"salesforce_url", salesforceUrl}, {"salesforce_client_id", salesforceClientId},
        {"salesforce_external_id_field", salesforceExternalIdField}, {"stripe_url", stripeUrl}, {"dhl_url", dhlUrl},
        {"ninjavan_url", ninjaVanUrl}, {"ninjavan_country", ninjaVanCountry}, {"ninjavan_client_id", ninjaVanClientId},
        {"singpost_url", singPostUrl}, {"products_url", productsUrl}, {"orders_driver", ordersDriver}, {"orders_host", ordersHost},
        {"orders_database", ordersDatabase}, {"orders_user", ordersUser}, {"orders_connect_options", ordersConnectOptions},
        {"orders_query", ordersQuery}, {"items_query", itemsQuery}};
    for (const auto &[key, value] : values)
        s.setValue(QLatin1String(key), value);
    s.setValue(QStringLiteral("orders_port"), ordersPort);
    s.setValue(QStringLiteral("orders_require_tls"), ordersRequireTls);
}

namespace customer_systems {

CustomerViewService::Sources buildSources(const CustomerSystemsSettings &c, const Secrets &secret)
{
    CustomerViewService::Sources s;
    if (!c.salesforceUrl.isEmpty() && !c.salesforceClientId.isEmpty()) {
        connectors::OAuth2Auth::Config sf;
        sf.tokenUrl = QUrl(c.salesforceUrl + QStringLiteral("/services/oauth2/token"));
        sf.format = connectors::OAuth2Auth::BodyFormat::Form;
        sf.clientId = c.salesforceClientId;
        sf.clientSecret = secret.value(QStringLiteral("salesforce_client_secret"));
        sf.refreshToken = secret.value(QStringLiteral("salesforce_refresh_token"));
        sf.grant = sf.refreshToken.isEmpty() ? connectors::OAuth2Auth::Grant::ClientCredentials : connectors::OAuth2Auth::Grant::RefreshToken;
        connectors::SalesforceConfig config;
        config.contactExternalIdField = c.salesforceExternalIdField;
        s.salesforce = std::make_unique<connectors::SalesforceClient>(rest(c.salesforceUrl), std::make_shared<connectors::OAuth2Auth>(sf), config);
    }
    if (const QString key = secret.value(QStringLiteral("stripe_key")); !key.isEmpty())
        s.stripe = std::make_unique<connectors::StripeClient>(rest(c.stripeUrl), std::make_shared<connectors::BearerAuth>(key));
    if (const QString key = secret.value(QStringLiteral("dhl_key")); !key.isEmpty())
        s.carriers.push_back(std::make_unique<connectors::DhlClient>(rest(c.dhlUrl), key));
    if (!c.ninjaVanUrl.isEmpty() && !c.ninjaVanClientId.isEmpty())
        s.carriers.push_back(std::make_unique<connectors::NinjaVanClient>(rest(c.ninjaVanUrl), c.ninjaVanCountry, c.ninjaVanClientId,
                                                                          secret.value(QStringLiteral("ninjavan_client_secret"))));
    if (!c.singPostUrl.isEmpty())
        s.carriers.push_back(std::make_unique<connectors::SingPostClient>(rest(c.singPostUrl), secret.value(QStringLiteral("singpost_key"))));
    if (!c.productsUrl.isEmpty())
        s.products = std::make_unique<connectors::ProductClient>(rest(c.productsUrl),
                                                                 std::make_shared<connectors::BearerAuth>(secret.value(QStringLiteral("products_key"))));
    if (!c.ordersHost.isEmpty() || (c.ordersDriver == u"QSQLITE" && !c.ordersDatabase.isEmpty())) {
        connectors::OrdersSource::Config o;
        o.driver = c.ordersDriver;
        o.host = c.ordersHost;
        o.port = c.ordersPort;
        o.databaseName = c.ordersDatabase;
        o.user = c.ordersUser;
        o.password = secret.value(QStringLiteral("orders_password"));
        o.connectOptions = c.ordersConnectOptions;
        o.requireTls = c.ordersRequireTls && c.ordersDriver == u"QMYSQL";
        if (!c.ordersQuery.isEmpty())
            o.ordersQuery = c.ordersQuery;
        if (!c.itemsQuery.isEmpty())
            o.itemsQuery = c.itemsQuery;
        s.orders = std::make_unique<connectors::OrdersSource>(o);
    }
    return s;
}

void readSecrets(QObject *context, std::function<void(models::Result<Secrets>)> done)
{
    auto *store = new connectors::CredentialStore(QStringLiteral("CosmicDesk"), context);
    auto secrets = std::make_shared<Secrets>();
    auto waiting = std::make_shared<int>(int(CustomerSystemsSettings::secretNames().size()));
    auto failure = std::make_shared<std::optional<Error>>();
    auto shared = std::make_shared<std::function<void(models::Result<Secrets>)>>(std::move(done));
    for (const QString &name : CustomerSystemsSettings::secretNames())
        store->read(secretKey(name), context, [=](models::Result<QString> r) {
            if (r.ok())
                secrets->insert(name, r.value());
            else if (r.error().kind != Error::Kind::NotFound)
                *failure = r.error();
            if (--*waiting > 0)
                return;
            store->deleteLater();
            if (*failure)
                (*shared)(**failure);
            else
                (*shared)(*secrets);
        });
}

void save(const CustomerSystemsSettings &settings, const Secrets &secrets, QObject *context, std::function<void(models::Result<void>)> done)
{
    auto *store = new connectors::CredentialStore(QStringLiteral("CosmicDesk"), context);
    QStringList names;
    for (auto it = secrets.begin(); it != secrets.end(); ++it)
        if (!it.value().isEmpty())
            names << it.key();
    auto waiting = std::make_shared<int>(int(names.size()));
    auto failure = std::make_shared<std::optional<Error>>();
    auto shared = std::make_shared<std::function<void(models::Result<void>)>>(std::move(done));
    auto finish = [=] {
        store->deleteLater();
        if (*failure)
            return (*shared)(**failure);
        settings.save(); // only once every secret is safely in the keychain
        (*shared)({});
    };
    if (names.isEmpty())
        return finish();
    for (const QString &name : names)
        store->write(secretKey(name), secrets.value(name), context, [=](models::Result<void> r) {
            if (!r.ok())
                *failure = r.error();
            if (--*waiting == 0)
                finish();
        });
}

namespace {

// One "Test": owns the clients until every system has answered, then goes with the event loop
// (never inside a client's own callback).
class TestRun final : public QObject
{
public:
    using QObject::QObject;
    CustomerViewService::Sources sources;
    QMap<QString, QString> results;
    int waiting = 1; // released when every call has been started
    std::function<void(QMap<QString, QString>)> done;
    QPointer<QObject> context;

    void settle(const QString &system, const QString &sentence)
    {
        if (!system.isEmpty())
            results.insert(system, sentence);
        if (--waiting > 0)
            return;
        if (context)
            done(results);
        deleteLater();
    }
};

} // namespace

void test(const CustomerSystemsSettings &settings, const Secrets &secrets, QObject *context, std::function<void(QMap<QString, QString>)> done)
{
    auto *run = new TestRun;
    run->sources = buildSources(settings, secrets);
    run->done = std::move(done);
    run->context = context;
    static const QString probe = QStringLiteral("cosmicdesk-probe@example.invalid");
    auto &src = run->sources;
    if (src.salesforce) {
        ++run->waiting;
        src.salesforce->contact(0, probe, run, [run](models::Result<std::optional<models::CrmContact>> r) {
            run->settle(QStringLiteral("Salesforce"), r.ok() ? QStringLiteral("✔ connected") : sentence(r.error()));
        });
    }
    if (src.stripe) {
        ++run->waiting;
        src.stripe->customersByEmail(probe, run, [run](models::Result<QStringList> r) {
            run->settle(QStringLiteral("Stripe"), r.ok() ? QStringLiteral("✔ connected") : sentence(r.error()));
        });
    }
    for (const auto &carrier : src.carriers) {
        ++run->waiting;
        const QString name = carrier->carrier();
        // An unknown number answered "not found" proves the key is accepted.
        carrier->track(QStringLiteral("CDPROBE0000000"), run, [run, name](models::Result<models::Shipment> r) {
            const bool fine = r.ok() || r.error().kind == Error::Kind::NotFound;
            run->settle(name, fine ? QStringLiteral("✔ connected") : sentence(r.error()));
        });
    }
    if (src.products) {
        ++run->waiting;
        src.products->products({QStringLiteral("CDPROBE")}, run, [run](models::Result<std::vector<models::Product>> r) {
            run->settle(QStringLiteral("Products"), r.ok() ? QStringLiteral("✔ connected") : sentence(r.error()));
        });
    }
    if (src.orders) {
        ++run->waiting;
        src.orders->orders(0, probe, run, [run](models::Result<std::vector<models::Order>> r) {
            run->settle(QStringLiteral("Orders database"), r.ok() ? QStringLiteral("✔ connected") : sentence(r.error()));
        });
    }
    run->settle(QString(), QString());
}

} // namespace customer_systems

} // namespace cosmicdesk::app
