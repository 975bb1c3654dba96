#include "workstation.h"

#include <cli/lakesetup.h>
#include <connectors/auth.h>
#include <connectors/credentialstore.h>
#include <connectors/customersources.h>
#include <connectors/keypair.h>
#include <connectors/notifyclients.h>
#include <connectors/snowflakeclient.h>
#include <connectors/zendeskclient.h>
#include <models/lakestore.h>
#include <models/reviewstore.h>
#include <models/ticketqueuemodel.h>
#include <models/ticketstore.h>
#include <sandbox/customerfakes.h>
#include <sandbox/sandboxhost.h>
#include <services/alertdestinations.h>
#include <services/alertservice.h>
#include <services/automationsetup.h>
#include <services/conversationloader.h>
#include <services/customerprefetch.h>
#include <services/customersystemssetup.h>
#include <services/customerviewservice.h>
#include <services/directoryservice.h>
#include <services/draftservice.h>
#include <services/lakeservice.h>
#include <services/macroservice.h>
#include <services/outboxmonitor.h>
#include <services/outboxworker.h>
#include <services/overviewservice.h>
#include <services/overviewsnowflake.h>
#include <services/reviewservice.h>
#include <services/savedviewservice.h>
#include <services/settingsstore.h>
#include <services/ticketactions.h>
#include <services/ticketdetailsservice.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <services/unavailabledestination.h>
#include <services/zendeskdestination.h>
#include <services/zendesksetup.h>
#include <services/zendesksync.h>

#include <QtConcurrent/QtConcurrentRun>

