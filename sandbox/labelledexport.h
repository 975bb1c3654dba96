#pragma once

#include <models/result.h>

#include <QString>

namespace cosmicdesk::sandbox {

// Writes a demo workspace's tickets as a labelled CSV in the seed format (ticket_id, customer_name,
// subject, description, actual_priority, channel, timestamp, mrr) plus what the generator knows:
// team, category, tone, guardian (churn language or an aggressive tone) and opportunity. It is the
// training data of the shipped triage models (resources/models/README.md).
class LabelledExport
{
public:
    static models::Result<qint64> write(const QString &workspacePath, const QString &csvPath);
};

} // namespace cosmicdesk::sandbox
