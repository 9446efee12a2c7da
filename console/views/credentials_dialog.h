// CredentialsDialog: asks for the credentials a cluster wants (shown when ApiClient reports
// authenticationRequired): basic (user, password) or a JWT bearer token. Non-blocking: open()
// it and read credentials() on accepted(). Also used inside ConnectDialog's flow.
//
// Ownership: a QDialog with a parent. GUI thread only.
#pragma once

#include <QDialog>
#include <QUrl>

#include "client/api_client.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace tandem::console {

class CredentialsDialog : public QDialog {
  Q_OBJECT

 public:
  CredentialsDialog(const QUrl& base, const Credentials& current, QWidget* parent);

  Credentials credentials() const;

 private:
  void updateFields();

  QComboBox* kind_;
  QLineEdit* user_;
  QLineEdit* password_;
  QPlainTextEdit* token_;
  QLabel* user_label_;
  QLabel* password_label_;
  QLabel* token_label_;
};

}  // namespace tandem::console
