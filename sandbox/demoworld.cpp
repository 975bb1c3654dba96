#include "demoworld.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace cosmicdesk::sandbox {

namespace {

using V = std::vector<const char *>;
constexpr qint64 kDay = 86400;
constexpr qint64 kHour = 3600;

const V kFirstNames{"Jane",    "Wei Ling", "Arjun",     "Siti",    "Marcus", "Chloé",  "Lukas",  "Sofía",   "Hiroshi", "Nurul",
                    "Daniel",  "Priya",    "Kevin",     "Mei",     "Thomas", "Anna",   "Carlos", "Aisyah",  "Ravi",    "Emma",
                    "Liam",    "Olivia",   "Noah",      "Camille", "Jonas",  "Lucía",  "Budi",   "Dewi",    "Minh",    "Linh",
                    "Somchai", "Ploy",     "Farah",     "Hannah",  "Mateo",  "Isabel", "Kai",    "Yuki",    "Rahul",   "Grace",
                    "Ethan",   "Zara",     "Felix",     "Léa",     "Paul",   "Nina",   "Omar",   "Amira",   "Jun",     "Hui Min",
                    "Javier",  "Elena",    "Sebastian", "Marie",   "Tariq",  "Mia",    "Ahmad",  "Jia Hui", "Oscar",   "Inés"};
const V kLastNames{"Tan",    "Lim",       "Ng",      "Wong",    "Lee",    "Kumar",     "Rahman",  "Abdullah", "Smith",    "Brown",
                   "Dubois", "Martin",    "Müller",  "Schmidt", "García", "López",     "Santoso", "Nguyen",   "Tran",     "Suzuki",
                   "Sato",   "Patel",     "Singh",   "Chen",    "Goh",    "Chua",      "Ong",     "Teo",      "Koh",      "Ismail",
                   "Wijaya", "Schneider", "Fischer", "Bernard", "Rossi",  "Fernández", "Jones",   "Taylor",   "Williams", "Kim",
                   "Park",   "Lefèvre",   "Weber",   "Moreno",  "Reyes",  "Cruz",      "Pham",    "Yamamoto", "Hassan",   "Sharma"};
const V kCompanyHeads{"Acme",    "Blue Finch", "Kopi",   "Lotus",        "Northwind", "Red Panda", "Golden Mile", "Little Lion", "Orchid",
                      "Harbour", "Sunny Side", "Urban",  "Jade",         "Pixel",     "Maple",     "Coral",       "Bamboo",      "Atlas",
                      "Nimbus",  "Velvet",     "Copper", "Silver Birch", "Lumen",     "Tropic",    "Monsoon",     "Sakura",      "Borneo",
                      "Merlion", "Rainforest", "Summit", "Cobalt",       "Saffron",   "Ivory",     "Tidal",       "Evergreen",   "Kite",
                      "Peak",    "Nova",       "Aurora", "Fjord",        "Zephyr",    "Indigo",    "Mango",       "Pandan",      "Teak",
                      "Cedar",   "Willow",     "Orbit",  "Riverstone",   "Cloudberry"};
const V kCompanyTails{"Commerce", "Outfitters", "Goods",    "Home",  "Supply",   "Trading", "Market",    "Apparel",     "Gadgets", "Living",
                      "Beauty",   "Sports",     "Kids",     "Pets",  "Books",    "Coffee",  "Tea Co",    "Electronics", "Garden",  "Studio",
                      "Bakery",   "Crafts",     "Wellness", "Foods", "Footwear", "Optics",  "Furniture", "Toys",        "Cycles",  "Audio"};
const V kCities{"Singapore", "Penang", "Jakarta", "Lyon",     "Munich",   "Madrid",  "Bangkok",  "Manila",
                "Hanoi",     "Perth",  "Kuching", "Surabaya", "Bordeaux", "Hamburg", "Valencia", "Cebu"};

struct Country
{
    const char *code, *currency, *suffix, *locale, *timeZone, *phonePrefix;
    double weight;
};
const std::vector<Country> kCountries{
    {"SG", "sgd", " Pte Ltd", "en-SG", "Asia/Singapore", "+65", 30}, {"MY", "myr", " Sdn Bhd", "en-MY", "Asia/Kuala_Lumpur", "+60", 15},
    {"ID", "idr", "", "en-ID", "Asia/Jakarta", "+62", 10},           {"PH", "php", " Inc", "en-PH", "Asia/Manila", "+63", 6},
    {"VN", "vnd", "", "en-VN", "Asia/Ho_Chi_Minh", "+84", 5},        {"TH", "thb", " Co", "en-TH", "Asia/Bangkok", "+66", 6},
    {"FR", "eur", " SAS", "fr-FR", "Europe/Paris", "+33", 7},        {"DE", "eur", " GmbH", "de-DE", "Europe/Berlin", "+49", 7},
    {"ES", "eur", " S.L.", "es-ES", "Europe/Madrid", "+34", 5},      {"GB", "gbp", " Ltd", "en-GB", "Europe/London", "+44", 5},
    {"US", "usd", " Inc", "en-US", "America/New_York", "+1", 4},
};

const V kKams{"Grace Tan", "Marcus Lim", "Sophie Laurent", "Daniel Weber", "Aisha Rahman", "Kenji Mori", "Olivia Brooks", "Rafael Ortiz"};
const std::array<V, 3> kAgentNames{
    V{"Alex Chua", "Bea Santos", "Chris Ong", "Dina Putri", "Eric Koh", "Fiona Lau", "Gabriel Ho", "Hana Sato"},
    V{"Ivan Petrov", "Julia Meyer", "Karim Aziz", "Lina Park", "Mateus Silva", "Nora Lindqvist", "Owen Teo", "Pooja Iyer"},
    V{"Quentin Roux", "Rosa Delgado", "Sam Wilson", "Tara Nair", "Umar Farooq", "Vera Novak", "Will Tan", "Xin Yi Goh"}};

const V kProductAdjectives{"Classic", "Organic", "Wireless", "Everyday", "Premium",  "Compact",     "Bamboo",  "Linen",
                           "Vintage", "Smart",   "Travel",   "Ceramic",  "Recycled", "Ultra-light", "Handmade"};
struct ProductKind
{
    const char *noun, *category;
    qint64 minCents, maxCents;
};
const std::vector<ProductKind> kProductKinds{{"T-shirt", "apparel", 1500, 4500},        {"Hoodie", "apparel", 3500, 9000},
                                             {"Sneakers", "footwear", 6000, 18000},     {"Earbuds", "electronics", 3000, 25000},
                                             {"Phone case", "electronics", 1200, 4500}, {"Desk lamp", "home", 2500, 12000},
                                             {"Coffee beans 1kg", "food", 1800, 4800},  {"Yoga mat", "sports", 2000, 8000},
                                             {"Backpack", "bags", 4000, 16000},         {"Water bottle", "sports", 1200, 4000},
                                             {"Throw pillow", "home", 1500, 5000},      {"Smartwatch strap", "electronics", 1500, 6000},
                                             {"Tea set", "home", 3000, 14000},          {"Running shorts", "apparel", 2000, 5500},
                                             {"Notebook", "stationery", 600, 2500},     {"Bluetooth speaker", "electronics", 4000, 20000}};

std::string asciiFold(std::string_view s)
{
    // Enough transliteration for the names above to make e-mail addresses.
    static const std::vector<std::pair<std::string_view, char>> map{{"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"à", 'a'}, {"á", 'a'},
                                                                    {"í", 'i'}, {"ó", 'o'}, {"ú", 'u'}, {"ü", 'u'}, {"ö", 'o'},
                                                                    {"ä", 'a'}, {"ñ", 'n'}, {"ç", 'c'}, {"É", 'e'}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool done = false;
        for (const auto &[from, to] : map) {
            if (s.substr(i, from.size()) == from) {
                out.push_back(to);
                i += from.size();
                done = true;
                break;
            }
        }
        if (done)
            continue;
        const char c = s[i++];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out.push_back(c);
        else if (c >= 'A' && c <= 'Z')
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        else if (c == ' ' || c == '-' || c == '.')
            out.push_back('.');
    }
    // No doubled or trailing dots.
    std::string clean;
    for (char c : out)
        if (!(c == '.' && (clean.empty() || clean.back() == '.')))
            clean.push_back(c);
    while (!clean.empty() && clean.back() == '.')
        clean.pop_back();
    return clean;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string money(qint64 cents, const std::string &currency)
{
    const auto whole = std::to_string(cents / 100);
    const std::string frac = (cents % 100 < 10 ? "0" : "") + std::to_string(cents % 100);
    if (currency == "sgd")
        return "S$" + whole + "." + frac;
    if (currency == "myr")
        return "RM" + whole + "." + frac;
    if (currency == "eur")
        return "€" + whole + "," + frac;
    if (currency == "gbp")
        return "£" + whole + "." + frac;
    if (currency == "idr")
        return "Rp" + whole + "00";
    if (currency == "php")
        return "₱" + whole + "." + frac;
    if (currency == "thb")
        return "฿" + whole;
    if (currency == "vnd")
        return whole + "000₫";
    return "$" + whole + "." + frac;
}

// Day and month as people write them, in the account's time zone offset (rounded).
std::string dayText(qint64 t, const std::string &language)
{
    static const V en{"January", "February", "March",     "April",   "May",      "June",
                      "July",    "August",   "September", "October", "November", "December"};
    static const V fr{"janvier", "février", "mars",      "avril",   "mai",      "juin",
                      "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    static const V de{"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
                      "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
    static const V es{"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                      "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};
    // Civil date from days since epoch (Howard Hinnant's algorithm).
    qint64 z = t / kDay + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 d = doy - (153 * mp + 2) / 5 + 1;
    const qint64 m = mp < 10 ? mp + 3 : mp - 9;
    const auto mi = static_cast<std::size_t>(m - 1);
    if (language == "fr")
        return std::to_string(d) + " " + fr[mi];
    if (language == "de")
        return std::to_string(d) + ". " + de[mi];
    if (language == "es")
        return std::to_string(d) + " de " + es[mi];
    return std::to_string(d) + " " + en[mi];
}

// Carrier wording of each normalised stage.
std::string carrierText(const std::string &carrier, const std::string &stage, Rng &rng, const std::string &location)
{
    if (carrier == "ninjavan") {
        if (stage == "info_received")
            return "Pending Pickup";
        if (stage == "picked_up")
            return "Picked Up, In Transit to Origin Hub";
        if (stage == "in_transit")
            return rng.pickOf(
                V{"Arrived at Origin Hub", "In Transit to Next Sorting Hub", "Arrived at Transit Hub", "Arrived at Destination Hub"});
        if (stage == "out_for_delivery")
            return "On Vehicle for Delivery";
        if (stage == "delivered")
            return rng.pickOf(V{"Delivered, Received by Customer", "Delivered, Left at Doorstep", "Delivered, Collected by Customer"});
        if (stage == "exception")
            return rng.pickOf(V{"Delivery Exception, Pending Reschedule", "Delivery Exception, Max Attempts Reached"});
        if (stage == "returning")
            return "Return to Sender Triggered";
        if (stage == "returned")
            return "Returned to Sender";
    } else if (carrier == "singpost") {
        if (stage == "info_received")
            return "Information Received";
        if (stage == "picked_up")
            return "Item posted over the counter";
        if (stage == "in_transit")
            return rng.pickOf(V{"Item processed at Singapore Post Centre", "Item in transit to delivery office"});
        if (stage == "out_for_delivery")
            return "Item out for delivery";
        if (stage == "delivered")
            return "Item delivered";
        if (stage == "exception")
            return "Unsuccessful delivery - addressee not available";
        if (stage == "returning")
            return "Item being returned to sender";
        if (stage == "returned")
            return "Item returned to sender";
    } else {
        if (stage == "info_received")
            return "Shipment information received";
        if (stage == "picked_up")
            return "Shipment picked up";
        if (stage == "in_transit")
            return rng.pickOf(V{"Processed at ", "Departed Facility in ", "Arrived at Sort Facility "}) + location;
        if (stage == "out_for_delivery")
            return "Shipment is out with courier for delivery";
        if (stage == "delivered")
            return "Delivered";
        if (stage == "exception")
            return "Delivery attempted; recipient not home";
        if (stage == "returning")
            return "Shipment is being returned to shipper";
        if (stage == "returned")
            return "Returned to shipper";
    }
    return stage;
}

} // namespace

DemoWorld::DemoWorld(DemoOptions options) : m_options(options)
{
    if (m_options.tickets < 0)
        m_options.tickets = 0;
    if (m_options.weeks < 1)
        m_options.weeks = 1;
    Rng rng(m_options.seed);
    makeAgents(rng);
    makeProducts(rng);
    makeAccounts(rng);
}

void DemoWorld::makeAgents(Rng &)
{
    qint64 id = 9000001;
    for (int team = 0; team < 3; ++team) {
        for (const char *name : kAgentNames[static_cast<std::size_t>(team)]) {
            DemoAgent a;
            a.id = id++;
            a.name = name;
            a.email = asciiFold(name) + "@cosmiccart.example";
            a.team = team;
            m_agents.push_back(std::move(a));
        }
    }
}

void DemoWorld::makeProducts(Rng &rng)
{
    int sku = 10001;
    for (const char *adj : kProductAdjectives) {
        for (const auto &kind : kProductKinds) {
            DemoProduct p;
            p.sku = "SKU-" + std::to_string(sku++);
            p.name = std::string(adj) + " " + kind.noun;
            p.category = kind.category;
            p.priceCents = rng.range(kind.minCents / 100, kind.maxCents / 100) * 100 + (rng.chance(0.6) ? 90 : 0);
            p.imageUrl = "https://cdn.cosmiccart.example/products/" + p.sku + ".jpg";
            m_products.push_back(std::move(p));
        }
    }
}

void DemoWorld::makeAccounts(Rng &rng)
{
    const std::size_t count = static_cast<std::size_t>(std::clamp<qint64>(m_options.tickets / 25, 40, 60000));
    std::vector<double> countryWeights;
    for (const auto &c : kCountries)
        countryWeights.push_back(c.weight);
    std::set<std::string> names;
    qint64 personId = 5000001;
    const qint64 now = m_options.now;
    for (std::size_t i = 0; i < count; ++i) {
        DemoAccount a;
        a.id = 7000001 + static_cast<qint64>(i);
        const Country &c = kCountries[rng.weighted(std::span<const double>(countryWeights))];
        a.country = c.code;
        a.currency = c.currency;
        std::string base = std::string(rng.pickOf(kCompanyHeads)) + " " + rng.pickOf(kCompanyTails);
        std::string name = base + c.suffix;
        for (int attempt = 0; names.count(name); ++attempt)
            name = base + " " + rng.pickOf(kCities) + (attempt > 4 ? " " + std::to_string(attempt) : std::string()) + c.suffix;
        names.insert(name);
        a.name = name;
        a.domain = asciiFold(base);
        a.domain.erase(std::remove(a.domain.begin(), a.domain.end(), '.'), a.domain.end());
        a.domain += rng.chance(0.5) ? ".com" : (std::string(".") + (a.country == "GB" ? "co.uk" : a.country == "US" ? "com" : ""));
        if (a.domain.back() == '.')
            a.domain += "com";
        for (auto &ch : a.domain)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        switch (rng.weighted({40, 30, 20, 10})) {
        case 0:
            a.plan = "Starter";
            a.mrrCents = rng.range(49, 299) * 100;
            a.ticketWeight = 1.0;
            break;
        case 1:
            a.plan = "Growth";
            a.mrrCents = rng.range(300, 1500) * 100;
            a.ticketWeight = 1.6;
            break;
        case 2:
            a.plan = "Pro";
            a.mrrCents = rng.range(1500, 8000) * 100;
            a.ticketWeight = 2.6;
            break;
        default:
            a.plan = "Enterprise";
            a.mrrCents = rng.range(8000, 60000) * 100;
            a.ticketWeight = 4.0;
            break;
        }
        a.ticketWeight *= 0.6 + rng.real() * 0.8;
        a.createdAt = now - rng.range(60, 1800) * kDay;
        const std::string kam = rng.pickOf(kKams);
        a.kamName = kam;
        a.kamEmail = asciiFold(kam) + "@cosmiccart.example";
        a.salesforceAccountId = "001" + rng.alnum(15);
        a.stripeCustomerId = "cus_" + rng.alnum(14);
        a.cardBrand = rng.pickOf(V{"visa", "visa", "mastercard", "amex"});
        a.cardLast4 = rng.digits(4);
        const int people = a.plan == "Enterprise" ? static_cast<int>(rng.range(2, 5)) : static_cast<int>(rng.range(1, 3));
        for (int k = 0; k < people; ++k) {
            DemoPerson p;
            p.id = personId++;
            p.firstName = rng.pickOf(kFirstNames);
            p.lastName = rng.pickOf(kLastNames);
            p.email = asciiFold(p.firstName) + "." + asciiFold(p.lastName) + (k > 0 ? std::to_string(k) : "") + "@" + a.domain;
            p.phone = std::string(c.phonePrefix) + rng.digits(8);
            p.locale = c.locale;
            p.timeZone = c.timeZone;
            p.account = i;
            p.salesforceContactId = "003" + rng.alnum(15);
            a.people.push_back(m_people.size());
            m_people.push_back(std::move(p));
        }
        m_accounts.push_back(std::move(a));
    }
    double total = 0;
    m_accountWeights.reserve(m_accounts.size());
    for (const auto &a : m_accounts) {
        total += a.ticketWeight;
        m_accountWeights.push_back(total);
    }
}

AccountWorld DemoWorld::accountWorld(std::size_t index) const
{
    AccountWorld w;
    if (index >= m_accounts.size())
        return w;
    const DemoAccount &a = m_accounts[index];
    Rng rng = Rng::derive(m_options.seed, 1000000 + index);
    const qint64 now = m_options.now;
    const int orders = a.plan == "Enterprise" ? static_cast<int>(rng.range(8, 20))
                       : a.plan == "Pro"      ? static_cast<int>(rng.range(6, 15))
                       : a.plan == "Growth"   ? static_cast<int>(rng.range(5, 12))
                                              : static_cast<int>(rng.range(3, 8));
    std::vector<qint64> times;
    for (int k = 0; k < orders; ++k)
        times.push_back(now - rng.range(kHour, 150 * kDay));
    std::sort(times.begin(), times.end());
    for (int k = 0; k < orders; ++k) {
        DemoOrder o;
        o.number = 100000 + static_cast<qint64>(index) * 40 + k;
        o.person = a.people[rng.below(a.people.size())];
        o.createdAt = times[static_cast<std::size_t>(k)];
        const int items = static_cast<int>(rng.range(1, 4));
        for (int it = 0; it < items; ++it) {
            const DemoProduct &p = m_products[rng.below(m_products.size())];
            DemoOrderItem item{p.sku, p.name, static_cast<int>(rng.range(1, 3)), p.priceCents};
            o.totalCents += item.unitCents * item.quantity;
            o.items.push_back(std::move(item));
        }
        const qint64 age = now - o.createdAt;
        if (age < 2 * kDay)
            o.status = rng.chance(0.5) ? "paid" : "shipped";
        else if (age < 10 * kDay)
            o.status = V{"shipped", "delivered", "cancelled", "refunded"}[rng.weighted({40, 50, 5, 5})];
        else
            o.status = V{"delivered", "refunded", "cancelled", "returned"}[rng.weighted({80, 8, 5, 7})];

        DemoCharge &ch = o.charge;
        ch.id = "ch_3" + rng.alnum(23);
        ch.paymentIntent = "pi_3" + rng.alnum(23);
        ch.invoiceId = rng.chance(0.7) ? "in_1" + rng.alnum(23) : std::string();
        ch.receiptUrl = "https://pay.stripe.com/receipts/payment/" + rng.alnum(40);
        ch.amount = o.totalCents;
        ch.created = o.createdAt + rng.range(5, 120);
        ch.description = "Order " + std::to_string(o.number);
        ch.status = "succeeded";
        if (rng.chance(0.03)) {
            ch.status = "failed";
            ch.failureCode = rng.pickOf(V{"card_declined", "insufficient_funds", "expired_card"});
            o.status = "cancelled";
        }
        if (ch.status == "succeeded" && (o.status == "refunded" || o.status == "cancelled" || o.status == "returned")) {
            DemoRefund r;
            r.id = "re_3" + rng.alnum(23);
            r.chargeId = ch.id;
            r.amount = o.status == "refunded" && rng.chance(0.3) ? ch.amount / 2 : ch.amount;
            r.created = std::min(now - 60, ch.created + rng.range(kDay, 12 * kDay));
            r.reason = o.status == "cancelled" ? "requested_by_customer" : rng.pickOf(V{"requested_by_customer", "duplicate"});
            r.status = now - r.created < 2 * kDay ? "pending" : "succeeded";
            ch.amountRefunded = r.amount;
            o.refunds.push_back(std::move(r));
        }
        if (ch.status == "succeeded" && rng.chance(0.05)) {
            DemoDispute d;
            d.id = "dp_1" + rng.alnum(23);
            d.chargeId = ch.id;
            d.amount = ch.amount;
            d.created = std::min(now - 60, ch.created + rng.range(2 * kDay, 40 * kDay));
            d.dueBy = d.created + 10 * kDay;
            d.reason = rng.pickOf(
                V{"fraudulent", "duplicate", "product_not_received", "unrecognized", "credit_not_processed", "product_unacceptable"});
            const qint64 dAge = now - d.created;
            d.status = dAge < 10 * kDay ? rng.pickOf(V{"needs_response", "under_review", "warning_needs_response"})
                                        : rng.pickOf(V{"won", "lost", "under_review"});
            ch.disputed = true;
            o.disputes.push_back(std::move(d));
        }
        if (o.status != "paid" && !(o.status == "cancelled" && age < 10 * kDay) && ch.status == "succeeded") {
            DemoShipment &s = o.shipment;
            const std::string &cc = a.country;
            if (cc == "SG")
                s.carrier = V{"ninjavan", "singpost", "dhl"}[rng.weighted({45, 35, 20})];
            else if (cc == "MY" || cc == "ID" || cc == "PH" || cc == "VN" || cc == "TH")
                s.carrier = rng.chance(0.7) ? "ninjavan" : "dhl";
            else
                s.carrier = "dhl";
            if (s.carrier == "ninjavan")
                s.trackingNumber = "NV" + cc + "COSMO" + rng.digits(10);
            else if (s.carrier == "singpost")
                s.trackingNumber = "XZ" + rng.digits(9) + "SG";
            else
                s.trackingNumber = rng.digits(10);
            s.origin = rng.pickOf(V{"Singapore", "Hong Kong", "Shenzhen", "Kuala Lumpur"});
            s.destination = rng.pickOf(kCities);
            s.destinationPostalCode = rng.digits(6);
            const qint64 start = o.createdAt + rng.range(2 * kHour, 20 * kHour);
            s.estimatedDelivery = start + rng.range(2, 6) * kDay;
            // The journey, cut at "now".
            std::vector<std::string> stages{"info_received", "picked_up", "in_transit", "in_transit", "out_for_delivery"};
            const bool exception = rng.chance(0.1);
            const bool returned = o.status == "returned";
            if (exception)
                stages.push_back("exception"), stages.push_back("out_for_delivery");
            if (returned)
                stages.push_back("returning"), stages.push_back("returned");
            else if (o.status != "cancelled")
                stages.push_back("delivered");
            qint64 t = start;
            for (const auto &stage : stages) {
                if (t > now - 60)
                    break;
                const std::string loc =
                    stage == "in_transit" ? rng.pickOf(V{"Changi", "Tuas", "Hong Kong", "Shah Alam", "Leipzig"}) : s.destination;
                s.events.push_back({t, stage == "picked_up" ? "in_transit" : stage, carrierText(s.carrier, stage, rng, loc), loc});
                t += rng.range(3 * kHour, 30 * kHour);
            }
        }
        w.orders.push_back(std::move(o));
    }
    const int cases = static_cast<int>(rng.range(0, 4));
    for (int k = 0; k < cases; ++k) {
        DemoCase c;
        c.id = "500" + rng.alnum(15);
        c.caseNumber = std::to_string(10000000 + index * 10 + static_cast<std::size_t>(k)).substr(0, 8);
        c.subject = rng.pickOf(V{"Onboarding call", "Quarterly business review", "Billing question", "Contract renewal",
                                 "Integration health check", "Escalation follow-up", "Feature request: bulk export"});
        c.created = now - rng.range(kDay, 200 * kDay);
        c.status = rng.pickOf(V{"New", "Working", "Escalated", "Closed", "Closed"});
        if (c.status == "Closed")
            c.closed = std::min(now - 60, c.created + rng.range(kHour, 20 * kDay));
        c.priority = rng.pickOf(V{"Low", "Medium", "High"});
        c.origin = rng.pickOf(V{"Email", "Phone", "Web"});
        c.person = a.people[rng.below(a.people.size())];
        w.cases.push_back(std::move(c));
    }
    return w;
}

std::vector<qint64> DemoWorld::ticketTimes(Rng &rng) const
{
    // Weekdays busier than weekends, a slow growth over the weeks, and a working-day curve in
    // Singapore time (UTC+8) with a late-morning and a mid-afternoon peak.
    static const double kHourly[24] = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.4, 2.0, 2.4, 2.3,
                                       1.8, 2.0, 2.3, 2.2, 1.9, 1.5, 1.1, 0.9, 0.8, 0.7, 0.5, 0.3};
    const qint64 now = m_options.now;
    const qint64 offset = 8 * kHour;
    const qint64 todayStart = ((now + offset) / kDay) * kDay - offset;
    const int days = m_options.weeks * 7;
    std::vector<double> dayWeights;
    for (int d = 0; d < days; ++d) {
        const qint64 start = todayStart - static_cast<qint64>(days - 1 - d) * kDay;
        const int weekday = static_cast<int>(((start + offset) / kDay + 4) % 7); // 0 = Sunday
        double w = weekday == 0 ? 0.4 : weekday == 6 ? 0.5 : 1.0;
        w *= 1.0 + 0.3 * d / days;
        if (d == days - 1) // today: only the hours that have passed
            w *= std::clamp(static_cast<double>(now - start) / kDay, 0.05, 1.0);
        dayWeights.push_back(w);
    }
    std::vector<double> hourWeights(std::begin(kHourly), std::end(kHourly));
    std::vector<qint64> times;
    times.reserve(static_cast<std::size_t>(m_options.tickets));
    for (qint64 i = 0; i < m_options.tickets; ++i) {
        qint64 t;
        do {
            const auto d = rng.weighted(std::span<const double>(dayWeights));
            const auto h = rng.weighted(std::span<const double>(hourWeights));
            t = todayStart - static_cast<qint64>(days - 1 - d) * kDay + static_cast<qint64>(h) * kHour + rng.range(0, kHour - 1);
        } while (t > now - 120);
        times.push_back(t);
    }
    std::sort(times.begin(), times.end());
    return times;
}

void DemoWorld::generateTickets(const Sink &sink, std::size_t batchSize, const std::function<void(qint64, qint64)> &progress) const
{
    using triage::Priority;
    Rng rng(m_options.seed ^ 0x7469636B657473ull);
    const std::vector<qint64> times = ticketTimes(rng);
    const qint64 now = m_options.now;
    const TicketTextGenerator text;

    // Category mix and, per category, the odds of P0..P3 (tuned to the seed's 6/28/44/22 mix).
    static const double kCategoryWeights[kCategoryCount] = {7, 9, 8, 12, 6, 7, 14, 10, 4, 5, 6, 7, 5};
    static const double kPriorityOdds[kCategoryCount][4] = {
        {0, 38, 55, 7},  {0, 14, 58, 28},  {14, 44, 36, 6}, {0, 26, 56, 18}, {0, 10, 52, 38}, {2, 34, 46, 18}, {3, 46, 42, 9},
        {0, 32, 52, 16}, {22, 40, 28, 10}, {0, 0, 35, 65},  {0, 0, 22, 78},  {0, 24, 54, 22}, {74, 26, 0, 0}};

    std::vector<GeneratedTicket> batch;
    batch.reserve(batchSize);
    qint64 commentId = 90000001;
    for (std::size_t i = 0; i < times.size(); ++i) {
        Rng tr = Rng::derive(m_options.seed, 5000000 + i);
        GeneratedTicket g;
        models::Ticket &t = g.ticket;
        t.id = 10001 + static_cast<qint64>(i);
        t.createdAt = times[i];

        const auto category = static_cast<Category>(tr.weighted(std::span<const double>(kCategoryWeights)));
        const auto priority = static_cast<Priority>(tr.weighted(std::span<const double>(kPriorityOdds[static_cast<int>(category)], 4)));

        // Serious tickets come more often from bigger accounts.
        double pick = tr.real() * m_accountWeights.back();
        if (priority <= Priority::P1 && tr.chance(0.4))
            pick = std::max(pick, tr.real() * m_accountWeights.back());
        const std::size_t accountIdx =
            static_cast<std::size_t>(std::lower_bound(m_accountWeights.begin(), m_accountWeights.end(), pick) - m_accountWeights.begin());
        const DemoAccount &account = m_accounts[std::min(accountIdx, m_accounts.size() - 1)];
        const DemoPerson &person = m_people[account.people[tr.below(account.people.size())]];

        Scenario s;
        s.category = category;
        s.priority = priority;
        const std::string preferred = person.locale.substr(0, 2);
        const auto topic = text.chooseTopic(category, priority, tr.chance(0.75) ? preferred : "en", tr);
        s.topic = topic.topic;
        s.team = topic.team;
        s.language = topic.language;
        const double tonePick = tr.real();
        const double hot = priority <= Priority::P1 ? 1.4 : 1.0;
        s.tone = tonePick < 0.12 * hot ? Tone::Aggressive : tonePick < 0.40 * hot ? Tone::Frustrated : Tone::Neutral;
        s.churnLanguage = s.tone == Tone::Aggressive ? tr.chance(0.6) : s.tone == Tone::Frustrated ? tr.chance(0.25) : tr.chance(0.01);
        s.opportunity = category == Category::PricingUpgrade || tr.chance(0.07);
        s.upgradeTrap = !s.opportunity && tr.chance(0.06);
        const auto channel = tr.weighted({45, 25, 20, 10});
        t.channel = channel == 0   ? models::Channel::Email
                    : channel == 1 ? models::Channel::Web
                    : channel == 2 ? models::Channel::Chat
                                   : models::Channel::Phone;
        s.chat = t.channel == models::Channel::Chat;
        s.phone = t.channel == models::Channel::Phone;

        // Facts from the account's world when the ticket is about an order or a payment.
        TextFacts f;
        f.firstName = person.firstName;
        f.lastName = person.lastName;
        f.company = account.name;
        f.email = person.email;
        f.plan = account.plan;
        f.cardBrand = account.cardBrand == "amex" ? "Amex" : account.cardBrand == "visa" ? "Visa" : "Mastercard";
        f.cardLast4 = account.cardLast4;
        const bool needsOrder = category == Category::ChargeDispute || category == Category::Refund ||
                                category == Category::ShippingDelivery || category == Category::OrderChange;
        if (needsOrder) {
            const AccountWorld world = accountWorld(accountIdx);
            const DemoOrder *best = nullptr;
            for (const DemoOrder &o : world.orders) {
                if (o.createdAt > t.createdAt - kHour || o.createdAt < t.createdAt - 45 * kDay)
                    continue;
                const bool fits = category == Category::ShippingDelivery ? !o.shipment.carrier.empty()
                                  : category == Category::ChargeDispute  ? (o.charge.disputed || tr.chance(0.5))
                                  : category == Category::Refund         ? (!o.refunds.empty() || o.status == "returned" || tr.chance(0.3))
                                                                         : true;
                if (fits)
                    best = &o;
            }
            if (best) {
                f.orderNumber = std::to_string(best->number);
                f.amount = money(best->charge.amount, account.currency);
                f.orderDate = dayText(best->createdAt + 8 * kHour, s.language);
                if (!best->shipment.carrier.empty()) {
                    f.trackingNumber = best->shipment.trackingNumber;
                    f.carrier = best->shipment.carrier == "dhl" ? "DHL" : best->shipment.carrier == "ninjavan" ? "Ninja Van" : "SingPost";
                }
            }
        }
        // Facts a ticket may mention even when it is about no particular order.
        if (f.orderNumber.empty()) {
            f.orderNumber = std::to_string(100000 + static_cast<qint64>(accountIdx) * 40 + tr.range(0, 7));
            f.amount = money(tr.range(1500, 90000), account.currency);
            f.orderDate = dayText(t.createdAt - tr.range(2, 20) * kDay + 8 * kHour, s.language);
        }
        const DemoAgent *agent = nullptr;
        {
            std::vector<const DemoAgent *> team;
            for (const auto &a : m_agents)
                if (a.team == s.team)
                    team.push_back(&a);
            agent = team[tr.below(team.size())];
        }
        f.agentFirstName = agent->name.substr(0, agent->name.find(' '));

        const GeneratedText opening = text.opening(s, f, tr);
        t.subject = q(opening.subject);
        t.description = q(opening.body);
        t.requesterId = person.id;
        t.organizationId = account.id;
        t.groupId = groupId(s.team);
        t.language = q(s.language);

        // Where the ticket is now, from its age.
        const qint64 age = now - t.createdAt;
        models::TicketStatus status;
        if (age < 2 * kHour)
            status =
                std::array{models::TicketStatus::New, models::TicketStatus::Open, models::TicketStatus::Pending}[tr.weighted({45, 45, 10})];
        else if (age < kDay)
            status = std::array{models::TicketStatus::New, models::TicketStatus::Open, models::TicketStatus::Pending,
                                models::TicketStatus::Hold, models::TicketStatus::Solved}[tr.weighted({15, 55, 20, 5, 5})];
        else if (age < 3 * kDay)
            status = std::array{models::TicketStatus::Open, models::TicketStatus::Pending, models::TicketStatus::Hold,
                                models::TicketStatus::Solved}[tr.weighted({35, 20, 5, 40})];
        else if (age < 7 * kDay)
            status = std::array{models::TicketStatus::Open, models::TicketStatus::Pending, models::TicketStatus::Hold,
                                models::TicketStatus::Solved, models::TicketStatus::Closed}[tr.weighted({15, 10, 3, 60, 12})];
        else if (age < 14 * kDay)
            status = std::array{models::TicketStatus::Open, models::TicketStatus::Pending, models::TicketStatus::Solved,
                                models::TicketStatus::Closed}[tr.weighted({3, 2, 45, 50})];
        else // a forgotten ticket now and then, as in every real backlog
            status = std::array{models::TicketStatus::Open, models::TicketStatus::Solved,
                                models::TicketStatus::Closed}[tr.weighted({0.3, 20, 80})];
        if (priority == Priority::P0 && age > 2 * kDay)
            status = age > 7 * kDay ? models::TicketStatus::Closed : models::TicketStatus::Solved;

        // The agent's final priority: mostly the true one, sometimes a level off, unset on some new tickets.
        Priority agentPriority = priority;
        if (tr.chance(0.05))
            agentPriority = static_cast<Priority>(std::clamp(static_cast<int>(priority) + (tr.chance(0.5) ? 1 : -1), 0, 3));
        if (!(status == models::TicketStatus::New && tr.chance(0.5)))
            t.priority = agentPriority;

        // The conversation.
        qint64 clock = t.createdAt;
        auto addComment = [&](qint64 author, std::string body, bool isPublic, qint64 at) {
            models::Comment c;
            c.id = commentId++;
            c.ticketId = t.id;
            c.authorId = author;
            c.body = q(body);
            c.isPublic = isPublic;
            c.createdAt = at;
            g.comments.push_back(std::move(c));
        };
        addComment(s.phone ? agent->id : person.id, opening.body, true, t.createdAt);
        if (status != models::TicketStatus::New) {
            static const qint64 kReply[4][2] = {{5 * 60, 40 * 60}, {20 * 60, 3 * kHour}, {kHour, 10 * kHour}, {2 * kHour, 30 * kHour}};
            const auto &r = kReply[static_cast<int>(priority)];
            qint64 delay = tr.range(r[0], r[1]);
            if (tr.chance(0.08))
                delay *= 3; // a breach now and then
            const qint64 replyAt = t.createdAt + delay;
            if (replyAt < now - 60) {
                t.assigneeId = agent->id;
                t.firstReplyAt = replyAt;
                const bool solved = status == models::TicketStatus::Solved || status == models::TicketStatus::Closed;
                const int rounds = solved ? static_cast<int>(tr.range(0, 2)) : static_cast<int>(tr.range(0, 1));
                addComment(agent->id, text.agentReply(s, f, tr, solved && rounds == 0), true, replyAt);
                clock = replyAt;
                if (tr.chance(0.25)) {
                    const qint64 note = clock + tr.range(5 * 60, kHour);
                    if (note < now - 60) { // nothing happens after the world's present
                        addComment(agent->id, text.internalNote(s, f, tr), false, note);
                        clock = note;
                    }
                }
                for (int k = 0; k < rounds; ++k) {
                    const qint64 back = clock + tr.range(kHour, 20 * kHour);
                    if (back >= now - 60)
                        break;
                    addComment(person.id, text.requesterFollowUp(s, f, tr, solved && k == rounds - 1), true, back);
                    clock = back;
                    const qint64 answer = clock + tr.range(20 * 60, 6 * kHour);
                    if (answer >= now - 60)
                        break;
                    addComment(agent->id, text.agentReply(s, f, tr, solved && k == rounds - 1), true, answer);
                    clock = answer;
                }
                if (solved)
                    t.solvedAt = clock;
            } else {
                status = models::TicketStatus::Open;
            }
        }
        if (status == models::TicketStatus::Open && t.assigneeId == 0 && tr.chance(0.6))
            t.assigneeId = agent->id;
        t.status = status;
        t.updatedAt = clock;

        // Tags as agents set them.
        t.tags << q(std::string(categoryName(category)));
        if (account.plan == "Enterprise")
            t.tags << QStringLiteral("vip");
        if (s.language != "en")
            t.tags << QStringLiteral("lang_") + q(s.language);

        g.truth = TicketTruth{category, s.team, priority, s.tone, s.churnLanguage, s.opportunity, s.upgradeTrap};
        batch.push_back(std::move(g));
        if (batch.size() >= batchSize) {
            if (!sink(std::move(batch)))
                return;
            batch.clear();
            if (progress)
                progress(static_cast<qint64>(i + 1), static_cast<qint64>(times.size()));
        }
    }
    if (!batch.empty())
        sink(std::move(batch));
    if (progress)
        progress(static_cast<qint64>(times.size()), static_cast<qint64>(times.size()));
}

std::vector<models::Account> DemoWorld::organizations() const
{
    std::vector<models::Account> out;
    out.reserve(m_accounts.size());
    for (const auto &a : m_accounts) {
        models::Account o;
        o.id = a.id;
        o.name = q(a.name);
        o.plan = q(a.plan);
        o.mrrCents = a.mrrCents;
        o.kamName = q(a.kamName);
        o.kamEmail = q(a.kamEmail);
        o.salesforceAccountId = q(a.salesforceAccountId);
        o.stripeCustomerId = q(a.stripeCustomerId);
        o.country = q(a.country);
        o.createdAt = a.createdAt;
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<models::User> DemoWorld::users() const
{
    std::vector<models::User> out;
    out.reserve(m_people.size() + m_agents.size());
    for (const auto &a : m_agents) {
        models::User u;
        u.id = a.id;
        u.name = q(a.name);
        u.email = q(a.email);
        u.role = models::User::Role::Agent;
        u.defaultGroupId = groupId(a.team);
        u.locale = QStringLiteral("en-SG");
        u.timeZone = QStringLiteral("Asia/Singapore");
        u.createdAt = m_options.now - 400 * kDay;
        out.push_back(std::move(u));
    }
    for (const auto &p : m_people) {
        const DemoAccount &a = m_accounts[p.account];
        models::User u;
        u.id = p.id;
        u.name = q(p.firstName + " " + p.lastName);
        u.email = q(p.email);
        u.phone = q(p.phone);
        u.role = models::User::Role::EndUser;
        u.organizationId = a.id;
        u.externalId = q(p.salesforceContactId);
        u.stripeCustomerId = q(a.stripeCustomerId);
        u.locale = q(p.locale);
        u.timeZone = q(p.timeZone);
        u.createdAt = a.createdAt;
        out.push_back(std::move(u));
    }
    return out;
}

std::vector<models::Group> DemoWorld::groups() const
{
    std::vector<models::Group> out;
    for (int t = 0; t < 3; ++t)
        out.push_back(models::Group{groupId(t), q(std::string(kTeams[static_cast<std::size_t>(t)]))});
    return out;
}

} // namespace cosmicdesk::sandbox
