// The include rules of docs/architecture.md ("Who may include whom"), checked over the source tree:
// the same rules as the shared check-layers tool, kept in the project's own suite.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

namespace {

// triage <- models <- connectors, sandbox <- services <- ui <- cli <- app (docs/architecture.md).
const QStringList kLayers{QStringLiteral("triage"),   QStringLiteral("models"), QStringLiteral("connectors"), QStringLiteral("sandbox"),
                          QStringLiteral("services"), QStringLiteral("ui"),     QStringLiteral("cli"),        QStringLiteral("app")};

const std::map<QString, std::set<QString>> kAllowed{
    {QStringLiteral("triage"), {}},
    {QStringLiteral("models"), {QStringLiteral("triage")}},
    {QStringLiteral("connectors"), {QStringLiteral("models"), QStringLiteral("triage")}},
    {QStringLiteral("sandbox"), {QStringLiteral("models"), QStringLiteral("triage")}},
    {QStringLiteral("services"), {QStringLiteral("connectors"), QStringLiteral("models"), QStringLiteral("triage")}},
    {QStringLiteral("ui"), {QStringLiteral("services"), QStringLiteral("models"), QStringLiteral("triage")}},
    {QStringLiteral("cli"),
     {QStringLiteral("ui"), QStringLiteral("services"), QStringLiteral("connectors"), QStringLiteral("sandbox"), QStringLiteral("models"),
      QStringLiteral("triage")}},
    {QStringLiteral("app"),
     {QStringLiteral("ui"), QStringLiteral("cli"), QStringLiteral("services"), QStringLiteral("connectors"), QStringLiteral("sandbox"),
      QStringLiteral("models"), QStringLiteral("triage")}},
};

const std::map<QString, QRegularExpression> kForbiddenSystem{
    {QStringLiteral("triage"), QRegularExpression(QStringLiteral("^<Q|^<qt|^<QtCore|^<QtGui|^<QtWidgets|^<QtNetwork|^<QtSql"))},
    {QStringLiteral("models"), QRegularExpression(QStringLiteral("^<(QNetwork|QtNetwork|QWidget|QtWidgets|QHttpServer)"))},
    {QStringLiteral("ui"),
     QRegularExpression(QStringLiteral("^<(QNetworkAccessManager|QNetworkReply|QNetworkRequest|QSqlQuery|QSqlDatabase)"))},
    {QStringLiteral("connectors"), QRegularExpression(QStringLiteral("^<(QWidget|QtWidgets|QMainWindow|QDialog)"))},
    {QStringLiteral("services"),
     QRegularExpression(QStringLiteral("^<(QWidget|QtWidgets|QMainWindow|QDialog|QApplication|QAction|QMessageBox)"))},
};

struct Violation
{
    QString where, what;
};

QString sourceRoot()
{
    return qEnvironmentVariable("COSMICDESK_SOURCE_DIR");
}

std::vector<Violation> scan(const QString &root)
{
    // Which layers own a header of a given file name (for quoted includes without a folder).
    std::map<QString, std::set<QString>> owners;
    for (const QString &layer : kLayers) {
        QDirIterator it(root + QLatin1Char('/') + layer, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            owners[it.fileName()].insert(layer);
        }
    }
    const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s*([<\"][^>\"]+[>\"])"));
    const QStringList suffixes{QStringLiteral("h"), QStringLiteral("hpp"), QStringLiteral("cpp"), QStringLiteral("cc"),
                               QStringLiteral("cxx")};
    std::vector<Violation> bad;
    for (const QString &layer : kLayers) {
        QDirIterator it(root + QLatin1Char('/') + layer, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!suffixes.contains(it.fileInfo().suffix()))
                continue;
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
                continue;
            int n = 0;
            while (!f.atEnd()) {
                ++n;
                const QString line = QString::fromUtf8(f.readLine());
                const auto m = include.match(line);
                if (!m.hasMatch())
                    continue;
                const QString target = m.captured(1);
                const QString name = target.mid(1, target.size() - 2);
                const QString where = QStringLiteral("%1:%2").arg(path.mid(root.size() + 1)).arg(n);
                if (target.startsWith(QLatin1Char('<'))) {
                    auto sys = kForbiddenSystem.find(layer);
                    if (sys != kForbiddenSystem.end() && sys->second.match(target).hasMatch()) {
                        bad.push_back({where, QStringLiteral("%1 must not include %2").arg(layer, target)});
                        continue;
                    }
                }
                std::set<QString> from;
                const QString first = name.section(QLatin1Char('/'), 0, 0);
                if (kLayers.contains(first))
                    from = {first};
                else if (!name.contains(QLatin1Char('/')) && owners.count(name))
                    from = owners[name];
                for (const QString &owner : from)
                    if (owner != layer && !kAllowed.at(layer).count(owner))
                        bad.push_back({where, QStringLiteral("%1 -> %2 (%3)").arg(layer, owner, target)});
            }
        }
    }
    return bad;
}

} // namespace

class LayeringTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void includes_followTheLayers()
    {
        const QString root = sourceRoot();
        QVERIFY2(QFile::exists(root + QStringLiteral("/triage")), "COSMICDESK_SOURCE_DIR must point at the project");
        const auto bad = scan(root);
        QStringList lines;
        for (const auto &v : bad)
            lines << v.where + QStringLiteral(": ") + v.what;
        QVERIFY2(bad.empty(), qPrintable(lines.join(QLatin1Char('\n'))));
    }

    void theCheck_catchesAViolation()
    {
        // A checker that finds nothing in a tree built to break the rules would be worthless.
        QTemporaryDir dir;
        for (const QString &layer : kLayers)
            QDir(dir.path()).mkpath(layer);
        auto write = [&](const QString &rel, const QByteArray &text) {
            QFile f(dir.path() + QLatin1Char('/') + rel);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("triage/engine.cpp"), "#include <QString>\n#include <models/ticket.h>\n");
        write(QStringLiteral("models/ticket.h"), "#pragma once\n#include \"mainwindow.h\"\n");
        write(QStringLiteral("ui/mainwindow.h"), "#include <QSqlQuery>\n#include <app/workstation.h>\n");
        write(QStringLiteral("services/sync.h"), "#include <QWidget>\n#include <sandbox/sandboxhost.h>\n#include <ui/theme.h>\n");
        const auto bad = scan(dir.path());
        QStringList what;
        for (const auto &v : bad)
            what << v.what;
        QVERIFY2(what.contains(QStringLiteral("triage must not include <QString>")), qPrintable(what.join(QLatin1Char('\n'))));
        QVERIFY(what.contains(QStringLiteral("triage -> models (<models/ticket.h>)")));
        QVERIFY(what.contains(QStringLiteral("models -> ui (\"mainwindow.h\")")));
        QVERIFY(what.contains(QStringLiteral("ui must not include <QSqlQuery>")));
        QVERIFY(what.contains(QStringLiteral("ui -> app (<app/workstation.h>)")));
        QVERIFY(what.contains(QStringLiteral("services must not include <QWidget>")));
        QVERIFY(what.contains(QStringLiteral("services -> sandbox (<sandbox/sandboxhost.h>)")));
        QVERIFY(what.contains(QStringLiteral("services -> ui (<ui/theme.h>)")));
        QVERIFY2(bad.size() == std::size_t(8), qPrintable(what.join(QLatin1Char('\n'))));
    }
};

QTEST_APPLESS_MAIN(LayeringTest)
#include "layering_test.moc"
