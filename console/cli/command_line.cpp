#include "command_line.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include "client/endpoint.h"

namespace tandem::console {
namespace {

QString describe(const QString& command) {
  if (command == QLatin1String("status"))
    return QCoreApplication::translate(
        "CommandLine",
        "Print the cluster's leader, nodes, health, lag and agents (one poll round).");
  if (command == QLatin1String("export"))
    return QCoreApplication::translate(
        "CommandLine",
        "Write a snapshot of the cluster: JSON (full state), CSV (lag) or PNG (the "
        "window).");
  if (command == QLatin1String("switchover"))
    return QCoreApplication::translate(
        "CommandLine", "Make a follower the leader, and wait until it leads and serves writes.");
  if (command == QLatin1String("drain"))
    return QCoreApplication::translate("CommandLine",
                                       "Take a node out of service (a leader hands over first).");
  if (command == QLatin1String("remove"))
    return QCoreApplication::translate("CommandLine", "Remove a drained node from the cluster.");
  if (command == QLatin1String("upgrade"))
    return QCoreApplication::translate(
        "CommandLine",
        "Restart a follower with the upgrade step and wait until it is back in sync.");
  if (command == QLatin1String("maintenance"))
    return QCoreApplication::translate("CommandLine",
                                       "Turn supervision maintenance mode on (60 minutes) or off.");
  return QCoreApplication::translate(
      "CommandLine",
      "Upgrade every node in turn: the followers, then a switchover, then the old "
      "leader.");
}

// The first line of Qt's help names only the program; name the command too.
QString helpText(const QCommandLineParser& parser, const QString& command) {
  QString text = parser.helpText();
  const qsizetype space = text.indexOf(QLatin1Char(' '), text.indexOf(QLatin1String(": ")) + 2);
  if (space > 0) text.insert(space, QLatin1Char(' ') + command);
  return text;
}

CommandLine usageError(const QCommandLineParser& parser, const QString& command,
                       const QString& error) {
  return {
      std::nullopt, 2,
      QStringLiteral("tandem-console %1: %2\n\n%3").arg(command, error, helpText(parser, command))};
}

bool readReplaceOptions(const QCommandLineParser& parser, HeadlessCommand* out, QString* error) {
  out->node = parser.value(QStringLiteral("server"));
  if (out->node.isEmpty())
    return (*error =
                QCoreApplication::translate("CommandLine", "--server ID|ENDPOINT is required")),
           false;
  out->launch = parser.isSet(QStringLiteral("launch"));
  out->keep_old = parser.isSet(QStringLiteral("keep-old"));
  if (out->launch == parser.isSet(QStringLiteral("new"))) {
    return (*error = QCoreApplication::translate(
                "CommandLine", "give either --new URL or --launch --data-dir DIR")),
           false;
  }
  if (!out->launch) {
    out->new_endpoint = httpUrl(parser.value(QStringLiteral("new")));
    if (!out->new_endpoint.isValid()) {
      return (*error = QCoreApplication::translate("CommandLine", "not an endpoint: %1")
                           .arg(parser.value(QStringLiteral("new")))),
             false;
    }
    return true;
  }
  out->data_directory = parser.value(QStringLiteral("data-dir"));
  if (out->data_directory.isEmpty())
    return (*error = QCoreApplication::translate("CommandLine", "--launch needs --data-dir DIR")),
           false;
  if (parser.isSet(QStringLiteral("port"))) {
    bool ok = false;
    const int port = parser.value(QStringLiteral("port")).toInt(&ok);
    if (!ok || port <= 0 || port > 65535)
      return (*error = QCoreApplication::translate("CommandLine", "--port must be 1-65535")), false;
    out->port = quint16(port);
  }
  return true;
}

// The command's own options; false with `error` when a value is missing or wrong.
bool readCommandOptions(const QCommandLineParser& parser, HeadlessCommand* out, QString* error) {
  const QString& name = out->name;
  if (name == QLatin1String("status")) {
    out->json = parser.isSet(QStringLiteral("json"));
  } else if (name == QLatin1String("export")) {
    out->output = parser.value(QStringLiteral("output"));
    if (out->output.isEmpty())
      return (*error = QCoreApplication::translate("CommandLine", "--output FILE is required")),
             false;
    out->format = parser.isSet(QStringLiteral("format"))
                      ? parser.value(QStringLiteral("format")).toLower()
                      : QFileInfo(out->output).suffix().toLower();
    if (!QStringList{QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("png")}.contains(
            out->format)) {
      *error =
          QCoreApplication::translate(
              "CommandLine", "cannot tell the format of \"%1\": give --format json, csv or png")
              .arg(out->output);
      return false;
    }
  } else if (name == QLatin1String("switchover")) {
    out->node = parser.value(QStringLiteral("to"));
    if (out->node.isEmpty())
      return (*error = QCoreApplication::translate("CommandLine", "--to ID|ENDPOINT is required")),
             false;
  } else if (name == QLatin1String("drain") || name == QLatin1String("remove") ||
             name == QLatin1String("upgrade")) {
    out->node = parser.value(QStringLiteral("server"));
    if (out->node.isEmpty())
      return (*error =
                  QCoreApplication::translate("CommandLine", "--server ID|ENDPOINT is required")),
             false;
  } else if (name == QLatin1String("replace")) {
    return readReplaceOptions(parser, out, error);
  } else if (name == QLatin1String("maintenance")) {
    const QStringList words = parser.positionalArguments();
    if (words.size() != 1 ||
        (words[0] != QLatin1String("on") && words[0] != QLatin1String("off"))) {
      return (*error = QCoreApplication::translate("CommandLine", "say on or off")), false;
    }
    out->on = words[0] == QLatin1String("on");
  }
  if (name != QLatin1String("maintenance") && !parser.positionalArguments().isEmpty()) {
    *error = QCoreApplication::translate("CommandLine", "unexpected argument \"%1\"")
                 .arg(parser.positionalArguments().first());
    return false;
  }
  return true;
}

// Endpoints, timeouts and credentials, common to every command.
bool readCommonOptions(const QCommandLineParser& parser, HeadlessCommand* out, QString* error) {
  for (const QString& text : parser.values(QStringLiteral("endpoint"))) {
    const QUrl url = httpUrl(text);
    if (!url.isValid())
      return (*error = QCoreApplication::translate("CommandLine", "not an endpoint: %1").arg(text)),
             false;
    out->endpoints.append(url);
  }
  if (out->endpoints.isEmpty()) {
    return (*error = QCoreApplication::translate(
                "CommandLine", "--endpoint URL is required (any node of the cluster)")),
           false;
  }
  bool ok = false;
  const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
  if (!ok || seconds <= 0 || seconds > 600) {
    return (*error = QCoreApplication::translate("CommandLine",
                                                 "--timeout must be a number of seconds above 0")),
           false;
  }
  out->timeout_ms = int(seconds * 1000);
  out->interval_ms = parser.value(QStringLiteral("interval")).toInt(&ok);
  if (!ok || out->interval_ms < 100) {
    return (*error =
                QCoreApplication::translate("CommandLine", "--interval must be at least 100 ms")),
           false;
  }
  if (parser.isSet(QStringLiteral("jwt-file"))) {
    QFile file(parser.value(QStringLiteral("jwt-file")));
    if (!file.open(QIODevice::ReadOnly)) {
      *error = QCoreApplication::translate("CommandLine", "cannot read %1: %2")
                   .arg(file.fileName(), file.errorString());
      return false;
    }
    out->credentials.kind = Credentials::Kind::kBearer;
    out->credentials.token = QString::fromUtf8(file.readAll()).trimmed();
  } else if (parser.isSet(QStringLiteral("user"))) {
    out->credentials.kind = Credentials::Kind::kBasic;
    out->credentials.user = parser.value(QStringLiteral("user"));
    out->credentials.password = qEnvironmentVariable("TANDEM_PASSWORD");
  }
  return true;
}

void addOptions(QCommandLineParser& parser, const QString& command) {
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("endpoint"),
       QCoreApplication::translate("CommandLine", "A node of the cluster (repeatable; any node)."),
       QStringLiteral("url")},
      {QStringLiteral("timeout"),
       QCoreApplication::translate("CommandLine",
                                   "How long one request may take, in seconds (default 3)."),
       QStringLiteral("s"), QStringLiteral("3")},
      {QStringLiteral("interval"),
       QCoreApplication::translate("CommandLine", "Poll interval in milliseconds (default 1000)."),
       QStringLiteral("ms"), QStringLiteral("1000")},
      {QStringLiteral("user"),
       QCoreApplication::translate(
           "CommandLine", "User for basic authentication (password from TANDEM_PASSWORD)."),
       QStringLiteral("name")},
      {QStringLiteral("jwt-file"),
       QCoreApplication::translate("CommandLine", "File holding a JWT bearer token."),
       QStringLiteral("file")},
      {QStringLiteral("lang"),
       QCoreApplication::translate("CommandLine", "Language of the messages (de, fr, en)."),
       QStringLiteral("code")},
  });
  if (command == QLatin1String("status")) {
    parser.addOption({QStringLiteral("json"),
                      QCoreApplication::translate("CommandLine",
                                                  "Print the snapshot JSON instead of the text.")});
  } else if (command == QLatin1String("export")) {
    parser.addOption({QStringLiteral("output"),
                      QCoreApplication::translate("CommandLine", "The file to write."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("format"),
                      QCoreApplication::translate(
                          "CommandLine", "json, csv or png (default: from the file's suffix)."),
                      QStringLiteral("format")});
  } else if (command == QLatin1String("switchover")) {
    parser.addOption(
        {QStringLiteral("to"),
         QCoreApplication::translate("CommandLine", "The follower to lead: its id or endpoint."),
         QStringLiteral("node")});
  } else if (command == QLatin1String("drain") || command == QLatin1String("remove") ||
             command == QLatin1String("upgrade")) {
    parser.addOption({QStringLiteral("server"),
                      QCoreApplication::translate("CommandLine", "The node: its id or endpoint."),
                      QStringLiteral("node")});
  } else if (command == QLatin1String("replace")) {
    parser.addOptions({
        {QStringLiteral("server"),
         QCoreApplication::translate("CommandLine", "The node to replace: its id or endpoint."),
         QStringLiteral("node")},
        {QStringLiteral("new"),
         QCoreApplication::translate("CommandLine", "The new node, already started: its endpoint."),
         QStringLiteral("url")},
        {QStringLiteral("launch"),
         QCoreApplication::translate("CommandLine", "Start the new node on this machine.")},
        {QStringLiteral("data-dir"),
         QCoreApplication::translate("CommandLine",
                                     "With --launch: the new node's data directory."),
         QStringLiteral("dir")},
        {QStringLiteral("port"),
         QCoreApplication::translate("CommandLine",
                                     "With --launch: its port (default: a free one)."),
         QStringLiteral("port")},
        {QStringLiteral("keep-old"),
         QCoreApplication::translate("CommandLine",
                                     "Do not shut the old node down after its removal.")},
    });
  } else if (command == QLatin1String("maintenance")) {
    parser.addPositionalArgument(
        QStringLiteral("on|off"),
        QCoreApplication::translate("CommandLine", "Turn maintenance mode on or off."));
  }
}

}  // namespace

