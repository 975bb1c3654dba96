#pragma once

#include <QWidget>

class QLabel;

namespace cosmicdesk::models {
struct TicketDetails;
}

namespace cosmicdesk::ui {

// The customer beside the ticket: account, plan, MRR, key account manager, tenure and recent
// ticket volume, from the workspace.
class CustomerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerPanel)

public:
    explicit CustomerPanel(QWidget *parent = nullptr);
    void showCustomer(const models::TicketDetails &details);
    void clear();

private:
    QLabel *m_summary;
};

} // namespace cosmicdesk::ui
