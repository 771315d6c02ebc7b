#include "transport/grpc/grpc_call_runner.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace rpccli {
namespace {

using Clock = std::chrono::steady_clock;

// A short sleep ends 50-150 us after it was asked to here (timer slack,
// and waking an idle CPU of a virtual machine): the last stretch before a
// call is due is spent polling instead (calls started 87-106 us late at
// the median became 14-16 us at 100 calls a second). The stretch is at
// most a fifth of the wait, so that polling takes at most a fifth of a
// CPU (2% at 100 calls a second) from a server on the same machine.
constexpr auto kSpinBeforeDue = std::chrono::microseconds(200);
constexpr int kMostPolledPart = 5;  // 1/5 of a wait

gpr_timespec ToGpr(Clock::time_point at) {
  auto from_now = std::chrono::duration_cast<std::chrono::microseconds>(
      at - std::chrono::steady_clock::now());
  if (from_now.count() <= 0) return gpr_time_0(GPR_CLOCK_MONOTONIC);
  return gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC),
                      gpr_time_from_micros(from_now.count(), GPR_TIMESPAN));
}

}  // namespace

GrpcCallRunner::GrpcCallRunner(std::vector<std::shared_ptr<grpc::Channel>> channels,
                       CallSetup setup, bool one_response, int concurrency)
    : CallRunnerBase(concurrency),
      setup_(std::move(setup)),
      one_response_(one_response) {
  for (auto& channel : channels) {
    stubs_.push_back(std::make_unique<grpc::GenericStub>(std::move(channel)));
  }
}

GrpcCallRunner::~GrpcCallRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (wake_) wake_->Cancel();
  }
  queue_.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue_.Next(&tag, &ok)) {
  }
}

void GrpcCallRunner::Run(CallPlan* plan) {
  plan_ = plan;
  StartCalls();
  for (;;) {
    if (in_flight_.empty() && (plan_done_ || stopped_)) {
      // Over: a wake still pending is called off, and its completion
      // drained, before the plan may go.
      std::lock_guard<std::mutex> lock(mutex_);
      if (!wake_) break;
      wake_->Cancel();
    }
    void* tag = nullptr;
    bool ok = false;
    // Flush when nothing else is ready: one write to stdout per burst of
    // responses, and an interactive answer at once.
    if (queue_.AsyncNext(&tag, &ok, gpr_time_0(GPR_CLOCK_MONOTONIC)) !=
        grpc::CompletionQueue::GOT_EVENT) {
      for (auto& entry : in_flight_) entry.first->FlushIfPrinted();
      plan_->OnIdle();
      Waited waited = WaitForEvent(&tag, &ok);
      if (waited == Waited::kShutdown) break;
      if (waited == Waited::kTimer) {
        StartCalls();
        continue;
      }
    }
    auto* op = static_cast<CallOp*>(tag);
    if (op == &wake_op_) {
      std::lock_guard<std::mutex> lock(mutex_);
      wake_.reset();
    } else if (op->stream->Handle(op->kind, ok)) {
      EndCall(op->stream);
    }
    StartCalls();
  }
  plan_ = nullptr;
}

GrpcCallRunner::Waited GrpcCallRunner::WaitForEvent(void** tag, bool* ok) {
  using namespace std::chrono_literals;
  for (;;) {
    if (ask_again_at_ == Clock::time_point::max()) {
      return queue_.Next(tag, ok) ? Waited::kEvent : Waited::kShutdown;
    }
    Clock::time_point now = Clock::now();
    Clock::duration remaining = ask_again_at_ - now;
    if (remaining <= Clock::duration::zero()) {
      ask_again_at_ = Clock::time_point::max();
      return Waited::kTimer;
    }
    if (waiting_for_ != ask_again_at_) {
      waiting_for_ = ask_again_at_;
      waiting_since_ = now;
    }
    Clock::duration polled = std::min<Clock::duration>(
        kSpinBeforeDue, (waiting_for_ - waiting_since_) / kMostPolledPart);
    // gRPC's poller sleeps in whole milliseconds and wakes up to one late:
    // a call due on a schedule would start late and be timed from when it
    // was due. The last stretch is waited in short sleeps, then polled.
    gpr_timespec until = remaining > 2ms ? ToGpr(ask_again_at_ - 1500us)
                                         : gpr_time_0(GPR_CLOCK_MONOTONIC);
    switch (queue_.AsyncNext(tag, ok, until)) {
      case grpc::CompletionQueue::GOT_EVENT:
        return Waited::kEvent;
      case grpc::CompletionQueue::SHUTDOWN:
        return Waited::kShutdown;
      case grpc::CompletionQueue::TIMEOUT:
        if (remaining > 2ms) break;
        if (remaining > polled) {
          std::this_thread::sleep_for(
              std::min<Clock::duration>(remaining - polled, 50us));
        }
        break;
    }
  }
}

void GrpcCallRunner::EndCall(GrpcCallStream* stream) {
  InFlight ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = in_flight_.find(stream);
    ended = std::move(found->second);
    in_flight_.erase(found);
  }
  plan_->CallEnded(ended.id, &ended.stream->outcome());
}

void GrpcCallRunner::StartCall(int64_t id, const PlannedCall& planned) {
  CallSetup setup = setup_;
  setup.deadline = std::min(setup.deadline, planned.deadline);
  if (planned.more_headers != nullptr) {
    setup.headers.insert(setup.headers.end(), planned.more_headers->begin(),
                         planned.more_headers->end());
  }
  auto stream = std::make_unique<GrpcCallStream>(
      setup, one_response_, planned.requests, planned.responses);
  GrpcCallStream* started = stream.get();
  grpc::GenericStub* stub = stubs_[id % stubs_.size()].get();
  std::lock_guard<std::mutex> lock(mutex_);
  // Cancel may have come meanwhile: the call starts cancelled.
  if (stopped_) started->Cancel(stop_reason_);
  in_flight_[started] = InFlight{id, std::move(stream)};
  started->Start(stub, &queue_);
}

void GrpcCallRunner::Wake() {
  std::lock_guard<std::mutex> lock(mutex_);
  WakeLocked();
}

void GrpcCallRunner::WakeLocked() {
  if (wake_) return;  // one on the queue is enough
  wake_ = std::make_unique<grpc::Alarm>();
  wake_->Set(&queue_, gpr_time_0(GPR_CLOCK_MONOTONIC), &wake_op_);
}

void GrpcCallRunner::Cancel(CallOutcome::End why) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!stopped_) {
    stopped_ = true;
    stop_reason_ = why;
  }
  for (auto& entry : in_flight_) entry.first->Cancel(why);
  // The running thread may be waiting for nothing but the plan.
  WakeLocked();
}

}  // namespace rpccli
