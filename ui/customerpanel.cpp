#include "customerpanel.h"

#include "errortext.h"

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
using State = services::SectionStatus::State;

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString money(qint64 cents, const QString &currency)
{
    return currency.toUpper() + u' ' + QLocale().toString(double(cents) / 100.0, 'f', 2);
}

QString date(qint64 secs)
{
    return secs > 0 ? QLocale().toString(QDateTime::fromSecsSinceEpoch(secs).date(), QLocale::ShortFormat) : QString();
}

QString copyLink(const QString &id)
{
    return id.isEmpty() ? QString()
                        : QStringLiteral("<a href='copy:%1' title='%2' style='text-decoration:none;color:#5a6b80'>%1</a>")
                              .arg(esc(id), QCoreApplication::translate("CustomerPanel", "Click to copy"));
}

QString age(qint64 fetchedAt)
{
    const qint64 secs = QDateTime::currentSecsSinceEpoch() - fetchedAt;
    if (secs < 60)
        return QCoreApplication::translate("CustomerPanel", "just now");
    if (secs < 3600)
        return QCoreApplication::translate("CustomerPanel", "%1 min ago").arg(secs / 60);
    if (secs < 86400)
        return QCoreApplication::translate("CustomerPanel", "%1 h ago").arg(secs / 3600);
    return QCoreApplication::translate("CustomerPanel", "%1 days ago").arg(secs / 86400);
}

// Grey bars where text will be: the card's shape while its source answers.
QString skeleton(int lines)
{
    QString html;
    for (int i = 0; i < lines; ++i)
        html += QStringLiteral("<div style='background:#e4e7eb;color:#e4e7eb;margin:3px 0'>%1</div>")
                    .arg(QString(12 + (i * 7) % 18, QChar(0x2007)));
    return html;
}

QString statusColour(models::ShipmentStatus s)
{
    switch (s) {
    case models::ShipmentStatus::Delivered: return QStringLiteral("#2e7d32");
    case models::ShipmentStatus::Exception:
    case models::ShipmentStatus::Returning:
    case models::ShipmentStatus::Returned: return QStringLiteral("#c62828");
    case models::ShipmentStatus::OutForDelivery:
    case models::ShipmentStatus::AvailableForPickup: return QStringLiteral("#ef6c00");
    default: return QStringLiteral("#37474f");
    }
}

} // namespace

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
        c.state->setStyleSheet(QStringLiteral("color:gray"));
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
    m_summary->setText(QStringLiteral("<span style='color:gray'>%1</span>").arg(tr("The customer of the selected ticket shows here.")));
    for (auto &c : m_cards)
        c.frame->setVisible(false);
}

namespace {

// A section's failures, one sentence each.
QString errorText(CustomerSection s, const services::SectionStatus &st)
{
    static const char *const systems[] = {QT_TRANSLATE_NOOP("CustomerPanel", "Salesforce"), QT_TRANSLATE_NOOP("CustomerPanel", "Stripe"),
                                          QT_TRANSLATE_NOOP("CustomerPanel", "The orders database"),
                                          QT_TRANSLATE_NOOP("CustomerPanel", "The carrier")};
    QStringList out;
    for (const auto &e : st.errors)
        out << errorSentence(e, CustomerPanel::tr(systems[int(s)]));
    return out.join(u' ');
}

} // namespace

