#pragma once

#include "customerviewservice.h"

#include <sandbox/customerfakes.h>

#include <QString>

namespace cosmicdesk::app {

// The customer view's sources pointed at the sandbox (every system on one loopback address) with
// the sandbox's credentials, and the shop's orders read from the demo workspace's own tables.
CustomerViewService::Sources sandboxCustomerSources(const QString &baseUrl, const sandbox::CustomerFakeOptions &credentials,
                                                    const QString &ordersSqlitePath);

} // namespace cosmicdesk::app
