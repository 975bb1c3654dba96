#include "composer.h"

#include "errortext.h"
#include "theme.h"

#include <models/draftfacts.h>
#include <models/isotime.h>
#include <services/customerviewservice.h>
#include <services/directoryservice.h>
#include <services/draftservice.h>
#include <services/macroservice.h>
#include <services/outboxmonitor.h>
#include <services/outboxworker.h>
#include <services/ticketactions.h>
#include <services/triageservice.h>

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

using models::TicketStatus;

namespace {

constexpr TicketStatus kSubmitStatuses[] = {TicketStatus::Open, TicketStatus::Pending, TicketStatus::Solved};

// The status a submit keeps by default: the ticket's own when it is one the button offers.
TicketStatus defaultSubmitStatus(TicketStatus current)
{
    for (TicketStatus s : kSubmitStatuses)
        if (s == current)
            return s;
    return TicketStatus::Open;
}

// The searchable list of the account's active macros; Enter (or a double click) takes the one
// selected, the arrow keys move in the list while the filter keeps the focus.
class MacroPicker final : public QDialog
{
public:
    MacroPicker(services::MacroService &macros, QWidget *parent) : QDialog(parent), m_macros(macros)
    {
        setObjectName(QStringLiteral("macroPicker"));
        setWindowTitle(tr("Apply a macro"));
        m_filter = new QLineEdit(this);
        m_filter->setObjectName(QStringLiteral("macroFilter"));
        m_filter->setPlaceholderText(tr("Search macros by title or description"));
        m_filter->setClearButtonEnabled(true);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("macroList"));
        m_list->setUniformItemSizes(true);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_filter);
        layout->addWidget(m_list, 1);
        layout->addWidget(buttons);
        resize(520, 420);
        connect(m_filter, &QLineEdit::textChanged, this, [this] { fill(); });
        connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        m_filter->installEventFilter(this);
        fill();
    }

    qint64 chosenId() const { return m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toLongLong() : 0; }
    QString chosenTitle() const { return m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole + 1).toString() : QString(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_filter && event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent *>(event)->key();
            if (key == Qt::Key_Down || key == Qt::Key_Up || key == Qt::Key_PageDown || key == Qt::Key_PageUp) {
                QCoreApplication::sendEvent(m_list, event);
                return true;
            }
        }
        return QDialog::eventFilter(watched, event);
    }

private:
    void fill()
    {
        m_list->clear();
        for (const auto &m : m_macros.search(m_filter->text())) {
            auto *item =
                new QListWidgetItem(m.description.isEmpty() ? m.title : QStringLiteral("%1\n%2").arg(m.title, m.description), m_list);
            item->setData(Qt::UserRole, m.id);
            item->setData(Qt::UserRole + 1, m.title);
        }
        if (m_list->count() > 0)
            m_list->setCurrentRow(0);
        else
            new QListWidgetItem(m_macros.macros().empty() ? tr("No active macros in this account.") : tr("No macro matches."), m_list);
    }

    services::MacroService &m_macros;
    QLineEdit *m_filter;
    QListWidget *m_list;
};

// "2 min ago", as a person says it.
QString agoText(qint64 at)
{
    const qint64 secs = std::max<qint64>(0, QDateTime::currentSecsSinceEpoch() - at);
    if (secs < 60)
        return Composer::tr("just now");
    if (secs < 3600)
        return Composer::tr("%1 min ago").arg(secs / 60);
    if (secs < 86400)
        return Composer::tr("%1 h ago").arg(secs / 3600);
    return Composer::tr("%n day(s) ago", nullptr, int(secs / 86400));
}

// A failure of the local workspace (the change is written there first) in words.
QString localError(const models::Error &e)
{
    if (e.kind == models::Error::Kind::NotFound)
        return e.message;
    return errorSentence(e, Composer::tr("The workspace"));
}

} // namespace