void CustomerPanel::render(int section)
{
    if (!m_service) {
        for (auto &c : m_cards)
            c.frame->setVisible(false);
        return;
    }
    const services::CustomerView &v = m_service->view();
    for (int i = 0; i < 4; ++i) {
        if (section >= 0 && section != i)
            continue;
        Card &c = m_cards[std::size_t(i)];
        const services::SectionStatus &st = v.status[std::size_t(i)];
        c.frame->setVisible(st.state != State::Unavailable);
        const QString error = errorText(CustomerSection(i), st);
        c.retry->setVisible(st.state == State::Failed || (st.state == State::Stale && !error.isEmpty()));
        switch (st.state) {
        case State::Unavailable: c.state->clear(); break;
        case State::Loading: c.state->setText(tr("Loading…")); break;
        case State::Fresh: c.state->setText(st.refreshing ? tr("Refreshing…") : tr("Updated %1").arg(age(st.fetchedAt))); break;
        case State::Stale:
            c.state->setText(st.refreshing ? tr("From %1 · refreshing…").arg(age(st.fetchedAt))
                                           : tr("<span style='color:#b26a00'>Stale · from %1</span>").arg(age(st.fetchedAt)));
            break;
        case State::Failed: c.state->setText(tr("<span style='color:#c62828'>Failed</span>")); break;
        }
        c.state->setToolTip(error);
        if (st.state == State::Loading) {
            c.body->setText(skeleton(3));
            continue;
        }
        if (st.state == State::Failed) {
            c.body->setText(QStringLiteral("<span style='color:#c62828'>%1</span>").arg(esc(error)));
            continue;
        }
        QString html;
        switch (CustomerSection(i)) {
        case CustomerSection::Crm: {
            if (!v.crm.contact) {
                html = tr("<span style='color:gray'>No Salesforce contact for this requester.</span>");
                break;
            }
            const auto &ct = *v.crm.contact;
            html += QStringLiteral("%1 %2<br>").arg(esc(ct.name), copyLink(ct.id));
            if (v.crm.account)
                html +=
                    QStringLiteral("%1 · %2 · %3 %4<br>")
                        .arg(esc(v.crm.account->name), esc(v.crm.account->type), esc(v.crm.account->industry), copyLink(v.crm.account->id));
            if (v.crm.cases.empty())
                html += tr("<span style='color:gray'>No cases.</span>");
            for (const auto &cs : v.crm.cases)
                html += QStringLiteral("<div>%1 · <b>%2</b> · %3 · %4 <span style='color:gray'>%5</span></div>")
                            .arg(copyLink(cs.caseNumber), esc(cs.subject), esc(cs.status), esc(cs.priority), date(cs.createdAt));
            break;
        }
        case CustomerSection::Payments: {
            if (v.charges.empty())
                html = tr("<span style='color:gray'>No charges.</span>");
            for (const auto &ch : v.charges) {
                const bool mine = ch.id == v.highlightedChargeId;
                html += QStringLiteral("<div style='%1margin-bottom:4px'>").arg(mine ? QStringLiteral("background:#fff4cc;") : QString());
                if (mine)
                    html += tr("<b>The charge this ticket is about</b><br>");
                html += QStringLiteral("<b>%1</b> · %2 · %3 •••• %4 · %5<br>%6")
                            .arg(money(ch.amount, ch.currency), esc(ch.status), esc(ch.cardBrand), esc(ch.cardLast4), date(ch.created),
                                 copyLink(ch.id));
                if (!ch.invoiceId.isEmpty())
                    html += QStringLiteral(" · %1 %2").arg(tr("invoice"), copyLink(ch.invoiceId));
                if (!ch.receiptUrl.isEmpty())
                    html += QStringLiteral(" · <a href='%1'>%2</a>").arg(esc(ch.receiptUrl), tr("receipt"));
                for (const auto &r : ch.refunds)
                    html += QStringLiteral("<br>↩ %1 %2 · %3 · %4")
                                .arg(tr("refund"), money(r.amount, r.currency), esc(r.status), date(r.created));
                for (const auto &d : ch.disputes)
                    html += QStringLiteral("<br><span style='color:#c62828'>⚠ %1 %2 · %3 · %4 · %5 %6</span>")
                                .arg(tr("dispute"), money(d.amount, d.currency), esc(d.reason), esc(d.status), tr("evidence due"),
                                     date(d.dueBy));
                html += QStringLiteral("</div>");
            }
            break;
        }
        case CustomerSection::Orders: {
            if (v.orders.empty())
                html = tr("<span style='color:gray'>No orders.</span>");
            for (const auto &o : v.orders) {
                html += QStringLiteral("<div style='margin-bottom:4px'><b>#%1</b> · %2 · %3 · %4")
                            .arg(o.id)
                            .arg(date(o.createdAt), esc(o.status), money(o.totalCents, o.currency));
                for (const auto &it : o.items) {
                    const QString name = it.product && !it.product->name.isEmpty() ? it.product->name : it.name;
                    html += QStringLiteral("<br>&nbsp;&nbsp;%1 × %2 · %3 %4")
                                .arg(it.quantity)
                                .arg(esc(name), money(it.unitCents, o.currency), copyLink(it.sku));
                }
                html += QStringLiteral("</div>");
            }
            break;
        }
        case CustomerSection::Shipments: {
            if (v.shipments.empty())
                html = tr("<span style='color:gray'>No shipments.</span>");
            for (const auto &s : v.shipments) {
                html += QStringLiteral("<div style='margin-bottom:4px'><b style='color:%1'>%2</b> · %3 %4")
                            .arg(statusColour(s.status), models::shipmentStatusLabel(s.status), esc(s.carrier.toUpper()),
                                 copyLink(s.trackingNumber));
                for (const auto &e : s.events)
                    html += QStringLiteral("<br>&nbsp;&nbsp;<span style='color:gray'>%1</span> %2 <span style='color:gray'>%3</span>")
                                .arg(esc(e.timestamp.left(16).replace(u'T', u' ')),
                                     esc(e.description.isEmpty() ? e.rawStatus : e.description), esc(e.location));
                html += QStringLiteral("</div>");
            }
            break;
        }
        }
        if (!error.isEmpty() && (st.state == State::Stale || st.state == State::Fresh))
            html.prepend(QStringLiteral("<div style='color:#b26a00'>%1</div>").arg(esc(error)));
        c.body->setText(html);
    }
}

