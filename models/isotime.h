#pragma once

#include <QString>
#include <QStringView>

#include <string_view>

namespace cosmicdesk::models {

// ISO 8601 date-times as the remote systems and exports write them, to Unix seconds; 0 when the text
// is not one. Accepted: "2024-05-02T08:14:03Z" (fast path), fractions of a second, offsets as
// "+02:00" or "+0200" (Salesforce), a space instead of the T, no seconds, a date alone. A time
// without an offset is read as UTC (exports and carriers that give none are compared as written).
qint64 parseIsoTime(QStringView text);
qint64 parseIsoTime(std::string_view utf8); // the same for UTF-8, without a copy for the fast path

} // namespace cosmicdesk::models