Composer::Composer(const ComposerServices &services, QWidget *parent)
    : QWidget(parent), m_s(services), m_banner(new QFrame(this)), m_bannerText(new QLabel(m_banner)),
      m_reapply(new QPushButton(tr("Re-apply my change"), m_banner)), m_drop(new QPushButton(tr("Drop my change"), m_banner)),
      m_replyButton(new QToolButton(this)), m_noteButton(new QToolButton(this)), m_modeGroup(new QButtonGroup(this)),
      m_recipient(new QLabel(this)), m_insertDraft(new QPushButton(tr("Insert triage draft"), this)),
      m_macroButton(new QPushButton(tr("Apply macro…"), this)), m_editor(new QPlainTextEdit(this)), m_macroInfo(new QLabel(this)),
      m_assignee(new QComboBox(this)), m_group(new QComboBox(this)), m_tagChips(new QWidget(this)),
      m_tagLayout(new QHBoxLayout(m_tagChips)), m_tagInput(new QLineEdit(this)), m_status(new QLabel(this)),
      m_submit(new QToolButton(this)), m_submitMenu(new QMenu(this)), m_saveTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("composer"));
    Q_ASSERT(m_s.actions && m_s.drafts);

    // The collision banner: what changed in Zendesk, and the agent's two choices.
    m_banner->setObjectName(QStringLiteral("conflictBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    {
        QPalette p = m_banner->palette();
        p.setColor(QPalette::Window, theme::highlight());
        m_banner->setPalette(p);
    }
    m_bannerText->setObjectName(QStringLiteral("conflictText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::RichText);
    m_reapply->setObjectName(QStringLiteral("reapply"));
    m_drop->setObjectName(QStringLiteral("drop"));
    m_reapply->setToolTip(tr("Send my change again over what Zendesk has now"));
    m_drop->setToolTip(tr("Forget my change; the ticket shows what Zendesk has"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 6, 8, 6);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_reapply);
    bannerLayout->addWidget(m_drop);
    m_banner->hide();
    connect(m_reapply, &QPushButton::clicked, this, &Composer::reapplyConflict);
    connect(m_drop, &QPushButton::clicked, this, &Composer::dropConflict);

    // Reply or note, then the helpers that fill the editor.
    m_replyButton->setObjectName(QStringLiteral("replyMode"));
    m_noteButton->setObjectName(QStringLiteral("noteMode"));
    m_replyButton->setText(tr("Public reply"));
    m_noteButton->setText(tr("Internal note"));
    for (QToolButton *b : {m_replyButton, m_noteButton}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setFocusPolicy(Qt::TabFocus);
    }
    m_replyButton->setToolTip(tr("The requester sees it (R)"));
    m_noteButton->setToolTip(tr("Only agents see it (N)"));
    m_modeGroup->setExclusive(true);
    m_modeGroup->addButton(m_replyButton);
    m_modeGroup->addButton(m_noteButton);
    m_replyButton->setChecked(true);
    connect(m_replyButton, &QToolButton::clicked, this, [this] { setMode(Mode::Reply); });
    connect(m_noteButton, &QToolButton::clicked, this, [this] { setMode(Mode::Note); });
    m_recipient->setObjectName(QStringLiteral("recipient"));
    m_recipient->setTextFormat(Qt::PlainText);
    m_recipient->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    {
        QPalette p = m_recipient->palette();
        p.setColor(QPalette::WindowText, theme::muted());
        m_recipient->setPalette(p);
    }
    m_insertDraft->setObjectName(QStringLiteral("insertDraft"));
    m_insertDraft->setToolTip(tr("The engine's drafted reply, filled from the customer view (Ctrl+Shift+D)"));
    m_insertDraft->setEnabled(m_s.triage != nullptr);
    connect(m_insertDraft, &QPushButton::clicked, this, &Composer::insertTriageDraft);
    m_macroButton->setObjectName(QStringLiteral("macroButton"));
    m_macroButton->setToolTip(tr("Search the account's macros and preview one here (M)"));
    connect(m_macroButton, &QPushButton::clicked, this, &Composer::openMacroPicker);
    auto *top = new QHBoxLayout;
    top->setSpacing(2);
    top->addWidget(m_replyButton);
    top->addWidget(m_noteButton);
    top->addSpacing(8);
    top->addWidget(m_recipient, 1);
    top->addWidget(m_insertDraft);
    top->addWidget(m_macroButton);

    m_editor->setObjectName(QStringLiteral("composerEditor"));
    m_editor->setTabChangesFocus(true);
    m_editor->setMinimumHeight(90);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_restoring)
            changed();
    });
    m_macroInfo->setObjectName(QStringLiteral("macroInfo"));
    m_macroInfo->setWordWrap(true);
    m_macroInfo->setTextFormat(Qt::RichText);
    m_macroInfo->hide();

    // Assignee, group and tags: what the submit changes besides the comment.
    m_assignee->setObjectName(QStringLiteral("assignee"));
    m_group->setObjectName(QStringLiteral("group"));
    // Narrow when the pane is, as wide as a name when there is room.
    for (QComboBox *box : {m_assignee, m_group}) {
        box->setMinimumContentsLength(6);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        box->setMaximumWidth(230);
    }
    connect(m_assignee, &QComboBox::activated, this, [this] { changed(); });
    connect(m_group, &QComboBox::activated, this, [this] { changed(); });
    m_tagChips->setObjectName(QStringLiteral("tags"));
    m_tagLayout->setContentsMargins(0, 0, 0, 0);
    m_tagLayout->setSpacing(3);
    m_tagInput->setObjectName(QStringLiteral("tagInput"));
    m_tagInput->setPlaceholderText(tr("Add tag"));
    m_tagInput->setMinimumWidth(70);
    m_tagInput->setMaximumWidth(120);
    connect(m_tagInput, &QLineEdit::returnPressed, this, [this] {
        const QStringList words = m_tagInput->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
        for (const QString &w : words)
            addTag(w);
        m_tagInput->clear();
    });
    if (m_s.directory)
        connect(m_s.directory, &services::DirectoryService::changed, this, &Composer::fillPickers);

    // Submit as …: the button keeps the status chosen; its menu submits as another.
    m_submit->setObjectName(QStringLiteral("submit"));
    m_submit->setPopupMode(QToolButton::MenuButtonPopup);
    m_submit->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_submit->setMenu(m_submitMenu);
    m_submit->setMinimumHeight(30);
    {
        QFont f = m_submit->font();
        f.setBold(true);
        m_submit->setFont(f);
    }
    for (TicketStatus s : kSubmitStatuses) {
        QAction *a = m_submitMenu->addAction(tr("Submit as %1").arg(models::statusLabel(s)));
        connect(a, &QAction::triggered, this, [this, s] { submitAs(s); });
    }
    connect(m_submit, &QToolButton::clicked, this, &Composer::submit);
    m_status->setObjectName(QStringLiteral("composerStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *fields = new QHBoxLayout;
    fields->setSpacing(6);
    auto *assigneeLabel = new QLabel(tr("Assignee"), this);
    auto *groupLabel = new QLabel(tr("Group"), this);
    auto *tagsLabel = new QLabel(tr("Tags"), this);
    for (QLabel *l : {assigneeLabel, groupLabel, tagsLabel}) {
        QPalette p = l->palette();
        p.setColor(QPalette::WindowText, theme::muted());
        l->setPalette(p);
    }
    assigneeLabel->setBuddy(m_assignee);
    groupLabel->setBuddy(m_group);
    tagsLabel->setBuddy(m_tagInput);
    auto *tags = new QHBoxLayout;
    tags->setSpacing(6);
    tags->addWidget(tagsLabel);
    tags->addWidget(m_tagChips);
    tags->addWidget(m_tagInput);
    tags->addStretch(1);
    fields->addWidget(assigneeLabel);
    fields->addWidget(m_assignee, 2);
    fields->addSpacing(4);
    fields->addWidget(groupLabel);
    fields->addWidget(m_group, 2);
    fields->addStretch(1);
    fields->addWidget(m_submit);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 8, 8);
    layout->setSpacing(4);
    layout->addWidget(m_banner);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_macroInfo);
    layout->addLayout(tags);
    layout->addLayout(fields);

    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kAutosaveMs);
    connect(m_saveTimer, &QTimer::timeout, this, &Composer::saveNow);

    if (m_s.outbox)
        connect(m_s.outbox, &services::OutboxWorker::ticketsChanged, this, [this](const QList<qint64> &ids) {
            if (m_ticket.id && ids.contains(m_ticket.id)) {
                refreshConflicts();
                Q_EMIT outboxReported(m_ticket.id);
            }
        });
    if (m_s.macros)
        connect(m_s.macros, &services::MacroService::macrosChanged, this, [this] { m_macroButton->setEnabled(m_ticket.id != 0); });
    buildPickers();
    renderMode();
    renderSubmit();
    clearTicket();
}

