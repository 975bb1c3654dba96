#include "draftfacts.h"

#include "chargematch.h"
#include "customercache.h"
#include "customerjson.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace cosmicdesk::models {

namespace {

std::string text(const QString &s)
{
    return s.toStdString();
}

std::string money(qint64 cents, const QString &currency)
{
    return text(currency.toUpper() + u' ' + QLocale::c().toString(double(cents) / 100.0, 'f', 2));
}

std::string day(qint64 secs)
{
    return text(QLocale::c().toString(QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).date(), QStringLiteral("d MMM yyyy")));
}

// The order the ticket names by its number, else the latest one placed before the ticket. A ticket
// that names an order ("order 102128", "pedido #5512") the view does not know gets none: a reply
// about another order would be wrong, and the agent fills it in.
const Order *theOrder(const std::vector<Order> &orders, const QString &ticketText, qint64 created)
{
    static const QRegularExpression number(QStringLiteral("\\b(\\d{4,12})\\b"));
    for (auto it = number.globalMatch(ticketText); it.hasNext();) {
        const qint64 id = it.next().captured(1).toLongLong();
        for (const Order &o : orders)
            if (o.id == id)
                return &o;
    }
    static const QRegularExpression named(QStringLiteral("(?:\\border|\\bpedido|\\bcommande|\\bbestellung|\\bencomenda|\\bordine|#)\\s*(?:"
                                                         "no\\.?|nr\\.?|number|n[º°o]\\.?)?\\s*#?\\s*\\d{4,12}\\b"),
                                          QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    if (named.match(ticketText).hasMatch())
        return nullptr;
    const Order *best = nullptr;
    for (const Order &o : orders)
        if ((created == 0 || o.createdAt <= created) && (!best || o.createdAt > best->createdAt))
            best = &o;
    return best;
}

} // namespace

std::map<std::string, std::string> draftFacts(const DraftFactsInput &in)
{
    std::map<std::string, std::string> facts;
    const Order *order = theOrder(in.orders, in.ticketText, in.ticketCreated);
    const Charge *charge = nullptr;
    if (const auto i = chargeTheTicketIsAbout(in.charges, amountsIn(in.ticketText), in.ticketCreated))
        charge = &in.charges[*i];
    if (!order && charge && !charge->orderId.isEmpty())
        for (const Order &o : in.orders)
            if (QString::number(o.id) == charge->orderId)
                order = &o;
    if (order && !charge)
        for (const Charge &c : in.charges)
            if (c.orderId == QString::number(order->id))
                charge = &c;
    if (order) {
        facts["order_number"] = std::to_string(order->id);
        if (!order->carrier.isEmpty())
            facts["carrier"] = text(order->carrier.toUpper() == u"DHL" ? QStringLiteral("DHL") : order->carrier);
        if (!order->trackingNumber.isEmpty()) {
            facts["tracking_number"] = text(order->trackingNumber);
            for (const Shipment &s : in.shipments) {
                if (s.trackingNumber != order->trackingNumber)
                    continue;
                facts["tracking_status"] = text(shipmentStatusLabel(s.status).toLower());
                if (!s.events.empty()) {
                    const TrackingEvent &e = s.events.front(); // newest first
                    QString what = e.description.isEmpty() ? e.rawStatus : e.description;
                    if (!e.location.isEmpty())
                        what += QStringLiteral(", ") + e.location;
                    if (e.at > 0)
                        what += QStringLiteral(" (%1)").arg(QString::fromStdString(day(e.at)));
                    facts["last_carrier_event"] = text(what);
                }
            }
        }
    }
    if (charge) {
        facts["charge_amount"] = money(charge->amount, charge->currency);
        if (charge->created > 0)
            facts["charge_date"] = day(charge->created);
        if (!charge->refunds.empty()) {
            const Refund &r = charge->refunds.front();
            facts["refund_amount"] = money(r.amount, r.currency.isEmpty() ? charge->currency : r.currency);
            const QString amount = QString::fromStdString(facts["refund_amount"]);
            const QString when = QString::fromStdString(day(r.created));
            const QString status = r.status == u"succeeded" ? QStringLiteral("a refund of %1 was issued on %2").arg(amount, when)
                                   : r.status == u"failed" || r.status == u"canceled"
                                       ? QStringLiteral("the refund of %1 from %2 did not go through").arg(amount, when)
                                       : QStringLiteral("a refund of %1 is on its way (started %2)").arg(amount, when);
            facts["refund_status"] = text(status);
        } else {
            facts["refund_status"] = "no refund has been issued yet";
        }
    }
    return facts;
}

std::map<std::string, std::string> cachedDraftFacts(const QSqlDatabase &db, qint64 requesterId, const QString &ticketText,
                                                    qint64 ticketCreated)
{
    DraftFactsInput in;
    in.ticketText = ticketText;
    in.ticketCreated = ticketCreated;
    const CustomerCache cache(db);
    const QString subject = QStringLiteral("user:%1").arg(requesterId);
    auto read = [&](const char *section, auto &target) {
        auto entry = cache.get(subject, QLatin1String(section));
        if (!entry.ok() || !entry.value())
            return;
        const auto j = nlohmann::json::parse(entry.value()->payload.cbegin(), entry.value()->payload.cend(), nullptr, false);
        if (j.is_discarded())
            return;
        try {
            target = j.get<std::decay_t<decltype(target)>>();
        } catch (const nlohmann::json::exception &) {
        }
    };
    read("orders", in.orders);
    read("shipments", in.shipments);
    read("payments", in.charges);
    return draftFacts(in);
}

} // namespace cosmicdesk::models
