#pragma once

#include "customerfakes.h"
#include "demoworld.h"
#include "httpsandbox.h"
#include "notifyfakes.h"
#include "snowflakefake.h"
#include "zendeskfake.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

class QThread;

namespace cosmicdesk::sandbox {

// The sandbox on a thread of its own, so that serving a page never competes with the client for
// the event loop: the demo mode and the benchmarks run it in-process this way.
class SandboxHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxHost)

public:
    struct Options
    {
        DemoOptions world; // world.tickets == 0: an empty Zendesk
        ZendeskFakeOptions zendesk;
        CustomerFakeOptions customer; // Salesforce, Stripe, carriers and products over the same world
        bool customerSystems = true;  // false: Zendesk only
        // Automation's stand-ins on the same server: Snowflake's SQL API (when snowflake.publicKeyPem is
        // set), SendGrid and a Slack webhook (when notify is true).
        SnowflakeFakeOptions snowflake;
        bool notify = false;
        NotifyFakeOptions notifyOptions;
        FaultKnobs knobs; // for every route
        quint16 port = 0; // 0: any free port
        std::uint64_t faultSeed = 1;
    };

    explicit SandboxHost(QObject *parent = nullptr);
    ~SandboxHost() override;

    // Builds the world and starts listening on 127.0.0.1; blocks until it does. Empty on success.
    QString start(const Options &options);
    QString baseUrl() const { return m_baseUrl; }
    qint64 tickets() const { return m_tickets; }

    // A new ticket every interval (a customer writing in), so the demo shows sync and triage live.
    void startLiveActivity(std::chrono::seconds every);

    // Runs f on the sandbox thread and waits for it.
    void withZendesk(const std::function<void(ZendeskFake &, HttpSandbox &)> &f);
    // Runs f on the sandbox thread with automation's stand-ins (null when not started) and waits for it.
    void withAutomation(const std::function<void(SnowflakeFake *, NotifyFakes *)> &f);
    // Fault knobs for the routes named `route` (or "*"), from any thread.
    void setKnobs(const QString &route, const FaultKnobs &knobs);

private:
    QThread *m_thread;
    QObject *m_anchor; // lives on the sandbox thread: what work is queued to
    HttpSandbox *m_server = nullptr;
    std::unique_ptr<DemoWorld> m_world;
    std::unique_ptr<ZendeskFake> m_zendesk;
    std::unique_ptr<CustomerFakes> m_customer;
    std::unique_ptr<SnowflakeFake> m_snowflake;
    std::unique_ptr<NotifyFakes> m_notify;
    QString m_baseUrl;
    qint64 m_tickets = 0;
};

} // namespace cosmicdesk::sandbox