Composer::~Composer()
{
    if (m_saveTimer->isActive())
        saveNow();
}

void Composer::setCustomerView(services::CustomerViewService *view)
{
    m_customerView = view;
}

void Composer::clearTicket()
{
    if (m_saveTimer->isActive())
        saveNow();
    ++m_request;
    m_ticket = models::Ticket{};
    clearDraft();
    showConflict(std::nullopt);
    setStatusText(QString());
    renderTags();
    setEnabled(false);
}

void Composer::setTicket(const models::TicketDetails &details)
{
    const models::Ticket &t = details.ticket;
    m_people.clear();
    for (const auto &e : details.conversation)
        if (!e.authorName.isEmpty())
            m_people[e.comment.authorId] = e.authorName;
    m_requesterName = details.requester ? details.requester->name : QString();
    if (details.requester)
        m_people[details.requester->id] = details.requester->name;
    setEnabled(true);
    if (t.id == m_ticket.id) {
        // The same ticket, reloaded (a sync, our own change): what is being written stays.
        m_ticket = t;
        if (!m_dirty) {
            m_submitStatus = defaultSubmitStatus(t.status);
            setPickerValue(m_assignee, t.assigneeId);
            setPickerValue(m_group, t.groupId);
            renderSubmit();
        }
        renderTags();
        renderMode();
        refreshConflicts();
        return;
    }
    if (m_saveTimer->isActive())
        saveNow(); // the ticket being left keeps its draft
    const quint64 request = ++m_request;
    m_ticket = t;
    resetToTicket();
    refreshConflicts();
    m_s.drafts->draft(t.id, this, [this, request](models::Result<std::optional<models::Draft>> r) {
        if (request != m_request)
            return;
        if (!r.ok()) {
            setStatusText(tr("The saved draft could not be read: %1").arg(errorSentence(r.error(), tr("The workspace"))), true);
            return;
        }
        if (r.value() && !m_dirty)
            restore(*r.value());
        Q_EMIT draftRestored(m_ticket.id);
    });
}