QStringList headlessCommandNames() {
  return {QStringLiteral("status"),      QStringLiteral("export"),
          QStringLiteral("switchover"),  QStringLiteral("drain"),
          QStringLiteral("remove"),      QStringLiteral("upgrade"),
          QStringLiteral("maintenance"), QStringLiteral("rolling-upgrade"),
          QStringLiteral("replace")};
}

CommandLine parseCommandLine(const QStringList& arguments) {
  const QString command = arguments.value(0);
  QCommandLineParser parser;
  parser.setApplicationDescription(describe(command));
  addOptions(parser, command);
  if (!headlessCommandNames().contains(command)) {
    return {std::nullopt, 2,
            QCoreApplication::translate(
                "CommandLine", "tandem-console: unknown command \"%1\"; the commands are: %2")
                .arg(command, headlessCommandNames().join(QStringLiteral(", ")))};
  }
  // Qt's parser takes the program name first.
  QStringList argv = arguments;
  argv[0] = QStringLiteral("tandem-console");
  if (!parser.parse(argv)) return usageError(parser, command, parser.errorText());
  if (parser.isSet(QStringLiteral("help"))) return {std::nullopt, 0, helpText(parser, command)};
  HeadlessCommand out;
  out.name = command;
  QString error;
  if (!readCommonOptions(parser, &out, &error) || !readCommandOptions(parser, &out, &error)) {
    return usageError(parser, command, error);
  }
  return {std::move(out), 0, {}};
}

}  // namespace tandem::console
