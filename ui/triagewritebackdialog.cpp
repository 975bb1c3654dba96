#include "triagewritebackdialog.h"

#include <services/directoryservice.h>
#include <services/settingsstore.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

TriageWriteBackDialog::TriageWriteBackDialog(services::SettingsStore &settings, const QStringList &teams,
                                             const services::DirectoryService *directory, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_teams(new QTableWidget(this)), m_guardian(new QLineEdit(this)),
      m_opportunity(new QLineEdit(this))
{
    setWindowTitle(tr("Triage write-back"));
    const services::TriageWriteBack current = settings.triageWriteBack();
    auto *intro = new QLabel(tr("Accepting or overriding a suggestion updates Zendesk: the priority, the team's group, the category "
                                "as a tag, and the Guardian and Opportunity fields. A team without a group is not sent."),
                             this);
    intro->setWordWrap(true);

    QStringList allTeams = teams;
    for (const auto &[team, id] : current.teamGroups)
        if (!allTeams.contains(team))
            allTeams << team;
    m_teams->setObjectName(QStringLiteral("teamGroups"));
    m_teams->setColumnCount(2);
    m_teams->setHorizontalHeaderLabels({tr("Team (triage profile)"), tr("Zendesk group")});
    m_teams->horizontalHeader()->setStretchLastSection(true);
    m_teams->verticalHeader()->hide();
    m_teams->setRowCount(static_cast<int>(allTeams.size()));
    for (int r = 0; r < allTeams.size(); ++r) {
        auto *name = new QTableWidgetItem(allTeams[r]);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_teams->setItem(r, 0, name);
        auto *group = new QComboBox(m_teams);
        group->addItem(tr("(not sent)"), QVariant(qint64(0)));
        const qint64 set = current.groupOf(allTeams[r]);
        bool known = set == 0;
        if (directory)
            for (const auto &g : directory->groups()) {
                group->addItem(QStringLiteral("%1 (%2)").arg(g.name).arg(g.id), QVariant(g.id));
                known = known || g.id == set;
            }
        if (!known)
            group->addItem(tr("group %1").arg(set), QVariant(set));
        group->setCurrentIndex(std::max(0, group->findData(QVariant(set))));
        m_teams->setCellWidget(r, 1, group);
    }
    m_teams->resizeColumnToContents(0);

    auto *digits = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,18}")), this);
    for (auto [edit, id, name] : {std::tuple{m_guardian, current.guardianFieldId, "guardianField"},
                                  std::tuple{m_opportunity, current.opportunityFieldId, "opportunityField"}}) {
        edit->setValidator(digits);
        edit->setObjectName(QLatin1String(name));
        edit->setPlaceholderText(tr("custom field id (empty: not sent)"));
        if (id > 0)
            edit->setText(QString::number(id));
    }
    auto *fields = new QFormLayout;
    fields->addRow(tr("Guardian risk field (none / watch / alert / critical):"), m_guardian);
    fields->addRow(tr("Opportunity intent field:"), m_opportunity);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &TriageWriteBackDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_teams, 1);
    layout->addLayout(fields);
    layout->addWidget(buttons);
    resize(560, 460);
}

services::TriageWriteBack TriageWriteBackDialog::chosen() const
{
    services::TriageWriteBack w;
    for (int r = 0; r < m_teams->rowCount(); ++r) {
        auto *group = qobject_cast<QComboBox *>(m_teams->cellWidget(r, 1));
        if (const qint64 id = group ? group->currentData().toLongLong() : 0; id > 0)
            w.teamGroups[m_teams->item(r, 0)->text()] = id;
    }
    w.guardianFieldId = m_guardian->text().toLongLong();
    w.opportunityFieldId = m_opportunity->text().toLongLong();
    return w;
}

void TriageWriteBackDialog::save()
{
    m_settings.saveTriageWriteBack(chosen());
    accept();
}

} // namespace cosmicdesk::ui