// The text and what came with it (tags, a macro, the suggested body), gone without a save.
void Composer::clearDraft()
{
    m_restoring = true;
    m_editor->clear();
    m_restoring = false;
    m_addTags.clear();
    m_removeTags.clear();
    m_macroId = 0;
    m_macroExtra = {};
    m_suggestedBody.clear();
    m_dirty = false;
    m_macroInfo->hide();
}

void Composer::resetToTicket()
{
    clearDraft();
    m_mode = Mode::Reply;
    m_submitStatus = defaultSubmitStatus(m_ticket.status);
    setPickerValue(m_assignee, m_ticket.assigneeId);
    setPickerValue(m_group, m_ticket.groupId);
    setStatusText(QString());
    m_macroButton->setEnabled(m_s.macros != nullptr);
    renderTags();
    renderMode();
    renderSubmit();
}

void Composer::restore(const models::Draft &d)
{
    m_restoring = true;
    m_editor->setPlainText(d.body);
    m_editor->moveCursor(QTextCursor::End);
    m_restoring = false;
    m_mode = d.isPublic ? Mode::Reply : Mode::Note;
    if (const auto s = models::parseStatus(d.submitStatus))
        m_submitStatus = *s;
    if (d.assigneeId)
        setPickerValue(m_assignee, d.assigneeId);
    if (d.groupId)
        setPickerValue(m_group, d.groupId);
    m_addTags = d.addTags;
    m_removeTags = d.removeTags;
    m_macroId = d.macroId;
    m_suggestedBody = d.suggestedBody;
    renderTags();
    renderMode();
    renderSubmit();
    setStatusText(
        tr("Draft restored from %1.")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(d.updatedAt ? d.updatedAt : QDateTime::currentMSecsSinceEpoch()),
                                    QLocale::ShortFormat)));
}

void Composer::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    renderMode();
    changed();
}

void Composer::startReply()
{
    if (!m_ticket.id)
        return;
    setMode(Mode::Reply);
    m_editor->setFocus(Qt::ShortcutFocusReason);
}

void Composer::startNote()
{
    if (!m_ticket.id)
        return;
    setMode(Mode::Note);
    m_editor->setFocus(Qt::ShortcutFocusReason);
}

QString Composer::text() const
{
    return m_editor->toPlainText();
}

void Composer::renderMode()
{
    const bool note = m_mode == Mode::Note;
    m_replyButton->setChecked(!note);
    m_noteButton->setChecked(note);
    QPalette p = m_editor->palette();
    p.setColor(QPalette::Base, note ? theme::internalNoteBackground() : theme::requesterMessageBackground());
    m_editor->setPalette(p);
    const QString who = m_requesterName.isEmpty() ? tr("the requester") : m_requesterName;
    m_recipient->setText(note ? tr("Agents only") : tr("To %1").arg(who));
    m_editor->setPlaceholderText(note ? tr("Internal note: only agents see it.") : tr("Public reply to %1…").arg(who));
    // The chosen mode reads as a tab: bold, and the note tab in the note's colour.
    for (QToolButton *b : {m_replyButton, m_noteButton}) {
        QFont f = b->font();
        f.setBold(b->isChecked());
        b->setFont(f);
    }
    m_noteButton->setStyleSheet(note ? QStringLiteral("QToolButton{background:%1;border:1px solid %2;border-radius:3px;padding:3px 8px}")
                                           .arg(theme::internalNoteBackground().name(), theme::warning().name())
                                     : QStringLiteral("QToolButton{padding:3px 8px}"));
    m_replyButton->setStyleSheet(!note ? QStringLiteral("QToolButton{background:%1;border:1px solid %2;border-radius:3px;padding:3px 8px}")
                                             .arg(theme::staffMessageBackground().name(), theme::muted().name())
                                       : QStringLiteral("QToolButton{padding:3px 8px}"));
}

void Composer::setSubmitStatus(TicketStatus status)
{
    m_submitStatus = status;
    renderSubmit();
    changed();
}

void Composer::renderSubmit()
{
    m_submit->setText(tr("Submit as %1").arg(models::statusLabel(m_submitStatus)));
    m_submit->setToolTip(tr("Ctrl+Enter submits as %1; the arrow offers the others").arg(models::statusLabel(m_submitStatus)));
}

void Composer::setStatusText(const QString &text, bool error)
{
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, error ? theme::error() : theme::muted());
    m_status->setPalette(p);
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        Q_EMIT message(text);
}

void Composer::buildPickers()
{
    fillPickers();
}

