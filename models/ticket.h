#pragma once

#include <triage/priority.h>

#include <QString>
#include <QStringList>

#include <optional>

namespace cosmicdesk::models {

// Zendesk's ticket statuses; stored as their ordinal.
enum class TicketStatus : quint8 { New = 0, Open, Pending, Hold, Solved, Closed, Deleted };
inline constexpr int kTicketStatusCount = 7;

enum class Channel : quint8 { Email = 0, Web, Chat, Phone, Api, Other };
inline constexpr int kChannelCount = 6;

QString statusName(TicketStatus s); // "new", "open", … (Zendesk spelling)
std::optional<TicketStatus> parseStatus(const QString &s);
QString statusLabel(TicketStatus s); // "New", "Open", … for people
bool isActive(TicketStatus s);       // new, open, pending or hold

QString channelName(Channel c);         // "email", "web", …
Channel parseChannel(const QString &s); // unknown → Other ("api" and Zendesk's "web"/"chat"/"voice" understood)
QString channelLabel(Channel c);

QString priorityText(std::optional<triage::Priority> p); // "P1" or "" for none

// A support ticket as mirrored from Zendesk. Times are Unix seconds, UTC; 0 means "not set".
struct Ticket
{
    qint64 id = 0;
    QString subject;
    QString description;
    TicketStatus status = TicketStatus::New;
    std::optional<triage::Priority> priority; // the agent's (Zendesk's) priority
    Channel channel = Channel::Email;
    qint64 requesterId = 0;
    qint64 organizationId = 0;
    qint64 assigneeId = 0;
    qint64 groupId = 0;
    QStringList tags;
    QString language;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 firstReplyAt = 0;
    qint64 solvedAt = 0;
    bool truncated = false; // a field was longer than the workspace keeps (models/textlimits.h)

    friend bool operator==(const Ticket &, const Ticket &) = default;
};

struct Comment
{
    qint64 id = 0;
    qint64 ticketId = 0;
    qint64 authorId = 0;
    QString body;
    bool isPublic = true;
    qint64 createdAt = 0;
    bool truncated = false; // the body was longer than the workspace keeps

    friend bool operator==(const Comment &, const Comment &) = default;
};

} // namespace cosmicdesk::models
