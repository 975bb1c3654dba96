#include "triagepanel.h"

#include "theme.h"
#include "triagepresenter.h"

#include <services/settingsstore.h>
#include <services/ticketactions.h>
#include <services/triagewriteback.h>

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::TriageDecision;

TriagePanel::TriagePanel(services::TriageService *service, QWidget *parent)
    : QWidget(parent), m_service(service), m_status(new QLabel(this)), m_sentiment(new QLabel(this)),
      m_acceptAll(new QPushButton(tr("Accept all"), this)), m_tabs(new QTabWidget(this)), m_why(new QTextBrowser(this)),
      m_guardian(new QTextBrowser(this)), m_opportunity(new QTextBrowser(this)), m_draftTab(new QWidget(this)),
      m_draftInfo(new QLabel(this)), m_draft(new QPlainTextEdit(this)), m_useDraft(new QPushButton(tr("Use this reply"), this)),
      m_resetDraft(new QPushButton(tr("Reset"), this))
{
    auto *title = new QLabel(tr("<b>Triage suggestion</b>"), this);
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
    m_acceptAll->setToolTip(tr("Accept the suggested priority, team and category (Ctrl+Shift+A)"));
    connect(m_acceptAll, &QPushButton::clicked, this, &TriagePanel::acceptAll);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    const QString names[RowCount] = {tr("Priority"), tr("Team"), tr("Category"), tr("Guardian"), tr("Opportunity")};
    for (int r = 0; r < RowCount; ++r) {
        SuggestionRow &row = m_rows[static_cast<std::size_t>(r)];
        auto *name = new QLabel(names[r], this);
        name->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
        row.value = new QLabel(this);
        row.value->setTextFormat(Qt::RichText);
        row.accept = new QPushButton(tr("Accept"), this);
        row.accept->setToolTip(tr("Keep the suggested %1").arg(names[r].toLower()));
        row.override = new QComboBox(this);
        row.override->setToolTip(tr("Choose another %1").arg(names[r].toLower()));
        row.override->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        row.decision = new QLabel(this);
        row.decision->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
        row.decision->setTextFormat(Qt::PlainText);
        static const char *const keys[RowCount] = {"Priority", "Team", "Category", "Guardian", "Opportunity"};
        row.value->setObjectName(QStringLiteral("value%1").arg(QLatin1String(keys[r])));
        row.accept->setObjectName(QStringLiteral("accept%1").arg(QLatin1String(keys[r])));
        row.override->setObjectName(QStringLiteral("override%1").arg(QLatin1String(keys[r])));
        row.decision->setObjectName(QStringLiteral("decision%1").arg(QLatin1String(keys[r])));
        grid->addWidget(name, r * 2, 0);
        grid->addWidget(row.value, r * 2, 1);
        grid->addWidget(row.accept, r * 2, 2);
        grid->addWidget(row.override, r * 2, 3);
        grid->addWidget(row.decision, r * 2 + 1, 1, 1, 3);
        const auto rowId = static_cast<Row>(r);
        connect(row.accept, &QPushButton::clicked, this, [this, rowId] {
            const QString s = suggestedValue(rowId);
            decide(fieldOf(rowId), s, s);
        });
        connect(row.override, &QComboBox::activated, this, [this, rowId](int index) {
            auto *combo = m_rows[static_cast<std::size_t>(rowId)].override;
            if (index <= 0)
                return;
            const QString chosen = combo->itemData(index).toString();
            combo->setCurrentIndex(0);
            decide(fieldOf(rowId), suggestedValue(rowId), chosen);
        });
    }
    grid->setColumnStretch(1, 1);
    auto *tone = new QLabel(tr("Tone"), this);
    tone->setStyleSheet(QStringLiteral("color: %1").arg(theme::muted().name()));
    m_sentiment->setTextFormat(Qt::RichText);
    grid->addWidget(tone, RowCount * 2, 0);
    grid->addWidget(m_sentiment, RowCount * 2, 1, 1, 3);

    m_why->setObjectName(QStringLiteral("why"));
    m_guardian->setObjectName(QStringLiteral("guardian"));
    m_opportunity->setObjectName(QStringLiteral("opportunity"));
    m_draft->setObjectName(QStringLiteral("draft"));
    m_useDraft->setObjectName(QStringLiteral("useDraft"));
    m_status->setObjectName(QStringLiteral("triageStatus"));
    for (QTextBrowser *b : {m_why, m_guardian, m_opportunity}) {
        b->setOpenLinks(false);
        b->setFrameShape(QFrame::NoFrame);
    }
    m_draftInfo->setWordWrap(true);
    m_draftInfo->setTextFormat(Qt::RichText);
    m_draft->setTabChangesFocus(true);
    m_draft->setPlaceholderText(tr("No reply drafted for this ticket."));
    m_useDraft->setToolTip(tr("Keep this reply (edited or as drafted) for the ticket"));
    connect(m_useDraft, &QPushButton::clicked, this, [this] {
        if (!m_shown.record)
            return;
        decide(TriageDecision::Field::Draft, QString::fromStdString(m_shown.record->assessment.draft.text), m_draft->toPlainText());
    });
    connect(m_resetDraft, &QPushButton::clicked, this, [this] {
        if (m_shown.record)
            m_draft->setPlainText(QString::fromStdString(m_shown.record->assessment.draft.text));
    });
    auto *copy = new QPushButton(tr("Copy"), m_draftTab);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_draft->toPlainText()); });
    auto *draftButtons = new QHBoxLayout;
    draftButtons->addWidget(m_useDraft);
    draftButtons->addWidget(m_resetDraft);
    draftButtons->addWidget(copy);
    draftButtons->addStretch(1);
    auto *draftLayout = new QVBoxLayout(m_draftTab);
    draftLayout->setContentsMargins(4, 4, 4, 4);
    draftLayout->addWidget(m_draftInfo);
    draftLayout->addWidget(m_draft, 1);
    draftLayout->addLayout(draftButtons);

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_why, tr("Why"));
    m_tabs->addTab(m_draftTab, tr("Draft"));
    m_tabs->addTab(m_guardian, tr("Guardian"));
    m_tabs->addTab(m_opportunity, tr("Opportunity"));

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_acceptAll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_status);
    layout->addLayout(grid);
    layout->addWidget(m_tabs, 1);

    if (m_service) {
        connect(m_service, &services::TriageService::triaged, this, [this](const QList<qint64> &ids) {
            if (m_ticketId != 0 && ids.contains(m_ticketId))
                refresh();
        });
        connect(m_service, &services::TriageService::stateChanged, this, [this] {
            if (m_ticketId != 0 && !m_shown.record)
                refresh();
        });
    }
    showMessage(tr("The engine's suggestion for the selected ticket shows here."));
}

