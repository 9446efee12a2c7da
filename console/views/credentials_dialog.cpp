#include "credentials_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace tandem::console {

CredentialsDialog::CredentialsDialog(const QUrl& base, const Credentials& current, QWidget* parent)
    : QDialog(parent),
      kind_(new QComboBox(this)),
      user_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      token_(new QPlainTextEdit(this)),
      user_label_(new QLabel(tr("User:"), this)),
      password_label_(new QLabel(tr("Password:"), this)),
      token_label_(new QLabel(tr("JWT token:"), this)) {
  setObjectName(QStringLiteral("credentialsDialog"));
  setWindowTitle(tr("Credentials required"));
  kind_->setObjectName(QStringLiteral("credentialsKind"));
  user_->setObjectName(QStringLiteral("userEdit"));
  password_->setObjectName(QStringLiteral("passwordEdit"));
  token_->setObjectName(QStringLiteral("tokenEdit"));
  kind_->addItem(tr("User and password (basic)"), int(Credentials::Kind::kBasic));
  kind_->addItem(tr("JWT bearer token"), int(Credentials::Kind::kBearer));
  kind_->setCurrentIndex(current.kind == Credentials::Kind::kBearer ? 1 : 0);
  user_->setText(current.user.isEmpty() ? QStringLiteral("root") : current.user);
  password_->setEchoMode(QLineEdit::Password);
  token_->setPlainText(current.token);
  token_->setMaximumHeight(80);

  auto* intro = new QLabel(tr("%1 asks for credentials (HTTP 401). Enter them to continue "
                              "polling; they are kept for this session only.")
                               .arg(base.toString()),
                           this);
  intro->setWordWrap(true);
  auto* form = new QFormLayout();
  form->addRow(tr("Method:"), kind_);
  form->addRow(user_label_, user_);
  form->addRow(password_label_, password_);
  form->addRow(token_label_, token_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(kind_, &QComboBox::currentIndexChanged, this, &CredentialsDialog::updateFields);
  updateFields();
}

void CredentialsDialog::updateFields() {
  const bool basic = kind_->currentData().toInt() == int(Credentials::Kind::kBasic);
  for (QWidget* widget :
       {static_cast<QWidget*>(user_), static_cast<QWidget*>(password_),
        static_cast<QWidget*>(user_label_), static_cast<QWidget*>(password_label_)}) {
    widget->setVisible(basic);
  }
  token_->setVisible(!basic);
  token_label_->setVisible(!basic);
}

Credentials CredentialsDialog::credentials() const {
  Credentials out;
  out.kind = Credentials::Kind(kind_->currentData().toInt());
  if (out.kind == Credentials::Kind::kBasic) {
    out.user = user_->text();
    out.password = password_->text();
  } else {
    out.token = token_->toPlainText().trimmed();
  }
  return out;
}

}  // namespace tandem::console
