#include "carriers.h"

#include <models/isotime.h>

#include "auth.h"
#include <models/jsonread.h>

#include <QDateTime>
#include <QXmlStreamReader>

#include <algorithm>

namespace cosmicdesk::connectors {

using models::ShipmentStatus;
using nlohmann::json;
using namespace models::jsonread;

CarrierClient::~CarrierClient() = default;

namespace {

bool has(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *w : words)
        if (text.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    return false;
}

qint64 sortTime(const QString &timestamp)
{
    return models::parseIsoTime(timestamp); // no offset given: compared as given
}

void finish(models::Shipment &s)
{
    std::stable_sort(s.events.begin(), s.events.end(), [](const auto &a, const auto &b) { return a.at > b.at; });
    if (!s.events.empty()) {
        if (s.status == ShipmentStatus::Unknown)
            s.status = s.events.front().status;
        if (s.rawStatus.isEmpty())
            s.rawStatus = s.events.front().rawStatus;
    }
}

Error notFound(const QString &carrier, const QString &number)
{
    return Error::make(Error::Kind::NotFound, QStringLiteral("%1 does not know tracking number %2").arg(carrier, number), 404);
}

} // namespace

ShipmentStatus normaliseDhl(const QString &code, const QString &text, bool onReturnLeg)
{
    const QString c = code.toLower();
    const bool returning = onReturnLeg || has(text, {"return"});
    if (c == u"delivered")
        return returning ? ShipmentStatus::Returned : ShipmentStatus::Delivered;
    if (returning)
        return ShipmentStatus::Returning;
    if (c == u"failure")
        return ShipmentStatus::Exception;
    if (c == u"transit") {
        if (has(text, {"ready for pickup", "service point"}))
            return ShipmentStatus::AvailableForPickup;
        if (has(text, {"out for delivery", "with delivery courier", "out with courier"}))
            return ShipmentStatus::OutForDelivery;
        return ShipmentStatus::InTransit;
    }
    if (c == u"pre-transit")
        return ShipmentStatus::InfoReceived;
    return ShipmentStatus::Unknown;
}

ShipmentStatus normaliseNinjaVan(const QString &status, bool rtsLeg)
{
    const QString s = status.trimmed().toLower();
    if (s == u"returned to sender")
        return ShipmentStatus::Returned;
    if (s.startsWith(u"delivered") || s == u"successful delivery" || s == u"completed")
        return rtsLeg ? ShipmentStatus::Returned : ShipmentStatus::Delivered;
    if (rtsLeg || s.contains(u"return to sender") || s.contains(u"(rts)"))
        return ShipmentStatus::Returning;
    if (s.contains(u"exception") || s.contains(u"fail") || s.contains(u"pending reschedule") || s.contains(u"customs held"))
        return ShipmentStatus::Exception;
    if ((s.contains(u"distribution point") && !s.contains(u"pending pickup")) || s.contains(u"pending customer collection"))
        return ShipmentStatus::AvailableForPickup;
    if (s == u"on vehicle for delivery")
        return ShipmentStatus::OutForDelivery;
    if (s == u"cancelled")
        return ShipmentStatus::Cancelled;
    if (s == u"staging" || s.startsWith(u"pending pickup") || s.startsWith(u"van en-route to pickup"))
        return ShipmentStatus::InfoReceived;
    if (s.contains(u"picked up") || s.contains(u"pickup") || s.contains(u"hub") || s.contains(u"transit") ||
        s.contains(u"customs cleared") || s.contains(u"3pl"))
        return ShipmentStatus::InTransit;
    return ShipmentStatus::Unknown;
}

ShipmentStatus normaliseSingPost(const QString &code, const QString &description, const QString &reasonCode)
{
    const QString reason = reasonCode.trimmed() == u"-" ? QString() : reasonCode.trimmed();
    if (has(description, {"returned to sender"}) && !has(description, {"being returned", "to be returned"}))
        return ShipmentStatus::Returned;
    if (has(description, {"delivered"}) && !has(description, {"unsuccessful", "not delivered"}))
        return ShipmentStatus::Delivered;
    if (has(description, {"return"}))
        return ShipmentStatus::Returning;
    if (!reason.isEmpty() || has(description, {"unsuccessful", "held"}))
        return ShipmentStatus::Exception;
    if (has(description, {"collection", "popstation", "post office"}))
        return ShipmentStatus::AvailableForPickup;
    if (has(description, {"out for delivery"}))
        return ShipmentStatus::OutForDelivery;
    if (code.trimmed().compare(u"IR", Qt::CaseInsensitive) == 0)
        return ShipmentStatus::InfoReceived;
    return code.trimmed().isEmpty() ? ShipmentStatus::Unknown : ShipmentStatus::InTransit;
}

// ---- DHL

DhlClient::DhlClient(RestClient::Options options, const QString &apiKey, QObject *parent) : CarrierClient(parent)
{
    options.headers.append({"DHL-API-Key", apiKey.toUtf8()});
    m_rest = std::make_unique<RestClient>(std::move(options), nullptr, this);
}

Result<models::Shipment> DhlClient::parse(const json &body, const QString &number)
{
    const json &shipments = array(body, "shipments");
    if (shipments.empty())
        return notFound(QStringLiteral("DHL"), number);
    const json &s = shipments.front();
    models::Shipment out;
    out.carrier = QStringLiteral("dhl");
    // The specification's own example gives the id as a number, its schema as a string: take either.
    QString id = text(s, "id");
    if (id.isEmpty() && s.contains("id") && s["id"].is_number_integer())
        id = QString::number(s["id"].get<qint64>());
    out.trackingNumber = id.isEmpty() ? number : id;
    // DHL's specification (1.4.1) has no return flag: a shipment is on its way back once an event
    // (or the status) speaks of a return ("Shipment is being returned to shipper"), and a delivery
    // after that is the delivery back to the sender.
    const auto words = [](const json &e) -> QString {
        return text(e, "status") + u' ' + text(e, "description") + u' ' + text(e, "remark");
    };
    bool returnLeg = has(words(object(s, "status")), {"return"});
    for (const auto &e : array(s, "events"))
        returnLeg = returnLeg || has(words(e), {"return"});
    auto place = [](const json &loc) { return text(object(object(loc, "location"), "address"), "addressLocality"); };
    out.origin = text(object(object(s, "origin"), "address"), "addressLocality");
    out.destination = text(object(object(s, "destination"), "address"), "addressLocality");
    out.estimatedDelivery = text(s, "estimatedTimeOfDelivery");
    for (const auto &e : array(s, "events")) {
        models::TrackingEvent ev;
        ev.timestamp = text(e, "timestamp");
        ev.at = sortTime(ev.timestamp);
        ev.rawStatus = text(e, "status").isEmpty() ? text(e, "statusCode") : text(e, "status");
        ev.description = text(e, "description");
        ev.location = place(e);
        ev.status = normaliseDhl(text(e, "statusCode"), words(e), false);
        out.events.push_back(std::move(ev));
    }
    const json &st = object(s, "status");
    out.rawStatus = text(st, "status").isEmpty() ? text(st, "statusCode") : text(st, "status");
    out.status = normaliseDhl(text(st, "statusCode"), words(st), returnLeg);
    finish(out);
    return out;
}

void DhlClient::track(const QString &number, QObject *context, std::function<void(Result<models::Shipment>)> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("trackingNumber"), QString::fromLatin1(QUrl::toPercentEncoding(number)));
    m_rest->send(RestRequest::get(QStringLiteral("/track/shipments"), q), context,
                 [number, done = std::move(done)](Result<RestResponse> r) {
                     if (!r.ok())
                         return done(r.error().kind == Error::Kind::NotFound ? notFound(QStringLiteral("DHL"), number) : r.error());
                     auto j = r.value().json();
                     if (!j.ok())
                         return done(j.error());
                     done(parse(j.value(), number));
                 });
}

