// rpccli bench: the same call many times, and a report of how the server
// held up. The requests are read once; each call replays them (a unary or
// server-streaming method takes them in turn, one per call).
#include <google/protobuf/dynamic_message.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "commands/bench_plan.h"
#include "commands/bench_reports.h"
#include "commands/call_setup.h"
#include "commands/call_templates.h"
#include "commands/commands.h"
#include "commands/load_schedule.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "input/input.h"
#include "schema/symbol.h"
#include "show/bench_call_csv.h"
#include "show/bench_report.h"
#include "transport/grpc/channel.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Clock = std::chrono::steady_clock;

// While calls run: the progress line on a terminal, and the end of
// --duration, which cancels the calls still in flight.
class BenchClock {
 public:
  BenchClock(CallRunner* runner, const BenchResults* results,
             Clock::time_point start, Clock::time_point end, const Io& io)
      : runner_(runner), results_(results), start_(start), end_(end), io_(io) {
    thread_ = std::thread(&BenchClock::Tick, this);
  }
  ~BenchClock() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      over_ = true;
    }
    changed_.notify_all();
    thread_.join();
    if (io_.err_is_terminal) *io_.err << "\r\033[K" << std::flush;
  }

 private:
  void Tick() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!over_) {
      Clock::time_point next = Clock::now() + std::chrono::milliseconds(250);
      if (end_ < next) next = end_;
      if (changed_.wait_until(lock, next, [this] { return over_; })) return;
      if (Clock::now() >= end_) {
        runner_->Cancel(CallOutcome::End::kCancelled);
        end_ = Clock::time_point::max();
      }
      if (io_.err_is_terminal) *io_.err << ProgressLine() << std::flush;
    }
  }

  std::string ProgressLine() const {
    int64_t done = results_->done();
    double seconds =
        std::chrono::duration<double>(Clock::now() - start_).count();
    char line[160];
    std::snprintf(line, sizeof line,
                  "\r\033[K%lld requests, %.0f/s, %lld failed",
                  static_cast<long long>(done),
                  seconds > 0 ? static_cast<double>(done) / seconds : 0.0,
                  static_cast<long long>(results_->failed_so_far()));
    return line;
  }

  CallRunner* runner_;
  const BenchResults* results_;
  Clock::time_point start_;
  Clock::time_point end_;
  const Io& io_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool over_ = false;
  std::thread thread_;
};

int64_t UnixMsNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs one phase to its end on a runner of its own, so that a Ctrl-C
// during the warm-up stops it without touching the next.
void RunPhase(const RunnerFactory& make_runner, BenchPlan* plan,
              double duration, BenchResults* results, StopSignals* stop_signals,
              const Io& io) {
  std::unique_ptr<CallRunner> runner = make_runner();
  stop_signals->SetHandler(
      [&runner] { runner->Cancel(CallOutcome::End::kCancelled); });
  Clock::time_point start = Clock::now();
  results->start_unix_ms = UnixMsNow();
  Clock::time_point end =
      duration > 0 ? start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(duration))
                   : Clock::time_point::max();
  plan->Begin(start, end);
  {
    BenchClock clock(runner.get(), results, start, end, io);
    runner->Run(plan);
  }
  results->wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  results->Finish();
  // A signal from now on is only noted: no further call starts, and the
  // report of what was done is still printed.
  stop_signals->SetHandler([] {});
}

// --start-at: the measured calls of runs on several machines start
// together. Late is an error: the runs would not line up.
bool WaitForStartTime(int64_t start_unix_ms, const StopSignals& stop_signals,
                      std::string* err) {
  int64_t late_ms = UnixMsNow() - start_unix_ms;
  if (late_ms > 0) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "--start-at: that time passed %.3f s ago, once connected "
                  "and warmed up; the runs would not start together",
                  static_cast<double>(late_ms) / 1000);
    *err = text;
    return false;
  }
  auto start = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(start_unix_ms));
  while (stop_signals.received() == 0 &&
         std::chrono::system_clock::now() < start) {
    std::this_thread::sleep_until(std::min(
        start,
        std::chrono::system_clock::now() + std::chrono::milliseconds(50)));
  }
  return true;
}

