// The bench report as JSON, and back: every bucket's count is written so
// that `bench merge` gets the percentiles of all calls, not an average.
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/time_text.h"
#include "show/bench_report.h"
#include "show/bench_report_parts.h"

namespace rpccli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kHistogramBars = 10;

// Three decimals are enough for ms and keep the JSON short.
double Rounded(double value) { return std::round(value * 1000) / 1000; }

// The few figures of a part of the run (a second, a stage), for reading.
Json LatencySummaryMs(const LatencyHistogram& latencies) {
  return {{"mean", Rounded(latencies.mean() * 1000)},
          {"p50", Rounded(latencies.Percentile(0.5) * 1000)},
          {"p90", Rounded(latencies.Percentile(0.9) * 1000)},
          {"p99", Rounded(latencies.Percentile(0.99) * 1000)},
          {"max", Rounded(latencies.max() * 1000)}};
}

// Everything a histogram holds, unrounded, for merging.
Json CountsJson(const LatencyCounts& counts) {
  Json buckets = Json::array();
  for (const auto& [bucket, count] : counts.buckets) {
    buckets.push_back({bucket, count});
  }
  return {{"count", counts.count},
          {"sum_s", counts.sum},
          {"sum_squares_s2", counts.sum_of_squares},
          {"min_s", counts.min},
          {"max_s", counts.max},
          {"buckets", buckets}};
}

Json SecondJson(size_t index, const BenchSecond& second,
                LatencyHistogram* scratch) {
  scratch->Clear();
  scratch->Add(second.latencies);
  return {{"second", index},
          {"ok", second.ok},
          {"failed", second.failed},
          {"latency_ms", LatencySummaryMs(*scratch)},
          {"latency", CountsJson(second.latencies)}};
}

Json StageJson(const BenchStage& stage) {
  int64_t requests = stage.ok + stage.failed;
  Json json = {{"from_s", Rounded(stage.from_s)},
               {"to_s", Rounded(stage.to_s)}};
  if (stage.rate > 0) {
    json["target_rps"] = stage.rate;
  } else {
    json["concurrency"] = stage.concurrency;
  }
  json["requests"] = requests;
  json["ok"] = stage.ok;
  json["failed"] = stage.failed;
  json["rps"] = Rounded(PerSecond(requests, stage.to_s - stage.from_s));
  json["latency_ms"] = LatencySummaryMs(stage.latencies);
  json["latency"] = CountsJson(stage.latencies.Counts());
  return json;
}

// Reading: each step names the key at fault, from the top of the report.
class ReportReader {
 public:
  ReportReader(const std::string& name, std::string* err)
      : name_(name), err_(err) {}

  bool Fail(const std::string& key, const std::string& what) {
    *err_ = name_ + ": \"" + key + "\": " + what;
    return false;
  }

  const Json* Member(const Json& object, const std::string& key,
                     const std::string& path) {
    auto found = object.find(key);
    if (found == object.end()) {
      Fail(path, "missing");
      return nullptr;
    }
    return &*found;
  }

  template <typename T>
  bool Number(const Json& object, const std::string& key,
              const std::string& path, T* value) {
    const Json* member = Member(object, key, path);
    if (member == nullptr) return false;
    if (!member->is_number()) return Fail(path, "not a number");
    // Every figure of a report is 0 or more.
    if (member->get<double>() < 0) return Fail(path, "below 0");
    if constexpr (std::is_integral_v<T>) {
      // Bounds far past any run, so that sums of many reports cannot
      // overflow: 2^50 calls, a million in flight.
      constexpr int64_t kMost =
          sizeof(T) >= 8 ? int64_t{1} << 50 : int64_t{1000000};
      if (!member->is_number_integer() || member->get<double>() < 0 ||
          member->get<double>() > static_cast<double>(kMost)) {
        return Fail(path,
                    "not a whole number from 0 to " + std::to_string(kMost));
      }
    }
    *value = member->get<T>();
    return true;
  }

