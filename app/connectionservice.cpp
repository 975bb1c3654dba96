#include "connectionservice.h"

#include "customersources.h"
#include "customersystems.h"
#include "customerviewservice.h"
#include "zendesksync.h"

#include <connectors/auth.h>
#include <connectors/credentialstore.h>
#include <connectors/zendeskclient.h>
#include <models/ticketstore.h>
#include <sandbox/sandboxhost.h>

#include <QDateTime>
#include <QDir>
#include <QFuture>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace cosmicdesk::app {

using models::Error;

namespace {

constexpr int kDemoIntervalSecs = 10;
constexpr int kDemoNewTicketSecs = 25;

// What an error means to the person at the desk.
QString plainSentence(const Error &e, const QString &host)
{
    switch (e.kind) {
    case Error::Kind::Auth: return QStringLiteral("%1 did not accept the e-mail and API token.").arg(host);
    case Error::Kind::Network: return QStringLiteral("Could not reach %1. Check the address and the network.").arg(host);
    case Error::Kind::Timeout: return QStringLiteral("%1 did not answer in time.").arg(host);
    case Error::Kind::RateLimited: return QStringLiteral("%1 asks us to slow down; syncing resumes by itself.").arg(host);
    case Error::Kind::NotFound: return QStringLiteral("%1 has no Zendesk API at this address.").arg(host);
    case Error::Kind::Server: return QStringLiteral("%1 had a problem on its side (%2).").arg(host).arg(e.httpStatus);
    case Error::Kind::BadPayload: return QStringLiteral("%1 answered with something we could not read.").arg(host);
    case Error::Kind::Config: return e.message;
    case Error::Kind::Storage: return QStringLiteral("The local workspace could not be written: %1").arg(e.message);
    case Error::Kind::Cancelled: return QStringLiteral("Cancelled.");
    }
    return e.message;
}

QString clock(qint64 secs)
{
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(secs).time(), QLocale::ShortFormat);
}

} // namespace

QString ZendeskSettings::credentialKey() const
{
    return connectors::CredentialStore::key(QStringLiteral("zendesk"), email, baseUrl.toString(QUrl::RemovePath | QUrl::StripTrailingSlash));
}

QString ZendeskSettings::workspacePath() const
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("zendesk-%1.cosmicdesk").arg(baseUrl.host()));
}

ZendeskSettings ZendeskSettings::load()
{
    QSettings s;
    s.beginGroup(QStringLiteral("zendesk"));
    ZendeskSettings z;
    z.baseUrl = QUrl(s.value(QStringLiteral("base_url")).toString());
    z.email = s.value(QStringLiteral("email")).toString();
    z.intervalSecs = std::max(6, s.value(QStringLiteral("interval_secs"), 60).toInt());
    return z;
}

void ZendeskSettings::save() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("zendesk"));
    s.setValue(QStringLiteral("base_url"), baseUrl.toString());
    s.setValue(QStringLiteral("email"), email);
    s.setValue(QStringLiteral("interval_secs"), intervalSecs);
}

void ZendeskSettings::forget()
{
    QSettings s;
    s.remove(QStringLiteral("zendesk"));
}

ConnectionService::ConnectionService(models::TicketStore &store, Mode mode, QObject *parent)
    : QObject(parent), m_store(store), m_mode(mode), m_credentials(std::make_unique<connectors::CredentialStore>())
{
    m_summary = mode == Mode::Offline ? tr("Workspace file, offline") : tr("Connecting…");
}

ConnectionService::~ConnectionService()
{
    m_customerView.reset();
    m_sync.reset();    // its thread ends before the sandbox it talks to
    m_sandbox.reset();
}

void ConnectionService::setSummary(const QString &s)
{
    if (s == m_summary)
        return;
    m_summary = s;
    Q_EMIT summaryChanged(s);
}

void ConnectionService::start()
{
    if (m_mode == Mode::Demo)
        startDemo();
    else if (m_mode == Mode::Zendesk)
        startZendesk();
}

