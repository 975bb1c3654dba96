#include "sandboxhost.h"

#include <QDateTime>
#include <QThread>
#include <QTimer>

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
        QMetaObject::invokeMethod(
            m_anchor,
            [this] {
                m_notify.reset();
                m_snowflake.reset();
                m_customer.reset();
                m_zendesk.reset();
                delete m_server;
                m_server = nullptr;
            },
            Qt::BlockingQueuedConnection);
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
    QMetaObject::invokeMethod(
        m_anchor,
        [this, &options, &error] {
            m_server = new HttpSandbox(options.faultSeed);
            m_server->setKnobs(QStringLiteral("*"), options.knobs);
            if (m_server->start(options.port) == 0) {
                error = QStringLiteral("Could not listen on 127.0.0.1:%1").arg(options.port);
                return;
            }
            m_baseUrl = m_server->baseUrl();
            m_zendesk = std::make_unique<ZendeskFake>(*m_server, options.zendesk);
            if (options.world.tickets > 0) {
                m_world = std::make_unique<DemoWorld>(options.world);
                m_zendesk->load(*m_world);
                if (options.customerSystems)
                    m_customer = std::make_unique<CustomerFakes>(*m_server, *m_world, options.customer);
            }
            m_tickets = m_zendesk->ticketCount();
            if (!options.snowflake.publicKeyPem.isEmpty())
                m_snowflake = std::make_unique<SnowflakeFake>(*m_server, options.snowflake);
            if (options.notify)
                m_notify = std::make_unique<NotifyFakes>(*m_server, options.notifyOptions);
        },
        Qt::BlockingQueuedConnection);
    return error;
}

void SandboxHost::startLiveActivity(std::chrono::seconds every)
{
    if (!m_thread->isRunning() || !m_zendesk)
        return;
    QMetaObject::invokeMethod(
        m_anchor,
        [this, every] {
            auto *timer = new QTimer(m_anchor);
            auto rng = std::make_shared<Rng>(Rng::derive(std::uint64_t(QDateTime::currentSecsSinceEpoch()), 77));
            QObject::connect(timer, &QTimer::timeout, m_anchor, [this, rng] {
                // A customer writes in: the words of an earlier ticket, new in every other respect.
                const qint64 last = m_zendesk->maxTicketId();
                if (last <= 0)
                    return;
                const qint64 pick = last - qint64(rng->below(std::uint64_t(std::clamp<qint64>(last - 10000, 1, 4000)) + 1));
                auto source = m_zendesk->ticket(pick);
                if (!source)
                    return;
                const qint64 now = QDateTime::currentSecsSinceEpoch();
                models::Ticket t = *source;
                t.id = last + 1;
                t.status = models::TicketStatus::New;
                t.priority.reset();
                t.assigneeId = 0;
                t.createdAt = t.updatedAt = now;
                t.firstReplyAt = t.solvedAt = 0;
                std::vector<models::Comment> comments;
                const auto old = m_zendesk->comments(pick);
                if (!old.empty()) {
                    models::Comment c = old.front();
                    c.id = 8000000000 + t.id;
                    c.ticketId = t.id;
                    c.createdAt = now;
                    comments.push_back(std::move(c));
                }
                m_zendesk->upsertTicket(std::move(t), std::move(comments));
            });
            timer->start(every);
        },
        Qt::BlockingQueuedConnection);
}

void SandboxHost::withAutomation(const std::function<void(SnowflakeFake *, NotifyFakes *)> &f)
{
    if (!m_thread->isRunning())
        return;
    QMetaObject::invokeMethod(
        m_anchor, [this, &f] { f(m_snowflake.get(), m_notify.get()); }, Qt::BlockingQueuedConnection);
}

void SandboxHost::setKnobs(const QString &route, const FaultKnobs &knobs)
{
    if (!m_thread->isRunning() || !m_server)
        return;
    QMetaObject::invokeMethod(
        m_anchor, [this, route, knobs] { m_server->setKnobs(route, knobs); }, Qt::BlockingQueuedConnection);
}

void SandboxHost::withZendesk(const std::function<void(ZendeskFake &, HttpSandbox &)> &f)
{
    if (!m_thread->isRunning() || !m_zendesk)
        return;
    QMetaObject::invokeMethod(
        m_anchor, [this, &f] { f(*m_zendesk, *m_server); }, Qt::BlockingQueuedConnection);
}

} // namespace cosmicdesk::sandbox
