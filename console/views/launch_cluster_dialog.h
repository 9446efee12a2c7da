// LaunchClusterDialog: launches a local cluster (`tandem-node local-cluster`) through the
// window's LocalCluster — size 1–7 (default 3), folder (default <AppData>/local-cluster), base
// port (default 8530) — shows the child's output live, and reports ready(endpoints) so the
// window connects. Non-blocking: open() it.
//
// Ownership: a QDialog with a parent; uses (does not own) the LocalCluster. GUI thread only.
#pragma once

#include <QDialog>
#include <QList>
#include <QUrl>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace tandem::console {

class LocalCluster;

class LaunchClusterDialog : public QDialog {
  Q_OBJECT

 public:
  LaunchClusterDialog(LocalCluster* cluster, QWidget* parent);

  static QString defaultDirectory();  // <AppData>/local-cluster

  QSpinBox* sizeSpin() const { return size_; }
  QLineEdit* folderEdit() const { return folder_; }
  QSpinBox* portSpin() const { return port_; }
  QPushButton* launchButton() const { return launch_; }
  QPlainTextEdit* outputView() const { return output_; }

 signals:
  void ready(const QList<QUrl>& endpoints);

 private:
  void launch();
  void browse();
  void onReady(const QList<QUrl>& endpoints);
  void onFailed(const QString& message);

  LocalCluster* cluster_;
  QSpinBox* size_;
  QLineEdit* folder_;
  QSpinBox* port_;
  QPushButton* launch_;
  QPushButton* close_;
  QPlainTextEdit* output_;
  QLabel* status_;
};

}  // namespace tandem::console