void CustomerPanel::showCustomer(const models::TicketDetails &d)
{
    const QLocale locale;
    auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='color:gray;padding-right:10px'>%1</td><td>%2</td></tr>").arg(label, value);
    };
    QString html;
    if (d.organization) {
        const auto &a = *d.organization;
        const double years = static_cast<double>(QDateTime::currentSecsSinceEpoch() - a.createdAt) / (365.25 * 86400);
        html += QStringLiteral("<h3 style='margin:0'>%1</h3><table>").arg(a.name.toHtmlEscaped());
        html += row(tr("Plan"), a.plan.toHtmlEscaped());
        html += row(tr("MRR"), QStringLiteral("$") + locale.toString(static_cast<double>(a.mrrCents) / 100.0, 'f', 0));
        html += row(tr("Key account manager"), QStringLiteral("%1 &lt;%2&gt;").arg(a.kamName.toHtmlEscaped(), a.kamEmail.toHtmlEscaped()));
        html +=
            row(tr("Customer for"), years >= 1 ? tr("%1 years").arg(years, 0, 'f', 1) : tr("%1 months").arg(static_cast<int>(years * 12)));
        html += row(tr("Country"), a.country.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    if (d.requester) {
        const auto &u = *d.requester;
        html += QStringLiteral("<h4 style='margin-bottom:0'>%1</h4><table>").arg(u.name.toHtmlEscaped());
        html += row(tr("E-mail"), u.email.toHtmlEscaped());
        if (!u.phone.isEmpty())
            html += row(tr("Phone"), u.phone.toHtmlEscaped());
        html += row(tr("Open tickets"), QString::number(d.requesterOpenTickets));
        html += row(tr("Tickets in 30 days"), QString::number(d.requesterTicketsLast30d));
        html += QStringLiteral("</table>");
    }
    if (html.isEmpty())
        clear();
    else
        m_summary->setText(html);
}

} // namespace cosmicdesk::ui
