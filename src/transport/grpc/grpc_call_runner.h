// Many calls of one method at once over gRPC, over one or more channels,
// on one completion queue driven by the thread that runs them, as a plan
// (many_calls.h) asks. The runner knows nothing of JSON, schedules or
// reports.
#ifndef RPCCLI_TRANSPORT_GRPC_GRPC_CALL_RUNNER_H_
#define RPCCLI_TRANSPORT_GRPC_GRPC_CALL_RUNNER_H_

#include <grpcpp/alarm.h>
#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "transport/grpc/grpc_call_stream.h"
#include "transport/many_calls.h"

namespace rpccli {

class GrpcCallRunner : public CallRunnerBase {
 public:
  /// Calls `setup.wire_path` over `channels` (call N on channel N modulo
  /// their count), up to `concurrency` at once. `one_response`: the
  /// method returns one message (see GrpcCallStream).
  GrpcCallRunner(std::vector<std::shared_ptr<grpc::Channel>> channels,
             CallSetup setup, bool one_response, int concurrency);
  ~GrpcCallRunner() override;
  GrpcCallRunner(const GrpcCallRunner&) = delete;
  GrpcCallRunner& operator=(const GrpcCallRunner&) = delete;

  void Run(CallPlan* plan) override;
  void Wake() override;
  void Cancel(CallOutcome::End why) override;

 private:
  struct InFlight {
    int64_t id;
    std::unique_ptr<GrpcCallStream> stream;
  };
  enum class Waited { kEvent, kTimer, kShutdown };
  size_t CallsInFlight() const override { return in_flight_.size(); }
  void StartCall(int64_t id, const PlannedCall& planned) override;
  // Waits for the next completion, or until `ask_again_at_`.
  Waited WaitForEvent(void** tag, bool* ok);
  void EndCall(GrpcCallStream* stream);
  void WakeLocked();  // Wake, with `mutex_` held

  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  CallSetup setup_;
  bool one_response_;
  grpc::CompletionQueue queue_;

  // Shared with Wake and Cancel, under `mutex_`.
  std::unordered_map<GrpcCallStream*, InFlight> in_flight_;
  std::unique_ptr<grpc::Alarm> wake_;  // set: a wake is on the queue

  // The running thread only.
  CallOp wake_op_{nullptr, CallOp::kWake};  // the tag of the wake alarm
  // The time WaitForEvent last began waiting for, and when it began: the
  // stretch polled before it is a fraction of that wait.
  std::chrono::steady_clock::time_point waiting_for_;
  std::chrono::steady_clock::time_point waiting_since_;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_GRPC_CALL_RUNNER_H_
