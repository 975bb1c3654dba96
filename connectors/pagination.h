#pragma once

#include "http.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <functional>
#include <optional>

namespace cosmicdesk::connectors {

class RestClient;

// The request for the page after `page`, or nullopt when `page` was the last one; one function per
// pagination style of docs/wire-formats.md.
namespace next_page {
// Zendesk cursor pagination: follow links.next while meta.has_more.
std::optional<RestRequest> zendeskCursor(const nlohmann::json &page);
// Zendesk offset pagination (macros/active, search): follow next_page until it is null.
std::optional<RestRequest> zendeskOffset(const nlohmann::json &page);
// Zendesk incremental export: follow after_url until end_of_stream.
std::optional<RestRequest> zendeskIncremental(const nlohmann::json &page);
// Stripe lists (has_more + starting_after = the last item's id) and search (next_page).
std::optional<RestRequest> stripe(const nlohmann::json &page, const RestRequest &current);
// Salesforce SOQL: nextRecordsUrl until done.
std::optional<RestRequest> salesforce(const nlohmann::json &page);
} // namespace next_page

// Walks every page of a listing: asks for a page, hands it to onPage (false stops), follows the
// style's next request. A job object: progress while it runs, finished once, cancel() at any time.
class PageWalker final : public QObject
{
    Q_OBJECT

public:
    using Next = std::function<std::optional<RestRequest>(const nlohmann::json &page, const RestRequest &current)>;
    using OnPage = std::function<bool(const nlohmann::json &page)>;

    PageWalker(RestClient &client, RestRequest first, Next next, OnPage onPage, QObject *parent = nullptr);
    void start();
    void cancel();
    int pages() const { return m_pages; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int pages);
    void finished(const cosmicdesk::models::Result<void> &result);

private:
    void request(RestRequest r);
    void end(Result<void> result);

    RestClient &m_client;
    RestRequest m_first;
    Next m_next;
    OnPage m_onPage;
    quint64 m_callId = 0;
    int m_pages = 0;
    bool m_running = false;
};

} // namespace cosmicdesk::connectors
