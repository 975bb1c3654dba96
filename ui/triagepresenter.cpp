#include "triagepresenter.h"

#include "theme.h"

#include <models/slapolicy.h>

#include <QCoreApplication>

#include <cmath>

namespace cosmicdesk::ui {

using models::TriageDecision;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TriagePanel", text);
}

QString esc(const std::string &s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString esc(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).toHtmlEscaped();
}

QString percent(double p)
{
    return QStringLiteral("%1%").arg(static_cast<int>(std::lround(p * 100.0)));
}

QString muted(const QString &html)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(theme::muted().name(), html);
}

QString mutedParagraph(const QString &html)
{
    return QStringLiteral("<p style='color:%1'>%2</p>").arg(theme::muted().name(), html);
}

QString sourceText(triage::EvidenceSource source)
{
    switch (source) {
    case triage::EvidenceSource::Subject: return tr("subject");
    case triage::EvidenceSource::Body: return tr("message");
    case triage::EvidenceSource::Rule: return tr("rule");
    case triage::EvidenceSource::Account: return tr("account");
    }
    return {};
}

// A table of evidence: the phrase (quoted when it is the ticket's own words), where it was found,
// and how much it moved the suggestion.
QString evidenceTable(const std::vector<triage::Evidence> &evidence, std::size_t limit)
{
    if (evidence.empty())
        return mutedParagraph(tr("No single phrase stood out."));
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    for (std::size_t i = 0; i < evidence.size() && i < limit; ++i) {
        const auto &e = evidence[i];
        const QString text = triage::isTextSource(e.source) ? QStringLiteral("“%1”").arg(esc(e.text)) : esc(e.text);
        const QString weight = QStringLiteral("%1%2").arg(e.weight >= 0 ? QStringLiteral("+") : QString()).arg(e.weight, 0, 'f', 2);
        html += QStringLiteral("<tr><td>%1</td><td style='color:%2;padding-left:8px'>%3</td>"
                               "<td align='right' style='padding-left:8px'>%4</td></tr>")
                    .arg(text, theme::muted().name(), sourceText(e.source), weight);
    }
    return html + QStringLiteral("</table>");
}

QString categoryLabel(const std::string &label)
{
    return TriagePresenter::labelText(QString::fromStdString(label)).toHtmlEscaped();
}

} // namespace

QString TriagePresenter::labelText(const QString &label)
{
    QString t = label;
    t.replace(QLatin1Char('_'), QLatin1Char(' '));
    return t;
}

QString TriagePresenter::ago(qint64 when, qint64 now)
{
    const qint64 s = now - when;
    if (s < 60)
        return tr("just now");
    return tr("%1 ago").arg(models::formatDuration(s));
}

QString TriagePresenter::status(const services::TicketTriage &t, qint64 now)
{
    if (!t.record)
        return {};
    QString s = tr("Suggested by the local engine %1 · language %2").arg(ago(t.record->triagedAt, now), esc(t.record->assessment.language));
    if (!t.current)
        s += tr(" · the ticket changed since: a new suggestion is on its way");
    return s;
}

QString TriagePresenter::priorityValue(const triage::Assessment &a)
{
    const int p = static_cast<int>(a.priority.priority);
    return QStringLiteral("<b style='color:%1'>P%2</b> &nbsp;%3 &nbsp;%4")
        .arg(theme::priorityColor(p).name())
        .arg(p)
        .arg(percent(a.priority.confidence), muted(esc(a.priority.why)));
}

QString TriagePresenter::teamValue(const triage::Assessment &a)
{
    return QStringLiteral("<b>%1</b> &nbsp;%2").arg(esc(a.team.label), percent(a.team.confidence));
}

QString TriagePresenter::categoryValue(const triage::Assessment &a)
{
    return QStringLiteral("<b>%1</b> &nbsp;%2").arg(categoryLabel(a.category.label), percent(a.category.confidence));
}

QString TriagePresenter::guardianValue(const triage::Assessment &a)
{
    const int level = static_cast<int>(a.guardian.level);
    const QString name = esc(triage::guardianLevelName(a.guardian.level));
    return QStringLiteral("<b style='color:%1'>%2</b> &nbsp;%3 / 100")
        .arg(level > 0 ? theme::guardianColor(level).name() : theme::muted().name(), name)
        .arg(a.guardian.score);
}

QString TriagePresenter::opportunityValue(const triage::Assessment &a)
{
    if (a.opportunity.alert)
        return QStringLiteral("<b style='color:%1'>%2</b> &nbsp;%3 / 100")
            .arg(theme::opportunityColor().name(), tr("yes"))
            .arg(a.opportunity.score);
    return QStringLiteral("<b>%1</b> &nbsp;%2 / 100").arg(tr("no")).arg(a.opportunity.score);
}

QString TriagePresenter::decision(const std::vector<TriageDecision> &decisions, TriageDecision::Field field, qint64 now)
{
    const bool category = field == TriageDecision::Field::Category;
    for (const TriageDecision &d : decisions) { // newest first
        if (d.field != field)
            continue;
        if (d.accepted())
            return tr("✓ accepted by %1 %2").arg(d.agent, ago(d.decidedAt, now));
        return tr("✎ set to %1 by %2 %3 (suggested %4)")
            .arg(category ? labelText(d.chosen) : d.chosen, d.agent, ago(d.decidedAt, now),
                 category ? labelText(d.suggested) : d.suggested);
    }
    return {};
}