void Composer::fillPickers()
{
    const qint64 assignee = m_assignee->count() ? pickerValue(m_assignee) : m_ticket.assigneeId;
    const qint64 group = m_group->count() ? pickerValue(m_group) : m_ticket.groupId;
    m_assignee->clear();
    m_group->clear();
    m_assignee->addItem(tr("Unassigned"), qint64(0));
    m_group->addItem(tr("No group"), qint64(0));
    if (m_s.directory) {
        for (const auto &a : m_s.directory->agents())
            m_assignee->addItem(a.name, a.id);
        for (const auto &g : m_s.directory->groups())
            m_group->addItem(g.name, g.id);
    }
    setPickerValue(m_assignee, assignee);
    setPickerValue(m_group, group);
}

qint64 Composer::pickerValue(const QComboBox *box) const
{
    return box->currentData().toLongLong();
}

void Composer::setPickerValue(QComboBox *box, qint64 id)
{
    int i = box->findData(id);
    if (i < 0 && id != 0) {
        // Someone the directory does not list (yet): shown by id, still kept.
        box->addItem(box == m_assignee ? tr("Agent %1").arg(id) : tr("Group %1").arg(id), id);
        i = box->count() - 1;
    }
    box->setCurrentIndex(std::max(0, i));
}

void Composer::addTag(const QString &raw)
{
    const QString tag = raw.trimmed().toLower();
    if (tag.isEmpty())
        return;
    if (m_removeTags.removeAll(tag) == 0 && !m_ticket.tags.contains(tag) && !m_addTags.contains(tag))
        m_addTags << tag;
    renderTags();
    changed();
}

void Composer::removeTag(const QString &tag)
{
    if (m_addTags.removeAll(tag) == 0 && m_ticket.tags.contains(tag) && !m_removeTags.contains(tag))
        m_removeTags << tag;
    renderTags();
    changed();
}

