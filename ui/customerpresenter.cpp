#include "customerpresenter.h"

#include "errortext.h"
#include "theme.h"

#include <models/ticketstore.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace cosmicdesk::ui {

using services::CustomerSection;
using State = services::SectionStatus::State;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CustomerPanel", text);
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString colour(const QColor &c)
{
    return c.name();
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
                        : QStringLiteral("<a href='copy:%1' title='%2' style='text-decoration:none;color:%3'>%1</a>")
                              .arg(esc(id), tr("Click to copy"), colour(theme::muted()));
}

QString grey(const QString &text)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(colour(theme::muted()), text);
}

// Grey bars where text will be: the card's shape while its source answers.
QString skeleton(int lines)
{
    QString html;
    const QString c = colour(theme::skeleton());
    for (int i = 0; i < lines; ++i)
        html +=
            QStringLiteral("<div style='background:%1;color:%1;margin:3px 0'>%2</div>").arg(c, QString(12 + (i * 7) % 18, QChar(0x2007)));
    return html;
}

QColor statusColour(models::ShipmentStatus s)
{
    switch (s) {
    case models::ShipmentStatus::Delivered: return theme::success();
    case models::ShipmentStatus::Exception:
    case models::ShipmentStatus::Returning:
    case models::ShipmentStatus::Returned: return theme::error();
    case models::ShipmentStatus::OutForDelivery:
    case models::ShipmentStatus::AvailableForPickup: return theme::attention();
    default: return theme::neutral();
    }
}

// A section's failures, one sentence each.
QString errorText(CustomerSection s, const services::SectionStatus &st)
{
    static const char *const systems[] = {QT_TRANSLATE_NOOP("CustomerPanel", "Salesforce"), QT_TRANSLATE_NOOP("CustomerPanel", "Stripe"),
                                          QT_TRANSLATE_NOOP("CustomerPanel", "The orders database"),
                                          QT_TRANSLATE_NOOP("CustomerPanel", "The carrier")};
    QStringList out;
    for (const auto &e : st.errors)
        out << errorSentence(e, tr(systems[int(s)]));
    return out.join(u' ');
}

QString crm(const services::CustomerView &v)
{
    if (!v.crm.contact)
        return grey(tr("No Salesforce contact for this requester."));
    const auto &ct = *v.crm.contact;
    QString html = QStringLiteral("%1 %2<br>").arg(esc(ct.name), copyLink(ct.id));
    if (v.crm.account)
        html += QStringLiteral("%1 · %2 · %3 %4<br>")
                    .arg(esc(v.crm.account->name), esc(v.crm.account->type), esc(v.crm.account->industry), copyLink(v.crm.account->id));
    if (v.crm.cases.empty())
        html += grey(tr("No cases."));
    for (const auto &cs : v.crm.cases)
        html += QStringLiteral("<div>%1 · <b>%2</b> · %3 · %4 %5</div>")
                    .arg(copyLink(cs.caseNumber), esc(cs.subject), esc(cs.status), esc(cs.priority), grey(date(cs.createdAt)));
    return html;
}

QString payments(const services::CustomerView &v)
{
    if (v.charges.empty())
        return grey(tr("No charges."));
    QString html;
    for (const auto &ch : v.charges) {
        const bool mine = ch.id == v.highlightedChargeId;
        html += QStringLiteral("<div style='%1margin-bottom:4px'>")
                    .arg(mine ? QStringLiteral("background:%1;").arg(colour(theme::highlight())) : QString());
        if (mine)
            html += QStringLiteral("<b>%1</b><br>").arg(tr("The charge this ticket is about"));
        html += QStringLiteral("<b>%1</b> · %2 · %3 •••• %4 · %5<br>%6")
                    .arg(money(ch.amount, ch.currency), esc(ch.status), esc(ch.cardBrand), esc(ch.cardLast4), date(ch.created),
                         copyLink(ch.id));
        if (!ch.invoiceId.isEmpty())
            html += QStringLiteral(" · %1 %2").arg(tr("invoice"), copyLink(ch.invoiceId));
        if (!ch.receiptUrl.isEmpty() && ch.receiptUrl.startsWith(u"https://"))
            html += QStringLiteral(" · <a href='%1'>%2</a>").arg(esc(ch.receiptUrl), tr("receipt"));
        for (const auto &r : ch.refunds)
            html += QStringLiteral("<br>↩ %1 %2 · %3 · %4").arg(tr("refund"), money(r.amount, r.currency), esc(r.status), date(r.created));
        for (const auto &d : ch.disputes)
            html += QStringLiteral("<br><span style='color:%1'>⚠ %2 %3 · %4 · %5 · %6 %7</span>")
                        .arg(colour(theme::error()), tr("dispute"), money(d.amount, d.currency), esc(d.reason), esc(d.status),
                             tr("evidence due"), date(d.dueBy));
        html += QStringLiteral("</div>");
    }
    return html;
}

QString orders(const services::CustomerView &v)
{
    if (v.orders.empty())
        return grey(tr("No orders."));
    QString html;
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
    return html;
}

