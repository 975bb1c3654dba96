#include "ticketpane.h"

#include "composer.h"
#include "theme.h"
#include "triagepanel.h"

#include <models/slapolicy.h>
#include <models/ticketstore.h>
#include <services/ticketdetailsservice.h>

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

TicketPane::TicketPane(services::TicketDetailsService *details, services::TriageService *triage, QWidget *parent)
    : QWidget(parent), m_details(details), m_subject(new QLabel(this)), m_meta(new QLabel(this)), m_conversation(new QTextBrowser(this)),
      m_split(new QSplitter(Qt::Horizontal, this)), m_thread(new QSplitter(Qt::Vertical, this)), m_triage(new TriagePanel(triage, this))
{
    QFont big = m_subject->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_subject->setFont(big);
    m_subject->setWordWrap(true);
    m_subject->setTextFormat(Qt::PlainText); // ticket text is never markup
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_meta->setTextFormat(Qt::RichText);
    m_meta->setWordWrap(true);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_subject->setObjectName(QStringLiteral("subject"));
    m_meta->setObjectName(QStringLiteral("meta"));
    m_conversation->setObjectName(QStringLiteral("conversation"));
    m_conversation->setOpenLinks(false);
    connect(m_conversation, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.toString() == QLatin1String(kShowMoreLink)) {
            m_budget += kConversationPageChars;
            renderConversation();
        }
    });
    m_meta->setOpenExternalLinks(true);
    m_conversation->setFrameShape(QFrame::NoFrame);
    auto *ticket = new QWidget(this);
    auto *layout = new QVBoxLayout(ticket);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(4);
    layout->addWidget(m_subject);
    layout->addWidget(m_meta);
    m_thread->addWidget(m_conversation);
    m_thread->setChildrenCollapsible(false);
    layout->addWidget(m_thread, 1);
    m_split->addWidget(ticket);
    m_split->addWidget(m_triage);
    m_split->setStretchFactor(0, 5);
    m_split->setStretchFactor(1, 4);
    m_split->setChildrenCollapsible(false);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_split);
    showEmpty(tr("Select a ticket in the queue: j and k move, Enter opens, / searches."));
}

void TicketPane::showEmpty(const QString &message)
{
    m_ticketId = 0;
    m_shown.reset();
    m_subject->setText(QString());
    m_meta->setText(QString());
    m_conversation->setHtml(QStringLiteral("<p style='color:%1'>%2</p>").arg(theme::muted().name(), message.toHtmlEscaped()));
    m_triage->showTicket(0);
    if (m_composer)
        m_composer->clearTicket();
}

void TicketPane::attachComposer(Composer *composer)
{
    m_composer = composer;
    m_thread->addWidget(composer);
    m_thread->setStretchFactor(0, 3);
    m_thread->setStretchFactor(1, 2);
    connect(composer, &Composer::submitted, this, [this](qint64 ticketId) {
        if (ticketId == m_ticketId)
            showTicket(ticketId); // the local comment and the new fields show at once
    });
    connect(composer, &Composer::outboxReported, this, [this](qint64 ticketId) {
        if (ticketId == m_ticketId)
            showTicket(ticketId); // Zendesk's comment id, or a dropped change gone
    });
    if (m_shown)
        composer->setTicket(*m_shown);
}

void TicketPane::focusConversation()
{
    m_conversation->setFocus(Qt::OtherFocusReason);
}

void TicketPane::showTicket(qint64 ticketId)
{
    const quint64 request = ++m_request;
    if (ticketId == 0) {
        showEmpty(tr("Select a ticket in the queue: j and k move, Enter opens, / searches."));
        return;
    }
    m_details->details(ticketId, this, [this, request, ticketId](models::Result<std::optional<models::TicketDetails>> details) {
        if (request != m_request)
            return; // another ticket was selected meanwhile
        if (!details.ok()) {
            showEmpty(tr("Could not read ticket %1: %2").arg(ticketId).arg(details.error().message));
            return;
        }
        if (!details.value()) {
            showEmpty(tr("Ticket %1 is no longer in this workspace.").arg(ticketId));
            return;
        }
        render(*details.value());
    });
}

