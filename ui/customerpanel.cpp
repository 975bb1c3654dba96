#include "customerpanel.h"

#include "customerpresenter.h"
#include "theme.h"

#include <models/ticketstore.h>
#include <services/customerviewservice.h>

#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QToolTip>
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

void CustomerPanel::clear()
{
    m_summary->setText(CustomerPresenter::placeholder());
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
}

} // namespace cosmicdesk::ui
