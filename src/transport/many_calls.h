// Many calls of one method, whichever transport makes them: a plan says
// which calls to make and when, and hears how each ended; a runner (gRPC's
// GrpcCallRunner, or HttpCallRunner over Connect and gRPC-Web) makes them.
// What `call`, `call --batch` and `bench` all run on.
#ifndef RPCCLI_TRANSPORT_MANY_CALLS_H_
#define RPCCLI_TRANSPORT_MANY_CALLS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>

#include "transport/call_engine.h"

namespace rpccli {

/// One call a plan wants made.
struct PlannedCall {
  RequestStream* requests = nullptr;  // the plan's, until CallEnded
  ResponseSink* responses = nullptr;  // the plan's, until CallEnded
  /// Sent after the setup's headers; the plan's, until CallEnded.
  const Headers* more_headers = nullptr;
  /// The call must end by then.
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
};

class CallPlan {
 public:
  enum class Next {
    kCall,   // start `call` now
    kLater,  // none yet: ask again at `retry_at`, or after CallRunner::Wake
    kDone,   // start no further call; let those in flight end
    kStop,   // start no further call, and cancel those in flight
  };
  virtual ~CallPlan() = default;
  /// Asked whenever a call may start. `id` is the call's number in the
  /// order calls start, from 0.
  virtual Next NextCall(int64_t id, PlannedCall* call,
                        std::chrono::steady_clock::time_point* retry_at) = 0;
  /// Call `id` is over; the runner is done with its requests and sink.
  virtual void CallEnded(int64_t id, CallOutcome* outcome) = 0;
  /// No completion is waiting (and the sinks of the calls in flight have
  /// had their OnIdle): a good moment to flush what the plan prints.
  virtual void OnIdle() {}
};

/// What makes the calls a plan asks for: over gRPC (GrpcCallRunner) or over
/// Connect and gRPC-Web (HttpCallRunner, http_call.h).
class CallRunner {
 public:
  virtual ~CallRunner() = default;
  /// Makes the calls `plan` asks for until it is done and none is in
  /// flight.
  virtual void Run(CallPlan* plan) = 0;
  /// Makes the plan be asked again soon; safe from any thread.
  virtual void Wake() = 0;
  /// Cancels every call in flight and starts no further one; safe from any
  /// thread, at any time. Their outcomes say `why`.
  virtual void Cancel(CallOutcome::End why) = 0;
};

/// What GrpcCallRunner and HttpCallRunner share: asking the plan for calls
/// while there is room, and the stop that Cancel and the plan's kStop set.
class CallRunnerBase : public CallRunner {
 protected:
  explicit CallRunnerBase(int concurrency);

  /// Asks the plan for calls while fewer than `concurrency_` are in flight
  /// and no stop came; the time a kLater names goes to `ask_again_at_`.
  void StartCalls();
  virtual size_t CallsInFlight() const = 0;
  /// Starts call `id` as the plan planned it; it is in flight from then
  /// on, or has been reported to the plan as ended.
  virtual void StartCall(int64_t id, const PlannedCall& planned) = 0;

  const int concurrency_;
  // The running thread only.
  CallPlan* plan_ = nullptr;
  int64_t next_id_ = 0;
  bool plan_done_ = false;
  // When to ask the plan again; max(): no such time.
  std::chrono::steady_clock::time_point ask_again_at_ =
      std::chrono::steady_clock::time_point::max();

  // Shared with Wake and Cancel.
  std::mutex mutex_;
  bool stopped_ = false;  // cancelled, or the plan said kStop
  CallOutcome::End stop_reason_ = CallOutcome::End::kCancelled;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_MANY_CALLS_H_
