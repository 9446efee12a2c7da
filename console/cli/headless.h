// Headless commands: `tandem-console status|export|switchover|drain|remove|upgrade|maintenance
// --endpoint URL [...]`. They run the same Operation objects and snapshot functions as the
// window, print progress to stdout (errors to stderr) and return the process exit code:
// 0 success, 1 the operation failed or the cluster could not be reached, 2 bad command line.
#pragma once

#include <QStringList>

namespace tandem::console {

// True when `arguments` (argv without the program name) start with a headless command.
bool isHeadlessCommand(const QStringList& arguments);

// Runs the command on the current QCoreApplication's event loop; the exit code.
int runHeadless(const QStringList& arguments);

}  // namespace tandem::console
