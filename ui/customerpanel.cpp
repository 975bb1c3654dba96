#include "customerpanel.h"

#include "customerpresenter.h"
#include "theme.h"

#include <models/ticketstore.h>
#include <services/customerviewservice.h>
#include <services/ticketdetailsservice.h>

#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QToolTip>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using services::CustomerSection;

CustomerPanel::CustomerPanel(QWidget *parent) : QWidget(parent), m_summary(new QLabel(this))
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(10, 8, 10, 8);
    column->addWidget(m_summary);
    {
        auto *frame = new QFrame(content);
        frame->setObjectName(QStringLiteral("card_past"));
        frame->setFrameShape(QFrame::StyledPanel);
        auto *v = new QVBoxLayout(frame);
        v->setContentsMargins(8, 6, 8, 6);
        m_pastTitle = new QLabel(frame);
        m_past = new QTreeWidget(frame);
        m_past->setObjectName(QStringLiteral("pastTickets"));
        m_past->setColumnCount(3);
        m_past->setHeaderLabels({tr("Subject"), tr("Status"), tr("Created")});
        m_past->setRootIsDecorated(false);
        m_past->setUniformRowHeights(true);
        m_past->setAllColumnsShowFocus(true);
        m_past->setFrameShape(QFrame::NoFrame);
        m_past->header()->setStretchLastSection(false);
        m_past->header()->setSectionResizeMode(0, QHeaderView::Stretch);
        m_past->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
        m_past->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
        m_past->setCursor(Qt::PointingHandCursor);
        m_past->setToolTip(tr("Click a ticket to open it"));
        connect(m_past, &QTreeWidget::itemClicked, this,
                [this](QTreeWidgetItem *item) { Q_EMIT pastTicketActivated(item->data(0, Qt::UserRole).toLongLong()); });
        connect(m_past, &QTreeWidget::itemActivated, this,
                [this](QTreeWidgetItem *item) { Q_EMIT pastTicketActivated(item->data(0, Qt::UserRole).toLongLong()); });
        v->addWidget(m_pastTitle);
        v->addWidget(m_past);
        m_pastFrame = frame;
        frame->setVisible(false);
        column->addWidget(frame);
    }
    static const char *const titles[] = {QT_TR_NOOP("Salesforce"), QT_TR_NOOP("Payments (Stripe)"), QT_TR_NOOP("Orders"),
                                         QT_TR_NOOP("Shipments")};
    for (int i = 0; i < 4; ++i) {
        Card &c = m_cards[std::size_t(i)];
        auto *frame = new QFrame(content);
        frame->setObjectName(QStringLiteral("card_%1").arg(services::customerSectionKey(CustomerSection(i))));
        frame->setFrameShape(QFrame::StyledPanel);
        auto *v = new QVBoxLayout(frame);
        v->setContentsMargins(8, 6, 8, 6);
        auto *head = new QHBoxLayout;
        c.title = new QLabel(QStringLiteral("<b>%1</b>").arg(tr(titles[i])), frame);
        c.state = new QLabel(frame);
        c.state->setObjectName(QStringLiteral("state"));
        c.state->setStyleSheet(QStringLiteral("color:%1").arg(theme::muted().name()));
        c.retry = new QPushButton(tr("Retry"), frame);
        c.retry->setObjectName(QStringLiteral("retry"));
        c.retry->setVisible(false);
        head->addWidget(c.title);
        head->addStretch(1);
        head->addWidget(c.state);
        head->addWidget(c.retry);
        c.body = new QLabel(frame);
        c.body->setObjectName(QStringLiteral("body"));
        c.body->setTextFormat(Qt::RichText);
        c.body->setWordWrap(true);
        c.body->setTextInteractionFlags(Qt::TextBrowserInteraction);
        c.body->setOpenExternalLinks(false);
        connect(c.body, &QLabel::linkActivated, this, &CustomerPanel::onLink);
        connect(c.retry, &QPushButton::clicked, this, [this, i] {
            if (m_service)
                m_service->retry(CustomerSection(i));
        });
        v->addLayout(head);
        v->addWidget(c.body);
        c.frame = frame;
        frame->setVisible(false);
        column->addWidget(frame);
    }
    column->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    clear();
}

