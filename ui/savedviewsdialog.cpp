#include "savedviewsdialog.h"

#include "queuepanel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace cosmicdesk::ui {

SavedViewsDialog::SavedViewsDialog(QueuePanel *panel, QWidget *parent)
    : QDialog(parent), m_panel(panel), m_list(new QListWidget(this)), m_rename(new QPushButton(tr("&Rename…"), this)),
      m_delete(new QPushButton(tr("&Delete"), this)), m_up(new QPushButton(tr("Move &up"), this)),
      m_down(new QPushButton(tr("Move do&wn"), this))
{
    setWindowTitle(tr("Organise views"));
    m_list->setObjectName(QStringLiteral("views"));
    auto *hint = new QLabel(tr("Alt+1…9 open the first nine views, in this order."), this);
    auto *side = new QVBoxLayout;
    for (auto *b : {m_rename, m_delete, m_up, m_down})
        side->addWidget(b);
    side->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(side);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(row, 1);
    layout->addWidget(close);
    resize(420, 360);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &SavedViewsDialog::updateButtons);
    connect(m_panel, &QueuePanel::viewsChanged, this, &SavedViewsDialog::fill);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedId();
        if (!id)
            return;
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Rename view"), tr("Name:"), QLineEdit::Normal, m_list->currentItem()->text(), &ok);
        if (ok && !name.trimmed().isEmpty()) {
            m_keep = id;
            m_panel->renameView(id, name);
        }
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const qint64 id = selectedId();
        if (!id)
            return;
        if (QMessageBox::question(this, tr("Delete view"),
                                  tr("Delete the view “%1”?").arg(m_list->currentItem()->text().toHtmlEscaped())) != QMessageBox::Yes)
            return;
        m_panel->removeView(id);
    });
    connect(m_up, &QPushButton::clicked, this, [this] {
        m_keep = selectedId();
        m_panel->moveView(m_keep, -1);
    });
    connect(m_down, &QPushButton::clicked, this, [this] {
        m_keep = selectedId();
        m_panel->moveView(m_keep, 1);
    });
    fill();
}

void SavedViewsDialog::fill()
{
    const qint64 keep = m_keep ? m_keep : selectedId();
    m_list->clear();
    int select = 0;
    const auto &views = m_panel->views();
    for (std::size_t i = 0; i < views.size(); ++i) {
        auto *item = new QListWidgetItem(views[i].name, m_list);
        item->setData(Qt::UserRole, views[i].id);
        item->setToolTip(i < 9 ? tr("Alt+%1").arg(i + 1) : QString());
        if (views[i].id == keep)
            select = int(i);
    }
    m_keep = 0;
    if (m_list->count() > 0)
        m_list->setCurrentRow(select);
    updateButtons();
}

qint64 SavedViewsDialog::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void SavedViewsDialog::updateButtons()
{
    const bool kept = selectedId() != 0; // views not in a workspace (no store) cannot change
    const int row = m_list->currentRow();
    m_rename->setEnabled(kept);
    m_delete->setEnabled(kept);
    m_up->setEnabled(kept && row > 0);
    m_down->setEnabled(kept && row >= 0 && row < m_list->count() - 1);
}

} // namespace cosmicdesk::ui