void ConnectionService::startDemo()
{
    auto meta = [this](const char *key) { return m_store.meta(QString::fromLatin1(key)).valueOr(QString()); };
    sandbox::SandboxHost::Options o;
    o.world.seed = meta("demo.seed").toULongLong();
    o.world.tickets = meta("demo.tickets").toLongLong();
    o.world.now = meta("demo.now").toLongLong();
    o.world.weeks = std::max(1, meta("demo.weeks").toInt());
    if (o.world.tickets <= 0 || o.world.now <= 0) {
        m_mode = Mode::Offline;
        setSummary(tr("Demo workspace without its world description: offline"));
        return;
    }
    o.zendesk.holdBackSecs = 0; // the demo shows new tickets at the next sync, not a minute later
    o.zendesk.incrementalPerMinute = 0;
    m_sandbox = std::make_unique<sandbox::SandboxHost>();
    setSummary(tr("Demo: starting the built-in Zendesk sandbox…"));
    const qint64 startTime = o.world.now - 60; // the workspace already holds everything older
    sandbox::SandboxHost *host = m_sandbox.get();
    // Building the world takes a moment: off the UI thread.
    QtConcurrent::run([host, o] { return host->start(o); }).then(this, [this, o, startTime](const QString &error) {
        if (!error.isEmpty()) {
            setSummary(tr("Demo workspace, offline: %1").arg(error));
            return;
        }
        m_sandboxUrl = m_sandbox->baseUrl();
        m_sandbox->startLiveActivity(std::chrono::seconds(kDemoNewTicketSecs));
        m_source = tr("Demo: generated company served by the built-in Zendesk sandbox at %1").arg(QUrl(m_sandboxUrl).authority());
        startSync(QUrl(m_sandboxUrl), o.zendesk.agentEmail, o.zendesk.apiToken, startTime, kDemoIntervalSecs);
        // The customer's other systems: the same sandbox; the shop's orders from the workspace's own tables.
        m_customerView = std::make_unique<CustomerViewService>(m_store, sandboxCustomerSources(m_sandboxUrl, o.customer, m_store.path()));
        Q_EMIT customerViewReady();
        checkRole();
    });
}

void ConnectionService::startZendesk()
{
    const ZendeskSettings settings = ZendeskSettings::load();
    const QString host = settings.baseUrl.host();
    m_source = tr("Zendesk %1").arg(host);
    setSummary(tr("Zendesk %1: reading the API token from the keychain…").arg(host));
    m_credentials->read(settings.credentialKey(), this, [this, settings, host](models::Result<QString> token) {
        if (!token.ok()) {
            setSummary(token.error().kind == Error::Kind::NotFound
                           ? tr("Zendesk %1: no API token saved; working offline on the last synced tickets (Settings → Zendesk)").arg(host)
                           : tr("%1 Working offline on the last synced tickets.").arg(token.error().message));
            return;
        }
        startSync(settings.baseUrl, settings.email, token.value(), 0, settings.intervalSecs);
        checkRole();
        // The customer's other systems, as File → Customer systems… configured them.
        customer_systems::readSecrets(this, [this](models::Result<Secrets> secrets) {
            if (!secrets.ok())
                return;
            auto sources = customer_systems::buildSources(CustomerSystemsSettings::load(), secrets.value());
            if (!sources.salesforce && !sources.stripe && !sources.orders && sources.carriers.empty())
                return;
            m_customerView = std::make_unique<CustomerViewService>(m_store, std::move(sources));
            Q_EMIT customerViewReady();
        });
    });
}

void ConnectionService::startSync(const QUrl &base, const QString &email, const QString &token, qint64 startTime, int intervalSecs)
{
    ZendeskSync::Options o;
    o.baseUrl = base;
    o.auth = [email, token] { return std::make_shared<connectors::ZendeskTokenAuth>(email, token); };
    o.startTime = startTime;
    o.interval = std::chrono::seconds(std::max(6, intervalSecs));
    m_sync = std::make_unique<ZendeskSync>(m_store, o);
    connectors::RestClient::Options ro;
    ro.baseUrl = base;
    m_client = new connectors::ZendeskClient(ro, std::make_shared<connectors::ZendeskTokenAuth>(email, token), this);
    const QString host = base.authority();
    auto describe = [this, host] {
        const ZendeskSync &s = *m_sync;
        switch (s.state()) {
        case ZendeskSync::State::FullSync:
            return tr("%1 · first sync %2 % (%3 tickets)").arg(m_source).arg(qRound(s.fraction() * 100)).arg(QLocale().toString(s.ticketsThisRun()));
        case ZendeskSync::State::Failed:
            return tr("%1 · sync failed: %2").arg(m_source, plainSentence(s.lastError(), host));
        default:
            if (s.lastSyncedAt() == 0)
                return tr("%1 · syncing…").arg(m_source);
            return tr("%1 · synced %2").arg(m_source, clock(s.lastSyncedAt()));
        }
    };
    auto update = [this, describe] {
        setSummary(describe());
        Q_EMIT syncStateChanged();
    };
    connect(m_sync.get(), &ZendeskSync::stateChanged, this, update);
    connect(m_sync.get(), &ZendeskSync::progress, this, update);
    connect(m_sync.get(), &ZendeskSync::runFinished, this, update);
    m_sync->start();
}

