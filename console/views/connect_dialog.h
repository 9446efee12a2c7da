// ConnectDialog: choose the cluster — an endpoint (any node; several separated by commas or
// spaces) from the recent ones (QSettings "recentEndpoints", most recent first, at most 10) or
// typed, and the credentials (none, basic, JWT). Non-blocking: open() it, read endpoints() and
// credentials() on accepted(); accepting remembers the endpoint text as the most recent.
//
// Ownership: a QDialog with a parent. GUI thread only.
#pragma once

#include <QDialog>
#include <QList>
#include <QUrl>

#include "client/api_client.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace tandem::console {

class ConnectDialog : public QDialog {
  Q_OBJECT

 public:
  static constexpr int kMaxRecent = 10;

  explicit ConnectDialog(QWidget* parent);

  QList<QUrl> endpoints() const;  // valid after accepted()
  Credentials credentials() const;

  static QStringList recentEndpoints();
  static void rememberEndpoint(const QString& text);

  void accept() override;  // refuses (with a message) an empty or unparsable endpoint

 private:
  void updateFields();
  // Parses the endpoint text; "" on success, else what is wrong.
  QString parse(QList<QUrl>* out) const;

  QComboBox* endpoint_;
  QComboBox* kind_;
  QLineEdit* user_;
  QLineEdit* password_;
  QLineEdit* token_;
  QLabel* error_;
  QList<QUrl> endpoints_;
};

}  // namespace tandem::console