QString shipments(const services::CustomerView &v)
{
    if (v.shipments.empty())
        return grey(tr("No shipments."));
    QString html;
    for (const auto &s : v.shipments) {
        html += QStringLiteral("<div style='margin-bottom:4px'><b style='color:%1'>%2</b> · %3 %4")
                    .arg(colour(statusColour(s.status)), models::shipmentStatusLabel(s.status), esc(s.carrier.toUpper()),
                         copyLink(s.trackingNumber));
        for (const auto &e : s.events)
            html += QStringLiteral("<br>&nbsp;&nbsp;%1 %2 %3")
                        .arg(grey(esc(e.timestamp.left(16).replace(u'T', u' '))),
                             esc(e.description.isEmpty() ? e.rawStatus : e.description), grey(esc(e.location)));
        html += QStringLiteral("</div>");
    }
    return html;
}

} // namespace

QString CustomerPresenter::age(qint64 fetchedAt, qint64 now)
{
    const qint64 secs = now - fetchedAt;
    if (secs < 60)
        return tr("just now");
    if (secs < 3600)
        return tr("%1 min ago").arg(secs / 60);
    if (secs < 86400)
        return tr("%1 h ago").arg(secs / 3600);
    return tr("%1 days ago").arg(secs / 86400);
}

CustomerPresenter::Card CustomerPresenter::card(CustomerSection section, const services::CustomerView &v, qint64 now)
{
    Card c;
    const services::SectionStatus &st = v[section];
    c.visible = st.state != State::Unavailable;
    const QString error = errorText(section, st);
    c.retry = st.state == State::Failed || (st.state == State::Stale && !error.isEmpty());
    c.stateTip = error;
    switch (st.state) {
    case State::Unavailable: break;
    case State::Loading: c.state = tr("Loading…"); break;
    case State::Fresh: c.state = st.refreshing ? tr("Refreshing…") : tr("Updated %1").arg(age(st.fetchedAt, now)); break;
    case State::Stale:
        c.state = st.refreshing ? tr("From %1 · refreshing…").arg(age(st.fetchedAt, now))
                                : QStringLiteral("<span style='color:%1'>%2</span>")
                                      .arg(colour(theme::warning()), tr("Stale · from %1").arg(age(st.fetchedAt, now)));
        break;
    case State::Failed: c.state = QStringLiteral("<span style='color:%1'>%2</span>").arg(colour(theme::error()), tr("Failed")); break;
    }
    if (st.state == State::Loading) {
        c.body = skeleton(3);
        return c;
    }
    if (st.state == State::Failed) {
        c.body = QStringLiteral("<span style='color:%1'>%2</span>").arg(colour(theme::error()), esc(error));
        return c;
    }
    switch (section) {
    case CustomerSection::Crm: c.body = crm(v); break;
    case CustomerSection::Payments: c.body = payments(v); break;
    case CustomerSection::Orders: c.body = orders(v); break;
    case CustomerSection::Shipments: c.body = shipments(v); break;
    }
    if (!error.isEmpty() && (st.state == State::Stale || st.state == State::Fresh))
        c.body.prepend(QStringLiteral("<div style='color:%1'>%2</div>").arg(colour(theme::warning()), esc(error)));
    return c;
}

QString CustomerPresenter::summary(const models::TicketDetails &d, qint64 now)
{
    const QLocale locale;
    auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='color:%1;padding-right:10px'>%2</td><td>%3</td></tr>")
            .arg(colour(theme::muted()), label, value);
    };
    QString html;
    if (d.organization) {
        const auto &a = *d.organization;
        const double years = static_cast<double>(now - a.createdAt) / (365.25 * 86400);
        html += QStringLiteral("<h3 style='margin:0'>%1</h3><table>").arg(esc(a.name));
        html += row(tr("Plan"), esc(a.plan));
        html += row(tr("MRR"), QStringLiteral("$") + locale.toString(static_cast<double>(a.mrrCents) / 100.0, 'f', 0));
        // What the workspace does not know is left out, not shown as "<>" or "56 years".
        if (!a.kamName.isEmpty() || !a.kamEmail.isEmpty())
            html += row(tr("Key account manager"),
                        a.kamEmail.isEmpty() ? esc(a.kamName) : QStringLiteral("%1 &lt;%2&gt;").arg(esc(a.kamName), esc(a.kamEmail)));
        if (a.createdAt > 0)
            html += row(tr("Customer for"),
                        years >= 1 ? tr("%1 years").arg(years, 0, 'f', 1) : tr("%1 months").arg(static_cast<int>(years * 12)));
        html += row(tr("Country"), esc(a.country));
        html += QStringLiteral("</table>");
    }
    if (d.requester) {
        const auto &u = *d.requester;
        html += QStringLiteral("<h4 style='margin-bottom:0'>%1</h4><table>").arg(esc(u.name));
        html += row(tr("E-mail"), esc(u.email));
        if (!u.phone.isEmpty())
            html += row(tr("Phone"), esc(u.phone));
        html += row(tr("Open tickets"), QString::number(d.requesterOpenTickets));
        html += row(tr("Tickets in 30 days"), QString::number(d.requesterTicketsLast30d));
        html += QStringLiteral("</table>");
    }
    return html;
}

QString CustomerPresenter::placeholder()
{
    return grey(tr("The customer of the selected ticket shows here."));
}

} // namespace cosmicdesk::ui
