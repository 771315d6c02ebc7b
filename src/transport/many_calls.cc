#include "transport/many_calls.h"

#include <algorithm>

namespace rpccli {

CallRunnerBase::CallRunnerBase(int concurrency)
    : concurrency_(concurrency < 1 ? 1 : concurrency) {}

void CallRunnerBase::StartCalls() {
  while (!plan_done_ && CallsInFlight() < static_cast<size_t>(concurrency_)) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
    }
    PlannedCall planned;
    auto retry_at = std::chrono::steady_clock::time_point::max();
    switch (plan_->NextCall(next_id_, &planned, &retry_at)) {
      case CallPlan::Next::kCall:
        StartCall(next_id_++, planned);
        break;
      case CallPlan::Next::kLater:
        // A later time is asked for again when the earlier one comes.
        ask_again_at_ = std::min(ask_again_at_, retry_at);
        return;
      case CallPlan::Next::kDone:
        plan_done_ = true;
        return;
      case CallPlan::Next::kStop:
        plan_done_ = true;
        Cancel(CallOutcome::End::kCancelled);
        return;
    }
  }
}

}  // namespace rpccli
