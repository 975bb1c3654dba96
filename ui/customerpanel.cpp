#include "customerpanel.h"

#include <models/ticketstore.h>

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

CustomerPanel::CustomerPanel(QWidget *parent) : QWidget(parent), m_summary(new QLabel(this))
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    clear();
}

void CustomerPanel::clear()
{
    m_summary->setText(QStringLiteral("<span style='color:gray'>%1</span>").arg(tr("The customer of the selected ticket shows here.")));
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
        html += row(tr("Customer for"), years >= 1 ? tr("%1 years").arg(years, 0, 'f', 1) : tr("%1 months").arg(static_cast<int>(years * 12)));
        html += row(tr("Country"), a.country.toHtmlEscaped());
        html += row(tr("Salesforce account"), a.salesforceAccountId.toHtmlEscaped());
        html += row(tr("Stripe customer"), a.stripeCustomerId.toHtmlEscaped());
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
