#pragma once

#include <models/result.h>
#include <models/reviewstore.h>
#include <models/triagestore.h>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace cosmicdesk::services {

class StoreThread;
class TriageService;

// The analyst's side of a review workspace: what the export said of a ticket beside the engine's
// suggestion, the reviewer's labels (recorded as triage decisions through the TriageService, so they
// are the same labelled examples an agent's accept or override makes) and the review's progress.
// Reads run on a worker thread; answers come back on the caller's thread.
class ReviewService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewService)

public:
    ReviewService(const QString &workspacePath, models::ReviewSource source, TriageService &triage, QObject *parent = nullptr);
    ~ReviewService() override;

    // Whether the workspace at `path` is a review workspace, read once while it opens (none: it is not).
    static models::Result<std::optional<models::ReviewSource>> sourceOf(const QString &path);

    const models::ReviewSource &source() const { return m_source; }
    models::ReviewProgress progress() const { return m_progress; }
    // The profile's teams in the order the keys name them, with their keys (a, b, c, … but g, j, k and o).
    QStringList teams() const;
    static QChar teamKey(int index);

    void row(qint64 ticketId, QObject *context, std::function<void(models::Result<std::optional<models::ReviewRow>>)> done);
    // The reviewer's label for one field: a priority "P0"…"P3", a team's name, Guardian or Opportunity
    // "yes"/"no". `suggested` is the engine's value as shown.
    void label(qint64 ticketId, models::TriageDecision::Field field, const QString &value, QObject *context,
               std::function<void(models::Result<models::TriageDecision>)> done);
    // Counts again (soon, once for a burst of labels); progressChanged() follows.
    void refreshProgress();

Q_SIGNALS:
    void progressChanged();
    void labelled(qint64 ticketId);

private:
    TriageService &m_triage;
    models::ReviewSource m_source;
    models::ReviewProgress m_progress;
    StoreThread *m_thread;
    QTimer m_recount;
};

} // namespace cosmicdesk::services
