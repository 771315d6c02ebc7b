#include "base/stop_signals.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rpccli {
namespace {

TEST(StopSignals, ASignalRunsTheHandlerInsteadOfEndingTheProcess) {
  StopSignals stop_signals;
  std::mutex mutex;
  std::condition_variable called;
  bool handled = false;
  stop_signals.SetHandler([&] {
    std::lock_guard<std::mutex> lock(mutex);
    handled = true;
    called.notify_all();
  });
  ASSERT_EQ(kill(getpid(), SIGINT), 0);
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_TRUE(
      called.wait_for(lock, std::chrono::seconds(10), [&] { return handled; }));
  EXPECT_EQ(stop_signals.received(), SIGINT);
}

TEST(StopSignals, WithoutASignalNothingHappens) {
  StopSignals stop_signals;
  EXPECT_EQ(stop_signals.received(), 0);
}

}  // namespace
}  // namespace rpccli