  // A key that may be missing (then `value` is left as it is), but that
  // must be of its type when present.
  template <typename T>
  bool Optional(const Json& object, const std::string& key,
                const std::string& path, T* value) {
    if (object.find(key) == object.end()) return true;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!object[key].is_string()) return Fail(path, "not a string");
      *value = object[key].template get<std::string>();
      return true;
    } else {
      return Number(object, key, path, value);
    }
  }

  bool Counts(const Json& json, const std::string& path,
              LatencyCounts* counts) {
    if (!json.is_object()) return Fail(path, "not an object");
    if (!Number(json, "count", path + ".count", &counts->count) ||
        !Number(json, "sum_s", path + ".sum_s", &counts->sum) ||
        !Number(json, "sum_squares_s2", path + ".sum_squares_s2",
                &counts->sum_of_squares) ||
        !Number(json, "min_s", path + ".min_s", &counts->min) ||
        !Number(json, "max_s", path + ".max_s", &counts->max)) {
      return false;
    }
    const Json* buckets = Member(json, "buckets", path + ".buckets");
    if (buckets == nullptr) return false;
    if (!buckets->is_array()) return Fail(path + ".buckets", "not an array");
    int previous = -1;
    int64_t total = 0;
    for (size_t i = 0; i < buckets->size(); ++i) {
      const Json& pair = (*buckets)[i];
      std::string at = path + ".buckets[" + std::to_string(i) + "]";
      if (!pair.is_array() || pair.size() != 2 ||
          !pair[0].is_number_unsigned() || !pair[1].is_number_unsigned()) {
        return Fail(at, "not a [bucket, count] pair of whole numbers");
      }
      auto bucket = pair[0].get<uint64_t>();
      auto count = pair[1].get<uint64_t>();
      if (static_cast<int64_t>(bucket) <= previous ||
          bucket >= static_cast<uint64_t>(LatencyHistogram::BucketCount()) ||
          count == 0 || count > (uint64_t{1} << 62)) {
        return Fail(at,
                    "bucket out of order, past the last (" +
                        std::to_string(LatencyHistogram::BucketCount() - 1) +
                        "), or empty");
      }
      previous = static_cast<int>(bucket);
      total += static_cast<int64_t>(count);
      counts->buckets.emplace_back(previous, static_cast<int64_t>(count));
    }
    if (total != counts->count) {
      return Fail(path, "its buckets hold " + std::to_string(total) +
                            " latencies, not its count " +
                            std::to_string(counts->count));
    }
    return true;
  }

  bool Histogram(const Json& json, const std::string& path,
                 LatencyHistogram* histogram) {
    LatencyCounts counts;
    if (!Counts(json, path, &counts)) return false;
    if (!histogram->Add(counts)) return Fail(path, "not a valid histogram");
    return true;
  }

 private:
  const std::string& name_;
  std::string* err_;
};

}  // namespace

