#include "transport/grpc/grpc_call_runner.h"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "demo_fixtures.h"
#include "input/request_stream.h"

namespace rpccli {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class KeepLast : public ResponseSink {
 public:
  bool OnResponse(const std::string& bytes) override {
    last_ = bytes;
    ++count_;
    return true;
  }
  bool OnIdle() override { return true; }
  std::string last_;
  int count_ = 0;
};

std::string Countdown(int start, int interval_ms) {
  demo::CountdownRequest request;
  request.set_start(start);
  request.mutable_interval()->set_nanos(interval_ms * 1000000);
  return request.SerializeAsString();
}

// A plan from a function that decides each call; it keeps every call's
// requests, sink and outcome, and how many were in flight at most.
class TestPlan : public CallPlan {
 public:
  using Decide = std::function<Next(int64_t id, Clock::time_point* retry_at,
                                    std::string* request)>;
  explicit TestPlan(Decide decide) : decide_(std::move(decide)) {}

  Next NextCall(int64_t id, PlannedCall* call,
                Clock::time_point* retry_at) override {
    std::string request;
    Next next = decide_(id, retry_at, &request);
    if (next != Next::kCall) return next;
    auto& slot = slots_[id];
    slot.requests =
        std::make_unique<ListRequestStream>(std::vector<std::string>{request});
    slot.sink = std::make_unique<KeepLast>();
    slot.started = Clock::now();
    call->requests = slot.requests.get();
    call->responses = slot.sink.get();
    max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
    return Next::kCall;
  }
  void CallEnded(int64_t id, CallOutcome* outcome) override {
    --in_flight_;
    slots_[id].outcome = *outcome;
    ended_.push_back(id);
  }

  struct Slot {
    std::unique_ptr<ListRequestStream> requests;
    std::unique_ptr<KeepLast> sink;
    Clock::time_point started;
    CallOutcome outcome;
  };
  std::map<int64_t, Slot> slots_;
  std::vector<int64_t> ended_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;

 private:
  Decide decide_;
};

class CallRunnerTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(server_.target(), "");
    channel_ = grpc::CreateChannel(server_.target(),
                                   grpc::InsecureChannelCredentials());
  }

  CallSetup Setup(const char* path) {
    CallSetup setup;
    setup.wire_path = path;
    return setup;
  }

  InProcessDemo server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(CallRunnerTest, MakesEveryCallWithAtMostConcurrencyInFlight) {
  TestPlan plan([](int64_t id, Clock::time_point*, std::string* request) {
    if (id == 40) return CallPlan::Next::kDone;
    *request = Countdown(2, 10);
    return CallPlan::Next::kCall;
  });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Countdown"),
                    /*one_response=*/false, /*concurrency=*/4);
  runner.Run(&plan);
  ASSERT_EQ(plan.ended_.size(), 40u);
  EXPECT_EQ(std::set<int64_t>(plan.ended_.begin(), plan.ended_.end()).size(),
            40u);
  EXPECT_EQ(plan.max_in_flight_, 4);
  for (auto& entry : plan.slots_) {
    EXPECT_TRUE(entry.second.outcome.status.ok());
    EXPECT_EQ(entry.second.outcome.responses_received, 2);
    EXPECT_EQ(entry.second.sink->count_, 2);
  }
}

TEST_F(CallRunnerTest, AUnaryMethodCarriesBytesBothWays) {
  demo::Sample sample;
  sample.set_text("one each way");
  TestPlan plan([&](int64_t id, Clock::time_point*, std::string* request) {
    if (id == 3) return CallPlan::Next::kDone;
    *request = sample.SerializeAsString();
    return CallPlan::Next::kCall;
  });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Echo"),
                    /*one_response=*/true, 2);
  runner.Run(&plan);
  ASSERT_EQ(plan.slots_.size(), 3u);
  for (auto& entry : plan.slots_) {
    const CallOutcome& outcome = entry.second.outcome;
    EXPECT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    EXPECT_EQ(outcome.requests_sent, 1);
    EXPECT_EQ(outcome.responses_received, 1);
    EXPECT_EQ(entry.second.sink->last_, sample.SerializeAsString());
  }
}

TEST_F(CallRunnerTest, ALaterCallStartsWhenThePlanWakesTheRunner) {
  std::atomic<bool> ready{false};
  TestPlan plan([&](int64_t id, Clock::time_point*, std::string* request) {
    if (id == 1) return CallPlan::Next::kDone;
    if (!ready) return CallPlan::Next::kLater;
    *request = Countdown(1, 0);
    return CallPlan::Next::kCall;
  });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Countdown"), false, 1);
  std::thread waker([&] {
    std::this_thread::sleep_for(100ms);
    ready = true;
    runner.Wake();
  });
  runner.Run(&plan);
  waker.join();
  ASSERT_EQ(plan.ended_.size(), 1u);
  EXPECT_TRUE(plan.slots_[0].outcome.status.ok());
}

TEST_F(CallRunnerTest, ACallIsStartedNoSoonerThanThePlanAsks) {
  Clock::time_point begin = Clock::now();
  Clock::time_point due = begin + 200ms;
  TestPlan plan(
      [&](int64_t id, Clock::time_point* retry_at, std::string* request) {
        if (id == 1) return CallPlan::Next::kDone;
        if (Clock::now() < due) {
          *retry_at = due;
          return CallPlan::Next::kLater;
        }
        *request = Countdown(1, 0);
        return CallPlan::Next::kCall;
      });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Countdown"), false, 1);
  runner.Run(&plan);
  ASSERT_EQ(plan.ended_.size(), 1u);
  EXPECT_GE(plan.slots_[0].started, due);
}

TEST_F(CallRunnerTest, StopCancelsTheCallsInFlight) {
  Clock::time_point stop_at = Clock::now() + 100ms;
  TestPlan plan([&](int64_t id, Clock::time_point* retry_at,
                    std::string* request) {
    if (id < 2) {
      *request = Countdown(1, 900);  // 0.9 s each, longer than the test waits
      return CallPlan::Next::kCall;
    }
    if (Clock::now() < stop_at) {
      *retry_at = stop_at;
      return CallPlan::Next::kLater;
    }
    return CallPlan::Next::kStop;
  });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Countdown"), false, 3);
  Clock::time_point begin = Clock::now();
  runner.Run(&plan);
  EXPECT_LT(Clock::now() - begin, 800ms);
  ASSERT_EQ(plan.ended_.size(), 2u);
  for (auto& entry : plan.slots_) {
    EXPECT_EQ(entry.second.outcome.end, CallOutcome::End::kCancelled);
  }
}

TEST_F(CallRunnerTest, CancelWhileWaitingForThePlanEndsTheRun) {
  TestPlan plan([](int64_t, Clock::time_point*, std::string*) {
    return CallPlan::Next::kLater;  // forever, but for Cancel
  });
  GrpcCallRunner runner({channel_}, Setup("/demo.Demo/Countdown"), false, 1);
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    runner.Cancel(CallOutcome::End::kCancelled);
  });
  runner.Run(&plan);
  canceller.join();
  EXPECT_TRUE(plan.ended_.empty());
}

}  // namespace
}  // namespace rpccli
