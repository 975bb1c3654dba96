#pragma once

#include <models/draftstore.h>
#include <models/outbox.h>
#include <models/ticketchange.h>
#include <models/ticketstore.h>

#include <QPointer>
#include <QWidget>

#include <map>
#include <optional>
#include <string>

class QButtonGroup;
class QComboBox;
class QFrame;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QToolButton;

namespace cosmicdesk::services {
class CustomerViewService;
class DirectoryService;
class DraftService;
class MacroService;
class OutboxMonitor;
class OutboxWorker;
class TicketActions;
class TriageService;
struct CustomerView;
} // namespace cosmicdesk::services

namespace cosmicdesk::ui {

// What the composer acts through. actions and drafts are what make it a composer; the rest may be
// missing (no macros offline, no directory, no outbox worker: conflicts cannot be decided here).
struct ComposerServices
{
    services::TicketActions *actions = nullptr;
    services::DraftService *drafts = nullptr;
    services::MacroService *macros = nullptr;
    services::DirectoryService *directory = nullptr;
    services::TriageService *triage = nullptr;
    services::OutboxWorker *outbox = nullptr;
    services::OutboxMonitor *monitor = nullptr;
};

// Under the conversation: the agent's reply or internal note, the status it is submitted as, the
// assignee, the group and the tags, as in Zendesk's Agent Workspace. The triage draft goes in with
// one key, its placeholders filled from the customer view; a macro's effect is shown here before
// submit; what is typed is saved per ticket as it is typed (a crash keeps it). A change Zendesk
// refused because the ticket moved on shows as a banner that says what changed, to re-apply or drop.
class Composer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Composer)

public:
    enum class Mode { Reply, Note };
    static constexpr int kAutosaveMs = 500;

    explicit Composer(const ComposerServices &services, QWidget *parent = nullptr);
    ~Composer() override; // saves what is typed

    // The ticket shown above; the same ticket again (after a reload) keeps what is being written.
    void setTicket(const models::TicketDetails &details);
    void clearTicket();
    qint64 ticketId() const { return m_ticket.id; }
    void setCustomerView(services::CustomerViewService *view);
    void setAgentId(qint64 id) { m_agentId = id; }
    void setAutosaveEnabled(bool enabled) { m_autosave = enabled; }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    void startReply(); // reply mode, the editor focused
    void startNote();
    QString text() const;
    models::TicketStatus submitStatus() const { return m_submitStatus; }
    void setSubmitStatus(models::TicketStatus status);
    QStringList pendingAddTags() const { return m_addTags; }
    QStringList pendingRemoveTags() const { return m_removeTags; }
    void addTag(const QString &tag);
    void removeTag(const QString &tag);

    // The engine's drafted reply at the cursor, its [placeholders] filled from the customer view.
    void insertTriageDraft();
    void openMacroPicker();
    void applyMacro(qint64 macroId, const QString &title);
    void assignToMe();
    // The change as it stands, queued through TicketActions with the chosen status.
    void submit();
    void submitAs(models::TicketStatus status);
    // What would be submitted (empty when nothing).
    models::TicketChange pendingChange() const;

    // The customer-view facts a draft names, and the draft with them filled in.
    static std::map<std::string, std::string> draftFacts(const services::CustomerView &view, const models::Ticket &ticket);
    static QString fillPlaceholders(QString draft, const std::map<std::string, std::string> &facts);

    // The conflict shown in the banner (0: none).
    qint64 conflictEntry() const { return m_conflict.id; }
    QString conflictText() const;
    void reapplyConflict();
    void dropConflict();
    // Reads the ticket's outbox entries again (after the worker reported the ticket).
    void refreshConflicts();

Q_SIGNALS:
    // The change was queued: the ticket above shows it now.
    void submitted(qint64 ticketId, qint64 outboxId);
    void draftRestored(qint64 ticketId);
    // The outbox worker finished with a change of the ticket (applied, conflicting, dropped): the
    // ticket above may read differently now.
    void outboxReported(qint64 ticketId);
    void triageDraftInserted(qint64 ticketId);
    void macroApplied(qint64 ticketId);
    void conflictShown(qint64 entryId);
    void message(const QString &text);

private:
    void buildPickers();
    void fillPickers();
    void renderTags();
    void renderMode();
    void renderSubmit();
    void setStatusText(const QString &text, bool error = false);
    void changed();
    void saveNow();
    models::Draft currentDraft() const;
    void restore(const models::Draft &draft);
    void resetToTicket();
    void clearDraft();
    void showConflict(const std::optional<models::OutboxEntry> &entry);
    qint64 pickerValue(const QComboBox *box) const;
    void setPickerValue(QComboBox *box, qint64 id);

    ComposerServices m_s;
    QPointer<services::CustomerViewService> m_customerView;
    models::Ticket m_ticket;
    QString m_requesterName;
    std::map<qint64, QString> m_people; // author ids of the conversation → names
    qint64 m_agentId = 0;
    quint64 m_request = 0;
    bool m_autosave = true;
    bool m_restoring = false;
    bool m_dirty = false;
    bool m_submitting = false;
    Mode m_mode = Mode::Reply;
    models::TicketStatus m_submitStatus = models::TicketStatus::Open;
    QStringList m_addTags, m_removeTags;
    qint64 m_macroId = 0;
    models::TicketChange m_macroExtra; // what a macro sets that the composer has no control for
    QString m_suggestedBody;
    models::OutboxEntry m_conflict;

    QFrame *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_reapply;
    QPushButton *m_drop;
    QToolButton *m_replyButton;
    QToolButton *m_noteButton;
    QButtonGroup *m_modeGroup;
    QLabel *m_recipient;
    QPushButton *m_insertDraft;
    QPushButton *m_macroButton;
    QPlainTextEdit *m_editor;
    QLabel *m_macroInfo;
    QComboBox *m_assignee;
    QComboBox *m_group;
    QWidget *m_tagChips;
    QHBoxLayout *m_tagLayout;
    QLineEdit *m_tagInput;
    QLabel *m_status;
    QToolButton *m_submit;
    QMenu *m_submitMenu;
    QTimer *m_saveTimer;
};

} // namespace cosmicdesk::ui
