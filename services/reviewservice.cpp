#include "reviewservice.h"

#include "storethread.h"
#include "triageservice.h"

#include <models/sqlconnection.h>
#include <models/ticketstore.h>

#include <QFileInfo>

namespace cosmicdesk::services {

ReviewService::ReviewService(const QString &workspacePath, models::ReviewSource source, TriageService &triage, QObject *parent)
    : QObject(parent), m_triage(triage), m_source(std::move(source)),
      m_thread(new StoreThread(workspacePath, QStringLiteral("review"), this))
{
    m_recount.setSingleShot(true);
    m_recount.setInterval(400);
    connect(&m_recount, &QTimer::timeout, this, [this] {
        m_thread->run<models::ReviewProgress>([](models::TicketStore &store) { return models::ReviewStore(store.db()).progress(); }, this,
                                              [this](models::Result<models::ReviewProgress> r) {
                                                  if (!r.ok())
                                                      return;
                                                  m_progress = r.value();
                                                  Q_EMIT progressChanged();
                                              });
    });
    // Triage decisions from the triage panel count as review labels too.
    connect(&m_triage, &TriageService::decided, this, [this](qint64 id) {
        Q_EMIT labelled(id);
        refreshProgress();
    });
    m_recount.start(0);
}

ReviewService::~ReviewService() = default;

models::Result<std::optional<models::ReviewSource>> ReviewService::sourceOf(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return std::optional<models::ReviewSource>{};
    auto conn = models::SqlConnection::open(path, models::SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return conn.error();
    return models::ReviewStore(conn.value().db()).source();
}

QStringList ReviewService::teams() const
{
    return m_triage.teams();
}

QChar ReviewService::teamKey(int index)
{
    // g and o toggle Guardian and Opportunity, j and k move through the queue, the digits are priorities.
    static const QString keys = QStringLiteral("abcdefhilmnpqrstuvwxyz");
    return index >= 0 && index < keys.size() ? keys[index] : QChar();
}

void ReviewService::row(qint64 ticketId, QObject *context, std::function<void(models::Result<std::optional<models::ReviewRow>>)> done)
{
    m_thread->run<std::optional<models::ReviewRow>>(
        [ticketId](models::TicketStore &store) { return models::ReviewStore(store.db()).row(ticketId); }, context, std::move(done));
}

void ReviewService::label(qint64 ticketId, models::TriageDecision::Field field, const QString &value, QObject *context,
                          std::function<void(models::Result<models::TriageDecision>)> done)
{
    // The suggestion the label answers, as stored; then the decision through the triage service.
    row(ticketId, this,
        [this, ticketId, field, value, ctx = QPointer<QObject>(context),
         done = std::move(done)](models::Result<std::optional<models::ReviewRow>> r) {
            if (!r.ok() || !r.value()) {
                if (ctx)
                    done(r.ok() ? models::Error::make(models::Error::Kind::NotFound, tr("Ticket %1 is not in this review.").arg(ticketId))
                                : r.error());
                return;
            }
            const models::ReviewRow &row = *r.value();
            models::TriageDecision d;
            d.ticketId = ticketId;
            d.field = field;
            switch (field) {
            case models::TriageDecision::Field::Priority:
                d.suggested = row.priority.suggested;
                d.chosen = value;
                break;
            case models::TriageDecision::Field::Team:
                d.suggested = row.team.suggested;
                d.chosen = value;
                break;
            case models::TriageDecision::Field::Guardian:
                // Decisions on Guardian are levels: yes is an alert, no is none.
                d.suggested = row.guardian.suggested == QLatin1String("yes") ? QStringLiteral("alert") : QStringLiteral("none");
                d.chosen = value == QLatin1String("yes") ? QStringLiteral("alert") : QStringLiteral("none");
                break;
            case models::TriageDecision::Field::Opportunity:
                d.suggested = row.opportunity.suggested;
                d.chosen = value;
                break;
            default: d.chosen = value; break;
            }
            m_triage.decide(d, ctx ? ctx.data() : this, [ctx, done](models::Result<models::TriageDecision> decided) {
                if (ctx)
                    done(std::move(decided));
            });
        });
}

void ReviewService::refreshProgress()
{
    if (!m_recount.isActive())
        m_recount.start();
}

} // namespace cosmicdesk::services
