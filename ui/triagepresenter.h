#pragma once

#include <services/triageservice.h>

#include <QString>

namespace cosmicdesk::ui {

// The triage panel's text, made from the suggestion and the decisions alone so that it is tested
// without widgets. Every string from a ticket is escaped; colours come from theme.h.
class TriagePresenter
{
public:
    // "Suggested by the local engine 5 min ago · language en", and a note when the ticket changed since.
    static QString status(const services::TicketTriage &t, qint64 now);
    // The values beside each suggestion row (rich text).
    static QString priorityValue(const triage::Assessment &a);
    static QString teamValue(const triage::Assessment &a);
    static QString categoryValue(const triage::Assessment &a);
    static QString guardianValue(const triage::Assessment &a);    // "critical 79 / 100"
    static QString opportunityValue(const triage::Assessment &a); // "yes 70 / 100"
    // The latest decision on a field, in words (plain text); empty when none was made.
    static QString decision(const std::vector<models::TriageDecision> &decisions, models::TriageDecision::Field field, qint64 now);
    static QString tone(const triage::Assessment &a);
    // The tabs: why (the evidence of every head), Guardian, Opportunity, and the draft's header.
    static QString why(const triage::Assessment &a);
    static QString guardian(const triage::Assessment &a);
    static QString guardianTab(const triage::Assessment &a);
    static QString opportunity(const triage::Assessment &a);
    static QString opportunityTab(const triage::Assessment &a);
    static QString draftInfo(const triage::Assessment &a);
    // The reply to show: the agent's kept version if there is one, else the engine's.
    static QString draftText(const services::TicketTriage &t);
    // "charge_dispute" → "charge dispute"
    static QString labelText(const QString &label);
    // "just now", "5 min ago"
    static QString ago(qint64 when, qint64 now);
};

} // namespace cosmicdesk::ui
