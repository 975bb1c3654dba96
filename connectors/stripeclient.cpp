#include "stripeclient.h"

#include "auth.h"
#include "pagination.h"
#include <models/jsonread.h>

#include <QDateTime>
#include <QPointer>

namespace cosmicdesk::connectors {

using nlohmann::json;
using namespace models::jsonread;

namespace {

RestClient::Options pinned(RestClient::Options o)
{
    o.headers.append(qMakePair(QByteArray("Stripe-Version"), QByteArray(StripeClient::kApiVersion)));
    return o;
}

QStringList ids(const json &page)
{
    QStringList out;
    for (const auto &c : array(page, "data"))
        if (const QString id = text(c, "id"); !id.isEmpty())
            out << id;
    return out;
}

} // namespace

StripeClient::StripeClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(pinned(std::move(options)), std::move(auth), this))
{
}

StripeClient::~StripeClient() = default;

models::Refund StripeClient::refundFromJson(const json &j)
{
    return models::Refund{text(j, "id"),     text(j, "charge"),    text(j, "currency"),  text(j, "status"),
                          text(j, "reason"), integer(j, "amount"), integer(j, "created")};
}

models::Dispute StripeClient::disputeFromJson(const json &j)
{
    return models::Dispute{
        text(j, "id"),     text(j, "charge"),    text(j, "currency"),   text(j, "reason"),
        text(j, "status"), integer(j, "amount"), integer(j, "created"), integer(object(j, "evidence_details"), "due_by")};
}

models::Charge StripeClient::chargeFromJson(const json &j)
{
    models::Charge c;
    c.id = text(j, "id");
    c.customerId = text(j, "customer");
    c.currency = text(j, "currency");
    c.status = text(j, "status");
    c.description = text(j, "description");
    c.paymentIntent = text(j, "payment_intent");
    c.invoiceId = text(j, "invoice");
    c.receiptUrl = text(j, "receipt_url");
    c.failureCode = text(j, "failure_code");
    c.failureMessage = text(j, "failure_message");
    c.amount = integer(j, "amount");
    c.amountRefunded = integer(j, "amount_refunded");
    c.created = integer(j, "created");
    c.refunded = flag(j, "refunded");
    c.disputed = flag(j, "disputed");
    const json &pm = object(j, "payment_method_details");
    c.paymentMethodType = text(pm, "type");
    c.cardBrand = text(object(pm, "card"), "brand");
    c.cardLast4 = text(object(pm, "card"), "last4");
    c.orderId = text(object(j, "metadata"), "order_id");
    // With expand[]=data.refunds the refunds arrive as a list object.
    for (const auto &r : array(object(j, "refunds"), "data"))
        c.refunds.push_back(refundFromJson(r));
    return c;
}

void StripeClient::customerIds(const QString &path, const QString &key, const QString &value, QObject *context,
                               std::function<void(Result<QStringList>)> done)
{
    QUrlQuery q;
    q.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("10"));
    m_rest->send(RestRequest::get(path, q), context, [done = std::move(done)](Result<RestResponse> r) {
        if (!r.ok())
            return done(r.error());
        auto j = r.value().json();
        if (!j.ok())
            return done(j.error());
        done(ids(j.value()));
    });
}

void StripeClient::customersByEmail(const QString &email, QObject *context, std::function<void(Result<QStringList>)> done)
{
    customerIds(QStringLiteral("/v1/customers"), QStringLiteral("email"), email, context, std::move(done));
}

void StripeClient::searchCustomers(const QString &query, QObject *context, std::function<void(Result<QStringList>)> done)
{
    customerIds(QStringLiteral("/v1/customers/search"), QStringLiteral("query"), query, context, std::move(done));
}

