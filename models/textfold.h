#pragma once

#include <QByteArray>
#include <QString>

#include <string>

namespace cosmicdesk::models {

// Folds text for matching: lower case (Unicode-aware), accents removed, control characters turned
// into spaces, UTF-8 out. "Café ÉCLAIR" → "cafe eclair". The same fold is applied to queries and to
// the queue's search columns, so a query matches whatever way the ticket spelled it.
void appendFolded(std::string &out, const QString &text);
std::string foldText(const QString &text);

} // namespace cosmicdesk::models