namespace cosmicdesk::app {

using models::Error;

namespace {

constexpr int kDemoIntervalSecs = 10;
constexpr int kDemoNewTicketSecs = 25;

connectors::RestClient::Options zendeskRest(const QUrl &base)
{
    connectors::RestClient::Options o;
    o.baseUrl = base;
    return o;
}

} // namespace

models::Result<std::unique_ptr<Workstation>> Workstation::open(const Config &config, services::SettingsStore &settings,
                                                               connectors::CredentialStore &credentials)
{
    auto store = models::TicketStore::open(config.workspacePath);
    if (!store.ok())
        return store.error();
    QString agent = config.agent.trimmed();
    if (agent.isEmpty())
        agent = qEnvironmentVariable("COSMICDESK_AGENT").trimmed();
    // Who the agent is in the workspace: the "My …" views need the id before Zendesk answers (and an
    // offline workspace never asks). One short read while the workspace opens, before any window.
    const auto agents = store.value()->agents();
    if (agent.isEmpty() && config.mode == Mode::Demo && agents.ok() && !agents.value().empty())
        agent = agents.value().front().name;
    if (agent.isEmpty())
        agent = qEnvironmentVariable("USER", QStringLiteral("agent"));
    qint64 agentId = 0;
    if (agents.ok())
        for (const auto &a : agents.value())
            if (a.name.compare(agent, Qt::CaseInsensitive) == 0) {
                agentId = a.id;
                break;
            }
    return std::unique_ptr<Workstation>(new Workstation(config, std::move(store).value(), agent, agentId, settings, credentials));
}

Workstation::Workstation(const Config &config, std::unique_ptr<models::TicketStore> store, QString agent, qint64 agentId,
                         services::SettingsStore &settings, connectors::CredentialStore &credentials)
    : m_config(config), m_settings(settings), m_credentials(credentials), m_agent(std::move(agent)), m_agentId(agentId),
      m_store(std::move(store))
{
    m_queue = std::make_unique<models::TicketQueueModel>(m_store.get());
    const QString profile = config.profilePath;
    m_triage = std::make_unique<services::TriageService>(*m_store, m_agent, [profile] { return services::loadEngine(profile); });
    m_details = std::make_unique<services::TicketDetailsService>(m_store->path());
    // The supervisor overview computes from the queue's own data; it starts when its tab is offered.
    m_overview = std::make_unique<services::OverviewService>(*m_queue, m_store->path(), services::OverviewService::Options{});
    // The profile's SLA table (clock, business hours, paused statuses) drives the queue's countdowns
    // and the overview alike, and its priority mix targets the overview's.
    connect(m_triage.get(), &services::TriageService::profileLoaded, this, [this] {
        m_queue->setSlaPolicy(models::SlaPolicy(m_triage->sla()));
        models::OverviewConfig c = m_overview->options().config;
        c.calibrationTargets = m_triage->calibrationTargets();
        m_overview->setConfig(c);
    });
    // An imported export: the analyst's review, offline and read-only towards any helpdesk.
    if (auto source = models::ReviewStore(m_store->db()).source(); source.ok() && source.value() && config.mode == Mode::Offline)
        m_review = std::make_unique<services::ReviewService>(m_store->path(), *source.value(), *m_triage);
    m_connection = std::make_unique<services::Connection>(config.mode);
    m_conversations = std::make_unique<services::ConversationLoader>(*m_store);
    m_zendeskSetup = std::make_unique<services::ZendeskSetup>(
        m_credentials, m_settings, [](const connectors::ZendeskAccount &account, const QString &token) {
            connectors::RestClient::Options o = zendeskRest(account.baseUrl);
            o.timeout = std::chrono::seconds(15);
            o.maxAttempts = 2;
            return std::make_unique<connectors::ZendeskClient>(o, std::make_shared<connectors::ZendeskTokenAuth>(account.email, token));
        });
    m_customerSystems = std::make_unique<services::CustomerSystemsSetup>(m_credentials, m_settings, &connectors::buildCustomerSources);
    if (config.mode != Mode::Offline)
        m_outbox = std::make_unique<services::OutboxWorker>(m_store->path(), services::OutboxWorker::Options{});
    m_actions = std::make_unique<services::TicketActions>(*m_store, m_outbox.get(), m_agent);
    if (m_agentId)
        m_actions->setAgentId(m_agentId);
    connect(m_connection.get(), &services::Connection::agentKnown, m_actions.get(), &services::TicketActions::setAgentId);
    connect(m_connection.get(), &services::Connection::agentKnown, this, [this](qint64 id) { m_agentId = id; });
    m_outboxMonitor = std::make_unique<services::OutboxMonitor>(m_store->path());
    m_savedViews = std::make_unique<services::SavedViewService>(m_store->path());
    m_drafts = std::make_unique<services::DraftService>(m_store->path());
    m_macros = std::make_unique<services::MacroService>();
    m_directory = std::make_unique<services::DirectoryService>(m_store->path());
    m_directory->refresh(); // the workspace's groups and agents at once; Zendesk's once connected
    m_automationSetup = std::make_unique<services::AutomationSetup>(m_credentials, m_settings);
    if (config.mode == Mode::Demo) {
        // Automation in the demo: the lake's records and the alerts, delivered once the sandbox is up.
        services::AlertSettings as;
        as.email = true;
        as.slack = true;
        as.fromEmail = QStringLiteral("alerts@cosmicdesk.example");
        as.guardianFallbackEmail = QStringLiteral("cs-leads@cosmicdesk.example");
        as.salesEmail = QStringLiteral("sales@cosmicdesk.example");
        createAutomation({models::kLakeRds, models::kLakeSnowflake}, std::chrono::minutes(1), &as);
    } else if (config.mode == Mode::Zendesk) {
        // An account's automation, as File → Automation settings… saved it; the secrets are read when it starts.
        m_automation = m_settings.automation();
        const models::AutomationConfig &a = m_automation;
        QStringList lake;
        if (a.rdsEnabled)
            lake << models::kLakeRds;
        if (a.snowflakeEnabled)
            lake << models::kLakeSnowflake;
        const services::AlertSettings as = services::AutomationSetup::alertSettings(a);
        if (!lake.isEmpty() || a.alertsEnabled())
            createAutomation(lake, services::LakeService::Options{}.scanInterval, a.alertsEnabled() ? &as : nullptr);
    }
}

void Workstation::createAutomation(const QStringList &lakeDestinations, std::chrono::milliseconds scanInterval,
                                   const services::AlertSettings *alerts)
{
    services::OutboxWorker *outbox = m_outbox.get();
    if (!lakeDestinations.isEmpty()) {
        services::LakeService::Options lo;
        lo.destinations = lakeDestinations;
        lo.scanInterval = scanInterval;
        m_lake = std::make_unique<services::LakeService>(m_store->path(), lo);
        m_lake->setOutboxWake([outbox] { outbox->wake(); });
        connect(m_triage.get(), &services::TriageService::triaged, m_lake.get(), &services::LakeService::noteChanged);
        connect(m_triage.get(), &services::TriageService::decided, m_lake.get(), [this](qint64 id) { m_lake->noteChanged({id}); });
    }
    if (alerts) {
        m_alerts = std::make_unique<services::AlertService>(m_store->path(), *m_triage, *alerts);
        m_alerts->setOutboxWake([outbox] { outbox->wake(); });
    }
}

Workstation::~Workstation()
{
    // What feeds the rest stops first: the customer view and the sync (whose thread ends before the
    // sandbox it talks to), then triage (which stops its thread before the store goes), the queue
    // model that follows the store, and the store itself last.
    m_prefetch.reset();
    m_review.reset();
    m_overview.reset();
    m_overviewSource.reset();
    m_overviewClient.reset();
    m_alerts.reset();
    m_lake.reset();
    m_outbox.reset(); // abandons what is in flight: sent again, checked, by the next start
    m_outboxMonitor.reset();
    m_savedViews.reset();
    m_actions.reset();
    m_macros.reset(); // their requests go with them, before the client
    m_directory.reset();
    m_drafts.reset();
    m_customerView.reset();
    m_connection->detach();
    m_sync.reset();
    m_conversations->setClient(nullptr);
    m_client.reset();
    m_sandbox.reset();
    m_triage.reset();
    m_queue.reset();
}

ui::WindowServices Workstation::windowServices() const
{
    ui::WindowServices s;
    s.workspacePath = m_store->path();
    s.queue = m_queue.get();
    s.triage = m_triage.get();
    s.details = m_details.get();
    s.connection = m_connection.get();
    s.conversations = m_conversations.get();
    s.zendeskSetup = m_zendeskSetup.get();
    s.customerSystems = m_customerSystems.get();
    s.automationSetup = m_automationSetup.get();
    s.actions = m_actions.get();
    s.outbox = m_outbox.get();
    s.settings = &m_settings;
    s.outboxMonitor = m_outboxMonitor.get();
    s.savedViews = m_savedViews.get();
    s.agentId = m_agentId;
    s.drafts = m_drafts.get();
    s.macros = m_macros.get();
    s.directory = m_directory.get();
    s.alerts = m_alerts.get();
    s.lake = m_lake.get();
    s.overview = m_overview.get();
    s.profilePath = m_config.profilePath;
    if (m_review) {
        // A review judges and labels; it neither replies nor queues a change for any helpdesk.
        s.review = m_review.get();
        s.actions = nullptr;
        s.outbox = nullptr;
        s.drafts = nullptr;
        s.macros = nullptr;
        s.overview = nullptr;
    }
    return s;
}

void Workstation::start()
{
    m_triage->start();
    m_directory->refresh();
    // The audit log and the finished outbox entries are kept for 30 days.
    m_outboxMonitor->purge(std::chrono::hours(24 * 30), this, [](models::Result<services::OutboxMonitor::Purged>) {});
    if (m_config.mode == Mode::Demo)
        startDemo();
    else if (m_config.mode == Mode::Zendesk)
        startAccount();
}

void Workstation::startDemo()
{
    auto meta = [this](const char *key) { return m_store->meta(QString::fromLatin1(key)).valueOr(QString()); };
    sandbox::SandboxHost::Options o;
    o.world.seed = meta("demo.seed").toULongLong();
    o.world.tickets = meta("demo.tickets").toLongLong();
    o.world.now = meta("demo.now").toLongLong();
    o.world.weeks = std::max(1, meta("demo.weeks").toInt());
    if (o.world.tickets <= 0 || o.world.now <= 0) {
        m_connection->setUnavailable(Error::make(Error::Kind::Config, tr("this demo workspace does not describe its world")));
        return;
    }
    o.zendesk.holdBackSecs = 0; // the demo shows new tickets at the next sync, not a minute later
    o.zendesk.incrementalPerMinute = 0;
    o.notify = true; // SendGrid and the Slack webhook for the alerts
    m_sandbox = std::make_unique<sandbox::SandboxHost>();
    m_connection->setStarting({});
    const qint64 startTime = o.world.now - 60; // the workspace already holds everything older
    sandbox::SandboxHost *host = m_sandbox.get();
    struct Started
    {
        QString error;
        QByteArray snowflakeKey;
    };
    // Building the world (and the demo Snowflake user's key pair) takes a moment: off the UI thread.
    QtConcurrent::run([host, o]() mutable {
        auto keys = connectors::generateRsaKeyPair();
        if (keys.ok())
            o.snowflake.publicKeyPem = keys.value().publicPem;
        return Started{host->start(o), keys.ok() ? keys.value().privatePem : QByteArray()};
    }).then(this, [this, o, startTime](const Started &started) {
        if (!started.error.isEmpty()) {
            m_connection->setUnavailable(Error::make(Error::Kind::Network, started.error));
            return;
        }
        const QString url = m_sandbox->baseUrl();
        m_sandbox->startLiveActivity(std::chrono::seconds(kDemoNewTicketSecs));
        startDemoAutomation(url, started.snowflakeKey, o.notifyOptions.sendGridKey, o.notifyOptions.slackHooks.value(0));
        connectZendesk(QUrl(url), o.zendesk.agentEmail, o.zendesk.apiToken, startTime, kDemoIntervalSecs, QUrl(url).authority());
        // The customer's other systems: the same sandbox; the shop's orders from the workspace's own tables.
        const auto systems = sandbox::sandboxCustomerSystems(url, o.customer, m_store->path());
        openCustomerView(connectors::buildCustomerSources(systems.config, systems.secrets));
        // The lake's records want the customer data the agents have not opened yet: fetched slowly beside them.
        if (m_lake) {
            m_prefetch = std::make_unique<services::CustomerPrefetch>(
                m_store->path(),
                std::make_unique<services::CustomerViewService>(*m_store,
                                                                connectors::buildCustomerSources(systems.config, systems.secrets)),
                services::CustomerPrefetch::Options{});
            m_prefetch->start();
        }
    });
}

void Workstation::startDemoAutomation(const QString &sandboxUrl, const QByteArray &snowflakeKey, const QString &sendGridKey,
                                      const QString &slackHook)
{
    if (!m_outbox || m_outbox->isRunning())
        return;
    cli::LakeTargets targets;
    connectors::RdsLakeWriter::Config rds;
    rds.driver = QStringLiteral("QSQLITE");
    rds.databaseName = m_store->path() + QStringLiteral(".rds.sqlite");
    targets.rds = rds;
    if (!snowflakeKey.isEmpty()) {
        cli::LakeTargets::Snowflake sf;
        sf.client.rest.baseUrl = QUrl(sandboxUrl);
        sf.client.rest.timeout = std::chrono::seconds(30);
        sf.client.rest.maxInFlightPerHost = 4;
        sf.client.pollStart = std::chrono::milliseconds(200);
        sf.auth.account = QStringLiteral("demo-account");
        sf.auth.user = QStringLiteral("cosmicdesk");
        sf.auth.privateKeyPem = snowflakeKey;
        targets.snowflake = sf;
        const QString table = sf.table;
        m_sandbox->withAutomation([table](sandbox::SnowflakeFake *f, sandbox::NotifyFakes *) {
            if (f)
                f->query(models::snowflakeCreateTable(table));
        });
    }
    cli::addLakeDestinations(*m_outbox, targets);
    m_outbox->addDestination([sandboxUrl, sendGridKey] {
        connectors::RestClient::Options ro;
        ro.baseUrl = QUrl(sandboxUrl);
        ro.maxAttempts = 1;
        return std::make_unique<services::SendGridDestination>(std::make_unique<connectors::SendGridClient>(ro, sendGridKey));
    });
    m_outbox->addDestination([sandboxUrl, slackHook] {
        connectors::RestClient::Options ro;
        ro.baseUrl = QUrl(sandboxUrl);
        ro.maxAttempts = 1;
        return std::make_unique<services::SlackDestination>(std::make_unique<connectors::SlackWebhookClient>(ro),
                                                            QUrl(sandboxUrl + slackHook));
    });
    if (m_lake)
        m_lake->start();
}

void Workstation::startAccount()
{
    const connectors::ZendeskAccount account = m_settings.zendeskAccount();
    const QString host = account.baseUrl.host();
    m_connection->setStarting(host);
    m_credentials.read(account.credentialKey(), this, [this, account, host](models::Result<QString> token) {
        if (!token.ok()) {
            if (token.error().kind == Error::Kind::NotFound)
                m_connection->setNoToken();
            else
                m_connection->setUnavailable(token.error());
            return;
        }
        const auto proceed = [this, account, host, token = token.value()] {
            connectZendesk(account.baseUrl, account.email, token, 0, account.intervalSecs, host);
            // The customer's other systems, as File → Customer systems… configured them.
            m_customerSystems->readSecrets(this, [this](models::Result<models::Secrets> secrets) {
                if (!secrets.ok())
                    return;
                auto sources = connectors::buildCustomerSources(m_settings.customerSystems(), secrets.value());
                if (!sources.isEmpty())
                    openCustomerView(std::move(sources));
            });
        };
        if (!m_lake && !m_alerts)
            return proceed();
        // The automation's destinations join the outbox before it starts (with Zendesk's).
        m_automationSetup->readSecrets(this, [this, proceed](models::Result<models::Secrets> secrets) {
            addAccountAutomation(secrets);
            proceed();
        });
    });
}

void Workstation::addAccountAutomation(const models::Result<models::Secrets> &read)
{
    if (!m_outbox || m_outbox->isRunning())
        return;
    using Setup = services::AutomationSetup;
    const models::AutomationConfig &c = m_automation; // the settings the services were made for
    const models::Secrets secrets = read.ok() ? read.value() : models::Secrets();
    // A destination that cannot send still takes its entries: they wait, shown paused with the reason.
    const auto unavailable = [this, &read](const QString &destination, const QString &what, const Error &why) {
        const QString reason = read.ok() ? why.message : tr("%1: the keychain could not be read (%2)").arg(what, read.error().message);
        m_automationProblems << reason;
        qWarning("automation: %s", qPrintable(reason));
        m_outbox->addDestination([destination, reason] { return std::make_unique<services::UnavailableDestination>(destination, reason); });
    };
    cli::LakeTargets targets;
    if (c.rdsEnabled) {
        if (auto t = Setup::rdsTarget(c, secrets); t.ok())
            targets.rds = t.value();
        else
            unavailable(models::kLakeRds, QStringLiteral("RDS"), t.error());
    }
    if (c.snowflakeEnabled) {
        if (auto t = Setup::snowflakeTarget(c, secrets); t.ok()) {
            cli::LakeTargets::Snowflake sf;
            sf.client = t.value().client;
            sf.client.rest.maxInFlightPerHost = 4;
            sf.auth = t.value().auth;
            sf.table = t.value().table;
            targets.snowflake = sf;
            if (c.overviewFromSnowflake && m_overview) {
                // The overview's own client, on this (the UI) thread: the outbox's lives on its worker.
                m_overviewClient = std::make_unique<connectors::SnowflakeClient>(
                    t.value().client, std::make_shared<connectors::SnowflakeJwtAuth>(t.value().auth));
                m_overviewSource = std::make_unique<services::SnowflakeOverviewSource>(*m_overviewClient, t.value().table);
                m_overview->setRemote(
                    [source = m_overviewSource.get()](const models::OverviewConfig &cfg, QObject *context,
                                                      std::function<void(models::Result<models::OverviewStats>)> done) {
                        source->compute(cfg, context, std::move(done));
                    },
                    tr("Snowflake (%1)").arg(t.value().table));
            }
        } else {
            unavailable(models::kLakeSnowflake, QStringLiteral("Snowflake"), t.error());
        }
    }
    cli::addLakeDestinations(*m_outbox, targets);
    if (c.alertEmail) {
        if (auto t = Setup::sendGridTarget(c, secrets); t.ok())
            m_outbox->addDestination([t = t.value()] {
                connectors::RestClient::Options ro = t.rest;
                ro.maxAttempts = 1; // the outbox decides about retries
                return std::make_unique<services::SendGridDestination>(std::make_unique<connectors::SendGridClient>(ro, t.apiKey));
            });
        else
            unavailable(QStringLiteral("sendgrid"), QStringLiteral("SendGrid"), t.error());
    }
    if (c.alertSlack) {
        if (auto t = Setup::slackTarget(c, secrets); t.ok())
            m_outbox->addDestination([t = t.value()] {
                connectors::RestClient::Options ro = t.rest;
                ro.maxAttempts = 1;
                return std::make_unique<services::SlackDestination>(std::make_unique<connectors::SlackWebhookClient>(ro), t.webhook);
            });
        else
            unavailable(QStringLiteral("slack"), QStringLiteral("Slack"), t.error());
    }
    if (m_lake)
        m_lake->start();
}

void Workstation::connectZendesk(const QUrl &base, const QString &email, const QString &token, qint64 startTime, int intervalSecs,
                                 const QString &source)
{
    services::ZendeskSync::Options o;
    o.baseUrl = base;
    o.auth = [email, token] { return std::make_shared<connectors::ZendeskTokenAuth>(email, token); };
    o.startTime = startTime;
    o.interval = std::chrono::seconds(std::max(6, intervalSecs));
    if (m_config.mode == Mode::Demo)
        o.pageInterval = std::chrono::milliseconds(0); // the in-process sandbox has no export quota
    m_sync = std::make_unique<services::ZendeskSync>(*m_store, o);
    m_client = std::make_unique<connectors::ZendeskClient>(zendeskRest(base), std::make_shared<connectors::ZendeskTokenAuth>(email, token));
    m_conversations->setClient(m_client.get());
    m_macros->setClient(m_client.get());
    m_directory->setClient(m_client.get());
    m_connection->attach(m_sync.get(), m_client.get(), source);
    m_sync->start();
    // The outbox's own client, made on the outbox's thread: one attempt per request (the outbox
    // decides about retries), many tickets side by side.
    if (m_outbox && !m_outbox->isRunning()) {
        m_outbox->addDestination([base, email, token] {
            connectors::RestClient::Options o = zendeskRest(base);
            o.maxAttempts = 1;
            o.timeout = std::chrono::seconds(30);
            o.maxInFlightPerHost = 16;
            return std::make_unique<services::ZendeskDestination>(
                std::make_unique<connectors::ZendeskClient>(o, std::make_shared<connectors::ZendeskTokenAuth>(email, token)));
        });
        m_outbox->start();
    }
}

void Workstation::openCustomerView(connectors::CustomerSources sources)
{
    m_customerView = std::make_unique<services::CustomerViewService>(*m_store, std::move(sources));
    m_connection->setCustomerView(m_customerView.get());
}

} // namespace cosmicdesk::app
