#include "gui.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "connect_dialog.h"
#include "main_window.h"
#include "models/cluster_state.h"

// Q_INIT_RESOURCE declares the resource's initializer: it must be used at global scope.
static void initConsoleResources() {
#if __has_include("../../resources/console.qrc")
  Q_INIT_RESOURCE(console);
#endif
}

namespace tandem::console {

namespace {

// Benchmark hook (scripts/bench): with TANDEM_CONSOLE_BENCH set, print one line once the first
// connected poll round has been applied to every view and the window painted; "quit" also quits.
void installBenchHook(MainWindow* window) {
  if (qEnvironmentVariableIsEmpty("TANDEM_CONSOLE_BENCH")) return;
  auto connection = std::make_shared<QMetaObject::Connection>();
  *connection = QObject::connect(window, &MainWindow::stateApplied, window,
                                 [window, connection](const ClusterState& state) {
                                   if (!state.connected) return;
                                   QObject::disconnect(*connection);
                                   // After this round's updates are queued: paint synchronously,
                                   // then report.
                                   QTimer::singleShot(0, window, [window] {
                                     window->repaint();
                                     std::fputs("tandem-console: first full render\n", stderr);
                                     std::fflush(stderr);
                                     if (qgetenv("TANDEM_CONSOLE_BENCH") == "quit")
                                       QCoreApplication::quit();
                                   });
                                 });
}

}  // namespace

// The icons come from resources/console.qrc, compiled into the static UI library; a static
// library's resources must be registered by hand. The qrc is optional while the tree is being
// built up, hence the check that it exists.
void ensureResources() {
  static const bool done = [] {
    initConsoleResources();
    return true;
  }();
  (void)done;
}

int runGui(const GuiOptions& options) {
  ensureResources();
  const QIcon icon(QStringLiteral(":/icons/tandem.svg"));
  QApplication::setWindowIcon(icon);
  MainWindow window;
  window.setWindowIcon(icon);
  window.setInterval(options.interval_ms);
  installBenchHook(&window);
  window.show();
  if (options.endpoints.isEmpty()) {
    window.openConnectDialog();
  } else {
    QStringList names;
    for (const QUrl& url : options.endpoints) names << url.toString();
    ConnectDialog::rememberEndpoint(names.join(QLatin1Char(' ')));
    window.connectTo(options.endpoints, options.credentials);
  }
  return QApplication::exec();
}

bool exportWindowPng(const QList<QUrl>& endpoints, const Credentials& credentials,
                     const QString& file, int timeout_ms, QString* error) {
  ensureResources();
  auto window = std::make_unique<MainWindow>();
  window->resize(1360, 860);
  window->show();
  // Headless path (no user in front of it): waiting for the first round is the point here.
  QEventLoop loop;
  bool connected = false;
  QObject::connect(window.get(), &MainWindow::stateApplied, &loop, [&](const ClusterState& state) {
    if (!state.connected) return;
    connected = true;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  window->connectTo(endpoints, credentials);
  loop.exec();
  if (!connected) {
    *error = QCoreApplication::translate(
                 "Gui",
                 "No node answered within %1 ms: check the endpoint and that the "
                 "cluster runs (last error: %2).")
                 .arg(timeout_ms)
                 .arg(window->state().error);
    return false;
  }
  QCoreApplication::processEvents();
  if (!window->grab().save(file, "PNG")) {
    *error = QCoreApplication::translate(
                 "Gui", "Could not write %1: check that the folder exists and is writable.")
                 .arg(file);
    return false;
  }
  return true;
}

}  // namespace tandem::console
