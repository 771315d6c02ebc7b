// Ctrl-C and SIGTERM: delivered to one watcher thread instead of killing the
// process mid-call, so that a call in progress is cancelled cleanly and the
// server sees a cancelled stream.
#ifndef RPCCLI_BASE_STOP_SIGNALS_H_
#define RPCCLI_BASE_STOP_SIGNALS_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace rpccli {

class StopSignals {
 public:
  /// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread
  /// it starts afterwards: construct it before gRPC starts its threads.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// What a signal does, run on the watcher thread. With no handler, or on
  /// a second signal (one more than 0.2 s after the first: one sent twice
  /// at once counts once), the process exits at once with 128 + the
  /// signal.
  void SetHandler(std::function<void()> handler);

  /// The signal received, or 0.
  int received() const { return received_; }

 private:
  void Watch();

  std::mutex mutex_;
  std::function<void()> handler_;
  std::atomic<int> received_{0};
  static constexpr std::chrono::milliseconds kSameSignal{200};
  std::chrono::steady_clock::time_point first_signal_at_;
  int signal_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::thread watcher_;
};

}  // namespace rpccli

#endif  // RPCCLI_BASE_STOP_SIGNALS_H_
