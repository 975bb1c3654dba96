#include "connectionsummary.h"

#include "errortext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace cosmicdesk::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cosmicdesk::ui::connectionSummary", text);
}

QString clock(qint64 secs)
{
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(secs).time(), QLocale::ShortFormat);
}

} // namespace

QString connectionSummary(const services::ConnectionStatus &s)
{
    using Mode = services::ConnectionStatus::Mode;
    using Phase = services::ConnectionStatus::Phase;
    const bool demo = s.mode == Mode::Demo;
    switch (s.phase) {
    case Phase::Offline: return tr("Workspace file, offline");
    case Phase::Starting:
        return demo ? tr("Demo: starting the built-in Zendesk sandbox…")
                    : tr("Zendesk %1: reading the API token from the keychain…").arg(s.source);
    case Phase::NoToken:
        return tr("Zendesk %1: no API token saved; working offline on the last synced tickets (File → Zendesk account…)").arg(s.source);
    case Phase::Unavailable: {
        const QString why = s.error ? errorSentence(*s.error, demo ? tr("The demo sandbox") : tr("The keychain")) : QString();
        return demo ? tr("Demo workspace, offline: %1").arg(why) : tr("%1 Working offline on the last synced tickets.").arg(why);
    }
    case Phase::Connected: break;
    }
    const QString source =
        demo ? tr("Demo: generated company served by the built-in Zendesk sandbox at %1").arg(s.source) : tr("Zendesk %1").arg(s.source);
    switch (s.syncState) {
    case services::ZendeskSync::State::FullSync:
        return tr("%1 · first sync %2 % (%3 tickets)")
            .arg(source)
            .arg(qRound(s.syncFraction * 100))
            .arg(QLocale().toString(s.ticketsThisRun));
    case services::ZendeskSync::State::Failed:
        return tr("%1 · sync failed: %2").arg(source, errorSentence(s.lastSyncError, s.source, tr("the e-mail and API token")));
    default:
        if (s.lastSyncedAt == 0)
            return tr("%1 · syncing…").arg(source);
        return tr("%1 · synced %2").arg(source, clock(s.lastSyncedAt));
    }
}

} // namespace cosmicdesk::ui
