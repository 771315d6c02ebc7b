#include "show/bench_results.h"

#include <algorithm>
#include <cmath>

namespace rpccli {
namespace {

// One second's counts added to another's; `scratch` is a histogram to
// merge in, so that a run of many seconds allocates it once.
void AddSecond(const BenchSecond& from, BenchSecond* to,
               LatencyHistogram* scratch) {
  to->ok += from.ok;
  to->failed += from.failed;
  scratch->Clear();
  scratch->Add(to->latencies);
  scratch->Add(from.latencies);
  to->latencies = scratch->Counts();
}

// Seconds `shift` later than they were.
void AddSeconds(const std::vector<BenchSecond>& from, int64_t shift,
                std::vector<BenchSecond>* to, LatencyHistogram* scratch) {
  if (from.empty()) return;
  size_t needed = static_cast<size_t>(shift) + from.size();
  if (to->size() < needed) to->resize(needed);
  for (size_t i = 0; i < from.size(); ++i) {
    AddSecond(from[i], &(*to)[static_cast<size_t>(shift) + i], scratch);
  }
}

bool SameStages(const std::vector<BenchStage>& a,
                const std::vector<BenchStage>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].from_s != b[i].from_s) return false;
  }
  return true;
}

}  // namespace

void BenchResults::Add(double latency_seconds, const grpc::Status& status,
                       int64_t sent, int64_t received, double ended_s,
                       int stage) {
  latencies.Add(latency_seconds);
  int code = static_cast<int>(status.error_code());
  ++status_counts[code];
  auto second = static_cast<int64_t>(std::max(ended_s, 0.0));
  if (second > open_second_) CloseSecondsBefore(second);
  open_latencies_.Add(latency_seconds);
  BenchStage* in_stage =
      stage >= 0 && static_cast<size_t>(stage) < stages.size()
          ? &stages[static_cast<size_t>(stage)]
          : nullptr;
  if (in_stage != nullptr) in_stage->latencies.Add(latency_seconds);
  if (status.ok()) {
    ++ok;
    ++open_counts_.ok;
    if (in_stage != nullptr) ++in_stage->ok;
  } else {
    ++failed;
    ++open_counts_.failed;
    if (in_stage != nullptr) ++in_stage->failed;
    ++failed_so_far_;
    first_messages.emplace(code, status.error_message());
  }
  messages_sent += sent;
  messages_received += received;
  ++done_;
}

void BenchResults::CloseSecondsBefore(int64_t second) {
  open_counts_.latencies = open_latencies_.Counts();
  seconds.push_back(std::move(open_counts_));
  open_counts_ = BenchSecond();
  open_latencies_.Clear();
  // Seconds in which no call ended are in the series too, as zeros: a
  // stalled server shows as a gap, not as nothing.
  seconds.resize(static_cast<size_t>(second));
  open_second_ = second;
}

void BenchResults::Finish() {
  if (open_counts_.ok + open_counts_.failed == 0) return;
  CloseSecondsBefore(open_second_ + 1);
}

bool BenchResults::Merge(const BenchResults& other) {
  // Into nothing yet, the other run is taken as it is.
  bool first = start_unix_ms == 0 && requests() == 0 && seconds.empty();
  if (first) {
    start_unix_ms = other.start_unix_ms;
    wall_seconds = other.wall_seconds;
    stages = other.stages;
  }
  latencies.Add(other.latencies.Counts());
  for (const auto& [code, count] : other.status_counts) {
    status_counts[code] += count;
  }
  for (const auto& [code, message] : other.first_messages) {
    first_messages.emplace(code, message);
  }
  ok += other.ok;
  failed += other.failed;
  cancelled += other.cancelled;
  messages_sent += other.messages_sent;
  messages_received += other.messages_received;

  // The merged run lasts from the first start to the last end; each run's
  // seconds move by its start's distance from the first, to the second.
  int64_t start = std::min(start_unix_ms, other.start_unix_ms);
  double end = std::max(start_unix_ms + wall_seconds * 1000,
                        other.start_unix_ms + other.wall_seconds * 1000);
  auto shift_of = [start](int64_t run_start) {
    return static_cast<int64_t>(std::llround((run_start - start) / 1000.0));
  };
  std::vector<BenchSecond> merged;
  LatencyHistogram scratch;
  AddSeconds(seconds, shift_of(start_unix_ms), &merged, &scratch);
  AddSeconds(other.seconds, shift_of(other.start_unix_ms), &merged, &scratch);
  seconds = std::move(merged);
  start_unix_ms = start;
  wall_seconds = (end - static_cast<double>(start)) / 1000;

  if (first) return true;
  if (!SameStages(stages, other.stages)) {
    bool had_stages = !stages.empty() || !other.stages.empty();
    stages.clear();
    return !had_stages;
  }
  for (size_t i = 0; i < stages.size(); ++i) {
    BenchStage& stage = stages[i];
    // Runs side by side add up their loads.
    stage.rate += other.stages[i].rate;
    stage.concurrency += other.stages[i].concurrency;
    stage.to_s = std::max(stage.to_s, other.stages[i].to_s);
    stage.ok += other.stages[i].ok;
    stage.failed += other.stages[i].failed;
    stage.latencies.Add(other.stages[i].latencies.Counts());
  }
  return true;
}

int BenchResults::MostFrequentFailure() const {
  int worst = 0;
  int64_t most = 0;
  for (const auto& entry : status_counts) {
    if (entry.first != 0 && entry.second > most) {
      worst = entry.first;
      most = entry.second;
    }
  }
  return worst;
}

}  // namespace rpccli
