#include "commands/bench_plan.h"

#include "base/status_code.h"
#include "commands/call_setup.h"

namespace rpccli {

namespace pb = google::protobuf;

bool CheckResponses::OnResponse(const std::string& bytes) {
  return std::unique_ptr<pb::Message>(prototype_.New())
      ->ParsePartialFromString(bytes);
}

BenchPlan::BenchPlan(BenchRequests requests, BenchLoad load, int64_t calls,
                     double max_time, const pb::Message& response,
                     BenchResults* results, BenchCallCsv* csv)
    : check_(response),
      requests_(requests),
      load_(load),
      calls_(calls),
      max_time_(max_time),
      results_(results),
      csv_(csv) {
  for (int64_t worker = requests_.workers - 1; worker >= 0; --worker) {
    free_workers_.push_back(worker);
  }
}

void BenchPlan::Begin(Clock::time_point start, Clock::time_point end) {
  start_ = start;
  end_ = end;
}

double BenchPlan::SecondsFromStart(Clock::time_point when) const {
  return std::chrono::duration<double>(when - start_).count();
}

BenchPlan::Clock::time_point BenchPlan::AtSeconds(double seconds) const {
  // Never, as LoadSchedule::NextChange says it: past what the clock holds.
  if (seconds > 1e9) return Clock::time_point::max();
  return start_ + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(seconds));
}

CallPlan::Next BenchPlan::NextCall(int64_t id, PlannedCall* call,
                                   Clock::time_point* retry_at) {
  if (calls_ > 0 && id >= calls_) return Next::kDone;
  Clock::time_point now = Clock::now();
  Clock::time_point due = now;
  bool open_loop = load_.rate > 0 || load_.rate_schedule != nullptr;
  if (open_loop) {
    // Call N is due when the schedule has called for N calls, whether or
    // not the server has kept up, and is timed from then.
    due = AtSeconds(load_.rate_schedule != nullptr
                        ? load_.rate_schedule->TimeOfCall(id)
                        : id / load_.rate);
  }
  if (due >= end_) {
    // On a schedule, the run is the whole --duration, calls or not: the
    // rate is counted over it, not over the calls that fell in it.
    if (open_loop && end_ != Clock::time_point::max() && now < end_) {
      *retry_at = end_;
      return Next::kLater;
    }
    return Next::kDone;
  }
  if (due > now) {
    *retry_at = due;
    return Next::kLater;
  }
  // A closed loop below the runner's concurrency: wait for a call to end
  // (the runner asks again then) or for the schedule to allow one more.
  double offset = SecondsFromStart(due);
  if (load_.concurrency_schedule != nullptr || load_.concurrency > 0) {
    double allowed = load_.concurrency_schedule != nullptr
                         ? load_.concurrency_schedule->At(offset)
                         : load_.concurrency;
    if (static_cast<double>(slots_.size()) >= allowed) {
      if (load_.concurrency_schedule != nullptr) {
        *retry_at = AtSeconds(load_.concurrency_schedule->NextChange(offset));
      } else {
        *retry_at = Clock::time_point::max();
      }
      return Next::kLater;
    }
  }
  const LoadSchedule* schedule = load_.rate_schedule != nullptr
                                     ? load_.rate_schedule
                                     : load_.concurrency_schedule;
  Slot slot;
  // The runner never has more than `workers` in flight, and each ended
  // call gives its worker back.
  int64_t worker = free_workers_.empty() ? 0 : free_workers_.back();
  if (!FillRequests(id, worker, &slot)) return Next::kStop;
  if (!free_workers_.empty()) free_workers_.pop_back();
  slot.worker = worker;
  slot.due = due;
  slot.stage = schedule != nullptr ? schedule->StageAt(offset) : -1;
  Slot& kept = slots_[id] = std::move(slot);
  call->requests = kept.requests.get();
  call->more_headers = kept.headers.empty() ? nullptr : &kept.headers;
  call->responses = &check_;
  call->deadline = DeadlineAfter(max_time_);
  return Next::kCall;
}

bool BenchPlan::FillRequests(int64_t id, int64_t worker, Slot* slot) {
  const BenchMessages& messages = *requests_.messages;
  CallValues values{id, worker, &random_};
  std::vector<std::string> requests;
  size_t first =
      requests_.one_per_call ? static_cast<size_t>(id) % messages.size() : 0;
  size_t count = requests_.one_per_call ? 1 : messages.size();
  for (size_t i = first; i < first + count; ++i) {
    if (!messages.Encode(i, values, &requests.emplace_back(), &error_)) {
      return false;
    }
  }
  slot->requests = std::make_unique<ListRequestStream>(std::move(requests));
  if (requests_.headers != nullptr && !requests_.headers->empty()) {
    requests_.headers->Fill(values, &slot->headers);
  }
  return true;
}

void BenchPlan::CallEnded(int64_t id, CallOutcome* outcome) {
  auto found = slots_.find(id);
  Slot slot = std::move(found->second);
  slots_.erase(found);
  free_workers_.push_back(slot.worker);
  // A call cut short by the end of --duration or by Ctrl-C says nothing
  // about the server.
  if (outcome->end == CallOutcome::End::kCancelled) {
    ++results_->cancelled;
    return;
  }
  grpc::Status status = outcome->status;
  if (outcome->end == CallOutcome::End::kSinkFailed) {
    status = grpc::Status(grpc::StatusCode::INTERNAL,
                          "a response is not a valid message of the "
                          "method's output type");
  }
  double latency =
      std::chrono::duration<double>(outcome->ended - slot.due).count();
  results_->Add(latency, status, outcome->requests_sent,
                outcome->responses_received, SecondsFromStart(outcome->ended),
                slot.stage);
  if (csv_ != nullptr) {
    auto due_us = static_cast<int64_t>(SecondsFromStart(slot.due) * 1e6);
    csv_->Row(id, results_->start_unix_ms * 1000 + due_us, latency,
              StatusCodeName(status.error_code()), status.error_message());
  }
}

}  // namespace rpccli