// The stages a report shows, as the schedule plans them for a run of
// `run_s` (or, with only -n, an open end cut once the run is over).
std::vector<BenchStage> PlannedStages(const LoadSchedule& schedule,
                                      bool of_rate, double run_s) {
  std::vector<BenchStage> stages;
  for (const LoadSchedule::Stage& planned : schedule.Stages(run_s)) {
    BenchStage& stage = stages.emplace_back();
    stage.from_s = planned.from_s;
    stage.to_s = planned.to_s;
    if (of_rate) {
      stage.rate = planned.value;
    } else {
      stage.concurrency = static_cast<int>(planned.value);
    }
  }
  return stages;
}

// Stages the run did not reach are dropped; the last ends with the run.
void CutStagesAt(double run_s, std::vector<BenchStage>* stages) {
  while (stages->size() > 1 && stages->back().from_s >= run_s) {
    stages->pop_back();
  }
  if (!stages->empty()) stages->back().to_s = run_s;
}

}  // namespace

int RunBench(const Options& options, const Io& io) {
  // First, before any thread exists: Ctrl-C must stop the run and still
  // print what was measured.
  StopSignals stop_signals;
  std::string err;
  const ManyCallsOptions& many = options.many;
  if (!CheckReportFiles(many.reports, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  MethodSchema schema;
  Options connecting = OnceForAllCalls(options);
  if (!OpenMethod(connecting, io, &schema, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  const pb::MethodDescriptor& method = *schema.method;
  Codec codec(schema.source.pool(), options.format);
  // A method that takes one request takes the messages in turn; none
  // means the empty message, as for call. Their placeholders are checked
  // now, not at call 10,000.
  bool one_per_call = !method.client_streaming();
  PlaceholderFiles placeholder_files;
  BenchMessages messages;
  ReflectionWatch reflection(schema.source);
  if (!messages.Load(options, io, codec, *method.input_type(), one_per_call,
                     &placeholder_files, &err)) {
    return End(io, Fail(io, kExitFailure, reflection.Blame(options, err)));
  }

  // Every gRPC connection is made before the clock starts, so that an
  // unreachable server is one clear error, not a report of failures.
  bool over_grpc = options.connection.protocol == Protocol::kGrpc;
  if (!over_grpc && many.connections > 1) {
    return End(io, Fail(io, kExitUsage,
                        "bench --connections works over gRPC only so far; "
                        "over HTTP/2 the calls share one connection"));
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  if (over_grpc) channels.push_back(schema.channel);
  for (int i = 1; over_grpc && i < many.connections; ++i) {
    std::shared_ptr<grpc::Channel> channel;
    if (!CreateChannel(connecting.connection, &channel, &err,
                       /*own_connection=*/true)) {
      return End(io, Fail(io, kExitFailure, err));
    }
    channels.push_back(channel);
  }
  for (const auto& channel : channels) {
    if (!WaitForConnection(channel.get(), connecting.connection, &err)) {
      return End(
          io, Fail(io, kExitFailure, options.connection.target + ": " + err));
    }
  }

  // The load: constant, or on a schedule (checked when the flags were read).
  LoadSchedule rate_schedule;
  LoadSchedule concurrency_schedule;
  BenchLoad load;
  load.rate = many.rate;
  std::string schedule_text;
  if (!many.rate_schedule.empty() &&
      rate_schedule.Parse(many.rate_schedule, /*whole=*/false, &err)) {
    load.rate_schedule = &rate_schedule;
    schedule_text = "--rps-schedule " + many.rate_schedule;
  }
  if (!many.concurrency_schedule.empty() &&
      concurrency_schedule.Parse(many.concurrency_schedule, /*whole=*/true,
                                 &err)) {
    load.concurrency_schedule = &concurrency_schedule;
    schedule_text = "--concurrency-schedule " + many.concurrency_schedule;
  }
  const LoadSchedule* schedule = load.rate_schedule != nullptr
                                     ? load.rate_schedule
                                     : load.concurrency_schedule;
  int concurrency = many.concurrency > 0 ? many.concurrency : 10;
  if (load.concurrency_schedule != nullptr) {
    concurrency = static_cast<int>(concurrency_schedule.Highest());
  }
  CallSetup setup = SetupCalls(options, schema);
  HeaderTemplates header_templates;
  if (!header_templates.TakeFrom(&setup, /*workers=*/true, &placeholder_files,
                                 &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  RunnerFactory make_runner;
  bool usage = false;
  if (!RunnersFor(options, schema, channels, setup, concurrency, &make_runner,
                  &err, &usage)) {
    return End(io, Fail(io, usage ? kExitUsage : kExitFailure, err));
  }
  int64_t calls = many.requests;
  double duration = many.duration_seconds;
  // A schedule with neither -n nor --duration lasts until it is over.
  if (calls == 0 && duration == 0) {
    if (schedule != nullptr) {
      duration = schedule->Length();
    } else {
      calls = 200;
    }
  }
  double max_time = options.connection.max_time_seconds;
  pb::DynamicMessageFactory factory(schema.source.pool());
  const pb::Message& response = *factory.GetPrototype(method.output_type());
  BenchRequests requests{&messages, one_per_call, &header_templates,
                         concurrency};

  // The warm-up holds the load the run starts with.
  if (many.warmup > 0 || many.warmup_seconds > 0) {
    BenchLoad warm;
    warm.rate = load.rate_schedule != nullptr ? rate_schedule.At(0) : many.rate;
    if (load.concurrency_schedule != nullptr) {
      warm.concurrency = static_cast<int>(concurrency_schedule.At(0));
    }
    BenchResults warmup;
    BenchPlan plan(requests, warm, many.warmup, max_time, response, &warmup);
    RunPhase(make_runner, &plan, many.warmup_seconds, &warmup, &stop_signals,
             io);
    if (!plan.error().empty()) {
      return End(io, Fail(io, kExitFailure, plan.error()));
    }
  }
  if (stop_signals.received() == 0 && many.start_at_unix_ms != 0 &&
      !WaitForStartTime(many.start_at_unix_ms, stop_signals, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }

  // A row per call as it ends, when a CSV report is asked for.
  std::unique_ptr<std::ofstream> csv_file;
  std::unique_ptr<BenchCallCsv> csv;
  std::string csv_path;
  for (const ReportOutput& report : many.reports) {
    if (report.format != ReportFormat::kCsv) continue;
    std::ostream* out = io.out;
    if (!report.path.empty()) {
      csv_path = report.path;
      csv_file = std::make_unique<std::ofstream>(csv_path, std::ios::binary);
      out = csv_file.get();
    }
    csv = std::make_unique<BenchCallCsv>(out);
  }

  BenchResults results;
  if (schedule != nullptr) {
    results.stages = PlannedStages(*schedule, load.rate_schedule != nullptr,
                                   duration > 0 ? duration : 1e9);
  }
  if (stop_signals.received() == 0) {
    BenchPlan plan(requests, load, calls, max_time, response, &results,
                   csv.get());
    RunPhase(make_runner, &plan, duration, &results, &stop_signals, io);
    if (!plan.error().empty()) {
      return End(io, Fail(io, kExitFailure, plan.error()));
    }
  }
  CutStagesAt(results.wall_seconds, &results.stages);
  // A CSV that could not be written is said after the other reports,
  // which are written still.
  std::string csv_err;
  if (csv_file != nullptr && !csv_file->flush()) {
    csv_err = csv_path + " (--report): cannot be written: " + strerror(errno);
  }

  BenchSettings settings{
      concurrency,
      many.connections,
      load.rate_schedule != nullptr ? rate_schedule.Highest() : many.rate,
      !one_per_call || method.server_streaming(),
      method.service()->full_name() + "/" + method.name(),
      schedule_text};
  std::string report_err;
  int code = FinishBenchReports(many, &results, settings, io, &report_err);
  if (!report_err.empty()) return End(io, Fail(io, code, report_err));
  if (!csv_err.empty()) return End(io, Fail(io, kExitFailure, csv_err));
  if (stop_signals.received() != 0) {
    return End(io, FailInterrupted(io, stop_signals,
                                   "the calls in flight were cancelled"));
  }
  // A report of no call is no measurement: a script reading exit 0 would
  // take it as a fast, error-free service.
  if (results.requests() == 0) {
    std::ostringstream what;
    what << "no call finished within --duration " << duration << " s";
    if (results.cancelled > 0) {
      what << " (" << results.cancelled << " cut short by its end)";
    }
    return End(io, Fail(io, kExitFailure, what.str() + ": nothing measured"));
  }
  return End(io, code);
}

}  // namespace rpccli
