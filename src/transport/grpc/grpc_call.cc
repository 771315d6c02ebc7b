#include "transport/grpc/grpc_call.h"

#include "transport/grpc/grpc_call_runner.h"

namespace rpccli {
namespace {

// The plan of a single call: make it, then stop.
class SingleCall : public CallPlan {
 public:
  SingleCall(RequestStream* requests, ResponseSink* responses)
      : requests_(requests), responses_(responses) {}

  Next NextCall(int64_t id, PlannedCall* call,
                std::chrono::steady_clock::time_point*) override {
    if (id > 0) return Next::kDone;
    call->requests = requests_;
    call->responses = responses_;
    started_ = true;
    return Next::kCall;
  }
  void CallEnded(int64_t, CallOutcome* outcome) override {
    outcome_ = std::move(*outcome);
  }

  bool started_ = false;
  CallOutcome outcome_;

 private:
  RequestStream* requests_;
  ResponseSink* responses_;
};

}  // namespace

GrpcCall::GrpcCall(std::shared_ptr<grpc::Channel> channel, std::string wire_path,
           const Headers& headers,
           std::chrono::system_clock::time_point deadline, bool one_response)
    : GrpcCall(std::move(channel),
           CallSetup{std::move(wire_path), headers, deadline}, one_response) {}

GrpcCall::GrpcCall(std::shared_ptr<grpc::Channel> channel, CallSetup setup,
           bool one_response) {
  runner_ = std::make_unique<GrpcCallRunner>(
      std::vector<std::shared_ptr<grpc::Channel>>{std::move(channel)},
      std::move(setup), one_response, /*concurrency=*/1);
}

GrpcCall::~GrpcCall() = default;

CallOutcome GrpcCall::Run(RequestStream* requests, ResponseSink* responses) {
  SingleCall plan(requests, responses);
  runner_->Run(&plan);
  if (!plan.started_) {
    // Cancelled before it could start.
    plan.outcome_.end = CallOutcome::End::kCancelled;
    plan.outcome_.status = grpc::Status::CANCELLED;
  }
  return plan.outcome_;
}

void GrpcCall::Cancel() { runner_->Cancel(CallOutcome::End::kCancelled); }

}  // namespace rpccli
