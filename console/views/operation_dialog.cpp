#include "operation_dialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "models/event_detector.h"
#include "models/event_log.h"
#include "node_palette.h"

namespace tandem::console {

namespace {

enum Page { kConfirmPage, kProgressPage };

QLabel* wrappedLabel(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

}  // namespace

OperationDialog::OperationDialog(Operation* operation, EventLog* log, EventDetector* detector,
                                 QWidget* parent)
    : QDialog(parent),
      operation_(operation),
      log_(log),
      detector_(detector),
      pages_(new QStackedWidget(this)),
      confirmation_(wrappedLabel(this)),
      steps_(new QListWidget(this)),
      detail_(wrappedLabel(this)),
      result_(wrappedLabel(this)),
      run_(new QPushButton(tr("Run"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      close_(new QPushButton(tr("Close"), this)) {
  setObjectName(QStringLiteral("operationDialog"));
  setAttribute(Qt::WA_DeleteOnClose);
  setWindowModality(Qt::WindowModal);
  setWindowTitle(operation_->title());
  setMinimumWidth(480);
  operation_->setParent(this);
  buildPages();
  connect(operation_, &Operation::stepStarted, this, &OperationDialog::onStepStarted);
  connect(operation_, &Operation::progress, detail_, &QLabel::setText);
  connect(operation_, &Operation::finished, this, &OperationDialog::onFinished);
  connect(run_, &QPushButton::clicked, this, &OperationDialog::startNow);
  connect(cancel_, &QPushButton::clicked, this, &OperationDialog::reject);
  connect(close_, &QPushButton::clicked, this, &QDialog::accept);
}

void OperationDialog::buildPages() {
  run_->setObjectName(QStringLiteral("runButton"));
  cancel_->setObjectName(QStringLiteral("cancelButton"));
  close_->setObjectName(QStringLiteral("closeButton"));
  steps_->setObjectName(QStringLiteral("stepsList"));
  result_->setObjectName(QStringLiteral("resultLabel"));
  detail_->setObjectName(QStringLiteral("detailLabel"));
  run_->setDefault(true);
  close_->setVisible(false);

  auto* confirm_page = new QWidget(pages_);
  auto* confirm_layout = new QVBoxLayout(confirm_page);
  auto* heading = new QLabel(QStringLiteral("<h3>%1</h3>").arg(operation_->title().toHtmlEscaped()),
                             confirm_page);
  confirmation_->setText(operation_->confirmation());
  confirm_layout->addWidget(heading);
  confirm_layout->addWidget(confirmation_);
  confirm_layout->addStretch(1);

  auto* progress_page = new QWidget(pages_);
  auto* progress_layout = new QVBoxLayout(progress_page);
  for (const QString& step : operation_->steps()) steps_->addItem(QStringLiteral("○  ") + step);
  detail_->setStyleSheet(QStringLiteral("color: #555;"));
  progress_layout->addWidget(steps_, 1);
  progress_layout->addWidget(detail_);
  progress_layout->addWidget(result_);
  result_->setVisible(false);

  pages_->addWidget(confirm_page);
  pages_->addWidget(progress_page);
  auto* buttons = new QHBoxLayout();
  buttons->addStretch(1);
  buttons->addWidget(run_);
  buttons->addWidget(cancel_);
  buttons->addWidget(close_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(pages_, 1);
  layout->addLayout(buttons);
}

void OperationDialog::startNow() {
  if (operation_->state() != Operation::State::kIdle) return;
  pages_->setCurrentIndex(kProgressPage);
  run_->setVisible(false);
  cancel_->setToolTip(tr("Stop at the next safe point; what was done is not undone"));
  if (log_)
    log_->append(EventKind::kOperation, QString(), tr("Started: %1").arg(operation_->title()));
  if (detector_ && !operation_->expectedLeader().isEmpty()) {
    detector_->expectSwitchover(operation_->expectedLeader());
  }
  operation_->start();
}

void OperationDialog::markSteps(int current, bool all_done) {
  const QStringList texts = operation_->steps();
  for (int i = 0; i < steps_->count() && i < texts.size(); ++i) {
    QListWidgetItem* item = steps_->item(i);
    QFont font = item->font();
    font.setBold(!all_done && i == current);
    item->setFont(font);
    if (all_done || i < current) {
      item->setText(QStringLiteral("✓  ") + texts[i]);
      item->setForeground(okColor().darker(120));
    } else if (i == current) {
      item->setText(QStringLiteral("▶  ") + texts[i]);
      item->setForeground(QColor(0x1f, 0x6f, 0xc5));
    } else {
      item->setText(QStringLiteral("○  ") + texts[i]);
      item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    }
  }
}

void OperationDialog::onStepStarted(int index, const QString& text) {
  // Steps may be added at run time (a rolling upgrade learns its followers): keep the list long
  // enough.
  while (steps_->count() <= index) steps_->addItem(QString());
  if (steps_->item(index)->text().isEmpty()) steps_->item(index)->setText(text);
  markSteps(index, false);
  steps_->scrollToItem(steps_->item(index));
}

void OperationDialog::onFinished(Operation::State state, const QString& message) {
  const bool ok = state == Operation::State::kSucceeded;
  if (ok) markSteps(steps_->count(), true);
  QString headline;
  QColor colour;
  switch (state) {
    case Operation::State::kSucceeded:
      headline = tr("Succeeded");
      colour = okColor();
      break;
    case Operation::State::kCancelled:
      headline = tr("Cancelled");
      colour = warnColor();
      break;
    default:
      headline = tr("Failed");
      colour = errorColor();
      break;
  }
  result_->setText(QStringLiteral("<b style='color:%1'>%2</b><br>%3")
                       .arg(colour.name(), headline, message.toHtmlEscaped()));
  result_->setVisible(true);
  cancel_->setVisible(false);
  close_->setVisible(true);
  close_->setDefault(true);
  close_->setFocus();
  if (log_) {
    log_->append(EventKind::kOperation, QString(),
                 tr("%1: %2 — %3").arg(headline, operation_->title(), message));
  }
  emit operationFinished(state, message);
}

void OperationDialog::reject() {
  if (operation_->state() == Operation::State::kRunning) {
    cancel_->setEnabled(false);
    cancel_->setText(tr("Cancelling…"));
    operation_->cancel();  // finished() follows; the dialog stays to show the outcome
    return;
  }
  QDialog::reject();
}

}  // namespace tandem::console
