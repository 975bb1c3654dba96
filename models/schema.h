#pragma once

#include "result.h"

class QSqlDatabase;
class QString;

namespace cosmicdesk::models::schema {

// The store's schema is a list of numbered migrations; PRAGMA user_version holds the last applied.
int latestVersion();

// PRAGMA application_id of every CosmicDesk workspace ("CoDk"); migrate() sets it.
inline constexpr int kApplicationId = 0x436F446B;

// Whether the open file is a CosmicDesk workspace: it carries kApplicationId, or it is one made
// before the id existed (application id 0, a schema version and the store's tables). Anything else
// (another program's database, an empty one) is refused with a Config error naming the file;
// nothing is written. A file the caller has just made is not asked.
Result<void> checkIdentity(QSqlDatabase &db, const QString &fileName);

// Applies every migration above the file's version up to `target` (default: latest) and stamps
// kApplicationId, all in one transaction: a failure leaves the file as it was. A file newer than
// this build is refused and left untouched.
Result<int> migrate(QSqlDatabase &db, int target = -1);

Result<int> currentVersion(QSqlDatabase &db);

} // namespace cosmicdesk::models::schema
