#include "errortext.h"

#include <QCoreApplication>

namespace cosmicdesk::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cosmicdesk::ui::errorSentence", text);
}

// The server's own words, when it said more than its status.
QString detail(const models::Error &e)
{
    return e.message.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.message);
}

} // namespace

QString errorSentence(const models::Error &e, const QString &who, const QString &credentials)
{
    using Kind = models::Error::Kind;
    const QString system = who.isEmpty() ? tr("The service") : who;
    switch (e.kind) {
    case Kind::Auth:
        return tr("%1 did not accept %2: they were refused%3.")
            .arg(system, credentials.isEmpty() ? tr("the credentials") : credentials, detail(e));
    case Kind::Network: return tr("Could not reach %1. Check the address and the network%2.").arg(system, detail(e));
    case Kind::Timeout: return tr("%1 did not answer in time.").arg(system);
    case Kind::RateLimited: return tr("%1 asks us to slow down; CosmicDesk tries again by itself.").arg(system);
    case Kind::NotFound: return tr("%1 has nothing at this address%2.").arg(system, detail(e));
    case Kind::Conflict: return tr("Someone changed this in %1 meanwhile%2.").arg(system, detail(e));
    case Kind::Server: return tr("%1 had a problem on its side (%2).").arg(system).arg(e.httpStatus);
    case Kind::BadPayload: return tr("%1 answered with something CosmicDesk could not read.").arg(system);
    case Kind::Config: return e.message;
    case Kind::Storage: return tr("The local workspace could not be written: %1").arg(e.message);
    case Kind::Cancelled: return tr("Cancelled.");
    }
    return e.message;
}

} // namespace cosmicdesk::ui