TriageDecision::Field TriagePanel::fieldOf(Row row)
{
    switch (row) {
    case PriorityRow: return TriageDecision::Field::Priority;
    case TeamRow: return TriageDecision::Field::Team;
    case GuardianRow: return TriageDecision::Field::Guardian;
    case OpportunityRow: return TriageDecision::Field::Opportunity;
    default: return TriageDecision::Field::Category;
    }
}

void TriagePanel::setWriteBack(services::TicketActions *actions, services::SettingsStore *settings)
{
    m_actions = actions;
    m_settings = settings;
}

QString TriagePanel::opportunityIntent() const
{
    if (!m_shown.record)
        return {};
    QStringList names;
    for (const auto &s : m_shown.record->assessment.opportunity.signals)
        names << QString::fromStdString(s.name);
    return names.join(u',');
}

QString TriagePanel::suggestedValue(Row row) const
{
    if (!m_shown.record)
        return {};
    const triage::Assessment &a = m_shown.record->assessment;
    switch (row) {
    case PriorityRow: return QString::fromLatin1(triage::priorityName(a.priority.priority).data());
    case TeamRow: return QString::fromStdString(a.team.label);
    case GuardianRow: return QString::fromLatin1(triage::guardianLevelName(a.guardian.level).data());
    case OpportunityRow: return a.opportunity.alert ? QStringLiteral("yes") : QStringLiteral("no");
    default: return QString::fromStdString(a.category.label);
    }
}

