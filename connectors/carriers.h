#pragma once

#include "restclient.h"

#include <models/customer.h>

#include <QObject>

#include <functional>
#include <memory>

namespace cosmicdesk::connectors {

class AuthProvider;

// One interface for every carrier: a tracking number in, a Shipment in the normalised vocabulary
// (docs/wire-formats.md §4d) out, its events newest first, the carrier's own words kept.
class CarrierClient : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~CarrierClient() override;
    virtual QString carrier() const = 0; // "dhl", "ninjavan", "singpost"
    virtual void track(const QString &trackingNumber, QObject *context, std::function<void(Result<models::Shipment>)> done) = 0;
};

// The normalised status of one event, by the §4d rules (first match wins).
// onReturnLeg: an earlier event of the shipment spoke of a return (DHL sends no return flag).
models::ShipmentStatus normaliseDhl(const QString &statusCode, const QString &text, bool onReturnLeg);
models::ShipmentStatus normaliseNinjaVan(const QString &status, bool rtsLeg);
models::ShipmentStatus normaliseSingPost(const QString &statusCode, const QString &description, const QString &reasonCode);

// DHL Shipment Tracking – Unified: GET /track/shipments?trackingNumber=…, key in DHL-API-Key.
class DhlClient final : public CarrierClient
{
    Q_OBJECT

public:
    DhlClient(RestClient::Options options, const QString &apiKey, QObject *parent = nullptr);
    QString carrier() const override { return QStringLiteral("dhl"); }
    void track(const QString &trackingNumber, QObject *context, std::function<void(Result<models::Shipment>)> done) override;
    static Result<models::Shipment> parse(const nlohmann::json &body, const QString &trackingNumber);

private:
    std::unique_ptr<RestClient> m_rest;
};

// Ninja Van: OAuth client credentials at /{cc}/2.0/oauth/access_token, events at
// /{cc}/1.0/orders/tracking-events/{number}.
class NinjaVanClient final : public CarrierClient
{
    Q_OBJECT

public:
    NinjaVanClient(RestClient::Options options, const QString &countryCode, const QString &clientId, const QString &clientSecret,
                   QObject *parent = nullptr);
    QString carrier() const override { return QStringLiteral("ninjavan"); }
    void track(const QString &trackingNumber, QObject *context, std::function<void(Result<models::Shipment>)> done) override;
    static Result<models::Shipment> parse(const nlohmann::json &body, const QString &trackingNumber);

private:
    QString m_country;
    std::unique_ptr<RestClient> m_rest;
};

// SingPost (provisional shape, §4c): POST /sp/tracking with an XML request, raw key in Authorization.
class SingPostClient final : public CarrierClient
{
    Q_OBJECT

public:
    SingPostClient(RestClient::Options options, const QString &apiKey, QObject *parent = nullptr);
    QString carrier() const override { return QStringLiteral("singpost"); }
    void track(const QString &trackingNumber, QObject *context, std::function<void(Result<models::Shipment>)> done) override;
    static Result<models::Shipment> parse(const QByteArray &xml, const QString &trackingNumber);

private:
    std::unique_ptr<RestClient> m_rest;
};

} // namespace cosmicdesk::connectors
