#include "pagination.h"

#include "restclient.h"

namespace cosmicdesk::connectors {

namespace {

bool isTrue(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::optional<std::string> text(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string &>().empty())
        return std::nullopt;
    return it->get<std::string>();
}

std::optional<RestRequest> getUrl(const std::string &url)
{
    return RestRequest::get(QString::fromStdString(url));
}

} // namespace

std::optional<RestRequest> next_page::zendeskCursor(const nlohmann::json &page)
{
    if (!page.is_object() || !page.contains("meta") || !isTrue(page["meta"], "has_more"))
        return std::nullopt;
    if (page.contains("links") && page["links"].is_object())
        if (auto next = text(page["links"], "next"))
            return getUrl(*next);
    return std::nullopt;
}

std::optional<RestRequest> next_page::zendeskOffset(const nlohmann::json &page)
{
    if (!page.is_object())
        return std::nullopt;
    if (auto next = text(page, "next_page"))
        return getUrl(*next);
    return std::nullopt;
}

std::optional<RestRequest> next_page::zendeskIncremental(const nlohmann::json &page)
{
    if (!page.is_object() || isTrue(page, "end_of_stream"))
        return std::nullopt;
    if (auto next = text(page, "after_url"))
        return getUrl(*next);
    return std::nullopt;
}

std::optional<RestRequest> next_page::stripe(const nlohmann::json &page, const RestRequest &current)
{
    if (!page.is_object() || !isTrue(page, "has_more"))
        return std::nullopt;
    RestRequest next = current;
    if (auto token = text(page, "next_page")) { // search results
        next.query.removeAllQueryItems(QStringLiteral("page"));
        next.query.addQueryItem(QStringLiteral("page"), QString::fromStdString(*token));
        return next;
    }
    const auto data = page.find("data");
    if (data == page.end() || !data->is_array() || data->empty() || !data->back().is_object())
        return std::nullopt;
    const auto last = text(data->back(), "id");
    if (!last)
        return std::nullopt;
    next.query.removeAllQueryItems(QStringLiteral("starting_after"));
    next.query.addQueryItem(QStringLiteral("starting_after"), QString::fromStdString(*last));
    return next;
}

std::optional<RestRequest> next_page::salesforce(const nlohmann::json &page)
{
    if (!page.is_object() || isTrue(page, "done"))
        return std::nullopt;
    if (auto next = text(page, "nextRecordsUrl"))
        return RestRequest::get(QString::fromStdString(*next)); // relative to the instance URL
    return std::nullopt;
}

PageWalker::PageWalker(RestClient &client, RestRequest first, Next next, OnPage onPage, QObject *parent)
    : QObject(parent), m_client(client), m_first(std::move(first)), m_next(std::move(next)), m_onPage(std::move(onPage))
{
}

void PageWalker::start()
{
    if (m_running)
        return;
    m_running = true;
    m_pages = 0;
    request(m_first);
}

void PageWalker::cancel()
{
    if (!m_running)
        return;
    m_client.cancel(m_callId);
    end(Error::make(Error::Kind::Cancelled, QStringLiteral("Cancelled")));
}

void PageWalker::request(RestRequest r)
{
    const RestRequest current = r;
    m_callId = m_client.send(std::move(r), this, [this, current](Result<RestResponse> reply) {
        if (!m_running)
            return;
        if (!reply.ok()) {
            end(reply.error());
            return;
        }
        auto page = reply.value().json();
        if (!page.ok()) {
            end(page.error());
            return;
        }
        ++m_pages;
        Q_EMIT progress(m_pages);
        if (!m_onPage(page.value())) {
            end({});
            return;
        }
        if (auto next = m_next(page.value(), current))
            request(std::move(*next));
        else
            end({});
    });
}

void PageWalker::end(Result<void> result)
{
    m_running = false;
    Q_EMIT finished(result);
}

} // namespace cosmicdesk::connectors
