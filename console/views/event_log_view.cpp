#include "event_log_view.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStyledItemDelegate>

#include "models/event_log.h"
#include "node_palette.h"

namespace tandem::console {

namespace {

// Colours a row's text by its event kind (the model gives the kind's wire-neutral display text
// in the kind column; the kind itself is read from the log by row).
class EventKindDelegate : public QStyledItemDelegate {
 public:
  EventKindDelegate(EventLog* log, QObject* parent) : QStyledItemDelegate(parent), log_(log) {}

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.row() < 0 || index.row() >= log_->events().size()) return;
    const EventKind kind = log_->events().at(index.row()).kind;
    option->palette.setColor(QPalette::Text, eventKindColor(kind));
    if (kind == EventKind::kFailover || kind == EventKind::kSwitchover) {
      option->font.setBold(true);
    }
  }

 private:
  EventLog* log_;
};

}  // namespace

EventLogView::EventLogView(EventLog* log, QWidget* parent) : QTableView(parent), log_(log) {
  setObjectName(QStringLiteral("eventLogView"));
  setModel(log_);
  setItemDelegate(new EventKindDelegate(log_, this));
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setAlternatingRowColors(true);
  setWordWrap(false);
  verticalHeader()->setVisible(false);
  verticalHeader()->setDefaultSectionSize(22);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeader()->resizeSection(EventLog::kTime, 150);
  horizontalHeader()->resizeSection(EventLog::kKind, 110);
  horizontalHeader()->resizeSection(EventLog::kNode, 150);
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
          [this](int value) { follow_ = value >= verticalScrollBar()->maximum(); });
  connect(log_, &QAbstractItemModel::rowsInserted, this, [this] {
    if (follow_) scrollToBottom();
  });
}

}  // namespace tandem::console
