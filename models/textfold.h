#pragma once

#include <QByteArray>
#include <QString>

#include <string>

namespace cosmicdesk::models {

// Folds text for matching with the engine's fold (triage::utf8::fold): lower case, accents and other
// marks removed, compatibility forms spelled plainly, control characters turned into spaces, UTF-8
// out. "Café ÉCLAIR" → "cafe eclair", "Trường" → "truong". The same fold is applied to queries and to
// the queue's search columns, so a query matches whatever way the ticket spelled it.
void appendFolded(std::string &out, const QString &text);
std::string foldText(const QString &text);

} // namespace cosmicdesk::models