void TriagePanel::showTicket(qint64 ticketId)
{
    if (ticketId == m_ticketId)
        return;
    m_ticketId = ticketId;
    m_shown = {};
    m_notice.clear();
    if (ticketId == 0) {
        showMessage(tr("The engine's suggestion for the selected ticket shows here."));
        return;
    }
    showMessage(tr("Reading the suggestion…"));
    refresh();
}

void TriagePanel::refresh()
{
    if (!m_service || m_ticketId == 0)
        return;
    const quint64 request = ++m_request;
    const qint64 id = m_ticketId;
    m_service->fetch(id, this, [this, request, id](models::Result<services::TicketTriage> r) {
        if (request != m_request || id != m_ticketId)
            return; // the agent moved on
        if (!r.ok()) {
            showMessage(tr("The suggestion could not be read: %1").arg(r.error().message));
            Q_EMIT shown(id);
            return;
        }
        render(r.value());
        Q_EMIT shown(id);
    });
}

void TriagePanel::showMessage(const QString &message)
{
    m_status->setText(message);
    for (auto &row : m_rows) {
        row.value->setText(QStringLiteral("–"));
        row.decision->clear();
        row.override->clear();
    }
    m_sentiment->setText(QStringLiteral("–"));
    m_why->clear();
    m_guardian->clear();
    m_opportunity->clear();
    m_draftInfo->clear();
    m_draft->clear();
    m_tabs->setTabText(2, tr("Guardian"));
    m_tabs->setTabText(3, tr("Opportunity"));
    setRowsEnabled(false);
}

void TriagePanel::setRowsEnabled(bool enabled)
{
    for (auto &row : m_rows) {
        row.accept->setEnabled(enabled);
        row.override->setEnabled(enabled);
    }
    m_acceptAll->setEnabled(enabled);
    m_useDraft->setEnabled(enabled && !m_draft->toPlainText().isEmpty());
    m_resetDraft->setEnabled(enabled);
    m_draft->setReadOnly(!enabled);
}

void TriagePanel::render(const services::TicketTriage &t)
{
    m_shown = t;
    if (!t.record) {
        const auto state = m_service->state();
        if (state == services::TriageService::State::Failed)
            showMessage(tr("The triage engine stopped: %1").arg(m_service->errorMessage()));
        else if (state == services::TriageService::State::Loading || state == services::TriageService::State::Triaging)
            showMessage(tr("Waiting for the triage engine… (%1 of %2 tickets done)")
                            .arg(QLocale().toString(m_service->done()), QLocale().toString(m_service->total())));
        else
            showMessage(tr("This ticket has no suggestion yet."));
        return;
    }
    const triage::Assessment &a = t.record->assessment;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString status = TriagePresenter::status(t, now);
    if (!m_notice.isEmpty())
        status += QStringLiteral("<br>") + m_notice.toHtmlEscaped();
    m_notice.clear();
    m_status->setText(status);

    // The suggestions and the latest decision on each.
    m_rows[PriorityRow].value->setText(TriagePresenter::priorityValue(a));
    m_rows[TeamRow].value->setText(TriagePresenter::teamValue(a));
    m_rows[CategoryRow].value->setText(TriagePresenter::categoryValue(a));
    m_rows[GuardianRow].value->setText(TriagePresenter::guardianValue(a));
    m_rows[OpportunityRow].value->setText(TriagePresenter::opportunityValue(a));
    for (int r = 0; r < RowCount; ++r) {
        SuggestionRow &row = m_rows[static_cast<std::size_t>(r)];
        row.override->clear();
        row.override->addItem(tr("Override…"));
        QStringList options;
        if (r == PriorityRow) {
            for (triage::Priority pr : triage::kAllPriorities)
                options << QString::fromLatin1(triage::priorityName(pr).data());
        } else if (r == GuardianRow) {
            for (triage::GuardianLevel l : triage::kAllGuardianLevels)
                options << QString::fromLatin1(triage::guardianLevelName(l).data());
        } else if (r == OpportunityRow) {
            options << QStringLiteral("yes") << QStringLiteral("no");
        } else {
            for (const auto &[label, prob] : (r == TeamRow ? a.team : a.category).probabilities)
                options << QString::fromStdString(label);
            options.sort();
        }
        for (const QString &o : options)
            row.override->addItem(r == CategoryRow ? TriagePresenter::labelText(o) : o, o);
        row.decision->setText(TriagePresenter::decision(t.decisions, fieldOf(static_cast<Row>(r)), now));
    }
    m_sentiment->setText(TriagePresenter::tone(a));
    m_why->setHtml(TriagePresenter::why(a));
    m_guardian->setHtml(TriagePresenter::guardian(a));
    m_tabs->setTabText(2, TriagePresenter::guardianTab(a));
    m_opportunity->setHtml(TriagePresenter::opportunity(a));
    m_tabs->setTabText(3, TriagePresenter::opportunityTab(a));
    m_draftInfo->setText(TriagePresenter::draftInfo(a));
    m_draft->setPlainText(TriagePresenter::draftText(t));
    setRowsEnabled(true);
}

