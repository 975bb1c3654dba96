#pragma once

#include <models/result.h>

#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

class QThread;

namespace cosmicdesk::connectors {
class AuthProvider;
}
namespace cosmicdesk::models {
class TicketStore;
}

namespace cosmicdesk::services {

// Keeps the workspace in step with Zendesk: a first full sync through the incremental cursor export,
// then an incremental run every interval. Each page (tickets with their users, organizations and
// groups) is written in one transaction together with the cursor that follows it, so a process
// killed mid-page resumes at the last written page: nothing lost, nothing twice. Runs on its own
// thread with its own connection; the main store announces each page (ticketsChanged), which is
// what the queue and triage follow.
//
// A run that stops advancing ends with a BadPayload error instead of looping: a page without a cursor
// or with a cursor already seen in this run while end_of_stream is false, or kMaxIdlePages pages in a
// row that bring no ticket new to the run. Nothing of such a page is written; the stored cursor stays
// at the last page that made progress. ticketsThisRun() counts distinct tickets.
class ZendeskSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZendeskSync)

public:
    enum class State { Stopped, FullSync, Incremental, Idle, Failed };
    Q_ENUM(State)

    struct Options
    {
        QUrl baseUrl;
        // Made on the sync thread (an OAuth provider is a QObject that lives there).
        std::function<std::shared_ptr<connectors::AuthProvider>()> auth;
        int perPage = 1000;
        std::chrono::seconds interval{60}; // between runs; at least 6 s
        // Between the starts of two export requests, within a run and across runs: Zendesk allows the
        // incremental export 10 requests a minute. The demo and the tests, against the sandbox, pass 0.
        std::chrono::milliseconds pageInterval{6000};
        qint64 startTime = 0; // where a first sync starts (Unix seconds)
        std::chrono::milliseconds timeout{30000};
        int maxAttempts = 6;
        std::chrono::milliseconds backoffBase{1000};
        bool repeat = true; // false: one run, then Idle (the CLI)
    };
    static constexpr auto kCursorKey = "zendesk.cursor";
    static constexpr auto kSyncedAtKey = "zendesk.synced_at";
    static constexpr int kMaxIdlePages = 3;

    ZendeskSync(models::TicketStore &store, Options options, QObject *parent = nullptr);
    ~ZendeskSync() override;

    void start();   // a run now, then one every interval
    void syncNow(); // an extra run now (ignored while one is running)
    void cancel();  // ends the running run after its current page; the cursor stays at the last written page
    void stop();    // cancel and no more runs

    State state() const { return m_state; }
    bool isFirstSync() const { return m_firstSync; }
    qint64 ticketsThisRun() const { return m_tickets; }
    int pagesThisRun() const { return m_pages; }
    // 0 … 1 of the run: how far the pages' newest timestamp has come from the first page's oldest
    // ticket towards the time the run started.
    double fraction() const { return m_fraction; }
    models::Error lastError() const { return m_error; }
    qint64 lastSyncedAt() const { return m_lastSyncedAt; }

Q_SIGNALS:
    void stateChanged(cosmicdesk::services::ZendeskSync::State state);
    void progress(qint64 tickets, int pages, double fraction);
    void runFinished(const cosmicdesk::models::Result<void> &result);

private:
    class Worker;
    friend class Worker;
    void setState(State s);

    models::TicketStore &m_store;
    QThread *m_thread;
    Worker *m_worker;
    State m_state = State::Stopped;
    bool m_firstSync = false;
    qint64 m_tickets = 0;
    int m_pages = 0;
    double m_fraction = 0;
    models::Error m_error;
    qint64 m_lastSyncedAt = 0;
};

} // namespace cosmicdesk::services
