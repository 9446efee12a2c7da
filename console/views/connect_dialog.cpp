#include "connect_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QVBoxLayout>

#include "client/endpoint.h"

namespace tandem::console {

namespace {

const QString kRecentKey = QStringLiteral("recentEndpoints");

}  // namespace

QStringList ConnectDialog::recentEndpoints() {
  return QSettings().value(kRecentKey).toStringList();
}

void ConnectDialog::rememberEndpoint(const QString& text) {
  const QString entry = text.trimmed();
  if (entry.isEmpty()) return;
  QStringList recent = recentEndpoints();
  recent.removeAll(entry);
  recent.prepend(entry);
  while (recent.size() > kMaxRecent) recent.removeLast();
  QSettings().setValue(kRecentKey, recent);
}

ConnectDialog::ConnectDialog(QWidget* parent)
    : QDialog(parent),
      endpoint_(new QComboBox(this)),
      kind_(new QComboBox(this)),
      user_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      token_(new QLineEdit(this)),
      error_(new QLabel(this)) {
  setObjectName(QStringLiteral("connectDialog"));
  setWindowTitle(tr("Connect to a Tandem cluster"));
  setMinimumWidth(460);
  endpoint_->setObjectName(QStringLiteral("endpointCombo"));
  endpoint_->setEditable(true);
  endpoint_->addItems(recentEndpoints());
  if (endpoint_->count() == 0) endpoint_->setEditText(QStringLiteral("http://127.0.0.1:8530"));
  endpoint_->lineEdit()->setPlaceholderText(tr("http://host:port (any node of the cluster)"));
  kind_->setObjectName(QStringLiteral("credentialsKind"));
  kind_->addItem(tr("None"), int(Credentials::Kind::kNone));
  kind_->addItem(tr("User and password (basic)"), int(Credentials::Kind::kBasic));
  kind_->addItem(tr("JWT bearer token"), int(Credentials::Kind::kBearer));
  user_->setObjectName(QStringLiteral("userEdit"));
  password_->setObjectName(QStringLiteral("passwordEdit"));
  password_->setEchoMode(QLineEdit::Password);
  token_->setObjectName(QStringLiteral("tokenEdit"));
  token_->setEchoMode(QLineEdit::Password);
  error_->setObjectName(QStringLiteral("errorLabel"));
  error_->setStyleSheet(QStringLiteral("color: #c0392b;"));
  error_->setWordWrap(true);
  error_->setVisible(false);

  auto* form = new QFormLayout();
  form->addRow(tr("Endpoint:"), endpoint_);
  form->addRow(tr("Credentials:"), kind_);
  form->addRow(tr("User:"), user_);
  form->addRow(tr("Password:"), password_);
  form->addRow(tr("JWT token:"), token_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(error_);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(kind_, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateFields);
  updateFields();
}

void ConnectDialog::updateFields() {
  const auto kind = Credentials::Kind(kind_->currentData().toInt());
  user_->setEnabled(kind == Credentials::Kind::kBasic);
  password_->setEnabled(kind == Credentials::Kind::kBasic);
  token_->setEnabled(kind == Credentials::Kind::kBearer);
}

QString ConnectDialog::parse(QList<QUrl>* out) const {
  const QStringList parts = endpoint_->currentText().split(
      QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
  if (parts.isEmpty()) return tr("Enter the endpoint of any node, e.g. http://127.0.0.1:8530.");
  for (const QString& part : parts) {
    const QUrl url = httpUrl(part);
    if (!url.isValid() || url.host().isEmpty() || url.port() <= 0) {
      return tr("\"%1\" is not an endpoint; write http://host:port.").arg(part);
    }
    out->append(url);
  }
  return {};
}

void ConnectDialog::accept() {
  QList<QUrl> parsed;
  const QString error = parse(&parsed);
  error_->setText(error);
  error_->setVisible(!error.isEmpty());
  if (!error.isEmpty()) return;
  endpoints_ = parsed;
  rememberEndpoint(endpoint_->currentText());
  QDialog::accept();
}

QList<QUrl> ConnectDialog::endpoints() const { return endpoints_; }

Credentials ConnectDialog::credentials() const {
  Credentials out;
  out.kind = Credentials::Kind(kind_->currentData().toInt());
  if (out.kind == Credentials::Kind::kBasic) {
    out.user = user_->text();
    out.password = password_->text();
  } else if (out.kind == Credentials::Kind::kBearer) {
    out.token = token_->text().trimmed();
  }
  return out;
}

}  // namespace tandem::console
