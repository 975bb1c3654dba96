#include "sandboxhost.h"

#include <QThread>

namespace cosmicdesk::sandbox {

SandboxHost::SandboxHost(QObject *parent) : QObject(parent), m_thread(new QThread(this)), m_anchor(new QObject)
{
    m_thread->setObjectName(QStringLiteral("sandbox"));
    m_anchor->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
}

SandboxHost::~SandboxHost()
{
    if (m_thread->isRunning()) {
        QMetaObject::invokeMethod(m_anchor, [this] {
            m_zendesk.reset();
            delete m_server;
            m_server = nullptr;
        }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
    } else {
        delete m_anchor;
    }
}

QString SandboxHost::start(const Options &options)
{
    if (m_thread->isRunning())
        return QStringLiteral("The sandbox is already running");
    m_thread->start();
    QString error;
    // The server and the fake are made on the sandbox thread, so their sockets and timers live there.
    QMetaObject::invokeMethod(m_anchor, [this, &options, &error] {
        m_server = new HttpSandbox(options.faultSeed);
        m_server->setKnobs(QStringLiteral("*"), options.knobs);
        if (m_server->start(options.port) == 0) {
            error = QStringLiteral("Could not listen on 127.0.0.1:%1").arg(options.port);
            return;
        }
        m_baseUrl = m_server->baseUrl();
        m_zendesk = std::make_unique<ZendeskFake>(*m_server, options.zendesk);
        if (options.world.tickets > 0) {
            const DemoWorld world(options.world);
            m_zendesk->load(world);
        }
        m_tickets = m_zendesk->ticketCount();
    }, Qt::BlockingQueuedConnection);
    return error;
}

void SandboxHost::withZendesk(const std::function<void(ZendeskFake &, HttpSandbox &)> &f)
{
    if (!m_thread->isRunning() || !m_zendesk)
        return;
    QMetaObject::invokeMethod(m_anchor, [this, &f] { f(*m_zendesk, *m_server); }, Qt::BlockingQueuedConnection);
}

} // namespace cosmicdesk::sandbox
