// ReplaceNodeWizard: replace a node in three pages — (1) which node (default: the selected
// one); (2) the new node: attach one already started, by endpoint (checked with GET
// /_admin/server/id as it is typed; Next refuses until it answered), or launch one locally
// (folder, port); (3) a summary of what will happen. Finishing emits replaceRequested(spec): the
// window runs makeReplace through an OperationDialog, the summary having been the confirmation.
//
// Ownership: a QWizard with a parent (deletes itself on close); uses (does not own) the
// ApiClient. Non-blocking: open() it. GUI thread only.
#pragma once

#include <QWizard>

#include "client/api_client.h"
#include "models/cluster_state.h"
#include "ops/operations.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace tandem::console {

class ReplaceNodeWizard : public QWizard {
  Q_OBJECT

 public:
  enum PageId { kChoosePage, kNewNodePage, kSummaryPage };

  ReplaceNodeWizard(ApiClient* client, const ClusterState& state, const QString& selected_id,
                    QWidget* parent);

  ReplaceSpec spec() const;
  bool validateCurrentPage() override;
  void initializePage(int id) override;

  QComboBox* oldNodeCombo() const { return old_node_; }
  QRadioButton* attachRadio() const { return attach_; }
  QRadioButton* launchRadio() const { return launch_; }
  QLineEdit* endpointEdit() const { return endpoint_; }
  QLabel* checkLabel() const { return check_; }
  bool endpointVerified() const { return !verified_id_.isEmpty(); }

 signals:
  void replaceRequested(const tandem::console::ReplaceSpec& spec);

 private:
  QWizardPage* makeChoosePage(const ClusterState& state, const QString& selected_id);
  QWizardPage* makeNewNodePage();
  QWizardPage* makeSummaryPage();
  void checkEndpoint();
  void updateMode();

  ApiClient* client_;
  QComboBox* old_node_;
  QRadioButton* attach_;
  QRadioButton* launch_;
  QLineEdit* endpoint_;
  QLabel* check_;
  QLineEdit* folder_;
  QSpinBox* port_;
  QLabel* summary_;
  QCheckBox* stop_old_;
  QTimer* check_timer_;
  QObject* check_context_ = nullptr;  // replaced per check: drops the replies of older checks
  QString verified_id_;               // the server id the typed endpoint answered with
};

}  // namespace tandem::console
