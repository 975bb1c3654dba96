#include "reviewbar.h"

#include "queueview.h"

#include <services/reviewservice.h>

#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

namespace {

QString formatName(const QString &format)
{
    if (format == QLatin1String("zendesk-json"))
        return QObject::tr("Zendesk JSON");
    if (format == QLatin1String("ndjson"))
        return QObject::tr("NDJSON");
    return format.toUpper();
}

// One field as the bar shows it: the file's label, the engine's, the reviewer's.
QString fieldText(const QString &name, const models::ReviewField &f, const QString &fileDefault = {})
{
    QString file = f.label.isEmpty() ? (fileDefault.isEmpty() ? QObject::tr("—") : fileDefault) : f.label.toHtmlEscaped();
    QString s = QStringLiteral("<b>%1</b> file %2 · engine %3")
                    .arg(name, file, f.suggested.isEmpty() ? QObject::tr("—") : f.suggested.toHtmlEscaped());
    if (!f.corrected.isEmpty())
        s += QObject::tr(" · <b>yours %1</b>").arg(f.corrected.toHtmlEscaped());
    if (f.disagrees())
        s = QStringLiteral("<span style=\"color:#b3261e\">%1</span>").arg(s);
    return s;
}

} // namespace

ReviewBar::ReviewBar(services::ReviewService *review, QueueView *view, QWidget *parent)
    : QWidget(parent), m_review(review), m_view(view), m_source(new QLabel(this)), m_counts(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_ticket(new QLabel(this)), m_keys(new QLabel(this)),
      m_report(new QPushButton(tr("Export report…"), this)), m_retrain(new QPushButton(tr("Retrain…"), this))
{
    setObjectName(QStringLiteral("reviewBar"));
    m_source->setObjectName(QStringLiteral("reviewSource"));
    m_counts->setObjectName(QStringLiteral("reviewCounts"));
    m_ticket->setObjectName(QStringLiteral("reviewTicket"));
    m_keys->setObjectName(QStringLiteral("reviewKeys"));
    m_progress->setObjectName(QStringLiteral("reviewProgress"));
    m_report->setObjectName(QStringLiteral("reviewReport"));
    m_retrain->setObjectName(QStringLiteral("reviewRetrain"));
    for (QLabel *l : {m_source, m_counts, m_ticket, m_keys})
        l->setTextFormat(Qt::RichText);
    m_ticket->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keys->setWordWrap(true);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_source, 1);
    top->addWidget(m_counts);
    top->addWidget(m_progress);
    top->addWidget(m_report);
    top->addWidget(m_retrain);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_ticket);
    layout->addWidget(m_keys);

    connect(m_report, &QPushButton::clicked, this, &ReviewBar::reportRequested);
    connect(m_retrain, &QPushButton::clicked, this, &ReviewBar::retrainRequested);
    connect(m_review, &services::ReviewService::progressChanged, this, &ReviewBar::showProgress);
    connect(m_review, &services::ReviewService::labelled, this, [this](qint64 id) {
        if (id == m_ticketId)
            showTicket(id);
    });
    if (m_view) {
        m_view->installEventFilter(this);
        connect(m_view, &QueueView::currentTicketChanged, this, &ReviewBar::showTicket);
    }

    const models::ReviewSource &s = m_review->source();
    const QLocale locale;
    QString text = tr("<b>Review</b> of %1 (%2), triaged with the %3 profile")
                       .arg(s.file.toHtmlEscaped(), formatName(s.format).toHtmlEscaped(), s.profile.toHtmlEscaped());
    if (const QString skipped = s.skippedText(); !skipped.isEmpty())
        text += tr(" · skipped %1").arg(skipped.toHtmlEscaped());
    if (s.closed)
        text += tr(" · %1 closed (never updated)").arg(locale.toString(s.closed));
    m_source->setText(text);
    m_ticket->setText(tr("Select a ticket to see the file's labels beside the engine's."));
    showProgress();
    showKeys();
}