void Composer::renderTags()
{
    while (QLayoutItem *item = m_tagLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QStringList shown;
    for (const QString &t : m_ticket.tags)
        if (!m_removeTags.contains(t))
            shown << t;
    const int kept = static_cast<int>(shown.size());
    shown << m_addTags;
    constexpr int kChips = 5; // more are counted, and listed in the tooltip
    for (int i = 0; i < shown.size() && i < kChips; ++i) {
        const QString tag = shown[i];
        auto *chip = new QToolButton(m_tagChips);
        chip->setObjectName(QStringLiteral("tag:") + tag);
        chip->setText(tag + QStringLiteral("  ×"));
        chip->setToolTip(tr("Remove the tag “%1”").arg(tag));
        chip->setAutoRaise(false);
        chip->setFocusPolicy(Qt::NoFocus);
        const bool added = i >= kept;
        chip->setStyleSheet(QStringLiteral("QToolButton{background:%1;border:1px solid %2;border-radius:9px;padding:1px 7px}")
                                .arg((added ? theme::highlight() : theme::skeleton()).name(), theme::muted().name()));
        connect(chip, &QToolButton::clicked, this, [this, tag] { removeTag(tag); });
        m_tagLayout->addWidget(chip);
    }
    if (shown.size() > kChips) {
        auto *more = new QLabel(tr("+%1").arg(shown.size() - kChips), m_tagChips);
        more->setToolTip(shown.mid(kChips).join(QStringLiteral(", ")));
        m_tagLayout->addWidget(more);
    }
}

void Composer::changed()
{
    m_dirty = true;
    if (m_ticket.id && m_autosave)
        m_saveTimer->start();
}

models::Draft Composer::currentDraft() const
{
    models::Draft d;
    d.ticketId = m_ticket.id;
    d.body = m_editor->toPlainText();
    d.isPublic = m_mode == Mode::Reply;
    if (m_submitStatus != defaultSubmitStatus(m_ticket.status))
        d.submitStatus = models::statusName(m_submitStatus);
    const qint64 assignee = pickerValue(m_assignee), group = pickerValue(m_group);
    if (assignee != m_ticket.assigneeId)
        d.assigneeId = assignee;
    if (group != m_ticket.groupId)
        d.groupId = group;
    d.addTags = m_addTags;
    d.removeTags = m_removeTags;
    d.macroId = m_macroId;
    d.suggestedBody = m_suggestedBody;
    d.updatedAt = QDateTime::currentMSecsSinceEpoch();
    return d;
}

void Composer::saveNow()
{
    m_saveTimer->stop();
    if (!m_ticket.id || !m_autosave)
        return;
    m_s.drafts->save(currentDraft(), this, [this](models::Result<void> r) {
        if (!r.ok())
            setStatusText(tr("The draft was not saved: %1").arg(errorSentence(r.error(), tr("The workspace"))), true);
    });
}

models::TicketChange Composer::pendingChange() const
{
    models::TicketChange c = m_macroExtra;
    const QString body = m_editor->toPlainText();
    if (!body.trimmed().isEmpty()) {
        c.comment = body;
        c.commentPublic = m_mode == Mode::Reply;
    } else {
        c.comment.reset();
    }
    if (m_submitStatus != m_ticket.status)
        c.status = m_submitStatus;
    else
        c.status.reset();
    const qint64 assignee = pickerValue(m_assignee), group = pickerValue(m_group);
    if (assignee != m_ticket.assigneeId)
        c.assigneeId = assignee;
    else
        c.assigneeId.reset();
    if (group != m_ticket.groupId)
        c.groupId = group;
    else
        c.groupId.reset();
    c.addTags = m_addTags;
    c.removeTags = m_removeTags;
    return c;
}

void Composer::submitAs(TicketStatus status)
{
    m_submitStatus = status;
    renderSubmit();
    submit();
}

void Composer::submit()
{
    if (!m_ticket.id || m_submitting)
        return; // one at a time: a second Ctrl+Enter must not queue the reply twice
    const models::TicketChange change = pendingChange();
    if (change.isEmpty()) {
        setStatusText(tr("Nothing to submit: write a reply or a note, or change a field."));
        return;
    }
    QString action;
    if (m_macroId)
        action = QStringLiteral("macro");
    else if (change.comment)
        action = change.commentPublic ? QStringLiteral("reply") : QStringLiteral("note");
    else if (change.assigneeId || change.groupId)
        action = QStringLiteral("assign");
    else if (change.status)
        action = QStringLiteral("status");
    else
        action = QStringLiteral("tags");
    const qint64 ticketId = m_ticket.id;
    const quint64 request = m_request;
    const QString drafted = m_suggestedBody; // the engine's draft this reply started from, if any
    m_saveTimer->stop();
    m_submit->setEnabled(false);
    m_submitting = true;
    setStatusText(tr("Submitting…"));
    m_s.actions->change(ticketId, change, action, this, [this, ticketId, request, change, drafted](models::Result<qint64> r) {
        m_submit->setEnabled(true);
        m_submitting = false;
        if (!r.ok()) {
            if (request == m_request)
                setStatusText(tr("Not submitted: %1").arg(localError(r.error())), true);
            saveNow(); // the text stays, and stays saved
            return;
        }
        // What the agent did with the engine's draft (used as drafted, edited, discarded): the
        // overview's triage quality counts it.
        if (!drafted.isEmpty() && change.comment && change.commentPublic && m_s.triage)
            m_s.triage->decide(models::draftDecision(ticketId, drafted, *change.comment), this,
                               [](const models::Result<models::TriageDecision> &) {});
        // The change is in the workspace and the outbox: the draft is done with.
        models::Draft gone;
        gone.ticketId = ticketId;
        m_s.drafts->save(gone);
        if (request == m_request) {
            change.applyTo(m_ticket);
            resetToTicket();
            setStatusText(m_s.outbox ? tr("%1 · sent to Zendesk in the background.").arg(change.summary())
                                     : tr("%1 · saved; it goes to Zendesk once an account is connected.").arg(change.summary()));
        }
        Q_EMIT submitted(ticketId, r.value());
    });
}

void Composer::assignToMe()
{
    if (!m_ticket.id)
        return;
    qint64 me = m_agentId;
    if (!me && m_s.directory)
        for (const auto &a : m_s.directory->agents())
            if (a.name == m_s.actions->agentName())
                me = a.id;
    if (!me) {
        setStatusText(tr("Your Zendesk user is not known yet: connect an account to assign tickets to yourself."), true);
        return;
    }
    if (m_ticket.assigneeId == me) {
        setStatusText(tr("This ticket is already assigned to you."));
        return;
    }
    models::TicketChange change;
    change.assigneeId = me;
    const qint64 ticketId = m_ticket.id;
    m_s.actions->change(ticketId, change, QStringLiteral("assign"), this, [this, ticketId, me](models::Result<qint64> r) {
        if (!r.ok()) {
            setStatusText(tr("Not assigned: %1").arg(localError(r.error())), true);
            return;
        }
        if (ticketId == m_ticket.id) {
            m_ticket.assigneeId = me;
            setPickerValue(m_assignee, me);
            setStatusText(tr("Assigned to you."));
        }
        Q_EMIT submitted(ticketId, r.value());
    });
}

std::map<std::string, std::string> Composer::draftFacts(const services::CustomerView &view, const models::Ticket &ticket)
{
    models::DraftFactsInput in;
    in.orders = view.orders;
    in.shipments = view.shipments;
    in.charges = view.charges;
    in.ticketText = ticket.subject + u'\n' + ticket.description;
    in.ticketCreated = ticket.createdAt;
    return models::draftFacts(in);
}

QString Composer::fillPlaceholders(QString draft, const std::map<std::string, std::string> &facts)
{
    static const QRegularExpression placeholder(QStringLiteral("\\[([a-z_]+)\\]"));
    QString out;
    qsizetype from = 0;
    for (auto it = placeholder.globalMatch(draft); it.hasNext();) {
        const auto m = it.next();
        out += QStringView(draft).mid(from, m.capturedStart() - from);
        const auto f = facts.find(m.captured(1).toStdString());
        out += f != facts.end() && !f->second.empty() ? QString::fromStdString(f->second) : m.captured(0);
        from = m.capturedEnd();
    }
    out += QStringView(draft).mid(from);
    return out;
}

void Composer::insertTriageDraft()
{
    if (!m_ticket.id || !m_s.triage)
        return;
    const qint64 ticketId = m_ticket.id;
    m_s.triage->fetch(ticketId, this, [this, ticketId](models::Result<services::TicketTriage> r) {
        if (ticketId != m_ticket.id)
            return;
        if (!r.ok()) {
            setStatusText(tr("No triage draft: %1").arg(errorSentence(r.error(), tr("The triage engine"))), true);
            return;
        }
        const services::TicketTriage &t = r.value();
        if (!t.record) {
            setStatusText(tr("This ticket has not been triaged yet: no draft to insert."));
            return;
        }
        QString draft = QString::fromStdString(t.record->assessment.draft.text);
        for (const models::TriageDecision &d : t.decisions)
            if (d.field == models::TriageDecision::Field::Draft) {
                if (!d.chosen.trimmed().isEmpty())
                    draft = d.chosen; // the agent's kept version (a discarded draft keeps nothing: the engine's again)
                break;
            }
        if (draft.trimmed().isEmpty()) {
            setStatusText(tr("The engine drafted no reply for this ticket."));
            return;
        }
        // The engine filled what the workspace's cache knew; what the live view knows fills the rest.
        if (m_customerView && m_customerView->view().ticketId == ticketId)
            draft = fillPlaceholders(draft, draftFacts(m_customerView->view(), m_ticket));
        static const QRegularExpression left(QStringLiteral("\\[[a-z_]+\\]"));
        const qsizetype missing = draft.count(left);
        if (m_editor->toPlainText().trimmed().isEmpty())
            m_editor->setPlainText(draft);
        else
            m_editor->textCursor().insertText(draft);
        m_suggestedBody = draft;
        m_editor->setFocus(Qt::OtherFocusReason);
        m_editor->moveCursor(QTextCursor::End);
        setStatusText(missing ? tr("Triage draft inserted; %n placeholder(s) in [brackets] still need a value.", nullptr, int(missing))
                              : tr("Triage draft inserted, filled from the customer view: review it, then submit."));
        changed();
        Q_EMIT triageDraftInserted(ticketId);
    });
}

void Composer::openMacroPicker()
{
    if (!m_ticket.id)
        return;
    if (!m_s.macros || !m_s.macros->isAvailable()) {
        setStatusText(tr("Macros come from Zendesk: connect an account to use them."), true);
        return;
    }
    auto *picker = new MacroPicker(*m_s.macros, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker] {
        if (const qint64 id = picker->chosenId())
            applyMacro(id, picker->chosenTitle());
    });
    picker->open();
}

