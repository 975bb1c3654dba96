#pragma once

#include <QList>
#include <QObject>

#include <chrono>
#include <deque>
#include <memory>

class QTimer;

namespace cosmicdesk::services {

class CustomerViewService;
class StoreThread;

// What the consolidated records lack of the customer's other systems, fetched in the background at a
// bounded rate: requesters of recent tickets without any cached customer data are loaded one at a
// time through a customer view of their own (Salesforce, Stripe, the orders database, the carriers;
// the same clients, caps and cache as the agent's view), at most one every `interval`. The cache it
// fills makes the lake's next scan build a new version of those tickets' records.
class CustomerPrefetch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerPrefetch)

public:
    struct Options
    {
        std::chrono::milliseconds interval{std::chrono::seconds(2)};        // at most one requester per interval
        std::chrono::milliseconds sectionTimeout{std::chrono::seconds(20)}; // give up on a view that never settles
        int batch = 50;                                                     // requesters looked up per refill
    };

    // `view` is a customer view service of its own (not the agent's), made by the composition root.
    CustomerPrefetch(QString workspacePath, std::unique_ptr<CustomerViewService> view, Options options, QObject *parent = nullptr);
    ~CustomerPrefetch() override;

    void start();
    qint64 fetched() const { return m_fetched; }

Q_SIGNALS:
    void requesterFetched(qint64 ticketId);

private:
    void refill();
    void next();
    void settledOrTimedOut();

    std::unique_ptr<StoreThread> m_thread;
    std::unique_ptr<CustomerViewService> m_view;
    Options m_options;
    QTimer *m_pace;
    QTimer *m_timeout;
    std::deque<qint64> m_todo; // tickets, one per requester
    qint64 m_current = 0;
    bool m_refilling = false;
    qint64 m_fetched = 0;
};

} // namespace cosmicdesk::services
