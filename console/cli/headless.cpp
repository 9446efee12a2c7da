#include "headless.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>
#include <csignal>

#include "command_line.h"
#include "models/cluster_poller.h"
#include "models/event_log.h"
#include "models/lag_history.h"
#include "models/snapshot.h"
#include "ops/operations.h"
#include "views/gui.h"

namespace tandem::console {
namespace {

void printOut(const QString& text) {
  QTextStream out(stdout);
  out << text;
  if (!text.endsWith(QLatin1Char('\n'))) out << '\n';
  out.flush();
}

void printErr(const QString& text) {
  QTextStream err(stderr);
  err << text;
  if (!text.endsWith(QLatin1Char('\n'))) err << '\n';
  err.flush();
}

QString unreachable(const HeadlessCommand& command, const QString& detail) {
  QStringList tried;
  for (const QUrl& url : command.endpoints) tried << url.toString(QUrl::StripTrailingSlash);
  QString text = QCoreApplication::translate(
                     "Headless",
                     "Could not reach any of: %1; is the cluster running? (start one with: "
                     "tandem-node local-cluster --nodes 3 --dir DIR)")
                     .arg(tried.join(QStringLiteral(", ")));
  if (!detail.isEmpty()) text += QLatin1Char('\n') + detail;
  return text;
}

// One poll round (the poller's own timeouts bound it); nullopt with the message printed when no
// node answered.
std::optional<ClusterState> pollOnce(const HeadlessCommand& command, ApiClient* client) {
  ClusterPoller poller(client, nullptr);
  poller.setSeeds(command.endpoints);
  poller.setInterval(command.interval_ms);
  std::optional<ClusterState> state;
  QObject::connect(&poller, &ClusterPoller::stateChanged, &poller,
                   [&state, &poller](const ClusterState& next) {
                     if (state) return;
                     state = next;
                     poller.stop();
                     QCoreApplication::exit(0);
                   });
  // A backstop only: every request of the round is bounded by the client's timeout.
  QTimer backstop;
  backstop.setSingleShot(true);
  QObject::connect(&backstop, &QTimer::timeout, &poller, [] { QCoreApplication::exit(0); });
  backstop.start(4 * command.timeout_ms + 5000);
  poller.start();
  QCoreApplication::exec();
  if (!state || !state->connected) {
    printErr(unreachable(command, state ? state->error : QString()));
    return std::nullopt;
  }
  return state;
}

int runStatus(const HeadlessCommand& command, ApiClient* client) {
  const std::optional<ClusterState> state = pollOnce(command, client);
  if (!state) return 1;
  if (command.json) {
    LagHistory history(nullptr);
    history.record(*state);
    EventLog events(nullptr);
    printOut(QString::fromUtf8(snapshotBytes(*state, &history, &events)));
    return 0;
  }
  QString text = statusText(*state);
  if (state->maintenance_until_ms > 0) {
    text += QCoreApplication::translate(
                "Headless",
                "Note: maintenance mode is on until %1 (UTC): supervision will not replace a "
                "failed leader. Turn it off with: tandem-console maintenance off --endpoint …\n")
                .arg(QDateTime::fromMSecsSinceEpoch(state->maintenance_until_ms, Qt::UTC)
                         .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
  }
  printOut(text);
  return 0;
}

bool writeFile(const QString& name, const QByteArray& bytes, QString* error) {
  QSaveFile file(name);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    *error =
        QCoreApplication::translate(
            "Headless", "Could not write %1: %2. Check that the folder exists and is writable.")
            .arg(name, file.errorString());
    return false;
  }
  return true;
}

int runExport(const HeadlessCommand& command, ApiClient* client) {
  QString error;
  if (command.format == QLatin1String("png")) {
    if (!exportWindowPng(command.endpoints, command.credentials, command.output,
                         4 * command.timeout_ms + 5000, &error)) {
      printErr(error);
      return 1;
    }
    printOut(QCoreApplication::translate("Headless", "Wrote %1 (PNG of the console window).")
                 .arg(command.output));
    return 0;
  }
  const std::optional<ClusterState> state = pollOnce(command, client);
  if (!state) return 1;
  LagHistory history(nullptr);
  history.record(*state);
  EventLog events(nullptr);
  const QByteArray bytes = command.format == QLatin1String("csv")
                               ? history.toCsv()
                               : snapshotBytes(*state, &history, &events);
  if (!writeFile(command.output, bytes, &error)) {
    printErr(error);
    return 1;
  }
  printOut(QCoreApplication::translate("Headless", "Wrote %1 (%2, %3 bytes).")
               .arg(command.output, command.format.toUpper())
               .arg(bytes.size()));
  return 0;
}

// Ctrl-C (SIGINT) or SIGTERM while an operation runs cancels it at its next safe point instead
// of killing the console in the middle of a step; the signal only writes to a socket (all a
// handler may do), the event loop does the rest.
class InterruptCanceller {
 public:
  explicit InterruptCanceller(Operation* operation) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_) != 0) return;
    notifier_ = std::make_unique<QSocketNotifier>(fds_[0], QSocketNotifier::Read);
    QObject::connect(notifier_.get(), &QSocketNotifier::activated, operation, [this, operation] {
      char byte = 0;
      if (::read(fds_[0], &byte, 1) == 1 && operation->state() == Operation::State::kRunning) {
        printErr(QCoreApplication::translate("Headless", "Cancelling at the next safe point…"));
        operation->cancel();
      }
    });
    write_fd_ = fds_[1];
    struct sigaction action {};
    action.sa_handler = [](int) {
      const char byte = 1;
      [[maybe_unused]] const ssize_t written = ::write(write_fd_, &byte, 1);
    };
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptCanceller() {
    if (!notifier_) return;
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    notifier_.reset();
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  InterruptCanceller(const InterruptCanceller&) = delete;
  InterruptCanceller& operator=(const InterruptCanceller&) = delete;

 private:
  static inline int write_fd_ = -1;
  int fds_[2] = {-1, -1};
  std::unique_ptr<QSocketNotifier> notifier_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

Operation* makeOperation(const HeadlessCommand& command, ApiClient* client) {
  const QString& name = command.name;
  if (name == QLatin1String("switchover"))
    return makeSwitchover(client, command.endpoints, command.node, client);
  if (name == QLatin1String("drain"))
    return makeDrain(client, command.endpoints, command.node, client);
  if (name == QLatin1String("remove"))
    return makeRemove(client, command.endpoints, command.node, client);
  if (name == QLatin1String("upgrade"))
    return makeUpgrade(client, command.endpoints, command.node, client);
  if (name == QLatin1String("maintenance"))
    return makeMaintenance(client, command.endpoints, command.on, client);
  if (name == QLatin1String("replace")) {
    ReplaceSpec spec;
    spec.old_id = command.node;
    spec.new_endpoint = command.new_endpoint;
    spec.launch = command.launch;
    spec.data_directory = command.data_directory;
    spec.port = command.port;
    spec.stop_old = !command.keep_old;
    return makeReplace(client, command.endpoints, spec, client);
  }
  return makeRollingUpgrade(client, command.endpoints, client);
}

// Runs the operation to its end, printing "[2/4] step" and indented details as they come.
int runOperation(const HeadlessCommand& command, ApiClient* client) {
  Operation* operation = makeOperation(command, client);
  const int count = int(operation->steps().size());
  int exit_code = 1;
  QObject::connect(operation, &Operation::stepStarted, operation,
                   [count](int index, const QString& text) {
                     printOut(QStringLiteral("[%1/%2] %3").arg(index + 1).arg(count).arg(text));
                   });
  QObject::connect(operation, &Operation::progress, operation,
                   [](const QString& detail) { printOut(QStringLiteral("      ") + detail); });
  QObject::connect(operation, &Operation::finished, operation,
                   [&exit_code](Operation::State state, const QString& message) {
                     if (state == Operation::State::kSucceeded) {
                       printOut(message);
                       exit_code = 0;
                     } else {
                       printErr(message);
                     }
                     QCoreApplication::exit(exit_code);
                   });
  printOut(operation->title());
  {
    InterruptCanceller canceller(operation);
    operation->start();
    if (operation->state() == Operation::State::kRunning) QCoreApplication::exec();
  }
  delete operation;
  return exit_code;
}

}  // namespace

bool isHeadlessCommand(const QStringList& arguments) {
  return !arguments.isEmpty() && headlessCommandNames().contains(arguments.first());
}

int runHeadless(const QStringList& arguments) {
  const CommandLine line = parseCommandLine(arguments);
  if (!line.command) {
    if (line.exit_code == 0) {
      printOut(line.text);
    } else {
      printErr(line.text);
    }
    return line.exit_code;
  }
  const HeadlessCommand& command = *line.command;
  ApiClient client(nullptr);
  client.setTimeout(command.timeout_ms);
  client.setCredentials(command.credentials);
  if (command.name == QLatin1String("status")) return runStatus(command, &client);
  if (command.name == QLatin1String("export")) return runExport(command, &client);
  return runOperation(command, &client);
}

}  // namespace tandem::console
