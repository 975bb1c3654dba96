#pragma once

#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace cosmicdesk::services {
class CustomerSystemsSetup;
}

namespace cosmicdesk::ui {

// File → Customer systems…: where Salesforce, Stripe, the carriers, the product API and the orders
// database are, their secrets (kept in the keychain only; an empty field keeps the saved one), the
// orders database's TLS options and queries; "Test" calls each configured system once.
class CustomerSystemsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerSystemsDialog)

public:
    explicit CustomerSystemsDialog(services::CustomerSystemsSetup &setup, QWidget *parent = nullptr);

private:
    QLineEdit *field(const QString &name) const { return m_fields.value(name); }
    void test();
    void save();

    services::CustomerSystemsSetup &m_setup;
    QMap<QString, QLineEdit *> m_fields;
    QSpinBox *m_port;
    QCheckBox *m_requireTls;
    QComboBox *m_driver;
    QLabel *m_result;
};

} // namespace cosmicdesk::ui
