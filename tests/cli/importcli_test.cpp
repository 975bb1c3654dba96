#include "../support/clirunner.h"

#include <models/reviewstore.h>
#include <models/ticketstore.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace cosmicdesk;
using testsupport::runCli;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256) : QByteArray();
}

} // namespace

class ImportCliTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // `import` and `triage` judge a file alike: the same suggestion for every ticket of the team's
    // evaluation set (history within the file included).
    void sameSuggestionsAsTriage()
    {
        const QString input = qEnvironmentVariable("COSMICDESK_SOURCE_DIR") + QStringLiteral("/tests/data/eval_tickets.csv");
        const QString workspace = m_dir.filePath(QStringLiteral("eval.cosmicdesk"));
        const auto imported =
            runCli({QStringLiteral("import"), QStringLiteral("--input"), input, QStringLiteral("--out"), workspace}, m_dir.path());
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY(imported.out.contains(QStringLiteral("Imported 256 tickets (csv)")));
        const QString out = m_dir.filePath(QStringLiteral("triaged"));
        const auto triaged = runCli({QStringLiteral("triage"), QStringLiteral("--input"), input, QStringLiteral("--out"), out,
                                     QStringLiteral("--no-drafts"), QStringLiteral("--quiet")},
                                    m_dir.path());
        QVERIFY2(triaged.code == 0, qPrintable(triaged.err));
        QFile results(out + QStringLiteral("/triage_results.jsonl"));
        QVERIFY(results.open(QIODevice::ReadOnly));
        QHash<QString, QJsonObject> bySource;
        for (const QByteArray &line : results.readAll().split('\n'))
            if (!line.trimmed().isEmpty()) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                bySource.insert(o.value(QLatin1String("ticket_id")).toString(), o);
            }
        QCOMPARE(bySource.size(), 256);
        auto store = models::TicketStore::open(workspace);
        QVERIFY(store.ok());
        int compared = 0;
        QVERIFY(models::ReviewStore(store.value()->db())
                    .forEachRow([&](const models::ReviewRow &row) {
                        const QJsonObject t = bySource.value(row.item.sourceId);
                        if (t.isEmpty())
                            return false;
                        ++compared;
                        return t.value(QLatin1String("priority")).toString() == row.priority.suggested &&
                               t.value(QLatin1String("team")).toString() == row.team.suggested &&
                               t.value(QLatin1String("category")).toString() == row.category &&
                               (t.value(QLatin1String("guardian")).toObject().value(QLatin1String("alert")).toBool()
                                    ? QStringLiteral("yes")
                                    : QStringLiteral("no")) == row.guardian.suggested;
                    })
                    .ok());
        QCOMPARE(compared, 256);
    }

    void malformedLine_exit2NamingIt_andTheWorkspaceStays()
    {
        const QString good =
            write(QStringLiteral("good.ndjson"), "{\"id\":1,\"subject\":\"Login fails\",\"description\":\"Since today.\"}\n");
        const QString workspace = m_dir.filePath(QStringLiteral("kept.cosmicdesk"));
        QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("--input"), good, QStringLiteral("--out"), workspace}, m_dir.path()).code,
                 0);
        const QByteArray before = fileHash(workspace);
        const QString bad = write(QStringLiteral("bad.ndjson"), "{\"id\":1,\"subject\":\"a\",\"description\":\"b\"}\n"
                                                                "{\"id\":2,\"subject\":\"c\",\"description\":\"d\"}\n"
                                                                "{\"id\":3,\"subject\": nope\n"
                                                                "{\"id\":4,\"subject\":\"e\",\"description\":\"f\"}\n");
        const auto stopped = runCli(
            {QStringLiteral("import"), QStringLiteral("--input"), bad, QStringLiteral("--out"), workspace, QStringLiteral("--replace")},
            m_dir.path());
        QCOMPARE(stopped.code, 2);
        QVERIFY2(stopped.err.contains(QStringLiteral("line 3")), qPrintable(stopped.err));
        QCOMPARE(fileHash(workspace), before);
        QVERIFY(!QFile::exists(workspace + QStringLiteral(".partial")));

        const auto skipped = runCli({QStringLiteral("import"), QStringLiteral("--input"), bad, QStringLiteral("--out"), workspace,
                                     QStringLiteral("--replace"), QStringLiteral("--on-error"), QStringLiteral("skip")},
                                    m_dir.path());
        QCOMPARE(skipped.code, 0);
        QVERIFY2(skipped.out.contains(QStringLiteral("Imported 3 tickets")) && skipped.out.contains(QStringLiteral("1 malformed rows")),
                 qPrintable(skipped.out));
        QVERIFY(skipped.err.contains(QStringLiteral("skipped line 3")));
    }

    void badUsage_isRefusedByName()
    {
        const QString csv = write(QStringLiteral("other.csv"), "Ref,Title,Details\nT-1,Site down,Offline since 8\n");
        const QString target = m_dir.filePath(QStringLiteral("never.cosmicdesk"));
        struct Case
        {
            QStringList args;
            QString message;
        };
        const Case cases[] = {
            {{QStringLiteral("--map"), QStringLiteral("subjet=Title")}, QStringLiteral("\"subjet\" is not a field")},
            {{QStringLiteral("--map"), QStringLiteral("subject=Titel")}, QStringLiteral("no column \"Titel\"")},
            {{QStringLiteral("--on-error"), QStringLiteral("ignore")}, QStringLiteral("--on-error is stop or skip")},
            {{}, QStringLiteral("no subject or description column")},
        };
        for (const Case &c : cases) {
            const auto r =
                runCli(QStringList{QStringLiteral("import"), QStringLiteral("--input"), csv, QStringLiteral("--out"), target} + c.args,
                       m_dir.path());
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(c.message), qPrintable(r.err));
            QVERIFY(!QFile::exists(target));
        }
        const auto mapped = runCli({QStringLiteral("import"), QStringLiteral("--input"), csv, QStringLiteral("--out"), target,
                                    QStringLiteral("--map"), QStringLiteral("ticket_id=Ref,subject=Title,description=Details")},
                                   m_dir.path());
        QVERIFY2(mapped.code == 0, qPrintable(mapped.err));
        // The same file, with the same map, through triage.
        const auto triaged =
            runCli({QStringLiteral("triage"), QStringLiteral("--input"), csv, QStringLiteral("--out"), m_dir.filePath(QStringLiteral("t")),
                    QStringLiteral("--map"), QStringLiteral("ticket_id=Ref,subject=Title,description=Details"), QStringLiteral("--quiet")},
                   m_dir.path());
        QVERIFY2(triaged.code == 0, qPrintable(triaged.err));
        // And an account's workspace is never replaced.
        const QString live = m_dir.filePath(QStringLiteral("live.cosmicdesk"));
        QVERIFY(models::TicketStore::open(live).ok());
        const QByteArray before = fileHash(live);
        const auto refused = runCli({QStringLiteral("import"), QStringLiteral("--input"), csv, QStringLiteral("--out"), live,
                                     QStringLiteral("--replace"), QStringLiteral("--map"), QStringLiteral("subject=Title")},
                                    m_dir.path());
        QCOMPARE(refused.code, 2);
        QVERIFY(refused.err.contains(QStringLiteral("not a review workspace")));
        QCOMPARE(fileHash(live), before);
    }
};

QTEST_GUILESS_MAIN(ImportCliTest)
#include "importcli_test.moc"
