// Restart in place (POST /_admin/restart): after a clean shutdown the process re-executes the
// binary on disk with its original arguments, keeping its pid.
//
//   POST /_admin/restart {"upgrade":false}  -> shutdown -> exec argv
//   POST /_admin/restart {"upgrade":true}   -> shutdown -> exec argv + --database.auto-upgrade
//        true, with TANDEM_RESTART_AFTER_UPGRADE=1 in the environment -> the upgrade run
//        migrates the database and, seeing the marker, execs argv again (without the flag):
//        a normal start. A failed upgrade leaves the node stopped (exit 1), as ArangoDB does.
//
// The binary executed is the file /proc/self/exe names, so an upgrade that replaced the file
// runs the new binary. Descriptors other than stdin/stdout/stderr are closed by the exec.
//
// Thread-safety: requestRestart/pendingRestart/cancelRestart may be called from any thread
// (atomics); execRestartIfRequested only from main, once every other thread has stopped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tandem::node {

// The environment variable that tells an upgrade run to continue into a normal start.
inline constexpr const char* kRestartAfterUpgradeVariable = "TANDEM_RESTART_AFTER_UPGRADE";

struct RestartRequest {
  bool requested = false;
  bool upgrade = false;
};

// Records that the process should restart once it has shut down (the last call wins).
void requestRestart(bool upgrade);
RestartRequest pendingRestart();
void cancelRestart();

// Pure: the arguments (argv[0] first) of the next run. Any --database.auto-upgrade given
// before is dropped; `upgrade` appends "--database.auto-upgrade", "true".
std::vector<std::string> restartArguments(std::vector<std::string> args, bool upgrade);
// Pure: true if `args` ask for an upgrade run (--database.auto-upgrade [true], or =true).
bool asksForUpgrade(const std::vector<std::string>& args);
// Pure: the file to execute given readlink("/proc/self/exe"): the path itself, without the
// " (deleted)" the kernel appends when the file was replaced; "/proc/self/exe" if unknown.
std::string restartExecutable(std::string_view self_exe_link);

// Called by main as its last step with the exit code it would return: re-executes the
// process if a restart was requested (and exit_code is 0), or if this is the upgrade run of a
// restart and the upgrade passed. Returns only when it does not re-execute (or exec failed:
// then 1).
int execRestartIfRequested(int exit_code, char* const argv[]);

}  // namespace tandem::node