void Composer::applyMacro(qint64 macroId, const QString &title)
{
    if (!m_ticket.id || !m_s.macros)
        return;
    const qint64 ticketId = m_ticket.id;
    setStatusText(tr("Applying “%1”…").arg(title));
    m_s.macros->apply(ticketId, macroId, m_ticket, this, [this, ticketId, macroId, title](models::Result<models::TicketChange> r) {
        if (ticketId != m_ticket.id)
            return;
        if (!r.ok()) {
            setStatusText(tr("The macro was not applied: %1").arg(errorSentence(r.error(), tr("Zendesk"))), true);
            return;
        }
        const models::TicketChange &c = r.value();
        if (c.comment) {
            const QString body = m_editor->toPlainText();
            m_editor->setPlainText(body.trimmed().isEmpty() ? *c.comment : body + QStringLiteral("\n\n") + *c.comment);
            m_editor->moveCursor(QTextCursor::End);
            m_mode = c.commentPublic ? Mode::Reply : Mode::Note;
        }
        if (c.status)
            m_submitStatus = *c.status;
        if (c.assigneeId)
            setPickerValue(m_assignee, *c.assigneeId);
        if (c.groupId)
            setPickerValue(m_group, *c.groupId);
        for (const QString &t : c.addTags)
            if (!m_addTags.contains(t) && !m_ticket.tags.contains(t))
                m_addTags << t;
        for (const QString &t : c.removeTags)
            if (!m_removeTags.contains(t) && m_ticket.tags.contains(t))
                m_removeTags << t;
        m_macroExtra = {};
        m_macroExtra.priority = c.priority;
        m_macroExtra.customFields = c.customFields;
        m_macroId = macroId;
        renderTags();
        renderMode();
        renderSubmit();
        QString what = c.summary().toHtmlEscaped();
        if (what.isEmpty())
            what = tr("no change");
        m_macroInfo->setText(
            tr("<b>Macro “%1”</b> applied here, not yet sent: %2. Edit anything, then submit.").arg(title.toHtmlEscaped(), what));
        m_macroInfo->show();
        setStatusText(QString());
        m_editor->setFocus(Qt::OtherFocusReason);
        changed();
        Q_EMIT macroApplied(ticketId);
    });
}

