// EventLog: a table model that only grows at the end, and its JSON export.
#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "models/event_log.h"

using namespace tandem::console;

class EventLogTest : public QObject {
  Q_OBJECT

 private slots:
  void appendAddsRowsAtTheEnd();
  void toJsonHasEveryField();
};

void EventLogTest::appendAddsRowsAtTheEnd() {
  EventLog log(nullptr);
  QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::Fatal);
  QSignalSpy added(&log, &EventLog::eventAdded);
  QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);

  const QDateTime t = QDateTime(QDate(2026, 11, 27), QTime(17, 40, 1, 250), Qt::UTC);
  log.append(Event{t, EventKind::kFailover, "SNGL-2", "Failover: 127.0.0.1:9002 now leads"});
  const QDateTime before = QDateTime::currentDateTimeUtc();
  log.append(EventKind::kOperation, QString(), "Drain started");
  QCOMPARE(log.rowCount(), 2);
  QCOMPARE(log.columnCount(), int(EventLog::kColumnCount));
  QCOMPARE(added.size(), 2);
  QCOMPARE(inserted.size(), 2);
  QCOMPARE(inserted[1][1].toInt(), 1);  // at the end
  QCOMPARE(added[0][0].value<Event>().message, "Failover: 127.0.0.1:9002 now leads");

  const auto cell = [&](int row, int column) {
    return log.data(log.index(row, column)).toString();
  };
  QCOMPARE(cell(0, EventLog::kTime),
           t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
  QCOMPARE(cell(0, EventLog::kKind), "failover");
  QCOMPARE(cell(0, EventLog::kNode), "SNGL-2");
  QCOMPARE(cell(0, EventLog::kMessage), "Failover: 127.0.0.1:9002 now leads");
  QCOMPARE(cell(1, EventLog::kKind), "operation");
  // The convenience overload stamps the time now.
  QVERIFY(log.events()[1].time >= before.addSecs(-1));
  QVERIFY(log.events()[1].time <= QDateTime::currentDateTimeUtc());
  QCOMPARE(log.events()[1].time.timeSpec(), Qt::UTC);
  // An event without a time gets one too.
  log.append(Event{QDateTime(), EventKind::kHealth, "S", "m"});
  QVERIFY(log.events()[2].time.isValid());
  QCOMPARE(log.headerData(EventLog::kMessage, Qt::Horizontal).toString(), "Message");
  QVERIFY(!log.data(log.index(7, 0)).isValid());
}

void EventLogTest::toJsonHasEveryField() {
  EventLog log(nullptr);
  const QDateTime t = QDateTime(QDate(2026, 11, 27), QTime(17, 40, 1, 250), Qt::UTC);
  log.append(Event{t, EventKind::kSwitchover, "SNGL-3", "Switchover: x"});
  log.append(Event{t.addSecs(1), EventKind::kMaintenance, QString(), "Maintenance off"});
  const QJsonArray json = log.toJson();
  QCOMPARE(json.size(), 2);
  QCOMPARE(json[0].toObject(), QJsonObject({{"time", "2026-11-27T17:40:01.250Z"},
                                            {"kind", "switchover"},
                                            {"node", "SNGL-3"},
                                            {"message", "Switchover: x"}}));
  QCOMPARE(json[1].toObject().value("kind").toString(), "maintenance");
  QCOMPARE(json[1].toObject().value("node").toString(), "");
  QCOMPARE(eventKindName(EventKind::kResync), "resync");
  QCOMPARE(eventKindName(EventKind::kConnection), "connection");
  QCOMPARE(eventKindName(EventKind::kMembership), "membership");
}

QTEST_GUILESS_MAIN(EventLogTest)
#include "tst_event_log.moc"
