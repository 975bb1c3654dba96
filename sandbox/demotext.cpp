#include "demotext.h"

#include <map>
#include <optional>
#include <vector>

namespace cosmicdesk::sandbox {

std::string_view categoryName(Category c)
{
    static constexpr std::array<std::string_view, kCategoryCount> names{
        "charge_dispute", "refund",           "payment_failure", "shipping_delivery", "order_change", "account_access", "integration_api",
        "data_analytics", "security_privacy", "pricing_upgrade", "how_to_faq",        "bug_report",   "outage"};
    return names[static_cast<std::size_t>(c)];
}

std::string_view toneName(Tone t)
{
    switch (t) {
    case Tone::Frustrated: return "frustrated";
    case Tone::Aggressive: return "aggressive";
    case Tone::Neutral: break;
    }
    return "neutral";
}

namespace {

using V = std::vector<const char *>;

// A thing a ticket can be about: which team handles it, which priorities it can honestly carry,
// and matching subjects and first sentences.
struct Topic
{
    int team = 2;
    int minPriority = 0, maxPriority = 3;
    std::vector<std::pair<const char *, const char *>> lines; // (subject, first sentence), read together
};

// One language's phrase book. Categories without topics fall back to English.
struct Pack
{
    V greetings, closings;
    std::array<V, 4> impact; // by priority
    V frustrated, aggressive, churn, opportunity, traps, polite;
    std::array<std::vector<Topic>, kCategoryCount> topics;
    std::array<V, kCategoryCount> details, asks;

