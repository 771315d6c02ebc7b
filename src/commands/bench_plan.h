// The calls of one bench phase (the warm-up, or the measured run): how
// many, how fast, at which load when it changes, and what became of them.
#ifndef RPCCLI_COMMANDS_BENCH_PLAN_H_
#define RPCCLI_COMMANDS_BENCH_PLAN_H_

#include <google/protobuf/message.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "commands/call_templates.h"
#include "commands/load_schedule.h"
#include "input/request_stream.h"
#include "show/bench_call_csv.h"
#include "show/bench_results.h"
#include "transport/many_calls.h"

namespace rpccli {

/// Responses are counted, not printed; each must still be a message of the
/// method's output type. A server that answers OK with bytes that are not
/// one has not answered: that call is a failure.
class CheckResponses : public ResponseSink {
 public:
  explicit CheckResponses(const google::protobuf::Message& prototype)
      : prototype_(prototype) {}
  bool OnResponse(const std::string& bytes) override;
  bool OnIdle() override { return true; }

 private:
  const google::protobuf::Message& prototype_;
};

/// The load of a phase: a rate (an open loop) or calls in flight (a closed
/// loop), constant or on a schedule.
struct BenchLoad {
  double rate = 0;  // 0: a closed loop
  const LoadSchedule* rate_schedule = nullptr;
  int concurrency = 0;  // at most this many in flight; 0: the runner's
  const LoadSchedule* concurrency_schedule = nullptr;
};

/// What the phase's calls send.
struct BenchRequests {
  const BenchMessages* messages;
  bool one_per_call;  // each call takes the next message; else all of them
  const HeaderTemplates* headers;  // filled for each call, if any
  int workers;  // calls in flight at most: {{worker}} is below it
};

class BenchPlan : public CallPlan {
  using Clock = std::chrono::steady_clock;

 public:
  /// `calls`: how many (0: no limit); `csv`: where each call's row goes,
  /// if anywhere. A request whose placeholders do not encode stops the
  /// phase, and error() says why.
  BenchPlan(BenchRequests requests, BenchLoad load, int64_t calls,
            double max_time, const google::protobuf::Message& response,
            BenchResults* results, BenchCallCsv* csv = nullptr);

  /// Starts the clock; with a duration, calls stop being started at `end`.
  void Begin(Clock::time_point start, Clock::time_point end);

  Next NextCall(int64_t id, PlannedCall* call,
                Clock::time_point* retry_at) override;
  void CallEnded(int64_t id, CallOutcome* outcome) override;

  const std::string& error() const { return error_; }

 private:
  struct Slot {
    std::unique_ptr<ListRequestStream> requests;
    Headers headers;
    Clock::time_point due;
    int stage;
    int64_t worker;
  };

  bool FillRequests(int64_t id, int64_t worker, Slot* slot);

  double SecondsFromStart(Clock::time_point when) const;
  Clock::time_point AtSeconds(double seconds) const;

  CheckResponses check_;
  BenchRequests requests_;
  BenchLoad load_;
  int64_t calls_;  // 0: no limit
  double max_time_;
  BenchResults* results_;
  BenchCallCsv* csv_;
  Clock::time_point start_;
  Clock::time_point end_ = Clock::time_point::max();
  std::unordered_map<int64_t, Slot> slots_;
  std::vector<int64_t> free_workers_;  // a stack of those not in a call
  std::mt19937_64 random_{std::random_device{}()};
  std::string error_;
};

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_BENCH_PLAN_H_
