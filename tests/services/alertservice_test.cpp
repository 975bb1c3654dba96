// Guardian and Opportunity alerts from the real triage engine on a demo workspace, through the outbox
// over real HTTP to the SendGrid and Slack stand-ins: the key account manager gets the Guardian mail
// with the evidence and the account's context, sales the Opportunity one; one alert per ticket, kind,
// level and channel; beyond the hourly cap kept as suppressed and never sent.
#include <connectors/notifyclients.h>
#include <models/alertstore.h>
#include <models/ticketstore.h>
#include <sandbox/httpsandbox.h>
#include <sandbox/notifyfakes.h>
#include <services/alertdestinations.h>
#include <services/alertservice.h>
#include <services/outboxworker.h>
#include <services/triageloader.h>
#include <services/triageservice.h>
#include <support/testworkspace.h>

#include <QSqlQuery>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace cosmicdesk;

class AlertServiceTest : public QObject
{
    Q_OBJECT

    static qint64 waiting(models::TicketStore &store)
    {
        QSqlQuery q(store.db());
        return q.exec(QStringLiteral("SELECT count(*) FROM outbox WHERE destination IN ('sendgrid', 'slack') AND state IN (0, 1)")) &&
                       q.next()
                   ? q.value(0).toLongLong()
                   : -1;
    }

private Q_SLOTS:
    void alertsReachTheRightPeople_onceEach_cappedPerHour()
    {
        testsupport::TestWorkspace ws(800, 31);
        QVERIFY2(ws.isValid(), qPrintable(ws.error()));
        auto opened = models::TicketStore::open(ws.path());
        QVERIFY(opened.ok());
        auto &store = *opened.value();
        sandbox::HttpSandbox server(4);
        sandbox::NotifyFakes fakes(server, sandbox::NotifyFakeOptions{});
        QVERIFY(server.start() != 0);
        const QString url = server.baseUrl();
        const QString hook = sandbox::NotifyFakeOptions{}.slackHooks.front();

        services::OutboxWorker::Options wo;
        wo.backoffBase = std::chrono::milliseconds(50);
        wo.statusInterval = std::chrono::milliseconds(50);
        services::OutboxWorker worker(ws.path(), wo);
        worker.addDestination([url] {
            connectors::RestClient::Options ro;
            ro.baseUrl = QUrl(url);
            ro.maxAttempts = 1;
            return std::make_unique<services::SendGridDestination>(
                std::make_unique<connectors::SendGridClient>(ro, sandbox::NotifyFakeOptions{}.sendGridKey));
        });
        worker.addDestination([url, hook] {
            connectors::RestClient::Options ro;
            ro.baseUrl = QUrl(url);
            ro.maxAttempts = 1;
            return std::make_unique<services::SlackDestination>(std::make_unique<connectors::SlackWebhookClient>(ro), QUrl(url + hook));
        });
        worker.start();

        services::TriageService triage(store, QStringLiteral("Rosa Delgado"), [] { return services::loadEngine({}); });
        services::AlertSettings settings;
        settings.email = true;
        settings.slack = true;
        settings.salesEmail = QStringLiteral("sales@cosmic.example");
        settings.guardianFallbackEmail = QStringLiteral("leads@cosmic.example");
        settings.capPerHour = 6;
        settings.recentSecs = qint64(20) * 365 * 86400; // the generated world's tickets are all "recent"
        services::AlertService alerts(ws.path(), triage, settings);
        alerts.setOutboxWake([&worker] { worker.wake(); });
        triage.start();
        QVERIFY(QTest::qWaitFor([&] { return triage.state() == services::TriageService::State::Idle; }, 240000));
        // The alerts come from the tickets that call for one; wait until they are raised and delivered.
        QVERIFY2(QTest::qWaitFor([&] { return alerts.raised() >= 6; }, 60000), "no alerts were raised");
        QTest::qWait(1500); // the last compositions
        QVERIFY(QTest::qWaitFor([&] { return waiting(store) == 0; }, 60000));

        auto all = models::AlertStore(store.db()).recent(10000);
        QVERIFY(all.ok());
        int sent = 0, suppressed = 0, emailsSent = 0, slackSent = 0;
        QSet<QString> keys;
        for (const auto &a : all.value()) {
            const QString key = QStringLiteral("%1/%2/%3/%4").arg(a.ticketId).arg(a.kind, a.level, a.channel);
            QVERIFY2(!keys.contains(key), qPrintable(key)); // once per ticket, kind, level and channel
            keys.insert(key);
            if (a.state == u"sent") {
                ++sent;
                (a.channel == u"email" ? emailsSent : slackSent)++;
            } else if (a.state == u"suppressed") {
                ++suppressed;
                QVERIFY(a.reason.contains(QStringLiteral("cap is 6")));
                QCOMPARE(a.outboxId, qint64(0));
            } else {
                QFAIL(qPrintable(QStringLiteral("alert %1 is %2: %3").arg(a.id).arg(a.state, a.reason)));
            }
        }
        QCOMPARE(sent, 6); // the cap
        QVERIFY2(suppressed > 0, "the world has more tickets to alert about than the cap: some must be suppressed");
        QCOMPARE(int(fakes.mails().size()), emailsSent);
        QCOMPARE(int(fakes.slackPosts().size()), slackSent);

        // Each mail: to the account's key account manager (Guardian) or sales (Opportunity), with the evidence.
        for (const auto &mail : fakes.mails()) {
            const auto &p = mail.body["personalizations"][0];
            const QString to = QString::fromStdString(p["to"][0]["email"].get<std::string>());
            const QString subject = QString::fromStdString(mail.body.value("subject", p.value("subject", std::string())));
            QString text;
            for (const auto &c : mail.body["content"])
                if (c["type"] == "text/plain")
                    text = QString::fromStdString(c["value"].get<std::string>());
            QVERIFY(!QString::fromStdString(p["custom_args"]["outbox_id"].get<std::string>()).isEmpty());
            const qint64 ticket = subject.section(u'#', -1).toLongLong();
            QVERIFY2(ticket > 0, qPrintable(subject));
            QSqlQuery q(store.db());
            q.prepare(
                QStringLiteral("SELECT o.kam_email, t.subject, o.name FROM tickets t LEFT JOIN organizations o ON o.id = t.organization_id"
                               " WHERE t.id = ?"));
            q.addBindValue(ticket);
            QVERIFY(q.exec() && q.next());
            if (subject.startsWith(QStringLiteral("[Guardian"))) {
                const QString kam = q.value(0).toString();
                QCOMPARE(to, kam.isEmpty() ? settings.guardianFallbackEmail : kam);
                QVERIFY2(text.contains(QStringLiteral("Why Guardian flagged it:")), qPrintable(text));
            } else {
                QCOMPARE(to, settings.salesEmail);
                QVERIFY2(text.contains(QStringLiteral("Signals in the ticket:")), qPrintable(text));
            }
            QVERIFY2(text.contains(q.value(1).toString()), qPrintable(text)); // the ticket's subject
            if (!q.value(2).toString().isEmpty())
                QVERIFY2(text.contains(q.value(2).toString()), qPrintable(text)); // the account
        }
        for (const auto &post : fakes.slackPosts()) {
            QVERIFY(post.body.contains("text"));
            QVERIFY(post.body["blocks"][0]["text"]["type"] == "mrkdwn");
        }

        // The same tickets judged again: nothing new is raised or sent.
        const qint64 before = models::AlertStore(store.db()).count().value();
        QList<qint64> ids;
        for (const auto &a : all.value())
            ids << a.ticketId;
        alerts.consider(ids);
        QTest::qWait(2000);
        QCOMPARE(models::AlertStore(store.db()).count().value(), before);
        QCOMPARE(int(fakes.mails().size()), emailsSent);
    }
};

QTEST_GUILESS_MAIN(AlertServiceTest)
#include "alertservice_test.moc"