    void topic(Category c, int team, int minP, int maxP, std::vector<std::pair<const char *, const char *>> lines)
    {
        topics[static_cast<std::size_t>(c)].push_back(Topic{team, minP, maxP, std::move(lines)});
    }
    void extras(Category c, V d, V a)
    {
        details[static_cast<std::size_t>(c)] = std::move(d);
        asks[static_cast<std::size_t>(c)] = std::move(a);
    }
};

constexpr int kIntegrations = 0, kData = 1, kOps = 2;

Pack english()
{
    Pack p;
    p.greetings = {"Hi,",       "Hello,", "Hi team,",        "Hello support,",        "Good morning,", "Dear support team,",
                   "Hi there,", "Hey,",   "Good afternoon,", "Hello CosmicCart team,"};
    p.closings = {"Thanks,", "Best regards,", "Kind regards,", "Cheers,", "Regards,", "Thank you,", "Many thanks,", "Best,"};
    p.impact[0] = {"This is a complete outage: we are losing sales every minute.",
                   "Every single customer is affected and revenue has stopped.", "Our whole store is down, this is critical.",
                   "Nothing is working for any customer right now and we're losing thousands per hour.",
                   "This is an emergency: production is down for all users."};
    p.impact[1] = {"It affects most of our orders today and we have no workaround.",
                   "Our team can't work around it and customers are complaining.",
                   "This blocks a large part of our operations.",
                   "Hundreds of orders are affected and the backlog is growing.",
                   "It's a major problem for us, the feature is completely broken.",
                   "This is hurting a big share of our customers right now."};
    p.impact[2] = {"We have a workaround for now, but it slows us down.",
                   "It's not blocking, but we'd like it fixed this week.",
                   "Only some orders are affected.",
                   "We can manage manually for a few days.",
                   "It's annoying rather than critical, a handful of customers noticed.",
                   "Moderate impact: we're handling the affected cases by hand."};
    p.impact[3] = {"No rush, I just want to understand how it works.",
                   "Whenever you get a chance.",
                   "It's a minor thing for us.",
                   "Not urgent at all.",
                   "Just a quick question, nothing is broken.",
                   "Low priority, but it would be nice to know."};
    p.frustrated = {"This is the second time this month we've had to contact you about this.",
                    "We've been waiting for days without a proper answer.",
                    "Honestly, this is getting really frustrating.",
                    "I already explained all of this to your colleague last week.",
                    "I'm disappointed, we expected better from you.",
                    "Third ticket about the same problem, still no fix.",
                    "Why does it take so long to get a simple answer?"};
    p.aggressive = {"This is UNACCEPTABLE.", "I want to speak to a manager NOW!!!", "Your service is a joke.",
                    "FIX THIS IMMEDIATELY!", "This is absolutely ridiculous!!",     "Nobody on your side seems to care."};
    p.churn = {"If this isn't fixed today we will cancel our contract.",
               "We're seriously considering switching to another provider.",
               "This is the last straw for us.",
               "Our legal team is looking at the contract terms.",
               "We are evaluating alternatives and may not renew.",
               "At this point we're thinking about moving to a competitor.",
               "One more incident like this and we're leaving."};
    p.opportunity = {"By the way, we're planning to add {stores} more stores next quarter, could someone from sales get in touch?",
                     "Separately, we'd like a quote for {seats} additional seats.",
                     "Also, we're interested in the Enterprise plan, can you send pricing?",
                     "On another note, we're expanding to {region} and would like to know the options for that region.",
                     "We'll probably triple our order volume next year; do you offer volume pricing?",
                     "Could you also tell us what it would cost to upgrade to {plan2}?"};
    p.traps = {"We are not looking to upgrade, we just need this fixed.",
               "This started right after we upgraded the {platform} plugin to version {ver}.",
               "We already moved to the annual plan last year, so that's not the issue.",
               "After the SDK upgrade to v{ver} the errors started.",
               "We don't need more seats, we need the current ones to work.",
               "No interest in the premium tier, please just fix it."};
    p.polite = {"Thanks in advance for your help.", "Appreciate your help.", "Thanks for looking into it.",
                "Let me know if you need anything else from us.", ""};

    using C = Category;
    p.topic(C::ChargeDispute, kOps, 1, 3,
            {{"Unrecognised charge of {amount}", "I see a charge of {amount} on {date} that I don't recognise."},
             {"Question about a charge on {date}", "I see a charge of {amount} on {date} that I don't recognise."},
             {"Unknown payment on card ending {last4}",
              "There's a charge of {amount} on our {brand} card ending {last4} that nobody here authorised."}});
    p.topic(C::ChargeDispute, kOps, 1, 2,
            {{"Charged twice for order {order}", "We were charged twice for order {order}, {amount} each time."},
             {"Duplicate charge on our account", "The charge for order {order} appears twice on our statement."},
             {"Double charge of {amount}", "We were charged twice for order {order}, {amount} each time."}});
    p.topic(C::ChargeDispute, kOps, 1, 2,
            {{"Chargeback for {amount}", "Our bank flagged a payment of {amount} from {date} and we opened a dispute."},
             {"Disputed payment for order {order}",
              "The amount charged for order {order} ({amount}) doesn't match the price we agreed, so we disputed it with our bank."}});
    p.topic(
        C::ChargeDispute, kOps, 1, 3,
        {{"Charged for a cancelled order", "I was billed {amount} for order {order} although the order was cancelled before it shipped."},
         {"Wrong charge for order {order}",
          "I was billed {amount} for order {order} although the order was cancelled before it shipped."}});
    p.extras(C::ChargeDispute,
             {"The statement shows the charge twice with the same reference.", "Our finance team can't match it to any invoice.",
              "The card ending {last4} is only used for your service.", "We only placed one order that day.", ""},
             {"Please explain this charge or refund it.", "Can you send the invoice and receipt for this charge?",
              "Please reverse the charge.", "Could you look into it and tell us what happened?"});

    p.topic(C::Refund, kOps, 1, 3,
            {{"Refund not received for order {order}",
              "I returned the items from order {order} on {date} but haven't received my refund of {amount} yet."},
             {"Where is my refund?", "You promised a refund of {amount} for order {order} two weeks ago and nothing has arrived."},
             {"Still waiting for refund of {amount}", "The refund for order {order} shows as processed but our bank has no trace of it."}});
    p.topic(
        C::Refund, kOps, 1, 3,
        {{"Refund request for order {order}", "Could you refund order {order}? The product arrived damaged."},
         {"Damaged item, need a refund", "Could you refund order {order}? The product arrived damaged."},
         {"Refund for cancelled order {order}", "We cancelled order {order} within the cancellation window; please refund the {amount}."},
         {"Partial refund for order {order}", "Two items were missing from order {order}, so we'd like a partial refund."}});
    p.extras(C::Refund,
             {"I have the return receipt from the courier.", "The order total was {amount}.", "Photos of the damage are attached.",
              "Our bank says nothing is pending.", ""},
             {"When will the refund reach our account?", "Please confirm the refund status.", "Can you process it today?",
              "Please let me know the expected date."});

    p.topic(C::PaymentFailure, kOps, 0, 2,
            {{"Payments failing at checkout", "Customers can't complete payment at checkout: cards are declined with {errcode}."},
             {"Card payments declined ({errcode})", "Card payments have been failing for about {pct}% of our orders since {time}."},
             {"3-D Secure failing for {brand} cards", "3-D Secure authentication fails for {brand} cards at checkout."}});
    p.topic(C::PaymentFailure, kOps, 1, 2,
            {{"Payout failed", "Our payouts have failed since {date} and the balance keeps growing."},
             {"Payouts not arriving", "Our payouts have failed since {date} and the balance keeps growing."}});
    p.topic(C::PaymentFailure, kOps, 1, 3,
            {{"PayNow payments stuck in pending", "PayNow and GrabPay payments stay stuck in pending."},
             {"GrabPay payments pending", "PayNow and GrabPay payments stay stuck in pending."}});
    p.topic(C::PaymentFailure, kOps, 2, 3,
            {{"Subscription renewal payment failed", "Our subscription renewal payment failed even though the card is valid."},
             {"Our card was declined for the renewal", "Our subscription renewal payment failed even though the card is valid."}});
    p.extras(
        C::PaymentFailure,
        {"The error in the logs is {errcode}.", "Nothing changed in our checkout configuration.", "Other payment methods seem fine.", ""},
        {"Can you check what's going on with the payment processing?", "Please investigate.",
         "Could you tell us whether the problem is on your side or Stripe's?", "What should we do?"});

    p.topic(
        C::ShippingDelivery, kOps, 1, 3,
        {{"Order {order} not delivered",
          "Order {order} was supposed to arrive on {date} but tracking {tracking} hasn't moved for {days} days."},
         {"Tracking {tracking} not updating", "Parcel {tracking} has been stuck at the {hub} hub since last week."},
         {"Shipment stuck at hub", "Order {order} was supposed to arrive on {date} but tracking {tracking} hasn't moved for {days} days."},
         {"Late delivery of order {order}", "Parcel {tracking} has been stuck at the {hub} hub since last week."}});
    p.topic(C::ShippingDelivery, kOps, 1, 2,
            {{"Parcel marked delivered but not received",
              "The {carrier} tracking for order {order} says delivered, but the customer never received the parcel."},
             {"Order {order} shows delivered, customer has nothing",
              "The {carrier} tracking for order {order} says delivered, but the customer never received the parcel."}});
    p.topic(C::ShippingDelivery, kOps, 1, 3,
            {{"{carrier} delivery failed for order {order}",
              "Delivery of order {order} failed and {carrier} says they will return it to the sender."},
             {"Order {order} being returned to sender",
              "Delivery of order {order} failed and {carrier} says they will return it to the sender."}});
    p.topic(C::ShippingDelivery, kOps, 2, 3,
            {{"Where is my order {order}?", "Can you tell me where order {order} is? The tracking page shows no updates."},
             {"Status of order {order}", "The shipping label for order {order} was created but {carrier} never picked it up."}});
    p.extras(
        C::ShippingDelivery,
        {"The tracking number is {tracking} ({carrier}).", "The customer has called us three times already.",
         "The address on the order is correct.", "Nobody left a delivery notice.", ""},
        {"Can you check with {carrier}?", "Please give me an update on the delivery.", "Can you reship it?", "What are the next steps?"});

    p.topic(C::OrderChange, kOps, 1, 3,
            {{"Change delivery address for order {order}", "I need to change the delivery address for order {order}."},
             {"Wrong address on order {order}", "The delivery address on order {order} is wrong, the customer moved."}});
    p.topic(C::OrderChange, kOps, 2, 3,
            {{"Cancel order {order}", "Please cancel order {order}, we ordered the wrong size."},
             {"Please cancel order {order}", "We'd like to cancel order {order} before it ships."}});
    p.topic(C::OrderChange, kOps, 2, 3,
            {{"Add an item to order {order}", "Can I add an item to order {order} before it ships?"},
             {"Wrong quantity on order {order}", "The quantity on order {order} is wrong: we need {n} units, not {m}."}});
    p.topic(C::OrderChange, kOps, 2, 3,
            {{"Split shipment for order {order}", "We need order {order} split into two shipments."},
             {"Change delivery date of order {order}", "Could you change the delivery date of order {order} to next week?"}});
    p.extras(C::OrderChange, {"The order hasn't shipped yet as far as I can see.", "It was placed on {date}.", ""},
             {"Is that still possible?", "Please confirm once it's done.", "Let me know if there's a fee.", "Thanks for arranging it."});

    p.topic(C::AccountAccess, kIntegrations, 1, 3,
            {{"Can't log in to the dashboard", "I can't log in to the dashboard: the password reset email never arrives."},
             {"Password reset email not arriving", "I can't log in to the dashboard: the password reset email never arrives."}});
    p.topic(C::AccountAccess, kIntegrations, 0, 2,
            {{"SSO login failing", "Our SSO login fails with 'SAML response invalid' since this morning."},
             {"SAML error on login", "Nobody on our team can log in through Okta since {time}."}});
    p.topic(C::AccountAccess, kIntegrations, 1, 3,
            {{"Two-factor code rejected", "Two-factor codes are rejected for my account even though the phone clock is right."},
             {"Locked out of my account", "I'm locked out after too many login attempts."}});
    p.topic(C::AccountAccess, kIntegrations, 0, 2,
            {{"API key revoked?", "Our API key seems to have been revoked and all requests return 401."},
             {"All API calls return 401", "Our API key seems to have been revoked and all requests return 401."}});
    p.topic(C::AccountAccess, kIntegrations, 2, 3,
            {{"Remove access for former employee", "A former employee still has admin access; please remove {email} from our account."},
             {"Change the account owner", "Please transfer the account ownership to {email}."}});
    p.extras(C::AccountAccess, {"I've tried two different browsers.", "Other people on the team can log in fine.", ""},
             {"Can you unlock it?", "Please reset my access.", "How do I get back in?", "Please check our account settings."});

    p.topic(C::IntegrationApi, kIntegrations, 0, 2,
            {{"{platform} webhooks timing out", "{platform} webhooks are timing out and orders haven't synced since {time}."},
             {"Orders not syncing from {platform}", "{platform} webhooks are timing out and orders haven't synced since {time}."}});
    p.topic(C::IntegrationApi, kIntegrations, 1, 2,
            {{"API returning {errcode}", "Our {platform} integration returns {errcode} on every product sync."},
             {"Integration error on product sync", "Our {platform} integration returns {errcode} on every product sync."}});
    p.topic(C::IntegrationApi, kIntegrations, 1, 3,
            {{"429 Too Many Requests on the orders API", "The orders API returns 429 Too Many Requests even at very low volume."},
             {"Rate limited at low volume", "The orders API returns 429 Too Many Requests even at very low volume."}});
    p.topic(C::IntegrationApi, kIntegrations, 1, 2,
            {{"Inventory out of sync with {platform}", "Inventory levels are out of sync between {platform} and your platform."},
             {"Stock levels wrong after sync", "Inventory levels are out of sync between {platform} and your platform."}});
    p.topic(C::IntegrationApi, kIntegrations, 1, 2,
            {{"Webhook deliveries failing", "Webhook deliveries to our endpoint fail with a TLS handshake error."},
             {"Webhook signature mismatch", "Webhook signature verification fails for every event since {date}."}});
    p.topic(C::IntegrationApi, kIntegrations, 1, 3,
            {{"{platform} connector keeps disconnecting",
              "The OAuth token for our {platform} store expires every hour and the connector disconnects."},
             {"OAuth token expiring", "The OAuth token for our {platform} store expires every hour and the connector disconnects."}});
    p.extras(C::IntegrationApi,
             {"About {n} orders are missing on our side.", "We checked our endpoint and it responds in under 200 ms.",
              "Nothing changed in our code.", "Request IDs are in the attached log.", ""},
             {"Can your integrations team take a look?", "Please check the logs on your side.",
              "Is there a known issue with the connector?", "What do you recommend?"});

    p.topic(C::DataAnalytics, kData, 1, 3,
            {{"Dashboard numbers don't match {platform}",
              "Conversion numbers in the dashboard don't match {platform}: we see {n} orders there and {m} in your report."},
             {"Attribution report looks wrong",
              "Conversion numbers in the dashboard don't match {platform}: we see {n} orders there and {m} in your report."}});
    p.topic(C::DataAnalytics, kData, 1, 2,
            {{"Tracking pixel stopped firing", "The tracking pixel stopped firing on our checkout page on {date}."},
             {"No conversion events since {date}", "The tracking pixel stopped firing on our checkout page on {date}."}});
    p.topic(C::DataAnalytics, kData, 1, 3,
            {{"Missing data in analytics", "Yesterday's data is missing from the analytics dashboard."},
             {"Event sync delayed", "Event sync to our data warehouse is delayed by several hours."}});
    p.topic(C::DataAnalytics, kData, 2, 3,
            {{"Revenue double counted in report", "Revenue in the weekly report is counted twice for refunded orders."},
             {"CSV export times out", "The CSV export of orders times out for any date range longer than a month."}});
    p.extras(C::DataAnalytics,
             {"Our marketing team relies on these numbers for the weekly review.", "The discrepancy is about {pct}%.",
              "It was correct until last week.", ""},
             {"Could you check the data pipeline?", "Can you backfill the missing data?", "Is this a known issue?",
              "How can we get accurate numbers?"});

    p.topic(C::SecurityPrivacy, kOps, 1, 2,
            {{"GDPR deletion request", "We received a GDPR deletion request from a customer; please erase all data for {email}."},
             {"Right to erasure request", "We received a GDPR deletion request from a customer; please erase all data for {email}."}});
    p.topic(C::SecurityPrivacy, kOps, 0, 1,
            {{"Possible leaked API key", "We think one of our API keys was exposed in a public repository."},
             {"Suspicious logins on our account", "We saw suspicious logins to our account from an IP address we don't know."}});
    p.topic(C::SecurityPrivacy, kOps, 2, 3,
            {{"Request for DPA", "Please send us your DPA and details on where customer data is stored."},
             {"Where is customer data stored?", "Please send us your DPA and details on where customer data is stored."}});
    p.topic(C::SecurityPrivacy, kOps, 0, 0,
            {{"Customer saw another customer's data",
              "A customer reports receiving another customer's order confirmation with their address: this looks like a data breach."},
             {"Possible data breach",
              "A customer reports receiving another customer's order confirmation with their address: this looks like a data breach."}});
    p.topic(C::SecurityPrivacy, kOps, 1, 2,
            {{"Card numbers in logs?", "Full card numbers appear in our webhook logs; is that expected?"},
             {"Sensitive data in webhook payload", "Full card numbers appear in our webhook logs; is that expected?"}});
    p.extras(C::SecurityPrivacy, {"Our DPO needs an answer for the audit.", "We've already rotated our own passwords.", ""},
             {"Please confirm what you will do.", "Can your security team investigate?", "What's the process?"});

    p.topic(C::PricingUpgrade, kOps, 2, 3,
            {{"Pricing for the {plan2} plan", "We're looking at moving from {plan} to {plan2}; can you send us pricing?"},
             {"Moving to {plan2}", "We're looking at moving from {plan} to {plan2}; can you send us pricing?"}});
    p.topic(C::PricingUpgrade, kOps, 2, 3,
            {{"Adding {stores} more stores", "We're opening {stores} more stores next quarter and need to know what it would cost."},
             {"Expanding to {region}", "We'd like to add the {region} region to our account, what are the options?"}});
    p.topic(C::PricingUpgrade, kOps, 2, 3,
            {{"Quote for additional seats", "Could you quote the Enterprise plan for {seats} seats?"},
             {"Enterprise plan pricing", "We need {seats} more user licences for the new support team."}});
    p.topic(C::PricingUpgrade, kOps, 2, 3, {{"Volume pricing question", "Our volume will triple in Q{q}; do you offer volume pricing?"}});
    p.extras(C::PricingUpgrade,
             {"We're currently on {plan}.", "The budget is approved for this year.", "We'd like to decide this month.", ""},
             {"Can someone from sales contact me?", "Please send a quote.", "What would the price be?", "Can we schedule a call?"});

    p.topic(C::HowToFaq, kIntegrations, 2, 3,
            {{"How to set up webhooks?", "How do I set up webhooks for order updates?"},
             {"Webhook setup question", "How do I set up webhooks for order updates?"}});
    p.topic(C::HowToFaq, kIntegrations, 2, 3,
            {{"API rate limits on our plan", "What are the API rate limits on our plan?"},
             {"Question about API limits", "What are the API rate limits on our plan?"}});
    p.topic(C::HowToFaq, kIntegrations, 3, 3,
            {{"Adding a team member", "How do I add a new team member to our account?"},
             {"How to invite a colleague", "How do I add a new team member to our account?"}});
    p.topic(C::HowToFaq, kData, 2, 3,
            {{"Export customers as CSV", "Is there a way to export all customers as a CSV file?"},
             {"Custom report question", "Can I build a report of orders per region?"}});
    p.topic(C::HowToFaq, kData, 3, 3,
            {{"Setting up conversion tracking", "How do I set up conversion tracking for our new landing page?"},
             {"How does attribution work?", "How is the attribution window calculated in the reports?"}});
    p.topic(C::HowToFaq, kOps, 3, 3,
            {{"Where to download invoices", "Where can I download last month's invoices?"},
             {"Invoice copies", "Where can I download last month's invoices?"}});
    p.topic(C::HowToFaq, kOps, 2, 3,
            {{"Change checkout currency", "How can I change the currency shown at checkout?"},
             {"Question about shipping rules", "Can shipping rules be different per region?"},
             {"Documentation request", "Is there documentation for the returns workflow?"}});
    p.extras(C::HowToFaq, {"I couldn't find it in the help centre.", "We're new to the platform.", ""},
             {"Thanks for pointing me in the right direction.", "A link to the docs would be great.", "Could you explain the steps?",
              "Any guidance appreciated."});

    p.topic(C::BugReport, kOps, 1, 3,
            {{"Wrong shipping cost on order page", "The order details page shows the wrong shipping cost for orders with discounts."},
             {"Discount breaks shipping cost", "The order details page shows the wrong shipping cost for orders with discounts."}});
    p.topic(C::BugReport, kOps, 2, 3,
            {{"Images not loading in admin", "Product images don't load in the admin on mobile."},
             {"Duplicate orders in sorted list", "When I sort orders by date, the list shows some orders twice."}});
    p.topic(C::BugReport, kData, 2, 3,
            {{"Date picker broken in Safari", "The date picker on the reports page doesn't work in Safari."},
             {"Small display bug in reports", "The totals row in the monthly report is misaligned."}});
    p.topic(C::BugReport, kIntegrations, 1, 3,
            {{"Error 500 when saving {feature} settings", "The {feature} settings page throws an error 500 when saving."},
             {"Webhook payload missing a field", "The order.updated webhook payload no longer includes the shipping_lines field."}});
    p.extras(C::BugReport, {"Steps: open the page, change any value, click save.", "It happens every time.", "Screenshot attached.", ""},
             {"Can you log this as a bug?", "Is a fix planned?", "Please let me know when it's fixed.", "Any workaround?"});

    p.topic(C::Outage, kOps, 0, 1,
            {{"URGENT: checkout down", "Checkout is down for all our customers, nobody can place an order."},
             {"CRITICAL: payments failing for all customers", "Payments are failing for every customer, our store is effectively down."},
             {"Site down - orders not processing", "Checkout is down for all our customers, nobody can place an order."}});
    p.topic(C::Outage, kIntegrations, 0, 1,
            {{"API returning 503 for everyone", "Your API has been returning 503 for the last {minutes} minutes."},
             {"All webhooks stopped", "All webhooks stopped at {time}; no orders are coming through."},
             {"Production API down", "Orders are not processing at all since {time}."}});
    p.topic(C::Outage, kData, 0, 1,
            {{"Dashboard unreachable", "The dashboard is completely unreachable from every network we tried."},
             {"Tracking data not flowing at all", "Tracking data stopped flowing entirely and every dashboard is empty."}});
    p.extras(C::Outage,
             {"Your status page says everything is operational.", "We've lost about {n} orders already.",
              "Our engineers confirmed nothing changed on our side.", ""},
             {"Please escalate immediately.", "We need someone on this right now.", "Call me as soon as you see this.",
              "What is the ETA for a fix?"});
    return p;
}

Pack french()
{
    Pack p;
    p.greetings = {"Bonjour,", "Bonjour à tous,", "Bonjour l'équipe support,", "Madame, Monsieur,"};
    p.closings = {"Cordialement,", "Merci,", "Bien à vous,", "Bonne journée,"};
    p.impact[0] = {"C'est une panne totale : nous perdons des ventes chaque minute.", "Tous nos clients sont touchés, c'est critique."};
    p.impact[1] = {"Cela touche la plupart de nos commandes aujourd'hui.",
                   "Nous n'avons aucune solution de contournement et les clients se plaignent."};
    p.impact[2] = {"Nous avons une solution provisoire, mais cela nous ralentit.", "Seules quelques commandes sont concernées."};
    p.impact[3] = {"Rien d'urgent, c'est juste une question.", "Quand vous aurez un moment."};
    p.frustrated = {"C'est la deuxième fois ce mois-ci que nous vous contactons à ce sujet.",
                    "Nous attendons une réponse depuis des jours.", "C'est vraiment frustrant."};
    p.aggressive = {"C'est INACCEPTABLE.", "Je veux parler à un responsable immédiatement !!!", "Votre service est une honte."};
    p.churn = {"Si ce n'est pas réglé aujourd'hui, nous résilierons notre contrat.",
               "Nous envisageons sérieusement de changer de prestataire.", "C'est la goutte d'eau qui fait déborder le vase."};
    p.opportunity = {
        "Par ailleurs, nous prévoyons d'ouvrir {stores} nouvelles boutiques le trimestre prochain, pouvez-vous nous faire une offre ?",
        "Nous aimerions aussi un devis pour {seats} utilisateurs supplémentaires."};
    p.traps = {"Nous ne cherchons pas à changer d'offre, nous voulons juste que cela fonctionne.",
               "Le problème a commencé après la mise à jour du plugin {platform} en version {ver}."};
    p.polite = {"Merci d'avance pour votre aide.", ""};
    using C = Category;
    p.topic(C::ShippingDelivery, kOps, 1, 3,
            {{"Commande {order} non livrée",
              "La commande {order} devait arriver le {date} mais le suivi {tracking} n'a pas bougé depuis {days} jours."},
             {"Suivi {tracking} bloqué", "Le suivi {carrier} indique que la commande {order} est livrée, mais le client n'a rien reçu."},
             {"Où est ma commande {order} ?",
              "La commande {order} devait arriver le {date} mais le suivi {tracking} n'a pas bougé depuis {days} jours."}});
    p.extras(C::ShippingDelivery, {""}, {"Pouvez-vous vérifier avec {carrier} ?", "Merci de me tenir informé."});
    p.topic(C::Refund, kOps, 1, 3,
            {{"Remboursement non reçu pour la commande {order}",
              "J'ai retourné les articles de la commande {order} le {date} mais je n'ai toujours pas reçu le remboursement de {amount}."},
             {"Demande de remboursement", "Le produit de la commande {order} est arrivé endommagé, je souhaite être remboursé."}});
    p.extras(C::Refund, {""}, {"Quand le remboursement sera-t-il effectué ?", "Merci de confirmer."});
    p.topic(C::ChargeDispute, kOps, 1, 3,
            {{"Prélèvement non reconnu de {amount}", "Je vois un prélèvement de {amount} du {date} que je ne reconnais pas."},
             {"Double débit pour la commande {order}", "Nous avons été débités deux fois pour la commande {order}."}});
    p.extras(C::ChargeDispute, {""}, {"Merci de m'expliquer ce débit ou de le rembourser.", "Pouvez-vous annuler le doublon ?"});
    p.topic(
        C::IntegrationApi, kIntegrations, 0, 2,
        {{"Webhooks {platform} en échec", "Les webhooks {platform} expirent et les commandes ne sont plus synchronisées depuis {time}."},
         {"Synchronisation des commandes bloquée",
          "Notre intégration {platform} renvoie {errcode} à chaque synchronisation des produits."}});
    p.extras(C::IntegrationApi, {""}, {"Pouvez-vous regarder les journaux de votre côté ?", "Y a-t-il un incident connu ?"});
    p.topic(C::Outage, kOps, 0, 1,
            {{"URGENT : paiement indisponible", "Le paiement est en panne pour tous nos clients, personne ne peut commander."},
             {"Plateforme en panne", "Le paiement est en panne pour tous nos clients, personne ne peut commander."}});
    p.topic(C::Outage, kIntegrations, 0, 1, {{"URGENT : API en panne", "Votre API renvoie des erreurs 503 depuis {minutes} minutes."}});
    p.extras(C::Outage, {""}, {"Merci d'escalader immédiatement.", "Nous avons besoin d'une intervention tout de suite."});
    p.topic(C::HowToFaq, kIntegrations, 2, 3,
            {{"Comment configurer les webhooks ?", "Comment configurer les webhooks pour les mises à jour de commandes ?"}});
    p.topic(C::HowToFaq, kOps, 3, 3, {{"Télécharger les factures", "Où puis-je télécharger les factures du mois dernier ?"}});
    p.extras(C::HowToFaq, {""}, {"Merci pour votre aide.", "Un lien vers la documentation serait parfait."});
    p.topic(C::PaymentFailure, kOps, 0, 2,
            {{"Paiements refusés au checkout", "Les cartes de nos clients sont refusées au paiement avec l'erreur {errcode}."}});
    p.extras(C::PaymentFailure, {""}, {"Pouvez-vous vérifier le traitement des paiements ?"});
    p.topic(C::AccountAccess, kIntegrations, 1, 3,
            {{"Impossible de me connecter",
              "Je n'arrive plus à me connecter au tableau de bord : l'e-mail de réinitialisation n'arrive jamais."}});
    p.extras(C::AccountAccess, {""}, {"Pouvez-vous débloquer mon compte ?"});
    return p;
}

Pack german()
{
    Pack p;
    p.greetings = {"Hallo,", "Guten Tag,", "Sehr geehrtes Support-Team,", "Hallo zusammen,"};
    p.closings = {"Viele Grüße,", "Mit freundlichen Grüßen,", "Danke,", "Beste Grüße,"};
    p.impact[0] = {"Das ist ein kompletter Ausfall, wir verlieren jede Minute Umsatz.", "Alle Kunden sind betroffen, das ist kritisch."};
    p.impact[1] = {"Das betrifft heute die meisten unserer Bestellungen.", "Wir haben keinen Workaround und die Kunden beschweren sich."};
    p.impact[2] = {"Wir haben vorerst einen Workaround, aber es bremst uns aus.", "Nur einige Bestellungen sind betroffen."};
    p.impact[3] = {"Nicht dringend, nur eine Frage.", "Wenn Sie Zeit haben."};
    p.frustrated = {"Das ist schon das zweite Mal diesen Monat, dass wir uns deswegen melden.", "Wir warten seit Tagen auf eine Antwort.",
                    "Das ist wirklich frustrierend."};
    p.aggressive = {"Das ist INAKZEPTABEL.", "Ich will SOFORT mit einem Vorgesetzten sprechen!!!", "Ihr Service ist eine Zumutung."};
    p.churn = {"Wenn das heute nicht gelöst wird, kündigen wir den Vertrag.", "Wir denken ernsthaft über einen Anbieterwechsel nach."};
    p.opportunity = {"Außerdem planen wir {stores} weitere Shops im nächsten Quartal, bitte schicken Sie uns ein Angebot.",
                     "Wir bräuchten auch ein Angebot für {seats} zusätzliche Nutzer."};
    p.traps = {"Wir wollen kein Upgrade, es soll einfach funktionieren.",
               "Der Fehler trat nach dem Update des {platform}-Plugins auf Version {ver} auf."};
    p.polite = {"Vielen Dank im Voraus.", ""};
    using C = Category;
    p.topic(C::ShippingDelivery, kOps, 1, 3,
            {{"Bestellung {order} nicht zugestellt",
              "Die Bestellung {order} sollte am {date} ankommen, aber die Sendung {tracking} bewegt sich seit {days} Tagen nicht."},
             {"Sendungsverfolgung {tracking} ohne Update",
              "Laut {carrier} wurde die Bestellung {order} zugestellt, der Kunde hat aber nichts erhalten."}});
    p.extras(C::ShippingDelivery, {""}, {"Können Sie bei {carrier} nachfragen?", "Bitte geben Sie mir ein Update."});
    p.topic(
        C::Refund, kOps, 1, 3,
        {{"Rückerstattung für Bestellung {order} fehlt",
          "Ich habe die Artikel der Bestellung {order} am {date} zurückgeschickt, aber die Erstattung von {amount} ist nicht angekommen."},
         {"Erstattung angefordert", "Die Ware aus Bestellung {order} kam beschädigt an, bitte erstatten Sie den Betrag."}});
    p.extras(C::Refund, {""}, {"Wann wird die Erstattung ausgezahlt?", "Bitte bestätigen Sie den Status."});
    p.topic(C::ChargeDispute, kOps, 1, 3,
            {{"Unbekannte Abbuchung über {amount}",
              "Auf unserer Karte sehe ich eine Abbuchung über {amount} vom {date}, die ich nicht zuordnen kann."},
             {"Doppelte Abbuchung für Bestellung {order}", "Die Bestellung {order} wurde uns zweimal berechnet."}});
    p.extras(C::ChargeDispute, {""},
             {"Bitte erklären Sie die Abbuchung oder erstatten Sie sie.", "Bitte stornieren Sie die doppelte Belastung."});
    p.topic(C::IntegrationApi, kIntegrations, 0, 2,
            {{"{platform}-Webhooks schlagen fehl",
              "Die {platform}-Webhooks laufen in Timeouts und seit {time} werden keine Bestellungen synchronisiert."},
             {"Bestellungen werden nicht synchronisiert", "Unsere {platform}-Integration liefert bei jedem Produktabgleich {errcode}."}});
    p.extras(C::IntegrationApi, {""}, {"Können Sie die Logs auf Ihrer Seite prüfen?", "Gibt es ein bekanntes Problem?"});
    p.topic(C::Outage, kOps, 0, 1,
            {{"DRINGEND: Checkout ausgefallen", "Der Checkout ist für alle Kunden ausgefallen, niemand kann bestellen."}});
    p.topic(C::Outage, kIntegrations, 0, 1,
            {{"Plattform nicht erreichbar", "Ihre API liefert seit {minutes} Minuten nur noch 503-Fehler."}});
    p.extras(C::Outage, {""}, {"Bitte sofort eskalieren.", "Wir brauchen sofort Hilfe."});
    p.topic(C::HowToFaq, kIntegrations, 2, 3,
            {{"Wie richte ich Webhooks ein?", "Wie richte ich Webhooks für Bestellaktualisierungen ein?"}});
    p.topic(C::HowToFaq, kOps, 3, 3, {{"Rechnungen herunterladen", "Wo kann ich die Rechnungen des letzten Monats herunterladen?"}});
    p.extras(C::HowToFaq, {""}, {"Danke für die Hilfe.", "Ein Link zur Dokumentation wäre toll."});
    p.topic(C::PaymentFailure, kOps, 0, 2,
            {{"Zahlungen im Checkout abgelehnt", "Kartenzahlungen unserer Kunden werden mit dem Fehler {errcode} abgelehnt."}});
    p.extras(C::PaymentFailure, {""}, {"Können Sie die Zahlungsabwicklung prüfen?"});
    p.topic(C::AccountAccess, kIntegrations, 1, 3,
            {{"Anmeldung nicht möglich", "Ich kann mich nicht mehr im Dashboard anmelden, die E-Mail zum Zurücksetzen kommt nie an."}});
    p.extras(C::AccountAccess, {""}, {"Können Sie meinen Zugang zurücksetzen?"});
    return p;
}

Pack spanish()
{
    Pack p;
    p.greetings = {"Hola,", "Buenos días,", "Hola equipo,", "Estimado equipo de soporte,"};
    p.closings = {"Saludos,", "Gracias,", "Un saludo,", "Atentamente,"};
    p.impact[0] = {"Es una caída total: estamos perdiendo ventas cada minuto.", "Todos nuestros clientes están afectados, es crítico."};
    p.impact[1] = {"Afecta a la mayoría de nuestros pedidos de hoy.", "No tenemos alternativa y los clientes se están quejando."};
    p.impact[2] = {"Tenemos una solución temporal, pero nos retrasa.", "Solo algunos pedidos están afectados."};
    p.impact[3] = {"No es urgente, solo es una pregunta.", "Cuando tengan un momento."};
    p.frustrated = {"Es la segunda vez este mes que les escribimos por esto.", "Llevamos días esperando una respuesta.",
                    "Esto es muy frustrante."};
    p.aggressive = {"Esto es INACEPTABLE.", "¡¡Quiero hablar con un responsable YA!!", "Su servicio es un desastre."};
    p.churn = {"Si no se soluciona hoy cancelaremos el contrato.", "Estamos pensando seriamente en cambiar de proveedor."};
    p.opportunity = {"Además, vamos a abrir {stores} tiendas más el próximo trimestre, ¿nos pueden enviar una oferta?",
                     "También queremos un presupuesto para {seats} usuarios adicionales."};
    p.traps = {"No queremos cambiar de plan, solo que funcione.",
               "El problema empezó después de actualizar el plugin de {platform} a la versión {ver}."};
    p.polite = {"Gracias de antemano.", ""};
    using C = Category;
    p.topic(C::ShippingDelivery, kOps, 1, 3,
            {{"Pedido {order} no entregado",
              "El pedido {order} debía llegar el {date} pero el seguimiento {tracking} no se mueve desde hace {days} días."},
             {"El seguimiento {tracking} no se actualiza",
              "{carrier} dice que el pedido {order} fue entregado, pero el cliente no lo recibió."}});
    p.extras(C::ShippingDelivery, {""}, {"¿Pueden consultarlo con {carrier}?", "Por favor, denme una actualización."});
    p.topic(C::Refund, kOps, 1, 3,
            {{"No he recibido el reembolso del pedido {order}",
              "Devolví los artículos del pedido {order} el {date} y todavía no he recibido el reembolso de {amount}."},
             {"Solicitud de reembolso", "El producto del pedido {order} llegó dañado, quiero un reembolso."}});
    p.extras(C::Refund, {""}, {"¿Cuándo recibiré el reembolso?", "Por favor, confirmen el estado."});
    p.topic(C::ChargeDispute, kOps, 1, 3,
            {{"Cargo desconocido de {amount}", "Veo un cargo de {amount} del {date} que no reconozco."},
             {"Cobro duplicado del pedido {order}", "Nos cobraron dos veces el pedido {order}."}});
    p.extras(C::ChargeDispute, {""}, {"Por favor, expliquen el cargo o reembólsenlo.", "¿Pueden anular el cobro duplicado?"});
    p.topic(C::IntegrationApi, kIntegrations, 0, 2,
            {{"Fallan los webhooks de {platform}", "Los webhooks de {platform} dan timeout y los pedidos no se sincronizan desde {time}."},
             {"Pedidos sin sincronizar", "Nuestra integración con {platform} devuelve {errcode} en cada sincronización de productos."}});
    p.extras(C::IntegrationApi, {""}, {"¿Pueden revisar los registros de su lado?", "¿Hay algún incidente conocido?"});
    p.topic(C::Outage, kOps, 0, 1,
            {{"URGENTE: el checkout no funciona", "El checkout está caído para todos nuestros clientes, nadie puede comprar."}});
    p.topic(C::Outage, kIntegrations, 0, 1, {{"Plataforma caída", "Su API devuelve errores 503 desde hace {minutes} minutos."}});
    p.extras(C::Outage, {""}, {"Por favor, escalen de inmediato.", "Necesitamos ayuda ahora mismo."});
    p.topic(C::HowToFaq, kIntegrations, 2, 3,
            {{"¿Cómo configuro los webhooks?", "¿Cómo configuro los webhooks para las actualizaciones de pedidos?"}});
    p.topic(C::HowToFaq, kOps, 3, 3, {{"Descargar facturas", "¿Dónde puedo descargar las facturas del mes pasado?"}});
    p.extras(C::HowToFaq, {""}, {"Gracias por la ayuda.", "Un enlace a la documentación sería perfecto."});
    p.topic(C::PaymentFailure, kOps, 0, 2,
            {{"Pagos rechazados en el checkout", "Las tarjetas de nuestros clientes se rechazan en el pago con el error {errcode}."}});
    p.extras(C::PaymentFailure, {""}, {"¿Pueden revisar el procesamiento de pagos?"});
    p.topic(C::AccountAccess, kIntegrations, 1, 3,
            {{"No puedo iniciar sesión", "No puedo entrar al panel: el correo para restablecer la contraseña nunca llega."}});
    p.extras(C::AccountAccess, {""}, {"¿Pueden desbloquear mi cuenta?"});
    return p;
}

const std::map<std::string, Pack> &packs()
{
    static const std::map<std::string, Pack> all{{"en", english()}, {"fr", french()}, {"de", german()}, {"es", spanish()}};
    return all;
}

const Pack &packFor(const std::string &language, Category c)
{
    const auto &all = packs();
    auto it = all.find(language);
    if (it == all.end() || it->second.topics[static_cast<std::size_t>(c)].empty())
        return all.at("en");
    return it->second;
}

const char *pickText(const V &v, Rng &rng)
{
    return v.empty() ? "" : v[rng.below(v.size())];
}

// Fills {slot}s from the facts, inventing plausible values for what the facts leave empty.
std::string fill(std::string_view tpl, const TextFacts &f, Rng &rng)
{
    static const V platforms{"Shopify", "WooCommerce", "BigCommerce", "Magento", "PrestaShop", "Wix", "Shopify Plus"};
    static const V errors{"HTTP 500",      "HTTP 502",         "HTTP 401", "ERR_TIMEOUT", "504 Gateway Timeout",
                          "card_declined", "processing_error", "HTTP 422"};
    static const V features{"webhooks",     "checkout",       "product sync", "inventory sync",
                            "order export", "shipping rules", "tax settings", "notifications"};
    static const V times{"9am", "this morning", "02:00 UTC", "yesterday evening", "about noon", "last night"};
    static const V hubs{"Changi", "Tuas", "Shah Alam", "Leipzig", "Hong Kong", "Jakarta", "Loyang"};
    static const V regions{"the EU", "Australia", "Malaysia", "Indonesia", "the US", "Japan", "Thailand"};
    static const V plans{"Starter", "Growth", "Pro", "Enterprise", "Enterprise Plus"};
    std::string out;
    out.reserve(tpl.size() + 32);
    std::size_t i = 0;
    while (i < tpl.size()) {
        if (tpl[i] != '{') {
            out.push_back(tpl[i++]);
            continue;
        }
        const std::size_t close = tpl.find('}', i);
        if (close == std::string_view::npos) {
            out.append(tpl.substr(i));
            break;
        }
        const std::string key(tpl.substr(i + 1, close - i - 1));
        i = close + 1;
        // One ticket names one order, one amount, one platform…: reuse what an earlier slot chose.
        if (auto memo = f.slots.find(key); memo != f.slots.end()) {
            out += memo->second;
            continue;
        }
        const std::size_t before = out.size();
        auto orInvent = [&](const std::string &v, auto invent) { out += v.empty() ? invent() : v; };
        if (key == "order")
            orInvent(f.orderNumber, [&] { return std::to_string(rng.range(100000, 999999)); });
        else if (key == "amount")
            orInvent(f.amount, [&] { return "$" + std::to_string(rng.range(12, 900)) + "." + rng.digits(2); });
        else if (key == "date")
            orInvent(f.orderDate, [&] {
                return std::to_string(rng.range(1, 28)) + " " + pickText({"May", "June", "July", "August", "September", "October"}, rng);
            });
        else if (key == "tracking")
            orInvent(f.trackingNumber, [&] { return rng.digits(10); });
        else if (key == "carrier")
            orInvent(f.carrier, [&] { return std::string(pickText({"DHL", "Ninja Van", "SingPost"}, rng)); });
        else if (key == "last4")
            orInvent(f.cardLast4, [&] { return rng.digits(4); });
        else if (key == "brand")
            orInvent(f.cardBrand, [&] { return std::string(pickText({"Visa", "Mastercard", "Amex"}, rng)); });
        else if (key == "first")
            out += f.firstName;
        else if (key == "email")
            out += f.email.empty() ? "someone@example.com" : f.email;
        else if (key == "company")
            out += f.company;
        else if (key == "agent")
            out += f.agentFirstName;
        else if (key == "plan")
            orInvent(f.plan, [&] { return std::string(pickText(plans, rng)); });
        else if (key == "plan2") {
            std::size_t idx = 0;
            for (std::size_t k = 0; k < plans.size(); ++k)
                if (f.plan == plans[k])
                    idx = k;
            out += plans[std::min(idx + 1, plans.size() - 1)];
        } else if (key == "platform")
            out += pickText(platforms, rng);
        else if (key == "errcode")
            out += pickText(errors, rng);
        else if (key == "feature")
            out += pickText(features, rng);
        else if (key == "time")
            out += pickText(times, rng);
        else if (key == "hub")
            out += pickText(hubs, rng);
        else if (key == "region")
            out += pickText(regions, rng);
        else if (key == "ver")
            out += std::to_string(rng.range(2, 9)) + "." + std::to_string(rng.range(0, 12)) + "." + std::to_string(rng.range(0, 9));
        else if (key == "n")
            out += std::to_string(rng.range(12, 480));
        else if (key == "m")
            out += std::to_string(rng.range(2, 11));
        else if (key == "pct")
            out += std::to_string(rng.range(5, 60));
        else if (key == "days")
            out += std::to_string(rng.range(3, 9));
        else if (key == "minutes")
            out += std::to_string(rng.range(10, 90));
        else if (key == "seats")
            out += std::to_string(rng.range(5, 200));
        else if (key == "stores")
            out += std::to_string(rng.range(2, 12));
        else if (key == "q")
            out += std::to_string(rng.range(1, 4));
        else
            out.append("{").append(key).append("}");
        f.slots.emplace(key, out.substr(before));
    }
    return out;
}

void sentence(std::string &body, const std::string &s)
{
    if (s.empty())
        return;
    if (!body.empty() && body.back() != '\n')
        body.push_back(' ');
    body += s;
}

std::string shout(std::string s)
{
    for (char &c : s)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return s;
}

} // namespace

TicketTextGenerator::TopicChoice TicketTextGenerator::chooseTopic(Category c, triage::Priority p, const std::string &language,
                                                                  Rng &rng) const
{
    const int pr = static_cast<int>(p);
    auto choose = [&](const std::string &lang) -> std::optional<TopicChoice> {
        auto it = packs().find(lang);
        if (it == packs().end())
            return std::nullopt;
        const auto &topics = it->second.topics[static_cast<std::size_t>(c)];
        std::vector<int> fits;
        for (std::size_t i = 0; i < topics.size(); ++i)
            if (pr >= topics[i].minPriority && pr <= topics[i].maxPriority)
                fits.push_back(static_cast<int>(i));
        if (fits.empty())
            return std::nullopt;
        const int i = fits[rng.below(fits.size())];
        return TopicChoice{i, topics[static_cast<std::size_t>(i)].team, lang};
    };
    if (language != "en")
        if (auto t = choose(language))
            return *t;
    if (auto t = choose("en"))
        return *t;
    // No English topic admits this priority: take the nearest one.
    const auto &topics = packs().at("en").topics[static_cast<std::size_t>(c)];
    return TopicChoice{0, topics.front().team, "en"};
}

GeneratedText TicketTextGenerator::opening(const Scenario &s, const TextFacts &f, Rng &rng) const
{
    const Pack &p = packFor(s.language, s.category);
    const auto c = static_cast<std::size_t>(s.category);
    const auto pr = static_cast<std::size_t>(s.priority);
    GeneratedText t;

    const auto &topics = p.topics[c];
    const Topic &topic = topics[static_cast<std::size_t>(s.topic) % topics.size()];
    const auto &line = topic.lines[rng.below(topic.lines.size())];
    t.subject = fill(line.first, f, rng);
    if (s.priority == triage::Priority::P0 && s.category != Category::Outage && rng.chance(0.5))
        t.subject = std::string(pickText({"URGENT: ", "[Critical] ", "EMERGENCY - "}, rng)) + t.subject;
    if (s.tone == Tone::Aggressive && rng.chance(0.3))
        t.subject = shout(t.subject) + "!!!";
    else if (s.tone == Tone::Frustrated && rng.chance(0.25))
        t.subject += std::string(pickText({" (again)", " - still not fixed", " - 2nd request"}, rng));

    std::string middle;
    sentence(middle, fill(line.second, f, rng));
    if (rng.chance(0.7))
        sentence(middle, fill(pickText(p.details[c], rng), f, rng));
    if (s.upgradeTrap)
        sentence(middle, fill(pickText(p.traps, rng), f, rng));
    sentence(middle, fill(pickText(p.impact[pr], rng), f, rng));
    if (s.tone == Tone::Frustrated) {
        sentence(middle, pickText(p.frustrated, rng));
    } else if (s.tone == Tone::Aggressive) {
        sentence(middle, pickText(p.aggressive, rng));
        if (rng.chance(0.4))
            sentence(middle, pickText(p.frustrated, rng));
    }
    if (s.churnLanguage)
        sentence(middle, pickText(p.churn, rng));
    if (s.opportunity && s.category != Category::PricingUpgrade)
        sentence(middle, fill(pickText(p.opportunity, rng), f, rng));

    if (s.chat) {
        t.body = rng.chance(0.5) ? std::string(pickText(p.greetings, rng)) + " " + middle : middle;
        if (rng.chance(0.5))
            sentence(t.body, fill(pickText(p.asks[c], rng), f, rng));
        return t;
    }
    if (s.phone) {
        t.body = "Call summary (" + f.firstName + " " + f.lastName + ", " + f.company + "): " + middle;
        sentence(t.body, std::string("Customer asked: ") + fill(pickText(p.asks[c], rng), f, rng));
        return t;
    }
    t.body = std::string(pickText(p.greetings, rng)) + "\n\n" + middle;
    sentence(t.body, fill(pickText(p.asks[c], rng), f, rng));
    if (s.tone == Tone::Neutral)
        sentence(t.body, pickText(p.polite, rng));
    t.body += "\n\n";
    t.body += pickText(p.closings, rng);
    t.body += "\n";
    t.body += rng.chance(0.5) ? f.firstName : f.firstName + " " + f.lastName;
    if (rng.chance(0.4))
        t.body += "\n" + f.company;
    return t;
}

std::string TicketTextGenerator::agentReply(const Scenario &s, const TextFacts &f, Rng &rng, bool solving) const
{
    static const std::map<Category, V> replies{
        {Category::ChargeDispute,
         {"I've checked the payment records for order {order}: the charge of {amount} on {date} is on the card ending {last4}. I'm "
          "reviewing it with our billing team.",
          "Thanks for flagging this. I can see the charge of {amount}; I've asked billing to confirm whether it was duplicated."}},
        {Category::Refund,
         {"I've checked order {order}: the refund of {amount} was issued and should reach your account within 5-10 business days.",
          "Thanks for your patience. I've escalated the refund for order {order} to our finance team."}},
        {Category::PaymentFailure,
         {"We're looking into the failed payments now. Could you send one or two affected order numbers?",
          "Our payments team is investigating with Stripe; I'll update you as soon as I know more."}},
        {Category::ShippingDelivery,
         {"I've opened a trace with {carrier} for tracking number {tracking}. I'll update you within 24 hours.",
          "According to {carrier}, parcel {tracking} is at their hub. I've asked them to prioritise the delivery of order {order}."}},
        {Category::OrderChange,
         {"I've updated order {order} as requested.", "Order {order} hasn't shipped yet, so I've made the change for you."}},
        {Category::AccountAccess,
         {"I've reset the login for your account; please try again and let me know.",
          "Your account was locked after several attempts; I've unlocked it now."}},
        {Category::IntegrationApi,
         {"Our integrations team is looking at the webhook logs now. Could you share a request ID?",
          "We found a problem with the connector's token refresh and deployed a fix. Please retry the sync."}},
        {Category::DataAnalytics,
         {"We're backfilling the missing data; the dashboard should be complete within a few hours.",
          "The difference comes from refunded orders being counted at the order date. I've raised it with the data team."}},
        {Category::SecurityPrivacy,
         {"Our security team has been notified and is investigating.",
          "We've completed the deletion request; the data will be purged from backups within 30 days."}},
        {Category::PricingUpgrade,
         {"Thanks for your interest! I've passed your request to your account manager, who will send a quote.",
          "Happy to help with that. Someone from our sales team will contact you today."}},
        {Category::HowToFaq,
         {"Great question! You'll find the steps in Settings > Integrations > Webhooks. Let me know if you get stuck.",
          "You can download invoices from Billing > Invoices; each one has a PDF link."}},
        {Category::BugReport,
         {"Thanks for the detailed report; I've reproduced it and logged it with our developers.",
          "I've logged this as a bug. As a workaround you can use another browser for now."}},
        {Category::Outage,
         {"We're aware of the incident and our engineers are working on it. Updates every 30 minutes.",
          "The incident is mitigated: services recovered and we're monitoring. A post-mortem will follow."}},
    };
    std::string reply = "Hi " + f.firstName + ",\n\n";
    reply += fill(pickText(replies.at(s.category), rng), f, rng);
    if (solving)
        reply += std::string(" ") + pickText({"I'll mark this ticket as solved; just reply if anything else comes up.",
                                              "This should be resolved now.", "Closing the loop on this one."},
                                             rng);
    reply += "\n\nBest,\n" + f.agentFirstName;
    return reply;
}

std::string TicketTextGenerator::requesterFollowUp(const Scenario &s, const TextFacts &f, Rng &rng, bool satisfied) const
{
    if (satisfied)
        return pickText(
            {"Thanks, that worked!", "Great, thank you for the quick help.", "Perfect, all good now.", "Confirmed, it's fixed. Thanks!"},
            rng);
    std::string text =
        pickText({"Any update on this?", "Still not resolved.", "Following up on my previous message.", "It's still happening."}, rng);
    if (s.tone == Tone::Aggressive)
        text += std::string(" ") + pickText({"This is getting ridiculous.", "I expect an answer TODAY."}, rng);
    (void)f;
    return text;
}

std::string TicketTextGenerator::internalNote(const Scenario &s, const TextFacts &f, Rng &rng) const
{
    std::string note = pickText({"Escalated to tier 2.", "Checked the account history.", "Customer is a key account, KAM informed.",
                                 "Waiting on the carrier's trace result.", "Reproduced in staging."},
                                rng);
    if (s.category == Category::ChargeDispute && !f.orderNumber.empty())
        note += " Related order " + f.orderNumber + ".";
    return note;
}

} // namespace cosmicdesk::sandbox