void TicketPane::render(const models::TicketDetails &d)
{
    const qint64 ticketId = d.ticket.id;
    m_ticketId = ticketId;
    const models::Ticket &t = d.ticket;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // A workspace from before the limits may hold anything: show a bounded part of a long subject.
    m_subject->setText(t.subject.size() > kSubjectChars ? t.subject.left(kSubjectChars) + QChar(0x2026) : t.subject);

    QStringList parts;
    parts << QStringLiteral("<b>#%1</b>").arg(t.id);
    parts << models::statusLabel(t.status).toHtmlEscaped();
    if (t.priority) {
        const int p = static_cast<int>(*t.priority);
        parts << QStringLiteral("<span style='color:%1;font-weight:bold'>P%2</span>").arg(theme::priorityColor(p).name()).arg(p);
    } else {
        parts << tr("no priority yet");
    }
    parts << models::channelLabel(t.channel).toHtmlEscaped();
    parts << tr("created %1 ago").arg(models::formatDuration(now - t.createdAt));
    if (!d.groupName.isEmpty())
        parts << d.groupName.toHtmlEscaped();
    parts << (d.assigneeName.isEmpty() ? tr("unassigned") : d.assigneeName.toHtmlEscaped());
    QString who;
    if (d.requester)
        who = d.requester->email.isEmpty()
                  ? d.requester->name.toHtmlEscaped()
                  : QStringLiteral("%1 &lt;%2&gt;").arg(d.requester->name.toHtmlEscaped(), d.requester->email.toHtmlEscaped());
    if (d.organization && d.organization->name != (d.requester ? d.requester->name : QString()))
        who += QStringLiteral(" · %1").arg(d.organization->name.toHtmlEscaped());
    if (d.organization && !d.organization->plan.isEmpty())
        who += QStringLiteral(" · %1").arg(d.organization->plan.toHtmlEscaped());
    QString meta = parts.join(QStringLiteral(" · ")) + QStringLiteral("<br>") + who;
    if (d.truncated) {
        meta += QStringLiteral("<br><span style='color:%1'>").arg(theme::priorityColor(1).name());
        meta += d.agentUrl.isValid() ? tr("This ticket is longer than CosmicDesk keeps; <a href='%1'>the full text is in Zendesk</a>.")
                                           .arg(d.agentUrl.toString(QUrl::FullyEncoded).toHtmlEscaped())
                                     : tr("This ticket is longer than CosmicDesk keeps; the full text is in Zendesk.");
        meta += QStringLiteral("</span>");
    }
    m_meta->setText(meta);
    m_shown = std::make_shared<const models::TicketDetails>(d);
    m_budget = kConversationPageChars;
    renderConversation();
    m_triage->showTicket(ticketId);
    if (m_composer)
        m_composer->setTicket(d);
    Q_EMIT detailsLoaded(d);
}

void TicketPane::renderConversation()
{
    if (!m_shown)
        return;
    const models::TicketDetails &d = *m_shown;
    const QLocale locale;
    QString html;
    qsizetype left = m_budget;
    bool more = false;
    for (const auto &e : d.conversation) {
        if (left <= 0) {
            more = true;
            break;
        }
        const bool note = !e.comment.isPublic;
        const QColor bg =
            note ? theme::internalNoteBackground() : (e.byStaff ? theme::staffMessageBackground() : theme::requesterMessageBackground());
        const QString role = note ? tr("internal note") : (e.byStaff ? tr("agent") : tr("requester"));
        const QString when = locale.toString(QDateTime::fromSecsSinceEpoch(e.comment.createdAt), QLocale::ShortFormat);
        const bool cut = e.comment.body.size() > left;
        QString body = (cut ? e.comment.body.left(left) : e.comment.body).toHtmlEscaped();
        left -= e.comment.body.size();
        more = more || cut;
        body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (cut)
            body += QChar(0x2026);
        html += QStringLiteral("<table width='100%' cellpadding='8' style='background:%1;margin-bottom:6px'><tr><td>"
                               "<b>%3</b> <span style='color:%2'>· %4 · %5</span><br>%6</td></tr></table>")
                    .arg(bg.name(), theme::muted().name(), (e.authorName.isEmpty() ? tr("Unknown") : e.authorName).toHtmlEscaped(), role,
                         when, body);
    }
    if (more)
        html += QStringLiteral("<p><a href='%1'>%2</a></p>").arg(QLatin1String(kShowMoreLink), tr("Show more"));
    if (d.conversation.empty())
        html = QStringLiteral("<p style='color:%1'>%2</p>").arg(theme::muted().name(), tr("This ticket has no messages."));
    const int scroll = m_conversation->verticalScrollBar()->value();
    m_conversation->setHtml(html);
    if (m_budget > kConversationPageChars)
        m_conversation->verticalScrollBar()->setValue(scroll); // "show more" keeps the reader's place
}

} // namespace cosmicdesk::ui
