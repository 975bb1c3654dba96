#pragma once

#include "result.h"

class QSqlDatabase;

namespace cosmicdesk::models::schema {

// The store's schema is a list of numbered migrations; PRAGMA user_version holds the last applied.
int latestVersion();

// Applies every migration above the file's version up to `target` (default: latest), each in its
// own transaction. A file newer than this build is refused and left untouched.
Result<int> migrate(QSqlDatabase &db, int target = -1);

Result<int> currentVersion(QSqlDatabase &db);

} // namespace cosmicdesk::models::schema
