#include "productclient.h"

#include "auth.h"
#include <models/jsonread.h>

namespace cosmicdesk::connectors {

using namespace models::jsonread;

ProductClient::ProductClient(RestClient::Options options, std::shared_ptr<AuthProvider> auth, QObject *parent)
    : QObject(parent), m_rest(std::make_unique<RestClient>(std::move(options), std::move(auth), this))
{
}

ProductClient::~ProductClient() = default;

void ProductClient::products(const QStringList &skus, QObject *context, std::function<void(Result<std::vector<models::Product>>)> done)
{
    QStringList unique = skus;
    unique.removeDuplicates();
    unique.removeAll(QString());
    if (unique.isEmpty())
        return done(std::vector<models::Product>());
    struct State
    {
        std::vector<models::Product> products;
        int waiting = 0;
        std::optional<Error> error;
    };
    auto state = std::make_shared<State>();
    auto shared = std::make_shared<std::function<void(Result<std::vector<models::Product>>)>>(std::move(done));
    for (qsizetype from = 0; from < unique.size(); from += 100) {
        QStringList part = unique.mid(from, 100);
        for (QString &s : part)
            s = QString::fromLatin1(QUrl::toPercentEncoding(s));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("skus"), part.join(u','));
        ++state->waiting;
        m_rest->send(RestRequest::get(QStringLiteral("/products"), q), context, [state, shared](Result<RestResponse> r) {
            if (!r.ok()) {
                state->error = r.error();
            } else if (auto j = r.value().json(); !j.ok()) {
                state->error = j.error();
            } else {
                for (const auto &p : array(j.value(), "products"))
                    state->products.push_back(models::Product{text(p, "sku"), text(p, "name"), text(p, "image_url"),
                                                              text(object(p, "price"), "currency"), integer(object(p, "price"), "amount")});
            }
            if (--state->waiting == 0) {
                if (state->error)
                    (*shared)(*state->error);
                else
                    (*shared)(std::move(state->products));
            }
        });
    }
}

} // namespace cosmicdesk::connectors
