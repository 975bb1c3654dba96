#pragma once

#include <QDialog>

class QListWidget;
class QPushButton;

namespace cosmicdesk::ui {

class QueuePanel;

// Views → Organise views…: the agent's views in their order (Alt+1…9 go to the first nine), to
// rename, delete and move up or down. Every change is written to the workspace by the queue panel.
class SavedViewsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedViewsDialog)

public:
    explicit SavedViewsDialog(QueuePanel *panel, QWidget *parent = nullptr);

private:
    void fill();
    qint64 selectedId() const;
    void updateButtons();

    QueuePanel *m_panel;
    QListWidget *m_list;
    QPushButton *m_rename, *m_delete, *m_up, *m_down;
    qint64 m_keep = 0; // the view to keep selected across a refill
};

} // namespace cosmicdesk::ui