void CustomerPanel::setService(services::CustomerViewService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (service)
        connect(service, &services::CustomerViewService::viewChanged, this, &CustomerPanel::render);
    render(-1);
}

void CustomerPanel::onLink(const QString &link)
{
    if (link.startsWith(u"copy:")) {
        QGuiApplication::clipboard()->setText(link.mid(5));
        QToolTip::showText(QCursor::pos(), tr("Copied %1").arg(link.mid(5)), this);
        return;
    }
    const QUrl url(link);
    if (url.scheme() == u"https" || url.scheme() == u"http")
        QDesktopServices::openUrl(url);
}

void CustomerPanel::setDetailsService(services::TicketDetailsService *details)
{
    m_details = details;
}

void CustomerPanel::showPastTickets(qint64 requesterId, qint64 ticketId)
{
    const quint64 request = ++m_pastRequest;
    if (!m_details || requesterId == 0) {
        m_pastFrame->setVisible(false);
        return;
    }
    m_details->pastTickets(requesterId, ticketId, kPastTickets, this, [this, request](models::Result<std::vector<models::Ticket>> r) {
        if (request != m_pastRequest)
            return; // another ticket is shown now
        m_past->clear();
        if (!r.ok() || r.value().empty()) {
            m_pastFrame->setVisible(false);
            Q_EMIT pastTicketsShown();
            return;
        }
        const QLocale locale;
        for (const models::Ticket &t : r.value()) {
            auto *item = new QTreeWidgetItem(m_past);
            item->setText(0, t.subject.left(200)); // plain text in an item view: never markup
            item->setToolTip(0, QStringLiteral("#%1 · %2").arg(t.id).arg(t.subject.left(500)));
            item->setText(1, models::statusLabel(t.status));
            item->setText(2, locale.toString(QDateTime::fromSecsSinceEpoch(t.createdAt).date(), QLocale::ShortFormat));
            item->setData(0, Qt::UserRole, t.id);
            if (models::isActive(t.status))
                item->setForeground(1, theme::attention());
            else
                item->setForeground(1, theme::muted());
            item->setForeground(2, theme::muted());
        }
        const int n = int(r.value().size());
        m_pastTitle->setText(n >= kPastTickets ? tr("<b>Past tickets</b> · the latest %1").arg(n) : tr("<b>Past tickets</b> · %1").arg(n));
        const int rowHeight = std::max(m_past->sizeHintForRow(0), fontMetrics().height() + 4);
        m_past->setFixedHeight(m_past->header()->sizeHint().height() + rowHeight * std::min(n, 8) + 4);
        m_pastFrame->setVisible(true);
        Q_EMIT pastTicketsShown();
    });
}

void CustomerPanel::clear()
{
    m_summary->setText(CustomerPresenter::placeholder());
    ++m_pastRequest;
    m_pastFrame->setVisible(false);
    for (auto &c : m_cards)
        c.frame->setVisible(false);
}

void CustomerPanel::render(int section)
{
    if (!m_service) {
        for (auto &c : m_cards)
            c.frame->setVisible(false);
        return;
    }
    const services::CustomerView &v = m_service->view();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (int i = 0; i < 4; ++i) {
        if (section >= 0 && section != i)
            continue;
        Card &c = m_cards[std::size_t(i)];
        const CustomerPresenter::Card card = CustomerPresenter::card(CustomerSection(i), v, now);
        c.frame->setVisible(card.visible);
        c.retry->setVisible(card.retry);
        c.state->setText(card.state);
        c.state->setToolTip(card.stateTip);
        c.body->setText(card.body);
    }
}

void CustomerPanel::showCustomer(const models::TicketDetails &d)
{
    const QString html = CustomerPresenter::summary(d, QDateTime::currentSecsSinceEpoch());
    if (html.isEmpty())
        clear();
    else
        m_summary->setText(html);
    showPastTickets(d.ticket.requesterId, d.ticket.id);
}

} // namespace cosmicdesk::ui
