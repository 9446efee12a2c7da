// The headless commands' command lines: which command, where the cluster is, how to reach it
// and the command's own arguments, parsed and checked before anything is sent.
//
//   tandem-console status      --endpoint URL... [--json]
//   tandem-console export      --endpoint URL... --output FILE [--format json|csv|png]
//   tandem-console switchover  --endpoint URL... --to ID|ENDPOINT
//   tandem-console drain|remove|upgrade --endpoint URL... --server ID|ENDPOINT
//   tandem-console maintenance --endpoint URL... on|off
//   tandem-console rolling-upgrade --endpoint URL...
//   tandem-console replace     --endpoint URL... --server ID|ENDPOINT
//                              (--new URL | --launch --data-dir DIR [--port P]) [--keep-old]
// Every command also takes --timeout S (per request), --interval MS, --user NAME (password from
// TANDEM_PASSWORD), --jwt-file FILE, --lang CODE (read by main) and --help.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

#include "client/api_client.h"

namespace tandem::console {

struct HeadlessCommand {
  QString name;  // "status", "export", …
  QList<QUrl> endpoints;
  Credentials credentials;
  int timeout_ms = 3000;
  int interval_ms = 1000;
  bool json = false;       // status --json
  QString output;          // export --output
  QString format;          // export: "json", "csv" or "png" (from --format or the file suffix)
  QString node;            // switchover --to, drain/remove/upgrade --server
  bool on = false;         // maintenance on|off
  QUrl new_endpoint;       // replace --new
  bool launch = false;     // replace --launch
  QString data_directory;  // replace --data-dir
  quint16 port = 0;        // replace --port
  bool keep_old = false;   // replace --keep-old
};

struct CommandLine {
  std::optional<HeadlessCommand> command;  // set when the command should run
  int exit_code = 0;                       // otherwise: 0 after --help, 2 for a bad command line
  QString text;                            // otherwise: the help (stdout) or the error (stderr)
};

// The command names isHeadlessCommand() recognises.
QStringList headlessCommandNames();

// `arguments`: argv without the program name, the command first.
CommandLine parseCommandLine(const QStringList& arguments);

}  // namespace tandem::console
