#include "restart.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "log.h"

namespace tandem::node {
namespace {

constexpr std::string_view kAutoUpgrade = "--database.auto-upgrade";
constexpr std::string_view kDeletedSuffix = " (deleted)";

std::atomic<bool> restart_requested{false};
std::atomic<bool> restart_upgrade{false};

bool isTrueWord(std::string_view value) {
  return value == "true" || value == "yes" || value == "on" || value == "1";
}

std::vector<std::string> argumentsOf(char* const argv[]) {
  std::vector<std::string> args;
  for (int i = 0; argv[i] != nullptr; ++i) args.emplace_back(argv[i]);
  return args;
}

// Descriptors opened without O_CLOEXEC (sockets, locks) must not leak into the next run,
// which would then find its port or its directory lock taken.
void closeOnExec() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return;
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == own) continue;
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
  }
  ::closedir(dir);
}

std::string selfExecutable() {
  std::string link(4096, '\0');
  const ssize_t size = ::readlink("/proc/self/exe", link.data(), link.size() - 1);
  if (size <= 0) return "/proc/self/exe";
  link.resize(static_cast<std::size_t>(size));
  std::string path = restartExecutable(link);
  std::error_code ec;
  if (path != "/proc/self/exe" && !std::filesystem::exists(path, ec)) return "/proc/self/exe";
  return path;
}

// Returns only if exec failed.
int execWith(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::string executable = selfExecutable();
  closeOnExec();
  // The signal mask survives exec; the next run starts as a fresh process would (and a
  // SIGTERM that arrived meanwhile now stops it, as asked).
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(executable.c_str(), argv.data());
  Log::error("server", "cannot restart: exec failed",
             {{"executable", executable}, {"error", std::strerror(errno)}});
  return 1;
}

}  // namespace

void requestRestart(bool upgrade) {
  restart_upgrade.store(upgrade);
  restart_requested.store(true);
}

RestartRequest pendingRestart() { return {restart_requested.load(), restart_upgrade.load()}; }

void cancelRestart() {
  restart_requested.store(false);
  restart_upgrade.store(false);
}

std::vector<std::string> restartArguments(std::vector<std::string> args, bool upgrade) {
  std::vector<std::string> next;
  next.reserve(args.size() + 2);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (i > 0 && arg == kAutoUpgrade) {
      ++i;  // and its value
      continue;
    }
    if (i > 0 && arg.starts_with(kAutoUpgrade) && arg.size() > kAutoUpgrade.size() &&
        arg[kAutoUpgrade.size()] == '=') {
      continue;
    }
    next.push_back(std::move(args[i]));
  }
  if (upgrade) {
    next.emplace_back(kAutoUpgrade);
    next.emplace_back("true");
  }
  return next;
}

bool asksForUpgrade(const std::vector<std::string>& args) {
  bool upgrade = false;  // the last occurrence wins, as on the command line
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == kAutoUpgrade && i + 1 < args.size()) {
      upgrade = isTrueWord(args[i + 1]);
    } else if (arg.starts_with(kAutoUpgrade) && arg.size() > kAutoUpgrade.size() &&
               arg[kAutoUpgrade.size()] == '=') {
      upgrade = isTrueWord(arg.substr(kAutoUpgrade.size() + 1));
    }
  }
  return upgrade;
}

std::string restartExecutable(std::string_view self_exe_link) {
  if (self_exe_link.empty()) return "/proc/self/exe";
  if (self_exe_link.ends_with(kDeletedSuffix)) self_exe_link.remove_suffix(kDeletedSuffix.size());
  return std::string(self_exe_link);
}

int execRestartIfRequested(int exit_code, char* const argv[]) {
  std::vector<std::string> args = argumentsOf(argv);
  const RestartRequest request = pendingRestart();
  if (request.requested && exit_code == 0) {
    if (request.upgrade) {
      ::setenv(kRestartAfterUpgradeVariable, "1", 1);
    } else {
      ::unsetenv(kRestartAfterUpgradeVariable);
    }
    Log::info("server", "restarting in place", {{"upgrade", request.upgrade}});
    return execWith(restartArguments(std::move(args), request.upgrade));
  }
  const char* marker = std::getenv(kRestartAfterUpgradeVariable);
  if (marker == nullptr || std::string_view(marker) != "1" || !asksForUpgrade(args)) {
    return exit_code;
  }
  // This is the upgrade run of a restart: continue into a normal start if it passed.
  ::unsetenv(kRestartAfterUpgradeVariable);
  if (exit_code != 0) {
    Log::error("server", "the upgrade of a restart failed; the node stays stopped");
    return exit_code;
  }
  Log::info("server", "upgrade done, starting normally");
  return execWith(restartArguments(std::move(args), false));
}

}  // namespace tandem::node