void ReviewBar::showProgress()
{
    const models::ReviewProgress p = m_review->progress();
    const QLocale locale;
    m_counts->setText(tr("reviewed %1 of %2 · disagreements %3")
                          .arg(locale.toString(p.reviewed), locale.toString(p.tickets), locale.toString(p.disagreements)));
    m_progress->setRange(0, static_cast<int>(std::min<qint64>(std::max<qint64>(p.tickets, 1), 1'000'000'000)));
    m_progress->setValue(static_cast<int>(std::min(p.reviewed, p.tickets)));
    m_progress->setFormat(p.tickets ? tr("%p% reviewed") : tr("no tickets"));
}

void ReviewBar::showKeys()
{
    QStringList teams;
    const QStringList names = m_review->teams();
    for (int i = 0; i < names.size(); ++i)
        if (const QChar key = services::ReviewService::teamKey(i); !key.isNull())
            teams << QStringLiteral("<b>%1</b> %2").arg(key, names[i].toHtmlEscaped());
    m_keys->setText(tr("Keys in the queue: <b>0</b>–<b>3</b> priority P0–P3 and on to the next · %1 · <b>g</b> Guardian yes/no · "
                       "<b>o</b> Opportunity yes/no · <b>j</b>/<b>k</b> next/previous")
                        .arg(teams.isEmpty() ? tr("(teams once the engine is loaded)") : teams.join(QStringLiteral(" · "))));
}

void ReviewBar::showTicket(qint64 ticketId)
{
    m_ticketId = ticketId;
    const quint64 request = ++m_request;
    if (!ticketId) {
        m_row.reset();
        m_ticket->setText(tr("Select a ticket to see the file's labels beside the engine's."));
        return;
    }
    m_review->row(ticketId, this, [this, request, ticketId](models::Result<std::optional<models::ReviewRow>> r) {
        if (request != m_request)
            return; // the selection moved on
        if (!r.ok() || !r.value()) {
            m_row.reset();
            m_ticket->setText(r.ok() ? tr("This ticket is not part of the review.") : r.error().message.toHtmlEscaped());
            Q_EMIT rowShown(ticketId);
            return;
        }
        m_row = *r.value();
        const models::ReviewRow &row = *m_row;
        const QString id = row.item.sourceId.isEmpty() ? tr("line %1").arg(row.item.line)
                                                       : tr("%1 (line %2)").arg(row.item.sourceId.toHtmlEscaped()).arg(row.item.line);
        // Zendesk's "normal" on a ticket nobody prioritised is shown for what it is.
        const QString defaultLabel = row.item.labelIsDefault
                                         ? tr("<i>%1 — the source's default, not counted</i>").arg(row.item.labelPriority.toHtmlEscaped())
                                         : QString();
        m_ticket->setText(QStringLiteral("%1 &nbsp; %2 &nbsp;|&nbsp; %3 &nbsp;|&nbsp; %4 &nbsp;|&nbsp; %5")
                              .arg(tr("<b>%1</b>").arg(id), fieldText(tr("Priority"), row.priority, defaultLabel),
                                   fieldText(tr("Team"), row.team), fieldText(tr("Guardian"), row.guardian),
                                   fieldText(tr("Opportunity"), row.opportunity)));
        showKeys(); // the teams are known once the engine is
        Q_EMIT rowShown(ticketId);
    });
}

bool ReviewBar::isReviewKey(int key, const QString &text) const
{
    if (key >= Qt::Key_0 && key <= Qt::Key_3)
        return true;
    if (text.size() != 1 || !text[0].isLetter())
        return false;
    const QChar c = text[0].toLower();
    if (c == QLatin1Char('g') || c == QLatin1Char('o'))
        return true;
    for (int i = 0; i < m_review->teams().size(); ++i)
        if (services::ReviewService::teamKey(i) == c)
            return true;
    return false;
}

bool ReviewBar::handleKey(int key, const QString &text)
{
    if (!m_ticketId || !isReviewKey(key, text))
        return false;
    using Field = models::TriageDecision::Field;
    if (key >= Qt::Key_0 && key <= Qt::Key_3) {
        label(Field::Priority, QStringLiteral("P%1").arg(key - Qt::Key_0), true);
        return true;
    }
    const QChar c = text[0].toLower();
    const auto toggled = [](const models::ReviewField &f) {
        const QString now = f.decided().isEmpty() ? f.suggested : f.decided();
        return now == QLatin1String("yes") ? QStringLiteral("no") : QStringLiteral("yes");
    };
    if (c == QLatin1Char('g')) {
        if (m_row)
            label(Field::Guardian, toggled(m_row->guardian), false);
        return true;
    }
    if (c == QLatin1Char('o')) {
        if (m_row)
            label(Field::Opportunity, toggled(m_row->opportunity), false);
        return true;
    }
    const QStringList teams = m_review->teams();
    for (int i = 0; i < teams.size(); ++i)
        if (services::ReviewService::teamKey(i) == c) {
            label(Field::Team, teams[i], false);
            return true;
        }
    return false;
}

void ReviewBar::label(models::TriageDecision::Field field, const QString &value, bool advance)
{
    const qint64 id = m_ticketId;
    m_review->label(id, field, value, this, [this](models::Result<models::TriageDecision> r) {
        if (!r.ok())
            Q_EMIT failed(r.error().message);
    });
    if (advance && m_view)
        m_view->moveBy(1);
}

bool ReviewBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool plain = !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        if (plain && isReviewKey(key->key(), key->text())) {
            if (event->type() == QEvent::ShortcutOverride) {
                event->accept(); // ours, not a window shortcut's
                return true;
            }
            return handleKey(key->key(), key->text());
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace cosmicdesk::ui
