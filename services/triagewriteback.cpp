#include "triagewriteback.h"

#include <triage/assessment.h>
#include <triage/priority.h>

#include <QCoreApplication>

namespace cosmicdesk::services {

using models::Error;
using models::TriageDecision;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TriageWriteBack", text);
}

Error notSet(const QString &message)
{
    return Error::make(Error::Kind::Config, message);
}

} // namespace

qint64 TriageWriteBack::groupOf(const QString &team) const
{
    const auto it = teamGroups.find(team);
    return it == teamGroups.end() ? 0 : it->second;
}

QString categoryTag(const QString &category)
{
    QString slug;
    for (const QChar c : category.trimmed().toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            slug += c;
        else if (!slug.isEmpty() && !slug.endsWith(u'_'))
            slug += u'_';
    }
    while (slug.endsWith(u'_'))
        slug.chop(1);
    return slug.isEmpty() ? QString() : QStringLiteral("category_") + slug;
}

models::Result<models::TicketChange> changeForDecision(const TriageWriteBack &config, const TriageDecision &d,
                                                       const QString &opportunityIntent)
{
    models::TicketChange c;
    const QString chosen = d.chosen.trimmed();
    switch (d.field) {
    case TriageDecision::Field::Priority:
        c.priority = triage::parsePriority(chosen.toStdString());
        if (!c.priority)
            return Error::make(Error::Kind::BadPayload, tr("“%1” is not a priority (P0–P3).").arg(chosen));
        break;
    case TriageDecision::Field::Team: {
        const qint64 group = config.groupOf(chosen);
        if (group <= 0)
            return notSet(tr("No Zendesk group is set for the team “%1”, so Zendesk was not changed and the decision was not "
                             "saved. Set one under File → Triage write-back…")
                              .arg(chosen));
        c.groupId = group;
        break;
    }
    case TriageDecision::Field::Category: {
        const QString tag = categoryTag(chosen);
        if (tag.isEmpty())
            return Error::make(Error::Kind::BadPayload, tr("“%1” is not a category.").arg(chosen));
        c.addTags << tag;
        if (const QString old = categoryTag(d.suggested); !old.isEmpty() && old != tag)
            c.removeTags << old;
        break;
    }
    case TriageDecision::Field::Guardian: {
        const auto level = triage::parseGuardianLevel(chosen.toLower().toStdString());
        if (!level)
            return Error::make(Error::Kind::BadPayload, tr("“%1” is not a Guardian level.").arg(chosen));
        if (config.guardianFieldId <= 0)
            return notSet(tr("No Zendesk field is set for the Guardian risk, so Zendesk was not changed and the decision was not "
                             "saved. Set its id under File → Triage write-back…"));
        c.customFields.emplace_back(config.guardianFieldId, QString::fromLatin1(triage::guardianLevelName(*level).data()));
        break;
    }
    case TriageDecision::Field::Opportunity: {
        const QString v = chosen.toLower();
        if (v != u"yes" && v != u"no")
            return Error::make(Error::Kind::BadPayload, tr("“%1” is not an Opportunity decision (yes or no).").arg(chosen));
        if (config.opportunityFieldId <= 0)
            return notSet(tr("No Zendesk field is set for the Opportunity intent, so Zendesk was not changed and the decision was "
                             "not saved. Set its id under File → Triage write-back…"));
        const QString intent = opportunityIntent.trimmed().isEmpty() ? QStringLiteral("yes") : opportunityIntent.trimmed();
        c.customFields.emplace_back(config.opportunityFieldId, v == u"yes" ? intent : QString());
        break;
    }
    case TriageDecision::Field::Draft: break;
    }
    return c;
}

} // namespace cosmicdesk::services
