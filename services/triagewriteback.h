#pragma once

#include <models/result.h>
#include <models/ticketchange.h>
#include <models/triagestore.h>

#include <QString>

#include <map>

namespace cosmicdesk::services {

// Where an agent's decisions on triage suggestions go in Zendesk (kept in the settings): which
// Zendesk group each of the profile's teams is, and which custom fields hold the Guardian risk and
// the Opportunity intent. Nothing is guessed: a team without a group, or a field without an id, is
// not sent.
struct TriageWriteBack
{
    std::map<QString, qint64> teamGroups; // the profile's team name → Zendesk group id
    qint64 guardianFieldId = 0;           // receives the Guardian level: none, watch, alert, critical
    qint64 opportunityFieldId = 0;        // receives the Opportunity intent (the signals), cleared on "no"

    qint64 groupOf(const QString &team) const;
    friend bool operator==(const TriageWriteBack &, const TriageWriteBack &) = default;
};

// "charge_dispute" → "category_charge_dispute": the tag a category decision sets (the same the batch
// triage's zendesk_api_calls.json carries).
QString categoryTag(const QString &category);

// The Zendesk change that carries one decision:
//   priority    → priority (P0 urgent, P1 high, P2 normal, P3 low)
//   team        → group_id from the team→group mapping
//   category    → the chosen category's tag added, the suggested one's removed when overridden
//   guardian    → the Guardian field set to the chosen level
//   opportunity → the Opportunity field set to the intent ("yes": the signals' names, or "yes" when
//                 the engine named none; "no": cleared)
// A Config error, in words for the agent, when the mapping lacks what the decision needs; a draft
// decision changes nothing in Zendesk (the composer sends replies).
models::Result<models::TicketChange> changeForDecision(const TriageWriteBack &config, const models::TriageDecision &decision,
                                                       const QString &opportunityIntent = {});

} // namespace cosmicdesk::services
