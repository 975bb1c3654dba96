#include "ticket.h"

#include <array>

namespace cosmicdesk::models {

namespace {
const std::array<QString, kTicketStatusCount> &statusNames()
{
    static const std::array<QString, kTicketStatusCount> names{
        QStringLiteral("new"),    QStringLiteral("open"),   QStringLiteral("pending"), QStringLiteral("hold"),
        QStringLiteral("solved"), QStringLiteral("closed"), QStringLiteral("deleted")};
    return names;
}
const std::array<QString, kChannelCount> &channelNames()
{
    static const std::array<QString, kChannelCount> names{QStringLiteral("email"), QStringLiteral("web"), QStringLiteral("chat"),
                                                          QStringLiteral("phone"), QStringLiteral("api"), QStringLiteral("other")};
    return names;
}
} // namespace

QString statusName(TicketStatus s)
{
    return statusNames()[static_cast<std::size_t>(s)];
}

std::optional<TicketStatus> parseStatus(const QString &s)
{
    const QString t = s.trimmed().toLower();
    const auto &names = statusNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == t)
            return static_cast<TicketStatus>(i);
    return std::nullopt;
}

QString statusLabel(TicketStatus s)
{
    QString n = statusName(s);
    n[0] = n[0].toUpper();
    return n;
}

bool isActive(TicketStatus s)
{
    return s == TicketStatus::New || s == TicketStatus::Open || s == TicketStatus::Pending || s == TicketStatus::Hold;
}

QString channelName(Channel c)
{
    return channelNames()[static_cast<std::size_t>(c)];
}

Channel parseChannel(const QString &s)
{
    const QString t = s.trimmed().toLower();
    const auto &names = channelNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == t)
            return static_cast<Channel>(i);
    // Zendesk's via.channel values that map onto ours.
    if (t == QLatin1String("voice"))
        return Channel::Phone;
    if (t == QLatin1String("web_form") || t == QLatin1String("web_widget") || t == QLatin1String("mobile"))
        return Channel::Web;
    if (t == QLatin1String("chat_transcript") || t == QLatin1String("native_messaging") || t == QLatin1String("messaging"))
        return Channel::Chat;
    return Channel::Other;
}

QString channelLabel(Channel c)
{
    QString n = channelName(c);
    if (c == Channel::Api)
        return QStringLiteral("API");
    n[0] = n[0].toUpper();
    return n;
}

QString priorityText(std::optional<triage::Priority> p)
{
    if (!p)
        return {};
    const auto name = triage::priorityName(*p);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

} // namespace cosmicdesk::models