// ---- Ninja Van

NinjaVanClient::NinjaVanClient(RestClient::Options options, const QString &countryCode, const QString &clientId,
                               const QString &clientSecret, QObject *parent)
    : CarrierClient(parent), m_country(countryCode.toLower())
{
    OAuth2Auth::Config c;
    c.tokenUrl = options.baseUrl;
    c.tokenUrl.setPath(options.baseUrl.path() + QStringLiteral("/%1/2.0/oauth/access_token").arg(m_country));
    c.grant = OAuth2Auth::Grant::ClientCredentials;
    c.clientId = clientId;
    c.clientSecret = clientSecret;
    m_rest = std::make_unique<RestClient>(std::move(options), std::make_shared<OAuth2Auth>(c), this);
}

Result<models::Shipment> NinjaVanClient::parse(const json &body, const QString &number)
{
    const json &events = array(body, "events");
    if (!body.is_object() || (events.empty() && text(body, "tracking_number").isEmpty()))
        return notFound(QStringLiteral("Ninja Van"), number);
    models::Shipment out;
    out.carrier = QStringLiteral("ninjavan");
    out.trackingNumber = text(body, "tracking_number").isEmpty() ? number : text(body, "tracking_number");
    static const QStringList informational = {QStringLiteral("parcel measurements update"), QStringLiteral("parcel weight"),
                                              QStringLiteral("parcel size")};
    for (const auto &e : events) {
        models::TrackingEvent ev;
        ev.timestamp = text(e, "timestamp");
        ev.at = sortTime(ev.timestamp);
        ev.rawStatus = text(e, "status");
        ev.status = normaliseNinjaVan(ev.rawStatus, flag(e, "is_parcel_on_rts_leg"));
        if (informational.contains(ev.rawStatus.toLower()))
            ev.status = ShipmentStatus::Unknown;
        out.events.push_back(std::move(ev));
    }
    std::stable_sort(out.events.begin(), out.events.end(), [](const auto &a, const auto &b) { return a.at > b.at; });
    // Informational events never change the status: the newest event that says something decides.
    for (const auto &ev : out.events)
        if (ev.status != ShipmentStatus::Unknown) {
            out.status = ev.status;
            out.rawStatus = ev.rawStatus;
            break;
        }
    finish(out);
    return out;
}