QString TriagePresenter::tone(const triage::Assessment &a)
{
    return QStringLiteral("<b>%1</b> %2")
        .arg(esc(triage::sentimentName(a.sentiment.label)), muted(QStringLiteral("(%1)").arg(a.sentiment.compound, 0, 'f', 2)));
}

QString TriagePresenter::why(const triage::Assessment &a)
{
    const int p = static_cast<int>(a.priority.priority);
    QString html = QStringLiteral("<p><b>%1</b> — %2</p>").arg(tr("Priority P%1").arg(p), esc(a.priority.why));
    QStringList probs;
    for (triage::Priority pr : triage::kAllPriorities)
        probs << QStringLiteral("P%1 %2").arg(static_cast<int>(pr)).arg(percent(a.priority.probabilities[static_cast<std::size_t>(pr)]));
    html += mutedParagraph(probs.join(QStringLiteral(" · ")));
    html += evidenceTable(a.priority.evidence, 8);
    html += QStringLiteral("<p><b>%1</b> %2 — %3</p>").arg(tr("Team"), esc(a.team.label), percent(a.team.confidence));
    html += evidenceTable(a.team.evidence, 5);
    html += QStringLiteral("<p><b>%1</b> %2 — %3</p>").arg(tr("Category"), categoryLabel(a.category.label), percent(a.category.confidence));
    html += evidenceTable(a.category.evidence, 5);
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Tone"), esc(triage::sentimentName(a.sentiment.label)));
    html += evidenceTable(a.sentiment.evidence, 6);
    return html;
}

QString TriagePresenter::guardian(const triage::Assessment &a)
{
    const int level = static_cast<int>(a.guardian.level); // 0 none … 3 critical
    const QString levelColor = level > 0 ? theme::guardianColor(level).name() : theme::muted().name();
    QString html = QStringLiteral("<p><span style='font-size:large;color:%1'><b>%2</b></span> / 100 &nbsp; <b style='color:%1'>%3</b></p>")
                       .arg(levelColor)
                       .arg(a.guardian.score)
                       .arg(esc(triage::guardianLevelName(a.guardian.level)));
    if (!a.guardian.action.empty())
        html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Recommended:"), esc(a.guardian.action));
    if (a.guardian.reasons.empty())
        return html + mutedParagraph(tr("No sign of churn risk."));
    html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Risk breakdown"));
    for (const auto &reason : a.guardian.reasons)
        html += QStringLiteral("<li>%1</li>").arg(esc(reason));
    return html + QStringLiteral("</ul>");
}

QString TriagePresenter::guardianTab(const triage::Assessment &a)
{
    if (a.guardian.level == triage::GuardianLevel::None)
        return tr("Guardian");
    const auto name = triage::guardianLevelName(a.guardian.level);
    return tr("Guardian · %1").arg(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
}

QString TriagePresenter::opportunity(const triage::Assessment &a)
{
    QString html = QStringLiteral("<p><span style='font-size:large'><b>%1</b></span> / 100 &nbsp; %2</p>")
                       .arg(a.opportunity.score)
                       .arg(a.opportunity.alert
                                ? QStringLiteral("<b style='color:%1'>%2</b>").arg(theme::opportunityColor().name(), tr("revenue signal"))
                                : tr("no alert"));
    if (!a.opportunity.signals.empty()) {
        html += QStringLiteral("<ul>");
        for (const auto &s : a.opportunity.signals)
            html += QStringLiteral("<li><b>%1</b> (%2) — “%3”</li>").arg(categoryLabel(s.name)).arg(s.score).arg(esc(s.evidence.text));
        html += QStringLiteral("</ul>");
    }
    if (!a.opportunity.ignored.empty()) {
        html += mutedParagraph(tr("Not counted:"));
        html += QStringLiteral("<ul style='color:%1'>").arg(theme::muted().name());
        for (const auto &i : a.opportunity.ignored)
            html += QStringLiteral("<li>%1</li>").arg(esc(i));
        html += QStringLiteral("</ul>");
    }
    if (a.opportunity.signals.empty() && a.opportunity.ignored.empty())
        html += mutedParagraph(tr("No buying signal in this ticket."));
    return html;
}

QString TriagePresenter::opportunityTab(const triage::Assessment &a)
{
    return a.opportunity.alert ? tr("Opportunity · %1").arg(a.opportunity.score) : tr("Opportunity");
}

QString TriagePresenter::draftInfo(const triage::Assessment &a)
{
    if (a.draft.text.empty())
        return tr("No reply drafted: %1")
            .arg(a.draft.notes.empty() ? tr("P0 and P1 tickets go to a person with the full context.") : esc(a.draft.notes.front()));
    const bool autoSend = a.draft.mode == triage::DraftMode::AutoSendCandidate;
    QString info = QStringLiteral("<b>%1</b> · %2 %3 · %4 %5")
                       .arg(autoSend ? tr("Auto-send candidate") : tr("Internal note"), tr("confidence"), percent(a.draft.confidence),
                            tr("article"), esc(a.draft.kbArticle));
    if (!autoSend && !a.draft.notes.empty()) {
        QStringList notes;
        for (const auto &n : a.draft.notes)
            notes << esc(n);
        info += QStringLiteral("<br>") + muted(tr("Not for sending as is:") + QLatin1Char(' ') + notes.join(QStringLiteral("; ")));
    }
    return info;
}

QString TriagePresenter::draftText(const services::TicketTriage &t)
{
    for (const TriageDecision &d : t.decisions)
        if (d.field == TriageDecision::Field::Draft)
            return d.chosen;
    return t.record ? QString::fromStdString(t.record->assessment.draft.text) : QString();
}

} // namespace cosmicdesk::ui