std::string BenchReportJson(const BenchResults& results,
                            const BenchSettings& settings) {
  const LatencyHistogram& latencies = results.latencies;
  int64_t requests = results.requests();
  Json json;
  if (!settings.method.empty()) json["method"] = settings.method;
  json["start"] = Rfc3339Utc(results.start_unix_ms, 1000, 3);
  json["start_unix_ms"] = results.start_unix_ms;
  json["requests"] = requests;
  json["ok"] = results.ok;
  json["failed"] = results.failed;
  json["cancelled"] = results.cancelled;
  // Unrounded: a run of a few fast calls lasts less than a millisecond,
  // and bench merge reads the rate back from it.
  json["duration_s"] = results.wall_seconds;
  json["rps"] = Rounded(PerSecond(requests, results.wall_seconds));
  json["concurrency"] = settings.concurrency;
  json["connections"] = settings.connections;
  if (settings.rate > 0) json["target_rps"] = settings.rate;
  if (!settings.schedule.empty()) json["schedule"] = settings.schedule;
  Json latency;
  latency["min"] = Rounded(latencies.min() * 1000);
  latency["mean"] = Rounded(latencies.mean() * 1000);
  latency["stddev"] = Rounded(latencies.stddev() * 1000);
  for (const ReportPercentile& percentile : kReportPercentiles) {
    latency[percentile.key] =
        Rounded(latencies.Percentile(percentile.fraction) * 1000);
  }
  latency["max"] = Rounded(latencies.max() * 1000);
  json["latency_ms"] = latency;
  json["histogram"] = Json::array();
  for (const auto& bar : latencies.Bars(kHistogramBars)) {
    json["histogram"].push_back(
        {{"up_to_ms", Rounded(bar.up_to * 1000)}, {"count", bar.count}});
  }
  json["status_counts"] = Json::object();
  for (const auto& entry : results.status_counts) {
    json["status_counts"][StatusNameOf(entry.first)] = entry.second;
  }
  json["errors"] = Json::object();
  for (const auto& entry : results.first_messages) {
    json["errors"][StatusNameOf(entry.first)] = entry.second;
  }
  if (settings.streaming) {
    json["messages"] = {
        {"sent", results.messages_sent},
        {"received", results.messages_received},
        {"sent_per_s",
         Rounded(PerSecond(results.messages_sent, results.wall_seconds))},
        {"received_per_s",
         Rounded(PerSecond(results.messages_received, results.wall_seconds))}};
  }
  if (!results.verdicts.empty()) {
    json["thresholds"] = Json::array();
    for (const ThresholdVerdict& verdict : results.verdicts) {
      json["thresholds"].push_back({{"threshold", verdict.threshold},
                                    {"figure", verdict.figure},
                                    {"crossed", verdict.crossed}});
    }
  }
  if (!results.stages.empty()) {
    json["stages"] = Json::array();
    for (const BenchStage& stage : results.stages) {
      json["stages"].push_back(StageJson(stage));
    }
  }
  json["series"] = Json::array();
  LatencyHistogram scratch;
  for (size_t i = 0; i < results.seconds.size(); ++i) {
    json["series"].push_back(SecondJson(i, results.seconds[i], &scratch));
  }
  Json histogram = CountsJson(latencies.Counts());
  histogram["lowest_s"] = LatencyHistogram::kLowest;
  histogram["growth"] = LatencyHistogram::kGrowth;
  json["latency_histogram"] = histogram;
  // A status message from the server may hold bytes that are not UTF-8.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool ReadBenchReportJson(const std::string& text, const std::string& name,
                         BenchResults* results, BenchSettings* settings,
                         std::string* err) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    *err = name + ": not JSON: a report is what bench --report json writes";
    return false;
  }
  ReportReader read(name, err);
  auto histogram = json.find("latency_histogram");
  if (histogram == json.end()) {
    return read.Fail("latency_histogram",
                     "missing: not a report of rpccli bench --report json "
                     "(or of one older than bench merge)");
  }
  double lowest = 0;
  double growth = 0;
  if (!histogram->is_object() ||
      !read.Optional(*histogram, "lowest_s", "latency_histogram.lowest_s",
                     &lowest) ||
      !read.Optional(*histogram, "growth", "latency_histogram.growth",
                     &growth) ||
      lowest != LatencyHistogram::kLowest ||
      growth != LatencyHistogram::kGrowth) {
    return read.Fail("latency_histogram",
                     "its buckets are not this rpccli's (lowest_s 1e-06, "
                     "growth 1.02)");
  }
  if (!read.Histogram(*histogram, "latency_histogram", &results->latencies)) {
    return false;
  }
  if (!read.Number(json, "ok", "ok", &results->ok) ||
      !read.Number(json, "failed", "failed", &results->failed) ||
      !read.Number(json, "cancelled", "cancelled", &results->cancelled) ||
      !read.Number(json, "start_unix_ms", "start_unix_ms",
                   &results->start_unix_ms) ||
      !read.Number(json, "duration_s", "duration_s", &results->wall_seconds) ||
      !read.Number(json, "concurrency", "concurrency",
                   &settings->concurrency) ||
      !read.Number(json, "connections", "connections",
                   &settings->connections)) {
    return false;
  }
  if (results->ok + results->failed > 0 && results->wall_seconds <= 0) {
    return read.Fail("duration_s", "0, for a run that made calls");
  }
  if (results->wall_seconds > 1e8) {
    return read.Fail("duration_s", "more than 100000000 s");
  }
  if (results->start_unix_ms == 0) {
    return read.Fail("start_unix_ms", "0: the report does not say when it ran");
  }
  if (results->ok + results->failed != results->latencies.count()) {
    return read.Fail("latency_histogram",
                     "holds " + std::to_string(results->latencies.count()) +
                         " latencies for " +
                         std::to_string(results->ok + results->failed) +
                         " requests");
  }
  settings->rate = 0;
  if (!read.Optional(json, "target_rps", "target_rps", &settings->rate) ||
      !read.Optional(json, "method", "method", &settings->method) ||
      !read.Optional(json, "schedule", "schedule", &settings->schedule)) {
    return false;
  }

  const Json* statuses = read.Member(json, "status_counts", "status_counts");
  if (statuses == nullptr) return false;
  if (!statuses->is_object())
    return read.Fail("status_counts", "not an object");
  int64_t counted = 0;
  for (const auto& [status, count] : statuses->items()) {
    int code = 0;
    std::string path = "status_counts." + status;
    if (!StatusCodeFromName(status, &code)) {
      return read.Fail(path, "not a status code's name");
    }
    if (!read.Number(*statuses, status, path, &results->status_counts[code])) {
      return false;
    }
    counted += results->status_counts[code];
  }
  if (counted != results->ok + results->failed) {
    return read.Fail("status_counts",
                     "adds up to " + std::to_string(counted) + ", not " +
                         std::to_string(results->ok + results->failed));
  }
  auto errors = json.find("errors");
  if (errors != json.end() && errors->is_object()) {
    for (const auto& [status, message] : errors->items()) {
      int code = 0;
      if (StatusCodeFromName(status, &code) && message.is_string()) {
        results->first_messages[code] = message.get<std::string>();
      }
    }
  }
  auto messages = json.find("messages");
  settings->streaming = messages != json.end();
  if (settings->streaming) {
    if (!read.Number(*messages, "sent", "messages.sent",
                     &results->messages_sent) ||
        !read.Number(*messages, "received", "messages.received",
                     &results->messages_received)) {
      return false;
    }
  } else {
    results->messages_sent = results->messages_received =
        results->ok + results->failed;
  }

  const Json* series = read.Member(json, "series", "series");
  if (series == nullptr) return false;
  if (!series->is_array()) return read.Fail("series", "not an array");
  if (static_cast<double>(series->size()) > results->wall_seconds + 2) {
    return read.Fail("series", "has more seconds than the run lasted");
  }
  LatencyHistogram scratch;
  for (size_t i = 0; i < series->size(); ++i) {
    std::string path = "series[" + std::to_string(i) + "]";
    const Json& entry = (*series)[i];
    BenchSecond& second = results->seconds.emplace_back();
    const Json* latency = entry.is_object()
                              ? read.Member(entry, "latency", path + ".latency")
                              : nullptr;
    if (latency == nullptr ||
        !read.Number(entry, "ok", path + ".ok", &second.ok) ||
        !read.Number(entry, "failed", path + ".failed", &second.failed) ||
        !read.Counts(*latency, path + ".latency", &second.latencies)) {
      return entry.is_object() ? false : read.Fail(path, "not an object");
    }
    scratch.Clear();
    if (second.latencies.count != second.ok + second.failed ||
        !scratch.Add(second.latencies)) {
      return read.Fail(path + ".latency",
                       "not a valid histogram of the second's calls");
    }
  }
  // The seconds hold every call, in about as many seconds as the run took.
  int64_t in_seconds = 0;
  for (const BenchSecond& second : results->seconds) {
    in_seconds += second.ok + second.failed;
  }
  if (in_seconds != results->ok + results->failed) {
    return read.Fail("series",
                     "holds " + std::to_string(in_seconds) +
                         " calls, not the report's " +
                         std::to_string(results->ok + results->failed));
  }
  auto stages = json.find("stages");
  if (stages == json.end()) return true;
  if (!stages->is_array()) return read.Fail("stages", "not an array");
  // No more stages than a schedule has (LoadSchedule: 10000 steps).
  if (stages->size() > 10000) return read.Fail("stages", "more than 10000");
  int64_t in_stages = 0;
  for (size_t i = 0; i < stages->size(); ++i) {
    std::string path = "stages[" + std::to_string(i) + "]";
    const Json& entry = (*stages)[i];
    if (!entry.is_object()) return read.Fail(path, "not an object");
    BenchStage& stage = results->stages.emplace_back();
    if (!read.Optional(entry, "target_rps", path + ".target_rps",
                       &stage.rate) ||
        !read.Optional(entry, "concurrency", path + ".concurrency",
                       &stage.concurrency)) {
      return false;
    }
    const Json* latency = read.Member(entry, "latency", path + ".latency");
    if (latency == nullptr ||
        !read.Number(entry, "from_s", path + ".from_s", &stage.from_s) ||
        !read.Number(entry, "to_s", path + ".to_s", &stage.to_s) ||
        !read.Number(entry, "ok", path + ".ok", &stage.ok) ||
        !read.Number(entry, "failed", path + ".failed", &stage.failed) ||
        !read.Histogram(*latency, path + ".latency", &stage.latencies)) {
      return false;
    }
    in_stages += stage.ok + stage.failed;
  }
  if (in_stages != results->ok + results->failed) {
    return read.Fail("stages",
                     "hold " + std::to_string(in_stages) +
                         " calls, not the report's " +
                         std::to_string(results->ok + results->failed));
  }
  return true;
}

}  // namespace rpccli