void NinjaVanClient::track(const QString &number, QObject *context, std::function<void(Result<models::Shipment>)> done)
{
    const QString path =
        QStringLiteral("/%1/1.0/orders/tracking-events/%2").arg(m_country, QString::fromLatin1(QUrl::toPercentEncoding(number)));
    m_rest->send(RestRequest::get(path), context, [number, done = std::move(done)](Result<RestResponse> r) {
        if (!r.ok())
            return done(r.error().kind == Error::Kind::NotFound ? notFound(QStringLiteral("Ninja Van"), number) : r.error());
        auto j = r.value().json();
        if (!j.ok())
            return done(j.error());
        done(parse(j.value(), number));
    });
}

// ---- SingPost

SingPostClient::SingPostClient(RestClient::Options options, const QString &apiKey, QObject *parent) : CarrierClient(parent)
{
    m_rest = std::make_unique<RestClient>(std::move(options), std::make_shared<RawKeyAuth>(apiKey), this);
}

Result<models::Shipment> SingPostClient::parse(const QByteArray &xml, const QString &number)
{
    QXmlStreamReader r(xml);
    models::Shipment out;
    out.carrier = QStringLiteral("singpost");
    out.trackingNumber = number;
    QString errorCode, errorDesc, element;
    bool found = false, inItem = false;
    models::TrackingEvent ev;
    QString evCode, evReason;
    auto clean = [](const QString &s) { return s.trimmed() == u"-" ? QString() : s.trimmed(); };
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            element = r.name().toString();
            if (element == u"DeliveryStatusDetail") {
                inItem = true;
                ev = {};
                evCode.clear();
                evReason.clear();
            }
        } else if (r.isEndElement()) {
            if (r.name() == u"DeliveryStatusDetail") {
                inItem = false;
                ev.rawStatus = evCode;
                ev.status = normaliseSingPost(evCode, ev.description, evReason);
                out.events.push_back(ev);
            }
            element.clear();
        } else if (r.isCharacters() && !r.isWhitespace()) {
            const QString v = clean(r.text().toString());
            if (element == u"ErrorCode")
                errorCode = v;
            else if (element == u"ErrorDesc")
                errorDesc = v;
            else if (element == u"TrackingNumberFound")
                found = v.compare(u"true", Qt::CaseInsensitive) == 0;
            else if (element == u"OriginalCountry")
                out.origin = v;
            else if (element == u"DestinationCountry")
                out.destination = v;
            else if (inItem && element == u"Date") {
                ev.timestamp = v;
                ev.at = sortTime(v);
            } else if (inItem && element == u"StatusCode")
                evCode = v;
            else if (inItem && element == u"StatusDescription")
                ev.description = v;
            else if (inItem && element == u"ReasonCode")
                evReason = v;
        }
    }
    if (r.hasError())
        return Error::make(Error::Kind::BadPayload,
                           QStringLiteral("SingPost answered with XML that does not parse: %1").arg(r.errorString()));
    if (!errorCode.isEmpty() && errorCode != u"0")
        return Error::make(Error::Kind::BadPayload, QStringLiteral("SingPost refused the request: %1").arg(errorDesc));
    if (!found)
        return notFound(QStringLiteral("SingPost"), number);
    finish(out);
    return out;
}

void SingPostClient::track(const QString &number, QObject *context, std::function<void(Result<models::Shipment>)> done)
{
    QByteArray body;
    QXmlStreamWriter w(&body);
    w.writeStartDocument();
    w.writeDefaultNamespace(QStringLiteral("http://singpost.com/paw/ns"));
    w.writeStartElement(QStringLiteral("ItemTrackingDetailsRequest"));
    w.writeTextElement(QStringLiteral("SystemID"), QStringLiteral("-"));
    w.writeStartElement(QStringLiteral("ItemTrackingNumbers"));
    w.writeTextElement(QStringLiteral("TrackingNumber"), number);
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    RestRequest request = RestRequest::post(QStringLiteral("/sp/tracking"), body, true); // a read: safe to resend
    request.contentType = "application/xml";
    request.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/xml")));
    m_rest->send(std::move(request), context, [number, done = std::move(done)](Result<RestResponse> r) {
        if (!r.ok())
            return done(r.error());
        done(parse(r.value().body, number));
    });
}

} // namespace cosmicdesk::connectors
