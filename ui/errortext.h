#pragma once

#include <models/error.h>

#include <QString>

namespace cosmicdesk::ui {

// What an error means to the person at the desk, in one sentence: the one place error kinds become
// words. `who` names the system that answered ("acme.zendesk.com", "Stripe"); `credentials` what it
// was given ("the e-mail and API token").
QString errorSentence(const models::Error &error, const QString &who, const QString &credentials = {});

} // namespace cosmicdesk::ui