void TriagePanel::decide(TriageDecision::Field field, const QString &suggested, const QString &chosen)
{
    if (!m_service || !m_shown.record || chosen.isEmpty())
        return;
    TriageDecision d;
    d.ticketId = m_ticketId;
    d.field = field;
    d.suggested = suggested;
    d.chosen = chosen;
    if (m_actions && m_settings && field != TriageDecision::Field::Draft)
        return decideMany({d});
    setRowsEnabled(false);
    m_service->decide(d, this, [this, id = m_ticketId](models::Result<TriageDecision> r) {
        if (id != m_ticketId)
            return;
        if (!r.ok()) {
            m_status->setText(tr("The decision was not saved: %1").arg(r.error().message));
            setRowsEnabled(true);
            return;
        }
        refresh();
    });
}

void TriagePanel::decideMany(std::vector<TriageDecision> decisions)
{
    // Each decision becomes its part of one Zendesk change; what the settings cannot map is named
    // and left undecided, the rest is stored and queued together.
    const services::TriageWriteBack config = m_settings->triageWriteBack();
    models::TicketChange change;
    std::vector<TriageDecision> mapped;
    QStringList refused;
    for (const TriageDecision &d : decisions) {
        auto c = services::changeForDecision(config, d, opportunityIntent());
        if (!c.ok()) {
            refused << c.error().message;
            continue;
        }
        const models::TicketChange &part = c.value();
        if (part.priority)
            change.priority = part.priority;
        if (part.groupId)
            change.groupId = part.groupId;
        change.addTags << part.addTags;
        change.removeTags << part.removeTags;
        change.customFields.insert(change.customFields.end(), part.customFields.begin(), part.customFields.end());
        mapped.push_back(d);
    }
    if (mapped.empty()) {
        m_status->setText(refused.join(u' '));
        return;
    }
    setRowsEnabled(false);
    const qint64 id = m_ticketId;
    m_actions->decide({{id, change}}, std::move(mapped), QString(), this, [this, id, refused](models::Result<std::vector<qint64>> r) {
        if (id != m_ticketId)
            return;
        if (!r.ok()) {
            m_status->setText(tr("Nothing was saved or sent to Zendesk: %1").arg(r.error().message));
            setRowsEnabled(true);
            return;
        }
        m_notice = refused.join(u' ');
        refresh();
    });
}

void TriagePanel::acceptAll()
{
    if (!m_shown.record)
        return;
    std::vector<TriageDecision> decisions;
    for (Row row : {PriorityRow, TeamRow, CategoryRow}) {
        const auto field = fieldOf(row);
        const bool decided =
            std::any_of(m_shown.decisions.begin(), m_shown.decisions.end(), [field](const TriageDecision &d) { return d.field == field; });
        if (decided)
            continue;
        TriageDecision d;
        d.ticketId = m_ticketId;
        d.field = field;
        d.suggested = d.chosen = suggestedValue(row);
        decisions.push_back(std::move(d));
    }
    if (decisions.empty())
        return;
    if (m_actions && m_settings)
        return decideMany(std::move(decisions)); // one change to Zendesk
    for (const TriageDecision &d : decisions)
        decide(d.field, d.suggested, d.chosen);
}

} // namespace cosmicdesk::ui