void StripeClient::charges(const QString &customerId, int limit, QObject *context,
                           std::function<void(Result<std::vector<models::Charge>>)> done)
{
    auto collected = std::make_shared<std::vector<models::Charge>>();
    const std::size_t cap = std::size_t(std::clamp(limit, 1, 1000));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("customer"), QString::fromLatin1(QUrl::toPercentEncoding(customerId)));
    q.addQueryItem(QStringLiteral("limit"), QString::number(std::min<std::size_t>(cap, std::size_t(m_pageSize))));
    q.addQueryItem(QStringLiteral("expand[]"), QStringLiteral("data.refunds"));
    auto *walker = new PageWalker(
        *m_rest, RestRequest::get(QStringLiteral("/v1/charges"), q),
        [](const json &page, const RestRequest &current) { return next_page::stripe(page, current); },
        [collected, cap](const json &page) {
            for (const auto &c : array(page, "data"))
                if (collected->size() < cap)
                    collected->push_back(chargeFromJson(c));
            return collected->size() < cap;
        },
        this);
    // Recent disputes of the whole account, asked for alongside the charges: Stripe lists disputes
    // by charge, not by customer, so this saves the customers with a disputed charge a second round
    // trip. A disputed charge it does not cover (older, or beyond its one page) is asked for after.
    struct Join
    {
        int waiting = 2;
        std::optional<Error> error;
        std::vector<models::Dispute> recent;
    };
    auto join = std::make_shared<Join>();
    QPointer<StripeClient> self(this);
    QPointer<QObject> ctx(context);
    auto shared = std::make_shared<std::function<void(Result<std::vector<models::Charge>>)>>(std::move(done));
    auto both = [self, ctx, join, collected, shared] {
        if (--join->waiting > 0)
            return;
        if (join->error)
            return (*shared)(*join->error);
        for (auto &c : *collected)
            for (const auto &d : join->recent)
                if (d.chargeId == c.id)
                    c.disputes.push_back(d);
        if (self)
            self->disputesFor(collected, 0, ctx, std::move(*shared));
    };
    QObject *owner = context ? context : this;
    connect(walker, &PageWalker::finished, owner, [walker, join, both](const Result<void> &r) mutable {
        walker->deleteLater();
        if (!r.ok())
            join->error = r.error();
        both();
    });
    QUrlQuery recent;
    recent.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    recent.addQueryItem(QStringLiteral("created[gte]"), QString::number(QDateTime::currentSecsSinceEpoch() - 180 * 86400));
    m_rest->send(RestRequest::get(QStringLiteral("/v1/disputes"), recent), context, [join, both](Result<RestResponse> r) mutable {
        if (r.ok())
            if (auto j = r.value().json(); j.ok())
                for (const auto &d : array(j.value(), "data"))
                    join->recent.push_back(disputeFromJson(d));
        both(); // without it the disputed charges are asked for one by one
    });
    walker->start();
}

void StripeClient::disputesFor(std::shared_ptr<std::vector<models::Charge>> charges, std::size_t, QObject *context,
                               std::function<void(Result<std::vector<models::Charge>>)> done)
{
    // Every disputed charge's disputes at once: one more round trip, not one per dispute.
    struct State
    {
        int waiting = 0;
        std::optional<Error> error;
    };
    auto state = std::make_shared<State>();
    auto shared = std::make_shared<std::function<void(Result<std::vector<models::Charge>>)>>(std::move(done));
    for (std::size_t i = 0; i < charges->size(); ++i) {
        if (!(*charges)[i].disputed || !(*charges)[i].disputes.empty())
            continue;
        ++state->waiting;
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("charge"), (*charges)[i].id);
        m_rest->send(RestRequest::get(QStringLiteral("/v1/disputes"), q), context, [state, shared, charges, i](Result<RestResponse> r) {
            if (!r.ok()) {
                state->error = r.error();
            } else if (auto j = r.value().json(); !j.ok()) {
                state->error = j.error();
            } else {
                for (const auto &d : array(j.value(), "data"))
                    (*charges)[i].disputes.push_back(disputeFromJson(d));
            }
            if (--state->waiting == 0) {
                if (state->error)
                    (*shared)(*state->error);
                else
                    (*shared)(std::move(*charges));
            }
        });
    }
    if (state->waiting == 0)
        (*shared)(std::move(*charges));
}

} // namespace cosmicdesk::connectors
