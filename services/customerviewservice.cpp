#include "customerviewservice.h"

#include <connectors/carriers.h>
#include <connectors/customersources.h>
#include <connectors/orderssource.h>
#include <connectors/productclient.h>
#include <connectors/salesforceclient.h>
#include <connectors/stripeclient.h>
#include <models/chargematch.h>
#include <models/customercache.h>
#include <models/customerjson.h>
#include <models/ticketstore.h>
#include <models/triagestore.h>

#include <QDateTime>

#include <cmath>

namespace cosmicdesk::services {

using models::Error;
using State = SectionStatus::State;

QString customerSectionKey(CustomerSection s)
{
    switch (s) {
    case CustomerSection::Crm: return QStringLiteral("crm");
    case CustomerSection::Payments: return QStringLiteral("payments");
    case CustomerSection::Orders: return QStringLiteral("orders");
    case CustomerSection::Shipments: break;
    }
    return QStringLiteral("shipments");
}

bool CustomerView::settled() const
{
    for (const auto &s : status)
        if (s.state == State::Loading || s.refreshing)
            return false;
    return true;
}

namespace {

constexpr std::size_t kTrackedShipments = 5;

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

CustomerViewService::CustomerViewService(models::TicketStore &store, connectors::CustomerSources sources, std::chrono::seconds ttl,
                                         QObject *parent)
    : QObject(parent), m_store(store), m_sources(std::move(sources)), m_ttl(ttl)
{
}

CustomerViewService::~CustomerViewService() = default;

void CustomerViewService::load(qint64 ticketId)
{
    m_view = CustomerView{m_view.generation + 1};
    m_view.ticketId = ticketId;
    m_trackingAsked.clear();
    m_trackingWaiting = 0;
    m_trackingErrors.clear();
    m_stripeCustomer.clear();
    m_category.clear();
    auto ticket = m_store.ticket(ticketId);
    if (!ticket.ok() || !ticket.value()) {
        Q_EMIT viewChanged(-1);
        return;
    }
    const models::Ticket &t = *ticket.value();
    m_view.requesterId = t.requesterId;
    m_ticketText = t.subject + u'\n' + t.description;
    m_ticketCreated = t.createdAt;
    if (auto u = m_store.user(t.requesterId); u.ok() && u.value()) {
        m_view.requesterName = u.value()->name;
        m_view.email = u.value()->email;
        m_stripeCustomer = u.value()->stripeCustomerId;
    }
    if (m_stripeCustomer.isEmpty() && t.organizationId)
        if (auto o = m_store.organization(t.organizationId); o.ok() && o.value())
            m_stripeCustomer = o.value()->stripeCustomerId;
    if (auto r = models::TriageStore(m_store.db()).record(ticketId); r.ok() && r.value())
        m_category = QString::fromStdString(r.value()->assessment.category.label);

    loadCached();
    highlightDispute();
    for (int i = 0; i < kCustomerSectionCount; ++i) {
        const auto s = CustomerSection(i);
        const SectionStatus &st = m_view.status[std::size_t(i)];
        if (st.state == State::Fresh && now() - st.fetchedAt < m_ttl.count())
            continue; // recent enough: spare the quota
        if (s == CustomerSection::Shipments)
            continue; // follows the orders (and starts now for the tracking numbers already known)
        fetch(s);
    }
    if (m_view.status[std::size_t(CustomerSection::Shipments)].state != State::Fresh)
        trackShipments(m_view.orders);
    // The cached view at once, every section already marked loading or refreshing (answers come
    // through the event loop, so none can overtake this).
    Q_EMIT viewChanged(-1);
}

void CustomerViewService::loadCached()
{
    const QString subject = QStringLiteral("user:%1").arg(m_view.requesterId);
    models::CustomerCache cache(m_store.db());
    auto read = [&](CustomerSection s, auto &target) {
        SectionStatus &st = m_view.status[std::size_t(s)];
        auto entry = cache.get(subject, customerSectionKey(s));
        if (!entry.ok() || !entry.value())
            return;
        const auto j = nlohmann::json::parse(entry.value()->payload.cbegin(), entry.value()->payload.cend(), nullptr, false);
        if (j.is_discarded())
            return;
        try {
            target = j.get<std::decay_t<decltype(target)>>();
        } catch (const nlohmann::json::exception &) {
            return; // an unreadable row is as good as none
        }
        st.fetchedAt = entry.value()->fetchedAt;
        st.state = now() - st.fetchedAt < m_ttl.count() ? State::Fresh : State::Stale;
    };
    read(CustomerSection::Crm, m_view.crm);
    read(CustomerSection::Payments, m_view.charges);
    read(CustomerSection::Orders, m_view.orders);
    read(CustomerSection::Shipments, m_view.shipments);
    const bool configured[] = {bool(m_sources.salesforce), bool(m_sources.stripe), bool(m_sources.orders), !m_sources.carriers.empty()};
    for (int i = 0; i < kCustomerSectionCount; ++i)
        m_view.status[std::size_t(i)].configured = configured[i];
}

void CustomerViewService::retry(CustomerSection s)
{
    if (s == CustomerSection::Shipments) {
        m_trackingAsked.clear();
        trackShipments(m_view.orders);
        return;
    }
    fetch(s);
}

void CustomerViewService::fetch(CustomerSection s)
{
    switch (s) {
    case CustomerSection::Crm: fetchCrm(); break;
    case CustomerSection::Payments: fetchPayments(); break;
    case CustomerSection::Orders: fetchOrders(); break;
    case CustomerSection::Shipments: trackShipments(m_view.orders); break;
    }
}

// A section's answer: shown when it belongs to the current selection, cached, or reported.
template <typename T> void CustomerViewService::settle(CustomerSection s, quint64 generation, models::Result<T> result, T &target)
{
    if (generation != m_view.generation)
        return; // an older selection's answer
    SectionStatus &st = m_view.status[std::size_t(s)];
    st.refreshing = false;
    if (result.ok()) {
        target = std::move(result.value());
        st.state = State::Fresh;
        st.fetchedAt = now();
        st.errors.clear();
        const nlohmann::json j = target;
        // A cache that cannot be written costs only the offline view; the answer is shown all the same.
        if (auto cached = models::CustomerCache(m_store.db())
                              .put(QStringLiteral("user:%1").arg(m_view.requesterId), customerSectionKey(s), st.fetchedAt,
                                   QByteArray::fromStdString(j.dump()));
            !cached.ok())
            qWarning("customer cache: %s", qPrintable(cached.error().message));
    } else {
        st.errors = {result.error()};
        st.state = st.fetchedAt > 0 ? State::Stale : State::Failed; // keep what the cache had
    }
    if (s == CustomerSection::Payments)
        highlightDispute();
    Q_EMIT viewChanged(int(s));
}

namespace {

void begin(SectionStatus &st)
{
    if (st.fetchedAt > 0)
        st.refreshing = true;
    else
        st.state = State::Loading;
}

} // namespace

void CustomerViewService::fetchCrm()
{
    if (!m_sources.salesforce)
        return;
    begin(m_view.status[std::size_t(CustomerSection::Crm)]);
    const quint64 gen = m_view.generation;
    m_sources.salesforce->overview(m_view.requesterId, m_view.email, 20, this, [this, gen](models::Result<models::CrmOverview> r) {
        settle(CustomerSection::Crm, gen, std::move(r), m_view.crm);
    });
}

void CustomerViewService::fetchPayments()
{
    if (!m_sources.stripe)
        return;
    begin(m_view.status[std::size_t(CustomerSection::Payments)]);
    const quint64 gen = m_view.generation;
    auto charges = [this, gen](const QString &customer) {
        m_sources.stripe->charges(customer, 50, this, [this, gen](models::Result<std::vector<models::Charge>> r) {
            settle(CustomerSection::Payments, gen, std::move(r), m_view.charges);
        });
    };
    if (!m_stripeCustomer.isEmpty()) {
        charges(m_stripeCustomer);
        return;
    }
    if (m_view.email.isEmpty()) {
        settle(CustomerSection::Payments, gen, models::Result<std::vector<models::Charge>>(std::vector<models::Charge>()), m_view.charges);
        return;
    }
    // No Stripe id on the Zendesk user or organization: the customer with the requester's e-mail.
    m_sources.stripe->customersByEmail(m_view.email, this, [this, gen, charges](models::Result<QStringList> ids) {
        if (gen != m_view.generation)
            return;
        if (!ids.ok())
            return settle(CustomerSection::Payments, gen, models::Result<std::vector<models::Charge>>(ids.error()), m_view.charges);
        if (ids.value().isEmpty())
            return settle(CustomerSection::Payments, gen, models::Result<std::vector<models::Charge>>(std::vector<models::Charge>()),
                          m_view.charges);
        charges(ids.value().front());
    });
}

void CustomerViewService::fetchOrders()
{
    if (!m_sources.orders)
        return;
    begin(m_view.status[std::size_t(CustomerSection::Orders)]);
    const quint64 gen = m_view.generation;
    m_sources.orders->orders(m_view.requesterId, m_view.email, this, [this, gen](models::Result<std::vector<models::Order>> r) {
        if (gen != m_view.generation)
            return;
        if (!r.ok())
            return settle(CustomerSection::Orders, gen, std::move(r), m_view.orders);
        trackShipments(r.value()); // new tracking numbers only
        if (!m_sources.products)
            return settle(CustomerSection::Orders, gen, std::move(r), m_view.orders);
        QStringList skus;
        for (const auto &o : r.value())
            for (const auto &item : o.items)
                skus << item.sku;
        auto orders = std::make_shared<std::vector<models::Order>>(std::move(r.value()));
        m_sources.products->products(skus, this, [this, gen, orders](models::Result<std::vector<models::Product>> p) {
            // Product details are a bonus: without them the orders still show, with the names the shop stored.
            if (p.ok())
                for (auto &o : *orders)
                    for (auto &item : o.items)
                        for (const auto &prod : p.value())
                            if (prod.sku == item.sku)
                                item.product = prod;
            settle(CustomerSection::Orders, gen, models::Result<std::vector<models::Order>>(std::move(*orders)), m_view.orders);
        });
    });
}

void CustomerViewService::trackShipments(const std::vector<models::Order> &orders)
{
    SectionStatus &st = m_view.status[std::size_t(CustomerSection::Shipments)];
    const quint64 gen = m_view.generation;
    for (const auto &o : orders) {
        // The newest shipments are the ones an agent asks about; carriers ration their calls
        // (DHL's starter quota is 250 a day), so at most kTrackedShipments per selection.
        if (m_trackingAsked.size() >= kTrackedShipments)
            break;
        if (o.trackingNumber.isEmpty() ||
            std::find(m_trackingAsked.begin(), m_trackingAsked.end(), o.trackingNumber) != m_trackingAsked.end())
            continue;
        connectors::CarrierClient *carrier = nullptr;
        for (const auto &c : m_sources.carriers)
            if (c->carrier() == o.carrier)
                carrier = c.get();
        if (!carrier)
            continue;
        m_trackingAsked.push_back(o.trackingNumber);
        if (m_trackingWaiting++ == 0)
            begin(st);
        carrier->track(o.trackingNumber, this, [this, gen](models::Result<models::Shipment> r) {
            if (gen != m_view.generation)
                return;
            if (r.ok()) {
                auto &list = m_view.shipments;
                const auto same =
                    std::find_if(list.begin(), list.end(), [&](const auto &s) { return s.trackingNumber == r.value().trackingNumber; });
                if (same != list.end())
                    *same = std::move(r.value());
                else
                    list.push_back(std::move(r.value()));
            } else if (r.error().kind != Error::Kind::NotFound) {
                m_trackingErrors.push_back(r.error());
            }
            if (--m_trackingWaiting > 0) {
                Q_EMIT viewChanged(int(CustomerSection::Shipments));
                return;
            }
            // Every carrier has answered: one failing alone leaves the others' shipments in place.
            SectionStatus &s = m_view.status[std::size_t(CustomerSection::Shipments)];
            const bool allFailed = !m_trackingErrors.empty() && m_view.shipments.empty();
            auto result = allFailed ? models::Result<std::vector<models::Shipment>>(m_trackingErrors.front())
                                    : models::Result<std::vector<models::Shipment>>(m_view.shipments);
            settle(CustomerSection::Shipments, gen, std::move(result), m_view.shipments);
            s.errors = m_trackingErrors; // one failing carrier alone is reported beside the others' shipments
        });
    }
    // Nothing to track (no orders with a number yet): settled as soon as the orders are.
    if (m_trackingWaiting == 0 && m_view.status[std::size_t(CustomerSection::Orders)].state != State::Loading &&
        !m_view.status[std::size_t(CustomerSection::Orders)].refreshing && st.state != State::Fresh) {
        st.state = m_sources.carriers.empty() ? State::Unavailable : State::Fresh;
        st.fetchedAt = st.state == State::Fresh ? now() : 0;
    }
}

void CustomerViewService::highlightDispute()
{
    m_view.highlightedChargeId.clear();
    auto &charges = m_view.charges;
    if (!models::isAboutADisputedCharge(m_category, m_ticketText))
        return;
    const auto best = models::chargeTheTicketIsAbout(charges, models::amountsIn(m_ticketText), m_ticketCreated);
    if (!best)
        return;
    m_view.highlightedChargeId = charges[*best].id;
    std::rotate(charges.begin(), charges.begin() + std::ptrdiff_t(*best), charges.begin() + std::ptrdiff_t(*best) + 1);
}

} // namespace cosmicdesk::services
