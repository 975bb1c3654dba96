#include "labelledexport.h"

#include <models/csvwriter.h>
#include <models/sqlconnection.h>

#include <QDateTime>
#include <QSaveFile>
#include <QSqlQuery>
#include <QVariant>

namespace cosmicdesk::sandbox {

using models::CsvWriter;

models::Result<qint64> LabelledExport::write(const QString &workspacePath, const QString &csvPath)
{
    auto conn = models::SqlConnection::open(workspacePath, models::SqlConnection::Mode::ReadOnly);
    if (!conn.ok())
        return conn.error();
    QSqlQuery q(conn.value().db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT t.id, o.name, t.subject, t.description, coalesce(t.priority, CAST(substr(d.priority, 2) AS INTEGER)), t.channel,"
            " t.created_at, o.mrr_cents, d.team, d.category, d.tone, d.churn, d.opportunity, u.name"
            " FROM tickets t JOIN demo_truth d ON d.ticket_id = t.id LEFT JOIN organizations o ON o.id = t.organization_id"
            " LEFT JOIN users u ON u.id = t.requester_id ORDER BY t.id")))
        return models::sqlError(QStringLiteral("reading the demo tickets (is this a demo workspace?)"), q);
    static const char *const kChannels[] = {"email", "web", "chat", "phone", "api", "other"};
    std::string out = CsvWriter::row({"ticket_id", "customer_name", "subject", "description", "actual_priority", "channel", "timestamp",
                                      "mrr", "team", "category", "tone", "guardian", "opportunity", "first_name", "requester_name"});
    qint64 rows = 0;
    while (q.next()) {
        const int channel = std::clamp(q.value(5).toInt(), 0, 5);
        const QString first = q.value(13).toString().section(QLatin1Char(' '), 0, 0);
        const bool guardian = q.value(11).toInt() != 0 || q.value(10).toString() == QLatin1String("aggressive");
        out += CsvWriter::row(
            {"#" + q.value(0).toString().toStdString(), q.value(1).toString().toStdString(), q.value(2).toString().toStdString(),
             q.value(3).toString().toStdString(), "P" + std::to_string(q.value(4).toInt()), kChannels[channel],
             QDateTime::fromSecsSinceEpoch(q.value(6).toLongLong(), Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString(),
             std::to_string(q.value(7).toLongLong() / 100), q.value(8).toString().toStdString(), q.value(9).toString().toStdString(),
             q.value(10).toString().toStdString(), guardian ? "yes" : "no", q.value(12).toInt() ? "yes" : "no", first.toStdString(),
             q.value(13).toString().toStdString()});
        ++rows;
    }
    QSaveFile f(csvPath);
    if (!f.open(QIODevice::WriteOnly) || f.write(out.data(), static_cast<qint64>(out.size())) < 0 || !f.commit())
        return models::Error::make(models::Error::Kind::Storage, QStringLiteral("Cannot write %1: %2").arg(csvPath, f.errorString()));
    return rows;
}

} // namespace cosmicdesk::sandbox