void Composer::refreshConflicts()
{
    if (!m_s.monitor || !m_ticket.id)
        return;
    const qint64 ticketId = m_ticket.id;
    m_s.monitor->ticketEntries(ticketId, this, [this, ticketId](models::Result<std::vector<models::OutboxEntry>> r) {
        if (ticketId != m_ticket.id || !r.ok())
            return;
        std::optional<models::OutboxEntry> conflict;
        for (const auto &e : r.value())
            if (e.state == models::OutboxState::Conflict) {
                conflict = e;
                break; // the oldest holds back the others
            }
        showConflict(conflict);
    });
}

QString Composer::conflictText() const
{
    return m_bannerText->text();
}

void Composer::showConflict(const std::optional<models::OutboxEntry> &entry)
{
    if (!entry) {
        m_conflict = {};
        m_banner->hide();
        return;
    }
    m_conflict = *entry;
    const QJsonObject remote = QJsonDocument::fromJson(entry->detail).object();
    auto ago = [](qint64 at) { return at > 0 ? agoText(at) : QString(); };
    QString what;
    const QJsonObject latest = remote.value(QStringLiteral("latest_comment")).toObject();
    const qint64 updated = models::parseIsoTime(remote.value(QStringLiteral("updated_at")).toString());
    const qint64 commentAt = models::parseIsoTime(latest.value(QStringLiteral("created_at")).toString());
    // The latest comment, when it came after the version the change was made on.
    if (!latest.isEmpty() && (m_conflict.baseStamp == 0 || commentAt > m_conflict.baseStamp)) {
        const qint64 author = latest.value(QStringLiteral("author_id")).toVariant().toLongLong();
        QString name = m_s.directory ? m_s.directory->agentName(author) : QString();
        if (name.isEmpty() && m_people.count(author))
            name = m_people.at(author);
        if (name.isEmpty())
            name = tr("Someone");
        what = latest.value(QStringLiteral("public")).toBool(true)
                   ? tr("%1 replied %2 in Zendesk").arg(name, ago(commentAt))
                   : tr("%1 added an internal note %2 in Zendesk").arg(name, ago(commentAt));
    } else {
        what = updated ? tr("The ticket was changed in Zendesk %1").arg(ago(updated)) : tr("The ticket was changed in Zendesk");
    }
    QStringList now_;
    if (const auto s = models::parseStatus(remote.value(QStringLiteral("status")).toString()))
        now_ << tr("status %1").arg(models::statusLabel(*s));
    if (const QString p = remote.value(QStringLiteral("priority")).toString(); !p.isEmpty())
        now_ << tr("priority %1").arg(p);
    const qint64 assignee = remote.value(QStringLiteral("assignee_id")).toVariant().toLongLong();
    if (assignee) {
        const QString name = m_s.directory ? m_s.directory->agentName(assignee) : QString();
        now_ << tr("assigned to %1").arg(name.isEmpty() ? tr("agent %1").arg(assignee) : name);
    } else {
        now_ << tr("unassigned");
    }
    QString html = tr("<b>%1</b>, after the version your change was made on. Your change waits: %2.")
                       .arg(what.toHtmlEscaped(), m_conflict.summary.isEmpty() ? tr("your change") : m_conflict.summary.toHtmlEscaped());
    html += QStringLiteral("<br><span style='color:%1'>%2</span>")
                .arg(theme::muted().name(),
                     tr("Zendesk now has: %1. Nothing was overwritten.").arg(now_.join(QStringLiteral(", "))).toHtmlEscaped());
    m_bannerText->setText(html);
    m_reapply->setEnabled(m_s.outbox != nullptr);
    m_drop->setEnabled(m_s.outbox != nullptr);
    m_banner->show();
    setStatusText(QString()); // "sent in the background" is no longer true
    Q_EMIT conflictShown(m_conflict.id);
}

void Composer::reapplyConflict()
{
    if (!m_conflict.id || !m_s.outbox)
        return;
    const QJsonObject remote = QJsonDocument::fromJson(m_conflict.detail).object();
    const qint64 stamp = models::parseIsoTime(remote.value(QStringLiteral("updated_at")).toString());
    m_s.outbox->retryNow(m_conflict.id, stamp);
    setStatusText(tr("Re-applying your change over what Zendesk has now…"));
    showConflict(std::nullopt);
}

void Composer::dropConflict()
{
    if (!m_conflict.id || !m_s.outbox)
        return;
    m_s.outbox->drop(m_conflict.id);
    setStatusText(tr("Your change was dropped; the ticket shows what Zendesk has."));
    showConflict(std::nullopt);
}

} // namespace cosmicdesk::ui
