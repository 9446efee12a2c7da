#include "launch_cluster_dialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "ops/local_cluster.h"

namespace tandem::console {

QString LaunchClusterDialog::defaultDirectory() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
         QStringLiteral("/local-cluster");
}

LaunchClusterDialog::LaunchClusterDialog(LocalCluster* cluster, QWidget* parent)
    : QDialog(parent),
      cluster_(cluster),
      size_(new QSpinBox(this)),
      folder_(new QLineEdit(defaultDirectory(), this)),
      port_(new QSpinBox(this)),
      launch_(new QPushButton(tr("Launch"), this)),
      close_(new QPushButton(tr("Close"), this)),
      output_(new QPlainTextEdit(this)),
      status_(new QLabel(this)) {
  setObjectName(QStringLiteral("launchClusterDialog"));
  setWindowTitle(tr("Launch a local cluster"));
  setMinimumSize(560, 420);
  size_->setObjectName(QStringLiteral("sizeSpin"));
  size_->setRange(1, 7);
  size_->setValue(3);
  size_->setSuffix(tr(" nodes"));
  folder_->setObjectName(QStringLiteral("folderEdit"));
  port_->setObjectName(QStringLiteral("portSpin"));
  port_->setRange(1024, 65000);
  port_->setValue(8530);
  launch_->setObjectName(QStringLiteral("launchButton"));
  launch_->setDefault(true);
  output_->setObjectName(QStringLiteral("outputView"));
  output_->setReadOnly(true);
  output_->setMaximumBlockCount(2000);
  output_->setFont(QFont(QStringLiteral("monospace")));
  status_->setWordWrap(true);
  auto* browse = new QPushButton(tr("Browse…"), this);

  auto* folder_row = new QHBoxLayout();
  folder_row->addWidget(folder_, 1);
  folder_row->addWidget(browse);
  auto* form = new QFormLayout();
  form->addRow(tr("Size:"), size_);
  form->addRow(tr("Folder:"), folder_row);
  form->addRow(tr("Base port:"), port_);
  auto* buttons = new QHBoxLayout();
  buttons->addWidget(status_, 1);
  buttons->addWidget(launch_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(new QLabel(tr("Output:"), this));
  layout->addWidget(output_, 1);
  layout->addLayout(buttons);

  connect(browse, &QPushButton::clicked, this, &LaunchClusterDialog::browse);
  connect(launch_, &QPushButton::clicked, this, &LaunchClusterDialog::launch);
  connect(close_, &QPushButton::clicked, this, &QDialog::accept);
  connect(cluster_, &LocalCluster::output, output_, &QPlainTextEdit::appendPlainText);
  connect(cluster_, &LocalCluster::ready, this, &LaunchClusterDialog::onReady);
  connect(cluster_, &LocalCluster::failed, this, &LaunchClusterDialog::onFailed);
}

void LaunchClusterDialog::browse() {
  auto* dialog = new QFileDialog(this, tr("Folder for the local cluster"), folder_->text());
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::Directory);
  dialog->setOption(QFileDialog::ShowDirsOnly);
  connect(dialog, &QFileDialog::fileSelected, folder_, &QLineEdit::setText);
  dialog->open();
}

void LaunchClusterDialog::launch() {
  const QString folder = folder_->text().trimmed();
  if (folder.isEmpty() || !QDir().mkpath(folder)) {
    status_->setText(tr("Cannot create the folder \"%1\": choose a writable folder.").arg(folder));
    return;
  }
  if (cluster_->isRunning()) {
    status_->setText(
        tr("A local cluster is already running: stop it first (File → Stop local "
           "cluster)."));
    return;
  }
  launch_->setEnabled(false);
  status_->setText(tr("Starting %1 nodes…").arg(size_->value()));
  cluster_->start(size_->value(), folder, quint16(port_->value()));
}

void LaunchClusterDialog::onReady(const QList<QUrl>& endpoints) {
  QStringList names;
  for (const QUrl& url : endpoints) names << url.toString();
  status_->setText(tr("Ready: %1. Connected.").arg(names.join(QStringLiteral(", "))));
  emit ready(endpoints);
}

void LaunchClusterDialog::onFailed(const QString& message) {
  launch_->setEnabled(true);
  status_->setText(
      QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(message.toHtmlEscaped()));
}

}  // namespace tandem::console