void ConnectionService::ensureConversation(qint64 ticketId)
{
    if (!m_client || m_conversationsAsked.contains(ticketId))
        return;
    auto stored = m_store.comments(ticketId);
    if (!stored.ok() || !stored.value().empty())
        return; // already here (the demo workspace and earlier fetches)
    m_conversationsAsked.insert(ticketId);
    m_client->comments(ticketId, this, [this, ticketId](models::Result<std::vector<models::Comment>> comments) {
        if (!comments.ok()) {
            m_conversationsAsked.remove(ticketId); // try again next time it is opened
            return;
        }
        models::StoreBatch batch;
        batch.comments = std::move(comments.value());
        if (batch.comments.empty() || !m_store.write(batch).ok())
            return;
        Q_EMIT conversationUpdated(ticketId);
    });
}

void ConnectionService::syncNow()
{
    if (m_sync)
        m_sync->syncNow();
}

void ConnectionService::cancelSync()
{
    if (m_sync)
        m_sync->cancel();
}

bool ConnectionService::isFullSyncRunning() const
{
    return m_sync && m_sync->state() == ZendeskSync::State::FullSync;
}

double ConnectionService::syncFraction() const
{
    return m_sync ? m_sync->fraction() : 0.0;
}

void ConnectionService::checkRole()
{
    if (!m_client)
        return;
    m_client->me(this, [this](models::Result<connectors::ZendeskMe> me) { m_supervisor = me.ok() && me.value().isAdmin(); });
}

void ConnectionService::testZendesk(const ZendeskSettings &settings, const QString &token, QObject *context,
                                    std::function<void(TestResult)> done)
{
    if (!settings.isConfigured() || (settings.baseUrl.scheme() != u"https" && settings.baseUrl.scheme() != u"http")) {
        done({false, tr("Enter the Zendesk address (https://yourcompany.zendesk.com) and your e-mail."), false});
        return;
    }
    if (token.isEmpty()) {
        done({false, tr("Enter the API token (Admin Center → Apps and integrations → Zendesk API)."), false});
        return;
    }
    connectors::RestClient::Options o;
    o.baseUrl = settings.baseUrl;
    o.timeout = std::chrono::seconds(15);
    o.maxAttempts = 2;
    auto *client = new connectors::ZendeskClient(o, std::make_shared<connectors::ZendeskTokenAuth>(settings.email, token), context);
    const QString host = settings.baseUrl.authority();
    client->me(context, [client, host, done = std::move(done)](models::Result<connectors::ZendeskMe> me) {
        client->deleteLater();
        if (!me.ok()) {
            done({false, plainSentence(me.error(), host), false});
            return;
        }
        const auto &m = me.value();
        if (!m.isAgent()) {
            done({false, tr("%1 accepted the request but not as an agent: check the e-mail and token.").arg(host), false});
            return;
        }
        const QString role = m.isAdmin() ? tr("administrator") : tr("agent");
        done({true,
              m.isAdmin() ? tr("Connected to %1 as %2 (%3). The supervisor overview will be offered.").arg(host, m.name, role)
                          : tr("Connected to %1 as %2 (%3).").arg(host, m.name, role),
              m.isAdmin()});
    });
}

void ConnectionService::saveZendesk(const ZendeskSettings &settings, const QString &token, QObject *context,
                                    std::function<void(models::Result<void>)> done)
{
    auto *credentials = new connectors::CredentialStore(QStringLiteral("CosmicDesk"), context);
    credentials->write(settings.credentialKey(), token, context, [credentials, settings, done = std::move(done)](models::Result<void> r) {
        credentials->deleteLater();
        if (r.ok())
            settings.save(); // only once the secret is safely in the keychain
        done(r);
    });
}

} // namespace cosmicdesk::app
