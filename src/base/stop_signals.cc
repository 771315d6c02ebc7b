#include "base/stop_signals.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

namespace rpccli {
namespace {

// SIGINT and SIGTERM, but for one the parent set to be ignored (`trap ''
// INT`, a background job of a shell): a blocked signal is queued even
// when ignored, and would reach the signal fd.
sigset_t StopSet() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal_number : {SIGINT, SIGTERM}) {
    struct sigaction action;
    if (sigaction(signal_number, nullptr, &action) == 0 &&
        action.sa_handler == SIG_IGN) {
      continue;
    }
    sigaddset(&set, signal_number);
  }
  return set;
}

}  // namespace

StopSignals::StopSignals() {
  sigset_t set = StopSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // Blocked signals wait in the signal fd; the pipe wakes the watcher when
  // it is time to stop, so the destructor never has to wait.
  signal_fd_ = signalfd(-1, &set, SFD_CLOEXEC);
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
  watcher_ = std::thread(&StopSignals::Watch, this);
}

StopSignals::~StopSignals() {
  if (wake_pipe_[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t written = ::write(wake_pipe_[1], &byte, 1);
  }
  watcher_.join();
  for (int fd : {signal_fd_, wake_pipe_[0], wake_pipe_[1]}) {
    if (fd >= 0) ::close(fd);
  }
}

void StopSignals::SetHandler(std::function<void()> handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

void StopSignals::Watch() {
  if (signal_fd_ < 0 || wake_pipe_[0] < 0) return;
  for (;;) {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    signalfd_siginfo info;
    if (::read(signal_fd_, &info, sizeof info) != sizeof info) continue;
    int signal_number = static_cast<int>(info.ssi_signo);
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    // One signal sent twice at once (`timeout -s INT` signals the process
    // and its group, and so does a terminal's Ctrl-C to a pipeline) is one
    // request to stop, not the second that forces an exit.
    if (received_ != 0 && now - first_signal_at_ < kSameSignal) continue;
    if (!handler_ || received_ != 0) _exit(128 + signal_number);
    received_ = signal_number;
    first_signal_at_ = now;
    handler_();
  }
}

}  // namespace rpccli
