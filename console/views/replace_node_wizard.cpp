#include "replace_node_wizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

#include "client/endpoint.h"

namespace tandem::console {

ReplaceNodeWizard::ReplaceNodeWizard(ApiClient* client, const ClusterState& state,
                                     const QString& selected_id, QWidget* parent)
    : QWizard(parent), client_(client), check_timer_(new QTimer(this)) {
  setObjectName(QStringLiteral("replaceNodeWizard"));
  setAttribute(Qt::WA_DeleteOnClose);
  setWindowTitle(tr("Replace a node"));
  setWizardStyle(QWizard::ModernStyle);
  setOption(QWizard::NoBackButtonOnStartPage);
  setButtonText(QWizard::FinishButton, tr("Replace"));
  setMinimumSize(560, 400);
  check_timer_->setSingleShot(true);
  check_timer_->setInterval(300);
  connect(check_timer_, &QTimer::timeout, this, &ReplaceNodeWizard::checkEndpoint);
  setPage(kChoosePage, makeChoosePage(state, selected_id));
  setPage(kNewNodePage, makeNewNodePage());
  setPage(kSummaryPage, makeSummaryPage());
  connect(this, &QDialog::accepted, this, [this] { emit replaceRequested(spec()); });
}

QWizardPage* ReplaceNodeWizard::makeChoosePage(const ClusterState& state,
                                               const QString& selected_id) {
  auto* page = new QWizardPage(this);
  page->setTitle(tr("Node to replace"));
  page->setSubTitle(
      tr("The node is drained and removed once its replacement is in sync; a "
         "leader is switched over to the new node first."));
  old_node_ = new QComboBox(page);
  old_node_->setObjectName(QStringLiteral("oldNodeCombo"));
  for (const NodeState& node : state.nodes) {
    if (node.role == NodeRole::kRemoved || node.id.isEmpty()) continue;
    const QString role = node.role == NodeRole::kLeader ? tr("leader") : tr("follower");
    old_node_->addItem(QStringLiteral("%1 — %2 (%3)").arg(node.endpoint, node.id, role), node.id);
  }
  const int index = old_node_->findData(selected_id);
  if (index >= 0) old_node_->setCurrentIndex(index);
  auto* layout = new QFormLayout(page);
  layout->addRow(tr("Replace:"), old_node_);
  return page;
}

QWizardPage* ReplaceNodeWizard::makeNewNodePage() {
  auto* page = new QWizardPage(this);
  page->setTitle(tr("The new node"));
  page->setSubTitle(
      tr("Attach a node you started (a data node naming this cluster's agency), "
         "or let the console launch one on this machine."));
  attach_ = new QRadioButton(tr("Attach a running node by endpoint"), page);
  attach_->setObjectName(QStringLiteral("attachRadio"));
  attach_->setChecked(true);
  launch_ = new QRadioButton(tr("Launch a new node locally"), page);
  launch_->setObjectName(QStringLiteral("launchRadio"));
  endpoint_ = new QLineEdit(page);
  endpoint_->setObjectName(QStringLiteral("newEndpointEdit"));
  endpoint_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8533"));
  check_ = new QLabel(page);
  check_->setObjectName(QStringLiteral("checkLabel"));
  check_->setWordWrap(true);
  folder_ = new QLineEdit(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                              QStringLiteral("/replacement-node"),
                          page);
  folder_->setObjectName(QStringLiteral("launchFolderEdit"));
  port_ = new QSpinBox(page);
  port_->setObjectName(QStringLiteral("launchPortSpin"));
  port_->setRange(0, 65000);
  port_->setSpecialValueText(tr("any free port"));
  auto* layout = new QFormLayout(page);
  layout->addRow(attach_);
  layout->addRow(tr("Endpoint:"), endpoint_);
  layout->addRow(QString(), check_);
  layout->addRow(launch_);
  layout->addRow(tr("Data folder:"), folder_);
  layout->addRow(tr("Port:"), port_);
  connect(attach_, &QRadioButton::toggled, this, &ReplaceNodeWizard::updateMode);
  connect(endpoint_, &QLineEdit::textChanged, this, [this] {
    verified_id_.clear();
    check_->setText(tr("Checking…"));
    check_timer_->start();
  });
  updateMode();
  return page;
}

QWizardPage* ReplaceNodeWizard::makeSummaryPage() {
  auto* page = new QWizardPage(this);
  page->setTitle(tr("Summary"));
  page->setFinalPage(true);
  summary_ = new QLabel(page);
  summary_->setObjectName(QStringLiteral("summaryLabel"));
  summary_->setWordWrap(true);
  stop_old_ = new QCheckBox(tr("Shut the old node down after it is removed"), page);
  stop_old_->setObjectName(QStringLiteral("stopOldCheck"));
  stop_old_->setChecked(true);
  auto* layout = new QVBoxLayout(page);
  layout->addWidget(summary_);
  layout->addWidget(stop_old_);
  layout->addStretch(1);
  return page;
}

void ReplaceNodeWizard::updateMode() {
  const bool attach = attach_->isChecked();
  endpoint_->setEnabled(attach);
  check_->setEnabled(attach);
  folder_->setEnabled(!attach);
  port_->setEnabled(!attach);
}

void ReplaceNodeWizard::checkEndpoint() {
  delete check_context_;  // drops the reply of an older check
  check_context_ = new QObject(this);
  const QUrl url = httpUrl(endpoint_->text().trimmed());
  if (!url.isValid() || url.port() <= 0) {
    check_->setText(tr("Write the endpoint as http://host:port."));
    return;
  }
  client_->get(
      url, QStringLiteral("/_admin/server/id"), check_context_, [this](const ApiReply& reply) {
        const Parsed<QString> id = parseServerId(reply);
        if (!id.ok()) {
          check_->setText(tr("✗ %1 — start the node first, or check the address.").arg(id.error));
          return;
        }
        verified_id_ = *id.value;
        check_->setText(tr("✓ %1 answers.").arg(verified_id_));
      });
}

bool ReplaceNodeWizard::validateCurrentPage() {
  if (currentId() == kChoosePage) return old_node_->currentIndex() >= 0;
  if (currentId() == kNewNodePage) {
    if (launch_->isChecked()) return !folder_->text().trimmed().isEmpty();
    if (verified_id_.isEmpty()) {
      if (!check_timer_->isActive()) checkEndpoint();
      return false;
    }
    if (verified_id_ == old_node_->currentData().toString()) {
      check_->setText(tr("✗ That is the node being replaced: give the new node's endpoint."));
      return false;
    }
  }
  return QWizard::validateCurrentPage();
}

void ReplaceNodeWizard::initializePage(int id) {
  QWizard::initializePage(id);
  if (id != kSummaryPage) return;
  const ReplaceSpec s = spec();
  const QString old_name = old_node_->currentText();
  const QString new_name = s.launch ? tr("a new node launched locally in %1").arg(s.data_directory)
                                    : tr("%1 (%2)").arg(s.new_endpoint.toString(), verified_id_);
  summary_->setText(tr("<p>Replace <b>%1</b> with <b>%2</b>.</p><ol><li>Wait until the new "
                       "node is registered and in sync.</li><li>If the old node leads, switch "
                       "over to the new one.</li><li>Drain the old node, then remove it.</li>"
                       "</ol><p>Press Replace to start; progress is shown next.</p>")
                        .arg(old_name.toHtmlEscaped(), new_name.toHtmlEscaped()));
}

ReplaceSpec ReplaceNodeWizard::spec() const {
  ReplaceSpec out;
  out.old_id = old_node_->currentData().toString();
  out.launch = launch_->isChecked();
  if (out.launch) {
    out.data_directory = folder_->text().trimmed();
    out.port = quint16(port_->value());
  } else {
    out.new_endpoint = httpUrl(endpoint_->text().trimmed());
  }
  out.stop_old = stop_old_->isChecked();
  return out;
}

}  // namespace tandem::console
