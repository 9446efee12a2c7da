// tandem-console: the windowed console, or a headless command (status, export, switchover, …).
// Only wiring: choose the mode, create the application, load translations, run.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include "app/app_translations.h"
#include "cli/headless.h"
#include "client/endpoint.h"
#include "views/gui.h"

namespace {

// --lang is read before the application exists (translations load first).
QString languageArgument(const QStringList& arguments) {
  for (int i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == QLatin1String("--lang") && i + 1 < arguments.size()) {
      return arguments[i + 1];
    }
    if (arguments[i].startsWith(QLatin1String("--lang="))) return arguments[i].mid(7);
  }
  return {};
}

int runWindowed(QApplication& app) {
  using tandem::console::Credentials;
  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate(
      "main",
      "Tandem admin console: live topology, replication lag and cluster operations.\n"
      "Headless commands: status, export, switchover, drain, remove, upgrade, "
      "maintenance (tandem-console <command> --help)."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption endpoint(
      QStringLiteral("endpoint"),
      QApplication::translate("main", "A node to connect to (repeatable)."), QStringLiteral("url"));
  const QCommandLineOption interval(
      QStringLiteral("interval"), QApplication::translate("main", "Poll interval in milliseconds."),
      QStringLiteral("ms"), QStringLiteral("1000"));
  const QCommandLineOption lang(QStringLiteral("lang"),
                                QApplication::translate("main", "Language (de, fr, en)."),
                                QStringLiteral("code"));
  const QCommandLineOption user(QStringLiteral("user"),
                                QApplication::translate("main",
                                                        "User name for basic authentication "
                                                        "(password from TANDEM_PASSWORD)."),
                                QStringLiteral("name"));
  const QCommandLineOption jwt(QStringLiteral("jwt-file"),
                               QApplication::translate("main", "File holding a JWT bearer token."),
                               QStringLiteral("file"));
  parser.addOptions({endpoint, interval, lang, user, jwt});
  parser.process(app);

  tandem::console::GuiOptions options;
  for (const QString& text : parser.values(endpoint)) {
    const QUrl url = tandem::console::httpUrl(text);
    if (!url.isValid()) {
      QTextStream(stderr)
          << QApplication::translate("main", "tandem-console: not an endpoint: %1").arg(text)
          << '\n';
      return 2;
    }
    options.endpoints.append(url);
  }
  bool ok = false;
  options.interval_ms = parser.value(interval).toInt(&ok);
  if (!ok || options.interval_ms < 100) {
    QTextStream(stderr) << QApplication::translate(
                               "main", "tandem-console: --interval must be at least 100 ms")
                        << '\n';
    return 2;
  }
  if (parser.isSet(jwt)) {
    QFile file(parser.value(jwt));
    if (!file.open(QIODevice::ReadOnly)) {
      QTextStream(stderr) << QApplication::translate("main", "tandem-console: cannot read %1: %2")
                                 .arg(file.fileName(), file.errorString())
                          << '\n';
      return 2;
    }
    options.credentials.kind = Credentials::Kind::kBearer;
    options.credentials.token = QString::fromUtf8(file.readAll()).trimmed();
  } else if (parser.isSet(user)) {
    options.credentials.kind = Credentials::Kind::kBasic;
    options.credentials.user = parser.value(user);
    options.credentials.password = qEnvironmentVariable("TANDEM_PASSWORD");
  }
  return tandem::console::runGui(options);
}

}  // namespace

int main(int argc, char** argv) {
  QStringList arguments;
  for (int i = 1; i < argc; ++i) arguments.append(QString::fromLocal8Bit(argv[i]));
  const bool headless = tandem::console::isHeadlessCommand(arguments);
  const bool text_only = arguments.contains(QLatin1String("--help")) ||
                         arguments.contains(QLatin1String("-h")) ||
                         arguments.contains(QLatin1String("--version"));
  // Headless commands and --help never need a display (a PNG export renders offscreen).
  if ((headless || text_only) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  if (!headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
      qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
    // Qt would abort with a platform-plugin error; say what to do instead.
    QTextStream(stderr) << "tandem-console: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                           "  Headless use: tandem-console status --endpoint http://HOST:PORT\n"
                           "  Or render offscreen: QT_QPA_PLATFORM=offscreen tandem-console ...\n";
    return 3;
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("tandem-console"));
  QApplication::setOrganizationName(QStringLiteral("Tandem"));
  QApplication::setApplicationVersion(QStringLiteral(TANDEM_CONSOLE_VERSION));
  tandem::console::installTranslations(app, languageArgument(arguments));
  if (headless) return tandem::console::runHeadless(arguments);
  return runWindowed(app);
}
